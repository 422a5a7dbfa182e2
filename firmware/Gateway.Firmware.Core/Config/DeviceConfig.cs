using System;
using System.Diagnostics.CodeAnalysis;
using System.Text;
using Gateway.Firmware.Core.Alarms;
using Gateway.Firmware.Core.Readings;

namespace Gateway.Firmware.Core.Config
{
    /// <summary>
    /// A node's validated configuration, from the device.conf file (<see cref="DeviceConfigParser.TryParse"/>). Immutable:
    /// a down/config change (<see cref="TryApplyChanges(string, out DeviceConfig, out ConfigError[])"/>) yields a new
    /// instance and leaves this one as it was. The format and every key are described in docs/CONFIG.md.
    /// </summary>
    public sealed class DeviceConfig
    {
        /// <summary>Name of the configuration file in the node's file storage (I:\gateway\device.conf on the ESP32).</summary>
        public const string FileName = "device.conf";

        private readonly ConfigValues _values;

        internal DeviceConfig(ConfigValues values)
        {
            _values = values;
            string[] texts = values.Texts;
            double[] numbers = values.Numbers;
            DeviceId = texts[ConfigKeys.DeviceId];
            Tenant = texts[ConfigKeys.DeviceTenant];
            Kind = (DeviceKind)(int)numbers[ConfigKeys.DeviceKindKey];
            BoardId = texts[ConfigKeys.DeviceBoard];
            WifiSsid = texts[ConfigKeys.WifiSsid];
            WifiPassword = texts[ConfigKeys.WifiPassword];
            BrokerHost = texts[ConfigKeys.BrokerHost];
            BrokerPort = (int)numbers[ConfigKeys.BrokerPort];
            TlsCaFile = texts[ConfigKeys.TlsCaFile];
            TlsCertFile = texts[ConfigKeys.TlsCertFile];
            TlsKeyFile = texts[ConfigKeys.TlsKeyFile];
            NtpServer = texts[ConfigKeys.NtpServer];
            SamplePeriodMs = Milliseconds(numbers[ConfigKeys.SamplePeriod]);
            AlarmSamplePeriodMs = Milliseconds(numbers[ConfigKeys.SampleAlarmPeriod]);
            StuckCount = (int)numbers[ConfigKeys.SampleStuckCount];
            MaxPayloadBytes = (int)numbers[ConfigKeys.UplinkMaxPayload];
            InflightWindow = (int)numbers[ConfigKeys.UplinkInflight];
            ConfirmTimeoutMs = Milliseconds(numbers[ConfigKeys.UplinkConfirmTimeout]);
            BackoffMinimumMs = Milliseconds(numbers[ConfigKeys.UplinkBackoffMin]);
            BackoffMaximumMs = Milliseconds(numbers[ConfigKeys.UplinkBackoffMax]);
            StatusPeriodMs = Milliseconds(numbers[ConfigKeys.UplinkStatusPeriod]);
            UplinkFormat = (UplinkPayloadFormat)(int)numbers[ConfigKeys.UplinkFormat];
            DeepSleep = numbers[ConfigKeys.PowerDeepSleep] != 0;
            TopicPrefix = "gw/v1/" + Tenant + "/" + DeviceId + "/";
            Alarms = BuildAlarms(values);
        }

        /// <summary><c>device.id</c>: the device identity; equals the subject CN of its certificate.</summary>
        public string DeviceId { get; }

        /// <summary><c>device.tenant</c>: the tenant the device belongs to.</summary>
        public string Tenant { get; }

        /// <summary><c>device.kind</c>.</summary>
        public DeviceKind Kind { get; }

        /// <summary><c>device.board</c>: board profile id for the ESP32 shell; empty when not set.</summary>
        public string BoardId { get; }

        /// <summary><c>wifi.ssid</c>; empty when not set.</summary>
        public string WifiSsid { get; }

