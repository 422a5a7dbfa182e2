using Gateway.Firmware.Core.Platform;
using Gateway.Firmware.Core.Readings;
using Gateway.Firmware.Core.Storage;

namespace Gateway.Firmware.Core.Uplink
{
    /// <summary>Connection state of the uplink.</summary>
    public enum UplinkState
    {
        /// <summary>Waiting for the reconnect delay to pass (or for the network).</summary>
        Waiting = 0,
        /// <summary>A connection attempt is under way.</summary>
        Connecting = 1,
        /// <summary>The MQTT session is up.</summary>
        Connected = 2,
    }

    /// <summary>Receives downlink messages that the uplink itself does not handle.</summary>
    public interface IDownlinkSink
    {
        /// <summary>A message arrived on <c>{prefix}down/{suffix}</c>. The payload is only valid during the call.</summary>
        void OnDownlink(string suffix, byte[] payload, int count);
    }

    /// <summary>
    /// Moves buffered readings to the broker and evicts them only on end-to-end confirmation.
    /// <para>
    /// Two cursors. The <em>sent</em> cursor (<see cref="SentThrough"/>) moves on the broker's PUBACK; it only means
    /// the broker has the message, and a broker may still drop it (stock Mosquitto drops QoS 1 messages beyond a slow
    /// subscriber's queue after acknowledging them). The <em>confirmed</em> cursor is the buffer's
    /// <see cref="DurableBuffer.ConfirmedThrough"/>: ingestion publishes on <c>down/ack</c> the highest contiguous
    /// sequence it has committed, and only then are records released for eviction. When confirmation does not advance
    /// within the confirm timeout, or after a reconnect, the session re-sends from the confirmed cursor; ingestion
    /// de-duplicates on (device, sequence).
    /// </para>
    /// <para>
    /// Alarms go first: an alarm record is published on <c>up/alarm</c> as soon as it is buffered, ahead of any
    /// backlog; the sequential stream later skips it unless a re-send rewinds past it.
    /// </para>
    /// All work happens in <see cref="Tick"/> and the transport callbacks, on one thread; nothing blocks or allocates
    /// in steady state.
    /// </summary>
    public sealed class UplinkSession : ITransportListener
    {
        private const int MaxReadingsPerPack = 64;
        private const int AlarmQueueCapacity = 32;

        /// <summary>
        /// A connection attempt that the transport has not answered after this long counts as failed, so a transport that
        /// never reports (a TCP connect into a black hole, a lost event) cannot keep the node offline for good.
        /// </summary>
        public const long ConnectTimeoutMs = 30000;

        private readonly IMqttTransport _transport;
        private readonly INetworkLink _link;
        private readonly DurableBuffer _buffer;
        private readonly string _clientId;
        private readonly string _telemetryTopic;
        private readonly string _alarmTopic;
        private readonly string _downFilter;
        private readonly string _downPrefix;
        private readonly string _ackTopic;
        private readonly string _commandTopic;
        private readonly string _configTopic;
        private readonly Reading[] _scratch = new Reading[MaxReadingsPerPack];
        private readonly long[] _alarmQueue = new long[AlarmQueueCapacity];
        private readonly long[] _sentAhead = new long[AlarmQueueCapacity];
        private IPackEncoder _encoder;
        private UplinkSettings _settings;
        private JitteredBackoff _backoff;
        private IDownlinkSink? _sink;
        private byte[] _payload;

        // In-flight publishes, a FIFO ring in publish order.
        private int[] _flightPacketId;
        private long[] _flightLastSequence;
        private bool[] _flightIsAlarm;
        private bool[] _flightAcked;
        private int _flightHead;
        private int _flightCount;

        private int _alarmCount;
        private int _sentAheadCount;
        private UplinkState _state;
        private long _retryAtMs;
        private long _connectStartedMs;
        private long _nextToSend;
        private long _sentThrough;
        private long _lastProgressMs;
        private long _nowMs;

