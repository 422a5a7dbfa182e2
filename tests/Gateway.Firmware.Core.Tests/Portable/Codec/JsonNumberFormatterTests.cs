using System.Text;
using Gateway.Firmware.Core.Codec;
using nanoFramework.TestFramework;

namespace Gateway.Firmware.Core.Tests.Portable.Codec
{
    /// <summary>Shortest round-trip number text for SenML JSON (RFC 8259 §6, RFC 8428 §5: lower-case "e").</summary>
    [TestClass]
    public class JsonNumberFormatterTests
    {
        private static string Format(double value)
        {
            byte[] buffer = new byte[JsonNumberFormatter.MaxLength];
            int length = JsonNumberFormatter.Format(value, buffer, 0);
            return Encoding.UTF8.GetString(buffer, 0, length);
        }

        private static string FormatLong(long value)
        {
            byte[] buffer = new byte[JsonNumberFormatter.MaxLength];
            int length = JsonNumberFormatter.FormatInt64(value, buffer, 0);
            return Encoding.UTF8.GetString(buffer, 0, length);
        }

        [TestMethod]
        public void Doubles_are_written_as_the_shortest_text_that_reads_back_the_same()
        {
            double[] values =
            {
                0.0, -0.0, 1.0, 21.53, -45.25, 101325.0, 0.1, 0.3, 1.0 / 3.0, 2.0 / 3.0, 1763830000.123, 1e20, 1e21, 1e-6, 1e-7,
                1.5e-7, 123456.789e3, 5e-324, 1.7976931348623157e308, 2.2250738585072014e-308, 9007199254740993.0, 0.000123,
                120.1, 1.2, 100000.0, 4.35,
            };
            string[] expected =
            {
                "0", "-0", "1", "21.53", "-45.25", "101325", "0.1", "0.3", "0.3333333333333333", "0.6666666666666666",
                "1763830000.123", "100000000000000000000", "1e21", "0.000001", "1e-7", "1.5e-7", "123456789", "5e-324",
                "1.7976931348623157e308", "2.2250738585072014e-308", "9007199254740992", "0.000123", "120.1", "1.2", "100000", "4.35",
            };
            for (int i = 0; i < values.Length; i++)
            {
                Assert.AreEqual(expected[i], Format(values[i]), "value #" + i.ToString());
            }
        }

        [TestMethod]
        public void Non_finite_doubles_write_nothing()
        {
            Assert.AreEqual("", Format(double.NaN));
            Assert.AreEqual("", Format(double.PositiveInfinity));
            Assert.AreEqual("", Format(double.NegativeInfinity));
        }

        [TestMethod]
        public void Longs_are_written_in_plain_decimal()
        {
            Assert.AreEqual("0", FormatLong(0));
            Assert.AreEqual("-1", FormatLong(-1));
            Assert.AreEqual("1763830000", FormatLong(1763830000));
            Assert.AreEqual("9223372036854775807", FormatLong(long.MaxValue));
            Assert.AreEqual("-9223372036854775808", FormatLong(long.MinValue));
        }
    }
}
