using Gateway.Firmware.Core.Alarms;
using Gateway.Firmware.Core.Readings;
using nanoFramework.TestFramework;

namespace Gateway.Firmware.Core.Tests.Portable.Alarms
{
    [TestClass]
    public class AlarmEvaluatorTests
    {
        private const long Minute = 60000;

        private static AlarmSettings Pm25Above75() => new AlarmSettings(
            new ThresholdRule[] { new ThresholdRule(MetricId.Pm2_5, 75, double.NaN, 5) },
            new ExcursionRule[0], double.NaN, false, 1.5);

        private static AlarmSettings ColdChain(long maxOutsideMs) => new AlarmSettings(
            new ThresholdRule[0],
            new ExcursionRule[] { new ExcursionRule(MetricId.CargoTemperature, 2, 8, maxOutsideMs) },
            double.NaN, false, 1.5);

        private static int Feed(AlarmEvaluator evaluator, MetricId metric, double value, long nowMs, Reading[] events)
        {
            Reading r = new Reading();
            r.Metric = metric;
            r.Value = value;
            r.TimeUnixMs = 1763800000000 + nowMs;
            return evaluator.Evaluate(ref r, nowMs, events, 0);
        }

        [TestMethod]
        public void Threshold_alarm_raises_above_the_limit_and_clears_only_below_limit_minus_hysteresis()
        {
            AlarmEvaluator evaluator = new AlarmEvaluator(Pm25Above75());
            Reading[] events = new Reading[AlarmEvaluator.MaxEventsPerMeasurement];

            Assert.AreEqual(0L, (long)Feed(evaluator, MetricId.Pm2_5, 75, 0, events), "at the limit is not above it");
            Assert.AreEqual(1L, (long)Feed(evaluator, MetricId.Pm2_5, 75.1, 1000, events));
            Assert.AreEqual((long)ReadingKind.AlarmHigh, (long)events[0].Kind);
            Assert.AreEqual(1.0, events[0].Value, "raised");
            Assert.AreEqual(1763800001000L, events[0].TimeUnixMs, "event carries the measurement time");
            Assert.IsTrue(evaluator.IsWatching(MetricId.Pm2_5));

            // Hovering between 70 and 75 does not flap.
            Assert.AreEqual(0L, (long)Feed(evaluator, MetricId.Pm2_5, 72, 2000, events));
            Assert.AreEqual(0L, (long)Feed(evaluator, MetricId.Pm2_5, 80, 3000, events));
            Assert.AreEqual(0L, (long)Feed(evaluator, MetricId.Pm2_5, 70.01, 4000, events));
            Assert.AreEqual(1L, (long)Feed(evaluator, MetricId.Pm2_5, 70, 5000, events));
            Assert.AreEqual(0.0, events[0].Value, "cleared");
            Assert.IsFalse(evaluator.IsWatching(MetricId.Pm2_5));
            Assert.AreEqual(0L, (long)evaluator.ActiveCount);
        }

        [TestMethod]
        public void Low_threshold_raises_below_and_clears_above_limit_plus_hysteresis()
        {
            AlarmEvaluator evaluator = new AlarmEvaluator(new AlarmSettings(
                new ThresholdRule[] { new ThresholdRule(MetricId.BatteryVoltage, double.NaN, 3.3, 0.1) },
                new ExcursionRule[0], double.NaN, false, 1.5));
            Reading[] events = new Reading[AlarmEvaluator.MaxEventsPerMeasurement];
            Assert.AreEqual(1L, (long)Feed(evaluator, MetricId.BatteryVoltage, 3.29, 0, events));
            Assert.AreEqual((long)ReadingKind.AlarmLow, (long)events[0].Kind);
            Assert.AreEqual(0L, (long)Feed(evaluator, MetricId.BatteryVoltage, 3.35, 1, events));
            Assert.AreEqual(1L, (long)Feed(evaluator, MetricId.BatteryVoltage, 3.4, 2, events));
            Assert.AreEqual(0.0, events[0].Value);
        }

        [TestMethod]
        public void Excursion_alarm_waits_for_the_allowed_duration_outside_the_band()
        {
            AlarmEvaluator evaluator = new AlarmEvaluator(ColdChain(10 * Minute));
            Reading[] events = new Reading[AlarmEvaluator.MaxEventsPerMeasurement];

            Assert.AreEqual(0L, (long)Feed(evaluator, MetricId.CargoTemperature, 5, 0, events));
            Assert.AreEqual(0L, (long)Feed(evaluator, MetricId.CargoTemperature, 9, 1 * Minute, events), "excursion starts");
            Assert.IsTrue(evaluator.IsWatching(MetricId.CargoTemperature), "timing an excursion speeds up sampling");
            Assert.AreEqual(0L, (long)Feed(evaluator, MetricId.CargoTemperature, 9.5, 11 * Minute, events), "exactly 10 min is allowed");
            Assert.AreEqual(1L, (long)Feed(evaluator, MetricId.CargoTemperature, 9.5, 11 * Minute + 1, events));
            Assert.AreEqual((long)ReadingKind.AlarmExcursion, (long)events[0].Kind);
            Assert.AreEqual(1.0, events[0].Value);
            Assert.AreEqual(0L, (long)Feed(evaluator, MetricId.CargoTemperature, 1, 12 * Minute, events), "below the band is still outside");
            Assert.AreEqual(1L, (long)Feed(evaluator, MetricId.CargoTemperature, 7.9, 13 * Minute, events));
            Assert.AreEqual(0.0, events[0].Value, "cleared once back inside");
        }

