using Gateway.Firmware.Core.Boards;
using Gateway.Firmware.Core.Gnss;
using Gateway.Firmware.Core.Readings;
using nanoFramework.TestFramework;

namespace Gateway.Firmware.Core.Tests.Portable.Boards
{
    [TestClass]
    public class BoardProfileParserTests
    {
        private const string Tracker =
            "# a tracker\n" +
            "board.id = tracker-01\n" +
            "board.name = Test tracker\n" +
            "board.nanoff_target = ESP32_PSRAM_REV0\n" +
            "board.power = battery\n" +
            "board.reserved_pins = 2, 13,14 ,15\n" +
            "i2c1.sda = 21\n" +
            "i2c1.scl = 22\n" +
            "uart.gnss.rx = 34\n" +
            "uart.gnss.tx = 33\n" +
            "uart.gnss.baud = 38400\n" +
            "onewire.rx = 18\n" +
            "onewire.tx = 19\n" +
            "gpio.door = 32\n" +
            "door.open_level = low\n" +
            "door.pull = none\n" +
            "gpio.led = 12\n" +
            "led.active_low = on\n" +
            "adc.battery = 35\n" +
            "battery.divider = 3.2\n" +
            "cellular.modem = sim7000g\n" +
            "cellular.rx = 26\n" +
            "cellular.tx = 27\n" +
            "cellular.pwrkey = 4\n" +
            "sensor.gnss.kind = gnss\n" +
            "sensor.probe.kind = ds18b20\n" +
            "sensor.accel.kind = adxl343\n" +
            "sensor.accel.address = 0x1D\n" +
            "sensor.accel.metrics = tilt\n" +
            "sensor.door.kind = door\n" +
            "sensor.battery.kind = battery\n";

        [TestMethod]
        public void A_complete_profile_sets_every_property()
        {
            BoardProfile p = BoardSamples.Parse(Tracker);

            Assert.AreEqual("tracker-01", p.Id);
            Assert.AreEqual("Test tracker", p.Name);
            Assert.AreEqual("ESP32_PSRAM_REV0", p.NanoffTarget);
            Assert.AreEqual((long)ChipFamily.Esp32, (long)p.Chip);
            Assert.IsTrue(p.UsesPsram);
            Assert.AreEqual((long)BoardPower.Battery, (long)p.Power);
            Assert.Equal(new int[] { 2, 13, 14, 15 }, p.ReservedPins, "spaces around commas are allowed");
            Assert.AreEqual(21L, (long)p.I2cDataPin(1));
            Assert.AreEqual(22L, (long)p.I2cClockPin(1));
            Assert.IsTrue(p.HasI2cBus(1));
            Assert.IsFalse(p.HasI2cBus(2));
            Assert.AreEqual((long)BoardProfile.NoPin, (long)p.I2cDataPin(2));
            Assert.AreEqual(34L, (long)p.GnssRxPin);
            Assert.AreEqual(33L, (long)p.GnssTxPin);
            Assert.AreEqual(38400L, (long)p.GnssBaud);
            Assert.AreEqual(18L, (long)p.OneWireRxPin);
            Assert.AreEqual(19L, (long)p.OneWireTxPin);
            Assert.AreEqual(32L, (long)p.DoorPin);
            Assert.IsFalse(p.DoorOpenWhenHigh);
            Assert.AreEqual((long)PinPull.None, (long)p.DoorPull);
            Assert.AreEqual(12L, (long)p.LedPin);
            Assert.AreEqual((long)LedKind.Gpio, (long)p.LedKind);
            Assert.IsTrue(p.LedActiveLow);
            Assert.AreEqual(35L, (long)p.BatteryAdcPin);
            Assert.AreEqual(7L, (long)p.BatteryAdcChannel, "GPIO35 is ADC1 channel 7");
            Assert.AreEqual(3.2, p.BatteryDividerRatio);
            Assert.AreEqual("sim7000g", p.CellularModem);
            Assert.AreEqual(26L, (long)p.CellularRxPin);
            Assert.AreEqual(27L, (long)p.CellularTxPin);
            Assert.AreEqual(4L, (long)p.CellularPowerKeyPin);
            Assert.AreEqual((long)BoardProfile.NoPin, (long)p.CellularDtrPin);
            Assert.AreEqual(115200L, (long)p.CellularBaud, "default baud");
            Assert.AreEqual(9L, (long)p.LineOf("uart.gnss.rx"));
            Assert.AreEqual(0L, (long)p.LineOf("cellular.dtr"), "not written");
        }

