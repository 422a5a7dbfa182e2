namespace Gateway.Firmware.Core.Platform
{
    /// <summary>Platform facts reported in the status message.</summary>
    public interface IDeviceHealth
    {
        /// <summary>Free managed heap in bytes (ESP32: <c>nanoFramework.Runtime.Native.GC.Run(false)</c>).</summary>
        long FreeMemoryBytes { get; }
    }
}