        /// <summary>Creates a session; it connects on the first <see cref="Tick"/>.</summary>
        /// <param name="transport">MQTT transport; the session registers itself as its listener.</param>
        /// <param name="link">Network link, asked to come up when it is down.</param>
        /// <param name="buffer">The restored durable buffer.</param>
        /// <param name="encoder">Pack encoder (SenML CBOR or JSON).</param>
        /// <param name="settings">Payload size, window, timeouts.</param>
        /// <param name="clientId">MQTT client id (the device id; the broker checks it against the certificate).</param>
        /// <param name="topicPrefix">Topic prefix ending in '/', e.g. <c>gw/v1/hebei/env-0001/</c>.</param>
        /// <param name="jitterSeed">Seed of the reconnect jitter (per device, so a fleet spreads out).</param>
        public UplinkSession(IMqttTransport transport, INetworkLink link, DurableBuffer buffer, IPackEncoder encoder,
            UplinkSettings settings, string clientId, string topicPrefix, uint jitterSeed)
        {
            _transport = transport;
            _link = link;
            _buffer = buffer;
            _encoder = encoder;
            _settings = settings;
            _clientId = clientId;
            _telemetryTopic = topicPrefix + "up/telemetry";
            _alarmTopic = topicPrefix + "up/alarm";
            _downPrefix = topicPrefix + "down/";
            _downFilter = _downPrefix + "#";
            _ackTopic = _downPrefix + "ack";
            _commandTopic = _downPrefix + "cmd";
            _configTopic = _downPrefix + "config";
            _backoff = new JitteredBackoff(settings.BackoffMinimumMs, settings.BackoffMaximumMs, jitterSeed);
            _payload = new byte[settings.MaxPayloadBytes];
            _flightPacketId = new int[settings.InflightWindow];
            _flightLastSequence = new long[settings.InflightWindow];
            _flightIsAlarm = new bool[settings.InflightWindow];
            _flightAcked = new bool[settings.InflightWindow];
            _nextToSend = buffer.ConfirmedThrough + 1;
            _sentThrough = buffer.ConfirmedThrough;
            _state = UplinkState.Waiting;
            _retryAtMs = long.MinValue;
            transport.SetListener(this);
        }

        /// <summary>Connection state.</summary>
        public UplinkState State => _state;

        /// <summary>Highest sequence such that it and everything before it were acknowledged by the broker (PUBACK).</summary>
        public long SentThrough => _sentThrough;

        /// <summary>Next sequence the sequential stream will publish.</summary>
        public long NextToSend => _nextToSend;

        /// <summary>Publishes awaiting their PUBACK.</summary>
        public int InFlight => _flightCount;

        /// <summary>Packs published since boot (telemetry and alarm).</summary>
        public long PacksPublished { get; private set; }

        /// <summary>Readings published since boot, counting re-sends.</summary>
        public long ReadingsPublished { get; private set; }

        /// <summary>Times the session rewound to the confirmed cursor (confirm timeout, reconnect, re-send request).</summary>
        public long Rewinds { get; private set; }

        /// <summary>Connection attempts that failed since boot.</summary>
        public long ConnectFailures { get; private set; }

        /// <summary>Downlink acks ignored because they were stale, duplicate or beyond what was ever written.</summary>
        public long IgnoredAcks { get; private set; }

        /// <summary>Why the last connection attempt failed (0 when it succeeded).</summary>
        public ConnectFailure LastConnectFailure { get; private set; }

        /// <summary>Registers the receiver of <c>down/config</c>, <c>down/cmd</c> and other non-ack downlinks.</summary>
        public void SetDownlinkSink(IDownlinkSink sink) => _sink = sink;

        /// <summary>Applies new settings (downlink config change). The in-flight window and payload size take effect at the next rewind-safe point.</summary>
        public void UpdateSettings(UplinkSettings settings, IPackEncoder encoder)
        {
            _encoder = encoder;
            if (settings.MaxPayloadBytes != _payload.Length)
            {
                _payload = new byte[settings.MaxPayloadBytes];
            }
            if (settings.InflightWindow != _flightPacketId.Length)
            {
                _flightPacketId = new int[settings.InflightWindow];
                _flightLastSequence = new long[settings.InflightWindow];
                _flightIsAlarm = new bool[settings.InflightWindow];
                _flightAcked = new bool[settings.InflightWindow];
                Rewind();
            }
            if (settings.BackoffMinimumMs != _settings.BackoffMinimumMs || settings.BackoffMaximumMs != _settings.BackoffMaximumMs)
            {
                _backoff = new JitteredBackoff(settings.BackoffMinimumMs, settings.BackoffMaximumMs, (uint)_nextToSend ^ 0x5bd1e995u);
            }
            _settings = settings;
        }

        /// <summary>
        /// Tells the session that an alarm record was just buffered, so it is published ahead of the backlog.
        /// When too many alarms are pending, the oldest ones simply wait for the sequential stream.
        /// </summary>
        public void OnAlarmBuffered(long sequence)
        {
            if (_alarmCount < AlarmQueueCapacity)
            {
                _alarmQueue[_alarmCount++] = sequence;
            }
        }

