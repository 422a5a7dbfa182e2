using System;
using Gateway.Firmware.Core.Gnss;
using Gateway.Firmware.Core.Platform;
using Gateway.Simulation.Logistics;
using Gateway.Simulation.Sensors;
using Gateway.Simulation.Time;
using Xunit;
using static Gateway.Simulation.Tests.Logistics.TruckTestKit;

namespace Gateway.Simulation.Tests.Logistics
{
    public class NmeaReceiverModelTests
    {
        [Fact]
        public void Sentences_parse_with_the_core_parser_without_errors_and_the_position_follows_the_route()
        {
            VirtualClock clock = new VirtualClock(January15, true);
            TruckModel truck = Truck("sjz-beijing", January15);
            NmeaReceiverModel receiver = Receiver(truck, clock, GnssTalkerMode.GN);
            NmeaParser parser = new NmeaParser();
            byte[] line = new byte[NmeaParser.MaxStringSentenceLength];
            int fixes = 0;
            double firstLatitude = double.NaN;
            for (int i = 0; i < 4 * 3600 / 5; i++)
            {
                clock.Advance(5000);
                int length;
                while ((length = receiver.TryReadLine(line)) >= 0)
                {
                    Assert.True(length <= 82, "NMEA sentences are at most 82 characters: " + System.Text.Encoding.ASCII.GetString(line, 0, length));
                    parser.Accept(line, length, clock.MonotonicMs);
                }
                GnssFix fix = parser.Fix;
                Assert.True(fix.FixValid);
                fixes++;
                if (double.IsNaN(firstLatitude))
                {
                    firstLatitude = fix.LatitudeDeg;
                }
                Assert.True(truck.Route.DistanceFromRouteM(fix.LatitudeDeg, fix.LongitudeDeg) < 30,
                    "fix " + fix.LatitudeDeg + ", " + fix.LongitudeDeg + " is " + truck.Route.DistanceFromRouteM(fix.LatitudeDeg, fix.LongitudeDeg) + " m off the route");
                Assert.InRange(fix.SpeedMps, truck.SpeedMps - 0.5, truck.SpeedMps + 0.5);
                Assert.Equal(1, fix.FixQuality);
                Assert.InRange(fix.SatellitesInUse, 8, 24);
                Assert.InRange(fix.AltitudeM, truck.AltitudeM - 20, truck.AltitudeM + 20);
                Assert.True(fix.TimeValid);
                Assert.Equal(clock.TrueUnixTimeMs, fix.TimeUnixMs);
            }
            Assert.Equal(0, parser.ChecksumErrors);
            Assert.Equal(0, parser.MalformedSentences);
            Assert.Equal(0, parser.IgnoredSentences);
            Assert.True(parser.SentencesAccepted > 10 * fixes);
            Assert.True(parser.Fix.LatitudeDeg - firstLatitude > 1.0, "the truck went north towards Beijing");
            Assert.InRange(parser.GetSatellitesInView(GnssConstellation.Gps), 6, 20);
            Assert.InRange(parser.GetSatellitesInView(GnssConstellation.BeiDou), 10, 30);
        }

        [Theory]
        [InlineData(GnssTalkerMode.GN, GnssConstellation.Gps | GnssConstellation.BeiDou, "$GNRMC")]
        [InlineData(GnssTalkerMode.GP, GnssConstellation.Gps, "$GPRMC")]
        [InlineData(GnssTalkerMode.BD, GnssConstellation.BeiDou, "$BDRMC")]
        [InlineData(GnssTalkerMode.GB, GnssConstellation.BeiDou, "$GBRMC")]
        public void Receivers_report_the_constellations_of_their_talker_mode(GnssTalkerMode mode, GnssConstellation expected, string firstSentence)
        {
            VirtualClock clock = new VirtualClock(January15, true);
            TruckModel truck = Truck("hd-sjz", January15);
            NmeaReceiverModel receiver = Receiver(truck, clock, mode);
            GnssReceiverSensor sensor = new GnssReceiverSensor("gnss", receiver, clock, 10000);
            double[] values = new double[sensor.Metrics.Length];
            for (int i = 0; i < 20; i++)
            {
                clock.Advance(30000);
                Assert.True(sensor.TryRead(values, out SensorError error), "read " + i + ": " + error);
                Assert.Equal((double)(int)expected, values[7]);
                Assert.Equal(1, values[5]);
            }
            Assert.Equal(0, sensor.Parser.ChecksumErrors);
            Assert.Equal(0, sensor.Parser.MalformedSentences);

            clock.Advance(1000);
            byte[] line = new byte[256];
            int length = receiver.TryReadLine(line);
            Assert.StartsWith(firstSentence, System.Text.Encoding.ASCII.GetString(line, 0, length));
        }

