using Gateway.Firmware.Core.Gnss;
using nanoFramework.TestFramework;

namespace Gateway.Firmware.Core.Tests.Portable.Gnss
{
    /// <summary>
    /// Sentences captured from real receivers, with their original checksums. Sources are named per test;
    /// expected values are worked out by hand from the fields.
    /// </summary>
    [TestClass]
    public class NmeaParserRealWorldTests
    {
        private const double CoordinateTolerance = 1e-9;
        private const double ValueTolerance = 1e-9;

        [TestMethod]
        public void Classic_gps_rmc_and_gga_give_position_speed_altitude_and_time()
        {
            // The widely published NMEA example (e.g. the gpsd "NMEA revealed" page): Munich, 23 March 1994.
            var parser = new NmeaParser();
            Assert.IsTrue(parser.Accept("$GPRMC,123519,A,4807.038,N,01131.000,E,022.4,084.4,230394,003.1,W*6A", 500));
            Assert.IsTrue(parser.Accept("$GPGGA,123519,4807.038,N,01131.000,E,1,08,0.9,545.4,M,46.9,M,,*47", 500));

            GnssFix fix = parser.Fix;
            Assert.IsTrue(fix.FixValid, "valid");
            NmeaTestKit.AreClose(NmeaTestKit.Degrees(48, 7.038), fix.LatitudeDeg, CoordinateTolerance, "latitude");
            NmeaTestKit.AreClose(NmeaTestKit.Degrees(11, 31.0), fix.LongitudeDeg, CoordinateTolerance, "longitude");
            NmeaTestKit.AreClose(22.4 * 1852.0 / 3600.0, fix.SpeedMps, ValueTolerance, "22.4 kn in m/s");
            NmeaTestKit.AreClose(84.4, fix.CourseDeg, ValueTolerance, "course");
            NmeaTestKit.AreClose(545.4, fix.AltitudeM, ValueTolerance, "altitude MSL");
            Assert.AreEqual(1L, (long)fix.FixQuality, "quality");
            Assert.AreEqual(8L, (long)fix.SatellitesInUse, "satellites");
            NmeaTestKit.AreClose(0.9, fix.Hdop, ValueTolerance, "HDOP");
            Assert.IsTrue(fix.TimeValid, "time known");
            Assert.AreEqual(764426119000L, fix.TimeUnixMs, "1994-03-23T12:35:19Z");
            Assert.AreEqual((long)GnssConstellation.Gps, (long)fix.Constellations, "GP talker, no GSA");
            Assert.AreEqual(500L, fix.UpdatedAtMs, "stamped with the caller's monotonic time");
            Assert.AreEqual(2L, parser.SentencesAccepted);
        }

        [TestMethod]
        public void Ublox_m8_gps_glonass_epoch_gives_constellations_from_gn_gsa_satellite_ids()
        {
            // u-blox M8030 (PROTVER 18, NMEA 4.0: GN talker, GSA without system ID), San Francisco, 3 Jan 2020;
            // serial log published in the notes of a Java NMEA multiplexer ("Reading 2 Serial ports").
            string[] epoch = new string[]
            {
                "$GNRMC,101753.00,A,3744.93525,N,12230.41991,W,0.560,,030120,,,A*74",
                "$GNVTG,,T,,M,0.560,N,1.038,K,A*34",
                "$GNGGA,101753.00,3744.93525,N,12230.41991,W,1,12,0.75,-5.3,M,-29.9,M,,*5E",
                "$GNGSA,A,3,25,21,26,15,20,13,12,05,29,,,,1.62,0.75,1.44*13",
                "$GNGSA,A,3,68,73,82,67,,,,,,,,,1.62,0.75,1.44*1B",
                "$GPGSV,4,1,14,02,06,071,04,05,35,049,21,12,07,166,18,13,14,100,29*73",
                "$GPGSV,4,2,14,15,20,134,28,16,07,325,,20,24,212,20,21,46,280,13*7A",
                "$GPGSV,4,3,14,25,37,192,22,26,26,309,10,29,76,040,21,31,03,264,*75",
                "$GPGSV,4,4,14,46,46,191,27,51,43,156,*71",
                "$GLGSV,3,1,09,67,37,050,21,68,49,126,19,69,14,173,,73,29,262,10*64",
                "$GLGSV,3,2,09,74,12,330,,80,05,206,08,82,29,074,27,83,54,012,*62",
                "$GLGSV,3,3,09,84,23,302,*50",
                "$GNGLL,3744.93525,N,12230.41991,W,101753.00,A,A*6E",
                "$GNTXT,01,01,02,u-blox AG - www.u-blox.com*4E",
                "$GNTXT,01,01,02,HW UBX-M8030 00080000*60",
            };
            var parser = new NmeaParser();
            Assert.AreEqual(12L, (long)NmeaTestKit.Feed(parser, epoch, 1000), "all but GLL and TXT used");
            Assert.AreEqual(3L, parser.IgnoredSentences, "GLL and TXT are valid but not used");
            Assert.AreEqual(0L, parser.ChecksumErrors + parser.MalformedSentences);

            GnssFix fix = parser.Fix;
            Assert.IsTrue(fix.FixValid);
            NmeaTestKit.AreClose(NmeaTestKit.Degrees(37, 44.93525), fix.LatitudeDeg, CoordinateTolerance, "latitude");
            NmeaTestKit.AreClose(-NmeaTestKit.Degrees(122, 30.41991), fix.LongitudeDeg, CoordinateTolerance, "west is negative");
            NmeaTestKit.AreClose(-5.3, fix.AltitudeM, ValueTolerance, "below mean sea level");
            Assert.AreEqual(12L, (long)fix.SatellitesInUse);
            NmeaTestKit.AreClose(0.75, fix.Hdop, ValueTolerance, "HDOP");
            NmeaTestKit.AreClose(1.038 / 3.6, fix.SpeedMps, ValueTolerance, "VTG km/h, the last speed received");
            Assert.IsTrue(double.IsNaN(fix.CourseDeg), "empty course over ground while nearly still");
            Assert.AreEqual(1578046673000L, fix.TimeUnixMs, "2020-01-03T10:17:53Z");
            Assert.AreEqual((long)(GnssConstellation.Gps | GnssConstellation.Glonass), (long)fix.Constellations,
                "IDs 1-32 are GPS, 65-96 GLONASS");
            Assert.AreEqual("GPS+GLONASS", GnssConstellations.ToText(fix.Constellations));
            Assert.AreEqual(14L, (long)parser.GetSatellitesInView(GnssConstellation.Gps), "GPS in view (incl. SBAS 46, 51)");
            Assert.AreEqual(9L, (long)parser.GetSatellitesInView(GnssConstellation.Glonass), "GLONASS in view");
            Assert.AreEqual(-1L, (long)parser.GetSatellitesInView(GnssConstellation.Galileo), "no Galileo GSV");
        }

