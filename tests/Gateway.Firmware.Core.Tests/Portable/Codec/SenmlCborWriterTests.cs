using System;
using Gateway.Firmware.Core.Codec;
using Gateway.Firmware.Core.Gnss;
using Gateway.Firmware.Core.Readings;
using nanoFramework.TestFramework;

namespace Gateway.Firmware.Core.Tests.Portable.Codec
{
    /// <summary>The SenML CBOR pack writer: record layout (RFC 8428 §4, §6), sequence extension, filling up to a size limit.</summary>
    [TestClass]
    public class SenmlCborWriterTests
    {
        private const long T0 = 1763830000000; // 2025-11-22T16:46:40Z, whole second

        internal static Reading R(long sequence, long timeMs, MetricId metric, double value, ReadingKind kind)
        {
            Reading r = new Reading();
            r.Sequence = sequence;
            r.TimeUnixMs = timeMs;
            r.Metric = metric;
            r.Value = value;
            r.Kind = kind;
            return r;
        }

        internal static Reading[] MixedBatch()
        {
            return new Reading[]
            {
                R(1234, T0, MetricId.Temperature, 21.5, ReadingKind.Measurement),
                R(1235, T0, MetricId.RelativeHumidity, 45.6, ReadingKind.Measurement),
                R(1240, T0 + 1500, MetricId.Temperature, 21.25, ReadingKind.Measurement),
                R(1241, T0 + 1500, MetricId.DoorOpen, 1, ReadingKind.Measurement),
                R(1242, T0 + 1500, MetricId.Temperature, 1, ReadingKind.AlarmHigh),
            };
        }

        [TestMethod]
        public void A_pack_carries_base_fields_once_then_only_what_differs()
        {
            // Diagnostic notation of the expected pack (field order: bn bt bu bseq n u t seq value):
            // [{-2:"env-0001/", -3:1763830000, -4:"Cel", "bseq":1234, 0:"temp", 2:21.5},
            //  {0:"rh", 1:"%RH", 2:45.6},                            next sequence 1235: no "seq"
            //  {0:"temp", 6:1.5, "seq":1240, 2:21.25},               gap: absolute "seq"; bu applies, no u
            //  {0:"door", 1:"", 6:1.5, 4:true},                      unitless under bu Cel: u ""
            //  {0:"alarm/temp/high", 1:"", 6:1.5, 4:true}]
            string expected =
                "85" +
                "a6" + "21" + "69656e762d303030312f" + "22" + "1a6921e8f0" + "23" + "6343656c" + "6462736571" + "1904d2" +
                "00" + "6474656d70" + "02" + "f94d60" +
                "a3" + "00" + "627268" + "01" + "63255248" + "02" + "fb4046cccccccccccd" +
                "a4" + "00" + "6474656d70" + "06" + "f93e00" + "63736571" + "1904d8" + "02" + "f94d50" +
                "a4" + "00" + "64646f6f72" + "01" + "60" + "06" + "f93e00" + "04" + "f5" +
                "a4" + "00" + "6f616c61726d2f74656d702f68696768" + "01" + "60" + "06" + "f93e00" + "04" + "f5";
            byte[] output = new byte[256];
            SenmlCborWriter writer = new SenmlCborWriter("env-0001/");
            int length = writer.Encode(MixedBatch(), 0, 5, output);
            Assert.AreEqual(expected, CodecHex.ToHex(output, 0, length));
        }

