using Gateway.Firmware.Core.Gnss;
using nanoFramework.TestFramework;

namespace Gateway.Firmware.Core.Tests.Portable.Gnss
{
    /// <summary>
    /// Field semantics on sentences written for the test (checksums computed by <see cref="NmeaTestKit.Seal"/>).
    /// </summary>
    [TestClass]
    public class NmeaParserFieldTests
    {
        private const double Tolerance = 1e-9;

        [TestMethod]
        public void Southern_and_western_fix_has_negative_latitude_and_longitude()
        {
            // Santiago de Chile.
            var parser = new NmeaParser();
            Assert.IsTrue(parser.Accept(NmeaTestKit.Seal("GPRMC,201530.00,A,3326.57120,S,07039.84510,W,1.500,271.3,150324,,,A")));
            Assert.IsTrue(parser.Accept(NmeaTestKit.Seal("GPGGA,201530.00,3326.57120,S,07039.84510,W,2,09,1.05,570.2,M,28.1,M,,")));

            GnssFix fix = parser.Fix;
            NmeaTestKit.AreClose(-NmeaTestKit.Degrees(33, 26.5712), fix.LatitudeDeg, Tolerance, "south");
            NmeaTestKit.AreClose(-NmeaTestKit.Degrees(70, 39.8451), fix.LongitudeDeg, Tolerance, "west");
            NmeaTestKit.AreClose(1.5 * 1852.0 / 3600.0, fix.SpeedMps, Tolerance, "speed");
            NmeaTestKit.AreClose(271.3, fix.CourseDeg, Tolerance, "course");
            Assert.AreEqual(2L, (long)fix.FixQuality, "differential");
            Assert.AreEqual(1710533730000L, fix.TimeUnixMs, "2024-03-15T20:15:30Z from GGA time + RMC date");
        }

        [TestMethod]
        public void Coordinates_at_the_limits_are_exact()
        {
            var parser = new NmeaParser();
            Assert.IsTrue(parser.Accept(NmeaTestKit.Seal("GPRMC,000000,A,9000.0000,S,18000.0000,W,0,0,010100,,,A")));
            Assert.AreEqual(-90.0, parser.Fix.LatitudeDeg, "south pole");
            Assert.AreEqual(-180.0, parser.Fix.LongitudeDeg, "antimeridian");
            Assert.IsTrue(parser.Accept(NmeaTestKit.Seal("GPRMC,000001,A,0000.0000,N,00000.0000,E,0,0,010100,,,A")));
            Assert.AreEqual(0.0, parser.Fix.LatitudeDeg, "equator");
            Assert.AreEqual(0.0, parser.Fix.LongitudeDeg, "Greenwich");
        }

        [TestMethod]
        public void Gga_time_takes_the_next_day_when_the_epoch_crosses_midnight_after_rmc()
        {
            var parser = new NmeaParser();
            parser.Accept(NmeaTestKit.Seal("GPRMC,235959.50,A,4807.038,N,01131.000,E,0.0,,311299,,,A"));
            Assert.IsTrue(parser.Accept(NmeaTestKit.Seal("GPGGA,000000.50,4807.038,N,01131.000,E,1,08,0.9,545.4,M,46.9,M,,")));
            Assert.AreEqual(946684800500L, parser.Fix.TimeUnixMs, "2000-01-01T00:00:00.5Z");
        }

        [TestMethod]
        public void Gga_time_takes_the_previous_day_when_it_is_just_before_the_rmc_midnight()
        {
            var parser = new NmeaParser();
            parser.Accept(NmeaTestKit.Seal("GPRMC,000000.00,A,4807.038,N,01131.000,E,0.0,,010100,,,A"));
            Assert.IsTrue(parser.Accept(NmeaTestKit.Seal("GPGGA,235959.00,4807.038,N,01131.000,E,1,08,0.9,545.4,M,46.9,M,,")));
            Assert.AreEqual(946684799000L, parser.Fix.TimeUnixMs, "1999-12-31T23:59:59Z");
        }

        [TestMethod]
        public void Void_rmc_still_supplies_the_date_for_a_later_gga()
        {
            // u-blox receiver without fix but with time (OlivierLD/ROB serial log), then a fix.
            var parser = new NmeaParser();
            Assert.IsTrue(parser.Accept("$GPRMC,175919.00,V,,,,,,,311219,,,N*76"));
            Assert.IsFalse(parser.Fix.TimeValid, "no fix, so no fix time");
            Assert.IsTrue(parser.Accept(NmeaTestKit.Seal("GPGGA,175920.00,3744.93525,N,12230.41991,W,1,05,2.10,12.0,M,-29.9,M,,")));
            Assert.IsTrue(parser.Fix.TimeValid);
            Assert.AreEqual(1577815160000L, parser.Fix.TimeUnixMs, "2019-12-31T17:59:20Z");
        }

