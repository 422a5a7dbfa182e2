using System;
using System.Formats.Cbor;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Gateway.Firmware.Core.Codec;
using Xunit;
using Xunit.Abstractions;

namespace Gateway.Firmware.Core.Tests.Host.Codec
{
    /// <summary>
    /// Our hand-written CBOR writer and number formatter against the .NET implementations, over many fixed-seed random values:
    /// System.Formats.Cbor must read back exactly what we wrote (integers in canonical mode, which rejects non-shortest heads),
    /// our float widths must be the shortest exact ones, and every JSON number must parse back to the same double.
    /// </summary>
    public class CodecConformanceTests
    {
        private readonly ITestOutputHelper _output;

        public CodecConformanceTests(ITestOutputHelper output)
        {
            _output = output;
        }

        private static double RandomDouble(Random random)
        {
            return random.Next(4) switch
            {
                0 => BitConverter.Int64BitsToDouble(random.NextInt64(long.MinValue, long.MaxValue)),
                1 => Math.Round((random.NextDouble() - 0.5) * Math.Pow(10, random.Next(0, 8)), random.Next(0, 6)),
                2 => (double)(float)((random.NextDouble() - 0.5) * Math.Pow(2, random.Next(-150, 130))),
                _ => (double)(Half)((random.NextDouble() - 0.5) * Math.Pow(2, random.Next(-26, 18))),
            };
        }

        private static int ShortestFloatSize(double value)
        {
            // Host reference with the framework's own conversions: the narrowest IEEE format that holds the value exactly.
            if (double.IsNaN(value))
            {
                return 3;
            }
            long bits = BitConverter.DoubleToInt64Bits(value);
            if (BitConverter.DoubleToInt64Bits((double)(Half)value) == bits)
            {
                return 3;
            }
            if (BitConverter.DoubleToInt64Bits((double)(float)value) == bits)
            {
                return 5;
            }
            return 9;
        }

        [Fact]
        public void Every_double_is_written_in_the_shortest_exact_width_and_read_back_bit_for_bit()
        {
            var random = new Random(8949);
            var buffer = new byte[16];
            var writer = new Gateway.Firmware.Core.Codec.CborWriter(buffer);
            for (int i = 0; i < 300_000; i++)
            {
                double value = RandomDouble(random);
                writer.Reset(buffer, 0, buffer.Length);
                Assert.True(writer.WriteDouble(value));
                Assert.True(ShortestFloatSize(value) == writer.Length, $"{value:R}: {writer.Length} bytes, shortest is {ShortestFloatSize(value)}");
                var reader = new CborReader(new ReadOnlyMemory<byte>(buffer, 0, writer.Length), CborConformanceMode.Strict);
                double back = reader.ReadDouble();
                Assert.True(BitConverter.DoubleToInt64Bits(value) == BitConverter.DoubleToInt64Bits(back) || (double.IsNaN(value) && double.IsNaN(back)),
                    $"{value:R} read back as {back:R}");
                Assert.Equal(0, reader.BytesRemaining);
            }
        }

        [Fact]
        public void Every_number_written_as_integer_or_float_reads_back_as_the_same_double()
        {
            var random = new Random(8428);
            var buffer = new byte[16];
            var writer = new Gateway.Firmware.Core.Codec.CborWriter(buffer);
            int integers = 0;
            for (int i = 0; i < 300_000; i++)
            {
                double value = random.Next(3) == 0 ? Math.Round(RandomDouble(random)) : RandomDouble(random);
                if (double.IsNaN(value))
                {
                    continue;
                }
                writer.Reset(buffer, 0, buffer.Length);
                Assert.True(writer.WriteNumber(value));
                Assert.True(writer.Length <= ShortestFloatSize(value), $"{value:R}: {writer.Length} bytes, float would be {ShortestFloatSize(value)}");
                var reader = new CborReader(new ReadOnlyMemory<byte>(buffer, 0, writer.Length), CborConformanceMode.Canonical);
                CborReaderState state = reader.PeekState();
                double back;
                if (state == CborReaderState.UnsignedInteger || state == CborReaderState.NegativeInteger)
                {
                    integers++;
                    back = reader.ReadInt64();
                }
                else
                {
                    back = reader.ReadDouble();
                }
                Assert.True(BitConverter.DoubleToInt64Bits(value) == BitConverter.DoubleToInt64Bits(back), $"{value:R} read back as {back:R}");
            }
            Assert.True(integers > 10_000, "integral values should have taken the integer form");
        }

