using Gateway.Firmware.Core.Alarms;
using Gateway.Firmware.Core.Config;
using Gateway.Firmware.Core.Readings;
using nanoFramework.TestFramework;

namespace Gateway.Firmware.Core.Tests.Portable.Config
{
    [TestClass]
    public class DeviceConfigParserTests
    {
        [TestMethod]
        public void A_complete_file_sets_every_key()
        {
            DeviceConfig config = ConfigSamples.Parse(ConfigSamples.CompleteFile);

            Assert.AreEqual("truck-0042", config.DeviceId);
            Assert.AreEqual("acme_logistics", config.Tenant);
            Assert.AreEqual((long)DeviceKind.Logistics, (long)config.Kind);
            Assert.AreEqual("m5stack-core2", config.BoardId);
            Assert.AreEqual("Depot WLAN 3", config.WifiSsid, "inner spaces are kept");
            Assert.AreEqual(ConfigSamples.Password, config.WifiPassword);
            Assert.AreEqual("mqtt.example.org", config.BrokerHost);
            Assert.AreEqual(8884L, (long)config.BrokerPort);
            Assert.AreEqual("fleet-ca.pem", config.TlsCaFile);
            Assert.AreEqual("truck-0042.crt", config.TlsCertFile);
            Assert.AreEqual("truck-0042.key", config.TlsKeyFile);
            Assert.AreEqual("192.168.1.10", config.NtpServer);
            Assert.AreEqual(120000L, config.SamplePeriodMs);
            Assert.AreEqual(15000L, config.AlarmSamplePeriodMs);
            Assert.AreEqual(0L, (long)config.StuckCount, "0 turns the stuck check off");
            Assert.AreEqual(2L, (long)config.SensorOverrideCount);
            Assert.AreEqual("gnss", config.SensorOverrideName(0));
            Assert.AreEqual(30000L, config.SensorOverridePeriodMs(0));
            Assert.AreEqual("door", config.SensorOverrideName(1));
            Assert.AreEqual(5000L, config.SamplePeriodMsFor("door"));
            Assert.AreEqual(120000L, config.SamplePeriodMsFor("bme280"), "sensors without an override use sample.period_s");
            Assert.AreEqual(2048L, (long)config.MaxPayloadBytes);
            Assert.AreEqual(8L, (long)config.InflightWindow);
            Assert.AreEqual(45000L, config.ConfirmTimeoutMs);
            Assert.AreEqual(2000L, config.BackoffMinimumMs);
            Assert.AreEqual(600000L, config.BackoffMaximumMs);
            Assert.AreEqual(900000L, config.StatusPeriodMs);
            Assert.AreEqual((long)UplinkPayloadFormat.Json, (long)config.UplinkFormat);
            Assert.IsTrue(config.DeepSleep);
            Assert.AreEqual("gw/v1/acme_logistics/truck-0042/", config.TopicPrefix);
        }

        [TestMethod]
        public void A_complete_file_produces_the_alarm_settings()
        {
            AlarmSettings alarms = ConfigSamples.Parse(ConfigSamples.CompleteFile).Alarms;

            Assert.AreEqual(4.5, alarms.ShockLimitG);
            Assert.IsTrue(alarms.DoorOpenInTransit);
            Assert.AreEqual(0.1, alarms.MovingSpeedMps);
            // Rules come in MetricCatalog order: temp, cargo_temp, battery.
            Assert.AreEqual(3L, (long)alarms.Thresholds.Length);
            ThresholdRule temp = alarms.Thresholds[0];
            Assert.AreEqual((long)MetricId.Temperature, (long)temp.Metric);
            Assert.AreEqual(-12.5, temp.LowLimit);
            Assert.IsTrue(double.IsNaN(temp.HighLimit), "no high limit");
            ThresholdRule cargo = alarms.Thresholds[1];
            Assert.AreEqual((long)MetricId.CargoTemperature, (long)cargo.Metric);
            Assert.AreEqual(8.0, cargo.HighLimit);
            Assert.AreEqual(2.0, cargo.LowLimit);
            Assert.AreEqual(0.5, cargo.Hysteresis);
            ThresholdRule battery = alarms.Thresholds[2];
            Assert.AreEqual((long)MetricId.BatteryVoltage, (long)battery.Metric);
            Assert.AreEqual(3.3, battery.LowLimit);
            Assert.AreEqual(3.3 / 20, battery.Hysteresis, "default hysteresis: 5 % of the limit");

            Assert.AreEqual(1L, (long)alarms.Excursions.Length);
            ExcursionRule excursion = alarms.Excursions[0];
            Assert.AreEqual((long)MetricId.CargoTemperature, (long)excursion.Metric);
            Assert.AreEqual(2.0, excursion.BandMinimum);
            Assert.AreEqual(8.0, excursion.BandMaximum);
            Assert.AreEqual(600000L, excursion.MaxOutsideMs);
        }

