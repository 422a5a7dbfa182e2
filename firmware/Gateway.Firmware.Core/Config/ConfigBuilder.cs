using System;
using Gateway.Firmware.Core.Readings;

namespace Gateway.Firmware.Core.Config
{
    /// <summary>
    /// Applies key = value lines to a <see cref="ConfigValues"/>, collecting every error (it never stops at the first),
    /// then checks the rules that involve several keys. Used for the whole file (starting from the defaults) and for a
    /// down/config change (starting from a copy of the current values, runtime keys only).
    /// </summary>
    internal sealed class ConfigBuilder
    {
        private const int MaxErrors = 100;

        private readonly ConfigValues _values;
        private readonly bool _downlink;
        private readonly int[] _fixedLines = new int[ConfigKeys.Count];
        private readonly int[][] _alarmLines = new int[ConfigKeys.AlarmFieldCount][];
        private readonly int[] _sensorLines = new int[ConfigKeys.MaxSensorOverrides];
        private string[] _seenKeys = new string[32];
        private int[] _seenLines = new int[32];
        private int _seenCount;
        private readonly ErrorList _errors = new ErrorList(MaxErrors);

        /// <param name="start">Values to change (owned by the builder from now on).</param>
        /// <param name="downlink">True for a down/config change: only runtime keys and "id" are accepted.</param>
        internal ConfigBuilder(ConfigValues start, bool downlink)
        {
            _values = start;
            _downlink = downlink;
            for (int field = 0; field < ConfigKeys.AlarmFieldCount; field++)
            {
                _alarmLines[field] = new int[ConfigKeys.MetricSlots];
            }
        }

        /// <summary>The values being built.</summary>
        internal ConfigValues Values => _values;

        /// <summary>Request id of a downlink ("" when absent or invalid).</summary>
        internal string RequestId { get; private set; } = string.Empty;

        /// <summary>Number of errors found so far.</summary>
        internal int ErrorCount => _errors.Count;

        /// <summary>The errors found, in the order found.</summary>
        internal ConfigError[] Errors() => _errors.ToArray();

        /// <summary>Applies every line of <paramref name="text"/>.</summary>
        internal void ParseText(string? text)
        {
            if (text == null)
            {
                AddError(0, string.Empty, "no configuration text");
                return;
            }
            if (text.Length > ConfigText.MaxTextLength)
            {
                AddError(0, string.Empty, "the text is longer than " + ConfigText.FormatInteger(ConfigText.MaxTextLength) + " characters");
                return;
            }
            string[] lines = ConfigText.SplitLines(text);
            for (int i = 0; i < lines.Length; i++)
            {
                int lineNumber = i + 1;
                string key;
                string value;
                switch (ConfigText.SplitLine(lines[i], out key, out value))
                {
                    case LineShape.Skip:
                        break;
                    case LineShape.NoEquals:
                        // The text is not quoted: a line without '=' may be a stray password.
                        AddError(lineNumber, string.Empty, Where(lineNumber)
                            + "not a 'key = value' line (no '='); comment lines start with '#'");
                        break;
                    case LineShape.EmptyKey:
                        AddError(lineNumber, string.Empty, Where(lineNumber) + "missing key before '='");
                        break;
                    default:
                        ApplyLine(lineNumber, key, value);
                        break;
                }
            }
        }

        private void ApplyLine(int line, string key, string value)
        {
            if (!ConfigText.IsKeyText(key))
            {
                RejectKeySpelling(line, key);
                return;
            }
            if (_downlink && key == ConfigKeys.RequestIdKey)
            {
                if (IsDuplicate(line, key))
                {
                    return;
                }
                if (ConfigKeys.IsRequestId(value))
                {
                    RequestId = value;
                }
                else
                {
                    ValueError(line, key, value, ConfigKeys.RequestIdRule);
                }
                return;
            }
            int index = ConfigKeys.Find(key);
            if (index >= 0)
            {
                ApplyFixed(line, index, value);
                return;
            }
            string[] parts = key.Split(new char[] { '.' });
            if (parts.Length == 3 && parts[0] == "alarm")
            {
                int field = ConfigKeys.FindAlarmField(parts[2]);
                MetricId metric;
                if (field >= 0 && MetricCatalog.TryFindByName(parts[1], out metric))
                {
                    ApplyAlarm(line, key, metric, field, value);
                    return;
                }
            }
            if (parts.Length == 3 && parts[0] == "sample" && parts[2] == "period_s")
            {
                ApplySensor(line, key, parts[1], value);
                return;
            }
            string? suggestion = Suggest(key);
            AddError(line, key, Where(line) + "unknown key " + ConfigText.Echo(key)
                + (suggestion != null ? "; did you mean " + suggestion + "?" : "; the keys are listed in docs/CONFIG.md"));
        }