        [TestMethod]
        public void Sensors_keep_file_order_and_get_their_bus_address_and_metrics()
        {
            BoardProfile p = BoardSamples.Parse(Tracker);

            Assert.AreEqual(5L, (long)p.SensorCount);
            Assert.AreEqual("gnss", p.Sensor(0).Name);
            Assert.AreEqual((long)SensorKind.Gnss, (long)p.Sensor(0).Kind);
            Assert.AreEqual(0L, (long)p.Sensor(0).Bus);
            Assert.AreEqual(-1L, (long)p.Sensor(0).Address);
            Assert.AreEqual(25L, (long)p.Sensor(0).LineNumber);
            BoardSensor accel = p.FindSensor("accel")!;
            Assert.AreEqual((long)SensorKind.Adxl343, (long)accel.Kind);
            Assert.AreEqual(1L, (long)accel.Bus, "bus 1 unless sensor.<name>.bus says otherwise");
            Assert.AreEqual(0x1DL, (long)accel.Address, "hex digits in either case");
            Assert.AreEqual(1L, (long)accel.Metrics.Length);
            Assert.AreEqual((long)MetricId.Tilt, (long)accel.Metrics[0]);
            Assert.AreEqual((long)MetricId.CargoTemperature, (long)p.FindSensor("probe")!.Metrics[0]);
            Assert.IsNull(p.FindSensor("bme280"));
            Assert.IsTrue(p.HasSensor(SensorKind.Door));
            Assert.IsFalse(p.HasSensor(SensorKind.Sps30));
        }

        [TestMethod]
        public void Uarts_are_assigned_com_ports_with_one_wire_on_com3()
        {
            BoardProfile tracker = BoardSamples.Parse(Tracker);
            BoardProfile twoUarts = BoardSamples.Parse(BoardSamples.Esp32Head
                + "uart.gnss.rx = 16\nuart.sps30.rx = 18\nuart.sps30.tx = 19\n");

            Assert.AreEqual(3L, (long)tracker.OneWireComPort);
            Assert.AreEqual(2L, (long)tracker.GnssComPort);
            Assert.AreEqual(0L, (long)tracker.Sps30ComPort);
            Assert.AreEqual(0L, (long)twoUarts.OneWireComPort);
            Assert.AreEqual(2L, (long)twoUarts.GnssComPort);
            Assert.AreEqual(3L, (long)twoUarts.Sps30ComPort);
        }

        [TestMethod]
        public void Defaults_apply_to_keys_not_written()
        {
            BoardProfile p = BoardSamples.Parse(BoardSamples.Minimal + "gpio.door = 4\n");

            Assert.AreEqual(9600L, (long)p.GnssBaud, "u-blox factory baud rate");
            Assert.IsTrue(p.DoorOpenWhenHigh);
            Assert.AreEqual((long)PinPull.Up, (long)p.DoorPull);
            Assert.AreEqual((long)LedKind.None, (long)p.LedKind, "no gpio.led, no LED");
            Assert.AreEqual(2.0, p.BatteryDividerRatio);
            Assert.AreEqual(-1L, (long)p.BatteryAdcChannel);
            Assert.AreEqual("", p.Name);
            Assert.AreEqual("", p.CellularModem);
            Assert.AreEqual(0L, (long)p.ReservedPins.Length);
            Assert.AreEqual(0x76L, (long)p.Sensor(0).Address);
        }

        [TestMethod]
        public void Single_address_parts_default_to_their_address()
        {
            BoardProfile p = BoardSamples.Parse(BoardSamples.Esp32Head + "sensor.co2.kind = scd4x\nsensor.pm.kind = sen5x\nsensor.th.kind = aht20\n");

            Assert.AreEqual(0x62L, (long)p.FindSensor("co2")!.Address);
            Assert.AreEqual(0x69L, (long)p.FindSensor("pm")!.Address);
            Assert.AreEqual(0x38L, (long)p.FindSensor("th")!.Address);
        }

