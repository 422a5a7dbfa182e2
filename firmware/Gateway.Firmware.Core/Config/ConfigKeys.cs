using Gateway.Firmware.Core.Readings;

namespace Gateway.Firmware.Core.Config
{
    /// <summary>What a fixed key's value must look like.</summary>
    internal enum ValueKind : byte
    {
        /// <summary>Device or tenant identifier: [a-z0-9][a-z0-9-_]{0,62}.</summary>
        Identifier = 0,
        /// <summary>Board profile id: empty or [a-z0-9-_]{1,64}.</summary>
        BoardId = 1,
        /// <summary>Wi-Fi network name: empty or 1..32 UTF-8 bytes, no control characters.</summary>
        Ssid = 2,
        /// <summary>WPA2 passphrase: empty or 8..63 printable ASCII characters. Secret.</summary>
        Password = 3,
        /// <summary>Host name, IPv4 address or IPv6 literal, 1..253 characters.</summary>
        Host = 4,
        /// <summary>File name on the device's configuration folder: [A-Za-z0-9._-]{1,64}, not starting with '.'.</summary>
        FileName = 5,
        /// <summary>Whole number in [Minimum, Maximum].</summary>
        Integer = 6,
        /// <summary>Decimal number in [Minimum, Maximum].</summary>
        Number = 7,
        /// <summary>One of <see cref="KeySpec.Choices"/>; stored as the index.</summary>
        Choice = 8,
        /// <summary>on | off; stored as 1 | 0.</summary>
        OnOff = 9,
        /// <summary>0 (off) or a whole number in [Minimum, Maximum].</summary>
        ZeroOrInteger = 10,
    }

    /// <summary>One fixed key of the device configuration.</summary>
    internal sealed class KeySpec
    {
        internal KeySpec(string name, ValueKind kind, double minimum, double maximum, string unit, string defaultText,
            bool required, bool runtime, string description)
        {
            Name = name;
            Kind = kind;
            Minimum = minimum;
            Maximum = maximum;
            Unit = unit;
            DefaultText = defaultText;
            Required = required;
            Runtime = runtime;
            Description = description;
            Choices = new string[0];
        }

        /// <summary>Dotted lower-case key.</summary>
        internal readonly string Name;

        /// <summary>Value syntax.</summary>
        internal readonly ValueKind Kind;

        /// <summary>Smallest number accepted (numeric kinds).</summary>
        internal readonly double Minimum;

        /// <summary>Largest number accepted (numeric kinds).</summary>
        internal readonly double Maximum;

        /// <summary>Unit named in errors, e.g. "seconds".</summary>
        internal readonly string Unit;

        /// <summary>Default value as written in the file; empty for required keys.</summary>
        internal readonly string DefaultText;

        /// <summary>The file must set it.</summary>
        internal readonly bool Required;

        /// <summary>A down/config message may change it.</summary>
        internal readonly bool Runtime;

        /// <summary>What the key is for (missing-key errors).</summary>
        internal readonly string Description;

        /// <summary>Accepted words of a <see cref="ValueKind.Choice"/> key.</summary>
        internal string[] Choices;

        /// <summary>A number key that also accepts "off" (stored as NaN).</summary>
        internal bool AllowOff;
    }

    /// <summary>
    /// The table of fixed keys (docs/CONFIG.md is the reference for technicians; keep the two in step), the
    /// per-metric alarm fields and the rules shared by the parser and the writer.
    /// </summary>
    internal static class ConfigKeys
    {
        internal const int DeviceId = 0;
        internal const int DeviceTenant = 1;
        internal const int DeviceKindKey = 2;
        internal const int DeviceBoard = 3;
        internal const int WifiSsid = 4;
        internal const int WifiPassword = 5;
        internal const int BrokerHost = 6;
        internal const int BrokerPort = 7;
        internal const int TlsCaFile = 8;
        internal const int TlsCertFile = 9;
        internal const int TlsKeyFile = 10;
        internal const int NtpServer = 11;
        internal const int SamplePeriod = 12;
        internal const int SampleAlarmPeriod = 13;
        internal const int SampleStuckCount = 14;
        internal const int AlarmShock = 15;
        internal const int AlarmDoorInTransit = 16;
        internal const int AlarmMovingSpeed = 17;
        internal const int UplinkMaxPayload = 18;
        internal const int UplinkInflight = 19;
        internal const int UplinkConfirmTimeout = 20;
        internal const int UplinkBackoffMin = 21;
        internal const int UplinkBackoffMax = 22;
        internal const int UplinkStatusPeriod = 23;
        internal const int UplinkFormat = 24;
        internal const int PowerDeepSleep = 25;
        internal const int Count = 26;