        [TestMethod]
        public void A_minimal_file_gets_the_documented_defaults()
        {
            DeviceConfig config = ConfigSamples.Parse(ConfigSamples.MinimalFile);

            Assert.AreEqual("env-01", config.DeviceId);
            Assert.AreEqual((long)DeviceKind.Environmental, (long)config.Kind);
            Assert.AreEqual("", config.BoardId);
            Assert.AreEqual("", config.WifiSsid);
            Assert.AreEqual("", config.WifiPassword);
            Assert.AreEqual(8883L, (long)config.BrokerPort);
            Assert.AreEqual("ca.pem", config.TlsCaFile);
            Assert.AreEqual("device.crt", config.TlsCertFile);
            Assert.AreEqual("device.key", config.TlsKeyFile);
            Assert.AreEqual("pool.ntp.org", config.NtpServer);
            Assert.AreEqual(60000L, config.SamplePeriodMs);
            Assert.AreEqual(10000L, config.AlarmSamplePeriodMs);
            Assert.AreEqual(20L, (long)config.StuckCount);
            Assert.AreEqual(0L, (long)config.SensorOverrideCount);
            Assert.AreEqual(1024L, (long)config.MaxPayloadBytes);
            Assert.AreEqual(4L, (long)config.InflightWindow);
            Assert.AreEqual(30000L, config.ConfirmTimeoutMs);
            Assert.AreEqual(1000L, config.BackoffMinimumMs);
            Assert.AreEqual(300000L, config.BackoffMaximumMs);
            Assert.AreEqual(300000L, config.StatusPeriodMs);
            Assert.AreEqual((long)UplinkPayloadFormat.Cbor, (long)config.UplinkFormat);
            Assert.IsFalse(config.DeepSleep);
            Assert.AreEqual(0L, (long)config.Alarms.Thresholds.Length);
            Assert.AreEqual(0L, (long)config.Alarms.Excursions.Length);
            Assert.IsTrue(double.IsNaN(config.Alarms.ShockLimitG), "shock alarm off");
            Assert.IsFalse(config.Alarms.DoorOpenInTransit);
            Assert.AreEqual(1.5, config.Alarms.MovingSpeedMps);
            Assert.AreEqual("gw/v1/city/env-01/", config.TopicPrefix);
        }

        [TestMethod]
        public void Crlf_line_ends_a_byte_order_mark_tabs_and_blank_lines_are_accepted()
        {
            DeviceConfig config = ConfigSamples.Parse(
                "\uFEFF# made on Windows\r\n\r\ndevice.id\t=\tenv-02\r\ndevice.tenant=city\r\n  device.kind =  environmental  \r\n"
                + "broker.host = [fd00::1]\r\n\r\n");

            Assert.AreEqual("env-02", config.DeviceId);
            Assert.AreEqual("city", config.Tenant);
            Assert.AreEqual((long)DeviceKind.Environmental, (long)config.Kind);
            Assert.AreEqual("[fd00::1]", config.BrokerHost, "IPv6 literal in brackets");
        }