        private void RejectKeySpelling(int line, string key)
        {
            string lower = ConfigText.ToLowerAscii(key);
            if (ConfigText.IsKeyText(lower))
            {
                // Only letters, digits and . _ - : safe to quote.
                string? suggestion = IsKnownKey(lower) ? lower : Suggest(lower);
                AddError(line, key, Where(line) + ConfigText.Echo(key) + ": keys are lower case"
                    + (suggestion != null ? "; did you mean " + suggestion + "?" : ""));
                return;
            }
            // Anything else is not quoted: "wifi.password: hunter2 = x" would otherwise leak the secret.
            AddError(line, string.Empty, Where(line)
                + "the key has characters other than a-z, 0-9, '.', '_' and '-' (keys are lower-case dotted, e.g. sample.period_s)");
        }

        private void ApplyFixed(int line, int index, string value)
        {
            KeySpec spec = ConfigKeys.Keys[index];
            if (IsDuplicate(line, spec.Name))
            {
                return;
            }
            if (_downlink && !spec.Runtime)
            {
                // The value is not quoted: it may be a password sent by mistake.
                AddError(line, spec.Name, Where(line) + spec.Name
                    + " can only be changed by re-provisioning the device, not by a downlink");
                return;
            }
            string text;
            double number;
            if (!ConfigValues.TryParseFixed(spec, value, out text, out number))
            {
                ValueError(line, spec.Name, value, ConfigKeys.Rule(spec));
                return;
            }
            _values.Texts[index] = text;
            _values.Numbers[index] = number;
            _fixedLines[index] = line;
        }

        private void ApplyAlarm(int line, string key, MetricId metric, int field, string value)
        {
            string name = MetricCatalog.Name(metric);
            if (!ConfigKeys.IsAlarmable(metric))
            {
                AddError(line, key, Where(line) + key + ": " + name + " is not a numeric metric, so it has no limits or bands"
                    + (metric == MetricId.DoorOpen ? " (the door alarm is alarm.door_in_transit)" : ""));
                return;
            }
            if (IsDuplicate(line, key))
            {
                return;
            }
            double parsed = double.NaN;
            bool valid = value == "off";
            if (!valid)
            {
                if (field == ConfigKeys.ExcursionS)
                {
                    long seconds;
                    valid = ConfigText.TryParseInteger(value, out seconds) && seconds >= 0 && seconds <= 86400;
                    parsed = seconds;
                }
                else
                {
                    double minimum = field == ConfigKeys.Hysteresis ? 0 : MetricCatalog.Minimum(metric);
                    double maximum = field == ConfigKeys.Hysteresis
                        ? MetricCatalog.Maximum(metric) - MetricCatalog.Minimum(metric)
                        : MetricCatalog.Maximum(metric);
                    valid = ConfigText.TryParseNumber(value, out parsed) && parsed >= minimum && parsed <= maximum;
                }
            }
            if (!valid)
            {
                ValueError(line, key, value, ConfigKeys.AlarmRule(metric, field));
                return;
            }
            _values.Alarm[field][(int)metric] = parsed;
            _alarmLines[field][(int)metric] = line;
        }