        // Per-metric alarm fields: alarm.<metric>.<field>.
        internal const int High = 0;
        internal const int Low = 1;
        internal const int Hysteresis = 2;
        internal const int BandMin = 3;
        internal const int BandMax = 4;
        internal const int ExcursionS = 5;
        internal const int AlarmFieldCount = 6;

        /// <summary>Size of arrays indexed by <see cref="MetricId"/> (its values stay below 64).</summary>
        internal const int MetricSlots = 64;

        /// <summary>Most per-sensor period overrides (sample.&lt;sensor&gt;.period_s).</summary>
        internal const int MaxSensorOverrides = 32;

        /// <summary>Longest sensor name in a sample.&lt;sensor&gt;.period_s key.</summary>
        internal const int MaxSensorNameLength = 32;

        /// <summary>Request id key of down/config and down/cmd messages.</summary>
        internal const string RequestIdKey = "id";

        /// <summary>Accepted request ids.</summary>
        internal const string RequestIdRule = "must be 1 to 36 characters from A-Z, a-z, 0-9, '-' and '_'";

        internal static readonly string[] AlarmFields = new string[] { "high", "low", "hysteresis", "band_min", "band_max", "excursion_s" };

        internal static readonly string[] KindChoices = new string[] { "environmental", "logistics" };

        internal static readonly string[] FormatChoices = new string[] { "cbor", "json" };

        internal static readonly KeySpec[] Keys = CreateKeys();

        private static KeySpec[] CreateKeys()
        {
            KeySpec[] keys = new KeySpec[Count];
            keys[DeviceId] = new KeySpec("device.id", ValueKind.Identifier, 0, 0, "", "", true, false,
                "the device identity; must equal the certificate subject CN");
            keys[DeviceTenant] = new KeySpec("device.tenant", ValueKind.Identifier, 0, 0, "", "", true, false,
                "the tenant, first level of the topic gw/v1/{tenant}/{device}/");
            keys[DeviceKindKey] = new KeySpec("device.kind", ValueKind.Choice, 0, 0, "", "", true, false, "what the node is");
            keys[DeviceKindKey].Choices = KindChoices;
            keys[DeviceBoard] = new KeySpec("device.board", ValueKind.BoardId, 0, 0, "", "", false, false, "board profile id");
            keys[WifiSsid] = new KeySpec("wifi.ssid", ValueKind.Ssid, 0, 0, "", "", false, false, "Wi-Fi network name");
            keys[WifiPassword] = new KeySpec("wifi.password", ValueKind.Password, 0, 0, "", "", false, false, "Wi-Fi passphrase");
            keys[BrokerHost] = new KeySpec("broker.host", ValueKind.Host, 0, 0, "", "", true, false, "MQTT broker to connect to");
            keys[BrokerPort] = new KeySpec("broker.port", ValueKind.Integer, 1, 65535, "TCP port", "8883", false, false, "MQTT over TLS port");
            keys[TlsCaFile] = new KeySpec("tls.ca_file", ValueKind.FileName, 0, 0, "", "ca.pem", false, false, "fleet CA certificate file");
            keys[TlsCertFile] = new KeySpec("tls.cert_file", ValueKind.FileName, 0, 0, "", "device.crt", false, false, "device certificate file");
            keys[TlsKeyFile] = new KeySpec("tls.key_file", ValueKind.FileName, 0, 0, "", "device.key", false, false, "device private key file");
            keys[NtpServer] = new KeySpec("time.ntp_server", ValueKind.Host, 0, 0, "", "pool.ntp.org", false, false, "SNTP server");
            keys[SamplePeriod] = new KeySpec("sample.period_s", ValueKind.Integer, 5, 86400, "seconds", "60", false, true,
                "default sampling period of every sensor");
            keys[SampleAlarmPeriod] = new KeySpec("sample.alarm_period_s", ValueKind.Integer, 1, 3600, "seconds", "10", false, true,
                "sampling period while an alarm on one of the sensor's metrics is active");
            keys[SampleStuckCount] = new KeySpec("sample.stuck_count", ValueKind.ZeroOrInteger, 3, 1000, "identical readings in a row", "20",
                false, true, "identical values in a row that mark an analog sensor as stuck");
            keys[AlarmShock] = new KeySpec("alarm.shock_g", ValueKind.Number, 0.5, 200, "g", "off", false, true, "shock alarm limit");
            keys[AlarmShock].AllowOff = true;
            keys[AlarmDoorInTransit] = new KeySpec("alarm.door_in_transit", ValueKind.OnOff, 0, 0, "", "off", false, true,
                "alarm when the door opens while moving");
            keys[AlarmMovingSpeed] = new KeySpec("alarm.moving_speed_mps", ValueKind.Number, 0.1, 50, "m/s", "1.5", false, true,
                "speed above which the vehicle counts as moving");
            keys[UplinkMaxPayload] = new KeySpec("uplink.max_payload_bytes", ValueKind.Integer, 128, 16384, "bytes", "1024", false, true,
                "largest MQTT payload");
            keys[UplinkInflight] = new KeySpec("uplink.inflight", ValueKind.Integer, 1, 32, "messages", "4", false, true,
                "publishes awaiting PUBACK at once");
            keys[UplinkConfirmTimeout] = new KeySpec("uplink.confirm_timeout_s", ValueKind.Integer, 5, 3600, "seconds", "30", false, true,
                "wait for the end-to-end confirmation before re-sending");
            keys[UplinkBackoffMin] = new KeySpec("uplink.backoff_min_s", ValueKind.Integer, 1, 60, "seconds", "1", false, false,
                "first reconnect delay");
            keys[UplinkBackoffMax] = new KeySpec("uplink.backoff_max_s", ValueKind.Integer, 1, 3600, "seconds", "300", false, false,
                "longest reconnect delay");
            keys[UplinkStatusPeriod] = new KeySpec("uplink.status_period_s", ValueKind.Integer, 10, 86400, "seconds", "300", false, true,
                "period of status messages");
            keys[UplinkFormat] = new KeySpec("uplink.format", ValueKind.Choice, 0, 0, "", "cbor", false, false, "payload format");
            keys[UplinkFormat].Choices = FormatChoices;
            keys[PowerDeepSleep] = new KeySpec("power.deep_sleep", ValueKind.OnOff, 0, 0, "", "off", false, true,
                "deep sleep between samples");
            return keys;
        }