        [TestMethod]
        public void Ublox_cold_start_without_fix_is_accepted_and_reports_no_fix()
        {
            // u-blox M8030 right after power-up (kernel mailing-list thread on U-Blox 8 GNSS USB support, /dev/gnss0).
            var parser = new NmeaParser();
            int accepted = NmeaTestKit.Feed(parser, new string[]
            {
                "$GNRMC,,V,,,,,,,,,,N*4D",
                "$GNVTG,,,,,,,,,N*2E",
                "$GNGGA,,,,,,0,00,99.99,,,,,,*56",
                "$GNGSA,A,1,,,,,,,,,,,,,99.99,99.99,99.99*2E",
            }, 0);

            Assert.AreEqual(4L, (long)accepted, "no-fix sentences are valid sentences");
            GnssFix fix = parser.Fix;
            Assert.IsFalse(fix.FixValid);
            Assert.IsTrue(double.IsNaN(fix.LatitudeDeg), "no position ever");
            Assert.IsFalse(fix.TimeValid);
            Assert.AreEqual(0L, (long)fix.FixQuality);
            Assert.AreEqual(0L, (long)fix.SatellitesInUse);
            NmeaTestKit.AreClose(99.99, fix.Hdop, ValueTolerance, "HDOP placeholder");
            Assert.AreEqual((long)GnssConstellation.None, (long)fix.Constellations);
            Assert.IsFalse(parser.TryGetFreshFix(0, 60000, new GnssFix()));
        }