        /// <summary><c>wifi.password</c>; empty when not set. A secret: never log it (<see cref="ToText()"/> masks it).</summary>
        public string WifiPassword { get; }

        /// <summary><c>broker.host</c>: host name, IPv4 address or IPv6 literal of the MQTT broker.</summary>
        public string BrokerHost { get; }

        /// <summary><c>broker.port</c>: TCP port of MQTT over TLS (default 8883, the IANA port for secure MQTT).</summary>
        public int BrokerPort { get; }

        /// <summary><c>tls.ca_file</c>: file name of the fleet CA certificate.</summary>
        public string TlsCaFile { get; }

        /// <summary><c>tls.cert_file</c>: file name of the device certificate.</summary>
        public string TlsCertFile { get; }

        /// <summary><c>tls.key_file</c>: file name of the device private key.</summary>
        public string TlsKeyFile { get; }

        /// <summary><c>time.ntp_server</c>: SNTP server host.</summary>
        public string NtpServer { get; }

        /// <summary><c>sample.period_s</c> in ms: default sampling period of every sensor.</summary>
        public long SamplePeriodMs { get; }

        /// <summary><c>sample.alarm_period_s</c> in ms: period of a sensor while an alarm on one of its metrics is active.</summary>
        public long AlarmSamplePeriodMs { get; }

        /// <summary><c>sample.stuck_count</c>: identical analog values in a row that mark a sensor as stuck; 0 = check off.</summary>
        public int StuckCount { get; }

        /// <summary>Number of per-sensor period overrides (<c>sample.&lt;sensor&gt;.period_s</c>).</summary>
        public int SensorOverrideCount => _values.SensorCount;

        /// <summary>Sensor name of override <paramref name="index"/> (0 ≤ index &lt; <see cref="SensorOverrideCount"/>).</summary>
        public string SensorOverrideName(int index) => _values.SensorNames[CheckSensorIndex(index)];

        /// <summary>Period of override <paramref name="index"/>, ms.</summary>
        public long SensorOverridePeriodMs(int index) => _values.SensorPeriodsS[CheckSensorIndex(index)] * 1000;

        /// <summary>Sampling period of the named sensor in ms: its override, or <see cref="SamplePeriodMs"/>.</summary>
        public long SamplePeriodMsFor(string sensorName)
        {
            int index = _values.FindSensor(sensorName);
            return index < 0 ? SamplePeriodMs : _values.SensorPeriodsS[index] * 1000;
        }

        /// <summary>Alarm rules from the <c>alarm.*</c> keys.</summary>
        public AlarmSettings Alarms { get; }

        /// <summary><c>uplink.max_payload_bytes</c>: largest MQTT payload the node publishes.</summary>
        public int MaxPayloadBytes { get; }

        /// <summary><c>uplink.inflight</c>: publishes that may be waiting for their PUBACK at once.</summary>
        public int InflightWindow { get; }

        /// <summary><c>uplink.confirm_timeout_s</c> in ms: wait for the end-to-end confirmation before re-sending.</summary>
        public long ConfirmTimeoutMs { get; }

        /// <summary><c>uplink.backoff_min_s</c> in ms: first reconnect delay.</summary>
        public long BackoffMinimumMs { get; }

        /// <summary><c>uplink.backoff_max_s</c> in ms: longest reconnect delay.</summary>
        public long BackoffMaximumMs { get; }

        /// <summary><c>uplink.status_period_s</c> in ms: period of status messages.</summary>
        public long StatusPeriodMs { get; }

        /// <summary><c>uplink.format</c>.</summary>
        public UplinkPayloadFormat UplinkFormat { get; }

        /// <summary><c>power.deep_sleep</c>: sleep between samples.</summary>
        public bool DeepSleep { get; }

        /// <summary>"gw/v1/{tenant}/{device}/": prefix of every topic of this node (built once).</summary>
        public string TopicPrefix { get; }

