using Gateway.Firmware.Core.Config;
using Gateway.Firmware.Core.Readings;

namespace Gateway.Firmware.Core.Boards
{
    /// <summary>One pass over a board.conf text, collecting values and errors (used by <see cref="BoardProfileParser"/>).</summary>
    internal sealed class BoardProfileReader
    {
        private const int MaxErrors = 100;
        private const int MaxTextLength = 64;
        private const int FieldKind = 0;
        private const int FieldAddress = 1;
        private const int FieldBus = 2;
        private const int FieldMetrics = 3;
        private const int FieldCount = 4;

        private static readonly string[] s_fields = new string[] { "kind", "address", "bus", "metrics" };
        private static readonly char[] s_comma = new char[] { ',' };
        private static readonly char[] s_dot = new char[] { '.' };
        private static readonly char[] s_blank = new char[] { ' ', '\t' };

        private readonly ErrorList _errors = new ErrorList(MaxErrors);
        private readonly string[] _texts = new string[BoardKeys.Count];
        private readonly double[] _numbers = new double[BoardKeys.Count];
        private readonly int[] _lines = new int[BoardKeys.Count];
        private int[] _reserved = new int[0];

        // Sensors, by first appearance: name, and per field its raw value and line.
        private readonly string[] _sensorNames = new string[BoardKeys.MaxSensors];
        private readonly string[][] _sensorValues = new string[BoardKeys.MaxSensors][];
        private readonly int[][] _sensorLines = new int[BoardKeys.MaxSensors][];
        private readonly bool[] _sensorRejected = new bool[BoardKeys.MaxSensors];
        private int _sensorCount;
        private bool _tooManySensors;
        private BoardSensor[] _sensors = new BoardSensor[0];
        private ChipFamily _chip = ChipFamily.Esp32;
        private bool _usesPsram;

        internal BoardProfileReader()
        {
            for (int i = 0; i < BoardKeys.Count; i++)
            {
                BoardKeySpec spec = BoardKeys.Keys[i];
                _texts[i] = spec.Default;
                double number;
                _numbers[i] = spec.Default.Length > 0 && ConfigText.TryParseNumber(spec.Default, out number) ? number : double.NaN;
            }
        }

        internal int ErrorCount => _errors.Count;

        internal ConfigError[] Errors() => _errors.ToArray();

        internal void Read(string? text)
        {
            if (text == null)
            {
                _errors.Add(0, string.Empty, BoardProfile.FileName + " is missing: copy boards/<board>/" + BoardProfile.FileName
                    + " onto the device (gateway provision device does it)");
                return;
            }
            if (text.Length > ConfigText.MaxTextLength)
            {
                _errors.Add(0, string.Empty, "the text is longer than " + ConfigText.FormatInteger(ConfigText.MaxTextLength) + " characters");
                return;
            }
            string[] lines = ConfigText.SplitLines(text);
            for (int i = 0; i < lines.Length; i++)
            {
                ReadLine(i + 1, lines[i]);
            }
            CheckRequired();
            ResolveTarget();
            ResolveSensors();
        }

        internal BoardProfile Build() =>
            new BoardProfile(_texts, _numbers, _lines, _reserved, _sensors, _chip, _usesPsram);

        private void ReadLine(int line, string text)
        {
            string key;
            string value;
            switch (ConfigText.SplitLine(text, out key, out value))
            {
                case LineShape.Skip:
                    return;
                case LineShape.NoEquals:
                    _errors.Add(line, string.Empty, Where(line) + "not a 'key = value' line (no '='); comment lines start with '#'");
                    return;
                case LineShape.EmptyKey:
                    _errors.Add(line, string.Empty, Where(line) + "missing key before '='");
                    return;
                default:
                    break;
            }
            if (!ConfigText.IsKeyText(key))
            {
                string lower = ConfigText.ToLowerAscii(key);
                _errors.Add(line, key, Where(line) + (ConfigText.IsKeyText(lower)
                    ? ConfigText.Echo(key) + ": keys are lower case; write " + lower
                    : "the key has characters other than a-z, 0-9, '.', '_' and '-' (keys are lower-case dotted, e.g. i2c1.sda)"));
                return;
            }
            int index = BoardKeys.Find(key);
            if (index >= 0)
            {
                ReadFixed(line, index, value);
                return;
            }
            if (ConfigText.StartsWithOrdinal(key, "sensor."))
            {
                ReadSensorKey(line, key, value);
                return;
            }
            string? suggestion = SuggestKey(key);
            _errors.Add(line, key, Where(line) + "unknown key " + ConfigText.Echo(key)
                + (suggestion != null ? "; did you mean " + suggestion + "?" : "; the keys are listed in boards/README.md"));
        }