        [TestMethod]
        public void A_value_that_is_not_a_number_names_line_key_and_accepted_range()
        {
            ConfigError error = ConfigSamples.Single(ConfigSamples.ErrorsOf("sample.period_s = sixty\n"));

            ConfigSamples.AssertError(error, 5, "sample.period_s", "must be an integer from 5 to 86400 (seconds)");
            Assert.AreEqual("line 5: sample.period_s = sixty: must be an integer from 5 to 86400 (seconds)", error.Message);
        }

        [TestMethod]
        public void A_value_out_of_range_names_line_key_and_accepted_range()
        {
            ConfigError error = ConfigSamples.Single(ConfigSamples.ErrorsOf("\n# faster\nsample.period_s = 2\n"));

            Assert.AreEqual("line 7: sample.period_s = 2: must be an integer from 5 to 86400 (seconds)", error.Message);
            Assert.AreEqual(7L, (long)error.LineNumber);
            Assert.AreEqual("sample.period_s", error.Key);
        }

        [TestMethod]
        public void Numbers_accept_plain_decimals_only()
        {
            ConfigError[] errors = ConfigSamples.ErrorsOf(
                "alarm.shock_g = 1e1\nalarm.moving_speed_mps = 1,5\nuplink.inflight = +4\nuplink.max_payload_bytes = 0x400\n"
                + "alarm.pm2_5.high = .5\nalarm.pm10.high = 5.\nalarm.co2.high = NaN\n");

            Assert.AreEqual(7L, (long)errors.Length, ConfigSamples.AllMessages(errors));
            ConfigSamples.AssertError(errors[0], 5, "alarm.shock_g", "must be a number from 0.5 to 200 (g), or off");
            ConfigSamples.AssertError(errors[1], 6, "alarm.moving_speed_mps", "must be a number from 0.1 to 50 (m/s)");
            ConfigSamples.AssertError(errors[2], 7, "uplink.inflight", "must be an integer from 1 to 32");
            ConfigSamples.AssertError(errors[3], 8, "uplink.max_payload_bytes", "from 128 to 16384 (bytes)");
            ConfigSamples.AssertError(errors[4], 9, "alarm.pm2_5.high", "must be a number from 0 to 5000 (ug/m3)");
            ConfigSamples.AssertError(errors[5], 10, "alarm.pm10.high", "must be a number");
            ConfigSamples.AssertError(errors[6], 11, "alarm.co2.high", "from 0 to 40000 (ppm)");
        }

        [TestMethod]
        public void Stuck_count_is_zero_or_three_to_one_thousand()
        {
            Assert.AreEqual(3L, (long)ConfigSamples.Parse(ConfigSamples.MinimalFile + "sample.stuck_count = 3\n").StuckCount);
            ConfigError error = ConfigSamples.Single(ConfigSamples.ErrorsOf("sample.stuck_count = 2\n"));

            ConfigSamples.AssertError(error, 5, "sample.stuck_count", "must be 0 (off) or an integer from 3 to 1000");
        }

        [TestMethod]
        public void A_word_that_is_not_one_of_the_choices_lists_the_choices()
        {
            ConfigError[] errors = ConfigSamples.ErrorsOfFile(
                "device.id = env-01\ndevice.tenant = city\ndevice.kind = truck\nbroker.host = b\n"
                + "uplink.format = xml\npower.deep_sleep = yes\nalarm.door_in_transit = ON\n");

            Assert.AreEqual(4L, (long)errors.Length, ConfigSamples.AllMessages(errors));
            Assert.AreEqual("line 3: device.kind = truck: must be environmental or logistics", errors[0].Message);
            ConfigSamples.AssertError(errors[1], 5, "uplink.format", "must be cbor or json");
            ConfigSamples.AssertError(errors[2], 6, "power.deep_sleep", "must be on or off");
            ConfigSamples.AssertError(errors[3], 7, "alarm.door_in_transit", "must be on or off");
        }

