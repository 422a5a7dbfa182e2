using Gateway.Firmware.Core.Config;
using Gateway.Firmware.Core.Readings;
using nanoFramework.TestFramework;

namespace Gateway.Firmware.Core.Tests.Portable.Config
{
    [TestClass]
    public class DeviceConfigChangeTests
    {
        private static DeviceConfig Truck() => ConfigSamples.Parse(ConfigSamples.CompleteFile);

        [TestMethod]
        public void A_valid_change_yields_a_new_configuration_and_leaves_the_old_one_alone()
        {
            DeviceConfig current = ConfigSamples.Parse(ConfigSamples.MinimalFile);
            DeviceConfig updated;
            ConfigError[] errors;
            string requestId;

            bool ok = current.TryApplyChanges(
                "id = 42\nsample.period_s = 300\nsample.bme280.period_s = 30\nalarm.pm2_5.high = 75\nuplink.inflight = 2\npower.deep_sleep = on\n",
                out updated, out errors, out requestId);

            Assert.IsTrue(ok, errors.Length > 0 ? errors[0].Message : "");
            Assert.AreEqual(0L, (long)errors.Length);
            Assert.AreEqual("42", requestId);
            Assert.IsFalse(object.ReferenceEquals(current, updated), "a new instance");
            Assert.AreEqual(300000L, updated.SamplePeriodMs);
            Assert.AreEqual(30000L, updated.SamplePeriodMsFor("bme280"));
            Assert.AreEqual(2L, (long)updated.InflightWindow);
            Assert.IsTrue(updated.DeepSleep);
            Assert.AreEqual(1L, (long)updated.Alarms.Thresholds.Length);
            Assert.AreEqual((long)MetricId.Pm2_5, (long)updated.Alarms.Thresholds[0].Metric);
            Assert.AreEqual(75.0, updated.Alarms.Thresholds[0].HighLimit);
            Assert.AreEqual("env-01", updated.DeviceId, "untouched keys are kept");
            Assert.AreEqual(current.TopicPrefix, updated.TopicPrefix);

            Assert.AreEqual(60000L, current.SamplePeriodMs, "the old configuration is unchanged");
            Assert.AreEqual(0L, (long)current.Alarms.Thresholds.Length);
            Assert.AreEqual(0L, (long)current.SensorOverrideCount);
            Assert.AreEqual("id = 42\nresult = accepted\n", CommandReply.Accepted(requestId));
        }

        [TestMethod]
        public void One_invalid_line_rejects_the_whole_change()
        {
            DeviceConfig current = ConfigSamples.Parse(ConfigSamples.MinimalFile);
            DeviceConfig updated;
            ConfigError[] errors;
            string requestId;

            bool ok = current.TryApplyChanges("id = 42\nalarm.pm2_5.high = 9000\nsample.period_s = 300\n", out updated, out errors, out requestId);

            Assert.IsFalse(ok);
            Assert.IsTrue(object.ReferenceEquals(current, updated), "the node keeps its previous configuration");
            Assert.AreEqual(60000L, updated.SamplePeriodMs, "the valid line is not applied either");
            Assert.AreEqual(0L, (long)updated.Alarms.Thresholds.Length);
            ConfigSamples.AssertError(ConfigSamples.Single(errors), 2, "alarm.pm2_5.high", "must be a number from 0 to 5000 (ug/m3)");
            Assert.AreEqual("42", requestId, "the id is known even when the change is rejected");
            Assert.AreEqual(
                "id = 42\nresult = rejected\nerror = line 2: alarm.pm2_5.high = 9000: must be a number from 0 to 5000 (ug/m3), or off\n",
                CommandReply.Rejected(requestId, errors));
        }

        [TestMethod]
        public void Identity_network_and_tls_keys_can_only_be_changed_by_re_provisioning()
        {
            DeviceConfig current = Truck();
            DeviceConfig updated;
            ConfigError[] errors;
            string[] keys = new string[]
            {
                "device.id", "device.tenant", "device.kind", "device.board", "wifi.ssid", "broker.host", "broker.port",
                "tls.ca_file", "tls.cert_file", "tls.key_file", "time.ntp_server", "uplink.backoff_min_s", "uplink.backoff_max_s",
                "uplink.format",
            };
            for (int i = 0; i < keys.Length; i++)
            {
                Assert.IsFalse(current.TryApplyChanges("sample.period_s = 300\n" + keys[i] + " = x\n", out updated, out errors), keys[i]);
                ConfigSamples.AssertError(ConfigSamples.Single(errors), 2, keys[i],
                    "line 2: " + keys[i] + " can only be changed by re-provisioning the device, not by a downlink");
                Assert.AreEqual(120000L, updated.SamplePeriodMs, "nothing applied");
            }
        }

