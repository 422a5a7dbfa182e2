using Gateway.Firmware.Core.Boards;
using Gateway.Firmware.Core.Config;
using nanoFramework.TestFramework;

namespace Gateway.Firmware.Core.Tests.Portable.Boards
{
    [TestClass]
    public class BoardValidatorTests
    {
        [TestMethod]
        public void A_minimal_profile_is_valid_without_warnings()
        {
            string warnings = BoardSamples.AssertValid(BoardSamples.Minimal);

            Assert.AreEqual("", warnings);
        }

        [TestMethod]
        public void A_pin_used_twice_is_rejected_naming_both_keys_and_lines()
        {
            string errors = BoardSamples.ValidationErrors(BoardSamples.Minimal + "gpio.led = 21\n");

            Assert.Contains("line 8: gpio.led = 21: GPIO21 is already used by i2c1.sda, line 4; give each function its own pin", errors);
        }

        [TestMethod]
        public void A_pin_the_board_reserves_for_its_own_parts_cannot_be_assigned()
        {
            string errors = BoardSamples.ValidationErrors(BoardSamples.Minimal
                + "board.reserved_pins = 13, 14\n"
                + "gpio.led = 14\n");

            Assert.Contains("line 9: gpio.led = 14: GPIO14 is reserved by the board itself (board.reserved_pins, line 8)", errors);
        }

        [TestMethod]
        public void Esp32_flash_pins_6_to_11_are_never_used()
        {
            for (int pin = 6; pin <= 11; pin++)
            {
                string errors = BoardSamples.ValidationErrors(BoardSamples.Minimal + "gpio.led = " + pin + "\n");

                Assert.Contains("line 8: gpio.led = " + pin + ": GPIO" + pin + " is wired to the module's SPI flash (GPIO6-11 on the ESP32)", errors);
            }
        }

        [TestMethod]
        public void Esp32_s3_flash_and_psram_pins_26_to_32_are_never_used_but_are_fine_on_the_esp32()
        {
            for (int pin = 26; pin <= 32; pin++)
            {
                string errors = BoardSamples.ValidationErrors(BoardSamples.S3Head + "gpio.led = " + pin + "\n");

                Assert.Contains("line 4: gpio.led = " + pin + ": GPIO" + pin + " is wired to the module's SPI flash/PSRAM (GPIO26-32 on the ESP32-S3)", errors);
            }
            BoardSamples.AssertValid(BoardSamples.Minimal + "gpio.led = 27\n");
        }

        [TestMethod]
        public void Input_only_pins_34_to_39_never_drive_an_output()
        {
            string[] outputs = new string[] { "gpio.led", "i2c2.sda", "uart.gnss.tx", "onewire.tx" };
            for (int pin = 34; pin <= 39; pin++)
            {
                for (int i = 0; i < outputs.Length; i++)
                {
                    string errors = BoardSamples.ValidationErrors(BoardSamples.Minimal + outputs[i] + " = " + pin + "\n");

                    Assert.Contains("line 8: " + outputs[i] + " = " + pin + ": GPIO" + pin
                        + " is input-only on the ESP32 (GPIO34-39 have no output driver) and " + outputs[i] + " must drive its pin", errors);
                }
            }
        }

        [TestMethod]
        public void The_modem_power_key_is_an_output_too()
        {
            string errors = BoardSamples.ValidationErrors(BoardSamples.Minimal
                + "cellular.modem = sim7000g\ncellular.rx = 26\ncellular.tx = 27\ncellular.pwrkey = 36\n");

            Assert.Contains("line 11: cellular.pwrkey = 36: GPIO36 is input-only", errors);
        }

        [TestMethod]
        public void An_input_only_pin_may_receive()
        {
            string warnings = BoardSamples.AssertValid(BoardSamples.Minimal
                + "uart.gnss.rx = 34\n"
                + "sensor.gnss.kind = gnss\n");

            Assert.AreEqual("", warnings);
        }

