namespace Gateway.Firmware.Core.Platform
{
    /// <summary>
    /// Durable, append-only storage organised as a fixed number of segments (on ESP32: one file per segment
    /// on the internal littlefs partition <c>I:\</c>; in the simulator: one file per node that can be cut at any byte).
    /// Appends only, never in-place rewrites, so that flash wear is spread by the file system.
    /// </summary>
    public interface ISegmentStorage
    {
        /// <summary>Number of segments available.</summary>
        int SegmentCount { get; }

        /// <summary>Largest size, in bytes, a segment may grow to.</summary>
        int SegmentCapacityBytes { get; }

        /// <summary>Bytes currently stored in <paramref name="segment"/> (0 when empty or absent).</summary>
        int GetLength(int segment);

        /// <summary>Reads up to <paramref name="count"/> bytes at <paramref name="offset"/>; returns the number read.</summary>
        int Read(int segment, int offset, byte[] buffer, int bufferOffset, int count);

        /// <summary>
        /// Appends bytes to the end of the segment and makes them durable before returning.
        /// A power cut may leave any prefix of the appended bytes stored.
        /// </summary>
        void Append(int segment, byte[] buffer, int bufferOffset, int count);

        /// <summary>Erases the segment so that its length becomes 0.</summary>
        void Erase(int segment);
    }
}
