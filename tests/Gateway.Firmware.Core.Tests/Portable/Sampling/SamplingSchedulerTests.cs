using Gateway.Firmware.Core.Platform;
using Gateway.Firmware.Core.Readings;
using Gateway.Firmware.Core.Sampling;
using Gateway.Firmware.Core.Tests.Fakes;
using nanoFramework.TestFramework;

namespace Gateway.Firmware.Core.Tests.Portable.Sampling
{
    [TestClass]
    public class SamplingSchedulerTests
    {
        private static ScriptedSensor Bme280()
        {
            ScriptedSensor sensor = new ScriptedSensor("bme280", new MetricId[] { MetricId.Temperature, MetricId.RelativeHumidity, MetricId.Pressure });
            sensor.Set(0, 21.5);
            sensor.Set(1, 40);
            sensor.Set(2, 101325);
            return sensor;
        }

        [TestMethod]
        public void Each_sensor_is_read_at_its_own_period()
        {
            ScriptedSensor bme = Bme280();
            ScriptedSensor door = new ScriptedSensor("door", new MetricId[] { MetricId.DoorOpen });
            SamplingScheduler scheduler = new SamplingScheduler(new ISensor[] { bme, door }, 60000, 10000, 0);
            scheduler.SetPeriod("door", 5000);
            int reads = 0;
            for (long now = 0; now <= 60000; now += 1000)
            {
                int due;
                while ((due = scheduler.NextDue(now)) >= 0)
                {
                    scheduler.Read(due, now, false);
                    reads++;
                }
            }
            Assert.AreEqual(2L, (long)bme.ReadCalls, "at 0 and 60 s");
            Assert.AreEqual(13L, (long)door.ReadCalls, "every 5 s from 0 to 60 s");
            Assert.AreEqual(15L, (long)reads);
        }

        [TestMethod]
        public void Alarm_period_applies_while_an_alarm_watches_the_sensor()
        {
            ScriptedSensor bme = Bme280();
            SamplingScheduler scheduler = new SamplingScheduler(new ISensor[] { bme }, 60000, 10000, 0);
            scheduler.Read(0, 0, true);
            Assert.AreEqual(10000L, scheduler.NextDueAtMs);
            scheduler.Read(0, 10000, false);
            Assert.AreEqual(70000L, scheduler.NextDueAtMs);
        }

        [TestMethod]
        public void Failed_read_is_reported_as_a_fault_and_yields_no_values()
        {
            ScriptedSensor bme = Bme280();
            SamplingScheduler scheduler = new SamplingScheduler(new ISensor[] { bme }, 60000, 10000, 0);
            bme.FailWith = SensorError.ChecksumFailed;
            Assert.AreEqual(0L, (long)scheduler.Read(0, 0, false));
            Assert.AreEqual((long)SensorError.ChecksumFailed, (long)scheduler.Fault(0));
            Assert.IsTrue(double.IsNaN(scheduler.Values(0)[0]), "no stale value survives a failed read");
            Assert.AreEqual(1L, (long)scheduler.FaultyCount);
            bme.FailWith = SensorError.None;
            Assert.AreEqual(3L, (long)scheduler.Read(0, 60000, false));
            Assert.AreEqual((long)SensorError.None, (long)scheduler.Fault(0), "recovers");
        }

        [TestMethod]
        public void Stuck_analog_value_is_withheld_and_reported()
        {
            ScriptedSensor bme = Bme280();
            SamplingScheduler scheduler = new SamplingScheduler(new ISensor[] { bme }, 1000, 1000, 5);
            for (int i = 0; i < 4; i++)
            {
                Assert.AreEqual(3L, (long)scheduler.Read(0, i * 1000, false), "read " + i);
            }
            Assert.AreEqual(0L, (long)scheduler.Read(0, 4000, false), "the fifth identical value is not sent");
            Assert.AreEqual((long)SensorError.Stuck, (long)scheduler.Fault(0));
            bme.Set(0, 21.6);
            bme.Set(1, 40.1);
            bme.Set(2, 101320);
            Assert.AreEqual(3L, (long)scheduler.Read(0, 5000, false));
            Assert.AreEqual((long)SensorError.None, (long)scheduler.Fault(0));
        }

        [TestMethod]
        public void Constant_boolean_is_not_mistaken_for_a_stuck_sensor()
        {
            ScriptedSensor door = new ScriptedSensor("door", new MetricId[] { MetricId.DoorOpen });
            SamplingScheduler scheduler = new SamplingScheduler(new ISensor[] { door }, 1000, 1000, 3);
            for (int i = 0; i < 10; i++)
            {
                Assert.AreEqual(1L, (long)scheduler.Read(0, i * 1000, false));
            }
            Assert.AreEqual((long)SensorError.None, (long)scheduler.Fault(0));
        }

        [TestMethod]
        public void Implausible_value_is_withheld_and_reported_as_out_of_range()
        {
            ScriptedSensor bme = Bme280();
            bme.Set(1, 140);
            SamplingScheduler scheduler = new SamplingScheduler(new ISensor[] { bme }, 1000, 1000, 0);
            Assert.AreEqual(2L, (long)scheduler.Read(0, 0, false));
            Assert.IsTrue(double.IsNaN(scheduler.Values(0)[1]));
            Assert.AreEqual((long)SensorError.OutOfRange, (long)scheduler.Fault(0));
        }

        [TestMethod]
        public void After_a_long_stall_sampling_resumes_without_a_burst()
        {
            ScriptedSensor bme = Bme280();
            SamplingScheduler scheduler = new SamplingScheduler(new ISensor[] { bme }, 1000, 1000, 0);
            scheduler.Read(0, 0, false);
            scheduler.Read(0, 3600000, false);
            Assert.AreEqual(3601000L, scheduler.NextDueAtMs);
            Assert.AreEqual(-1L, (long)scheduler.NextDue(3600500));
        }
    }
}