        [TestMethod]
        public void An_unknown_key_is_an_error_with_a_suggestion_when_one_is_close()
        {
            ConfigError[] errors = ConfigSamples.ErrorsOf(
                "sample.perod_s = 60\nalarm.pm25.high = 50\nsample.bme280.period = 30\nfoo.bar = 1\n");

            Assert.AreEqual(4L, (long)errors.Length, ConfigSamples.AllMessages(errors));
            Assert.AreEqual("line 5: unknown key sample.perod_s; did you mean sample.period_s?", errors[0].Message);
            ConfigSamples.AssertError(errors[0], 5, "sample.perod_s", "did you mean sample.period_s?");
            ConfigSamples.AssertError(errors[1], 6, "alarm.pm25.high", "did you mean alarm.pm2_5.high?");
            ConfigSamples.AssertError(errors[2], 7, "sample.bme280.period", "did you mean sample.bme280.period_s?");
            ConfigSamples.AssertError(errors[3], 8, "foo.bar", "unknown key foo.bar");
            Assert.IsFalse(errors[3].Message.IndexOf("did you mean") >= 0, "nothing close to foo.bar");
        }

        [TestMethod]
        public void Keys_are_lower_case_and_an_upper_case_key_gets_its_lower_case_form_suggested()
        {
            ConfigError error = ConfigSamples.Single(ConfigSamples.ErrorsOf("Sample.Period_S = 60\n"));

            ConfigSamples.AssertError(error, 5, "Sample.Period_S", "keys are lower case; did you mean sample.period_s?");
        }

        [TestMethod]
        public void A_duplicate_key_names_both_lines_and_the_first_value_stays()
        {
            ConfigError error = ConfigSamples.Single(ConfigSamples.ErrorsOf("sample.period_s = 30\nsample.period_s = 90\n"));

            ConfigSamples.AssertError(error, 6, "sample.period_s", "duplicate key, already set on line 5");
        }

        [TestMethod]
        public void Duplicate_per_sensor_and_alarm_keys_are_errors_too()
        {
            ConfigError[] errors = ConfigSamples.ErrorsOf(
                "sample.gnss.period_s = 30\nalarm.co2.high = 1500\nsample.gnss.period_s = 60\nalarm.co2.high = 2000\n");

            Assert.AreEqual(2L, (long)errors.Length, ConfigSamples.AllMessages(errors));
            ConfigSamples.AssertError(errors[0], 7, "sample.gnss.period_s", "already set on line 5");
            ConfigSamples.AssertError(errors[1], 8, "alarm.co2.high", "already set on line 6");
        }

        [TestMethod]
        public void Every_missing_required_key_is_reported_with_line_zero()
        {
            ConfigError[] errors = ConfigSamples.ErrorsOfFile("# empty\n\nsample.period_s = 60\n");

            Assert.AreEqual(4L, (long)errors.Length, ConfigSamples.AllMessages(errors));
            ConfigSamples.AssertError(errors[0], 0, "device.id", "missing required key device.id");
            Assert.Contains("must be 1 to 63 characters from a-z, 0-9, '-' and '_'", errors[0].Message);
            ConfigSamples.AssertError(errors[1], 0, "device.tenant", "missing required key device.tenant");
            ConfigSamples.AssertError(errors[2], 0, "device.kind", "must be environmental or logistics");
            ConfigSamples.AssertError(errors[3], 0, "broker.host", "missing required key broker.host");
        }

        [TestMethod]
        public void A_required_key_with_a_bad_value_is_reported_once_as_bad_not_as_missing()
        {
            ConfigError error = ConfigSamples.Single(ConfigSamples.ErrorsOfFile(
                "device.id = Truck 42\ndevice.tenant = acme\ndevice.kind = logistics\nbroker.host = b\n"));

            ConfigSamples.AssertError(error, 1, "device.id", "line 1: device.id = Truck 42: must be 1 to 63 characters");
        }

