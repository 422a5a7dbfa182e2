namespace Gateway.Firmware.Core.Config
{
    /// <summary>Outcome of parsing a down/ack payload; anything but <see cref="Ok"/> is a rejected message, counted with this reason.</summary>
    public enum AckParseResult : byte
    {
        /// <summary>One valid <c>confirmed = &lt;seq&gt;</c> line.</summary>
        Ok = 0,
        /// <summary>No <c>confirmed</c> line (empty payload or only comments).</summary>
        Missing = 1,
        /// <summary>A line without '=' or without a key.</summary>
        NotKeyValue = 2,
        /// <summary>A key other than <c>confirmed</c>.</summary>
        UnknownKey = 3,
        /// <summary>The value is not a whole number from 0 to 2^63 − 1.</summary>
        BadValue = 4,
        /// <summary><c>confirmed</c> appears more than once.</summary>
        Duplicate = 5,
    }
}
