using System;
using Gateway.Firmware.Core.Codec;
using Gateway.Firmware.Core.Readings;

namespace Gateway.Benchmarks.Fleet.Workloads
{
    /// <summary>
    /// SenML CBOR packs of one environmental station, written by the core's own <see cref="SenmlCborWriter"/> exactly as the
    /// uplink sends them (<c>EncodePrefix</c> with <c>bfloor</c>): one sample of the ten metrics of a station with BME280, SPS30,
    /// SCD4x, SGP, sound meter and light sensor (the fleet mode's board), values at the sensors' resolution, because the CBOR
    /// size of a number depends on it.
    /// </summary>
    public sealed class EnvironmentalPacks
    {
        /// <summary>Readings per pack: one full sample of the station.</summary>
        public const int ReadingsPerPack = 10;

        /// <summary>The station's metrics in the order its sensors report them.</summary>
        public static readonly MetricId[] Metrics =
        {
            MetricId.Temperature, MetricId.RelativeHumidity, MetricId.Pressure, MetricId.Pm1, MetricId.Pm2_5,
            MetricId.Pm10, MetricId.Co2, MetricId.Tvoc, MetricId.Noise, MetricId.Illuminance,
        };

        private readonly SenmlCborWriter _writer;
        private readonly Reading[] _readings = new Reading[ReadingsPerPack];
        private readonly byte[] _buffer = new byte[1024];
        private readonly int _station;

        /// <summary>Packs of device <paramref name="deviceId"/>; <paramref name="station"/> varies the values between devices.</summary>
        public EnvironmentalPacks(string deviceId, int station)
        {
            DeviceId = deviceId;
            _writer = new SenmlCborWriter(deviceId + "/");
            _station = station;
        }

        public string DeviceId { get; }

        /// <summary>
        /// Encodes sample number <paramref name="sample"/> (0, 1, …): sequences <c>sample × 10 + 1</c> to <c>+ 10</c>, all taken at
        /// <paramref name="timeUnixMs"/>, with <c>bfloor</c> = its first sequence (steady state: everything earlier is confirmed).
        /// </summary>
        public byte[] Encode(long sample, long timeUnixMs)
        {
            long first = (sample * ReadingsPerPack) + 1;
            for (int i = 0; i < ReadingsPerPack; i++)
            {
                _readings[i] = new Reading
                {
                    Sequence = first + i,
                    TimeUnixMs = timeUnixMs,
                    Metric = Metrics[i],
                    Kind = ReadingKind.Measurement,
                    Value = Value(Metrics[i], _station, sample),
                };
            }
            int added = _writer.EncodePrefix(_readings, 0, ReadingsPerPack, first, _buffer, _buffer.Length, out int length);
            if (added != ReadingsPerPack)
            {
                throw new InvalidOperationException($"{DeviceId}: only {added} of {ReadingsPerPack} readings fit {_buffer.Length} bytes");
            }
            return _buffer.AsSpan(0, length).ToArray();
        }

        /// <summary>The value of <paramref name="metric"/> in sample <paramref name="sample"/> of station <paramref name="station"/>.</summary>
        public static double Value(MetricId metric, int station, long sample)
        {
            long r = sample;
            int s = station;
            return metric switch
            {
                // SHT/BME 0.01 °C and 0.1 %RH, BMP 1 Pa, PMS/SPS 1 µg/m³, SCD4x 1 ppm, SGP 1 ppb, sound meter 0.1 dB, BH1750 0.5 lx.
                MetricId.Temperature => Math.Round((18 + ((s % 10) * 0.37) + (0.01 * (r % 300))) * 100) / 100,
                MetricId.RelativeHumidity => Math.Round((45 + ((r % 7) * 0.3)) * 10) / 10,
                MetricId.Pressure => 101_325 - (s % 50) + (r % 5),
                MetricId.Pm1 => 5 + (r % 4),
                MetricId.Pm2_5 => 10 + ((s + r) % 6),
                MetricId.Pm10 => 18 + ((s + r) % 9),
                MetricId.Co2 => 600 + ((r * 7) % 90),
                MetricId.Tvoc => 120 + ((r * 3) % 40),
                MetricId.Noise => Math.Round((45 + ((r % 11) * 0.4)) * 10) / 10,
                MetricId.Illuminance => 300 + (0.5 * (r % 20)),
                _ => throw new ArgumentOutOfRangeException(nameof(metric), metric, "not a metric of the environmental station"),
            };
        }
    }
}