        /// <summary>The canonical file with secrets masked (***): safe for logs, status and dumps.</summary>
        public string ToText() => ToText(false);

        /// <summary>
        /// The canonical file: every key with its effective value, in a fixed order, one section per block. With
        /// <paramref name="includeSecrets"/> false, secret values are written as *** (for dumps); the provisioning
        /// tool passes true to write the real file. Parsing the result gives an equal configuration.
        /// </summary>
        public string ToText(bool includeSecrets)
        {
            StringBuilder text = new StringBuilder(1024);
            text.Append("# Gateway device configuration. Format and keys: docs/CONFIG.md\n");
            string section = string.Empty;
            for (int i = 0; i < ConfigKeys.Count; i++)
            {
                string name = ConfigKeys.Keys[i].Name;
                string keySection = name.Substring(0, name.IndexOf('.'));
                if (keySection != section)
                {
                    text.Append('\n');
                    section = keySection;
                }
                string value = _values.Texts[i];
                if (!includeSecrets && ConfigKeys.IsSecret(name) && value.Length > 0)
                {
                    value = ConfigText.Mask;
                }
                AppendLine(text, name, value);
                if (i == ConfigKeys.SampleStuckCount)
                {
                    for (int s = 0; s < _values.SensorCount; s++)
                    {
                        AppendLine(text, ConfigKeys.SensorKey(_values.SensorNames[s]), ConfigText.FormatInteger(_values.SensorPeriodsS[s]));
                    }
                }
                if (i == ConfigKeys.AlarmMovingSpeed)
                {
                    AppendAlarms(text);
                }
            }
            return text.ToString();
        }

        /// <summary>Same as <see cref="ToText()"/>: masked.</summary>
        public override string ToString() => ToText(false);

        /// <summary>
        /// Applies a down/config message (key = value lines of runtime-changeable keys, plus an optional
        /// <c>id</c>). All or nothing: on any error <paramref name="updated"/> is this configuration, unchanged.
        /// </summary>
        public bool TryApplyChanges(string text, out DeviceConfig updated, out ConfigError[] errors)
        {
            string requestId;
            return TryApplyChanges(text, out updated, out errors, out requestId);
        }

        /// <summary>
        /// As <see cref="TryApplyChanges(string, out DeviceConfig, out ConfigError[])"/>, also returning the message's
        /// <c>id</c> (empty when absent or invalid) for the reply, also when the change is rejected.
        /// </summary>
        public bool TryApplyChanges(string text, out DeviceConfig updated, out ConfigError[] errors, out string requestId)
        {
            ConfigBuilder builder = new ConfigBuilder(_values.Clone(), true);
            builder.ParseText(text);
            builder.Validate();
            requestId = builder.RequestId;
            errors = builder.Errors();
            if (builder.ErrorCount > 0)
            {
                updated = this;
                return false;
            }
            updated = new DeviceConfig(builder.Values);
            return true;
        }

        /// <summary>Parses a configuration file; see <see cref="DeviceConfigParser.TryParse"/>.</summary>
        internal static bool TryCreate(string? text, [NotNullWhen(true)] out DeviceConfig? config, out ConfigError[] errors)
        {
            ConfigBuilder builder = new ConfigBuilder(ConfigValues.CreateDefaults(), false);
            builder.ParseText(text);
            builder.Validate();
            errors = builder.Errors();
            config = builder.ErrorCount == 0 ? new DeviceConfig(builder.Values) : null;
            return config != null;
        }