        [TestMethod]
        public void Excursion_timer_restarts_when_the_value_returns_inside_the_band()
        {
            AlarmEvaluator evaluator = new AlarmEvaluator(ColdChain(10 * Minute));
            Reading[] events = new Reading[AlarmEvaluator.MaxEventsPerMeasurement];
            Feed(evaluator, MetricId.CargoTemperature, 9, 0, events);
            Feed(evaluator, MetricId.CargoTemperature, 7, 9 * Minute, events);
            Assert.AreEqual(0L, (long)Feed(evaluator, MetricId.CargoTemperature, 9, 10 * Minute, events));
            Assert.AreEqual(0L, (long)Feed(evaluator, MetricId.CargoTemperature, 9, 20 * Minute, events));
            Assert.AreEqual(1L, (long)Feed(evaluator, MetricId.CargoTemperature, 9, 20 * Minute + 1, events));
        }

        [TestMethod]
        public void Shock_above_the_g_limit_raises_once_per_bump()
        {
            AlarmEvaluator evaluator = new AlarmEvaluator(new AlarmSettings(new ThresholdRule[0], new ExcursionRule[0], 4, false, 1.5));
            Reading[] events = new Reading[AlarmEvaluator.MaxEventsPerMeasurement];
            Assert.AreEqual(0L, (long)Feed(evaluator, MetricId.Acceleration, 4 * 9.80665, 0, events), "at the limit");
            Assert.AreEqual(1L, (long)Feed(evaluator, MetricId.Acceleration, 50, 1, events));
            Assert.AreEqual((long)ReadingKind.AlarmShock, (long)events[0].Kind);
            Assert.AreEqual(0L, (long)Feed(evaluator, MetricId.Acceleration, 45, 2, events), "still shaking: no second event");
            Assert.AreEqual(1L, (long)Feed(evaluator, MetricId.Acceleration, 9.8, 3, events));
            Assert.AreEqual(0.0, events[0].Value);
        }

        [TestMethod]
        public void Door_opened_in_transit_raises_but_door_opened_while_parked_does_not()
        {
            AlarmEvaluator evaluator = new AlarmEvaluator(new AlarmSettings(new ThresholdRule[0], new ExcursionRule[0], double.NaN, true, 1.5));
            Reading[] events = new Reading[AlarmEvaluator.MaxEventsPerMeasurement];
            Feed(evaluator, MetricId.Speed, 0, 0, events);
            Assert.AreEqual(0L, (long)Feed(evaluator, MetricId.DoorOpen, 1, 1, events), "parked: loading is normal");
            Feed(evaluator, MetricId.DoorOpen, 0, 2, events);
            Feed(evaluator, MetricId.Speed, 22, 3, events);
            Assert.AreEqual(1L, (long)Feed(evaluator, MetricId.DoorOpen, 1, 4, events));
            Assert.AreEqual((long)ReadingKind.AlarmDoorOpenInTransit, (long)events[0].Kind);
            Assert.AreEqual(0L, (long)Feed(evaluator, MetricId.DoorOpen, 1, 5, events), "still open: one event");
            Assert.AreEqual(1L, (long)Feed(evaluator, MetricId.DoorOpen, 0, 6, events));
            Assert.AreEqual(0.0, events[0].Value);
        }

        [TestMethod]
        public void Config_change_keeps_a_raised_alarm_whose_rule_still_exists()
        {
            AlarmEvaluator evaluator = new AlarmEvaluator(Pm25Above75());
            Reading[] events = new Reading[AlarmEvaluator.MaxEventsPerMeasurement];
            Feed(evaluator, MetricId.Pm2_5, 90, 0, events);
            evaluator.UpdateSettings(new AlarmSettings(
                new ThresholdRule[] { new ThresholdRule(MetricId.Pm2_5, 100, double.NaN, 5) }, new ExcursionRule[0], double.NaN, false, 1.5));
            Assert.AreEqual(1L, (long)evaluator.ActiveCount);
            Assert.AreEqual(1L, (long)Feed(evaluator, MetricId.Pm2_5, 90, 1, events), "90 is below the new limit minus hysteresis");
            Assert.AreEqual(0.0, events[0].Value);
            evaluator.UpdateSettings(AlarmSettings.None);
            Assert.AreEqual(0L, (long)Feed(evaluator, MetricId.Pm2_5, 500, 2, events), "no rules, no alarms");
        }
    }
}