        [TestMethod]
        public void Two_digit_years_80_to_99_are_the_1900s_and_00_to_79_the_2000s()
        {
            var parser = new NmeaParser();
            parser.Accept(NmeaTestKit.Seal("GPRMC,000000,A,4807.038,N,01131.000,E,0,0,010180,,,A"));
            Assert.AreEqual(315532800000L, parser.Fix.TimeUnixMs, "1980-01-01");
            parser.Accept(NmeaTestKit.Seal("GPRMC,000000,A,4807.038,N,01131.000,E,0,0,311279,,,A"));
            Assert.AreEqual(3471206400000L, parser.Fix.TimeUnixMs, "2079-12-31");
            parser.Accept(NmeaTestKit.Seal("GPRMC,235959,A,4807.038,N,01131.000,E,0,0,290224,,,A"));
            Assert.AreEqual(1709251199000L, parser.Fix.TimeUnixMs, "2024-02-29T23:59:59Z, leap day");
        }

        [TestMethod]
        public void Leap_second_60_is_accepted()
        {
            var parser = new NmeaParser();
            Assert.IsTrue(parser.Accept(NmeaTestKit.Seal("GPRMC,235960,A,4807.038,N,01131.000,E,0,0,311216,,,A")));
            Assert.AreEqual(1483228800000L, parser.Fix.TimeUnixMs, "2016-12-31T23:59:60Z counts as 2017-01-01T00:00:00Z");
        }

        [TestMethod]
        public void Vtg_speed_in_kmh_wins_over_knots_and_mode_n_changes_nothing()
        {
            var parser = new NmeaParser();
            Assert.IsTrue(parser.Accept("$GPVTG,084.4,T,081.3,M,022.4,N,041.5,K,A*" + Checksum("GPVTG,084.4,T,081.3,M,022.4,N,041.5,K,A")));
            NmeaTestKit.AreClose(41.5 / 3.6, parser.Fix.SpeedMps, Tolerance, "km/h");
            NmeaTestKit.AreClose(84.4, parser.Fix.CourseDeg, Tolerance, "true course, not magnetic");

            Assert.IsTrue(parser.Accept(NmeaTestKit.Seal("GPVTG,,T,,M,010.0,N,,K,A")));
            NmeaTestKit.AreClose(10.0 * 1852.0 / 3600.0, parser.Fix.SpeedMps, Tolerance, "knots when km/h is empty");
            Assert.IsTrue(double.IsNaN(parser.Fix.CourseDeg), "empty course");

            Assert.IsTrue(parser.Accept(NmeaTestKit.Seal("GPVTG,,,,,,,,,N")));
            NmeaTestKit.AreClose(10.0 * 1852.0 / 3600.0, parser.Fix.SpeedMps, Tolerance, "mode N: unchanged");

            Assert.IsTrue(parser.Accept(NmeaTestKit.Seal("GPVTG,054.7,T,034.4,M,005.5,N,010.2,K")), "NMEA 2.0 VTG without mode");
            NmeaTestKit.AreClose(10.2 / 3.6, parser.Fix.SpeedMps, Tolerance, "old VTG");
        }

        [TestMethod]
        public void Rmc_mode_n_overrides_status_a()
        {
            var parser = new NmeaParser();
            parser.Accept(NmeaTestKit.Seal("GPRMC,120000,A,4807.038,N,01131.000,E,0,0,010124,,,A"));
            Assert.IsTrue(parser.Fix.FixValid);
            Assert.IsTrue(parser.Accept(NmeaTestKit.Seal("GPRMC,120001,A,4808.000,N,01131.000,E,0,0,010124,,,N")));
            Assert.IsFalse(parser.Fix.FixValid, "mode N: data not valid");
            NmeaTestKit.AreClose(NmeaTestKit.Degrees(48, 7.038), parser.Fix.LatitudeDeg, Tolerance, "position not moved");
        }

