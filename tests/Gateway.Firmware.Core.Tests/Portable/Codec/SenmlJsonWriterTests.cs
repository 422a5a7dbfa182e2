using System.Text;
using Gateway.Firmware.Core.Codec;
using Gateway.Firmware.Core.Readings;
using nanoFramework.TestFramework;

namespace Gateway.Firmware.Core.Tests.Portable.Codec
{
    /// <summary>The SenML JSON pack writer (RFC 8428 §5): same records as CBOR, valid JSON text at every size limit.</summary>
    [TestClass]
    public class SenmlJsonWriterTests
    {
        private const long T0 = 1763830000000;

        private static string Text(byte[] bytes, int length) => Encoding.UTF8.GetString(bytes, 0, length);

        [TestMethod]
        public void A_pack_has_the_same_records_as_the_cbor_form_with_json_labels()
        {
            byte[] output = new byte[512];
            int length = new SenmlJsonWriter("env-0001/").Encode(SenmlCborWriterTests.MixedBatch(), 0, 5, output);
            string expected =
                "[{\"bn\":\"env-0001/\",\"bt\":1763830000,\"bu\":\"Cel\",\"bseq\":1234,\"n\":\"temp\",\"v\":21.5}," +
                "{\"n\":\"rh\",\"u\":\"%RH\",\"v\":45.6}," +
                "{\"n\":\"temp\",\"t\":1.5,\"seq\":1240,\"v\":21.25}," +
                "{\"n\":\"door\",\"u\":\"\",\"t\":1.5,\"vb\":true}," +
                "{\"n\":\"alarm/temp/high\",\"u\":\"\",\"t\":1.5,\"vb\":true}]";
            Assert.AreEqual(expected, Text(output, length));
        }

        [TestMethod]
        public void Times_with_milliseconds_and_awkward_values_are_written_exactly()
        {
            Reading[] readings =
            {
                SenmlCborWriterTests.R(1, T0 + 123, MetricId.Temperature, -0.1, ReadingKind.Measurement),
                SenmlCborWriterTests.R(2, T0 + 124, MetricId.Pressure, 101325, ReadingKind.Measurement),
                SenmlCborWriterTests.R(3, T0 - 86400000, MetricId.Latitude, 1.5e-7, ReadingKind.Measurement),
                SenmlCborWriterTests.R(4, T0 + 123, MetricId.DoorOpen, 0, ReadingKind.Measurement),
            };
            byte[] output = new byte[512];
            int length = new SenmlJsonWriter(null).Encode(readings, 0, readings.Length, output);
            string expected =
                "[{\"bt\":1763830000.123,\"bu\":\"Cel\",\"bseq\":1,\"n\":\"temp\",\"v\":-0.1}," +
                "{\"n\":\"press\",\"u\":\"Pa\",\"t\":0.001,\"v\":101325}," +
                "{\"n\":\"lat\",\"u\":\"lat\",\"t\":-86400.123,\"v\":1.5e-7}," +
                "{\"n\":\"door\",\"u\":\"\",\"vb\":false}]";
            Assert.AreEqual(expected, Text(output, length));
        }

        [TestMethod]
        public void Base_names_are_escaped_and_non_finite_values_become_string_values()
        {
            Reading[] readings =
            {
                SenmlCborWriterTests.R(1, T0, MetricId.Noise, double.NaN, ReadingKind.Measurement),
                SenmlCborWriterTests.R(2, T0, MetricId.Noise, double.NegativeInfinity, ReadingKind.Measurement),
            };
            byte[] output = new byte[512];
            int length = new SenmlJsonWriter("a\"b\\c\n\u00e9/").Encode(readings, 0, 2, output);
            string expected =
                "[{\"bn\":\"a\\\"b\\\\c\\u000a\u00e9/\",\"bt\":1763830000,\"bu\":\"dB\",\"bseq\":1,\"n\":\"noise\",\"vs\":\"NaN\"}," +
                "{\"n\":\"noise\",\"vs\":\"-Infinity\"}]";
            Assert.AreEqual(expected, Text(output, length));
        }

        [TestMethod]
        public void Filling_up_to_any_size_limit_keeps_a_complete_json_array()
        {
            Reading[] readings = SenmlCborWriterTests.MixedBatch();
            SenmlJsonWriter writer = new SenmlJsonWriter("env-0001/");
            byte[] reference = new byte[512];
            int[] prefixLengths = new int[readings.Length + 1];
            for (int n = 0; n <= readings.Length; n++)
            {
                prefixLengths[n] = SenmlCborWriterTests.EncodeWithFloor(writer, readings, n, reference);
            }
            Assert.AreEqual(2L, (long)prefixLengths[0], "empty pack is []");
            Assert.StartsWith("[{\"bn\":\"env-0001/\",\"bt\":1763830000,\"bu\":\"Cel\",\"bseq\":1234,\"bfloor\":1200,\"n\":\"temp\"", Text(reference, prefixLengths[1]));
            int full = prefixLengths[readings.Length];
            for (int maxBytes = 0; maxBytes <= full + 1; maxBytes++)
            {
                byte[] output = new byte[maxBytes + 2];
                output[maxBytes] = 0xEE;
                output[maxBytes + 1] = 0xEE;
                int length;
                int count = writer.EncodePrefix(readings, 0, readings.Length, 1200, output, maxBytes, out length);
                int expectedCount = 0;
                while (expectedCount < readings.Length && prefixLengths[expectedCount + 1] <= maxBytes)
                {
                    expectedCount++;
                }
                Assert.AreEqual((long)expectedCount, (long)count, "readings in " + maxBytes.ToString() + " bytes");
                if (count > 0)
                {
                    SenmlCborWriterTests.EncodeWithFloor(writer, readings, count, reference);
                    Assert.AreEqual(Text(reference, prefixLengths[count]), Text(output, length), "text in " + maxBytes.ToString() + " bytes");
                }
                else
                {
                    Assert.AreEqual(0L, (long)length);
                }
                Assert.AreEqual(0xEEL, (long)output[maxBytes], "byte past the limit written");
            }
        }
    }
}
