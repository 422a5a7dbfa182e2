using System.Text;
using Gateway.Firmware.Core.Alarms;
using Gateway.Firmware.Core.Codec;
using Gateway.Firmware.Core.Config;
using Gateway.Firmware.Core.Platform;
using Gateway.Firmware.Core.Readings;
using Gateway.Firmware.Core.Sampling;
using Gateway.Firmware.Core.Status;
using Gateway.Firmware.Core.Storage;
using Gateway.Firmware.Core.Uplink;

namespace Gateway.Firmware.Core.Node
{
    /// <summary>Lifecycle state of a node.</summary>
    public enum NodeState
    {
        /// <summary>Not ticked yet.</summary>
        Booting = 0,
        /// <summary>The configuration file is missing or invalid; the node re-reads it periodically.</summary>
        ConfigInvalid = 1,
        /// <summary>Configured and restored; waiting for wall-clock time (SNTP or GNSS) before sampling.</summary>
        AwaitingTime = 2,
        /// <summary>Sampling, buffering and sending.</summary>
        Running = 3,
        /// <summary>Asked the shell for deep sleep; the next boot starts over from storage.</summary>
        Sleeping = 4,
    }

    /// <summary>
    /// One Gateway sensor node: the whole device logic, driven by <see cref="Tick"/> and transport events on one
    /// thread, with every platform facility passed in through <see cref="NodePorts"/>.
    /// <para>boot → load config → restore buffer and sequence → (wait for time) → sample → evaluate alarms →
    /// buffer → connect/publish → optionally sleep.</para>
    /// </summary>
    public sealed class SensorNode : IDownlinkSink
    {
        /// <summary>How often an invalid or missing configuration file is read again, ms.</summary>
        public const long ConfigRetryMs = 30000;

        /// <summary>Shortest deep sleep worth taking, ms (Wi-Fi and TLS set-up cost seconds of radio time).</summary>
        public const long MinimumSleepMs = 20000;

        private const int StatusBufferBytes = 512;

        private readonly NodePorts _ports;
        private readonly string _firmwareVersion;
        private readonly uint _seed;
        private readonly Reading[] _events = new Reading[AlarmEvaluator.MaxEventsPerMeasurement];
        private readonly byte[] _statusBuffer = new byte[StatusBufferBytes];
        private readonly StatusReport _status = new StatusReport();
        private NodeState _state = NodeState.Booting;
        private DeviceConfig? _config;
        private ConfigError[] _configErrors = new ConfigError[0];
        private DurableBuffer? _buffer;
        private SamplingScheduler? _scheduler;
        private AlarmEvaluator? _alarms;
        private UplinkSession? _uplink;
        private StatusEncoder? _statusEncoder;
        private string _replyTopic = "";
        private string _statusTopic = "";
        private long _bootMs = -1;
        private long _retryConfigAtMs;
        private long _nextStatusAtMs;
        private bool _statusRequested;
        private bool _rebootRequested;
        private string _lastError = "";

        /// <summary>Creates a node; nothing happens until the first <see cref="Tick"/>.</summary>
        /// <param name="ports">Platform ports.</param>
        /// <param name="firmwareVersion">Reported in status.</param>
        /// <param name="seed">Seed of the node's randomness (reconnect jitter); per device, so a fleet spreads out.</param>
        public SensorNode(NodePorts ports, string firmwareVersion, uint seed)
        {
            _ports = ports;
            _firmwareVersion = firmwareVersion;
            _seed = seed;
        }

        /// <summary>Lifecycle state.</summary>
        public NodeState State => _state;

        /// <summary>The configuration in force (null before it was loaded).</summary>
        public DeviceConfig? Config => _config;

        /// <summary>Errors of the last configuration load that failed (empty otherwise). Secrets are never in them.</summary>
        public ConfigError[] ConfigErrors => _configErrors;

        /// <summary>The durable buffer (null before restore).</summary>
        public DurableBuffer? Buffer => _buffer;

        /// <summary>The uplink session (null before restore).</summary>
        public UplinkSession? Uplink => _uplink;

        /// <summary>The sampling scheduler (null before restore).</summary>
        public SamplingScheduler? Scheduler => _scheduler;

        /// <summary>The alarm evaluator (null before restore).</summary>
        public AlarmEvaluator? Alarms => _alarms;

        /// <summary>Measurements written to the buffer since boot.</summary>
        public long ReadingsSampled { get; private set; }

        /// <summary>Alarm events written to the buffer since boot.</summary>
        public long AlarmEvents { get; private set; }

        /// <summary>Downlink messages rejected (malformed ack, invalid command or config) since boot.</summary>
        public long DownlinksRejected { get; private set; }

