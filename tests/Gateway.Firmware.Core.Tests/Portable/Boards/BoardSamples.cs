using System.Text;
using Gateway.Firmware.Core.Boards;
using Gateway.Firmware.Core.Config;
using nanoFramework.TestFramework;

namespace Gateway.Firmware.Core.Tests.Portable.Boards
{
    /// <summary>Board profile texts and helpers shared by the Boards tests.</summary>
    internal static class BoardSamples
    {
        /// <summary>The three required keys of an ESP32 (classic) board: lines 1 to 3.</summary>
        internal const string Esp32Head =
            "board.id = test-board\n" +
            "board.nanoff_target = ESP32_REV3\n" +
            "board.power = mains\n";

        /// <summary>The three required keys of an ESP32-S3 board: lines 1 to 3.</summary>
        internal const string S3Head =
            "board.id = test-s3\n" +
            "board.nanoff_target = ESP32_S3\n" +
            "board.power = mains\n";

        /// <summary>An environmental board with one I2C sensor: valid, lines 1 to 7.</summary>
        internal const string Minimal =
            Esp32Head +
            "i2c1.sda = 21\n" +
            "i2c1.scl = 22\n" +
            "sensor.bme280.kind = bme280\n" +
            "sensor.bme280.address = 0x76\n";

        /// <summary>Parses a text that must parse; fails the test with the errors otherwise.</summary>
        internal static BoardProfile Parse(string text)
        {
            BoardProfile? profile;
            ConfigError[] errors;
            bool parsed = BoardProfileParser.TryParse(text, out profile, out errors);
            Assert.IsTrue(parsed && profile != null, "the text should parse: " + Join(errors));
            return profile!;
        }

        /// <summary>Parses (must succeed) and validates.</summary>
        internal static BoardValidation Validate(string text) => BoardValidator.Validate(Parse(text));

        /// <summary>Errors of a text that must not parse.</summary>
        internal static string ParseErrors(string text)
        {
            BoardProfile? profile;
            ConfigError[] errors;
            Assert.IsFalse(BoardProfileParser.TryParse(text, out profile, out errors), "the text should not parse");
            Assert.IsNull(profile);
            Assert.IsTrue(errors.Length > 0, "a failed parse reports why");
            return Join(errors);
        }

        /// <summary>Errors of a text that parses but must not validate.</summary>
        internal static string ValidationErrors(string text)
        {
            BoardValidation validation = Validate(text);
            Assert.IsFalse(validation.IsValid, "the profile should be rejected");
            return Join(validation.Errors);
        }

        /// <summary>Asserts the profile parses and validates without errors; returns its warnings.</summary>
        internal static string AssertValid(string text)
        {
            BoardValidation validation = Validate(text);
            Assert.IsTrue(validation.IsValid, "the profile should be valid: " + Join(validation.Errors));
            return Join(validation.Warnings);
        }

        /// <summary>One message per line.</summary>
        internal static string Join(ConfigError[] errors)
        {
            StringBuilder text = new StringBuilder();
            for (int i = 0; i < errors.Length; i++)
            {
                text.Append(errors[i].Message);
                text.Append('\n');
            }
            return text.ToString();
        }
    }
}