        private void AppendAlarms(StringBuilder text)
        {
            MetricId[] metrics = MetricCatalog.All;
            for (int m = 0; m < metrics.Length; m++)
            {
                MetricId metric = metrics[m];
                if (!ConfigKeys.IsAlarmable(metric))
                {
                    continue;
                }
                for (int field = 0; field < ConfigKeys.AlarmFieldCount; field++)
                {
                    double value = _values.AlarmValue(field, metric);
                    if (!double.IsNaN(value))
                    {
                        AppendLine(text, ConfigKeys.AlarmKey(metric, field), field == ConfigKeys.ExcursionS
                            ? ConfigText.FormatInteger((long)value)
                            : ConfigText.FormatNumber(value));
                    }
                    if (field == ConfigKeys.Hysteresis && double.IsNaN(value))
                    {
                        double high = _values.AlarmValue(ConfigKeys.High, metric);
                        double low = _values.AlarmValue(ConfigKeys.Low, metric);
                        if (!double.IsNaN(high) || !double.IsNaN(low))
                        {
                            text.Append("# ").Append(ConfigKeys.AlarmKey(metric, field)).Append(" not set: ")
                                .Append(ConfigText.FormatNumber(ConfigValues.DefaultHysteresis(metric, high, low)))
                                .Append(" is used\n");
                        }
                    }
                }
            }
        }

        private static AlarmSettings BuildAlarms(ConfigValues values)
        {
            MetricId[] metrics = MetricCatalog.All;
            int thresholdCount = 0;
            int excursionCount = 0;
            for (int m = 0; m < metrics.Length; m++)
            {
                if (HasThreshold(values, metrics[m]))
                {
                    thresholdCount++;
                }
                if (HasExcursion(values, metrics[m]))
                {
                    excursionCount++;
                }
            }
            ThresholdRule[] thresholds = new ThresholdRule[thresholdCount];
            ExcursionRule[] excursions = new ExcursionRule[excursionCount];
            thresholdCount = 0;
            excursionCount = 0;
            for (int m = 0; m < metrics.Length; m++)
            {
                MetricId metric = metrics[m];
                if (HasThreshold(values, metric))
                {
                    double high = values.AlarmValue(ConfigKeys.High, metric);
                    double low = values.AlarmValue(ConfigKeys.Low, metric);
                    double hysteresis = values.AlarmValue(ConfigKeys.Hysteresis, metric);
                    if (double.IsNaN(hysteresis))
                    {
                        hysteresis = ConfigValues.DefaultHysteresis(metric, high, low);
                    }
                    thresholds[thresholdCount++] = new ThresholdRule(metric, high, low, hysteresis);
                }
                if (HasExcursion(values, metric))
                {
                    excursions[excursionCount++] = new ExcursionRule(metric, values.AlarmValue(ConfigKeys.BandMin, metric),
                        values.AlarmValue(ConfigKeys.BandMax, metric), (long)values.AlarmValue(ConfigKeys.ExcursionS, metric) * 1000);
                }
            }
            return new AlarmSettings(thresholds, excursions, values.Numbers[ConfigKeys.AlarmShock],
                values.Numbers[ConfigKeys.AlarmDoorInTransit] != 0, values.Numbers[ConfigKeys.AlarmMovingSpeed]);
        }

        private static bool HasThreshold(ConfigValues values, MetricId metric) =>
            ConfigKeys.IsAlarmable(metric)
            && (!double.IsNaN(values.AlarmValue(ConfigKeys.High, metric)) || !double.IsNaN(values.AlarmValue(ConfigKeys.Low, metric)));

        private static bool HasExcursion(ConfigValues values, MetricId metric) =>
            ConfigKeys.IsAlarmable(metric) && !double.IsNaN(values.AlarmValue(ConfigKeys.ExcursionS, metric));

        private int CheckSensorIndex(int index)
        {
            if (index < 0 || index >= _values.SensorCount)
            {
                throw new ArgumentOutOfRangeException(nameof(index));
            }
            return index;
        }

        private static long Milliseconds(double seconds) => (long)seconds * 1000;

        private static void AppendLine(StringBuilder text, string key, string value)
        {
            text.Append(key);
            if (value.Length == 0)
            {
                text.Append(" =\n");
                return;
            }
            text.Append(" = ").Append(value).Append('\n');
        }
    }
}
