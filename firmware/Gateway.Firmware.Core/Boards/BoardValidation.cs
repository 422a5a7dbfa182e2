using Gateway.Firmware.Core.Config;

namespace Gateway.Firmware.Core.Boards
{
    /// <summary>What <see cref="BoardValidator"/> found: errors stop the board from starting, warnings are logged.</summary>
    public sealed class BoardValidation
    {
        internal BoardValidation(ConfigError[] errors, ConfigError[] warnings)
        {
            Errors = errors;
            Warnings = warnings;
        }

        /// <summary>Problems that make the profile unusable (a pin used twice, a flash pin...), in line order of the rules.</summary>
        public ConfigError[] Errors { get; }

        /// <summary>Risks worth a look (strapping pins, pins declared but unused).</summary>
        public ConfigError[] Warnings { get; }

        /// <summary>True when there are no errors.</summary>
        public bool IsValid => Errors.Length == 0;
    }
}
