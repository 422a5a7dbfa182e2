using System.Diagnostics.CodeAnalysis;
using Gateway.Firmware.Core.Config;

namespace Gateway.Firmware.Core.Boards
{
    /// <summary>
    /// Reads board.conf: the same strict <c>key = value</c> format as device.conf (docs/CONFIG.md, "Format"), with every
    /// error collected in one pass and each naming the line, the key and what is accepted. Checks each value on its own
    /// (a GPIO number, a sensor kind, an address the part can have); the rules across keys (a pin used twice, a flash
    /// pin, an output on an input-only pin...) are <see cref="BoardValidator"/>'s.
    /// </summary>
    public static class BoardProfileParser
    {
        /// <summary>
        /// Parses a board profile. Returns true with the profile and no errors, or false with <paramref name="profile"/>
        /// null and every error found (line order; missing keys and per-sensor problems after).
        /// </summary>
        public static bool TryParse(string? text, [NotNullWhen(true)] out BoardProfile? profile, out ConfigError[] errors)
        {
            BoardProfileReader reader = new BoardProfileReader();
            reader.Read(text);
            profile = reader.ErrorCount == 0 ? reader.Build() : null;
            errors = reader.Errors();
            return profile != null;
        }

        /// <summary>
        /// Parses and validates (what the device does at boot): true when the profile parsed and
        /// <see cref="BoardValidator"/> found no error. Warnings (strapping pins...) do not make it fail.
        /// </summary>
        public static bool TryLoad(string? text, [NotNullWhen(true)] out BoardProfile? profile, out ConfigError[] errors,
            out ConfigError[] warnings)
        {
            BoardProfile? parsed;
            if (!TryParse(text, out parsed, out errors))
            {
                profile = null;
                warnings = new ConfigError[0];
                return false;
            }
            BoardValidation validation = BoardValidator.Validate(parsed);
            errors = validation.Errors;
            warnings = validation.Warnings;
            profile = validation.IsValid ? parsed : null;
            return profile != null;
        }
    }
}
