using System;
using Gateway.Firmware.Core.Codec;
using nanoFramework.TestFramework;

namespace Gateway.Firmware.Core.Tests.Portable.Codec
{
    /// <summary>
    /// The CBOR writer against the worked examples of RFC 8949 Appendix A (preferred serialization, §4.2.2) and the SenML CBOR
    /// example of RFC 8428 §6, plus its all-or-nothing behaviour on a full buffer.
    /// </summary>
    [TestClass]
    public class CborWriterTests
    {
        [TestMethod]
        public void Unsigned_integers_use_the_shortest_head_as_in_rfc8949_appendix_a()
        {
            ulong[] values = { 0, 1, 10, 23, 24, 25, 100, 1000, 1000000, 1000000000000, 18446744073709551615 };
            string[] expected =
            {
                "00", "01", "0a", "17", "1818", "1819", "1864", "1903e8", "1a000f4240", "1b000000e8d4a51000", "1bffffffffffffffff",
            };
            for (int i = 0; i < values.Length; i++)
            {
                byte[] buffer = new byte[16];
                CborWriter writer = new CborWriter(buffer);
                Assert.IsTrue(writer.WriteUInt64(values[i]), "write " + values[i].ToString());
                Assert.AreEqual(expected[i], CodecHex.ToHex(buffer, 0, writer.Length), "encoding of " + values[i].ToString());
            }
        }

        [TestMethod]
        public void Signed_integers_use_major_type_1_for_negatives_as_in_rfc8949_appendix_a()
        {
            long[] values = { 0, 23, 24, 1000, -1, -10, -24, -25, -100, -1000, long.MinValue, long.MaxValue };
            string[] expected =
            {
                "00", "17", "1818", "1903e8", "20", "29", "37", "3818", "3863", "3903e7", "3b7fffffffffffffff", "1b7fffffffffffffff",
            };
            for (int i = 0; i < values.Length; i++)
            {
                byte[] buffer = new byte[16];
                CborWriter writer = new CborWriter(buffer);
                Assert.IsTrue(writer.WriteInt64(values[i]));
                Assert.AreEqual(expected[i], CodecHex.ToHex(buffer, 0, writer.Length), "encoding of " + values[i].ToString());
            }
        }

        [TestMethod]
        public void Floats_use_the_shortest_precision_that_is_exact_as_in_rfc8949_appendix_a()
        {
            double[] values =
            {
                0.0, -0.0, 1.0, 1.1, 1.5, 65504.0, 100000.0, 3.4028234663852886e+38, 1.0e+300, 5.960464477539063e-8,
                0.00006103515625, -4.0, -4.1, double.PositiveInfinity, double.NaN, double.NegativeInfinity,
            };
            string[] expected =
            {
                "f90000", "f98000", "f93c00", "fb3ff199999999999a", "f93e00", "f97bff", "fa47c35000", "fa7f7fffff",
                "fb7e37e43c8800759c", "f90001", "f90400", "f9c400", "fbc010666666666666", "f97c00", "f97e00", "f9fc00",
            };
            for (int i = 0; i < values.Length; i++)
            {
                byte[] buffer = new byte[16];
                CborWriter writer = new CborWriter(buffer);
                Assert.IsTrue(writer.WriteDouble(values[i]));
                Assert.AreEqual(expected[i], CodecHex.ToHex(buffer, 0, writer.Length), "encoding of value #" + i.ToString());
            }
        }

        [TestMethod]
        public void Floats_at_the_edges_of_half_and_single_precision_pick_the_right_width()
        {
            double[] values =
            {
                65504.0,                 // largest half
                65520.0,                 // rounds to infinity in half: must not be half
                6.103515625e-05 * 1.5,   // half normal with one fraction bit
                2.9802322387695312e-08,  // 2^-25: below the half subnormal range, a single
                1.401298464324817e-45,   // 2^-149: smallest single subnormal
                7.006492321624085e-46,   // 2^-150: needs a double
                16777217.0,              // 2^24 + 1: 25 significant bits, a double
                16777216.0,              // 2^24: a half? no (exponent 24 > 15), a single
                0.1,                     // not a binary fraction: a double
                -2.5,
            };
            string[] expected =
            {
                "f97bff", "fa477ff000", "f90600", "fa33000000", "fa00000001", "fb3690000000000000", "fb4170000010000000",
                "fa4b800000", "fb3fb999999999999a", "f9c100",
            };
            for (int i = 0; i < values.Length; i++)
            {
                byte[] buffer = new byte[16];
                CborWriter writer = new CborWriter(buffer);
                Assert.IsTrue(writer.WriteDouble(values[i]));
                Assert.AreEqual(expected[i], CodecHex.ToHex(buffer, 0, writer.Length), "encoding of value #" + i.ToString());
            }
        }