        [Fact]
        public void Gsa_sentences_carry_the_NMEA_4_11_system_id_and_a_correct_checksum()
        {
            VirtualClock clock = new VirtualClock(January15, true);
            NmeaReceiverModel receiver = Receiver(Truck("hd-sjz", January15), clock, GnssTalkerMode.GN);
            clock.Advance(1000);
            byte[] line = new byte[256];
            int length;
            int gsa = 0;
            while ((length = receiver.TryReadLine(line)) >= 0)
            {
                string sentence = System.Text.Encoding.ASCII.GetString(line, 0, length);
                int star = sentence.IndexOf('*');
                int checksum = 0;
                for (int i = 1; i < star; i++)
                {
                    checksum ^= sentence[i];
                }
                Assert.Equal(checksum.ToString("X2"), sentence.Substring(star + 1));
                if (sentence.StartsWith("$GNGSA", StringComparison.Ordinal))
                {
                    string[] fields = sentence.Substring(0, star).Split(',');
                    Assert.Equal(19, fields.Length);
                    Assert.Equal(gsa == 0 ? "1" : "4", fields[18]);
                    gsa++;
                }
            }
            Assert.Equal(2, gsa);
            Assert.Equal("$GPGGA,123519,4807.038,N,01131.000,E,1,08,0.9,545.4,M,46.9,M,,*47",
                NmeaReceiverModel.WithChecksum("$GPGGA,123519,4807.038,N,01131.000,E,1,08,0.9,545.4,M,46.9,M,,"));
        }

        [Fact]
        public void No_fix_inside_a_tunnel_and_again_a_few_seconds_after_it()
        {
            VirtualClock clock = new VirtualClock(January15, true);
            TruckModel truck = Truck("zjk-beijing", January15);
            NmeaReceiverModel receiver = Receiver(truck, clock, GnssTalkerMode.GN);
            NmeaParser parser = new NmeaParser();
            byte[] line = new byte[256];
            int tunnelSeconds = 0;
            int fixesAfterTunnel = 0;
            bool wasInTunnel = false;
            for (int s = 0; s < 4 * 3600 && fixesAfterTunnel < 30; s++)
            {
                clock.Advance(1000);
                int length;
                while ((length = receiver.TryReadLine(line)) >= 0)
                {
                    parser.Accept(line, length, clock.MonotonicMs);
                }
                if (truck.InTunnel)
                {
                    tunnelSeconds++;
                    wasInTunnel = true;
                    Assert.False(parser.Fix.FixValid);
                    Assert.Equal(0, parser.Fix.FixQuality);
                }
                else if (wasInTunnel && parser.Fix.FixValid)
                {
                    fixesAfterTunnel++;
                }
            }
            Assert.InRange(tunnelSeconds, 60, 200);
            Assert.Equal(30, fixesAfterTunnel);
            Assert.Equal(0, parser.ChecksumErrors);
            Assert.Equal(0, parser.MalformedSentences);
        }

        [Fact]
        public void Cold_start_has_no_fix_until_the_time_to_first_fix()
        {
            VirtualClock clock = new VirtualClock(January15, true);
            NmeaReceiverModel receiver = Receiver(Truck("hd-sjz", January15), clock, GnssTalkerMode.GN, NmeaReceiverModel.ColdStartMs);
            GnssReceiverSensor sensor = new GnssReceiverSensor("gnss", receiver, clock, 10000);
            double[] values = new double[8];

            clock.Advance(10000);
            Assert.True(sensor.TryRead(values, out _));
            Assert.Equal(0, values[5]);
            Assert.True(double.IsNaN(values[0]));
            clock.Advance(25000);
            Assert.True(sensor.TryRead(values, out _));
            Assert.Equal(1, values[5]);
            Assert.False(double.IsNaN(values[0]));
        }

        [Fact]
        public void Failed_receiver_is_silent_and_the_core_reports_it_not_responding()
        {
            VirtualClock clock = new VirtualClock(January15, true);
            NmeaReceiverModel receiver = Receiver(Truck("hd-sjz", January15), clock, GnssTalkerMode.GB);
            GnssReceiverSensor sensor = new GnssReceiverSensor("gnss", receiver, clock, 10000);
            receiver.Fault = SensorFault.Fail;
            clock.Advance(5000);

            Assert.False(sensor.TryRead(new double[8], out SensorError error));
            Assert.Equal(SensorError.NotResponding, error);
        }
    }
}