        [TestMethod]
        public void Every_runtime_key_can_be_changed()
        {
            DeviceConfig updated;
            ConfigError[] errors;

            bool ok = Truck().TryApplyChanges(
                "sample.period_s = 600\nsample.alarm_period_s = 60\nsample.stuck_count = 50\nsample.gnss.period_s = 10\n"
                + "alarm.shock_g = off\nalarm.door_in_transit = off\nalarm.moving_speed_mps = 3\nalarm.co2.high = 1500\n"
                + "uplink.max_payload_bytes = 512\nuplink.inflight = 1\nuplink.confirm_timeout_s = 120\nuplink.status_period_s = 60\n"
                + "power.deep_sleep = off\n",
                out updated, out errors);

            Assert.IsTrue(ok, errors.Length > 0 ? errors[0].Message : "");
            Assert.AreEqual(600000L, updated.SamplePeriodMs);
            Assert.AreEqual(60000L, updated.AlarmSamplePeriodMs);
            Assert.AreEqual(50L, (long)updated.StuckCount);
            Assert.AreEqual(10000L, updated.SamplePeriodMsFor("gnss"));
            Assert.IsTrue(double.IsNaN(updated.Alarms.ShockLimitG), "shock alarm switched off");
            Assert.IsFalse(updated.Alarms.DoorOpenInTransit);
            Assert.AreEqual(3.0, updated.Alarms.MovingSpeedMps);
            Assert.AreEqual(4L, (long)updated.Alarms.Thresholds.Length, "temp, co2, cargo_temp, battery");
            Assert.AreEqual(512L, (long)updated.MaxPayloadBytes);
            Assert.AreEqual(1L, (long)updated.InflightWindow);
            Assert.AreEqual(120000L, updated.ConfirmTimeoutMs);
            Assert.AreEqual(60000L, updated.StatusPeriodMs);
            Assert.IsFalse(updated.DeepSleep);
        }

        [TestMethod]
        public void Off_removes_an_alarm_rule_or_a_sensor_override()
        {
            DeviceConfig updated;
            ConfigError[] errors;

            bool ok = Truck().TryApplyChanges(
                "alarm.battery.low = off\nalarm.cargo_temp.band_min = off\nalarm.cargo_temp.band_max = off\n"
                + "alarm.cargo_temp.excursion_s = off\nsample.gnss.period_s = off\n",
                out updated, out errors);

            Assert.IsTrue(ok, errors.Length > 0 ? errors[0].Message : "");
            Assert.AreEqual(2L, (long)updated.Alarms.Thresholds.Length, "temp and cargo_temp are left");
            Assert.AreEqual(0L, (long)updated.Alarms.Excursions.Length);
            Assert.AreEqual(1L, (long)updated.SensorOverrideCount);
            Assert.AreEqual("door", updated.SensorOverrideName(0));
            Assert.AreEqual(120000L, updated.SamplePeriodMsFor("gnss"), "back to sample.period_s");
            Assert.IsFalse(updated.ToText().IndexOf("alarm.battery.low") >= 0, "removed from the file too");
        }

        [TestMethod]
        public void A_change_is_checked_against_the_current_values()
        {
            DeviceConfig updated;
            ConfigError[] errors;

            Assert.IsFalse(Truck().TryApplyChanges("sample.alarm_period_s = 130\n", out updated, out errors));
            Assert.AreEqual("line 1: sample.alarm_period_s = 130: must not be longer than sample.period_s (120, the current value)",
                ConfigSamples.Single(errors).Message);

            Assert.IsFalse(Truck().TryApplyChanges("alarm.cargo_temp.band_min = off\n", out updated, out errors));
            Assert.AreEqual(1L, (long)errors.Length, ConfigSamples.AllMessages(errors));
            ConfigSamples.AssertError(errors[0], 1, "alarm.cargo_temp.band_min", "alarm.cargo_temp.band_min is missing");

            Assert.IsFalse(Truck().TryApplyChanges("alarm.cargo_temp.hysteresis = 7\n", out updated, out errors));
            ConfigSamples.AssertError(ConfigSamples.Single(errors), 1, "alarm.cargo_temp.hysteresis", "must be smaller than the gap");
        }

        [TestMethod]
        public void A_change_with_several_problems_reports_them_all()
        {
            DeviceConfig updated;
            ConfigError[] errors;
            string requestId;

            bool ok = Truck().TryApplyChanges("id = bad id!\nsample.period_s = 1\nsample.period_s = 2\nsample.perid_s = 3\nbroker.host = x\nnot a line\n",
                out updated, out errors, out requestId);

            Assert.IsFalse(ok);
            Assert.AreEqual("", requestId, "an invalid id is not echoed");
            Assert.AreEqual(6L, (long)errors.Length, ConfigSamples.AllMessages(errors));
            ConfigSamples.AssertError(errors[0], 1, "id", "must be 1 to 36 characters from A-Z, a-z, 0-9, '-' and '_'");
            ConfigSamples.AssertError(errors[1], 2, "sample.period_s", "must be an integer from 5 to 86400 (seconds)");
            ConfigSamples.AssertError(errors[2], 3, "sample.period_s", "duplicate key, already set on line 2");
            ConfigSamples.AssertError(errors[3], 4, "sample.perid_s", "did you mean sample.period_s?");
            ConfigSamples.AssertError(errors[4], 5, "broker.host", "re-provisioning");
            ConfigSamples.AssertError(errors[5], 6, "", "not a 'key = value' line");
            Assert.StartsWith("result = rejected\nerror = line 1: id = bad id!", CommandReply.Rejected(requestId, errors));
        }

        [TestMethod]
        public void An_empty_change_or_one_with_only_an_id_is_accepted_and_changes_nothing()
        {
            DeviceConfig current = Truck();
            DeviceConfig updated;
            ConfigError[] errors;
            string requestId;

            Assert.IsTrue(current.TryApplyChanges("", out updated, out errors));
            Assert.AreEqual(current.ToText(true), updated.ToText(true));
            Assert.IsTrue(current.TryApplyChanges("# nothing\nid = probe-1\n", out updated, out errors, out requestId));
            Assert.AreEqual("probe-1", requestId);
            Assert.AreEqual(current.ToText(true), updated.ToText(true));
        }

        [TestMethod]
        public void The_id_key_is_only_for_downlinks()
        {
            ConfigError error = ConfigSamples.Single(ConfigSamples.ErrorsOf("id = 42\n"));

            ConfigSamples.AssertError(error, 5, "id", "unknown key id");
        }
    }
}