        [TestMethod]
        public void Ublox_nmea_4_11_gsa_system_ids_give_all_four_constellations()
        {
            // u-blox dual-band receiver, NMEA 4.11 (GSA system ID, GSV signal ID, RMC navigational status),
            // northern Italy, 5 Nov 2021 (sample in the SALMO sun-tracker firmware).
            string[] epoch = new string[]
            {
                "$GNRMC,141148.00,A,4604.15257,N,01108.97976,E,0.004,,051121,,,A,V*13",
                "$GNVTG,,T,,M,0.004,N,0.008,K,A*31",
                "$GNGGA,141148.00,4604.15257,N,01108.97976,E,1,12,0.59,372.1,M,46.1,M,,*4C",
                "$GNGSA,A,3,05,07,13,14,15,20,30,,,,,,0.97,0.59,0.77,1*03",
                "$GNGSA,A,3,78,69,68,70,80,79,,,,,,,0.97,0.59,0.77,2*0F",
                "$GNGSA,A,3,05,03,31,09,24,01,15,,,,,,0.97,0.59,0.77,3*0F",
                "$GNGSA,A,3,26,24,10,14,21,,,,,,,,0.97,0.59,0.77,4*03",
                "$GPGSV,3,1,12,02,02,225,,05,57,277,44,07,40,058,36,11,04,215,,1*6C",
                "$GPGSV,3,2,12,13,46,294,45,14,42,150,40,15,16,295,43,18,08,327,39,1*6C",
                "$GPGSV,3,3,12,20,53,216,44,27,03,024,,28,,,43,30,73,057,43,1*59",
                "$GPGSV,3,1,11,02,02,225,,05,57,277,39,07,40,058,35,11,04,215,,6*61",
                "$GPGSV,3,2,11,13,46,294,,14,42,150,45,15,16,295,35,18,08,327,31,6*65",
                "$GPGSV,3,3,11,20,53,216,,27,03,024,,30,73,057,41,6*52",
                "$GLGSV,2,1,08,68,43,125,45,69,77,354,42,70,17,317,33,78,46,040,39,1*71",
                "$GLGSV,2,2,08,79,74,182,41,80,16,209,38,85,06,301,10,86,09,345,23,1*70",
                "$GLGSV,2,1,08,68,43,125,43,69,77,354,41,70,17,317,,78,46,040,35,3*7A",
                "$GLGSV,2,2,08,79,74,182,41,80,16,209,21,85,06,301,11,86,09,345,,3*7A",
                "$GAGSV,3,1,09,01,10,036,28,03,11,297,43,04,09,114,,05,63,305,44,7*70",
                "$GAGSV,3,2,09,09,61,106,44,15,12,312,41,24,49,164,40,25,05,198,36,7*7B",
                "$GAGSV,3,3,09,31,53,075,36,7*49",
                "$GAGSV,3,1,09,01,10,036,32,03,11,297,38,04,09,114,,05,63,305,47,2*71",
                "$GAGSV,3,2,09,09,61,106,46,15,12,312,38,24,49,164,46,25,05,198,31,2*73",
                "$GAGSV,3,3,09,31,53,075,42,2*4F",
                "$GBGSV,2,1,05,10,33,067,35,14,79,260,42,21,16,140,24,24,55,208,46,1*76",
            };
            var parser = new NmeaParser();
            Assert.AreEqual((long)epoch.Length, (long)NmeaTestKit.Feed(parser, epoch, 0), "every sentence used");

            GnssFix fix = parser.Fix;
            NmeaTestKit.AreClose(NmeaTestKit.Degrees(46, 4.15257), fix.LatitudeDeg, CoordinateTolerance, "latitude");
            NmeaTestKit.AreClose(NmeaTestKit.Degrees(11, 8.97976), fix.LongitudeDeg, CoordinateTolerance, "longitude");
            NmeaTestKit.AreClose(372.1, fix.AltitudeM, ValueTolerance, "altitude");
            Assert.AreEqual(1636121508000L, fix.TimeUnixMs, "2021-11-05T14:11:48Z");
            Assert.AreEqual((long)(GnssConstellation.Gps | GnssConstellation.Glonass | GnssConstellation.Galileo | GnssConstellation.BeiDou),
                (long)fix.Constellations, "system IDs 1-4; the repeated satellite IDs 05, 15, 24 belong to different systems");
            Assert.AreEqual("GPS+GLONASS+Galileo+BDS", GnssConstellations.ToText(fix.Constellations));
            Assert.AreEqual(12L, (long)parser.GetSatellitesInView(GnssConstellation.Gps), "L1 C/A series (signal 1), not the 11 on L2");
            Assert.AreEqual(8L, (long)parser.GetSatellitesInView(GnssConstellation.Glonass));
            Assert.AreEqual(9L, (long)parser.GetSatellitesInView(GnssConstellation.Galileo));
            Assert.AreEqual(5L, (long)parser.GetSatellitesInView(GnssConstellation.BeiDou));
        }

