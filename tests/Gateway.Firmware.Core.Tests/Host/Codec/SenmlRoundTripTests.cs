using System;
using System.Collections.Generic;
using System.Formats.Cbor;
using System.Text;
using Gateway.Firmware.Core.Codec;
using Gateway.Firmware.Core.Gnss;
using Gateway.Firmware.Core.Readings;
using Xunit;

namespace Gateway.Firmware.Core.Tests.Host.Codec
{
    /// <summary>
    /// Property-style round trips: fixed-seed random batches of every metric and record kind are encoded by our writers and
    /// decoded by independent decoders (System.Formats.Cbor in strict mode, System.Text.Json); the resolved records must be
    /// exactly the readings that went in: name, unit, the very same double (bit for bit), time to the millisecond, sequence.
    /// </summary>
    public class SenmlRoundTripTests
    {
        private const string BaseName = "urn:dev:gw:hebei:env-0001:";

        internal static readonly string[] AlarmKindNames = { "", "high", "low", "excursion", "shock", "door_open_in_transit" };

        /// <summary>What a reading must resolve to, worked out from the catalog independently of the writers.</summary>
        internal static ResolvedRecord Expected(Reading r, string baseName)
        {
            bool known = MetricCatalog.IsDefined(r.Metric);
            string metricName = known ? MetricCatalog.Name(r.Metric) : "unknown/" + (int)r.Metric;
            bool alarm = r.Kind != ReadingKind.Measurement;
            string name = baseName + (alarm ? $"alarm/{metricName}/{((int)r.Kind < AlarmKindNames.Length ? AlarmKindNames[(int)r.Kind] : ((int)r.Kind).ToString())}" : metricName);
            string? unit = alarm || !known || MetricCatalog.Unit(r.Metric).Length == 0 ? null : MetricCatalog.Unit(r.Metric);
            SenmlValueKind kind = alarm ? SenmlValueKind.Boolean : known ? MetricCatalog.ValueKind(r.Metric) : SenmlValueKind.Number;
            double? value = kind == SenmlValueKind.Number ? r.Value : null;
            bool? boolValue = kind == SenmlValueKind.Boolean ? r.Value != 0 : null;
            string? text = kind == SenmlValueKind.Text ? GnssConstellations.ToText((GnssConstellation)((int)r.Value & 0xFF)) : null;
            return new ResolvedRecord(name, unit, value, boolValue, text, null, r.TimeUnixMs / 1000.0, r.Sequence);
        }

        internal static void AssertSame(IReadOnlyList<Reading> readings, int count, List<ResolvedRecord> decoded, string baseName, string context,
            long? floor = null)
        {
            Assert.True(count == decoded.Count, $"{context}: {decoded.Count} records decoded, {count} encoded");
            for (int i = 0; i < count; i++)
            {
                ResolvedRecord want = Expected(readings[i], baseName);
                ResolvedRecord got = decoded[i];
                string where = $"{context}, record {i}: want {want}, got {got}";
                Assert.True(want.Name == got.Name, where);
                Assert.True(want.Unit == got.Unit, where);
                Assert.True(want.Value.HasValue == got.Value.HasValue, where);
                if (want.Value.HasValue)
                {
                    Assert.True(BitConverter.DoubleToInt64Bits(want.Value.Value) == BitConverter.DoubleToInt64Bits(got.Value!.Value)
                        || (double.IsNaN(want.Value.Value) && double.IsNaN(got.Value!.Value)), where);
                }
                Assert.True(want.BoolValue == got.BoolValue, where);
                Assert.True(want.StringValue == got.StringValue, where);
                Assert.True(readings[i].TimeUnixMs == got.TimeMs, where + $" (time ms {got.TimeMs})");
                Assert.True(want.Sequence == got.Sequence, where);
                Assert.True(floor == got.Floor, where);
            }
        }