        [TestMethod]
        public void Numbers_are_written_as_integers_when_integral_and_no_longer_than_the_float()
        {
            double[] values = { 0.0, 1.0, -1.0, 23.0, 1000.0, 101325.0, -4.0, 100000.0, -0.0, 1.5, 4503599627370496.0, 9007199254740991.0, 9007199254740992.0, 1e300 };
            string[] expected =
            {
                "00", "01", "20", "17", "1903e8", "1a00018bcd", "23", "1a000186a0", "f98000", "f93e00",
                "fa59800000",          // 2^52: a single (5 bytes) beats the 9-byte integer
                "1b001fffffffffffff",  // 2^53 − 1: largest safe integer, no shorter float
                "fa5a000000",          // 2^53: not below 2^53, stays a float
                "fb7e37e43c8800759c",
            };
            for (int i = 0; i < values.Length; i++)
            {
                byte[] buffer = new byte[16];
                CborWriter writer = new CborWriter(buffer);
                Assert.IsTrue(writer.WriteNumber(values[i]));
                Assert.AreEqual(expected[i], CodecHex.ToHex(buffer, 0, writer.Length), "encoding of value #" + i.ToString());
            }
        }

        [TestMethod]
        public void Simple_values_and_strings_match_rfc8949_appendix_a()
        {
            byte[] buffer = new byte[64];
            CborWriter writer = new CborWriter(buffer);
            Assert.IsTrue(writer.WriteBoolean(false));
            Assert.IsTrue(writer.WriteBoolean(true));
            Assert.IsTrue(writer.WriteNull());
            Assert.AreEqual("f4f5f6", CodecHex.ToHex(buffer, 0, writer.Length));

            string[] texts = { "", "a", "IETF", "\"\\", "\u00fc", "\u6c34", "\ud800\udd51" };
            string[] expected = { "60", "6161", "6449455446", "62225c", "62c3bc", "63e6b0b4", "64f0908591" };
            for (int i = 0; i < texts.Length; i++)
            {
                writer.Reset(buffer, 0, buffer.Length);
                Assert.IsTrue(writer.WriteTextString(texts[i]));
                Assert.AreEqual(expected[i], CodecHex.ToHex(buffer, 0, writer.Length), "text #" + i.ToString());
            }

            writer.Reset(buffer, 0, buffer.Length);
            Assert.IsTrue(writer.WriteTextString(new byte[] { 0x49, 0x45, 0x54, 0x46 }));
            Assert.IsTrue(writer.WriteByteString(new byte[] { 0xFF, 1, 2, 3, 4, 0xFF }, 1, 4));
            Assert.IsTrue(writer.WriteByteString(new byte[0], 0, 0));
            Assert.AreEqual("6449455446" + "4401020304" + "40", CodecHex.ToHex(buffer, 0, writer.Length));
        }

        [TestMethod]
        public void An_unpaired_surrogate_is_written_as_the_replacement_character()
        {
            byte[] buffer = new byte[16];
            CborWriter writer = new CborWriter(buffer);
            Assert.IsTrue(writer.WriteTextString("a\ud800b"));
            Assert.AreEqual("6561efbfbd62", CodecHex.ToHex(buffer, 0, writer.Length));
        }

        [TestMethod]
        public void Array_and_map_heads_match_rfc8949_appendix_a()
        {
            byte[] buffer = new byte[64];
            CborWriter writer = new CborWriter(buffer);
            Assert.IsTrue(writer.WriteArrayHeader(0));
            Assert.IsTrue(writer.WriteMapHeader(0));
            Assert.IsTrue(writer.WriteArrayHeader(3));
            for (int i = 1; i <= 3; i++)
            {
                Assert.IsTrue(writer.WriteInt64(i));
            }
            Assert.AreEqual("80a083010203", CodecHex.ToHex(buffer, 0, writer.Length));

            // [1, 2, ..., 25] -> 0x98190102...181818 19
            writer.Reset(buffer, 0, buffer.Length);
            Assert.IsTrue(writer.WriteArrayHeader(25));
            for (int i = 1; i <= 25; i++)
            {
                Assert.IsTrue(writer.WriteInt64(i));
            }
            Assert.AreEqual("9819" + "0102030405060708090a0b0c0d0e0f1011121314151617" + "18181819",
                CodecHex.ToHex(buffer, 0, writer.Length));

            // {1: 2, 3: 4} -> 0xa201020304
            writer.Reset(buffer, 0, buffer.Length);
            Assert.IsTrue(writer.WriteMapHeader(2));
            Assert.IsTrue(writer.WriteInt64(1) && writer.WriteInt64(2) && writer.WriteInt64(3) && writer.WriteInt64(4));
            Assert.AreEqual("a201020304", CodecHex.ToHex(buffer, 0, writer.Length));
        }