        [TestMethod]
        public void Sirf_trig_bd_talker_receiver_reports_gps_plus_beidou_after_its_first_fix()
        {
            // SiRF-TriG with the BD talker of the Chinese BDS module standard, Shanghai, 25 Feb 2015
            // (gpsd regression log test/daemon/beidou-bd.log). Quirks: GGA has a 15th field, BDGSA has a DOP
            // where NMEA 4.10 puts the system ID.
            var parser = new NmeaParser();
            NmeaTestKit.Feed(parser, new string[]
            {
                "$PSRFEPE,074150.799,V,,,,,*23",
                "$GNGGA,074150.799,,,,,0,00,,,M,0.0,M,,0000,*64",
                "$GNGNS,074150.799,,,,,NNNN,00,,,0.0,,0000*63",
                "$GPGSA,A,1,,,,,,,,,,,,,,,,*32",
                "$BDGSA,A,1,,,,,,,,,,,,,,,,*23",
                "$BDGSV,2,1,07,01,00,000,45,02,01,090,35,03,00,000,38,04,00,000,42*6A",
                "$BDGSV,2,2,07,05,27,090,,13,19,016,,11,07,147,*5E",
                "$GNRMC,074150.799,V,,,,,,,250215,,,N*52",
            }, 1000);
            Assert.IsFalse(parser.Fix.FixValid, "no fix in the first epoch");
            Assert.AreEqual((long)GnssConstellation.None, (long)parser.Fix.Constellations, "GSA lists no satellites");
            Assert.AreEqual(7L, (long)parser.GetSatellitesInView(GnssConstellation.BeiDou), "BD talker is BeiDou");

            NmeaTestKit.Feed(parser, new string[]
            {
                "$PSRFEPE,074155.799,A,1.3,10.59,52.97,0.6,180.0*16",
                "$GNGGA,074155.799,3114.8770,N,12135.2463,E,1,05,1.3,156.9,M,8.3,M,,0000,4.9*77",
                "$GNGNS,074155.799,3114.8770,N,12135.2463,E,ANNA,05,1.3,156.9,8.3,,0000*52",
                "$GPGSA,A,3,25,32,,,,,,,,,,,5.1,1.3,4.9,3.3*3D",
                "$BDGSA,A,3,02,03,04,,,,,,,,,,5.1,1.3,4.9,3.3*2F",
                "$GPGSV,5,1,20,25,76,102,50,32,29,284,47,01,02,001,24,07,00,000,23*7A",
                "$GPGSV,5,2,20,08,00,000,46,09,19,094,,12,00,000,44,14,68,202,49*7F",
                "$GPGSV,5,3,20,18,13,225,27,20,00,000,29,22,16,229,37,26,00,000,24*77",
                "$GPGSV,5,4,20,28,00,000,24,29,35,080,43,31,62,089,,15,42,298,*72",
                "$GPGSV,5,5,20,27,40,094,,30,24,225,,23,22,310,,10,05,340,*77",
                "$BDGSV,3,1,12,02,33,240,35,03,51,201,37,04,35,123,42,01,42,130,45*6B",
                "$BDGSV,3,2,12,10,64,323,,07,64,320,,06,55,274,,14,50,284,*66",
                "$BDGSV,3,3,12,09,44,299,,08,14,156,,05,11,258,,13,08,322,*6C",
                "$GNRMC,074155.799,A,3114.8770,N,12135.2463,E,0.30,4.94,250215,,,A*76",
            }, 6000);

            GnssFix fix = parser.Fix;
            Assert.IsTrue(fix.FixValid);
            NmeaTestKit.AreClose(NmeaTestKit.Degrees(31, 14.8770), fix.LatitudeDeg, CoordinateTolerance, "latitude");
            NmeaTestKit.AreClose(NmeaTestKit.Degrees(121, 35.2463), fix.LongitudeDeg, CoordinateTolerance, "longitude");
            NmeaTestKit.AreClose(156.9, fix.AltitudeM, ValueTolerance, "altitude");
            Assert.AreEqual(5L, (long)fix.SatellitesInUse);
            Assert.AreEqual(1424850115799L, fix.TimeUnixMs, "2015-02-25T07:41:55.799Z");
            Assert.AreEqual((long)(GnssConstellation.Gps | GnssConstellation.BeiDou), (long)fix.Constellations, "GPGSA + BDGSA");
            Assert.AreEqual("GPS+BDS", GnssConstellations.ToText(fix.Constellations));
            Assert.AreEqual(20L, (long)parser.GetSatellitesInView(GnssConstellation.Gps));
            Assert.AreEqual(12L, (long)parser.GetSatellitesInView(GnssConstellation.BeiDou));
            Assert.AreEqual(0L, parser.ChecksumErrors + parser.MalformedSentences, "receiver quirks are tolerated");
            Assert.AreEqual(6000L, fix.UpdatedAtMs);
        }

        [TestMethod]
        public void Sirf_trig_gb_talker_receiver_mixes_gpgga_with_gn_gsa_and_three_digit_beidou_ids()
        {
            // Same receiver with the NMEA 4.00 GB talker, Shanghai, 2 Mar 2015 (gpsd test/daemon/beidou-gb.log):
            // GPGGA next to GNRMC, GN GSA without system ID listing BeiDou as 201+, GBGSV with a trailing empty field.
            var parser = new NmeaParser();
            int accepted = NmeaTestKit.Feed(parser, new string[]
            {
                "$GNRMC,053231.438,V,,,,,,,020315,,,N*5F",
                "$PSRFEPE,053232.438,A,1.2,5.77,12.97,1.2,180.0*21",
                "$GPGGA,053232.438,3114.8789,N,12135.2442,E,1,06,1.2,153.8,M,8.3,M,,0000*6A",
                "$GNGNS,053232.438,3114.8789,N,12135.2442,E,ANNA,07,1.2,153.8,8.3,,0000*5F",
                "$GNGSA,A,3,22,18,14,12,31,24,,,,,,,2.5,1.2,2.2*23",
                "$GNGSA,A,3,201,,,,,,,,,,,,2.5,1.2,2.2*1B",
                "$GPGSV,6,1,21,22,80,039,49,18,50,119,51,14,51,342,48,12,20,061,50*78",
                "$GPGSV,6,2,21,31,51,228,34,24,04,041,43,03,00,000,20,05,00,000,26*77",
                "$GPGSV,6,3,21,06,00,000,26,07,00,000,24,16,00,000,22,21,00,000,24*7E",
                "$GPGSV,6,4,21,25,34,142,21,26,00,000,23,28,00,000,22,27,31,036,*71",
                "$GPGSV,6,5,21,15,21,289,,09,14,038,,30,14,180,,11,10,179,*7B",
                "$GPGSV,6,6,21,23,06,275,*4D",
                "$GBGSV,3,1,11,201,49,147,44,202,23,250,35,204,35,123,42,213,83,243,*6D",
                "$GBGSV,3,2,11,210,70,270,,207,70,267,,206,55,311,,203,49,208,*6B",
                "$GBGSV,3,3,11,209,36,317,,214,36,147,,205,11,257,*67",
                "$GNRMC,053232.438,A,3114.8789,N,12135.2442,E,0.26,167.42,020315,,,A*70",
            }, 0);

            Assert.AreEqual(14L, (long)accepted, "all but the proprietary PSRFEPE and GNS");
            GnssFix fix = parser.Fix;
            Assert.IsTrue(fix.FixValid);
            NmeaTestKit.AreClose(NmeaTestKit.Degrees(31, 14.8789), fix.LatitudeDeg, CoordinateTolerance, "latitude");
            NmeaTestKit.AreClose(153.8, fix.AltitudeM, ValueTolerance, "altitude from GPGGA");
            NmeaTestKit.AreClose(167.42, fix.CourseDeg, ValueTolerance, "course");
            Assert.AreEqual(1425274352438L, fix.TimeUnixMs, "2015-03-02T05:32:32.438Z");
            Assert.AreEqual((long)(GnssConstellation.Gps | GnssConstellation.BeiDou), (long)fix.Constellations,
                "the GSA is authoritative over the GP talker of GGA; ID 201 is BeiDou");
            Assert.AreEqual(21L, (long)parser.GetSatellitesInView(GnssConstellation.Gps));
            Assert.AreEqual(11L, (long)parser.GetSatellitesInView(GnssConstellation.BeiDou), "GB talker is BeiDou");
        }