        private void ApplySensor(int line, string key, string sensor, string value)
        {
            if (!ConfigKeys.IsSensorName(sensor))
            {
                AddError(line, key, Where(line) + ConfigText.Echo(key)
                    + ": the sensor name must be 1 to 32 characters from a-z, 0-9 and '_'");
                return;
            }
            if (IsDuplicate(line, key))
            {
                return;
            }
            bool off = value == "off";
            long seconds = 0;
            if (!off && !(ConfigText.TryParseInteger(value, out seconds) && seconds >= 5 && seconds <= 86400))
            {
                ValueError(line, key, value, "must be an integer from 5 to 86400 (seconds), or off");
                return;
            }
            int index = _values.FindSensor(sensor);
            if (off)
            {
                if (index >= 0)
                {
                    RemoveSensor(index);
                }
                return;
            }
            if (index < 0)
            {
                if (_values.SensorCount == ConfigKeys.MaxSensorOverrides)
                {
                    AddError(line, key, Where(line) + key + ": at most "
                        + ConfigText.FormatInteger(ConfigKeys.MaxSensorOverrides) + " sensors can have their own period");
                    return;
                }
                index = _values.SensorCount++;
                _values.SensorNames[index] = sensor;
            }
            _values.SensorPeriodsS[index] = seconds;
            _sensorLines[index] = line;
        }

        private void RemoveSensor(int index)
        {
            int last = _values.SensorCount - 1;
            for (int i = index; i < last; i++)
            {
                _values.SensorNames[i] = _values.SensorNames[i + 1];
                _values.SensorPeriodsS[i] = _values.SensorPeriodsS[i + 1];
                _sensorLines[i] = _sensorLines[i + 1];
            }
            _values.SensorNames[last] = string.Empty;
            _values.SensorCount = last;
        }

        /// <summary>Checks required keys (whole file only) and the rules that tie several keys together.</summary>
        internal void Validate()
        {
            if (!_downlink)
            {
                for (int i = 0; i < ConfigKeys.Count; i++)
                {
                    KeySpec spec = ConfigKeys.Keys[i];
                    if (spec.Required && FindSeen(spec.Name) < 0)
                    {
                        AddError(0, spec.Name, "missing required key " + spec.Name + " (" + spec.Description + "): "
                            + ConfigKeys.Rule(spec));
                    }
                }
            }
            CheckOrder(ConfigKeys.SampleAlarmPeriod, ConfigKeys.SamplePeriod, "must not be longer than", "must not be shorter than");
            CheckOrder(ConfigKeys.UplinkBackoffMin, ConfigKeys.UplinkBackoffMax, "must not be longer than", "must not be shorter than");
            MetricId[] metrics = MetricCatalog.All;
            for (int i = 0; i < metrics.Length; i++)
            {
                if (ConfigKeys.IsAlarmable(metrics[i]))
                {
                    CheckThreshold(metrics[i]);
                    CheckExcursion(metrics[i]);
                }
            }
        }

        /// <summary>Fixed key <paramref name="lower"/> must not exceed fixed key <paramref name="upper"/>.</summary>
        private void CheckOrder(int lower, int upper, string lowerRule, string upperRule)
        {
            if (_values.Numbers[lower] <= _values.Numbers[upper])
            {
                return;
            }
            Conflict(ConfigKeys.Keys[lower].Name, _values.Numbers[lower], _fixedLines[lower], lowerRule,
                ConfigKeys.Keys[upper].Name, _values.Numbers[upper], _fixedLines[upper], upperRule);
        }