        /// <summary>Status messages published since boot.</summary>
        public long StatusPublished { get; private set; }

        /// <summary>The last error met, for status and the shell's log (empty when none).</summary>
        public string LastError => _lastError;

        /// <summary>Advances the node to <paramref name="nowMs"/> (monotonic). Never blocks.</summary>
        public void Tick(long nowMs)
        {
            if (_bootMs < 0)
            {
                _bootMs = nowMs;
            }
            switch (_state)
            {
                case NodeState.Booting:
                    LoadConfig(nowMs);
                    break;
                case NodeState.ConfigInvalid:
                    if (nowMs >= _retryConfigAtMs)
                    {
                        LoadConfig(nowMs);
                    }
                    break;
                case NodeState.AwaitingTime:
                    long unused;
                    if (_ports.Clock.TryGetUnixTimeMs(out unused))
                    {
                        _state = NodeState.Running;
                        Run(nowMs);
                    }
                    else
                    {
                        if (!_ports.Link.IsUp)
                        {
                            _ports.Link.RequestConnect();
                        }
                        _ports.Indicator.Show(_ports.Link.IsUp ? IndicatorCode.NoTime : IndicatorCode.NoNetwork);
                    }
                    break;
                case NodeState.Running:
                    Run(nowMs);
                    break;
                default:
                    break;
            }
        }

        /// <summary>Handles <c>down/ack</c>, <c>down/cmd</c> and <c>down/config</c> (called by the uplink session).</summary>
        public void OnDownlink(string suffix, byte[] payload, int count)
        {
            if (suffix == "ack")
            {
                long confirmed;
                if (DownlinkParser.ParseAck(payload, 0, count, out confirmed) == AckParseResult.Ok)
                {
                    _uplink!.OnConfirmed(confirmed);
                }
                else
                {
                    Reject("malformed down/ack");
                }
                return;
            }
            if (suffix == "cmd")
            {
                HandleCommand(payload, count);
                return;
            }
            if (suffix == "config")
            {
                HandleConfigChange(payload, count);
                return;
            }
            Reject("unknown downlink topic down/" + suffix);
        }

        private void LoadConfig(long nowMs)
        {
            _ports.Indicator.Show(IndicatorCode.Booting);
            string? text = _ports.Files.ReadAllText(DeviceConfig.FileName);
            DeviceConfig? config;
            ConfigError[] errors;
            if (text == null)
            {
                _configErrors = new ConfigError[] { new ConfigError(0, "", DeviceConfig.FileName + " is missing: provision the device (gateway provision device)") };
                Fail(nowMs);
                return;
            }
            if (!DeviceConfigParser.TryParse(text, out config, out errors) || config == null)
            {
                _configErrors = errors;
                Fail(nowMs);
                return;
            }
            _configErrors = new ConfigError[0];
            _config = config;
            Restore(config);
            _state = NodeState.AwaitingTime;
            Tick(nowMs);
        }

        private void Fail(long nowMs)
        {
            _state = NodeState.ConfigInvalid;
            _lastError = _configErrors.Length > 0 ? _configErrors[0].Message : "invalid configuration";
            _retryConfigAtMs = nowMs + ConfigRetryMs;
            _ports.Indicator.Show(IndicatorCode.ConfigInvalid);
        }

        private void Restore(DeviceConfig config)
        {
            _buffer = new DurableBuffer(_ports.BufferStorage);
            _buffer.Restore();

            ISensor[] boardSensors = _ports.Sensors;
            ISensor[] sensors = new ISensor[boardSensors.Length + 1];
            for (int i = 0; i < boardSensors.Length; i++)
            {
                sensors[i] = boardSensors[i];
            }
            sensors[boardSensors.Length] = new LinkSignalSensor(_ports.Link);
            _scheduler = new SamplingScheduler(sensors, config.SamplePeriodMs, config.AlarmSamplePeriodMs, config.StuckCount);
            ApplySensorPeriods(config);
            _alarms = new AlarmEvaluator(config.Alarms);

            string baseName = config.DeviceId + "/";
            _statusEncoder = new StatusEncoder(baseName);
            _statusTopic = config.TopicPrefix + "up/status";
            _replyTopic = config.TopicPrefix + "up/reply";
            _uplink = new UplinkSession(_ports.Transport, _ports.Link, _buffer, CreateEncoder(config, baseName),
                CreateUplinkSettings(config), config.DeviceId, config.TopicPrefix, _seed);
            _uplink.SetDownlinkSink(this);
        }

