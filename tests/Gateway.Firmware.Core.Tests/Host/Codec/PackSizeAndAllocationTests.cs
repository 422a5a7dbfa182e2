using System;
using System.Globalization;
using System.Text;
using Gateway.Firmware.Core.Codec;
using Gateway.Firmware.Core.Readings;
using Xunit;
using Xunit.Abstractions;

namespace Gateway.Firmware.Core.Tests.Host.Codec
{
    /// <summary>What the compact format buys on the air, and that the encode path allocates nothing.</summary>
    public class PackSizeAndAllocationTests
    {
        private const long SampleTimeMs = 1763830000123;

        private readonly ITestOutputHelper _output;

        public PackSizeAndAllocationTests(ITestOutputHelper output)
        {
            _output = output;
        }

        // One environmental node sampling all its sensors at one time, with realistic values at sensor resolution
        // (SHT4x 0.01 °C / 0.1 %RH, BMP280 1 Pa, PMS5003 1 µg/m³, SCD41 1 ppm, SGP30 1 ppb, 0.1 dB, BH1750 0.5 lx).
        private static readonly (MetricId Metric, double Value, string Sensor, string Unit)[] s_environmental =
        {
            (MetricId.Temperature, 21.53, "temperature", "°C"),
            (MetricId.RelativeHumidity, 45.6, "humidity", "%"),
            (MetricId.Pressure, 101325, "pressure", "Pa"),
            (MetricId.Pm1, 8, "pm1_0", "µg/m³"),
            (MetricId.Pm2_5, 12, "pm2_5", "µg/m³"),
            (MetricId.Pm10, 19, "pm10", "µg/m³"),
            (MetricId.Co2, 612, "co2", "ppm"),
            (MetricId.Tvoc, 125, "tvoc", "ppb"),
            (MetricId.Noise, 48.7, "noise", "dB"),
            (MetricId.Illuminance, 312.5, "illuminance", "lx"),
        };

        private static Reading[] EnvironmentalReadings()
        {
            var readings = new Reading[s_environmental.Length];
            for (int i = 0; i < readings.Length; i++)
            {
                readings[i] = new Reading
                {
                    Sequence = 1234 + i,
                    TimeUnixMs = SampleTimeMs,
                    Metric = s_environmental[i].Metric,
                    Value = s_environmental[i].Value,
                };
            }
            return readings;
        }

        [Fact]
        public void A_ten_reading_environmental_pack_is_at_most_a_quarter_of_flat_json_objects()
        {
            Reading[] readings = EnvironmentalReadings();
            var buffer = new byte[2048];
            // As the uplink sends it: with bfloor (here the whole pack is unconfirmed, so the floor is its first sequence).
            Assert.Equal(10, new SenmlCborWriter("env-0001/").EncodePrefix(readings, 0, readings.Length, 1234, buffer, buffer.Length, out int cborBytes));
            Assert.Equal(10, new SenmlJsonWriter("env-0001/").EncodePrefix(readings, 0, readings.Length, 1234, buffer, buffer.Length, out int senmlJsonBytes));

            // The usual ESPHome/Tasmota style: one flat JSON object per reading.
            int flatBytes = 0;
            for (int i = 0; i < readings.Length; i++)
            {
                string flat = "{\"device\":\"env-0001\",\"sensor\":\"" + s_environmental[i].Sensor + "\",\"value\":" +
                    readings[i].Value.ToString("R", CultureInfo.InvariantCulture) + ",\"unit\":\"" + s_environmental[i].Unit +
                    "\",\"ts\":" + readings[i].TimeUnixMs + ",\"seq\":" + readings[i].Sequence + "}";
                flatBytes += Encoding.UTF8.GetByteCount(flat);
                if (i == 0)
                {
                    _output.WriteLine("flat object: " + flat);
                }
            }
            double ratio = (double)cborBytes / flatBytes;
            _output.WriteLine($"SenML CBOR pack: {cborBytes} bytes; SenML JSON pack: {senmlJsonBytes} bytes; flat JSON objects: {flatBytes} bytes; CBOR/flat = {ratio:F3}");
            Assert.True(cborBytes <= flatBytes / 4.0, $"CBOR pack {cborBytes} bytes is {ratio:F3} of flat JSON {flatBytes} bytes (target ≤ 0.25)");
        }

        [Fact]
        public void Encoding_packs_allocates_nothing_once_warmed_up()
        {
            Reading[] readings = SenmlRoundTripTests.RandomBatch(new Random(42), 60, finiteOnly: false);
            var buffer = new byte[16 * 1024];
            SenmlPackWriter[] writers = { new SenmlCborWriter("env-0001/"), new SenmlJsonWriter("env-0001/") };
            foreach (SenmlPackWriter writer in writers)
            {
                writer.Encode(readings, 0, readings.Length, buffer); // warm up: static tables, JIT
                writer.EncodePrefix(readings, 0, readings.Length, 17, buffer, 300, out _);

                long before = GC.GetAllocatedBytesForCurrentThread();
                for (int i = 0; i < 20; i++)
                {
                    writer.Encode(readings, 0, readings.Length, buffer);
                    writer.EncodePrefix(readings, 0, readings.Length, 17, buffer, 300, out _);
                }
                long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
                Assert.True(allocated == 0, $"{writer.GetType().Name} allocated {allocated} bytes");
            }
        }
    }
}
