using System;
using Gateway.Firmware.Core.Gnss;
using nanoFramework.TestFramework;

namespace Gateway.Firmware.Core.Tests.Portable.Gnss
{
    /// <summary>
    /// Bad input: every bad line is counted, nothing throws, and the last good fix never changes.
    /// </summary>
    [TestClass]
    public class NmeaParserRobustnessTests
    {
        private const string GoodRmc = "$GNRMC,101753.00,A,3744.93525,N,12230.41991,W,0.560,,030120,,,A*74";
        private const string GoodGga = "$GNGGA,101753.00,3744.93525,N,12230.41991,W,1,12,0.75,-5.3,M,-29.9,M,,*5E";

        private static NmeaParser ParserWithGoodFix()
        {
            var parser = new NmeaParser();
            Assert.IsTrue(parser.Accept(GoodRmc, 1000), "good RMC");
            Assert.IsTrue(parser.Accept(GoodGga, 1000), "good GGA");
            return parser;
        }

        private static GnssFix Snapshot(NmeaParser parser)
        {
            var copy = new GnssFix();
            parser.Fix.CopyTo(copy);
            return copy;
        }

        [TestMethod]
        public void Every_proper_prefix_of_a_valid_sentence_is_rejected_and_counted()
        {
            string[] sentences = new string[] { GoodRmc, GoodGga, "$GBGSA,A,2,34,21,07,44,,,,,,,,,2.59,2.40,1.00,4*03" };
            NmeaParser parser = ParserWithGoodFix();
            GnssFix before = Snapshot(parser);
            long fed = 0;
            for (int s = 0; s < sentences.Length; s++)
            {
                for (int length = 0; length < sentences[s].Length; length++)
                {
                    long countedBefore = NmeaTestKit.Counted(parser);
                    Assert.IsFalse(parser.Accept(sentences[s].Substring(0, length), 5000), "prefix of length " + length.ToString());
                    Assert.AreEqual(countedBefore + 1, NmeaTestKit.Counted(parser), "counted once: " + sentences[s].Substring(0, length));
                    fed++;
                }
            }
            Assert.AreEqual(2L, parser.SentencesAccepted, "only the two good sentences");
            Assert.AreEqual(fed, parser.ChecksumErrors + parser.MalformedSentences, "every prefix rejected");
            NmeaTestKit.AreSameFix(before, parser.Fix, "after prefixes");
        }

        [TestMethod]
        public void Every_single_bit_flip_is_rejected_except_the_letter_case_of_a_hex_digit()
        {
            byte[] original = new byte[GoodGga.Length];
            for (int i = 0; i < GoodGga.Length; i++)
            {
                original[i] = (byte)GoodGga[i];
            }
            byte[] line = new byte[original.Length];
            NmeaParser parser = ParserWithGoodFix();
            GnssFix before = Snapshot(parser);
            int checksumStart = GoodGga.Length - 2;
            for (int position = 0; position < original.Length; position++)
            {
                for (int bit = 0; bit < 8; bit++)
                {
                    Array.Copy(original, line, original.Length);
                    line[position] = (byte)(original[position] ^ (1 << bit));
                    bool caseOfHexLetter = position >= checksumStart && bit == 5 && original[position] >= 'A';
                    // Same clock as the good fix, so re-accepting the case-changed original changes nothing.
                    bool used = parser.Accept(line, line.Length, 1000);
                    Assert.AreEqual(caseOfHexLetter, used, "byte " + position.ToString() + " bit " + bit.ToString());
                    NmeaTestKit.AreSameFix(before, parser.Fix, "byte " + position.ToString() + " bit " + bit.ToString());
                }
            }
            Assert.AreEqual((long)(original.Length * 8 + 2), NmeaTestKit.Counted(parser), "each line counted once");
        }

        [TestMethod]
        public void Random_bytes_from_a_fixed_seed_never_throw_and_never_change_the_fix()
        {
            var random = new Random(20240315);
            byte[] line = new byte[120];
            NmeaParser parser = ParserWithGoodFix();
            GnssFix before = Snapshot(parser);
            const int Lines = 5000;
            for (int i = 0; i < Lines; i++)
            {
                int length = random.Next(line.Length + 1);
                random.NextBytes(line);
                if (i % 2 == 0 && length > 0)
                {
                    line[0] = (byte)'$'; // get past the first check half of the time
                }
                parser.Accept(line, length, 20000);
            }
            Assert.AreEqual(2L + Lines, NmeaTestKit.Counted(parser), "every line counted");
            Assert.AreEqual(2L, parser.SentencesAccepted, "no random line passes");
            NmeaTestKit.AreSameFix(before, parser.Fix, "after random bytes");
        }