        [TestMethod]
        public void Fix_is_fresh_only_while_valid_and_younger_than_the_limit()
        {
            var parser = new NmeaParser();
            var copy = new GnssFix();
            Assert.IsFalse(parser.TryGetFreshFix(0, 5000, copy), "nothing yet");

            parser.Accept(NmeaTestKit.Seal("GPRMC,120000,A,4807.038,N,01131.000,E,0,0,010124,,,A"), 10000);
            Assert.IsTrue(parser.TryGetFreshFix(10000, 5000, copy), "age 0");
            Assert.IsTrue(parser.TryGetFreshFix(15000, 5000, copy), "age equal to the limit");
            Assert.IsFalse(parser.TryGetFreshFix(15001, 5000, copy), "too old");
            Assert.IsFalse(parser.TryGetFreshFix(9999, 5000, copy), "stamp from the future: clocks mixed up");
            NmeaTestKit.AreClose(NmeaTestKit.Degrees(48, 7.038), copy.LatitudeDeg, Tolerance, "copied even when stale");
            Assert.AreEqual(10000L, copy.UpdatedAtMs);

            // A sentence that is not a position does not refresh the stamp.
            parser.Accept(NmeaTestKit.Seal("GPVTG,,T,,M,0.0,N,0.0,K,A"), 14000);
            Assert.IsFalse(parser.TryGetFreshFix(15001, 5000, copy), "VTG is not a new fix");

            parser.Accept(NmeaTestKit.Seal("GPRMC,120005,V,,,,,,,010124,,,N"), 16000);
            Assert.IsFalse(parser.TryGetFreshFix(16000, 5000, copy), "fix lost");
            Assert.IsFalse(copy.FixValid);
        }

        [TestMethod]
        public void Gga_quality_above_zero_is_valid_up_to_8_and_9_is_rejected()
        {
            var parser = new NmeaParser();
            for (int quality = 1; quality <= 8; quality++)
            {
                Assert.IsTrue(parser.Accept(NmeaTestKit.Seal("GNGGA,120000,4807.038,N,01131.000,E," + quality.ToString() + ",10,0.8,500.0,M,46.9,M,,")),
                    "quality " + quality.ToString());
                Assert.AreEqual((long)quality, (long)parser.Fix.FixQuality);
                Assert.IsTrue(parser.Fix.FixValid);
            }
            Assert.IsFalse(parser.Accept(NmeaTestKit.Seal("GNGGA,120000,4807.038,N,01131.000,E,9,10,0.8,500.0,M,46.9,M,,")));
            Assert.AreEqual(1L, parser.MalformedSentences);
        }

        [TestMethod]
        public void Nmea_4_11_gsa_system_ids_map_to_constellations()
        {
            var parser = new NmeaParser();
            parser.Accept(NmeaTestKit.Seal("GNGGA,120000,4807.038,N,01131.000,E,1,10,0.8,500.0,M,46.9,M,,"));
            Assert.IsTrue(parser.Accept(NmeaTestKit.Seal("GNGSA,A,3,02,,,,,,,,,,,,1.0,0.8,0.6,5")));
            Assert.AreEqual((long)GnssConstellation.Qzss, (long)parser.Fix.Constellations, "5 is QZSS");
            Assert.IsTrue(parser.Accept(NmeaTestKit.Seal("GNGSA,A,3,03,,,,,,,,,,,,1.0,0.8,0.6,6")));
            Assert.AreEqual((long)(GnssConstellation.Qzss | GnssConstellation.NavIc), (long)parser.Fix.Constellations, "6 is NavIC");
            Assert.IsTrue(parser.Accept(NmeaTestKit.Seal("GNGSA,A,3,,,,,,,,,,,,,1.0,0.8,0.6,3")));
            Assert.AreEqual((long)(GnssConstellation.Qzss | GnssConstellation.NavIc), (long)parser.Fix.Constellations,
                "a system with no satellite listed is not in use");

            // The next epoch starts a new set.
            parser.Accept(NmeaTestKit.Seal("GNGGA,120001,4807.038,N,01131.000,E,1,10,0.8,500.0,M,46.9,M,,"));
            parser.Accept(NmeaTestKit.Seal("GNGSA,A,3,12,,,,,,,,,,,,1.0,0.8,0.6,1"));
            Assert.AreEqual((long)GnssConstellation.Gps, (long)parser.Fix.Constellations, "only GPS in the new epoch");
        }

        [TestMethod]
        public void Gn_gsa_without_system_id_uses_satellite_id_ranges()
        {
            var parser = new NmeaParser();
            parser.Accept(NmeaTestKit.Seal("GNGSA,A,3,07,44,70,194,305,410,,,,,,,1.0,0.8,0.6"));
            Assert.AreEqual((long)(GnssConstellation.Gps | GnssConstellation.Glonass | GnssConstellation.Qzss
                    | GnssConstellation.Galileo | GnssConstellation.BeiDou),
                (long)parser.Fix.Constellations, "7 GPS, 44 SBAS (not counted), 70 GLONASS, 194 QZSS, 305 Galileo, 410 BeiDou");
        }