        [TestMethod]
        public void The_senml_cbor_example_of_rfc8428_section_6_is_reproduced_byte_for_byte()
        {
            // RFC 8428 §6 hex dump (0x00c3 bytes) of
            // [{-2: "urn:dev:ow:10e2073a0108006:", -3: 1276020076.001, -4: "A", -1: 5, 0: "voltage", 1: "V", 2: 120.1},
            //  {0: "current", 6: -5, 2: 1.2}, ... {0: "current", 6: 0, 2: 1.7}]
            byte[] expected = CodecHex.FromHex(
                "87 a7 21 78 1b 75 72 6e 3a 64 65 76 3a 6f 77 3a" +
                "31 30 65 32 30 37 33 61 30 31 30 38 30 30 36 3a" +
                "22 fb 41 d3 03 a1 5b 00 10 62 23 61 41 20 05 00" +
                "67 76 6f 6c 74 61 67 65 01 61 56 02 fb 40 5e 06" +
                "66 66 66 66 66 a3 00 67 63 75 72 72 65 6e 74 06" +
                "24 02 fb 3f f3 33 33 33 33 33 33 a3 00 67 63 75" +
                "72 72 65 6e 74 06 23 02 fb 3f f4 cc cc cc cc cc" +
                "cd a3 00 67 63 75 72 72 65 6e 74 06 22 02 fb 3f" +
                "f6 66 66 66 66 66 66 a3 00 67 63 75 72 72 65 6e" +
                "74 06 21 02 f9 3e 00 a3 00 67 63 75 72 72 65 6e" +
                "74 06 20 02 fb 3f f9 99 99 99 99 99 9a a3 00 67" +
                "63 75 72 72 65 6e 74 06 00 02 fb 3f fb 33 33 33" +
                "33 33 33");
            Assert.AreEqual(0xc3, (long)expected.Length, "dump length");

            byte[] buffer = new byte[256];
            CborWriter writer = new CborWriter(buffer);
            Assert.IsTrue(writer.WriteArrayHeader(7));
            Assert.IsTrue(writer.WriteMapHeader(7));
            Assert.IsTrue(writer.WriteInt64(-2) && writer.WriteTextString("urn:dev:ow:10e2073a0108006:"));
            Assert.IsTrue(writer.WriteInt64(-3) && writer.WriteNumber(1276020076.001));
            Assert.IsTrue(writer.WriteInt64(-4) && writer.WriteTextString("A"));
            Assert.IsTrue(writer.WriteInt64(-1) && writer.WriteUInt64(5));
            Assert.IsTrue(writer.WriteInt64(0) && writer.WriteTextString("voltage"));
            Assert.IsTrue(writer.WriteInt64(1) && writer.WriteTextString("V"));
            Assert.IsTrue(writer.WriteInt64(2) && writer.WriteNumber(120.1));
            double[] currents = { 1.2, 1.3, 1.4, 1.5, 1.6, 1.7 };
            for (int i = 0; i < currents.Length; i++)
            {
                Assert.IsTrue(writer.WriteMapHeader(3));
                Assert.IsTrue(writer.WriteInt64(0) && writer.WriteTextString("current"));
                Assert.IsTrue(writer.WriteInt64(6) && writer.WriteNumber(i - 5));
                Assert.IsTrue(writer.WriteInt64(2) && writer.WriteNumber(currents[i]));
            }
            Assert.IsFalse(writer.Overflow);
            Assert.AreEqual(CodecHex.ToHex(expected), CodecHex.ToHex(buffer, 0, writer.Length));
        }

