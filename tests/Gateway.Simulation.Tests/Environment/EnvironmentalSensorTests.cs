using System;
using Gateway.Firmware.Core.Platform;
using Gateway.Firmware.Core.Readings;
using Gateway.Firmware.Core.Sampling;
using Gateway.Simulation.Environment;
using Gateway.Simulation.Randomness;
using Gateway.Simulation.Sensors;
using Gateway.Simulation.Time;
using Xunit;

namespace Gateway.Simulation.Tests.Environment
{
    public class EnvironmentalSensorTests
    {
        private const long January15 = 1705276800000;

        private static EnvironmentalSensor Sensor(EnvironmentalPart part, VirtualClock clock, ulong seed = 3)
        {
            EnvironmentalModel model = new EnvironmentalModel(HebeiCities.Get("sjz"), SiteKind.Outdoor, seed, 9, Array.Empty<PollutionEpisode>());
            return new EnvironmentalSensor(part, model, clock, new SimRandom(seed, 1, (ulong)part));
        }

        [Fact]
        public void Parts_report_their_metrics_in_board_order_within_the_catalogue_ranges()
        {
            VirtualClock clock = new VirtualClock(January15, true);
            for (int p = 0; p <= (int)EnvironmentalPart.Battery; p++)
            {
                EnvironmentalSensor sensor = Sensor((EnvironmentalPart)p, clock);
                double[] values = new double[sensor.Metrics.Length];
                for (int i = 0; i < 50; i++)
                {
                    clock.Advance(600000);
                    Assert.True(sensor.TryRead(values, out SensorError error));
                    Assert.Equal(SensorError.None, error);
                    for (int m = 0; m < values.Length; m++)
                    {
                        Assert.True(MetricCatalog.IsPlausible(sensor.Metrics[m], values[m]), sensor.Name + " " + MetricCatalog.Name(sensor.Metrics[m]) + " = " + values[m]);
                    }
                }
            }
            Assert.Equal(new[] { MetricId.Temperature, MetricId.RelativeHumidity, MetricId.Pressure }, Sensor(EnvironmentalPart.Bme280, clock).Metrics);
            Assert.Equal("sps30", Sensor(EnvironmentalPart.Sps30, clock).Name);
        }

        [Fact]
        public void Same_seed_reads_the_same_series_and_another_seed_does_not()
        {
            double[] a = Series(11);
            double[] b = Series(11);
            double[] c = Series(12);
            Assert.Equal(a, b);
            Assert.NotEqual(a, c);
        }

        [Fact]
        public void Stuck_sensor_repeats_its_last_values_and_the_core_flags_it()
        {
            VirtualClock clock = new VirtualClock(January15, true);
            EnvironmentalSensor bme280 = Sensor(EnvironmentalPart.Bme280, clock);
            SamplingScheduler scheduler = new SamplingScheduler(new ISensor[] { bme280 }, 60000, 10000, 5);
            scheduler.Read(0, clock.MonotonicMs, false);
            Assert.Equal(SensorError.None, scheduler.Fault(0));

            bme280.SetFault(SensorFault.Stuck);
            double[] first = (double[])scheduler.Values(0).Clone();
            for (int i = 0; i < 6; i++)
            {
                clock.Advance(60000);
                scheduler.Read(0, clock.MonotonicMs, false);
            }
            Assert.Equal(SensorError.Stuck, scheduler.Fault(0));

            bme280.SetFault(SensorFault.None);
            double[] values = new double[3];
            bme280.TryRead(values, out _);
            Assert.NotEqual(first[0], values[0]);
        }

        [Fact]
        public void Failed_sensor_does_not_answer()
        {
            VirtualClock clock = new VirtualClock(January15, true);
            EnvironmentalSensor sps30 = Sensor(EnvironmentalPart.Sps30, clock);
            sps30.SetFault(SensorFault.Fail);

            Assert.False(sps30.TryRead(new double[3], out SensorError error));
            Assert.Equal(SensorError.NotResponding, error);
            Assert.Equal(1, sps30.FailedReads);
        }

        [Fact]
        public void Spiking_sensor_returns_occasional_wild_values_that_stay_in_range()
        {
            VirtualClock clock = new VirtualClock(January15, true);
            EnvironmentalSensor sps30 = Sensor(EnvironmentalPart.Sps30, clock);
            sps30.SetFault(SensorFault.Spike);
            double[] values = new double[3];
            int wild = 0;
            for (int i = 0; i < 200; i++)
            {
                clock.Advance(30000);
                Assert.True(sps30.TryRead(values, out _));
                if (values[0] > 600 || values[1] > 600 || values[2] > 600)
                {
                    wild++;
                }
                for (int m = 0; m < 3; m++)
                {
                    Assert.True(MetricCatalog.IsPlausible(sps30.Metrics[m], values[m]));
                }
            }
            Assert.InRange(sps30.Spikes, 25, 80);
            Assert.True(wild > 10, "wild values " + wild);
        }

        private static double[] Series(ulong seed)
        {
            VirtualClock clock = new VirtualClock(January15, true);
            EnvironmentalSensor sensor = Sensor(EnvironmentalPart.Bme280, clock, seed);
            double[] series = new double[3 * 100];
            double[] values = new double[3];
            for (int i = 0; i < 100; i++)
            {
                clock.Advance(60000);
                sensor.TryRead(values, out _);
                Array.Copy(values, 0, series, 3 * i, 3);
            }
            return series;
        }
    }
}