        [TestMethod]
        public void A_door_switch_on_a_pin_without_pull_resistors_needs_an_external_one()
        {
            string door = "gpio.door = 39\nsensor.door.kind = door\n";

            string errors = BoardSamples.ValidationErrors(BoardSamples.Minimal + door);
            Assert.Contains("line 8: gpio.door = 39: GPIO39 has no internal pull resistor (GPIO34-39): set door.pull = none", errors);

            BoardSamples.AssertValid(BoardSamples.Minimal + door + "door.pull = none\n");
        }

        [TestMethod]
        public void Esp32_strapping_pins_are_warnings_not_errors()
        {
            int[] strapping = new int[] { 0, 2, 5, 12, 15 };
            for (int i = 0; i < strapping.Length; i++)
            {
                string pin = strapping[i].ToString();
                string warnings = BoardSamples.AssertValid(BoardSamples.Minimal + "gpio.led = " + pin + "\n");

                Assert.Contains("line 8: gpio.led = " + pin + ": GPIO" + pin + " is a strapping pin of the ESP32", warnings);
            }
            Assert.AreEqual("", BoardSamples.AssertValid(BoardSamples.Minimal + "gpio.led = 4\n"), "GPIO4 is no strapping pin");
        }

        [TestMethod]
        public void Esp32_s3_strapping_pins_45_and_46_are_warnings()
        {
            string warnings = BoardSamples.AssertValid(BoardSamples.S3Head + "gpio.led = 45\ngpio.door = 46\nsensor.door.kind = door\n");

            Assert.Contains("line 4: gpio.led = 45: GPIO45 is a strapping pin of the ESP32-S3", warnings);
            Assert.Contains("line 5: gpio.door = 46: GPIO46 is a strapping pin of the ESP32-S3", warnings);
        }

        [TestMethod]
        public void Esp32_s3_octal_memory_pins_are_warnings()
        {
            string warnings = BoardSamples.AssertValid(BoardSamples.S3Head + "gpio.led = 35\n");

            Assert.Contains("line 4: gpio.led = 35: GPIO35 is taken by octal flash/PSRAM on ESP32-S3 modules", warnings);
        }

        [TestMethod]
        public void Esp32_s3_usb_pins_19_and_20_are_rejected()
        {
            string errors = BoardSamples.ValidationErrors(BoardSamples.S3Head + "i2c1.sda = 19\ni2c1.scl = 20\n");

            Assert.Contains("line 4: i2c1.sda = 19: GPIO19 is the ESP32-S3's native USB", errors);
            Assert.Contains("line 5: i2c1.scl = 20: GPIO20 is the ESP32-S3's native USB", errors);
        }

        [TestMethod]
        public void The_console_uart_pins_are_rejected_on_both_chips()
        {
            string classic = BoardSamples.ValidationErrors(BoardSamples.Minimal + "gpio.led = 1\n");
            string s3 = BoardSamples.ValidationErrors(BoardSamples.S3Head + "gpio.led = 43\n");

            Assert.Contains("line 8: gpio.led = 1: GPIO1 is UART0, nanoFramework's debug and deployment port", classic);
            Assert.Contains("line 4: gpio.led = 43: GPIO43 is UART0", s3);
        }

        [TestMethod]
        public void Psram_images_take_gpio16_and_17()
        {
            string psram = "board.id = wrover\nboard.nanoff_target = ESP32_PSRAM_REV3\nboard.power = mains\n"
                + "i2c1.sda = 21\ni2c1.scl = 22\nsensor.bme280.kind = bme280\nsensor.bme280.address = 0x76\n";

            string errors = BoardSamples.ValidationErrors(psram + "uart.gnss.rx = 16\nuart.gnss.tx = 17\nsensor.gnss.kind = gnss\n");

            Assert.Contains("line 8: uart.gnss.rx = 16: GPIO16 belongs to the PSRAM of ESP32_PSRAM_REV3 boards", errors);
            Assert.Contains("line 9: uart.gnss.tx = 17: GPIO17 belongs to the PSRAM", errors);
            BoardSamples.AssertValid(BoardSamples.Minimal + "uart.gnss.rx = 16\nuart.gnss.tx = 17\nsensor.gnss.kind = gnss\n");
        }