        [TestMethod]
        public void A_line_without_equals_is_an_error_that_does_not_quote_the_line()
        {
            ConfigError error = ConfigSamples.Single(ConfigSamples.ErrorsOf("sample.period_s 60\n"));

            ConfigSamples.AssertError(error, 5, "", "line 5: not a 'key = value' line (no '=')");
            ConfigSamples.AssertAbsent("60", error.Message, "a line without '=' may be a stray password");
        }

        [TestMethod]
        public void A_line_with_only_a_value_is_an_error()
        {
            ConfigError error = ConfigSamples.Single(ConfigSamples.ErrorsOf(" = 60\n"));

            ConfigSamples.AssertError(error, 5, "", "line 5: missing key before '='");
        }

        [TestMethod]
        public void An_inline_comment_is_not_a_comment_and_the_error_says_so()
        {
            ConfigError error = ConfigSamples.Single(ConfigSamples.ErrorsOf("sample.period_s = 60 # one minute\n"));

            ConfigSamples.AssertError(error, 5, "sample.period_s", "a comment must be on its own line");
        }

        [TestMethod]
        public void All_errors_are_collected_not_just_the_first()
        {
            ConfigError[] errors = ConfigSamples.ErrorsOfFile(
                "device.id = env-01\ndevice.kind = robot\nbroker.port = 0\nsample.period_s = 1\nnonsense\nbroker.host = a..b\n");

            Assert.AreEqual(6L, (long)errors.Length, ConfigSamples.AllMessages(errors));
            Assert.AreEqual(2L, (long)errors[0].LineNumber);
            Assert.AreEqual(3L, (long)errors[1].LineNumber);
            Assert.AreEqual(4L, (long)errors[2].LineNumber);
            Assert.AreEqual(5L, (long)errors[3].LineNumber);
            ConfigSamples.AssertError(errors[4], 6, "broker.host", "must be a host name, IPv4 address or IPv6 literal");
            ConfigSamples.AssertError(errors[5], 0, "device.tenant", "missing required key");
        }

        [TestMethod]
        public void Host_names_and_addresses_are_checked_character_by_character()
        {
            Assert.AreEqual("10.0.0.2", ConfigSamples.Parse(ConfigSamples.MinimalFile + "time.ntp_server = 10.0.0.2\n").NtpServer);
            Assert.AreEqual("fd00::123", ConfigSamples.Parse(ConfigSamples.MinimalFile + "time.ntp_server = fd00::123\n").NtpServer);
            Assert.AreEqual("ntp-1.Example.COM", ConfigSamples.Parse(ConfigSamples.MinimalFile + "time.ntp_server = ntp-1.Example.COM\n").NtpServer);

            string[] bad = new string[] { "10.0.0.300", "mqtt broker", "-mqtt.example.org", "mqtt_broker", "[fd00::1", "a..b", "host:8883" };
            for (int i = 0; i < bad.Length; i++)
            {
                ConfigError error = ConfigSamples.Single(ConfigSamples.ErrorsOf("time.ntp_server = " + bad[i] + "\n"));
                ConfigSamples.AssertError(error, 5, "time.ntp_server", "must be a host name");
            }
        }

        [TestMethod]
        public void Identifiers_board_ids_file_names_and_ssids_have_their_own_rules()
        {
            ConfigError[] errors = ConfigSamples.ErrorsOf(
                "device.board = ESP32-S3\ntls.ca_file = ../ca.pem\nwifi.ssid = 0123456789012345678901234567890123\n");

            Assert.AreEqual(3L, (long)errors.Length, ConfigSamples.AllMessages(errors));
            ConfigSamples.AssertError(errors[0], 5, "device.board", "a-z, 0-9, '-' and '_'");
            ConfigSamples.AssertError(errors[1], 6, "tls.ca_file", "must be a file name");
            ConfigSamples.AssertError(errors[2], 7, "wifi.ssid", "1 to 32 bytes");
        }