        [TestMethod]
        public void Selected_metrics_follow_the_kinds_order_whatever_order_they_are_written_in()
        {
            BoardProfile p = BoardSamples.Parse(BoardSamples.Esp32Head + "sensor.pm.kind = sen5x\nsensor.pm.metrics = rh , pm10,pm1\n");

            MetricId[] metrics = p.Sensor(0).Metrics;
            Assert.AreEqual(3L, (long)metrics.Length);
            Assert.AreEqual((long)MetricId.Pm1, (long)metrics[0]);
            Assert.AreEqual((long)MetricId.Pm10, (long)metrics[1]);
            Assert.AreEqual((long)MetricId.RelativeHumidity, (long)metrics[2]);
        }

        [TestMethod]
        public void The_gnss_metrics_are_those_of_the_cores_gnss_receiver()
        {
            GnssReceiverSensor receiver = new GnssReceiverSensor("gnss", null!, null!, 1000);

            Assert.Equal(receiver.Metrics, SensorKinds.Metrics(SensorKind.Gnss));
        }

        [TestMethod]
        public void Every_required_key_that_is_missing_is_reported_with_line_0()
        {
            string errors = BoardSamples.ParseErrors("# empty\n");

            Assert.Contains("missing required key board.id (board profile id, as device.conf's device.board)", errors);
            Assert.Contains("missing required key board.nanoff_target (nanoFramework firmware image (nanoff --target)): must be ESP32_REV0, ESP32_REV3,", errors);
            Assert.Contains("missing required key board.power (power source): must be mains or battery", errors);
        }

        [TestMethod]
        public void A_missing_file_says_how_to_provision_it()
        {
            string errors = BoardSamples.ParseErrors(null!);

            Assert.Contains("board.conf is missing: copy boards/<board>/board.conf onto the device", errors);
        }

        [TestMethod]
        public void Unknown_keys_are_errors_with_a_suggestion()
        {
            string errors = BoardSamples.ParseErrors(BoardSamples.Minimal + "i2c1.sdaa = 21\nsensor.bme280.adress = 0x77\nfoo.bar = 1\n");

            Assert.Contains("line 8: unknown key i2c1.sdaa; did you mean i2c1.sda?", errors);
            Assert.Contains("line 9: unknown key sensor.bme280.adress; did you mean sensor.bme280.address?", errors);
            Assert.Contains("line 10: unknown key foo.bar; the keys are listed in", errors);
        }

        [TestMethod]
        public void A_duplicate_key_names_the_line_that_set_it_first()
        {
            string errors = BoardSamples.ParseErrors(BoardSamples.Minimal + "i2c1.sda = 25\nsensor.bme280.kind = bme680\n");

            Assert.Contains("line 8: i2c1.sda: duplicate key, already set on line 4", errors);
            Assert.Contains("line 9: sensor.bme280.kind: duplicate key, already set on line 6", errors);
        }

        [TestMethod]
        public void Malformed_lines_are_errors()
        {
            string errors = BoardSamples.ParseErrors(BoardSamples.Minimal + "just text\n= 5\nI2C1.SDA = 21\n");

            Assert.Contains("line 8: not a 'key = value' line (no '='); comment lines start with '#'", errors);
            Assert.Contains("line 9: missing key before '='", errors);
            Assert.Contains("line 10: I2C1.SDA: keys are lower case; write i2c1.sda", errors);
        }

        [TestMethod]
        public void A_pin_must_be_a_gpio_number_and_a_label_gets_a_hint()
        {
            string errors = BoardSamples.ParseErrors(BoardSamples.Esp32Head + "gpio.led = GPIO21\ngpio.door = 49\ni2c1.sda = -1\ni2c1.scl = G22\n");

            Assert.Contains("line 4: gpio.led = GPIO21: must be a GPIO number from 0 to 48, written as the number only (21 for GPIO21); write 21, the GPIO number, not the label GPIO21", errors);
            Assert.Contains("line 5: gpio.door = 49: must be a GPIO number from 0 to 48", errors);
            Assert.Contains("line 6: i2c1.sda = -1: must be a GPIO number", errors);
            Assert.Contains("line 7: i2c1.scl = G22: must be a GPIO number from 0 to 48, written as the number only (21 for GPIO21); write 22", errors);
        }