        [TestMethod]
        public void Reserved_pins_are_checked_against_the_chip_too()
        {
            string errors = BoardSamples.ValidationErrors(BoardSamples.Minimal + "board.reserved_pins = 13, 20\n");

            Assert.Contains("line 8: board.reserved_pins lists 20: GPIO20 does not exist on the ESP32", errors);
        }

        [TestMethod]
        public void Pins_the_chip_does_not_have_are_rejected()
        {
            string classic = BoardSamples.ValidationErrors(BoardSamples.Minimal + "gpio.led = 24\n");
            string s3 = BoardSamples.ValidationErrors(BoardSamples.S3Head + "gpio.led = 22\n");

            Assert.Contains("line 8: gpio.led = 24: GPIO24 does not exist on the ESP32 (its GPIOs are 0-19, 21-23, 25-27 and 32-39)", classic);
            Assert.Contains("line 4: gpio.led = 22: GPIO22 does not exist on the ESP32-S3 (its GPIOs are 0-21 and 26-48)", s3);
        }

        [TestMethod]
        public void Two_parts_at_one_address_on_one_bus_are_rejected()
        {
            string errors = BoardSamples.ValidationErrors(BoardSamples.Minimal
                + "sensor.outdoor.kind = bme280\n"
                + "sensor.outdoor.address = 0x76\n"
                + "sensor.outdoor.metrics = press\n");

            Assert.Contains("line 8: sensor.outdoor (bme280): it answers at 0x76 on I2C bus 1, like sensor.bme280 (bme280, line 6)", errors);
        }

        [TestMethod]
        public void The_same_address_on_the_other_bus_is_fine()
        {
            BoardSamples.AssertValid(BoardSamples.Minimal
                + "i2c2.sda = 32\ni2c2.scl = 33\n"
                + "sensor.imu.kind = mpu6886\nsensor.imu.address = 0x69\n"
                + "sensor.pm.kind = sen5x\nsensor.pm.bus = 2\nsensor.pm.metrics = pm2_5\n");
        }

        [TestMethod]
        public void An_mpu6886_and_a_sen5x_clash_at_0x69()
        {
            string errors = BoardSamples.ValidationErrors(BoardSamples.Minimal
                + "sensor.imu.kind = mpu6886\nsensor.imu.address = 0x69\n"
                + "sensor.pm.kind = sen5x\nsensor.pm.metrics = pm2_5\n");

            Assert.Contains("line 10: sensor.pm (sen5x): it answers at 0x69 on I2C bus 1, like sensor.imu (mpu6886, line 8)", errors);
        }

        [TestMethod]
        public void A_gnss_sensor_needs_the_gnss_uart()
        {
            string errors = BoardSamples.ValidationErrors(BoardSamples.Minimal + "sensor.gnss.kind = gnss\n");

            Assert.Contains("line 8: sensor.gnss (gnss): a gnss sensor needs uart.gnss.rx", errors);
        }

        [TestMethod]
        public void A_door_sensor_needs_the_door_input()
        {
            string errors = BoardSamples.ValidationErrors(BoardSamples.Minimal + "sensor.door.kind = door\n");

            Assert.Contains("line 8: sensor.door (door): a door sensor needs gpio.door", errors);
        }

