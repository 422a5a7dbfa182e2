using Gateway.Firmware.Core.Config;
using nanoFramework.TestFramework;

namespace Gateway.Firmware.Core.Tests.Portable.Config
{
    [TestClass]
    public class DeviceConfigTextTests
    {
        [TestMethod]
        public void ToText_then_TryParse_gives_an_equal_configuration()
        {
            DeviceConfig original = ConfigSamples.Parse(ConfigSamples.CompleteFile);
            string text = original.ToText(true);
            DeviceConfig copy = ConfigSamples.Parse(text);

            Assert.AreEqual(text, copy.ToText(true), "canonical text is stable");
            Assert.AreEqual(original.DeviceId, copy.DeviceId);
            Assert.AreEqual(original.WifiPassword, copy.WifiPassword);
            Assert.AreEqual(original.BrokerPort, copy.BrokerPort);
            Assert.AreEqual(original.SamplePeriodMs, copy.SamplePeriodMs);
            Assert.AreEqual(original.SensorOverrideCount, copy.SensorOverrideCount);
            Assert.AreEqual(original.SamplePeriodMsFor("gnss"), copy.SamplePeriodMsFor("gnss"));
            Assert.AreEqual(original.Alarms.ShockLimitG, copy.Alarms.ShockLimitG);
            Assert.AreEqual(original.Alarms.MovingSpeedMps, copy.Alarms.MovingSpeedMps);
            Assert.AreEqual((long)original.Alarms.Thresholds.Length, (long)copy.Alarms.Thresholds.Length);
            for (int i = 0; i < original.Alarms.Thresholds.Length; i++)
            {
                Assert.AreEqual(original.Alarms.Thresholds[i].HighLimit, copy.Alarms.Thresholds[i].HighLimit);
                Assert.AreEqual(original.Alarms.Thresholds[i].LowLimit, copy.Alarms.Thresholds[i].LowLimit);
                Assert.AreEqual(original.Alarms.Thresholds[i].Hysteresis, copy.Alarms.Thresholds[i].Hysteresis, "default hysteresis is recomputed the same");
            }
            Assert.AreEqual(original.Alarms.Excursions[0].MaxOutsideMs, copy.Alarms.Excursions[0].MaxOutsideMs);
            Assert.AreEqual(original.TopicPrefix, copy.TopicPrefix);
        }

        [TestMethod]
        public void ToText_writes_every_key_with_its_effective_value()
        {
            string text = ConfigSamples.Parse(ConfigSamples.MinimalFile + "alarm.pm2_5.high = 200\n").ToText(true);

            Assert.StartsWith("# Gateway device configuration", text);
            Assert.Contains("\ndevice.id = env-01\n", text);
            Assert.Contains("\ndevice.board =\n", text);
            Assert.Contains("\nbroker.port = 8883\n", text);
            Assert.Contains("\nsample.period_s = 60\n", text);
            Assert.Contains("\nalarm.shock_g = off\n", text);
            Assert.Contains("\nalarm.moving_speed_mps = 1.5\n", text);
            Assert.Contains("\nalarm.pm2_5.high = 200\n# alarm.pm2_5.hysteresis not set: 10 is used\n", text);
            Assert.Contains("\nuplink.format = cbor\n", text);
            Assert.Contains("\npower.deep_sleep = off\n", text);
        }

        [TestMethod]
        public void Numbers_survive_the_round_trip_exactly()
        {
            string[] values = new string[] { "0.1", "-12.5", "-0.3", "99.99", "0.001", "-59.999999" };
            for (int i = 0; i < values.Length; i++)
            {
                DeviceConfig config = ConfigSamples.Parse(ConfigSamples.MinimalFile + "alarm.temp.high = " + values[i] + "\n");
                Assert.Contains("\nalarm.temp.high = " + values[i] + "\n", config.ToText(), "written as read");
                DeviceConfig copy = ConfigSamples.Parse(config.ToText(true));
                Assert.AreEqual(config.Alarms.Thresholds[0].HighLimit, copy.Alarms.Thresholds[0].HighLimit, values[i]);
            }
            DeviceConfig trailing = ConfigSamples.Parse(ConfigSamples.MinimalFile + "alarm.temp.high = 007.50\n");
            Assert.AreEqual(7.5, trailing.Alarms.Thresholds[0].HighLimit);
            Assert.Contains("\nalarm.temp.high = 7.5\n", trailing.ToText(), "canonical spelling");
        }

        [TestMethod]
        public void The_password_is_masked_in_ToText_and_ToString_but_written_when_asked()
        {
            DeviceConfig config = ConfigSamples.Parse(ConfigSamples.CompleteFile);

            ConfigSamples.AssertAbsent(ConfigSamples.Password, config.ToText(), "ToText()");
            ConfigSamples.AssertAbsent(ConfigSamples.Password, config.ToText(false), "ToText(false)");
            ConfigSamples.AssertAbsent(ConfigSamples.Password, config.ToString(), "ToString()");
            Assert.Contains("\nwifi.password = ***\n", config.ToText());
            Assert.Contains("\nwifi.password = " + ConfigSamples.Password + "\n", config.ToText(true));
        }

        [TestMethod]
        public void An_invalid_password_is_never_quoted_in_the_error()
        {
            ConfigError error = ConfigSamples.Single(ConfigSamples.ErrorsOf("wifi.password = hunter2\n"));

            Assert.AreEqual("line 5: wifi.password = ***: must be empty or 8 to 63 printable ASCII characters (WPA2 passphrase)",
                error.Message);
            ConfigSamples.AssertAbsent("hunter2", error.Message, "error");
        }

        [TestMethod]
        public void Secrets_never_leak_through_any_kind_of_error()
        {
            const string Secret = "hunter2hunter2";
            ConfigError[] errors = ConfigSamples.ErrorsOf(
                "wifi.pasword = " + Secret + "\n" +          // typo in the key: unknown key
                Secret + "\n" +                               // a password on its own line
                "wifi.password: " + Secret + " = x\n" +       // wrong separator
                "wifi.password = " + Secret + "\n" +
                "wifi.password = " + Secret + "#x\n" +        // duplicate (value not even looked at)
                "mqtt.key = " + Secret + "\n");               // unknown secret-looking key

            Assert.AreEqual(5L, (long)errors.Length, ConfigSamples.AllMessages(errors));
            ConfigSamples.AssertError(errors[0], 5, "wifi.pasword", "did you mean wifi.password?");
            ConfigSamples.AssertError(errors[1], 6, "", "not a 'key = value' line");
            ConfigSamples.AssertError(errors[2], 7, "", "the key has characters other than");
            ConfigSamples.AssertError(errors[3], 9, "wifi.password", "duplicate key, already set on line 8");
            ConfigSamples.AssertError(errors[4], 10, "mqtt.key", "unknown key mqtt.key");
            ConfigSamples.AssertAbsent(Secret, ConfigSamples.AllMessages(errors), "errors");
            ConfigSamples.AssertAbsent(Secret, CommandReply.Rejected("1", errors), "reply");
        }

        [TestMethod]
        public void Secrets_sent_in_a_downlink_are_not_quoted()
        {
            DeviceConfig config = ConfigSamples.Parse(ConfigSamples.MinimalFile);
            DeviceConfig updated;
            ConfigError[] errors;

            Assert.IsFalse(config.TryApplyChanges("wifi.password = hunter2hunter2\n", out updated, out errors));
            ConfigSamples.AssertError(ConfigSamples.Single(errors), 1, "wifi.password", "re-provisioning");
            ConfigSamples.AssertAbsent("hunter2hunter2", errors[0].Message, "downlink error");
        }
    }
}