        [TestMethod]
        public void Base_time_with_milliseconds_is_a_float_and_relative_times_are_seconds()
        {
            Reading[] readings =
            {
                R(7, T0 + 123, MetricId.Pm2_5, 12, ReadingKind.Measurement),
                R(8, T0 + 123 - 1000, MetricId.Pm2_5, 13, ReadingKind.Measurement),
            };
            byte[] output = new byte[128];
            SenmlCborWriter writer = new SenmlCborWriter(null);
            int length = writer.Encode(readings, 0, 2, output);
            // [{-3: 1763830000.123, -4: "ug/m3", "bseq": 7, 0: "pm2_5", 2: 12}, {0: "pm2_5", 6: -1, 2: 13}] — no bn without a base name.
            byte[] bt = new byte[9];
            CborWriter btWriter = new CborWriter(bt);
            Assert.IsTrue(btWriter.WriteDouble(1763830000.123));
            string expected = "82" + "a5" + "22" + CodecHex.ToHex(bt) + "23" + "6575672f6d33" + "6462736571" + "07" +
                "00" + "65706d325f35" + "02" + "0c" +
                "a3" + "00" + "65706d325f35" + "06" + "20" + "02" + "0d";
            Assert.AreEqual(expected, CodecHex.ToHex(output, 0, length));
            Assert.AreEqual("fb41da487a3c07df3b", CodecHex.ToHex(bt), "bt is the double nearest to 1763830000.123");
        }

        [TestMethod]
        public void The_constellation_set_is_sent_as_text_and_unknown_ids_still_encode()
        {
            Reading[] readings =
            {
                R(1, T0, MetricId.Constellation, (double)(GnssConstellation.Gps | GnssConstellation.BeiDou), ReadingKind.Measurement),
                R(2, T0, (MetricId)99, 5, ReadingKind.Measurement),
                R(3, T0, MetricId.Acceleration, 1, (ReadingKind)9),
            };
            byte[] output = new byte[128];
            int length = new SenmlCborWriter(null).Encode(readings, 0, 3, output);
            string hex = CodecHex.ToHex(output, 0, length);
            Assert.Contains("03" + "67" + "4750532b424453", hex, "vs: \"GPS+BDS\"");
            Assert.Contains("00" + "6a" + "756e6b6e6f776e2f3939" + "02" + "05", hex, "n: \"unknown/99\", v: 5");
            Assert.Contains("a2" + "00" + "6d" + "616c61726d2f616363656c2f39" + "04" + "f5", hex, "n: \"alarm/accel/9\", vb: true (no bu to override)");
        }

        [TestMethod]
        public void Filling_up_to_any_size_limit_encodes_the_longest_prefix_that_fits()
        {
            Reading[] readings = MixedBatch();
            byte[] reference = new byte[256];
            SenmlCborWriter writer = new SenmlCborWriter("env-0001/");
            int[] prefixLengths = new int[readings.Length + 1];
            for (int n = 0; n <= readings.Length; n++)
            {
                prefixLengths[n] = EncodeWithFloor(writer, readings, n, reference);
                Assert.IsTrue(prefixLengths[n] > 0, "reference prefix " + n.ToString());
            }
            int full = prefixLengths[readings.Length];

            for (int maxBytes = 0; maxBytes <= full + 1; maxBytes++)
            {
                byte[] output = new byte[maxBytes + 4];
                for (int i = 0; i < output.Length; i++)
                {
                    output[i] = 0xEE;
                }
                int length;
                int count = writer.EncodePrefix(readings, 0, readings.Length, Floor, output, maxBytes, out length);
                int expectedCount = 0;
                while (expectedCount < readings.Length && prefixLengths[expectedCount + 1] <= maxBytes)
                {
                    expectedCount++;
                }
                Assert.AreEqual((long)expectedCount, (long)count, "readings in " + maxBytes.ToString() + " bytes");
                Assert.AreEqual((long)(count == 0 ? 0 : prefixLengths[count]), (long)length, "length in " + maxBytes.ToString() + " bytes");
                EncodeWithFloor(writer, readings, count, reference);
                Assert.AreEqual(CodecHex.ToHex(reference, 0, length), CodecHex.ToHex(output, 0, length), "bytes in " + maxBytes.ToString());
                for (int i = maxBytes; i < output.Length; i++)
                {
                    Assert.AreEqual(0xEEL, (long)output[i], "byte past the limit written at " + maxBytes.ToString());
                }
            }
        }

        private const long Floor = 1200;

        internal static int EncodeWithFloor(SenmlPackWriter writer, Reading[] readings, int count, byte[] output)
        {
            writer.BeginPack(output, 0, output.Length, Floor);
            Assert.AreEqual((long)count, (long)writer.AddRange(readings, 0, count), "reference encoding");
            return writer.Finish();
        }