        [TestMethod]
        public void Beidou_only_module_without_fix_keeps_no_position_even_though_it_prints_one()
        {
            // BDS-only module in a LoRa tracker (comment in its bsp_debug_task), Shanghai: status V and quality 0
            // but a stale position in the fields.
            var parser = new NmeaParser();
            int accepted = NmeaTestKit.Feed(parser, new string[]
            {
                "$BDRMC,000133.000,V,3104.465517,N,12121.549250,E,0.000,0.000,,,E,N*2F",
                "$BDGGA,000133.000,3104.465517,N,12121.549250,E,0,00,127.000,30.744,M,0,M,,*5F",
                "$BDGLL,3104.465517,N,12121.549250,E,000133.000,V,N*5D",
                "$BDGSA,A,1,,,,,,,,,,,,,127.000,127.000,127.000*25",
            }, 0);

            Assert.AreEqual(3L, (long)accepted);
            Assert.AreEqual(1L, parser.IgnoredSentences, "GLL");
            GnssFix fix = parser.Fix;
            Assert.IsFalse(fix.FixValid);
            Assert.IsTrue(double.IsNaN(fix.LatitudeDeg), "a position without a fix is not used");
            Assert.IsTrue(double.IsNaN(fix.AltitudeM));
            NmeaTestKit.AreClose(127.0, fix.Hdop, ValueTolerance, "HDOP");
            Assert.AreEqual(0L, (long)fix.SatellitesInUse);
        }

        [TestMethod]
        public void Beidou_only_fix_is_read_under_both_the_bd_and_the_gb_talker()
        {
            // BDGGA from a BDS receiver behind an Android GNSS HAL (Chengdu); GBGGA from a BDS module in Kashgar
            // (comment in its ParseGpsGga). Neither receiver sends GSA here, so the talker names the constellation.
            var bd = new NmeaParser();
            Assert.IsTrue(bd.Accept("$BDGGA,093256.122,3037.511084,N,10402.236998,E,1,05,8.697,483.933,M,0,M,,*6C"));
            Assert.IsTrue(bd.Fix.FixValid);
            NmeaTestKit.AreClose(NmeaTestKit.Degrees(30, 37.511084), bd.Fix.LatitudeDeg, CoordinateTolerance, "BD latitude");
            NmeaTestKit.AreClose(NmeaTestKit.Degrees(104, 2.236998), bd.Fix.LongitudeDeg, CoordinateTolerance, "BD longitude");
            NmeaTestKit.AreClose(483.933, bd.Fix.AltitudeM, ValueTolerance, "BD altitude");
            NmeaTestKit.AreClose(8.697, bd.Fix.Hdop, ValueTolerance, "BD HDOP");
            Assert.AreEqual((long)GnssConstellation.BeiDou, (long)bd.Fix.Constellations, "BD");
            Assert.IsFalse(bd.Fix.TimeValid, "GGA has no date and no RMC came");

            var gb = new NmeaParser();
            Assert.IsTrue(gb.Accept("$GBGGA,032112.00,3924.40647,N,07556.84250,E,1,03,4.20,1333.7,M,-49.1,M,,*5B"));
            NmeaTestKit.AreClose(NmeaTestKit.Degrees(39, 24.40647), gb.Fix.LatitudeDeg, CoordinateTolerance, "GB latitude");
            NmeaTestKit.AreClose(NmeaTestKit.Degrees(75, 56.84250), gb.Fix.LongitudeDeg, CoordinateTolerance, "GB longitude");
            NmeaTestKit.AreClose(1333.7, gb.Fix.AltitudeM, ValueTolerance, "GB altitude");
            Assert.AreEqual(3L, (long)gb.Fix.SatellitesInUse);
            Assert.AreEqual((long)GnssConstellation.BeiDou, (long)gb.Fix.Constellations, "GB");
            Assert.AreEqual("BDS", GnssConstellations.ToText(gb.Fix.Constellations));
        }