        private void Run(long nowMs)
        {
            long wallMs;
            if (!_ports.Clock.TryGetUnixTimeMs(out wallMs))
            {
                // The clock was lost (should not happen once set); wait for it again rather than store wrong times.
                _state = NodeState.AwaitingTime;
                return;
            }
            SampleDueSensors(nowMs, wallMs);
            _uplink!.Tick(nowMs);
            if (_uplink.State == UplinkState.Connected && (_statusRequested || nowMs >= _nextStatusAtMs))
            {
                PublishStatus(nowMs, wallMs);
            }
            ShowIndicator();
            if (_rebootRequested)
            {
                _ports.Power.RequestReboot();
                _rebootRequested = false;
                return;
            }
            MaybeSleep(nowMs);
        }

        private void SampleDueSensors(long nowMs, long wallMs)
        {
            SamplingScheduler scheduler = _scheduler!;
            int index;
            while ((index = scheduler.NextDue(nowMs)) >= 0)
            {
                ISensor sensor = scheduler.Sensor(index);
                MetricId[] metrics = sensor.Metrics;
                if (scheduler.Read(index, nowMs, IsWatchingAny(metrics)) == 0)
                {
                    continue;
                }
                double[] values = scheduler.Values(index);
                for (int m = 0; m < metrics.Length; m++)
                {
                    if (double.IsNaN(values[m]))
                    {
                        continue;
                    }
                    Reading reading = new Reading();
                    reading.TimeUnixMs = wallMs;
                    reading.Metric = metrics[m];
                    reading.Kind = ReadingKind.Measurement;
                    reading.Value = values[m];
                    _buffer!.Append(ref reading);
                    ReadingsSampled++;
                    int events = _alarms!.Evaluate(ref reading, nowMs, _events, 0);
                    for (int e = 0; e < events; e++)
                    {
                        long sequence = _buffer.Append(ref _events[e]);
                        AlarmEvents++;
                        _uplink!.OnAlarmBuffered(sequence);
                    }
                }
                scheduler.SetWatching(index, IsWatchingAny(metrics));
            }
        }

        private bool IsWatchingAny(MetricId[] metrics)
        {
            for (int m = 0; m < metrics.Length; m++)
            {
                if (_alarms!.IsWatching(metrics[m]))
                {
                    return true;
                }
            }
            return false;
        }

        private void PublishStatus(long nowMs, long wallMs)
        {
            StatusReport s = _status;
            s.FirmwareVersion = _firmwareVersion;
            s.TimeUnixMs = wallMs;
            s.UptimeS = (nowMs - _bootMs) / 1000;
            s.ResetCause = _ports.Power.LastResetCause;
            s.FreeMemoryBytes = _ports.Health.FreeMemoryBytes;
            s.RssiDbm = _ports.Link.RssiDbm;
            s.BufferDepth = _buffer!.Depth;
            s.EvictedCount = _buffer.EvictedCount;
            s.ConfirmedThrough = _buffer.ConfirmedThrough;
            s.NextSequence = _buffer.NextSequence;
            s.ActiveAlarms = _alarms!.ActiveCount;
            s.ConnectFailures = _uplink!.ConnectFailures;
            s.SensorFaults = DescribeFaults();
            s.LastError = _lastError;
            int length = _statusEncoder!.Encode(s, _statusBuffer);
            if (length > 0 && _ports.Transport.PublishQos1(_statusTopic, _statusBuffer, 0, length) != 0)
            {
                StatusPublished++;
                _statusRequested = false;
                _nextStatusAtMs = nowMs + _config!.StatusPeriodMs;
            }
        }

        private string DescribeFaults()
        {
            SamplingScheduler scheduler = _scheduler!;
            if (scheduler.FaultyCount == 0)
            {
                return "";
            }
            StringBuilder text = new StringBuilder();
            for (int i = 0; i < scheduler.SensorCount; i++)
            {
                SensorError fault = scheduler.Fault(i);
                if (fault == SensorError.None)
                {
                    continue;
                }
                if (text.Length > 0)
                {
                    text.Append(',');
                }
                text.Append(scheduler.Sensor(i).Name);
                text.Append(':');
                text.Append(StatusReport.SensorErrorText(fault));
            }
            return text.ToString();
        }

        private void ShowIndicator()
        {
            UplinkSession uplink = _uplink!;
            IndicatorCode code;
            if (uplink.State == UplinkState.Connected)
            {
                code = uplink.NextToSend < _buffer!.NextSequence ? IndicatorCode.Buffering : IndicatorCode.Ok;
            }
            else if (!_ports.Link.IsUp || uplink.LastConnectFailure == ConnectFailure.NoNetwork)
            {
                code = IndicatorCode.NoNetwork;
            }
            else if (uplink.LastConnectFailure == ConnectFailure.TlsRefused)
            {
                code = IndicatorCode.TlsRefused;
            }
            else if (uplink.LastConnectFailure == ConnectFailure.BrokerUnreachable || uplink.LastConnectFailure == ConnectFailure.ConnectRefused)
            {
                code = IndicatorCode.BrokerUnreachable;
            }
            else
            {
                code = IndicatorCode.Buffering;
            }
            _ports.Indicator.Show(code);
        }

