using System;
using Gateway.Firmware.Core.Platform;
using Gateway.Firmware.Core.Readings;
using Gateway.Firmware.Core.Sampling;

namespace Gateway.Benchmarks.Fakes
{
    /// <summary>
    /// A sensor that replays a precomputed table of values per metric, one row per read, cycling (like the tests'
    /// ScriptedSensor, but moving by itself). Reading allocates nothing.
    /// </summary>
    public sealed class ReplaySensor : ISensor
    {
        private readonly double[][] _table; // [metric][row]
        private int _row;

        public ReplaySensor(string name, MetricId[] metrics, double[][] table)
        {
            if (table.Length != metrics.Length)
            {
                throw new ArgumentException($"table has {table.Length} columns, sensor {name} has {metrics.Length} metrics", nameof(table));
            }
            Name = name;
            Metrics = metrics;
            _table = table;
        }

        public string Name { get; }

        public MetricId[] Metrics { get; }

        public long Reads { get; private set; }

        public bool TryRead(double[] values, out SensorError error)
        {
            for (int m = 0; m < _table.Length; m++)
            {
                double[] column = _table[m];
                values[m] = column[_row % column.Length];
            }
            _row++;
            Reads++;
            error = SensorError.None;
            return true;
        }
    }

    /// <summary>
    /// The environmental board of the benchmarks: SHT4x (temp, rh), BMP280 (press), PMS5003 (pm1, pm2_5, pm10), SCD41 (co2),
    /// SGP30 (tvoc), a sound meter (noise) and BH1750 (lux): ten metrics from seven sensors, values at sensor resolution with
    /// noise, so the stuck-sensor check never fires. PM2.5 has one pollution episode per table cycle that rises above 75 µg/m³
    /// and falls back below 70, so the alarm path raises and clears an alarm now and then, as it does in a city.
    /// </summary>
    public static class EnvironmentalBoard
    {
        /// <summary>Rows per value table (a prime, so the columns of different sensors drift against each other).</summary>
        public const int TableRows = 251;

        /// <summary>Metrics per full sample of the board.</summary>
        public const int MetricsPerSample = 10;

        /// <summary>Creates the seven sensors with deterministic values from <paramref name="seed"/>.</summary>
        public static ReplaySensor[] CreateSensors(int seed)
        {
            var random = new Random(seed);
            return new[]
            {
                new ReplaySensor("sht4x", new[] { MetricId.Temperature, MetricId.RelativeHumidity }, new[]
                {
                    Column(random, MetricId.Temperature, 21.5, 1.5, 0.05, 0.01),
                    Column(random, MetricId.RelativeHumidity, 45, 6, 0.3, 0.1),
                }),
                new ReplaySensor("bmp280", new[] { MetricId.Pressure }, new[] { Column(random, MetricId.Pressure, 101325, 250, 4, 1) }),
                new ReplaySensor("pms5003", new[] { MetricId.Pm1, MetricId.Pm2_5, MetricId.Pm10 }, new[]
                {
                    Column(random, MetricId.Pm1, 7, 3, 1, 1),
                    PmEpisode(random),
                    Column(random, MetricId.Pm10, 20, 6, 2, 1),
                }),
                new ReplaySensor("scd41", new[] { MetricId.Co2 }, new[] { Column(random, MetricId.Co2, 620, 120, 6, 1) }),
                new ReplaySensor("sgp30", new[] { MetricId.Tvoc }, new[] { Column(random, MetricId.Tvoc, 130, 40, 5, 1) }),
                new ReplaySensor("noise", new[] { MetricId.Noise }, new[] { Column(random, MetricId.Noise, 52, 8, 1.5, 0.1) }),
                new ReplaySensor("bh1750", new[] { MetricId.Illuminance }, new[] { Column(random, MetricId.Illuminance, 300, 250, 5, 0.5) }),
            };
        }

        // A slow daily-like swing plus noise, quantized to the resolution (k / (1/resolution) gives the same double as
        // parsing the decimal text, as a driver's output would). Consecutive analog values always differ.
        private static double[] Column(Random random, MetricId metric, double mean, double swing, double noise, double resolution)
        {
            var column = new double[TableRows];
            double steps = Math.Round(1 / resolution);
            for (int row = 0; row < TableRows; row++)
            {
                double raw = mean + (swing * Math.Sin(2 * Math.PI * row / TableRows)) + (noise * ((random.NextDouble() * 2) - 1));
                double value = Math.Max(MetricCatalog.Minimum(metric), Math.Round(raw * steps) / steps);
                if (SamplingScheduler.IsAnalog(metric) && row > 0 && value == column[row - 1])
                {
                    value = Math.Round((value + resolution) * steps) / steps;
                }
                column[row] = value;
            }
            if (SamplingScheduler.IsAnalog(metric) && column[0] == column[TableRows - 1])
            {
                column[0] = Math.Round((column[0] + resolution) * steps) / steps;
            }
            return column;
        }

        private static double[] PmEpisode(Random random)
        {
            double[] column = Column(random, MetricId.Pm2_5, 13, 4, 2, 1);
            // Rows 120..139: rise to ~95 µg/m³ and back (the alarm limit in the benchmarks is 75, hysteresis 5).
            for (int row = 120; row < 140; row++)
            {
                double phase = Math.Sin(Math.PI * (row - 120) / 19.0);
                column[row] = Math.Round(13 + (82 * phase));
            }
            return column;
        }
    }
}
