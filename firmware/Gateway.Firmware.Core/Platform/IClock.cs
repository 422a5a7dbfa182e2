namespace Gateway.Firmware.Core.Platform
{
    /// <summary>
    /// Time source of a node. The core never reads a static clock: the shell passes one in
    /// (ESP32: <c>DateTime.UtcNow</c> after SNTP and a monotonic tick count; simulator: a virtual clock).
    /// </summary>
    public interface IClock
    {
        /// <summary>Milliseconds since an arbitrary origin (boot); never goes backwards.</summary>
        long MonotonicMs { get; }

        /// <summary>
        /// Wall-clock time in milliseconds since the Unix epoch (UTC).
        /// Returns false while the time is not known yet (no SNTP or GNSS time since boot).
        /// </summary>
        bool TryGetUnixTimeMs(out long unixTimeMs);
    }
}