        [TestMethod]
        public void Writing_into_a_buffer_of_any_smaller_size_fails_cleanly_with_whole_items_only()
        {
            // Reference: the whole sequence in a big buffer, remembering where each item ends.
            byte[] big = new byte[256];
            CborWriter reference = new CborWriter(big);
            int[] itemEnds = new int[ItemCount];
            for (int i = 0; i < ItemCount; i++)
            {
                Assert.IsTrue(WriteItem(reference, i), "reference item " + i.ToString());
                itemEnds[i] = reference.Length;
            }
            int total = reference.Length;

            for (int size = 0; size <= total; size++)
            {
                // The window sits inside a larger array filled with a sentinel, which must stay untouched around it.
                byte[] buffer = new byte[size + 8];
                for (int i = 0; i < buffer.Length; i++)
                {
                    buffer[i] = 0xEE;
                }
                CborWriter writer = new CborWriter(buffer);
                writer.Reset(buffer, 4, size);
                int written = 0;
                bool failed = false;
                for (int i = 0; i < ItemCount; i++)
                {
                    bool ok = WriteItem(writer, i);
                    if (ok)
                    {
                        Assert.IsFalse(failed, "a write succeeded after one failed (size " + size.ToString() + ")");
                        written = i + 1;
                    }
                    else
                    {
                        failed = true;
                        Assert.IsTrue(writer.Overflow, "overflow flag (size " + size.ToString() + ")");
                    }
                }
                int expectedLength = written == 0 ? 0 : itemEnds[written - 1];
                Assert.AreEqual((long)expectedLength, (long)writer.Length, "bytes kept at size " + size.ToString());
                Assert.IsTrue(written == ItemCount || itemEnds[written] > size, "item " + written.ToString() + " would have fit in " + size.ToString());
                Assert.AreEqual(CodecHex.ToHex(big, 0, expectedLength), CodecHex.ToHex(buffer, 4, expectedLength), "content at size " + size.ToString());
                for (int i = 0; i < 4; i++)
                {
                    Assert.AreEqual(0xEEL, (long)buffer[i], "byte before the window touched");
                    Assert.AreEqual(0xEEL, (long)buffer[buffer.Length - 1 - i], "byte after the window touched");
                }
                Assert.AreEqual(size < total, writer.Overflow, "overflow at size " + size.ToString());
            }
        }

        [TestMethod]
        public void Overflow_stays_set_until_rewind_and_rewind_drops_the_bytes_after_the_mark()
        {
            byte[] buffer = new byte[4];
            CborWriter writer = new CborWriter(buffer);
            Assert.IsTrue(writer.WriteInt64(1));
            int mark = writer.Position;
            Assert.IsTrue(writer.WriteInt64(1000));
            Assert.IsFalse(writer.WriteInt64(1000), "3 bytes into 0 left");
            Assert.IsTrue(writer.Overflow);
            Assert.IsFalse(writer.WriteBoolean(true), "a 1-byte item after an overflow must fail too");
            writer.Rewind(mark);
            Assert.IsFalse(writer.Overflow);
            Assert.AreEqual(1L, (long)writer.Length);
            Assert.IsTrue(writer.WriteBoolean(true));
            Assert.AreEqual("01f5", CodecHex.ToHex(buffer, 0, writer.Length));
            Assert.ThrowsException(typeof(ArgumentOutOfRangeException), () => writer.Rewind(writer.Position + 1));
        }

        [TestMethod]
        public void A_gap_inserted_before_written_items_moves_them_and_lets_the_head_grow()
        {
            byte[] buffer = new byte[8];
            CborWriter writer = new CborWriter(buffer);
            Assert.IsTrue(writer.WriteArrayHeader(0));
            Assert.IsTrue(writer.WriteInt64(1) && writer.WriteInt64(2) && writer.WriteInt64(3));
            Assert.IsTrue(writer.InsertGap(1, 1));
            writer.PatchArrayHeader(0, 2, 24);
            Assert.AreEqual("9818010203", CodecHex.ToHex(buffer, 0, writer.Length));
            Assert.IsFalse(writer.InsertGap(1, 4), "no room for 4 more bytes");
            Assert.AreEqual(5L, (long)writer.Length, "a failed insert changes nothing");
        }

        private const int ItemCount = 12;

        private static bool WriteItem(CborWriter writer, int index)
        {
            switch (index)
            {
                case 0: return writer.WriteArrayHeader(11);
                case 1: return writer.WriteInt64(-1000);
                case 2: return writer.WriteTextString("urn:dev:gw:env-0001/");
                case 3: return writer.WriteDouble(1.1);
                case 4: return writer.WriteNumber(100000.0);
                case 5: return writer.WriteBoolean(true);
                case 6: return writer.WriteNull();
                case 7: return writer.WriteByteString(new byte[] { 1, 2, 3 }, 0, 3);
                case 8: return writer.WriteUInt64(18446744073709551615);
                case 9: return writer.WriteMapHeader(1);
                case 10: return writer.WriteTextString(new byte[] { 0x61 });
                default: return writer.WriteDouble(1.5);
            }
        }
    }
}
