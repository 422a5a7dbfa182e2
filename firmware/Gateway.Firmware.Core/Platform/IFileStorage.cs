namespace Gateway.Firmware.Core.Platform
{
    /// <summary>
    /// Small named files (device configuration, certificates) on durable storage.
    /// ESP32: files under <c>I:\gateway\</c>; simulator: files in the node's state folder.
    /// </summary>
    public interface IFileStorage
    {
        /// <summary>Reads the whole file as UTF-8 text. Returns null when the file does not exist.</summary>
        string? ReadAllText(string name);

        /// <summary>Replaces the file's content atomically (write to a temporary name, then rename).</summary>
        void WriteAllText(string name, string content);
    }
}