        [TestMethod]
        public void A_pin_listed_twice_in_the_reserved_pins_is_an_error()
        {
            string errors = BoardSamples.ParseErrors(BoardSamples.Esp32Head + "board.reserved_pins = 2, 13, 2\n");

            Assert.Contains("line 4: board.reserved_pins = 2, 13, 2: must be GPIO numbers from 0 to 48 separated by commas (e.g. 2, 13, 14, 15); GPIO2 is listed twice", errors);
        }

        [TestMethod]
        public void The_nanoff_target_is_exact_and_a_wrong_case_gets_a_hint()
        {
            string errors = BoardSamples.ParseErrors("board.id = b\nboard.nanoff_target = esp32_s3\nboard.power = mains\n");

            Assert.Contains("line 2: board.nanoff_target = esp32_s3: must be ESP32_REV0, ESP32_REV3, ESP32_PSRAM_REV0, ESP32_PSRAM_REV3, ESP32_S3, ESP32_S3_BLE, ESP32_S3_ALL or M5Core2; did you mean ESP32_S3?", errors);
        }

        [TestMethod]
        public void Choices_switches_and_numbers_are_checked()
        {
            string errors = BoardSamples.ParseErrors(BoardSamples.Esp32Head
                + "gpio.led = 4\nled.kind = neopixel\nled.active_low = yes\nadc.battery = 35\nbattery.divider = 11\nuart.gnss.baud = 9601\nboard.id = Big Board\n");

            Assert.Contains("line 5: led.kind = neopixel: must be gpio or ws2812", errors);
            Assert.Contains("line 6: led.active_low = yes: must be on or off", errors);
            Assert.Contains("line 8: battery.divider = 11: must be a number from 1 to 10", errors);
            Assert.Contains("line 9: uart.gnss.baud = 9601: must be 4800, 9600, 19200, 38400, 57600, 115200, 230400, 460800 or 921600", errors);
            Assert.Contains("line 10: board.id: duplicate key, already set on line 1", errors);
        }

        [TestMethod]
        public void An_unknown_sensor_kind_lists_the_kinds_and_suggests_the_closest()
        {
            string errors = BoardSamples.ParseErrors(BoardSamples.Esp32Head + "sensor.th.kind = bme208\n");

            Assert.Contains("line 4: sensor.th.kind = bme208: must be bme280, bme680, sht3x, aht20, scd4x, sen5x, sps30, adxl343, mpu6886, ds18b20, gnss, door or battery; did you mean bme280?", errors);
            Assert.IsFalse(errors.IndexOf("kind is missing") >= 0, "a rejected kind is not also reported as missing");
        }

        [TestMethod]
        public void A_sensor_without_a_kind_is_an_error_at_its_first_line()
        {
            string errors = BoardSamples.ParseErrors(BoardSamples.Esp32Head + "sensor.th.address = 0x44\nsensor.th.bus = 1\n");

            Assert.Contains("line 4: sensor.th.kind is missing: every sensor needs a kind", errors);
        }

        [TestMethod]
        public void I2c_addresses_must_be_7_bit_hex_outside_the_reserved_ranges()
        {
            string[] bad = new string[] { "0x07", "0x78", "118", "0X76", "76", "0x", "0x123", "0xg1" };
            for (int i = 0; i < bad.Length; i++)
            {
                string errors = BoardSamples.ParseErrors(BoardSamples.Esp32Head + "sensor.th.kind = sht3x\nsensor.th.address = " + bad[i] + "\n");

                Assert.Contains("line 5: sensor.th.address = " + bad[i] + ": must be a 7-bit I2C address in hex from 0x08 to 0x77", errors);
            }
        }

        [TestMethod]
        public void An_address_the_part_cannot_have_is_rejected_with_the_ones_it_can()
        {
            string errors = BoardSamples.ParseErrors(BoardSamples.Esp32Head + "sensor.th.kind = bme280\nsensor.th.address = 0x40\n");

            Assert.Contains("line 5: sensor.th.address = 0x40: a bme280 answers only at 0x76 or 0x77 (its datasheet)", errors);
        }