        [TestMethod]
        public void A_probe_needs_the_one_wire_pins_and_an_sps30_its_uart()
        {
            string errors = BoardSamples.ValidationErrors(BoardSamples.Minimal + "sensor.probe.kind = ds18b20\nsensor.pm.kind = sps30\n");

            Assert.Contains("line 8: sensor.probe (ds18b20): a ds18b20 needs onewire.rx and onewire.tx", errors);
            Assert.Contains("line 9: sensor.pm (sps30): an sps30 needs uart.sps30.rx and uart.sps30.tx", errors);
        }

        [TestMethod]
        public void A_sensor_on_bus_2_needs_the_bus_2_pins()
        {
            string errors = BoardSamples.ValidationErrors(BoardSamples.Minimal + "sensor.co2.kind = scd4x\nsensor.co2.bus = 2\nsensor.co2.metrics = co2\n");

            Assert.Contains("line 8: sensor.co2 (scd4x): it is on I2C bus 2 but i2c2.sda and i2c2.scl are not both set", errors);
        }

        [TestMethod]
        public void Battery_boards_need_the_battery_input()
        {
            string battery = "board.id = tracker\nboard.nanoff_target = ESP32_REV3\nboard.power = battery\n"
                + "i2c1.sda = 21\ni2c1.scl = 22\nsensor.bme280.kind = bme280\nsensor.bme280.address = 0x76\n";

            string errors = BoardSamples.ValidationErrors(battery);
            Assert.Contains("line 3: board.power = battery needs adc.battery", errors);

            BoardSamples.AssertValid(battery + "adc.battery = 35\nsensor.battery.kind = battery\n");
        }

        [TestMethod]
        public void The_battery_input_must_be_an_adc1_pin()
        {
            string errors = BoardSamples.ValidationErrors(BoardSamples.Minimal + "adc.battery = 25\nsensor.battery.kind = battery\n");

            Assert.Contains("line 8: adc.battery = 25: GPIO25 has no ADC1 channel, and ADC2 cannot be read while Wi-Fi is on: use one of GPIO32-39", errors);
        }

        [TestMethod]
        public void One_metric_from_two_sensors_is_rejected_with_the_narrowing_to_write()
        {
            string errors = BoardSamples.ValidationErrors(BoardSamples.Minimal + "sensor.scd41.kind = scd4x\n");

            Assert.Contains("line 8: sensor.scd41 (scd4x): it reports temp like sensor.bme280, line 6", errors);
            Assert.Contains("narrow one, e.g. sensor.scd41.metrics = co2", errors);
            BoardSamples.AssertValid(BoardSamples.Minimal + "sensor.scd41.kind = scd4x\nsensor.scd41.metrics = co2\n");
        }

        [TestMethod]
        public void Only_one_door_switch_fits_the_one_door_input()
        {
            string errors = BoardSamples.ValidationErrors(BoardSamples.Minimal
                + "gpio.door = 4\nsensor.front.kind = door\nsensor.rear.kind = door\n");

            Assert.Contains("line 10: sensor.rear (door): only one door sensor fits: it uses gpio.door, which sensor.front, line 9 already has", errors);
        }

        [TestMethod]
        public void Gnss_sps30_and_one_wire_together_need_more_uarts_than_the_esp32_has()
        {
            string errors = BoardSamples.ValidationErrors(BoardSamples.Minimal
                + "uart.gnss.rx = 16\nuart.gnss.tx = 17\n"
                + "uart.sps30.rx = 18\nuart.sps30.tx = 19\n"
                + "onewire.rx = 25\nonewire.tx = 26\n"
                + "sensor.gnss.kind = gnss\nsensor.pm.kind = sps30\nsensor.probe.kind = ds18b20\n");

            Assert.Contains("line 10: uart.sps30.rx: no UART left", errors);
        }