        /// <summary>Index of a fixed key, or -1.</summary>
        internal static int Find(string name)
        {
            for (int i = 0; i < Keys.Length; i++)
            {
                if (Keys[i].Name == name)
                {
                    return i;
                }
            }
            return -1;
        }

        /// <summary>Index of an alarm field name (high, low, ...), or -1.</summary>
        internal static int FindAlarmField(string name)
        {
            for (int i = 0; i < AlarmFields.Length; i++)
            {
                if (AlarmFields[i] == name)
                {
                    return i;
                }
            }
            return -1;
        }

        /// <summary>
        /// Secret keys: wifi.password and any key ending in ".password" or ".key". Their values are never quoted in
        /// errors and are masked in dumps.
        /// </summary>
        internal static bool IsSecret(string key) =>
            ConfigText.EndsWithOrdinal(key, ".password") || ConfigText.EndsWithOrdinal(key, ".key");

        /// <summary>Alarm key name alarm.&lt;metric&gt;.&lt;field&gt;.</summary>
        internal static string AlarmKey(MetricId metric, int field) =>
            "alarm." + MetricCatalog.Name(metric) + "." + AlarmFields[field];

        /// <summary>Per-sensor period key name sample.&lt;sensor&gt;.period_s.</summary>
        internal static string SensorKey(string sensor) => "sample." + sensor + ".period_s";

        /// <summary>True when an alarm on this metric can be a threshold or band (numeric metrics only).</summary>
        internal static bool IsAlarmable(MetricId metric) =>
            MetricCatalog.IsDefined(metric) && MetricCatalog.ValueKind(metric) == SenmlValueKind.Number;

        /// <summary>True for a valid sensor name: [a-z0-9_]{1,32}.</summary>
        internal static bool IsSensorName(string name)
        {
            if (name.Length < 1 || name.Length > MaxSensorNameLength)
            {
                return false;
            }
            for (int i = 0; i < name.Length; i++)
            {
                if (!ConfigText.IsLowerAlphanumeric(name[i]) && name[i] != '_')
                {
                    return false;
                }
            }
            return true;
        }