        [TestMethod]
        public void An_alarm_limit_outside_the_metric_range_names_the_metric_range_and_unit()
        {
            ConfigError error = ConfigSamples.Single(ConfigSamples.ErrorsOf("alarm.pm2_5.high = 9000\n"));

            Assert.AreEqual("line 5: alarm.pm2_5.high = 9000: must be a number from 0 to 5000 (ug/m3), or off", error.Message);
        }

        [TestMethod]
        public void Alarm_limits_on_a_yes_no_metric_are_refused_with_a_pointer_to_the_right_key()
        {
            ConfigError error = ConfigSamples.Single(ConfigSamples.ErrorsOf("alarm.door.high = 1\n"));

            ConfigSamples.AssertError(error, 5, "alarm.door.high", "alarm.door_in_transit");
        }

        [TestMethod]
        public void A_partial_excursion_rule_names_each_missing_key()
        {
            ConfigError[] errors = ConfigSamples.ErrorsOf("alarm.cargo_temp.band_min = 2\n");

            Assert.AreEqual(2L, (long)errors.Length, ConfigSamples.AllMessages(errors));
            ConfigSamples.AssertError(errors[0], 5, "alarm.cargo_temp.band_max", "alarm.cargo_temp.band_max is missing");
            ConfigSamples.AssertError(errors[1], 5, "alarm.cargo_temp.excursion_s", "alarm.cargo_temp.excursion_s is missing");
            Assert.Contains("needs alarm.cargo_temp.band_min, alarm.cargo_temp.band_max and alarm.cargo_temp.excursion_s together",
                errors[0].Message);
        }

        [TestMethod]
        public void An_excursion_band_must_have_its_minimum_below_its_maximum()
        {
            ConfigError error = ConfigSamples.Single(ConfigSamples.ErrorsOf(
                "alarm.cargo_temp.band_min = 8\nalarm.cargo_temp.band_max = 2\nalarm.cargo_temp.excursion_s = 600\n"));

            ConfigSamples.AssertError(error, 6, "alarm.cargo_temp.band_max",
                "line 6: alarm.cargo_temp.band_max = 2: must be above alarm.cargo_temp.band_min (8, line 5)");
        }

        [TestMethod]
        public void A_low_limit_must_be_below_the_high_limit()
        {
            ConfigError error = ConfigSamples.Single(ConfigSamples.ErrorsOf("alarm.temp.low = 30\nalarm.temp.high = 25\n"));

            ConfigSamples.AssertError(error, 6, "alarm.temp.high", "alarm.temp.high = 25: must be above alarm.temp.low (30, line 5)");
        }

        [TestMethod]
        public void A_hysteresis_as_wide_as_the_gap_between_the_limits_is_refused()
        {
            ConfigError error = ConfigSamples.Single(ConfigSamples.ErrorsOf(
                "alarm.cargo_temp.high = 8\nalarm.cargo_temp.low = 2\nalarm.cargo_temp.hysteresis = 6\n"));

            ConfigSamples.AssertError(error, 7, "alarm.cargo_temp.hysteresis",
                "must be smaller than the gap between alarm.cargo_temp.low (2) and alarm.cargo_temp.high (8)");
        }

        [TestMethod]
        public void A_hysteresis_that_would_never_let_the_alarm_clear_is_refused()
        {
            ConfigError[] errors = ConfigSamples.ErrorsOf(
                "alarm.pm2_5.high = 10\nalarm.pm2_5.hysteresis = 20\nalarm.rh.low = 95\nalarm.rh.hysteresis = 10\n");

            Assert.AreEqual(2L, (long)errors.Length, ConfigSamples.AllMessages(errors));
            // Checked in MetricCatalog order (rh before pm2_5), each on the last line of its rule.
            ConfigSamples.AssertError(errors[0], 8, "alarm.rh.hysteresis", "alarm.rh.low (95) plus the hysteresis is above 100 (%RH)");
            ConfigSamples.AssertError(errors[1], 6, "alarm.pm2_5.hysteresis",
                "alarm.pm2_5.high (10) minus the hysteresis is below 0 (ug/m3)");
        }