        /// <summary>
        /// Ingestion confirmed everything up to <paramref name="sequence"/> (from <c>down/ack</c>). Stale and duplicate
        /// confirmations are ignored, as is one beyond the last sequence ever written (counted in <see cref="IgnoredAcks"/>).
        /// </summary>
        public void OnConfirmed(long sequence)
        {
            if (sequence <= _buffer.ConfirmedThrough || sequence >= _buffer.NextSequence)
            {
                IgnoredAcks++;
                return;
            }
            _buffer.Confirm(sequence);
            _lastProgressMs = _nowMs;
            if (_nextToSend <= sequence)
            {
                // Ingestion already has more than this session sent (e.g. sent before a reboot): skip ahead.
                _nextToSend = sequence + 1;
            }
            if (_sentThrough < sequence)
            {
                _sentThrough = sequence;
            }
        }

        /// <summary>Ingestion asks for a re-send from <paramref name="sequence"/> (a gap persisted on its side).</summary>
        public void ResendFrom(long sequence)
        {
            long from = sequence <= _buffer.ConfirmedThrough ? _buffer.ConfirmedThrough + 1 : sequence;
            if (from < _nextToSend)
            {
                _nextToSend = from;
                _sentAheadCount = 0;
                Rewinds++;
            }
        }

        /// <summary>Advances the session: connects, publishes what the window allows, re-sends on timeout.</summary>
        public void Tick(long nowMs)
        {
            _nowMs = nowMs;
            if (_state == UplinkState.Waiting)
            {
                if (nowMs < _retryAtMs)
                {
                    return;
                }
                if (!_link.IsUp)
                {
                    _link.RequestConnect();
                    LastConnectFailure = ConnectFailure.NoNetwork;
                    _retryAtMs = nowMs + _settings.BackoffMinimumMs;
                    return;
                }
                _state = UplinkState.Connecting;
                _connectStartedMs = nowMs;
                _transport.BeginConnect(_clientId);
                return;
            }
            if (_state == UplinkState.Connecting)
            {
                if (nowMs - _connectStartedMs > ConnectTimeoutMs)
                {
                    _transport.Disconnect();
                    OnConnectFailed(ConnectFailure.BrokerUnreachable);
                }
                return;
            }

            if (!HasOutstanding())
            {
                _lastProgressMs = nowMs;
            }
            else if (nowMs - _lastProgressMs > _settings.ConfirmTimeoutMs)
            {
                // Sent but never confirmed end to end: the broker or ingestion may have dropped it. Send again.
                Rewind();
                _lastProgressMs = nowMs;
            }

            PublishAlarms();
            while (_flightCount < _flightPacketId.Length && PublishNextTelemetryPack())
            {
            }
        }

        /// <inheritdoc/>
        public void OnConnected()
        {
            _state = UplinkState.Connected;
            _backoff.Reset();
            LastConnectFailure = 0;
            _transport.Subscribe(_downFilter);
            Rewind();
            _lastProgressMs = _nowMs;
        }

        /// <inheritdoc/>
        public void OnConnectFailed(ConnectFailure reason)
        {
            ConnectFailures++;
            LastConnectFailure = reason;
            ScheduleRetry();
        }

        /// <inheritdoc/>
        public void OnConnectionLost()
        {
            ScheduleRetry();
        }

        /// <inheritdoc/>
        public void OnPublishAcknowledged(int packetId)
        {
            for (int i = 0; i < _flightCount; i++)
            {
                int slot = (_flightHead + i) % _flightPacketId.Length;
                if (_flightPacketId[slot] == packetId && !_flightAcked[slot])
                {
                    _flightAcked[slot] = true;
                    break;
                }
            }
            // Acknowledgements may arrive out of order; the sent cursor only moves over a contiguous acked prefix.
            while (_flightCount > 0 && _flightAcked[_flightHead])
            {
                if (!_flightIsAlarm[_flightHead] && _flightLastSequence[_flightHead] > _sentThrough)
                {
                    _sentThrough = _flightLastSequence[_flightHead];
                }
                _flightHead = (_flightHead + 1) % _flightPacketId.Length;
                _flightCount--;
            }
        }

        /// <inheritdoc/>
        public void OnMessage(string topic, byte[] payload, int count)
        {
            if (_sink == null || !topic.StartsWith(_downPrefix))
            {
                return;
            }
            // Acks arrive with every commit: name the known suffixes without allocating a substring.
            string suffix = topic == _ackTopic ? "ack"
                : topic == _commandTopic ? "cmd"
                : topic == _configTopic ? "config"
                : topic.Substring(_downPrefix.Length);
            _sink.OnDownlink(suffix, payload, count);
        }

        private bool HasOutstanding() => _flightCount > 0 || (_nextToSend > _buffer.ConfirmedThrough + 1 && _buffer.Depth > 0);

        private void ScheduleRetry()
        {
            _state = UplinkState.Waiting;
            _retryAtMs = _nowMs + _backoff.NextDelayMs();
            _flightCount = 0;
        }