        private void MaybeSleep(long nowMs)
        {
            if (!_config!.DeepSleep || _statusRequested)
            {
                return;
            }
            UplinkSession uplink = _uplink!;
            // Sleep when everything is confirmed, or when the broker cannot be reached anyway (the buffer keeps the data).
            bool drained = _buffer!.Depth == 0 && uplink.InFlight == 0;
            bool offline = uplink.State == UplinkState.Waiting && uplink.ConnectFailures > 0;
            long sleepMs = _scheduler!.NextDueAtMs - nowMs;
            if ((drained || offline) && sleepMs >= MinimumSleepMs)
            {
                _state = NodeState.Sleeping;
                _ports.Transport.Disconnect();
                _ports.Power.RequestSleep(sleepMs);
            }
        }

        private void HandleCommand(byte[] payload, int count)
        {
            DownlinkCommand? command;
            ConfigError[] errors;
            if (!DownlinkParser.TryParseCommand(payload, 0, count, out command, out errors) || command == null)
            {
                Reply(CommandReply.Rejected(ReadRequestId(payload, count), errors));
                Reject("rejected down/cmd");
                return;
            }
            switch (command.Kind)
            {
                case CommandKind.Status:
                    _statusRequested = true;
                    break;
                case CommandKind.Reboot:
                    _rebootRequested = true;
                    break;
                case CommandKind.Resend:
                    _uplink!.ResendFrom(command.FromSequence);
                    break;
                default:
                    break;
            }
            Reply(CommandReply.Accepted(command.RequestId));
        }

        private void HandleConfigChange(byte[] payload, int count)
        {
            string? text;
            DeviceConfig updated;
            ConfigError[] errors;
            string requestId;
            if (!DownlinkParser.TryDecodeText(payload, 0, count, out text) || text == null)
            {
                Reply(CommandReply.Rejected("", new ConfigError[] { new ConfigError(0, "", "payload is not UTF-8 text of key = value lines") }));
                Reject("rejected down/config");
                return;
            }
            if (!_config!.TryApplyChanges(text, out updated, out errors, out requestId))
            {
                Reply(CommandReply.Rejected(requestId, errors));
                Reject("rejected down/config");
                return;
            }
            ApplyConfig(updated);
            // Persist so the change survives a reboot; the file keeps the secrets it had.
            _ports.Files.WriteAllText(DeviceConfig.FileName, updated.ToText(true));
            Reply(CommandReply.Accepted(requestId));
        }

        private void ApplyConfig(DeviceConfig config)
        {
            _config = config;
            _scheduler!.Configure(config.SamplePeriodMs, config.AlarmSamplePeriodMs, config.StuckCount);
            ApplySensorPeriods(config);
            _alarms!.UpdateSettings(config.Alarms);
            _uplink!.UpdateSettings(CreateUplinkSettings(config), CreateEncoder(config, config.DeviceId + "/"));
            _nextStatusAtMs = 0;
        }

        private void ApplySensorPeriods(DeviceConfig config)
        {
            for (int i = 0; i < config.SensorOverrideCount; i++)
            {
                if (!_scheduler!.SetPeriod(config.SensorOverrideName(i), config.SensorOverridePeriodMs(i)))
                {
                    _lastError = "config names sensor '" + config.SensorOverrideName(i) + "' that this board does not have";
                }
            }
        }

        private static UplinkSettings CreateUplinkSettings(DeviceConfig config) =>
            new UplinkSettings(config.MaxPayloadBytes, config.InflightWindow, config.ConfirmTimeoutMs,
                config.BackoffMinimumMs, config.BackoffMaximumMs);

        private static IPackEncoder CreateEncoder(DeviceConfig config, string baseName) =>
            config.UplinkFormat == UplinkPayloadFormat.Json ? (IPackEncoder)new SenmlJsonWriter(baseName) : new SenmlCborWriter(baseName);

        private static string ReadRequestId(byte[] payload, int count)
        {
            string? text;
            return DownlinkParser.TryDecodeText(payload, 0, count, out text) && text != null ? DownlinkParser.ReadRequestId(text) : "";
        }

        private void Reply(string text)
        {
            byte[] bytes = Encoding.UTF8.GetBytes(text);
            _ports.Transport.PublishQos1(_replyTopic, bytes, 0, bytes.Length);
        }

        private void Reject(string what)
        {
            DownlinksRejected++;
            _lastError = what;
        }
    }
}