        [TestMethod]
        public void Gsa_without_fix_lists_no_constellation()
        {
            var parser = new NmeaParser();
            Assert.IsTrue(parser.Accept(NmeaTestKit.Seal("GPGSA,A,1,05,07,,,,,,,,,,,,,")));
            Assert.AreEqual((long)GnssConstellation.None, (long)parser.Fix.Constellations);
        }

        [TestMethod]
        public void Unknown_talkers_unknown_types_and_proprietary_sentences_are_ignored_not_errors()
        {
            var parser = new NmeaParser();
            Assert.IsFalse(parser.Accept(NmeaTestKit.Seal("IIGGA,120000,4807.038,N,01131.000,E,1,08,0.9,545.4,M,46.9,M,,")), "II talker");
            Assert.IsFalse(parser.Accept(NmeaTestKit.Seal("GPZDA,201530.00,15,03,2024,00,00")), "ZDA");
            Assert.IsFalse(parser.Accept(NmeaTestKit.Seal("PUBX,00,201530.00,3326.57120,S")), "u-blox proprietary");
            Assert.IsFalse(parser.Accept(NmeaTestKit.Seal("GNGSV,1,1,01,05,40,083,46")), "GN GSV names no constellation");
            Assert.AreEqual(4L, parser.IgnoredSentences);
            Assert.AreEqual(0L, parser.ChecksumErrors + parser.MalformedSentences + parser.SentencesAccepted);
            Assert.IsTrue(double.IsNaN(parser.Fix.LatitudeDeg), "the II GGA was not used");
        }

        [TestMethod]
        public void Qzss_and_navic_talkers_are_understood_in_both_spellings()
        {
            string[] talkers = new string[] { "GQ", "QZ", "GI", "IR", "GB", "BD", "GA", "GL", "GP" };
            GnssConstellation[] expected = new GnssConstellation[]
            {
                GnssConstellation.Qzss, GnssConstellation.Qzss, GnssConstellation.NavIc, GnssConstellation.NavIc,
                GnssConstellation.BeiDou, GnssConstellation.BeiDou, GnssConstellation.Galileo, GnssConstellation.Glonass,
                GnssConstellation.Gps,
            };
            for (int i = 0; i < talkers.Length; i++)
            {
                var parser = new NmeaParser();
                Assert.IsTrue(parser.Accept(NmeaTestKit.Seal(talkers[i] + "GSV,1,1,02,01,40,083,46,02,20,120,31")), talkers[i]);
                Assert.AreEqual(2L, (long)parser.GetSatellitesInView(expected[i]), talkers[i] + " GSV");
                Assert.IsTrue(parser.Accept(NmeaTestKit.Seal(talkers[i] + "GSA,A,3,01,02,,,,,,,,,,,1.0,0.8,0.6")), talkers[i]);
                Assert.AreEqual((long)expected[i], (long)parser.Fix.Constellations, talkers[i] + " GSA");
            }
        }

        [TestMethod]
        public void Satellites_in_view_asks_for_exactly_one_constellation()
        {
            var parser = new NmeaParser();
            parser.Accept(NmeaTestKit.Seal("GPGSV,1,1,02,01,40,083,46,02,20,120,31"));
            Assert.AreEqual(2L, (long)parser.GetSatellitesInView(GnssConstellation.Gps));
            Assert.AreEqual(-1L, (long)parser.GetSatellitesInView(GnssConstellation.Gps | GnssConstellation.Glonass), "a set");
            Assert.AreEqual(-1L, (long)parser.GetSatellitesInView(GnssConstellation.None), "nothing");
        }

        [TestMethod]
        public void Byte_overload_accepts_lines_with_and_without_cr_lf()
        {
            string sentence = "$GPGGA,123519,4807.038,N,01131.000,E,1,08,0.9,545.4,M,46.9,M,,*47";
            var parser = new NmeaParser();
            byte[] buffer = new byte[100];
            for (int i = 0; i < sentence.Length; i++)
            {
                buffer[i] = (byte)sentence[i];
            }
            Assert.IsTrue(parser.Accept(buffer, sentence.Length, 42), "as ILineSource delivers it");
            buffer[sentence.Length] = (byte)'\r';
            buffer[sentence.Length + 1] = (byte)'\n';
            Assert.IsTrue(parser.Accept(buffer, sentence.Length + 2, 43), "with CR LF");
            Assert.IsTrue(parser.Accept(buffer, sentence.Length + 2), "without a clock");
            Assert.AreEqual(3L, parser.SentencesAccepted);
            Assert.AreEqual(0L, parser.Fix.UpdatedAtMs, "the overload without a clock stamps 0");
        }

        private static string Checksum(string body)
        {
            string sealed_ = NmeaTestKit.Seal(body);
            return sealed_.Substring(sealed_.Length - 2);
        }
    }
}