        private void CheckThreshold(MetricId metric)
        {
            int slot = (int)metric;
            double high = _values.Alarm[ConfigKeys.High][slot];
            double low = _values.Alarm[ConfigKeys.Low][slot];
            double hysteresis = _values.Alarm[ConfigKeys.Hysteresis][slot];
            int highLine = _alarmLines[ConfigKeys.High][slot];
            int lowLine = _alarmLines[ConfigKeys.Low][slot];
            int hysteresisLine = _alarmLines[ConfigKeys.Hysteresis][slot];
            string highKey = ConfigKeys.AlarmKey(metric, ConfigKeys.High);
            string lowKey = ConfigKeys.AlarmKey(metric, ConfigKeys.Low);
            string hysteresisKey = ConfigKeys.AlarmKey(metric, ConfigKeys.Hysteresis);
            if (!double.IsNaN(high) && !double.IsNaN(low) && low >= high)
            {
                Conflict(lowKey, low, lowLine, "must be below", highKey, high, highLine, "must be above");
                return;
            }
            if (double.IsNaN(hysteresis))
            {
                return;
            }
            int line = Max(hysteresisLine, Max(highLine, lowLine));
            string head = Where(line) + hysteresisKey + " = " + ConfigText.FormatNumber(hysteresis) + ": ";
            if (double.IsNaN(high) && double.IsNaN(low))
            {
                AddError(line, hysteresisKey, head + "needs " + highKey + " or " + lowKey + " (a hysteresis without a limit does nothing)");
                return;
            }
            string unit = ConfigKeys.UnitSuffix(MetricCatalog.Unit(metric));
            if (!double.IsNaN(high) && !double.IsNaN(low) && hysteresis >= high - low)
            {
                AddError(line, hysteresisKey, head + "must be smaller than the gap between " + lowKey + " ("
                    + ConfigText.FormatNumber(low) + ") and " + highKey + " (" + ConfigText.FormatNumber(high)
                    + "), or the high alarm could only clear below the low limit");
                return;
            }
            double minimum = MetricCatalog.Minimum(metric);
            double maximum = MetricCatalog.Maximum(metric);
            if (!double.IsNaN(high) && high - hysteresis < minimum)
            {
                AddError(line, hysteresisKey, head + highKey + " (" + ConfigText.FormatNumber(high)
                    + ") minus the hysteresis is below " + ConfigText.FormatNumber(minimum) + unit
                    + ", the lowest value of " + MetricCatalog.Name(metric) + ", so the alarm could never clear");
                return;
            }
            if (!double.IsNaN(low) && low + hysteresis > maximum)
            {
                AddError(line, hysteresisKey, head + lowKey + " (" + ConfigText.FormatNumber(low)
                    + ") plus the hysteresis is above " + ConfigText.FormatNumber(maximum) + unit
                    + ", the highest value of " + MetricCatalog.Name(metric) + ", so the alarm could never clear");
            }
        }

        private void CheckExcursion(MetricId metric)
        {
            int slot = (int)metric;
            int present = 0;
            int line = 0;
            for (int field = ConfigKeys.BandMin; field <= ConfigKeys.ExcursionS; field++)
            {
                if (!double.IsNaN(_values.Alarm[field][slot]))
                {
                    present++;
                }
                line = Max(line, _alarmLines[field][slot]);
            }
            if (present == 0)
            {
                return;
            }
            if (present < 3)
            {
                string all = ConfigKeys.AlarmKey(metric, ConfigKeys.BandMin) + ", " + ConfigKeys.AlarmKey(metric, ConfigKeys.BandMax)
                    + " and " + ConfigKeys.AlarmKey(metric, ConfigKeys.ExcursionS);
                for (int field = ConfigKeys.BandMin; field <= ConfigKeys.ExcursionS; field++)
                {
                    if (double.IsNaN(_values.Alarm[field][slot]))
                    {
                        string missing = ConfigKeys.AlarmKey(metric, field);
                        AddError(line, missing, Where(line) + missing + " is missing: an excursion rule needs " + all + " together");
                    }
                }
                return;
            }
            double bandMin = _values.Alarm[ConfigKeys.BandMin][slot];
            double bandMax = _values.Alarm[ConfigKeys.BandMax][slot];
            if (bandMin >= bandMax)
            {
                Conflict(ConfigKeys.AlarmKey(metric, ConfigKeys.BandMin), bandMin, _alarmLines[ConfigKeys.BandMin][slot], "must be below",
                    ConfigKeys.AlarmKey(metric, ConfigKeys.BandMax), bandMax, _alarmLines[ConfigKeys.BandMax][slot], "must be above");
            }
        }

        /// <summary>
        /// Reports two keys whose values contradict each other on the line that was written last (the other one is
        /// quoted with where its value came from).
        /// </summary>
        private void Conflict(string keyA, double valueA, int lineA, string ruleA, string keyB, double valueB, int lineB, string ruleB)
        {
            if (lineA >= lineB)
            {
                AddError(lineA, keyA, Where(lineA) + keyA + " = " + ConfigText.FormatNumber(valueA) + ": " + ruleA + " "
                    + keyB + " (" + ConfigText.FormatNumber(valueB) + Origin(lineB) + ")");
            }
            else
            {
                AddError(lineB, keyB, Where(lineB) + keyB + " = " + ConfigText.FormatNumber(valueB) + ": " + ruleB + " "
                    + keyA + " (" + ConfigText.FormatNumber(valueA) + Origin(lineA) + ")");
            }
        }

        private string Origin(int line)
        {
            if (line > 0)
            {
                return ", line " + ConfigText.FormatInteger(line);
            }
            return _downlink ? ", the current value" : ", the default";
        }