        private void ReadFixed(int line, int index, string value)
        {
            BoardKeySpec spec = BoardKeys.Keys[index];
            if (_lines[index] > 0)
            {
                _errors.Add(line, spec.Name, Where(line) + spec.Name + ": duplicate key, already set on line " + ConfigText.FormatInteger(_lines[index]));
                return;
            }
            string hint;
            if (!TryReadValue(spec, value, index, out hint))
            {
                _errors.Add(line, spec.Name, Where(line) + spec.Name + " = " + Shown(value) + ": " + BoardKeys.Rule(spec) + hint);
                return;
            }
            _lines[index] = line;
        }

        private bool TryReadValue(BoardKeySpec spec, string value, int index, out string hint)
        {
            hint = string.Empty;
            switch (spec.Kind)
            {
                case BoardValueKind.Identifier:
                    _texts[index] = value;
                    return IsIdentifier(value);
                case BoardValueKind.Text:
                    _texts[index] = value;
                    return IsText(value);
                case BoardValueKind.Choice:
                    return TryReadChoice(spec, value, index, out hint);
                case BoardValueKind.Pin:
                    int pin;
                    if (!TryReadPin(value, out pin, out hint))
                    {
                        return false;
                    }
                    _numbers[index] = pin;
                    return true;
                case BoardValueKind.PinList:
                    return TryReadPinList(value, out hint);
                case BoardValueKind.Number:
                    double number;
                    if (!ConfigText.TryParseNumber(value, out number) || number < spec.Minimum || number > spec.Maximum)
                    {
                        return false;
                    }
                    _numbers[index] = number;
                    return true;
                default:
                    _texts[index] = value;
                    return value == "on" || value == "off";
            }
        }

        private bool TryReadChoice(BoardKeySpec spec, string value, int index, out string hint)
        {
            hint = string.Empty;
            for (int i = 0; i < spec.Choices.Length; i++)
            {
                if (spec.Choices[i] == value)
                {
                    _texts[index] = value;
                    double number;
                    _numbers[index] = ConfigText.TryParseNumber(value, out number) ? number : double.NaN;
                    return true;
                }
            }
            if (index == BoardKeys.NanoffTarget)
            {
                string? target = NanoffTargets.FindIgnoringCase(value);
                if (target != null)
                {
                    hint = "; did you mean " + target + "? (target names are written exactly as nanoff lists them)";
                }
            }
            return false;
        }

        /// <summary>A GPIO number: digits only, 0 to 48. "GPIO21", "IO21" and "D21" get a hint instead of a guess.</summary>
        private static bool TryReadPin(string value, out int pin, out string hint)
        {
            pin = BoardProfile.NoPin;
            hint = string.Empty;
            long number;
            if (ConfigText.TryParseInteger(value, out number) && number >= 0 && number <= BoardPins.MaxPin && value[0] != '-')
            {
                pin = (int)number;
                return true;
            }
            string lower = ConfigText.ToLowerAscii(value);
            string digits = ConfigText.StartsWithOrdinal(lower, "gpio") ? value.Substring(4)
                : ConfigText.StartsWithOrdinal(lower, "io") ? value.Substring(2)
                : ConfigText.StartsWithOrdinal(lower, "d") ? value.Substring(1)
                : ConfigText.StartsWithOrdinal(lower, "g") ? value.Substring(1) : string.Empty;
            if (digits.Length > 0 && ConfigText.TryParseInteger(digits, out number) && number >= 0 && number <= BoardPins.MaxPin)
            {
                hint = "; write " + digits + ", the GPIO number, not the label " + ConfigText.Echo(value)
                    + " (board labels such as D4 are not always GPIO numbers: check the board's pinout)";
            }
            return false;
        }

        private bool TryReadPinList(string value, out string hint)
        {
            hint = string.Empty;
            string[] parts = value.Split(s_comma);
            int[] pins = new int[parts.Length];
            for (int i = 0; i < parts.Length; i++)
            {
                string part = parts[i].Trim(s_blank);
                if (part.Length == 0 || !TryReadPin(part, out pins[i], out hint))
                {
                    return false;
                }
                for (int j = 0; j < i; j++)
                {
                    if (pins[j] == pins[i])
                    {
                        hint = "; GPIO" + ConfigText.FormatInteger(pins[i]) + " is listed twice";
                        return false;
                    }
                }
            }
            _reserved = pins;
            return true;
        }