        /// <summary>True for a valid request id: [A-Za-z0-9-_]{1,36}.</summary>
        internal static bool IsRequestId(string id)
        {
            if (id.Length < 1 || id.Length > 36)
            {
                return false;
            }
            for (int i = 0; i < id.Length; i++)
            {
                if (!ConfigText.IsAlphanumeric(id[i]) && id[i] != '-' && id[i] != '_')
                {
                    return false;
                }
            }
            return true;
        }

        /// <summary>" (unit)" or "" when the unit is empty.</summary>
        internal static string UnitSuffix(string unit) => unit.Length == 0 ? "" : " (" + unit + ")";

        /// <summary>The accepted values of a fixed key, phrased for an error ("must be ...").</summary>
        internal static string Rule(KeySpec spec)
        {
            switch (spec.Kind)
            {
                case ValueKind.Identifier:
                    return "must be 1 to 63 characters from a-z, 0-9, '-' and '_', starting with a letter or digit";
                case ValueKind.BoardId:
                    return "must be empty or 1 to 64 characters from a-z, 0-9, '-' and '_'";
                case ValueKind.Ssid:
                    return "must be empty or 1 to 32 bytes of text without control characters";
                case ValueKind.Password:
                    return "must be empty or 8 to 63 printable ASCII characters (WPA2 passphrase)";
                case ValueKind.Host:
                    return "must be a host name, IPv4 address or IPv6 literal of 1 to 253 characters "
                        + "(letters, digits, '-' and '.'; IPv6 with ':' and optional [ ])";
                case ValueKind.FileName:
                    return "must be a file name of 1 to 64 characters from A-Z, a-z, 0-9, '.', '-' and '_', not starting with '.'";
                case ValueKind.Integer:
                    return "must be an integer from " + ConfigText.FormatNumber(spec.Minimum) + " to "
                        + ConfigText.FormatNumber(spec.Maximum) + UnitSuffix(spec.Unit);
                case ValueKind.ZeroOrInteger:
                    return "must be 0 (off) or an integer from " + ConfigText.FormatNumber(spec.Minimum) + " to "
                        + ConfigText.FormatNumber(spec.Maximum) + UnitSuffix(spec.Unit);
                case ValueKind.Number:
                    return NumberRule(spec.Minimum, spec.Maximum, spec.Unit, spec.AllowOff);
                case ValueKind.Choice:
                    return "must be " + ConfigText.JoinChoices(spec.Choices);
                default:
                    return "must be on or off";
            }
        }

        /// <summary>"must be a number from a to b (unit)[, or off]".</summary>
        internal static string NumberRule(double minimum, double maximum, string unit, bool allowOff) =>
            "must be a number from " + ConfigText.FormatNumber(minimum) + " to " + ConfigText.FormatNumber(maximum)
            + UnitSuffix(unit) + (allowOff ? ", or off" : "");

        /// <summary>The accepted values of alarm.&lt;metric&gt;.&lt;field&gt;.</summary>
        internal static string AlarmRule(MetricId metric, int field)
        {
            string unit = MetricCatalog.Unit(metric);
            if (field == ExcursionS)
            {
                return "must be an integer from 0 to 86400 (seconds), or off";
            }
            if (field == Hysteresis)
            {
                return NumberRule(0, MetricCatalog.Maximum(metric) - MetricCatalog.Minimum(metric), unit, true);
            }
            return NumberRule(MetricCatalog.Minimum(metric), MetricCatalog.Maximum(metric), unit, true);
        }

        /// <summary>Checks a textual value of a fixed key.</summary>
        internal static bool IsValidText(ValueKind kind, string value)
        {
            switch (kind)
            {
                case ValueKind.Identifier:
                    return IsIdentifier(value);
                case ValueKind.BoardId:
                    return value.Length == 0 || IsBoardId(value);
                case ValueKind.Ssid:
                    return value.Length == 0 || IsSsid(value);
                case ValueKind.Password:
                    return value.Length == 0 || IsPassphrase(value);
                case ValueKind.Host:
                    return IsHost(value);
                case ValueKind.FileName:
                    return IsFileName(value);
                default:
                    return false;
            }
        }

        /// <summary>[a-z0-9][a-z0-9-_]{0,62}.</summary>
        internal static bool IsIdentifier(string value)
        {
            if (value.Length < 1 || value.Length > 63 || !ConfigText.IsLowerAlphanumeric(value[0]))
            {
                return false;
            }
            for (int i = 1; i < value.Length; i++)
            {
                char c = value[i];
                if (!ConfigText.IsLowerAlphanumeric(c) && c != '-' && c != '_')
                {
                    return false;
                }
            }
            return true;
        }