        [TestMethod]
        public void A_part_with_two_possible_addresses_needs_the_address_written()
        {
            string errors = BoardSamples.ParseErrors(BoardSamples.Esp32Head + "sensor.imu.kind = mpu6886\n");

            Assert.Contains("line 4: sensor.imu.address is missing: a mpu6886 answers at 0x68 or 0x69 depending on how its address pin is wired", errors);
        }

        [TestMethod]
        public void Address_and_bus_are_rejected_for_sensors_not_on_i2c()
        {
            string errors = BoardSamples.ParseErrors(BoardSamples.Esp32Head + "sensor.gnss.kind = gnss\nsensor.gnss.address = 0x42\nsensor.gnss.bus = 2\n");

            Assert.Contains("line 5: sensor.gnss.address: a gnss is not on I2C (it uses uart.gnss.rx/tx); remove this line", errors);
            Assert.Contains("line 6: sensor.gnss.bus: a gnss is not on I2C", errors);
        }

        [TestMethod]
        public void The_bus_is_1_or_2()
        {
            string errors = BoardSamples.ParseErrors(BoardSamples.Esp32Head + "sensor.co2.kind = scd4x\nsensor.co2.bus = 0\n");

            Assert.Contains("line 5: sensor.co2.bus = 0: must be 1 or 2", errors);
        }

        [TestMethod]
        public void Metrics_must_be_ones_the_kind_measures_and_listed_once()
        {
            string unknown = BoardSamples.ParseErrors(BoardSamples.Esp32Head + "sensor.co2.kind = scd4x\nsensor.co2.metrics = co2, press\n");
            string twice = BoardSamples.ParseErrors(BoardSamples.Esp32Head + "sensor.co2.kind = scd4x\nsensor.co2.metrics = co2,co2\n");
            string gnss = BoardSamples.ParseErrors(BoardSamples.Esp32Head + "sensor.gnss.kind = gnss\nsensor.gnss.metrics = lat\n");

            Assert.Contains("line 5: sensor.co2.metrics = co2, press: 'press' is not a metric a scd4x measures; it measures co2, temp or rh", unknown);
            Assert.Contains("line 5: sensor.co2.metrics = co2,co2: co2 is listed twice", twice);
            Assert.Contains("line 5: sensor.gnss.metrics: a gnss always reports its whole fix", gnss);
        }

        [TestMethod]
        public void Sensor_names_follow_the_config_rule_and_link_is_taken()
        {
            string errors = BoardSamples.ParseErrors(BoardSamples.Esp32Head + "sensor.Bad-Name.kind = door\nsensor.link.kind = door\n");

            Assert.Contains("line 4: sensor.Bad-Name.kind: keys are lower case", errors);
            Assert.Contains("line 5: sensor.link.kind: the name 'link' is taken by the node's own link-quality sensor", errors);
        }

        [TestMethod]
        public void At_most_16_sensors_are_accepted()
        {
            string text = BoardSamples.Esp32Head;
            for (int i = 0; i < 17; i++)
            {
                text = text + "sensor.s" + i + ".kind = door\n";
            }

            string errors = BoardSamples.ParseErrors(text);

            Assert.Contains("line 20: sensor.s16.kind: a board may declare at most 16 sensors", errors);
        }

        [TestMethod]
        public void The_adc_channel_follows_each_chips_adc1_map()
        {
            Assert.AreEqual(0L, (long)BoardPins.AdcChannel(ChipFamily.Esp32, 36));
            Assert.AreEqual(4L, (long)BoardPins.AdcChannel(ChipFamily.Esp32, 32));
            Assert.AreEqual(7L, (long)BoardPins.AdcChannel(ChipFamily.Esp32, 35));
            Assert.AreEqual(-1L, (long)BoardPins.AdcChannel(ChipFamily.Esp32, 25), "GPIO25 is ADC2");
            Assert.AreEqual(0L, (long)BoardPins.AdcChannel(ChipFamily.Esp32S3, 1));
            Assert.AreEqual(9L, (long)BoardPins.AdcChannel(ChipFamily.Esp32S3, 10));
            Assert.AreEqual(-1L, (long)BoardPins.AdcChannel(ChipFamily.Esp32S3, 11), "GPIO11 is ADC2 on the S3");
        }
    }
}