        private void ReadSensorKey(int line, string key, string value)
        {
            string[] parts = key.Split(s_dot);
            int field = parts.Length == 3 ? FindField(parts[2]) : -1;
            if (field < 0)
            {
                string? suggestion = parts.Length == 3 ? SuggestField(parts[1], parts[2]) : null;
                _errors.Add(line, key, Where(line) + "unknown key " + ConfigText.Echo(key) + (suggestion != null
                    ? "; did you mean " + suggestion + "?"
                    : "; sensor keys are sensor.<name>.kind, .address, .bus and .metrics"));
                return;
            }
            string name = parts[1];
            if (!ConfigKeys.IsSensorName(name))
            {
                _errors.Add(line, key, Where(line) + ConfigText.Echo(key) + ": a sensor name is 1 to 32 characters a-z, 0-9 and '_' (e.g. bme280, cargo_probe)");
                return;
            }
            if (name == BoardKeys.ReservedSensorName)
            {
                _errors.Add(line, key, Where(line) + key + ": the name '" + name
                    + "' is taken by the node's own link-quality sensor (rssi); choose another name");
                return;
            }
            int slot = FindOrAddSensor(line, key, name);
            if (slot < 0)
            {
                return;
            }
            if (_sensorLines[slot][field] > 0)
            {
                _errors.Add(line, key, Where(line) + key + ": duplicate key, already set on line " + ConfigText.FormatInteger(_sensorLines[slot][field]));
                return;
            }
            _sensorLines[slot][field] = line;
            if (!CheckSensorValue(line, key, field, value))
            {
                // Reported here; the sensor is left out without further errors about it.
                _sensorRejected[slot] = true;
                return;
            }
            _sensorValues[slot][field] = value;
        }

        private bool CheckSensorValue(int line, string key, int field, string value)
        {
            switch (field)
            {
                case FieldKind:
                    SensorKind kind;
                    if (SensorKinds.TryFind(value, out kind))
                    {
                        return true;
                    }
                    string? close = Closest(value, SensorKinds.Names);
                    _errors.Add(line, key, Where(line) + key + " = " + Shown(value) + ": must be "
                        + ConfigText.JoinChoices(SensorKinds.Names) + (close != null ? "; did you mean " + close + "?" : ""));
                    return false;
                case FieldAddress:
                    int address;
                    if (TryReadAddress(value, out address))
                    {
                        return true;
                    }
                    _errors.Add(line, key, Where(line) + key + " = " + Shown(value)
                        + ": must be a 7-bit I2C address in hex from 0x08 to 0x77, e.g. 0x76 (0x00-0x07 and 0x78-0x7f are reserved, I2C-bus specification UM10204 §3.1.12)");
                    return false;
                case FieldBus:
                    if (value == "1" || value == "2")
                    {
                        return true;
                    }
                    _errors.Add(line, key, Where(line) + key + " = " + Shown(value) + ": must be 1 or 2 (the I2C bus, i2c1.* or i2c2.*)");
                    return false;
                default:
                    if (value.Length > 0)
                    {
                        return true;
                    }
                    _errors.Add(line, key, Where(line) + key + " = (empty): must name one or more metrics separated by commas, e.g. co2");
                    return false;
            }
        }

        private int FindOrAddSensor(int line, string key, string name)
        {
            for (int i = 0; i < _sensorCount; i++)
            {
                if (_sensorNames[i] == name)
                {
                    return i;
                }
            }
            if (_sensorCount == BoardKeys.MaxSensors)
            {
                if (!_tooManySensors)
                {
                    _tooManySensors = true;
                    _errors.Add(line, key, Where(line) + key + ": a board may declare at most "
                        + ConfigText.FormatInteger(BoardKeys.MaxSensors) + " sensors");
                }
                return -1;
            }
            int slot = _sensorCount++;
            _sensorNames[slot] = name;
            _sensorValues[slot] = new string[FieldCount];
            _sensorLines[slot] = new int[FieldCount];
            return slot;
        }

        private void CheckRequired()
        {
            for (int i = 0; i < BoardKeys.Count; i++)
            {
                BoardKeySpec spec = BoardKeys.Keys[i];
                if (spec.Required && _lines[i] == 0)
                {
                    _errors.Add(0, spec.Name, "missing required key " + spec.Name + " (" + spec.Meaning + "): " + BoardKeys.Rule(spec));
                }
            }
        }

        private void ResolveTarget()
        {
            if (_lines[BoardKeys.NanoffTarget] > 0)
            {
                NanoffTargets.TryFind(_texts[BoardKeys.NanoffTarget], out _chip, out _usesPsram);
            }
        }