        [TestMethod]
        public void Beidou_nmea_4_11_receiver_with_gb_talker_and_system_id_4()
        {
            // BDS-only receiver output, Chengdu, 10 Jun 2025 (EdgeX device-service test data "from a real GPS").
            // Its GGA was mangled in that source (spaces for the satellite count) and fails its checksum.
            var parser = new NmeaParser();
            int accepted = NmeaTestKit.Feed(parser, new string[]
            {
                "$GBGGA,055525.000,3044.368753,N,10357.548051,E,1,   ,2.40,129.3,M,-32.3,M,,*5A",
                "$GBGLL,3044.368753,N,10357.548051,E,055525.000,A,A*4B",
                "$GBGSA,A,2,34,21,07,44,,,,,,,,,2.59,2.40,1.00,4*03",
                "$GBGSV,6,1,21,10,80,005,27,34,76,067,33,38,75,161,28,21,57,046,29,1*71",
                "$GBRMC,055525.000,A,3044.368753,N,10357.548051,E,0.00,000.00,100625,,,A,C*13",
                "$GBVTG,000.00,T,,M,0.00,N,0.00,K,A*2F",
            }, 0);

            Assert.AreEqual(4L, (long)accepted);
            Assert.AreEqual(1L, parser.ChecksumErrors, "the mangled GGA");
            GnssFix fix = parser.Fix;
            Assert.IsTrue(fix.FixValid);
            NmeaTestKit.AreClose(NmeaTestKit.Degrees(30, 44.368753), fix.LatitudeDeg, CoordinateTolerance, "latitude");
            NmeaTestKit.AreClose(NmeaTestKit.Degrees(103, 57.548051), fix.LongitudeDeg, CoordinateTolerance, "longitude");
            Assert.AreEqual(0.0, fix.SpeedMps, "standing still");
            Assert.AreEqual(0.0, fix.CourseDeg);
            Assert.AreEqual(1749534925000L, fix.TimeUnixMs, "2025-06-10T05:55:25Z");
            Assert.AreEqual((long)GnssConstellation.BeiDou, (long)fix.Constellations, "2D fix from BeiDou");
            Assert.AreEqual(21L, (long)parser.GetSatellitesInView(GnssConstellation.BeiDou));
        }

        [TestMethod]
        public void Atgm_style_receiver_with_gn_position_and_per_talker_gsa_reports_gps_plus_beidou()
        {
            // GPS+BDS module with GN position sentences and GPGSA/BDGSA (captured output replayed by the
            // gps_NMEA_mirror sketch), Chengdu, 29 Sep 2018.
            var parser = new NmeaParser();
            int accepted = NmeaTestKit.Feed(parser, new string[]
            {
                "$GPTXT,01,01,01,ANTENNA OK*35",
                "$GNGGA,072353.000,3032.2149,N,10412.5192,E,1,09,1.3,509.4,M,0.0,M,,*74",
                "$GNGLL,3032.2149,N,10412.5192,E,072353.000,A,A*42",
                "$GPGSA,A,3,15,21,36,13,29,33,,,,,,,3.2,1.3,2.9*31",
                "$BDGSA,A,3,06,13,08,,,,,,,,,,3.2,1.3,2.9*27",
                "$GPGSV,3,1,12,02,,,32,05,,,25,13,58,050,32,15,78,225,36*79",
                "$GPGSV,3,2,12,20,16,281,13,21,32,318,16,24,19,163,29,29,50,233,29*7E",
                "$GPGSV,3,3,12,33,61,058,27,34,,,26,35,,,24,36,47,140,20*77",
                "$BDGSV,2,1,07,02,,,17,03,,,32,06,82,357,30,08,55,136,37*6C",
                "$BDGSV,2,2,07,13,85,133,38,19,,,26,20,,,41*51",
                "$GNRMC,072353.000,A,3032.2149,N,10412.5192,E,7.74,50.28,290918,,,A*45",
                "$GNVTG,50.28,T,,M,7.74,N,14.34,K,A*2A",
                "$GNZDA,072353.000,29,09,2018,00,00*41",
            }, 0);

            Assert.AreEqual(10L, (long)accepted, "TXT, GLL and ZDA are not used");
            GnssFix fix = parser.Fix;
            Assert.AreEqual((long)(GnssConstellation.Gps | GnssConstellation.BeiDou), (long)fix.Constellations);
            NmeaTestKit.AreClose(14.34 / 3.6, fix.SpeedMps, ValueTolerance, "VTG 14.34 km/h");
            NmeaTestKit.AreClose(50.28, fix.CourseDeg, ValueTolerance, "course");
            NmeaTestKit.AreClose(509.4, fix.AltitudeM, ValueTolerance, "altitude");
            Assert.AreEqual(12L, (long)parser.GetSatellitesInView(GnssConstellation.Gps), "satellites without elevation are still in view");
            Assert.AreEqual(7L, (long)parser.GetSatellitesInView(GnssConstellation.BeiDou));
        }

