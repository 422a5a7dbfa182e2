using System;
using Gateway.Firmware.Core.Gnss;
using Gateway.Firmware.Core.Readings;

namespace Gateway.Benchmarks.Workloads
{
    /// <summary>
    /// How one reading looks in the flat "one JSON object per reading" style of ESPHome and Tasmota, next to the core's
    /// <see cref="Reading"/>: the sensor name and unit such firmware prints, and a text value where SenML sends <c>vs</c>.
    /// </summary>
    public readonly record struct FlatLabel(string Sensor, string Unit, string? TextValue);

    /// <summary>A batch of readings as the uplink would pack them, with what the flat JSON comparison needs.</summary>
    public sealed class SamplePack
    {
        public SamplePack(string title, string deviceId, Reading[] readings, FlatLabel[] flat)
        {
            if (readings.Length != flat.Length)
            {
                throw new ArgumentException($"flat labels ({flat.Length}) must match readings ({readings.Length})", nameof(flat));
            }
            Title = title;
            DeviceId = deviceId;
            Readings = readings;
            Flat = flat;
        }

        /// <summary>Row title in the tables.</summary>
        public string Title { get; }

        /// <summary>Device id: SenML base name <c>{id}/</c>, flat JSON <c>"device"</c>.</summary>
        public string DeviceId { get; }

        /// <summary>SenML base name the node uses.</summary>
        public string BaseName => DeviceId + "/";

        public Reading[] Readings { get; }

        public FlatLabel[] Flat { get; }

        /// <summary>
        /// The <c>bfloor</c> the uplink would send: the oldest sequence still unconfirmed. In steady state everything before
        /// the pack is confirmed, so it is the pack's first sequence.
        /// </summary>
        public long FloorSequence => Readings[0].Sequence;
    }

    /// <summary>
    /// The packs measured by <c>sizes</c> and encoded by the benchmarks. Values are realistic and at the resolution the
    /// sensors deliver, because the CBOR size of a number depends on it (an integer or a half float is 1 to 3 bytes, 21.53
    /// needs a 9-byte double): SHT4x 0.01 °C and 0.1 %RH, BMP280 1 Pa, PMS5003 1 µg/m³, SCD41 1 ppm, SGP30 1 ppb, a sound
    /// meter 0.1 dB, BH1750 0.5 lx (H-resolution mode 2).
    /// </summary>
    public static class SamplePacks
    {
        /// <summary>Device time of the environmental sample: 2025-11-22 16:46:40.123 UTC (milliseconds are not zero, as on a real tick).</summary>
        public const long SampleTimeUnixMs = 1763830000123;

        /// <summary>Sequence of the first reading of each pack.</summary>
        public const long FirstSequence = 1234;

        /// <summary>Environmental node id, as in docs/CONFIG.md.</summary>
        public const string EnvironmentalDeviceId = "env-0001";

        /// <summary>Logistics tracker id, as in docs/CONFIG.md.</summary>
        public const string LogisticsDeviceId = "truck-0042";

        /// <summary>Metrics of the environmental node, in the order its sensors report them.</summary>
        public static readonly MetricId[] EnvironmentalMetrics =
        {
            MetricId.Temperature, MetricId.RelativeHumidity, MetricId.Pressure, MetricId.Pm1, MetricId.Pm2_5,
            MetricId.Pm10, MetricId.Co2, MetricId.Tvoc, MetricId.Noise, MetricId.Illuminance,
        };

        // ESPHome/Tasmota-style sensor names and display units for the same metrics.
        private static readonly FlatLabel[] s_environmentalFlat =
        {
            new("temperature", "°C", null), new("humidity", "%", null), new("pressure", "Pa", null),
            new("pm1_0", "µg/m³", null), new("pm2_5", "µg/m³", null), new("pm10_0", "µg/m³", null),
            new("co2", "ppm", null), new("tvoc", "ppb", null), new("noise", "dB", null), new("illuminance", "lx", null),
        };

        private static readonly double[] s_environmentalValues = { 21.53, 45.6, 101325, 8, 12, 19, 612, 125, 48.7, 312.5 };

        /// <summary>One environmental node sampling all ten metrics at one time.</summary>
        public static SamplePack Environmental10()
        {
            var readings = new Reading[EnvironmentalMetrics.Length];
            for (int i = 0; i < readings.Length; i++)
            {
                readings[i] = Measurement(FirstSequence + i, SampleTimeUnixMs, EnvironmentalMetrics[i], s_environmentalValues[i]);
            }
            return new SamplePack("environmental, 10 readings", EnvironmentalDeviceId, readings, s_environmentalFlat);
        }