        private void ResolveSensors()
        {
            BoardSensor[] sensors = new BoardSensor[_sensorCount];
            int count = 0;
            for (int i = 0; i < _sensorCount; i++)
            {
                BoardSensor? sensor = ResolveSensor(i);
                if (sensor != null)
                {
                    sensors[count++] = sensor;
                }
            }
            _sensors = new BoardSensor[count];
            for (int i = 0; i < count; i++)
            {
                _sensors[i] = sensors[i];
            }
        }

        private BoardSensor? ResolveSensor(int slot)
        {
            string name = _sensorNames[slot];
            string[] values = _sensorValues[slot];
            int[] lines = _sensorLines[slot];
            string prefix = "sensor." + name + ".";
            if (_sensorRejected[slot])
            {
                return null;
            }
            SensorKind kind;
            if (values[FieldKind] == null || !SensorKinds.TryFind(values[FieldKind], out kind))
            {
                int first = FirstLine(lines);
                _errors.Add(first, prefix + "kind", Where(first) + prefix + "kind is missing: every sensor needs a kind ("
                    + ConfigText.JoinChoices(SensorKinds.Names) + ")");
                return null;
            }
            int bus = 0;
            int address = -1;
            bool valid = true;
            if (SensorKinds.Attachment(kind) == SensorAttachment.I2c)
            {
                bus = values[FieldBus] == "2" ? 2 : 1;
                valid = ResolveAddress(prefix, kind, values, lines, out address);
            }
            else
            {
                valid = RejectI2cField(prefix, kind, FieldAddress, lines) & RejectI2cField(prefix, kind, FieldBus, lines);
            }
            MetricId[] metrics;
            valid &= ResolveMetrics(prefix, kind, values[FieldMetrics], lines[FieldMetrics], out metrics);
            return valid ? new BoardSensor(name, kind, bus, address, metrics, lines[FieldKind]) : null;
        }

        private bool ResolveAddress(string prefix, SensorKind kind, string[] values, int[] lines, out int address)
        {
            int[] allowed = SensorKinds.I2cAddresses(kind);
            string kindName = SensorKinds.Name(kind);
            if (values[FieldAddress] == null)
            {
                address = allowed[0];
                if (allowed.Length == 1)
                {
                    return true;
                }
                int line = lines[FieldKind];
                _errors.Add(line, prefix + "address", Where(line) + prefix + "address is missing: a " + kindName + " answers at "
                    + SensorKinds.DescribeAddresses(kind) + " depending on how its address pin is wired; write the one this board uses");
                return false;
            }
            TryReadAddress(values[FieldAddress], out address);
            for (int i = 0; i < allowed.Length; i++)
            {
                if (allowed[i] == address)
                {
                    return true;
                }
            }
            int at = lines[FieldAddress];
            _errors.Add(at, prefix + "address", Where(at) + prefix + "address = " + values[FieldAddress] + ": a " + kindName
                + " answers only at " + SensorKinds.DescribeAddresses(kind) + " (its datasheet); check the part and its address pin");
            return false;
        }

        private bool RejectI2cField(string prefix, SensorKind kind, int field, int[] lines)
        {
            int line = lines[field];
            if (line == 0)
            {
                return true;
            }
            _errors.Add(line, prefix + s_fields[field], Where(line) + prefix + s_fields[field] + ": a " + SensorKinds.Name(kind)
                + " is not on I2C (" + AttachmentText(kind) + "); remove this line");
            return false;
        }

        private bool ResolveMetrics(string prefix, SensorKind kind, string? text, int line, out MetricId[] metrics)
        {
            MetricId[] all = SensorKinds.Metrics(kind);
            metrics = all;
            if (text == null)
            {
                return true;
            }
            string key = prefix + "metrics";
            if (!SensorKinds.CanSelectMetrics(kind))
            {
                _errors.Add(line, key, Where(line) + key + ": a " + SensorKinds.Name(kind)
                    + " always reports its whole fix (position with its quality); remove this line");
                return false;
            }
            bool[] chosen = new bool[all.Length];
            int count = 0;
            string[] names = text.Split(s_comma);
            for (int i = 0; i < names.Length; i++)
            {
                string name = names[i].Trim(s_blank);
                int at = IndexOfMetric(all, name);
                if (at < 0)
                {
                    _errors.Add(line, key, Where(line) + key + " = " + ConfigText.Echo(text) + ": '" + ConfigText.Echo(name) + "' is not a metric a "
                        + SensorKinds.Name(kind) + " measures; it measures " + MetricNames(all));
                    return false;
                }
                if (chosen[at])
                {
                    _errors.Add(line, key, Where(line) + key + " = " + ConfigText.Echo(text) + ": " + name + " is listed twice");
                    return false;
                }
                chosen[at] = true;
                count++;
            }
            metrics = new MetricId[count];
            int next = 0;
            for (int i = 0; i < all.Length; i++)
            {
                if (chosen[i])
                {
                    metrics[next++] = all[i];
                }
            }
            return true;
        }