        [TestMethod]
        public void The_floor_sequence_travels_as_bfloor_in_the_first_record_only()
        {
            byte[] output = new byte[256];
            SenmlCborWriter writer = new SenmlCborWriter("env-0001/");
            int length;
            Assert.AreEqual(5L, (long)writer.EncodePrefix(MixedBatch(), 0, 5, Floor, output, output.Length, out length));
            string hex = CodecHex.ToHex(output, 0, length);
            Assert.StartsWith("85a7", hex, "first record has 7 fields with bfloor");
            Assert.Contains("6462736571" + "1904d2" + "66" + "62666c6f6f72" + "1904b0", hex, "bseq: 1234, bfloor: 1200");
            Assert.AreEqual(hex.IndexOf("62666c6f6f72"), hex.LastIndexOf("62666c6f6f72"), "bfloor only once");
        }

        [TestMethod]
        public void A_record_that_does_not_fit_leaves_the_pack_exactly_as_it_was()
        {
            Reading[] readings = MixedBatch();
            byte[] output = new byte[50];
            SenmlCborWriter writer = new SenmlCborWriter("env-0001/");
            writer.BeginPack(output, 0, output.Length);
            Assert.IsTrue(writer.TryAdd(ref readings[0]));
            int length = writer.Length;
            string before = CodecHex.ToHex(output, 0, length);
            Assert.IsFalse(writer.TryAdd(ref readings[1]), "second record needs more than the 50 bytes");
            Assert.AreEqual((long)length, (long)writer.Length);
            Assert.AreEqual(1L, (long)writer.Count);
            Assert.AreEqual(before, CodecHex.ToHex(output, 0, writer.Finish()));
        }

        [TestMethod]
        public void The_array_head_grows_when_the_pack_reaches_24_and_256_records()
        {
            Reading[] readings = new Reading[300];
            for (int i = 0; i < readings.Length; i++)
            {
                readings[i] = R(100 + i, T0, MetricId.Co2, 600, ReadingKind.Measurement);
            }
            byte[] output = new byte[4096];
            SenmlCborWriter writer = new SenmlCborWriter(null);
            writer.BeginPack(output, 0, output.Length);
            // Every record after the first is {0: "co2", 2: 600} = a2 00 63 636f32 02 190258.
            const string Repeated = "a20063636f3202190258";
            int firstRecordEnd = 0;
            for (int i = 0; i < readings.Length; i++)
            {
                Assert.IsTrue(writer.TryAdd(ref readings[i]), "record " + i.ToString());
                int count = i + 1;
                string head = count < 24 ? CodecHex.ToHex(new byte[] { (byte)(0x80 + count) })
                    : count < 256 ? "98" + CodecHex.ToHex(new byte[] { (byte)count })
                    : "99" + CodecHex.ToHex(new byte[] { (byte)(count >> 8), (byte)count });
                int headSize = head.Length / 2;
                Assert.AreEqual(head, CodecHex.ToHex(output, 0, headSize), "head after " + count.ToString() + " records");
                if (i == 0)
                {
                    firstRecordEnd = writer.Length - headSize;
                }
                Assert.AreEqual((long)(headSize + firstRecordEnd + i * (Repeated.Length / 2)), (long)writer.Length, "length after " + count.ToString());
                if (count == 23 || count == 24 || count == 256 || count == 300)
                {
                    int last = writer.Length - Repeated.Length / 2;
                    Assert.AreEqual(Repeated, CodecHex.ToHex(output, last, Repeated.Length / 2), "last record after " + count.ToString());
                    Assert.AreEqual(Repeated, CodecHex.ToHex(output, headSize + firstRecordEnd, Repeated.Length / 2), "second record after " + count.ToString());
                }
            }
        }

        [TestMethod]
        public void Adding_before_begin_pack_is_a_programming_error()
        {
            SenmlCborWriter writer = new SenmlCborWriter("x/");
            Reading reading = R(1, T0, MetricId.Temperature, 20, ReadingKind.Measurement);
            Assert.ThrowsException(typeof(InvalidOperationException), () => writer.TryAdd(ref reading));
        }
    }
}