        [TestMethod]
        public void Random_fields_with_valid_checksums_never_throw_and_are_counted_once()
        {
            // Sentences that pass the checksum, built from field values chosen to trip the field readers.
            string[] addresses = new string[] { "GPRMC", "GNGGA", "GBGSA", "GLGSV", "GAVTG", "BDRMC", "GPGGA", "GNGSA" };
            string[] values = new string[]
            {
                "", "", "A", "V", "N", "S", "E", "W", "M", "T", "K", "-", ".", "-.", "0", "00", "9", "-1", "60", "90",
                "91", "180", "181", "360", "361", "4807.038", "01131.000", "9060.000", "123519", "246000", "123560.5",
                "230394", "310299", "000000", "1.2.3", "1e5", "0x1F", "99999999999999999999", "12345678901234567",
                " ", "a", "AA", "201", "999", "1000", "3", "8",
            };
            var random = new Random(4711);
            var parser = new NmeaParser();
            const int Lines = 5000;
            for (int i = 0; i < Lines; i++)
            {
                string body = addresses[random.Next(addresses.Length)];
                int fields = random.Next(24);
                for (int f = 0; f < fields; f++)
                {
                    body = body + "," + values[random.Next(values.Length)];
                }
                parser.Accept(NmeaTestKit.Seal(body), i);
            }
            Assert.AreEqual((long)Lines, NmeaTestKit.Counted(parser), "every line counted exactly once");
            Assert.AreEqual(0L, parser.ChecksumErrors, "checksums were right");
        }

        [TestMethod]
        public void Bad_sentences_with_correct_checksums_are_malformed_and_never_change_the_fix()
        {
            string[] bad = new string[]
            {
                "GNRMC,101754.00,A,9100.00000,N,12230.41991,W,0.5,,030120,,,A",   // latitude above 90
                "GNRMC,101754.00,A,3760.00000,N,12230.41991,W,0.5,,030120,,,A",   // 60 minutes
                "GNRMC,101754.00,A,3744.93525,X,12230.41991,W,0.5,,030120,,,A",   // hemisphere X
                "GNRMC,101754.00,A,3744.93525,N,18100.00000,W,0.5,,030120,,,A",   // longitude above 180
                "GNRMC,101754.00,A,3744.93525,N,12230.41991,,0.5,,030120,,,A",    // longitude without hemisphere
                "GNRMC,101754.00,A,,,12230.41991,W,0.5,,030120,,,A",              // longitude without latitude
                "GNRMC,101754.00,A,,,,,0.5,,030120,,,A",                          // valid fix without position
                "GNRMC,246000.00,A,3744.93525,N,12230.41991,W,0.5,,030120,,,A",   // hour 24
                "GNRMC,101754.00,A,3744.93525,N,12230.41991,W,0.5,,300220,,,A",   // 30 February
                "GNRMC,101754.00,A,3744.93525,N,12230.41991,W,0.5,,031320,,,A",   // month 13
                "GNRMC,101754.00,A,3744.93525,N,12230.41991,W,-0.5,,030120,,,A",  // negative speed
                "GNRMC,101754.00,A,3744.93525,N,12230.41991,W,0.5,361.0,030120,,,A", // course above 360
                "GNRMC,101754.00,X,3744.93525,N,12230.41991,W,0.5,,030120,,,A",   // status X
                "GNRMC,101754.00,A,3744.93525,N,12230.41991,W,0.5,,030120,,,Z",   // mode Z
                "GNRMC,101754.00,A,3744.93525,N,12230.41991,W,0.5,,030120",       // too few fields
                "GNRMC,101754.00,A,3744.93525,N,12230.41991,W,0.5,,030120,,,A,V,X", // too many fields
                "GNRMC,101754.00,A,3744.9352S,N,12230.41991,W,0.5,,030120,,,A",   // letter in a number
                "GNRMC,101754.00,A,3744.93.25,N,12230.41991,W,0.5,,030120,,,A",   // two points
                "GNRMC,10175x.00,A,3744.93525,N,12230.41991,W,0.5,,030120,,,A",   // letter in the time
                "GNGGA,101754.00,3744.93525,N,12230.41991,W,1,12,0.75,abc,M,-29.9,M,,", // non-numeric altitude
                "GNGGA,101754.00,3744.93525,N,12230.41991,W,1,12,0.75,-5.3,F,-29.9,M,,", // altitude in feet
                "GNGGA,101754.00,3744.93525,N,12230.41991,W,1,12,0.75,200000.0,M,-29.9,M,,", // altitude 200 km
                "GNGGA,101754.00,3744.93525,N,12230.41991,W,1,120,0.75,-5.3,M,-29.9,M,,", // 120 satellites
                "GNGGA,101754.00,3744.93525,N,12230.41991,W,1,12,-0.75,-5.3,M,-29.9,M,,", // negative HDOP
                "GNGGA,101754.00,3744.93525,N,12230.41991,W,1,12,0.75,-5.3,M,-29.9,M,",  // 13 fields
                "GNGGA,101754.00,,,,,1,12,0.75,-5.3,M,-29.9,M,,",                 // quality 1 without position
                "GNGSA,A,4,25,21,,,,,,,,,,,1.62,0.75,1.44",                       // fix type 4
                "GNGSA,X,3,25,21,,,,,,,,,,,1.62,0.75,1.44",                       // mode X
                "GNGSA,A,3,25,21,,,,,,,,,,1.62,0.75,1.44",                        // 11 satellite fields
                "GNGSA,A,3,2a,21,,,,,,,,,,,1.62,0.75,1.44",                       // letter in an ID
                "GPGSV,2,3,08,02,43,088,38",                                      // sentence 3 of 2
                "GPGSV,1,1,08,02,91,088,38",                                      // elevation 91
                "GPGSV,1,1,08,02,43,088,38,04,42",                                // partial satellite block
                "GPGSV,1,1,08,02,43,088,38,XY",                                   // signal ID not hex
                "GPVTG,084.4,T,081.3,M,022.4,N,041.5,X,A",                        // unit X instead of K
                "GPVTG,084.4,T,081.3,M,022.4,N",                                  // too few fields
                "GPG,1",                                                          // short address
                "GP-GA,1",                                                        // bad character in the address
                "",                                                               // no address at all
            };
            NmeaParser parser = ParserWithGoodFix();
            GnssFix before = Snapshot(parser);
            for (int i = 0; i < bad.Length; i++)
            {
                long malformedBefore = parser.MalformedSentences;
                Assert.IsFalse(parser.Accept(NmeaTestKit.Seal(bad[i]), 30000), bad[i]);
                Assert.AreEqual(malformedBefore + 1, parser.MalformedSentences, "counted as malformed: " + bad[i]);
                NmeaTestKit.AreSameFix(before, parser.Fix, bad[i]);
            }
            Assert.AreEqual(0L, parser.ChecksumErrors);
            Assert.AreEqual(-1L, (long)parser.GetSatellitesInView(GnssConstellation.Gps), "no GSV was used");
        }