        private static int IndexOfMetric(MetricId[] metrics, string name)
        {
            for (int i = 0; i < metrics.Length; i++)
            {
                if (MetricCatalog.Name(metrics[i]) == name)
                {
                    return i;
                }
            }
            return -1;
        }

        internal static string MetricNames(MetricId[] metrics)
        {
            string[] names = new string[metrics.Length];
            for (int i = 0; i < metrics.Length; i++)
            {
                names[i] = MetricCatalog.Name(metrics[i]);
            }
            return ConfigText.JoinChoices(names);
        }

        internal static string AttachmentText(SensorKind kind)
        {
            switch (kind)
            {
                case SensorKind.Gnss:
                    return "it uses uart.gnss.rx/tx";
                case SensorKind.Sps30:
                    return "it uses uart.sps30.rx/tx";
                case SensorKind.Ds18b20:
                    return "it uses onewire.rx/tx";
                case SensorKind.Door:
                    return "it uses gpio.door";
                default:
                    return "it uses adc.battery";
            }
        }

        /// <summary>"0x" and one or two hex digits, 0x08 to 0x77.</summary>
        internal static bool TryReadAddress(string value, out int address)
        {
            address = -1;
            if (value.Length < 3 || value.Length > 4 || value[0] != '0' || value[1] != 'x')
            {
                return false;
            }
            int result = 0;
            for (int i = 2; i < value.Length; i++)
            {
                int digit = HexDigit(value[i]);
                if (digit < 0)
                {
                    return false;
                }
                result = (result * 16) + digit;
            }
            if (result < 0x08 || result > 0x77)
            {
                return false;
            }
            address = result;
            return true;
        }

        private static int HexDigit(char c)
        {
            if (c >= '0' && c <= '9')
            {
                return c - '0';
            }
            if (c >= 'a' && c <= 'f')
            {
                return c - 'a' + 10;
            }
            if (c >= 'A' && c <= 'F')
            {
                return c - 'A' + 10;
            }
            return -1;
        }

        private static int FindField(string field)
        {
            for (int i = 0; i < s_fields.Length; i++)
            {
                if (s_fields[i] == field)
                {
                    return i;
                }
            }
            return -1;
        }

        private static string? SuggestField(string name, string field)
        {
            string? close = Closest(field, s_fields);
            return close == null ? null : "sensor." + name + "." + close;
        }

        private static string? SuggestKey(string key)
        {
            string[] names = new string[BoardKeys.Count];
            for (int i = 0; i < names.Length; i++)
            {
                names[i] = BoardKeys.Keys[i].Name;
            }
            return Closest(key, names);
        }

        /// <summary>The candidate within two edits of <paramref name="value"/> (closest first), or null.</summary>
        private static string? Closest(string value, string[] candidates)
        {
            string? best = null;
            int bestDistance = 3;
            for (int i = 0; i < candidates.Length; i++)
            {
                int distance = ConfigText.EditDistance(value, candidates[i]);
                if (distance < bestDistance)
                {
                    best = candidates[i];
                    bestDistance = distance;
                }
            }
            return best;
        }

        private static int FirstLine(int[] lines)
        {
            int first = 0;
            for (int i = 0; i < lines.Length; i++)
            {
                if (lines[i] > 0 && (first == 0 || lines[i] < first))
                {
                    first = lines[i];
                }
            }
            return first;
        }

        private static bool IsIdentifier(string value)
        {
            if (value.Length < 1 || value.Length > MaxTextLength)
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

        private static bool IsText(string value)
        {
            if (value.Length < 1 || value.Length > MaxTextLength)
            {
                return false;
            }
            for (int i = 0; i < value.Length; i++)
            {
                if (value[i] < ' ' || value[i] == '\u007F')
                {
                    return false;
                }
            }
            return true;
        }

        private static string Shown(string value) => value.Length == 0 ? "(empty)" : ConfigText.Echo(value);

        internal static string Where(int line) => line > 0 ? "line " + ConfigText.FormatInteger(line) + ": " : string.Empty;
    }
}
