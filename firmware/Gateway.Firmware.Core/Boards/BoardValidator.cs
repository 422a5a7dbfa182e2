using Gateway.Firmware.Core.Config;

namespace Gateway.Firmware.Core.Boards
{
    /// <summary>
    /// Checks a parsed board profile against the chip's pin rules and against itself, the way ESPHome checks its pin maps
    /// (esphome/components/esp32/gpio_esp32.py): no pin used twice; never the SPI flash pins (ESP32 GPIO6-11, ESP32-S3
    /// GPIO26-32), the PSRAM pins of PSRAM images, UART0 (the console) or the S3's USB pins; no output on an input-only
    /// pin (ESP32 GPIO34-39); strapping pins only with a warning; sensors of known kinds at addresses they can have,
    /// unique per I2C bus, with the hardware they need; at most two UART users; the battery on an ADC1 pin.
    /// Every message names the line and key and says what to do. The device runs this at boot, and the tests run it
    /// over every boards/*/board.conf.
    /// </summary>
    public static class BoardValidator
    {
        /// <summary>Checks a profile; see the class summary for the rules.</summary>
        public static BoardValidation Validate(BoardProfile profile)
        {
            BoardRuleChecker checker = new BoardRuleChecker(profile);
            checker.Run();
            return new BoardValidation(checker.Errors.ToArray(), checker.Warnings.ToArray());
        }

        /// <summary>
        /// Checks that the board profile is the one the device configuration names (device.conf <c>device.board</c>);
        /// an empty <paramref name="deviceBoardId"/> accepts any profile. Returns the errors (empty when they match).
        /// </summary>
        public static ConfigError[] CheckDevice(BoardProfile profile, string deviceBoardId)
        {
            if (deviceBoardId.Length == 0 || deviceBoardId == profile.Id)
            {
                return new ConfigError[0];
            }
            int line = profile.Line(BoardKeys.BoardId);
            return new ConfigError[]
            {
                new ConfigError(line, "board.id", BoardProfileReader.Where(line) + "board.id = " + profile.Id
                    + ": device.conf names device.board = " + ConfigText.Echo(deviceBoardId)
                    + "; copy boards/" + ConfigText.Echo(deviceBoardId) + "/" + BoardProfile.FileName + " onto the device, or correct device.board"),
            };
        }
    }
}
