namespace Gateway.Firmware.Core.Config
{
    /// <summary>
    /// One problem found in a configuration file or downlink message. The message is complete on its own (it names
    /// the line, the key and what is accepted) and is safe to log or send back: secret values are never quoted.
    /// </summary>
    public sealed class ConfigError
    {
        /// <summary>Creates an error.</summary>
        /// <param name="lineNumber">1-based line of the text, or 0 when the error is about something missing.</param>
        /// <param name="key">The key concerned, or empty when the line has no usable key.</param>
        /// <param name="message">Complete one-line description, e.g. "line 7: sample.period_s = 2: must be an integer from 5 to 86400 (seconds)".</param>
        public ConfigError(int lineNumber, string key, string message)
        {
            LineNumber = lineNumber;
            Key = key;
            Message = message;
        }

        /// <summary>1-based line number, or 0 for a missing key.</summary>
        public int LineNumber { get; }

        /// <summary>The key concerned, or empty when the line had no usable key.</summary>
        public string Key { get; }

        /// <summary>One-line description naming line, key and accepted values.</summary>
        public string Message { get; }

        /// <summary>Returns <see cref="Message"/>.</summary>
        public override string ToString() => Message;
    }
}
