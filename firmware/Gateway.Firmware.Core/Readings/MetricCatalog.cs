using System.Text;

namespace Gateway.Firmware.Core.Readings
{
    /// <summary>How a metric's value is represented in SenML (RFC 8428 §4.2: v, vb or vs).</summary>
    public enum SenmlValueKind : byte
    {
        /// <summary>Numeric value, SenML <c>v</c>.</summary>
        Number = 0,
        /// <summary>Boolean value, SenML <c>vb</c>.</summary>
        Boolean = 1,
        /// <summary>Text value, SenML <c>vs</c> (the stored number is a code the encoder turns into text).</summary>
        Text = 2,
    }

    /// <summary>
    /// SenML names, units and physical ranges of every <see cref="MetricId"/>. One table, shared by the
    /// node (encoding, sanity checks) and the ingestion service (validation), so both agree.
    /// Units are from the IANA SenML Units registry (RFC 8428 §12.1) or its Secondary Units registry (RFC 8798)
    /// where one exists; an empty unit means a dimensionless code or boolean.
    /// </summary>
    public static class MetricCatalog
    {
        private const int Size = 64;
        private static readonly string[] s_names = new string[Size];
        private static readonly string[] s_units = new string[Size];
        private static readonly double[] s_min = new double[Size];
        private static readonly double[] s_max = new double[Size];
        private static readonly SenmlValueKind[] s_kinds = new SenmlValueKind[Size];
        private static readonly byte[][] s_nameUtf8 = new byte[Size][];
        private static readonly byte[][] s_unitUtf8 = new byte[Size][];
        private static readonly MetricId[] s_all;

        static MetricCatalog()
        {
            s_all = new MetricId[]
            {
                MetricId.Temperature, MetricId.RelativeHumidity, MetricId.Pressure, MetricId.Pm1, MetricId.Pm2_5,
                MetricId.Pm10, MetricId.Co2, MetricId.Tvoc, MetricId.Noise, MetricId.Illuminance,
                MetricId.Latitude, MetricId.Longitude, MetricId.Altitude, MetricId.Speed, MetricId.Course,
                MetricId.FixQuality, MetricId.SatellitesInUse, MetricId.Constellation, MetricId.Acceleration,
                MetricId.Tilt, MetricId.DoorOpen, MetricId.CargoTemperature, MetricId.BatteryVoltage, MetricId.Rssi,
            };
            // Ranges are what the sensors we support can physically report (datasheets), widened a little;
            // anything outside is a fault, not a measurement.
            Define(MetricId.Temperature, "temp", "Cel", -60, 100, SenmlValueKind.Number);
            Define(MetricId.RelativeHumidity, "rh", "%RH", 0, 100, SenmlValueKind.Number);
            Define(MetricId.Pressure, "press", "Pa", 30000, 110000, SenmlValueKind.Number);
            Define(MetricId.Pm1, "pm1", "ug/m3", 0, 5000, SenmlValueKind.Number);
            Define(MetricId.Pm2_5, "pm2_5", "ug/m3", 0, 5000, SenmlValueKind.Number);
            Define(MetricId.Pm10, "pm10", "ug/m3", 0, 5000, SenmlValueKind.Number);
            Define(MetricId.Co2, "co2", "ppm", 0, 40000, SenmlValueKind.Number);
            Define(MetricId.Tvoc, "tvoc", "ppb", 0, 60000, SenmlValueKind.Number);
            Define(MetricId.Noise, "noise", "dB", 0, 194, SenmlValueKind.Number);
            Define(MetricId.Illuminance, "lux", "lx", 0, 200000, SenmlValueKind.Number);
            Define(MetricId.Latitude, "lat", "lat", -90, 90, SenmlValueKind.Number);
            Define(MetricId.Longitude, "lon", "lon", -180, 180, SenmlValueKind.Number);
            Define(MetricId.Altitude, "alt", "m", -500, 20000, SenmlValueKind.Number);
            Define(MetricId.Speed, "speed", "m/s", 0, 150, SenmlValueKind.Number);
            Define(MetricId.Course, "course", "deg", 0, 360, SenmlValueKind.Number);
            Define(MetricId.FixQuality, "fix", "", 0, 8, SenmlValueKind.Number);
            Define(MetricId.SatellitesInUse, "sats", "count", 0, 64, SenmlValueKind.Number);
            Define(MetricId.Constellation, "gnss", "", 0, 255, SenmlValueKind.Text);
            Define(MetricId.Acceleration, "accel", "m/s2", 0, 2000, SenmlValueKind.Number);
            Define(MetricId.Tilt, "tilt", "deg", 0, 180, SenmlValueKind.Number);
            Define(MetricId.DoorOpen, "door", "", 0, 1, SenmlValueKind.Boolean);
            Define(MetricId.CargoTemperature, "cargo_temp", "Cel", -60, 100, SenmlValueKind.Number);
            Define(MetricId.BatteryVoltage, "battery", "V", 0, 60, SenmlValueKind.Number);
            Define(MetricId.Rssi, "rssi", "dBm", -150, 0, SenmlValueKind.Number);
        }

        private static void Define(MetricId id, string name, string unit, double min, double max, SenmlValueKind kind)
        {
            int i = (int)id;
            s_names[i] = name;
            s_units[i] = unit;
            s_min[i] = min;
            s_max[i] = max;
            s_kinds[i] = kind;
            s_nameUtf8[i] = Encoding.UTF8.GetBytes(name);
            s_unitUtf8[i] = Encoding.UTF8.GetBytes(unit);
        }

        /// <summary>Every defined metric.</summary>
        public static MetricId[] All => s_all;

        /// <summary>True when <paramref name="id"/> is a defined metric.</summary>
        public static bool IsDefined(MetricId id) => (int)id > 0 && (int)id < Size && s_names[(int)id] != null;

        /// <summary>SenML record name, e.g. <c>pm2_5</c>.</summary>
        public static string Name(MetricId id) => s_names[(int)id];

        /// <summary>SenML unit, e.g. <c>ug/m3</c>; empty for codes and booleans.</summary>
        public static string Unit(MetricId id) => s_units[(int)id];

        /// <summary>UTF-8 bytes of <see cref="Name"/>, shared (do not modify).</summary>
        public static byte[] NameUtf8(MetricId id) => s_nameUtf8[(int)id];

        /// <summary>UTF-8 bytes of <see cref="Unit"/>, shared (do not modify).</summary>
        public static byte[] UnitUtf8(MetricId id) => s_unitUtf8[(int)id];

        /// <summary>Which SenML value field carries the metric.</summary>
        public static SenmlValueKind ValueKind(MetricId id) => s_kinds[(int)id];

        /// <summary>Smallest physically plausible value.</summary>
        public static double Minimum(MetricId id) => s_min[(int)id];

        /// <summary>Largest physically plausible value.</summary>
        public static double Maximum(MetricId id) => s_max[(int)id];

        /// <summary>True when <paramref name="value"/> is finite and inside the metric's plausible range.</summary>
        public static bool IsPlausible(MetricId id, double value)
        {
            if (!IsDefined(id) || double.IsNaN(value) || double.IsInfinity(value))
            {
                return false;
            }
            return value >= s_min[(int)id] && value <= s_max[(int)id];
        }

        /// <summary>Finds a metric by its SenML name; returns false when the name is unknown.</summary>
        public static bool TryFindByName(string name, out MetricId id)
        {
            for (int i = 0; i < s_all.Length; i++)
            {
                if (s_names[(int)s_all[i]] == name)
                {
                    id = s_all[i];
                    return true;
                }
            }
            id = MetricId.None;
            return false;
        }
    }
}
