using System.Diagnostics.CodeAnalysis;

namespace Gateway.Firmware.Core.Config
{
    /// <summary>
    /// Reads the device.conf file: UTF-8 text, one <c>key = value</c> per line, '#' comment lines, blank lines
    /// ignored (docs/CONFIG.md). Strict: every bad line, unknown key, duplicate key and missing required key is an
    /// error, and all errors are collected in one pass so that a technician can fix the file in one go.
    /// </summary>
    public static class DeviceConfigParser
    {
        /// <summary>
        /// Parses a configuration file. Returns true with the configuration and an empty error list, or false with
        /// <paramref name="config"/> null and every error found (line order; missing keys last).
        /// </summary>
        public static bool TryParse(string text, [NotNullWhen(true)] out DeviceConfig? config, out ConfigError[] errors) =>
            DeviceConfig.TryCreate(text, out config, out errors);
    }
}