        /// <summary>A random batch: all metrics and kinds, awkward values and times, sequences with gaps and jumps.</summary>
        internal static Reading[] RandomBatch(Random random, int count, bool finiteOnly)
        {
            MetricId[] all = MetricCatalog.All;
            var readings = new Reading[count];
            long baseTimeMs = 1_500_000_000_000L + (long)(random.NextDouble() * 500_000_000_000L);
            long sequence = random.Next(4) == 0 ? random.Next(100) : (long)(random.NextDouble() * (1L << 40));
            for (int i = 0; i < count; i++)
            {
                var r = new Reading
                {
                    Metric = random.Next(30) == 0 ? (MetricId)(50 + random.Next(200)) : all[random.Next(all.Length)],
                    Kind = random.Next(6) == 0 ? (ReadingKind)(1 + random.Next(random.Next(20) == 0 ? 9 : 5)) : ReadingKind.Measurement,
                    TimeUnixMs = random.Next(5) switch
                    {
                        0 => baseTimeMs,
                        1 => baseTimeMs + 1000L * random.Next(-600, 600),
                        2 => baseTimeMs + random.Next(-100_000, 100_000),
                        3 => baseTimeMs + (long)(random.NextDouble() * 40_000_000_000L) - 20_000_000_000L,
                        _ => baseTimeMs / 1000 * 1000 + random.Next(1000),
                    },
                    Value = RandomValue(random, finiteOnly),
                };
                if (i > 0)
                {
                    sequence += random.Next(10) switch
                    {
                        < 7 => 1,
                        7 => random.Next(2, 1000),
                        8 => -random.Next(0, 5),
                        _ => (long)(random.NextDouble() * (1L << 33)),
                    };
                }
                r.Sequence = sequence;
                if (MetricCatalog.IsDefined(r.Metric) && MetricCatalog.ValueKind(r.Metric) == SenmlValueKind.Text && r.Kind == ReadingKind.Measurement)
                {
                    r.Value = random.Next(70);
                }
                readings[i] = r;
            }
            return readings;
        }

        internal static double RandomValue(Random random, bool finiteOnly)
        {
            switch (random.Next(12))
            {
                case 0: return Math.Round(random.NextDouble() * 200 - 100, random.Next(4)); // sensor resolution, e.g. 21.53
                case 1: return random.Next(-100_000, 200_000); // integral
                case 2: return -random.NextDouble() * Math.Pow(10, random.Next(-10, 10)); // negative, fractional
                case 3: return random.NextDouble() * Math.Pow(10, random.Next(-320, -5)); // tiny, down to subnormals
                case 4: return (random.Next(2) == 0 ? -1 : 1) * random.NextDouble() * Math.Pow(10, random.Next(5, 308)); // large
                case 5: return random.Next(2); // booleans
                case 6: return random.Next(4) switch { 0 => -0.0, 1 => double.Epsilon, 2 => double.MaxValue, _ => 9007199254740993.0 };
                case 7:
                    while (true)
                    {
                        double bits = BitConverter.Int64BitsToDouble(random.NextInt64(long.MinValue, long.MaxValue));
                        if (!finiteOnly || double.IsFinite(bits))
                        {
                            return bits;
                        }
                    }
                case 8: return (float)(random.NextDouble() * 1000); // exactly a single
                case 9: return Math.Round(random.NextDouble() * 64, 1) / 2; // often exactly a half
                case 10: return (random.Next(2) == 0 ? 1 : -1) * (double)random.NextInt64(1L << 53);
                default: return Math.Round(random.NextDouble() * 100_000, 2);
            }
        }

        [Fact]
        public void Random_batches_round_trip_through_a_strict_cbor_decoder()
        {
            var random = new Random(8428);
            var writer = new SenmlCborWriter(BaseName);
            var output = new byte[64 * 1024];
            for (int batch = 0; batch < 400; batch++)
            {
                Reading[] readings = RandomBatch(random, 1 + random.Next(80), finiteOnly: false);
                int length = writer.Encode(readings, 0, readings.Length, output);
                Assert.True(length > 0, $"batch {batch} did not fit");
                List<ResolvedRecord> decoded = SenmlTestDecoder.DecodeCbor(output, length, CborConformanceMode.Strict);
                AssertSame(readings, readings.Length, decoded, BaseName, $"CBOR batch {batch}");
            }
        }

        [Fact]
        public void Random_batches_round_trip_through_system_text_json()
        {
            var random = new Random(8259);
            var writer = new SenmlJsonWriter(BaseName);
            var output = new byte[128 * 1024];
            for (int batch = 0; batch < 400; batch++)
            {
                Reading[] readings = RandomBatch(random, 1 + random.Next(80), finiteOnly: true);
                int length = writer.Encode(readings, 0, readings.Length, output);
                Assert.True(length > 0, $"batch {batch} did not fit");
                List<ResolvedRecord> decoded = SenmlTestDecoder.DecodeJson(output, length);
                AssertSame(readings, readings.Length, decoded, BaseName, $"JSON batch {batch}: {Encoding.UTF8.GetString(output, 0, Math.Min(length, 400))}");
            }
        }