        [Fact]
        public void Integers_use_heads_that_a_canonical_decoder_accepts()
        {
            var random = new Random(7049);
            var buffer = new byte[16];
            var writer = new Gateway.Firmware.Core.Codec.CborWriter(buffer);
            for (int i = 0; i < 200_000; i++)
            {
                long value = random.NextInt64(long.MinValue, long.MaxValue) >> random.Next(64);
                writer.Reset(buffer, 0, buffer.Length);
                Assert.True(writer.WriteInt64(value));
                var reader = new CborReader(new ReadOnlyMemory<byte>(buffer, 0, writer.Length), CborConformanceMode.Canonical);
                Assert.Equal(value, reader.ReadInt64());
                Assert.Equal(0, reader.BytesRemaining);

                // Cross-check the head against the framework's writer, which also uses the shortest form.
                var reference = new System.Formats.Cbor.CborWriter(CborConformanceMode.Canonical);
                reference.WriteInt64(value);
                Assert.Equal(Convert.ToHexString(reference.Encode()), Convert.ToHexString(buffer, 0, writer.Length));
            }
        }

        [Fact]
        public void Text_from_strings_matches_the_framework_utf8_encoder()
        {
            var random = new Random(3629);
            var buffer = new byte[512];
            var writer = new Gateway.Firmware.Core.Codec.CborWriter(buffer);
            for (int i = 0; i < 20_000; i++)
            {
                var chars = new char[random.Next(0, 40)];
                for (int c = 0; c < chars.Length; c++)
                {
                    chars[c] = random.Next(4) switch
                    {
                        0 => (char)random.Next(0x20, 0x7F),
                        1 => (char)random.Next(0x80, 0x800),
                        2 => (char)random.Next(0xD800, 0xE000), // surrogates, paired or not
                        _ => (char)random.Next(0x800, 0x10000),
                    };
                }
                string text = new string(chars);
                writer.Reset(buffer, 0, buffer.Length);
                Assert.True(writer.WriteTextString(text));
                var reference = new System.Formats.Cbor.CborWriter(CborConformanceMode.Lax);
                reference.WriteTextString(Encoding.UTF8.GetString(Encoding.UTF8.GetBytes(text))); // lone surrogates -> U+FFFD first
                Assert.Equal(Convert.ToHexString(reference.Encode()), Convert.ToHexString(buffer, 0, writer.Length));
            }
        }

        [Fact]
        public void Every_json_number_parses_back_to_the_same_double_and_is_nearly_always_shortest()
        {
            var random = new Random(6);
            var buffer = new byte[JsonNumberFormatter.MaxLength];
            int longer = 0;
            int maxLength = 0;
            const int Count = 500_000;
            for (int i = 0; i < Count; i++)
            {
                double value = RandomDouble(random);
                if (!double.IsFinite(value))
                {
                    continue;
                }
                int length = JsonNumberFormatter.Format(value, buffer, 0);
                maxLength = Math.Max(maxLength, length);
                string text = Encoding.UTF8.GetString(buffer, 0, length);

                // Valid JSON number token (RFC 8259 §6), read by the framework's JSON reader.
                var reader = new Utf8JsonReader(new ReadOnlySpan<byte>(buffer, 0, length));
                Assert.True(reader.Read() && reader.TokenType == JsonTokenType.Number, $"{value:R} written as '{text}'");
                double back = reader.GetDouble();
                Assert.True(BitConverter.DoubleToInt64Bits(value) == BitConverter.DoubleToInt64Bits(back), $"{value:R} written as '{text}', read back as {back:R}");
                Assert.Equal(BitConverter.DoubleToInt64Bits(value), BitConverter.DoubleToInt64Bits(double.Parse(text, CultureInfo.InvariantCulture)));

                Assert.True(SignificantDigits(text) <= 17, $"{value:R} written with more than 17 digits: '{text}'");
                string shortest = value.ToString("R", CultureInfo.InvariantCulture);
                if (SignificantDigits(text) > SignificantDigits(shortest))
                {
                    longer++;
                    if (longer <= 3)
                    {
                        _output.WriteLine($"not shortest: {text} (shortest {shortest})");
                    }
                }
            }
            _output.WriteLine($"{longer} of {Count} numbers ({100.0 * longer / Count:F3} %) got more digits than the shortest; longest text {maxLength} bytes");
            Assert.True(maxLength <= JsonNumberFormatter.MaxLength);
            // Grisu2 is exact but not always shortest (Loitsch 2010: optimal for about 99.9 % of doubles). It misses when the
            // short decimal lies within a hair (~0.0005 ulp) of the rounding boundary, and then writes up to 17 digits
            // (e.g. 174.93261999999999 for 174.93262): the same double, only longer text.
            Assert.True(longer < Count / 200, $"Grisu2 should be shortest in > 99.5 % of cases, was not in {longer}");
        }

        private static int SignificantDigits(string number)
        {
            int e = number.IndexOfAny(new[] { 'e', 'E' });
            string mantissa = e >= 0 ? number.Substring(0, e) : number;
            string digits = mantissa.Replace("-", "").Replace(".", "").TrimStart('0');
            return digits.TrimEnd('0').Length;
        }
    }
}