        private void Rewind()
        {
            if (_nextToSend > _buffer.ConfirmedThrough + 1 || _flightCount > 0)
            {
                Rewinds++;
            }
            _nextToSend = _buffer.ConfirmedThrough + 1;
            _sentThrough = _buffer.ConfirmedThrough;
            _flightCount = 0;
            _flightHead = 0;
            _sentAheadCount = 0;
        }

        private void PublishAlarms()
        {
            while (_alarmCount > 0 && _flightCount < _flightPacketId.Length)
            {
                int count = 0;
                int kept = 0;
                for (int i = 0; i < _alarmCount; i++)
                {
                    long sequence = _alarmQueue[i];
                    // Already covered by the sequential stream, confirmed, or evicted: nothing to send ahead.
                    if (sequence < _nextToSend || !_buffer.TryRead(sequence, ref _scratch[count]))
                    {
                        continue;
                    }
                    _alarmQueue[kept++] = sequence;
                    count++;
                }
                _alarmCount = kept;
                if (count == 0)
                {
                    return;
                }
                int length;
                int encoded = _encoder.EncodePrefix(_scratch, 0, count, _buffer.OldestUnconfirmedSequence, _payload, _payload.Length, out length);
                if (encoded == 0)
                {
                    return;
                }
                int packetId = _transport.PublishQos1(_alarmTopic, _payload, 0, length);
                if (packetId == 0)
                {
                    return;
                }
                AddInFlight(packetId, 0, true);
                PacksPublished++;
                ReadingsPublished += encoded;
                for (int i = 0; i < encoded; i++)
                {
                    RememberSentAhead(_scratch[i].Sequence);
                    RemoveFromAlarmQueue(_scratch[i].Sequence);
                }
            }
        }

        private bool PublishNextTelemetryPack()
        {
            int read = _buffer.ReadFrom(_nextToSend, _scratch, 0, MaxReadingsPerPack);
            if (read == 0)
            {
                return false;
            }
            // Leave out alarms already published ahead in this epoch.
            int count = 0;
            long lastInBatch = 0;
            for (int i = 0; i < read; i++)
            {
                lastInBatch = _scratch[i].Sequence;
                if (!WasSentAhead(_scratch[i].Sequence))
                {
                    _scratch[count++] = _scratch[i];
                }
            }
            if (count == 0)
            {
                _nextToSend = lastInBatch + 1;
                ForgetSentAheadBelow(_nextToSend);
                return true;
            }
            int length;
            int encoded = _encoder.EncodePrefix(_scratch, 0, count, _buffer.OldestUnconfirmedSequence, _payload, _payload.Length, out length);
            if (encoded == 0)
            {
                // A single reading larger than the payload limit cannot happen with the catalog's metrics; stop rather than spin.
                return false;
            }
            int packetId = _transport.PublishQos1(_telemetryTopic, _payload, 0, length);
            if (packetId == 0)
            {
                return false;
            }
            long last = _scratch[encoded - 1].Sequence;
            AddInFlight(packetId, last, false);
            PacksPublished++;
            ReadingsPublished += encoded;
            _nextToSend = last + 1;
            ForgetSentAheadBelow(_nextToSend);
            return true;
        }

        private void AddInFlight(int packetId, long lastSequence, bool isAlarm)
        {
            int slot = (_flightHead + _flightCount) % _flightPacketId.Length;
            _flightPacketId[slot] = packetId;
            _flightLastSequence[slot] = lastSequence;
            _flightIsAlarm[slot] = isAlarm;
            _flightAcked[slot] = false;
            _flightCount++;
        }

        private void RememberSentAhead(long sequence)
        {
            if (_sentAheadCount < _sentAhead.Length)
            {
                _sentAhead[_sentAheadCount++] = sequence;
            }
        }

        private bool WasSentAhead(long sequence)
        {
            for (int i = 0; i < _sentAheadCount; i++)
            {
                if (_sentAhead[i] == sequence)
                {
                    return true;
                }
            }
            return false;
        }

        private void ForgetSentAheadBelow(long sequence)
        {
            int kept = 0;
            for (int i = 0; i < _sentAheadCount; i++)
            {
                if (_sentAhead[i] >= sequence)
                {
                    _sentAhead[kept++] = _sentAhead[i];
                }
            }
            _sentAheadCount = kept;
        }

        private void RemoveFromAlarmQueue(long sequence)
        {
            for (int i = 0; i < _alarmCount; i++)
            {
                if (_alarmQueue[i] == sequence)
                {
                    _alarmQueue[i] = _alarmQueue[_alarmCount - 1];
                    _alarmCount--;
                    return;
                }
            }
        }
    }
}
