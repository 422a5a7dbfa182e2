using Gateway.Firmware.Core.Platform;
using NativeGC = nanoFramework.Runtime.Native.GC;

namespace Gateway.Firmware.Esp32.Diagnostics
{
    /// <summary>Platform facts for the status message.</summary>
    public sealed class DeviceHealth : IDeviceHealth
    {
        /// <summary>
        /// Free managed heap after a collection (nanoFramework.Runtime.Native.GC.Run(false) returns the free bytes).
        /// Read only when a status message is built (every few minutes), so the collection it forces costs little.
        /// </summary>
        public long FreeMemoryBytes => NativeGC.Run(false);
    }
}