        [TestMethod]
        public void Checksum_must_be_present_and_match()
        {
            NmeaParser parser = ParserWithGoodFix();
            GnssFix before = Snapshot(parser);
            string body = "$GNGGA,101754.00,3744.93536,N,12230.42034,W,1,12,0.75,-6.3,M,-29.9,M,,";
            Assert.IsFalse(parser.Accept(body, 40000), "no checksum");
            Assert.IsFalse(parser.Accept(body + "*", 40000), "star without digits");
            Assert.IsFalse(parser.Accept(body + "*5", 40000), "one digit");
            Assert.IsFalse(parser.Accept(body + "*5DD", 40000), "three digits");
            Assert.IsFalse(parser.Accept(body + "*5G", 40000), "not hex");
            Assert.IsFalse(parser.Accept(body + "*00", 40000), "wrong value");
            Assert.AreEqual(6L, parser.ChecksumErrors);
            NmeaTestKit.AreSameFix(before, parser.Fix, "after checksum errors");

            Assert.IsTrue(parser.Accept(body + "*5D", 40000), "the right checksum");
            Assert.IsTrue(parser.Accept(body + "*5d", 40000), "lower-case hex is tolerated");
        }

        [TestMethod]
        public void Lines_that_are_not_nmea_sentences_are_malformed()
        {
            NmeaParser parser = ParserWithGoodFix();
            GnssFix before = Snapshot(parser);
            string[] lines = new string[]
            {
                "",
                "GNGGA,101753.00,3744.93525,N,12230.41991,W,1,12,0.75,-5.3,M,-29.9,M,,*5E",      // no '$'
                " " + GoodGga,                                                                   // leading space
                "!AIVDM,1,1,,A,13aEOK?P00PD2wVMdLDRhgvL289?,0*26",                             // AIS, not GNSS
                "$GNGGA,101753.00,3744.93525,N,12230.41991,W,1,12,0.75,-5.3,M,-29.9$GNRMC,1*5E",  // two sentences run together
                "$GNGGA,101753.00,3744.93525,N,12230.41991,W,1,12,0.75,-5.3,M,\t29.9,M,,*5E",    // control character
                "$GNGGA,101753.00,3744.9352\u00e9,N,12230.41991,W,1,12,0.75,-5.3,M,-29.9,M,,*5E", // non-ASCII
                "$" + new string(',', 60) + "*00",                                              // too many fields
            };
            for (int i = 0; i < lines.Length; i++)
            {
                Assert.IsFalse(parser.Accept(lines[i], 50000), lines[i]);
            }
            Assert.AreEqual((long)lines.Length, parser.MalformedSentences);
            Assert.IsFalse(parser.Accept(new string('A', NmeaParser.MaxStringSentenceLength + 1)), "too long for the string overload");
            Assert.IsFalse(parser.Accept((string?)null), "null text");
            Assert.IsFalse(parser.Accept((byte[]?)null, 10, 0), "null buffer");
            Assert.IsFalse(parser.Accept(new byte[10], -1, 0), "negative length");
            Assert.IsFalse(parser.Accept(new byte[10], 11, 0), "length past the buffer");
            Assert.AreEqual((long)lines.Length + 5, parser.MalformedSentences);
            NmeaTestKit.AreSameFix(before, parser.Fix, "after non-NMEA lines");
        }
    }
}