        [TestMethod]
        public void Keys_that_go_together_are_checked_together()
        {
            string errors = BoardSamples.ValidationErrors(BoardSamples.Esp32Head
                + "i2c1.sda = 21\n"
                + "uart.sps30.tx = 17\n"
                + "onewire.rx = 18\n"
                + "door.pull = none\n"
                + "led.kind = ws2812\n"
                + "battery.divider = 3\n");

            Assert.Contains("line 4: i2c1.sda is set but i2c1.scl is not: an I2C bus needs both lines", errors);
            Assert.Contains("line 5: uart.sps30.tx is set but uart.sps30.rx is not", errors);
            Assert.Contains("line 6: onewire.rx is set but onewire.tx is not", errors);
            Assert.Contains("line 7: door.pull is set but gpio.door is not", errors);
            Assert.Contains("line 8: led.kind is set but gpio.led is not", errors);
            Assert.Contains("line 9: battery.divider is set but adc.battery is not", errors);
        }

        [TestMethod]
        public void A_cellular_modem_needs_its_uart_and_power_key()
        {
            string errors = BoardSamples.ValidationErrors(BoardSamples.Minimal + "cellular.modem = sim7000g\ncellular.rx = 26\n");

            Assert.Contains("line 8: cellular.tx is missing: a cellular modem needs cellular.modem, cellular.rx, cellular.tx and cellular.pwrkey together", errors);
            Assert.Contains("line 8: cellular.pwrkey is missing", errors);
        }

        [TestMethod]
        public void Active_low_applies_only_to_a_plain_led()
        {
            string errors = BoardSamples.ValidationErrors(BoardSamples.S3Head + "gpio.led = 38\nled.kind = ws2812\nled.active_low = on\n");

            Assert.Contains("line 6: led.active_low applies to a plain LED", errors);
        }

        [TestMethod]
        public void Hardware_declared_without_a_sensor_is_a_warning()
        {
            string warnings = BoardSamples.AssertValid(BoardSamples.Minimal + "uart.gnss.rx = 16\ngpio.door = 4\n");

            Assert.Contains("line 8: uart.gnss.rx is set but no gnss sensor is declared", warnings);
            Assert.Contains("line 9: gpio.door is set but no door sensor is declared", warnings);
        }

        [TestMethod]
        public void A_board_without_sensors_is_a_warning()
        {
            string warnings = BoardSamples.AssertValid(BoardSamples.Esp32Head);

            Assert.Contains("no sensors are declared", warnings);
        }

        [TestMethod]
        public void The_device_configuration_must_name_the_same_board()
        {
            BoardProfile profile = BoardSamples.Parse(BoardSamples.Minimal);

            ConfigError[] mismatch = BoardValidator.CheckDevice(profile, "m5stack-core2");

            Assert.AreEqual(1L, (long)mismatch.Length);
            Assert.Contains("line 1: board.id = test-board: device.conf names device.board = m5stack-core2", mismatch[0].Message);
            Assert.AreEqual(0L, (long)BoardValidator.CheckDevice(profile, "test-board").Length);
            Assert.AreEqual(0L, (long)BoardValidator.CheckDevice(profile, "").Length, "an empty device.board accepts any profile");
        }

        [TestMethod]
        public void Load_reports_validation_errors_and_keeps_warnings_apart()
        {
            BoardProfile? profile;
            ConfigError[] errors;
            ConfigError[] warnings;

            bool loaded = BoardProfileParser.TryLoad(BoardSamples.Minimal + "gpio.led = 12\n", out profile, out errors, out warnings);
            Assert.IsTrue(loaded);
            Assert.IsNotNull(profile);
            Assert.AreEqual(0L, (long)errors.Length);
            Assert.AreEqual(1L, (long)warnings.Length);

            loaded = BoardProfileParser.TryLoad(BoardSamples.Minimal + "gpio.led = 6\n", out profile, out errors, out warnings);
            Assert.IsFalse(loaded);
            Assert.IsNull(profile);
            Assert.AreEqual(1L, (long)errors.Length);
            Assert.AreEqual(8L, (long)errors[0].LineNumber);
            Assert.AreEqual("gpio.led", errors[0].Key);
        }
    }
}