        [TestMethod]
        public void Modem_repeating_the_solution_under_each_talker_without_gsa_reports_the_union()
        {
            // WWAN modem /dev/gnss0, Shenzhen, 28 Apr 2025 (netdev thread "net: wwan: add NMEA
            // port support"): RMC and GGA once per talker, NMEA 4.11 GSV with signal IDs, no GSA.
            var parser = new NmeaParser();
            NmeaTestKit.Feed(parser, new string[]
            {
                "$GPRMC,071634.00,A,2239.372067,N,11402.653048,E,,,280425,,,A,V*2D",
                "$GARMC,071634.00,A,2239.372067,N,11402.653048,E,,,280425,,,A,V*3C",
                "$GBRMC,071634.00,A,2239.372067,N,11402.653048,E,,,280425,,,A,V*3F",
                "$GNRMC,071634.00,A,2239.372067,N,11402.653048,E,,,280425,,,A,V*33",
                "$GNGNS,071634.00,2239.372067,N,11402.653048,E,NAANNN,02,500.0,,,,,V*15",
                "$GPGGA,071634.00,2239.372067,N,11402.653048,E,1,00,500.0,,,,,,*59",
                "$GAGGA,071634.00,2239.372067,N,11402.653048,E,1,01,500.0,,,,,,*49",
                "$GBGGA,071634.00,2239.372067,N,11402.653048,E,1,00,500.0,,,,,,*4B",
                "$GNGGA,071634.00,2239.372067,N,11402.653048,E,1,02,500.0,,,,,,*45",
                "$GPGSV,4,1,13,04,00,038,,05,33,240,,06,41,033,,09,25,058,,1*6F",
                "$GPGSV,4,2,13,11,47,344,,12,33,286,,13,09,185,,17,29,128,,1*6E",
                "$GPGSV,4,3,13,19,54,113,,20,62,284,,22,15,174,,25,09,311,,1*68",
                "$GPGSV,4,4,13,40,00,000,28,1*58",
                "$GLGSV,3,1,09,10,19,245,,06,38,185,,09,06,203,,11,13,296,,1*79",
                "$GLGSV,3,2,09,05,60,064,,20,39,013,,19,17,084,,21,15,321,,1*7E",
                "$GLGSV,3,3,09,04,16,030,,1*41",
                "$GAGSV,3,1,11,02,30,297,,04,32,076,,05,10,188,,06,41,107,,7*78",
                "$GAGSV,3,2,11,09,39,140,,10,26,055,,11,42,027,,12,09,071,,7*7E",
                "$GAGSV,3,3,11,16,36,198,,24,19,176,,36,39,317,,7*45",
                "$GBGSV,4,1,15,01,47,122,,02,46,234,,03,63,189,,04,34,108,,1*7D",
                "$GBGSV,4,2,15,05,23,253,,06,04,187,,07,86,194,,08,68,284,,1*75",
                "$GBGSV,4,3,15,09,03,201,,10,78,299,,11,56,025,,12,29,094,,1*71",
            }, 0);

            Assert.AreEqual(0L, parser.ChecksumErrors + parser.MalformedSentences);
            GnssFix fix = parser.Fix;
            Assert.AreEqual((long)(GnssConstellation.Gps | GnssConstellation.Galileo | GnssConstellation.BeiDou),
                (long)fix.Constellations, "talkers of one epoch are combined");
            Assert.AreEqual(2L, (long)fix.SatellitesInUse, "the GN sentence comes last");
            Assert.IsTrue(double.IsNaN(fix.SpeedMps), "speed field empty");
            Assert.AreEqual(1745824594000L, fix.TimeUnixMs, "2025-04-28T07:16:34Z");
            Assert.AreEqual(13L, (long)parser.GetSatellitesInView(GnssConstellation.Gps));
            Assert.AreEqual(9L, (long)parser.GetSatellitesInView(GnssConstellation.Glonass));
            Assert.AreEqual(11L, (long)parser.GetSatellitesInView(GnssConstellation.Galileo));
            Assert.AreEqual(15L, (long)parser.GetSatellitesInView(GnssConstellation.BeiDou));
        }

