using System.Text;
using Gateway.Firmware.Core.Gnss;
using Gateway.Firmware.Core.Platform;
using Gateway.Firmware.Core.Readings;
using Gateway.Firmware.Core.Tests.Fakes;
using nanoFramework.TestFramework;

namespace Gateway.Firmware.Core.Tests.Portable.Gnss
{
    [TestClass]
    public class GnssReceiverSensorTests
    {
        // u-blox style BeiDou+GPS epoch near Shijiazhuang, checksums sealed by the test kit.
        private static string Rmc(string status) => NmeaTestKit.Seal("GNRMC,061530.00," + status + ",3802.8500,N,11430.9000,E,43.2,90.0,221126,,,A");

        private static string Gga(int quality) => NmeaTestKit.Seal("GNGGA,061530.00,3802.8500,N,11430.9000,E," + quality + ",09,0.9,85.0,M,-10.0,M,,");

        [TestMethod]
        public void Fresh_fix_is_reported_with_position_speed_and_constellation()
        {
            ManualClock clock = new ManualClock();
            QueuedLineSource uart = new QueuedLineSource();
            GnssReceiverSensor sensor = new GnssReceiverSensor("gnss", uart, clock, 5000);
            uart.Enqueue(Rmc("A"));
            uart.Enqueue(Gga(1));
            uart.Enqueue(NmeaTestKit.Seal("GNGSA,A,3,05,12,,,,,,,,,,,1.5,0.9,1.2,1"));
            uart.Enqueue(NmeaTestKit.Seal("GNGSA,A,3,201,205,,,,,,,,,,,1.5,0.9,1.2,4"));
            double[] values = new double[sensor.Metrics.Length];
            SensorError error;
            Assert.IsTrue(sensor.TryRead(values, out error));
            Assert.AreEqual((long)MetricId.Latitude, (long)sensor.Metrics[0]);
            Assert.IsTrue(System.Math.Abs(values[0] - 38.0475) < 1e-9, "latitude " + values[0]);
            Assert.IsTrue(System.Math.Abs(values[1] - 114.515) < 1e-9, "longitude " + values[1]);
            Assert.IsTrue(System.Math.Abs(values[3] - 43.2 * 0.514444) < 1e-3, "speed in m/s " + values[3]);
            Assert.AreEqual(1.0, values[5], "fix quality");
            Assert.AreEqual(9.0, values[6], "satellites");
            Assert.AreEqual("GPS+BDS", GnssConstellations.ToText((GnssConstellation)(int)values[7]));
        }

        [TestMethod]
        public void Stale_fix_is_never_sent_as_a_current_position()
        {
            ManualClock clock = new ManualClock();
            QueuedLineSource uart = new QueuedLineSource();
            GnssReceiverSensor sensor = new GnssReceiverSensor("gnss", uart, clock, 5000);
            uart.Enqueue(Rmc("A"));
            uart.Enqueue(Gga(1));
            double[] values = new double[sensor.Metrics.Length];
            SensorError error;
            sensor.TryRead(values, out error);
            clock.Advance(60000);
            uart.Enqueue(Rmc("V"));
            uart.Enqueue(Gga(0));
            Assert.IsTrue(sensor.TryRead(values, out error), "a receiver without fix still answers");
            Assert.IsTrue(double.IsNaN(values[0]), "no latitude");
            Assert.IsTrue(double.IsNaN(values[1]), "no longitude");
            Assert.AreEqual(0.0, values[5], "fix quality 0 is reported");
        }

        [TestMethod]
        public void Silent_receiver_is_a_fault_and_garbage_is_counted()
        {
            ManualClock clock = new ManualClock();
            QueuedLineSource uart = new QueuedLineSource();
            GnssReceiverSensor sensor = new GnssReceiverSensor("gnss", uart, clock, 5000);
            double[] values = new double[sensor.Metrics.Length];
            SensorError error;
            Assert.IsFalse(sensor.TryRead(values, out error));
            Assert.AreEqual((long)SensorError.NotResponding, (long)error);
            uart.Enqueue("$GNRMC,garbage*00");
            Assert.IsFalse(sensor.TryRead(values, out error));
            Assert.AreEqual(1L, sensor.Parser.ChecksumErrors + sensor.Parser.MalformedSentences);
        }

        private sealed class QueuedLineSource : ILineSource
        {
            private readonly System.Collections.Queue _lines = new System.Collections.Queue();

            public void Enqueue(string line)
            {
                _lines.Enqueue(Encoding.UTF8.GetBytes(line));
            }

            public int TryReadLine(byte[] buffer)
            {
                if (_lines.Count == 0)
                {
                    return -1;
                }
                byte[] line = (byte[])_lines.Dequeue()!;
                int length = line.Length < buffer.Length ? line.Length : buffer.Length;
                System.Array.Copy(line, 0, buffer, 0, length);
                return length;
            }
        }
    }
}