        /// <summary>
        /// One GNSS fix of a logistics tracker (8 readings) as <see cref="GnssReceiverSensor"/> reports it from
        /// <c>$GNGGA,...,4808.2292,N,01134.5108,E,1,09,0.9,519.4,M,...</c> and <c>$GNRMC,...,12.3,84.4,...</c>: degrees =
        /// dd + mm.mmmm/60, speed = knots × 1852/3600, constellations GPS+GLONASS+Galileo (sent as text).
        /// </summary>
        public static SamplePack LogisticsFix8()
        {
            (MetricId Metric, double Value, FlatLabel Flat)[] fix =
            {
                (MetricId.Latitude, 48 + (8.2292 / 60), new("latitude", "°", null)),
                (MetricId.Longitude, 11 + (34.5108 / 60), new("longitude", "°", null)),
                (MetricId.Altitude, 519.4, new("altitude", "m", null)),
                (MetricId.Speed, 12.3 * 1852.0 / 3600.0, new("speed", "m/s", null)),
                (MetricId.Course, 84.4, new("course", "°", null)),
                (MetricId.FixQuality, 1, new("fix_quality", "", null)),
                (MetricId.SatellitesInUse, 9, new("satellites", "", null)),
                (MetricId.Constellation, (int)(GnssConstellation.Gps | GnssConstellation.Glonass | GnssConstellation.Galileo),
                    new("constellations", "", GnssConstellations.ToText(GnssConstellation.Gps | GnssConstellation.Glonass | GnssConstellation.Galileo))),
            };
            var readings = new Reading[fix.Length];
            var flat = new FlatLabel[fix.Length];
            for (int i = 0; i < fix.Length; i++)
            {
                readings[i] = Measurement(FirstSequence + i, SampleTimeUnixMs, fix[i].Metric, fix[i].Value);
                flat[i] = fix[i].Flat;
            }
            return new SamplePack("logistics GNSS fix, 8 readings", LogisticsDeviceId, readings, flat);
        }

        /// <summary>
        /// 64 buffered environmental readings sent after an outage: 6.4 sample cycles 60 s apart, values drifting.
        /// With <paramref name="tickJitter"/> each cycle's time carries the milliseconds of the tick that took it (the node
        /// samples on the first tick at or after the due time, here every 100 ms), so relative times are fractional seconds,
        /// as the core writes them today; without it, cycles fall on whole seconds.
        /// </summary>
        public static SamplePack Backlog64(bool tickJitter)
        {
            const int count = 64;
            var readings = new Reading[count];
            var flat = new FlatLabel[count];
            var random = new Random(20251122);
            long jitterMs = 0;
            for (int i = 0; i < count; i++)
            {
                int cycle = i / EnvironmentalMetrics.Length;
                int m = i % EnvironmentalMetrics.Length;
                if (m == 0 && cycle > 0 && tickJitter)
                {
                    // One tick takes the whole sample, so all its readings share the time.
                    jitterMs = random.Next(1, 100);
                }
                long timeMs = SampleTimeUnixMs + (cycle * 60_000L) + jitterMs;
                double value = Drift(EnvironmentalMetrics[m], s_environmentalValues[m], cycle);
                readings[i] = Measurement(FirstSequence + i, timeMs, EnvironmentalMetrics[m], value);
                flat[i] = s_environmentalFlat[m];
            }
            string title = tickJitter ? "backlog, 64 readings (tick ms in t)" : "backlog, 64 readings (whole-second t)";
            return new SamplePack(title, EnvironmentalDeviceId, readings, flat);
        }

        /// <summary>Every pack the <c>sizes</c> mode reports, in table order.</summary>
        public static SamplePack[] All() =>
            new[] { Environmental10(), LogisticsFix8(), Backlog64(tickJitter: true), Backlog64(tickJitter: false) };

        private static Reading Measurement(long sequence, long timeUnixMs, MetricId metric, double value) => new Reading
        {
            Sequence = sequence,
            TimeUnixMs = timeUnixMs,
            Metric = metric,
            Kind = ReadingKind.Measurement,
            Value = value,
        };

        // A small deterministic drift per cycle, kept at each sensor's resolution.
        private static double Drift(MetricId metric, double start, int cycle) => metric switch
        {
            MetricId.Temperature => Math.Round((start + (0.07 * cycle)) * 100) / 100,
            MetricId.RelativeHumidity => Math.Round((start - (0.3 * cycle)) * 10) / 10,
            MetricId.Pressure => start - (3 * cycle),
            MetricId.Pm1 or MetricId.Pm2_5 or MetricId.Pm10 => start + (cycle % 3),
            MetricId.Co2 => start + (7 * cycle),
            MetricId.Tvoc => start + (2 * cycle),
            MetricId.Noise => Math.Round((start + (0.4 * (cycle % 4))) * 10) / 10,
            MetricId.Illuminance => start + (0.5 * cycle),
            _ => start,
        };
    }
}
