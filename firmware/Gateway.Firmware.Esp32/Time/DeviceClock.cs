using System;
using Gateway.Firmware.Core.Platform;
using nanoFramework.Networking;

namespace Gateway.Firmware.Esp32.Time
{
    /// <summary>
    /// The node's clock on the ESP32: monotonic time from the tick count since boot, wall-clock time from the system
    /// clock once SNTP has set it. ESP32 boards have no battery-backed RTC, so after every boot the wall clock starts in
    /// the year 1601 (nanoFramework's DateTime origin) until the first SNTP answer.
    /// </summary>
    public sealed class DeviceClock : IClock
    {
        /// <summary>
        /// A clock earlier than this has not been set by SNTP (this firmware was written in 2025, so no real time
        /// can be earlier). nanoFramework's own helper uses 2021 for the same test (NetworkHelperInternal.WaitForValidDateTime).
        /// </summary>
        public const int FirstValidYear = 2024;

        private const long TicksPerMillisecond = 10000;

        private static readonly long s_unixEpochTicks = DateTime.UnixEpoch.Ticks;

        /// <summary>Milliseconds since boot (nanoFramework.Runtime.Native: Environment.TickCount64); never goes backwards.</summary>
        public long MonotonicMs => Environment.TickCount64;

        /// <summary>Unix time in milliseconds; false until SNTP has set the clock.</summary>
        public bool TryGetUnixTimeMs(out long unixTimeMs)
        {
            DateTime now = DateTime.UtcNow;
            if (now.Year < FirstValidYear)
            {
                unixTimeMs = 0;
                return false;
            }
            unixTimeMs = (now.Ticks - s_unixEpochTicks) / TicksPerMillisecond;
            return true;
        }

        /// <summary>
        /// Points SNTP at the configured server (device.conf time.ntp_server) and starts it. The native service keeps
        /// re-synchronising (hourly by default) and retries by itself while the network is down.
        /// </summary>
        public void StartTimeSync(string ntpServer)
        {
            Sntp.Server1 = ntpServer;
            if (Sntp.IsStarted)
            {
                Sntp.UpdateNow();
            }
            else
            {
                Sntp.Start();
            }
            Console.WriteLine("time: SNTP server " + ntpServer);
        }

        /// <summary>Asks for an immediate re-sync, e.g. right after the network came up (called by the Wi-Fi link).</summary>
        public void OnNetworkUp()
        {
            Sntp.UpdateNow();
        }
    }
}