        private static int Max(int a, int b) => a > b ? a : b;

        private static string Where(int line) => line > 0 ? "line " + ConfigText.FormatInteger(line) + ": " : string.Empty;

        private void ValueError(int line, string key, string value, string rule)
        {
            string shown;
            if (ConfigKeys.IsSecret(key))
            {
                shown = value.Length == 0 ? "(empty)" : ConfigText.Mask;
            }
            else
            {
                shown = value.Length == 0 ? "(empty)" : ConfigText.Echo(value);
            }
            string hint = !ConfigKeys.IsSecret(key) && value.IndexOf('#') >= 0
                ? " (a comment must be on its own line, starting with '#')"
                : string.Empty;
            AddError(line, key, Where(line) + key + " = " + shown + ": " + rule + hint);
        }

        private bool IsDuplicate(int line, string key)
        {
            int seen = FindSeen(key);
            if (seen >= 0)
            {
                AddError(line, key, Where(line) + key + ": duplicate key, already set on line " + ConfigText.FormatInteger(_seenLines[seen]));
                return true;
            }
            if (_seenCount == _seenKeys.Length)
            {
                string[] keys = new string[_seenKeys.Length * 2];
                int[] lines = new int[_seenLines.Length * 2];
                Array.Copy(_seenKeys, keys, _seenCount);
                Array.Copy(_seenLines, lines, _seenCount);
                _seenKeys = keys;
                _seenLines = lines;
            }
            _seenKeys[_seenCount] = key;
            _seenLines[_seenCount] = line;
            _seenCount++;
            return false;
        }

        private int FindSeen(string key)
        {
            for (int i = 0; i < _seenCount; i++)
            {
                if (_seenKeys[i] == key)
                {
                    return i;
                }
            }
            return -1;
        }

        private bool IsKnownKey(string key)
        {
            if (ConfigKeys.Find(key) >= 0 || (_downlink && key == ConfigKeys.RequestIdKey))
            {
                return true;
            }
            string[] parts = key.Split(new char[] { '.' });
            MetricId metric;
            return parts.Length == 3
                && ((parts[0] == "alarm" && ConfigKeys.FindAlarmField(parts[2]) >= 0 && MetricCatalog.TryFindByName(parts[1], out metric))
                    || (parts[0] == "sample" && parts[2] == "period_s" && ConfigKeys.IsSensorName(parts[1])));
        }

        /// <summary>The known key nearest to <paramref name="key"/> within edit distance 2, or null.</summary>
        private string? Suggest(string key)
        {
            string? best = null;
            int bestDistance = 3;
            for (int i = 0; i < ConfigKeys.Count; i++)
            {
                Consider(key, ConfigKeys.Keys[i].Name, ref best, ref bestDistance);
            }
            if (_downlink)
            {
                Consider(key, ConfigKeys.RequestIdKey, ref best, ref bestDistance);
            }
            if (ConfigText.StartsWithOrdinal(key, "alarm."))
            {
                MetricId[] metrics = MetricCatalog.All;
                for (int m = 0; m < metrics.Length; m++)
                {
                    if (!ConfigKeys.IsAlarmable(metrics[m]))
                    {
                        continue;
                    }
                    for (int field = 0; field < ConfigKeys.AlarmFieldCount; field++)
                    {
                        Consider(key, ConfigKeys.AlarmKey(metrics[m], field), ref best, ref bestDistance);
                    }
                }
            }
            string[] parts = key.Split(new char[] { '.' });
            if (parts.Length == 3 && parts[0] == "sample" && ConfigKeys.IsSensorName(parts[1]))
            {
                Consider(key, ConfigKeys.SensorKey(parts[1]), ref best, ref bestDistance);
            }
            return best;
        }

        private static void Consider(string key, string candidate, ref string? best, ref int bestDistance)
        {
            int lengthGap = key.Length - candidate.Length;
            if (lengthGap > 2 || lengthGap < -2)
            {
                return; // Cannot be within distance 2.
            }
            int distance = ConfigText.EditDistance(key, candidate);
            if (distance < bestDistance)
            {
                best = candidate;
                bestDistance = distance;
            }
        }

        private void AddError(int line, string key, string message) => _errors.Add(line, key, message);
    }
}
