using System;
using Gateway.Firmware.Core.Gnss;
using nanoFramework.TestFramework;

namespace Gateway.Firmware.Core.Tests.Portable.Gnss
{
    /// <summary>
    /// Helpers for the NMEA tests: sealing hand-written sentences with their checksum (computed here, independently
    /// of the parser), feeding lines, and comparing fixes.
    /// </summary>
    internal static class NmeaTestKit
    {
        private const string HexDigits = "0123456789ABCDEF";

        /// <summary>Returns <c>$body*hh</c>, hh = XOR of the body's characters (NMEA 0183 checksum).</summary>
        public static string Seal(string body)
        {
            int checksum = 0;
            for (int i = 0; i < body.Length; i++)
            {
                checksum ^= body[i];
            }
            return "$" + body + "*" + HexDigits[(checksum >> 4) & 0xF] + HexDigits[checksum & 0xF];
        }

        /// <summary>Feeds every line at the same monotonic time; returns how many were accepted.</summary>
        public static int Feed(NmeaParser parser, string[] lines, long nowMs)
        {
            int accepted = 0;
            for (int i = 0; i < lines.Length; i++)
            {
                if (parser.Accept(lines[i], nowMs))
                {
                    accepted++;
                }
            }
            return accepted;
        }

        public static void AreClose(double expected, double actual, double tolerance, string message)
        {
            Assert.IsTrue(Math.Abs(expected - actual) <= tolerance,
                message + ": expected " + expected.ToString() + ", got " + actual.ToString());
        }

        /// <summary>Degrees from NMEA degrees and decimal minutes, computed the obvious way.</summary>
        public static double Degrees(int degrees, double minutes) => degrees + minutes / 60.0;

        public static void AreSameFix(GnssFix expected, GnssFix actual, string message)
        {
            Assert.AreEqual(expected.FixValid, actual.FixValid, message + ": FixValid");
            Assert.AreEqual(expected.LatitudeDeg, actual.LatitudeDeg, message + ": LatitudeDeg");
            Assert.AreEqual(expected.LongitudeDeg, actual.LongitudeDeg, message + ": LongitudeDeg");
            Assert.AreEqual(expected.AltitudeM, actual.AltitudeM, message + ": AltitudeM");
            Assert.AreEqual(expected.SpeedMps, actual.SpeedMps, message + ": SpeedMps");
            Assert.AreEqual(expected.CourseDeg, actual.CourseDeg, message + ": CourseDeg");
            Assert.AreEqual((long)expected.FixQuality, (long)actual.FixQuality, message + ": FixQuality");
            Assert.AreEqual((long)expected.SatellitesInUse, (long)actual.SatellitesInUse, message + ": SatellitesInUse");
            Assert.AreEqual(expected.Hdop, actual.Hdop, message + ": Hdop");
            Assert.AreEqual(expected.TimeValid, actual.TimeValid, message + ": TimeValid");
            Assert.AreEqual(expected.TimeUnixMs, actual.TimeUnixMs, message + ": TimeUnixMs");
            Assert.AreEqual((long)expected.Constellations, (long)actual.Constellations, message + ": Constellations");
            Assert.AreEqual(expected.UpdatedAtMs, actual.UpdatedAtMs, message + ": UpdatedAtMs");
        }

        /// <summary>Total of the four counters: every line fed is counted exactly once.</summary>
        public static long Counted(NmeaParser parser) =>
            parser.SentencesAccepted + parser.ChecksumErrors + parser.MalformedSentences + parser.IgnoredSentences;
    }
}