        [Fact]
        public void Packs_cut_at_random_size_limits_decode_to_the_longest_prefix_that_fits()
        {
            var random = new Random(1234);
            var cbor = new SenmlCborWriter("env-0001/");
            var json = new SenmlJsonWriter("env-0001/");
            var output = new byte[16 * 1024];
            var reference = new byte[16 * 1024];
            for (int batch = 0; batch < 300; batch++)
            {
                Reading[] readings = RandomBatch(random, 1 + random.Next(40), finiteOnly: true);
                foreach (SenmlPackWriter writer in new SenmlPackWriter[] { cbor, json })
                {
                    bool isCbor = writer == cbor;
                    int maxBytes = random.Next(0, isCbor ? 1500 : 4000);
                    long floor = readings[0].Sequence - random.Next(0, 1000);
                    int count = writer.EncodePrefix(readings, 0, readings.Length, floor, output, maxBytes, out int length);
                    Assert.True(length <= maxBytes);
                    if (count < readings.Length)
                    {
                        writer.BeginPack(reference, 0, reference.Length, floor);
                        Assert.Equal(count + 1, writer.AddRange(readings, 0, count + 1));
                        Assert.True(writer.Length > maxBytes, $"{count + 1} readings ({writer.Length} bytes) would have fit in {maxBytes}");
                    }
                    if (count == 0)
                    {
                        Assert.Equal(0, length);
                        continue;
                    }
                    List<ResolvedRecord> decoded = isCbor
                        ? SenmlTestDecoder.DecodeCbor(output, length)
                        : SenmlTestDecoder.DecodeJson(output, length);
                    AssertSame(readings, count, decoded, "env-0001/", $"{(isCbor ? "CBOR" : "JSON")} batch {batch} in {maxBytes} bytes", floor);
                }
            }
        }

        [Fact]
        public void Non_finite_values_survive_cbor_and_are_visible_string_values_in_json()
        {
            Reading[] readings =
            {
                new() { Sequence = 1, TimeUnixMs = 1763830000000, Metric = MetricId.Noise, Value = double.NaN },
                new() { Sequence = 2, TimeUnixMs = 1763830000000, Metric = MetricId.Noise, Value = double.PositiveInfinity },
                new() { Sequence = 3, TimeUnixMs = 1763830000000, Metric = MetricId.Noise, Value = double.NegativeInfinity },
            };
            var output = new byte[512];
            int length = new SenmlCborWriter("n/").Encode(readings, 0, 3, output);
            AssertSame(readings, 3, SenmlTestDecoder.DecodeCbor(output, length), "n/", "CBOR");

            length = new SenmlJsonWriter("n/").Encode(readings, 0, 3, output);
            List<ResolvedRecord> json = SenmlTestDecoder.DecodeJson(output, length);
            Assert.Equal(new[] { "NaN", "Infinity", "-Infinity" }, json.ConvertAll(r => r.StringValue));
        }

        [Fact]
        public void Consecutive_sequences_cost_a_single_bseq_per_pack()
        {
            var readings = new Reading[20];
            for (int i = 0; i < readings.Length; i++)
            {
                readings[i] = new Reading { Sequence = 5000 + i, TimeUnixMs = 1763830000000 + 1000 * i, Metric = MetricId.Co2, Value = 600 + i };
            }
            var output = new byte[1024];
            int length = new SenmlJsonWriter("d/").Encode(readings, 0, readings.Length, output);
            string text = Encoding.UTF8.GetString(output, 0, length);
            Assert.Equal(1, CountOf(text, "\"bseq\":5000"));
            Assert.Equal(0, CountOf(text, "\"seq\""));

            readings[10].Sequence = 9000;
            readings[11].Sequence = 9001;
            length = new SenmlJsonWriter("d/").Encode(readings, 0, readings.Length, output);
            text = Encoding.UTF8.GetString(output, 0, length);
            Assert.Equal(1, CountOf(text, "\"seq\":9000"));
            Assert.Equal(1, CountOf(text, "\"seq\":5012"));
            Assert.Equal(2, CountOf(text, "\"seq\""));
        }

        private static int CountOf(string text, string part)
        {
            int count = 0;
            for (int i = text.IndexOf(part, StringComparison.Ordinal); i >= 0; i = text.IndexOf(part, i + 1, StringComparison.Ordinal))
            {
                count++;
            }
            return count;
        }
    }
}