        [TestMethod]
        public void A_hysteresis_without_a_limit_is_refused()
        {
            ConfigError error = ConfigSamples.Single(ConfigSamples.ErrorsOf("alarm.co2.hysteresis = 50\n"));

            ConfigSamples.AssertError(error, 5, "alarm.co2.hysteresis", "needs alarm.co2.high or alarm.co2.low");
        }

        [TestMethod]
        public void The_default_hysteresis_is_five_percent_of_the_limit_with_a_floor_and_never_blocks_clearing()
        {
            AlarmSettings alarms = ConfigSamples.Parse(ConfigSamples.MinimalFile
                + "alarm.pm2_5.high = 200\nalarm.temp.high = 0\nalarm.pm10.high = 1\nalarm.rh.low = 40\nalarm.rh.high = 41\nalarm.pm1.high = 75\n").Alarms;

            Assert.AreEqual(5L, (long)alarms.Thresholds.Length);
            Assert.AreEqual(0.16, alarms.Thresholds[0].Hysteresis, "temp at 0: 0.1 % of the -60..100 range");
            Assert.AreEqual(0.5, alarms.Thresholds[1].Hysteresis, "rh 40..41: half the gap");
            Assert.AreEqual(5.0, alarms.Thresholds[2].Hysteresis, "pm1 at 75: 3.75 is below the floor of 0.1 % of 0..5000");
            Assert.AreEqual(10.0, alarms.Thresholds[3].Hysteresis, "pm2_5 at 200: 5 %");
            Assert.AreEqual(1.0, alarms.Thresholds[4].Hysteresis, "pm10 at 1: floor of 5 capped so that 1 - h stays >= 0");
        }

        [TestMethod]
        public void The_alarm_sampling_period_may_not_be_longer_than_the_sampling_period()
        {
            ConfigError error = ConfigSamples.Single(ConfigSamples.ErrorsOf("sample.alarm_period_s = 120\n"));

            Assert.AreEqual("line 5: sample.alarm_period_s = 120: must not be longer than sample.period_s (60, the default)", error.Message);

            ConfigError other = ConfigSamples.Single(ConfigSamples.ErrorsOf("sample.alarm_period_s = 8\nsample.period_s = 5\n"));
            ConfigSamples.AssertError(other, 6, "sample.period_s", "must not be shorter than sample.alarm_period_s (8, line 5)");
        }

        [TestMethod]
        public void The_longest_backoff_may_not_be_shorter_than_the_first()
        {
            ConfigError error = ConfigSamples.Single(ConfigSamples.ErrorsOf("uplink.backoff_min_s = 30\nuplink.backoff_max_s = 10\n"));

            ConfigSamples.AssertError(error, 6, "uplink.backoff_max_s", "must not be shorter than uplink.backoff_min_s (30, line 5)");
        }

        [TestMethod]
        public void A_sensor_name_with_other_characters_is_refused()
        {
            ConfigError error = ConfigSamples.Single(ConfigSamples.ErrorsOf("sample.bme-280.period_s = 30\n"));

            ConfigSamples.AssertError(error, 5, "sample.bme-280.period_s", "the sensor name must be 1 to 32 characters");
        }

        [TestMethod]
        public void A_huge_or_binary_file_gives_a_bounded_error_list()
        {
            string garbage = string.Empty;
            for (int i = 0; i < 300; i++)
            {
                garbage += "\u0001\u0002\u0003\n";
            }
            ConfigError[] errors = ConfigSamples.ErrorsOfFile(garbage);

            Assert.AreEqual(100L, (long)errors.Length);
            Assert.Contains("too many errors", errors[99].Message);
        }
    }
}