        private static bool IsBoardId(string value)
        {
            if (value.Length > 64)
            {
                return false;
            }
            for (int i = 0; i < value.Length; i++)
            {
                char c = value[i];
                if (!ConfigText.IsLowerAlphanumeric(c) && c != '-' && c != '_')
                {
                    return false;
                }
            }
            return true;
        }

        /// <summary>IEEE 802.11 limits an SSID to 32 octets; we count UTF-8 bytes.</summary>
        private static bool IsSsid(string value)
        {
            int bytes = 0;
            for (int i = 0; i < value.Length; i++)
            {
                char c = value[i];
                if (c < ' ' || c == '\u007F')
                {
                    return false;
                }
                if (c < 0x80)
                {
                    bytes += 1;
                }
                else if (c < 0x800)
                {
                    bytes += 2;
                }
                else if (c >= 0xD800 && c <= 0xDBFF)
                {
                    bytes += 4; // High surrogate: the pair is one 4-byte code point.
                    i++;
                }
                else
                {
                    bytes += 3;
                }
            }
            return bytes >= 1 && bytes <= 32;
        }

        /// <summary>IEEE 802.11i passphrase: 8 to 63 printable ASCII characters (codes 32 to 126).</summary>
        private static bool IsPassphrase(string value)
        {
            if (value.Length < 8 || value.Length > 63)
            {
                return false;
            }
            for (int i = 0; i < value.Length; i++)
            {
                if (value[i] < ' ' || value[i] > '~')
                {
                    return false;
                }
            }
            return true;
        }

        /// <summary>
        /// A host name (RFC 1123 §2.1: labels of 1 to 63 letters, digits and '-', not starting or ending with '-'),
        /// a dotted IPv4 address (four numbers 0 to 255) or an IPv6 literal (RFC 4291 §2.2 characters, optionally in
        /// brackets as in RFC 3986 §3.2.2). Only the characters and the shape are checked, not reachability.
        /// </summary>
        internal static bool IsHost(string value)
        {
            if (value.Length < 1 || value.Length > 253)
            {
                return false;
            }
            if (value[0] == '[' || value.IndexOf(':') >= 0)
            {
                return IsIpv6Literal(value);
            }
            int labelStart = 0;
            bool allNumeric = true;
            int labels = 0;
            for (int i = 0; i <= value.Length; i++)
            {
                if (i == value.Length || value[i] == '.')
                {
                    int length = i - labelStart;
                    if (length < 1 || length > 63 || value[labelStart] == '-' || value[i - 1] == '-')
                    {
                        return false;
                    }
                    labels++;
                    labelStart = i + 1;
                    continue;
                }
                char c = value[i];
                if (!ConfigText.IsAlphanumeric(c) && c != '-')
                {
                    return false;
                }
                if (!ConfigText.IsDigit(c))
                {
                    allNumeric = false;
                }
            }
            return !allNumeric || IsIpv4(value, labels);
        }

        private static bool IsIpv4(string value, int labels)
        {
            if (labels != 4)
            {
                return false;
            }
            string[] parts = value.Split(new char[] { '.' });
            for (int i = 0; i < parts.Length; i++)
            {
                long octet;
                if (parts[i].Length > 3 || !ConfigText.TryParseInteger(parts[i], out octet) || octet > 255)
                {
                    return false;
                }
            }
            return true;
        }

        private static bool IsIpv6Literal(string value)
        {
            string inner = value;
            if (value[0] == '[')
            {
                if (value.Length < 3 || value[value.Length - 1] != ']')
                {
                    return false;
                }
                inner = value.Substring(1, value.Length - 2);
            }
            int colons = 0;
            for (int i = 0; i < inner.Length; i++)
            {
                char c = inner[i];
                if (c == ':')
                {
                    colons++;
                }
                else if (!ConfigText.IsDigit(c) && !((c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F')) && c != '.')
                {
                    return false;
                }
            }
            return colons >= 2 && colons <= 7 && inner.Length <= 45;
        }

        private static bool IsFileName(string value)
        {
            if (value.Length < 1 || value.Length > 64 || value[0] == '.')
            {
                return false;
            }
            for (int i = 0; i < value.Length; i++)
            {
                char c = value[i];
                if (!ConfigText.IsAlphanumeric(c) && c != '.' && c != '-' && c != '_')
                {
                    return false;
                }
            }
            return true;
        }
    }
}
