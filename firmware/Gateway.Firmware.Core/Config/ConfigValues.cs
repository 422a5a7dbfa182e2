using System;
using Gateway.Firmware.Core.Readings;

namespace Gateway.Firmware.Core.Config
{
    /// <summary>
    /// The raw settings behind a <see cref="DeviceConfig"/>: one slot per fixed key, per-metric alarm fields and
    /// per-sensor periods, exactly as written (an unset alarm field is NaN, so an explicit hysteresis stays
    /// distinguishable from the default). A <see cref="DeviceConfig"/> never changes its instance; a downlink change
    /// works on a <see cref="Clone"/>.
    /// </summary>
    internal sealed class ConfigValues
    {
        /// <summary>Canonical text of every fixed key (as written by ToText).</summary>
        internal readonly string[] Texts = new string[ConfigKeys.Count];

        /// <summary>Numeric value of every fixed key (choice index, 1/0 for on/off, NaN for off; 0 for text keys).</summary>
        internal readonly double[] Numbers = new double[ConfigKeys.Count];

        /// <summary>[field][metric] alarm values; NaN when not set. Excursion in whole seconds.</summary>
        internal readonly double[][] Alarm = new double[ConfigKeys.AlarmFieldCount][];

        /// <summary>Per-sensor override names, in the order they were first set.</summary>
        internal readonly string[] SensorNames = new string[ConfigKeys.MaxSensorOverrides];

        /// <summary>Per-sensor override periods, seconds.</summary>
        internal readonly long[] SensorPeriodsS = new long[ConfigKeys.MaxSensorOverrides];

        /// <summary>Number of per-sensor overrides.</summary>
        internal int SensorCount;

        internal ConfigValues()
        {
            for (int field = 0; field < ConfigKeys.AlarmFieldCount; field++)
            {
                double[] slots = new double[ConfigKeys.MetricSlots];
                for (int i = 0; i < slots.Length; i++)
                {
                    slots[i] = double.NaN;
                }
                Alarm[field] = slots;
            }
        }

        /// <summary>All defaults; required keys are empty (the parser reports them missing).</summary>
        internal static ConfigValues CreateDefaults()
        {
            ConfigValues values = new ConfigValues();
            for (int i = 0; i < ConfigKeys.Count; i++)
            {
                KeySpec spec = ConfigKeys.Keys[i];
                string text;
                double number;
                if (spec.Required || !TryParseFixed(spec, spec.DefaultText, out text, out number))
                {
                    text = string.Empty;
                    number = 0;
                }
                values.Texts[i] = text;
                values.Numbers[i] = number;
            }
            return values;
        }

        /// <summary>A deep copy.</summary>
        internal ConfigValues Clone()
        {
            ConfigValues copy = new ConfigValues();
            Array.Copy(Texts, copy.Texts, Texts.Length);
            Array.Copy(Numbers, copy.Numbers, Numbers.Length);
            for (int field = 0; field < ConfigKeys.AlarmFieldCount; field++)
            {
                Array.Copy(Alarm[field], copy.Alarm[field], ConfigKeys.MetricSlots);
            }
            Array.Copy(SensorNames, copy.SensorNames, SensorCount);
            Array.Copy(SensorPeriodsS, copy.SensorPeriodsS, SensorCount);
            copy.SensorCount = SensorCount;
            return copy;
        }

        /// <summary>Index of a per-sensor override, or -1.</summary>
        internal int FindSensor(string name)
        {
            for (int i = 0; i < SensorCount; i++)
            {
                if (SensorNames[i] == name)
                {
                    return i;
                }
            }
            return -1;
        }

        /// <summary>Alarm field of a metric (NaN when not set).</summary>
        internal double AlarmValue(int field, MetricId metric) => Alarm[field][(int)metric];

        /// <summary>
        /// Parses the value of a fixed key. On success <paramref name="text"/> is the canonical spelling and
        /// <paramref name="number"/> the numeric value (see <see cref="Numbers"/>).
        /// </summary>
        internal static bool TryParseFixed(KeySpec spec, string value, out string text, out double number)
        {
            text = value;
            number = 0;
            switch (spec.Kind)
            {
                case ValueKind.Integer:
                case ValueKind.ZeroOrInteger:
                {
                    long whole;
                    if (!ConfigText.TryParseInteger(value, out whole))
                    {
                        return false;
                    }
                    bool inRange = (whole >= spec.Minimum && whole <= spec.Maximum)
                        || (spec.Kind == ValueKind.ZeroOrInteger && whole == 0);
                    number = whole;
                    text = ConfigText.FormatInteger(whole);
                    return inRange;
                }
                case ValueKind.Number:
                {
                    if (spec.AllowOff && value == "off")
                    {
                        number = double.NaN;
                        text = "off";
                        return true;
                    }
                    double parsed;
                    if (!ConfigText.TryParseNumber(value, out parsed) || parsed < spec.Minimum || parsed > spec.Maximum)
                    {
                        return false;
                    }
                    number = parsed;
                    text = ConfigText.FormatNumber(parsed);
                    return true;
                }
                case ValueKind.Choice:
                    for (int i = 0; i < spec.Choices.Length; i++)
                    {
                        if (spec.Choices[i] == value)
                        {
                            number = i;
                            return true;
                        }
                    }
                    return false;
                case ValueKind.OnOff:
                    if (value == "on" || value == "off")
                    {
                        number = value == "on" ? 1 : 0;
                        return true;
                    }
                    return false;
                default:
                    return ConfigKeys.IsValidText(spec.Kind, value);
            }
        }

        /// <summary>
        /// The hysteresis used when alarm.&lt;metric&gt;.hysteresis is not set: 5 % of the larger limit's magnitude, but at
        /// least 0.1 % of the metric's physical range (so a limit at 0 still gets one), and never so large that the
        /// alarm could not clear: at most high − minimum, maximum − low, and half the gap between low and high.
        /// </summary>
        internal static double DefaultHysteresis(MetricId metric, double high, double low)
        {
            double minimum = MetricCatalog.Minimum(metric);
            double maximum = MetricCatalog.Maximum(metric);
            double magnitude = 0;
            if (!double.IsNaN(high))
            {
                magnitude = Math.Abs(high);
            }
            if (!double.IsNaN(low))
            {
                magnitude = Math.Max(magnitude, Math.Abs(low));
            }
            double hysteresis = Math.Max(magnitude / 20, (maximum - minimum) / 1000);
            if (!double.IsNaN(high))
            {
                hysteresis = Math.Min(hysteresis, high - minimum);
            }
            if (!double.IsNaN(low))
            {
                hysteresis = Math.Min(hysteresis, maximum - low);
            }
            if (!double.IsNaN(high) && !double.IsNaN(low))
            {
                hysteresis = Math.Min(hysteresis, (high - low) / 2);
            }
            return hysteresis < 0 ? 0 : hysteresis;
        }
    }
}