        [TestMethod]
        public void Garmin_western_hemisphere_stream_with_proprietary_and_corrupt_lines()
        {
            // Garmin GPS stream (sample data of the lwgps library, California, 8 Mar 2001). Its $PGRMM line
            // carries a wrong checksum in the source.
            var parser = new NmeaParser();
            NmeaTestKit.Feed(parser, new string[]
            {
                "$GPRMC,183729,A,3907.356,N,12102.482,W,000.0,360.0,080301,015.5,E*6F",
                "$GPRMB,A,,,,,,,,,,,,V*71",
                "$GPGGA,183730,3907.356,N,12102.482,W,1,05,1.6,646.4,M,-24.1,M,,*75",
                "$GPGSA,A,3,02,,,07,,09,24,26,,,,,1.6,1.6,1.0*3D",
                "$GPGSV,2,1,08,02,43,088,38,04,42,145,00,05,11,291,00,07,60,043,35*71",
                "$GPGSV,2,2,08,08,02,145,00,09,46,303,47,24,16,178,32,26,18,231,43*77",
                "$PGRME,22.0,M,52.9,M,51.0,M*14",
                "$GPGLL,3907.360,N,12102.481,W,183730,A*33",
                "$PGRMZ,2062,f,3*2D",
                "$PGRMM,WGS84*06",
                "$GPBOD,,T,,M,,*47",
                "$GPRTE,1,1,c,0*07",
                "$GPRMC,183731,A,3907.482,N,12102.436,W,000.0,360.0,080301,015.5,E*67",
            }, 0);

            Assert.AreEqual(6L, parser.SentencesAccepted);
            Assert.AreEqual(6L, parser.IgnoredSentences, "RMB, GLL, BOD, RTE and two proprietary");
            Assert.AreEqual(1L, parser.ChecksumErrors, "PGRMM");
            GnssFix fix = parser.Fix;
            NmeaTestKit.AreClose(NmeaTestKit.Degrees(39, 7.482), fix.LatitudeDeg, CoordinateTolerance, "latitude");
            NmeaTestKit.AreClose(-NmeaTestKit.Degrees(121, 2.436), fix.LongitudeDeg, CoordinateTolerance, "west is negative");
            NmeaTestKit.AreClose(646.4, fix.AltitudeM, ValueTolerance, "altitude from the GGA before");
            NmeaTestKit.AreClose(360.0, fix.CourseDeg, ValueTolerance, "course 360 is accepted");
            Assert.AreEqual(984076651000L, fix.TimeUnixMs, "2001-03-08T18:37:31Z");
            Assert.AreEqual((long)GnssConstellation.Gps, (long)fix.Constellations);
            Assert.AreEqual(8L, (long)parser.GetSatellitesInView(GnssConstellation.Gps));
        }

        [TestMethod]
        public void Southern_hemisphere_latitude_is_negative()
        {
            // Auckland, 24 May 2021 (test data of the "nmea" Python package).
            var parser = new NmeaParser();
            Assert.IsTrue(parser.Accept("$GPRMC,010432.00,A,3653.0835,S,17441.9076,E,26.99784,240.241,240521,19.9,E*4C"));

            GnssFix fix = parser.Fix;
            NmeaTestKit.AreClose(-NmeaTestKit.Degrees(36, 53.0835), fix.LatitudeDeg, CoordinateTolerance, "south is negative");
            NmeaTestKit.AreClose(NmeaTestKit.Degrees(174, 41.9076), fix.LongitudeDeg, CoordinateTolerance, "east is positive");
            NmeaTestKit.AreClose(26.99784 * 1852.0 / 3600.0, fix.SpeedMps, ValueTolerance, "speed");
            NmeaTestKit.AreClose(240.241, fix.CourseDeg, ValueTolerance, "course");
            Assert.AreEqual(1621818272000L, fix.TimeUnixMs, "2021-05-24T01:04:32Z");

            // A later GGA of the same receiver with quality 0 still prints a position: it must not move the fix.
            Assert.IsTrue(parser.Accept("$GNGGA,031921.542,3653.0286,S,17441.8568,E,0,00,,-26.2,M,26.2,M,,0000*6D"));
            Assert.IsFalse(parser.Fix.FixValid);
            NmeaTestKit.AreClose(-NmeaTestKit.Degrees(36, 53.0835), parser.Fix.LatitudeDeg, CoordinateTolerance, "last known position kept");
            Assert.IsTrue(double.IsNaN(parser.Fix.Hdop), "empty HDOP");
        }

        [TestMethod]
        public void Void_rmc_in_the_southern_and_western_hemisphere_is_accepted_without_moving_the_fix()
        {
            // SkyTraq-based vehicle tracker payload, São Paulo, 24 Mar 2023 (test data of a tracker decoder).
            var parser = new NmeaParser();
            Assert.IsTrue(parser.Accept("$GNRMC,184028.000,V,2335.73047,S,04638.18496,W,000.0,000.0,240323,,,N,V*15"));
            Assert.IsTrue(parser.Accept("$GNVTG,000.0,T,,M,000.0,N,000.0,K,N*1C"));
            Assert.IsFalse(parser.Fix.FixValid);
            Assert.IsTrue(double.IsNaN(parser.Fix.LatitudeDeg));
            Assert.IsTrue(double.IsNaN(parser.Fix.SpeedMps), "VTG mode N carries no data");
        }
    }
}
