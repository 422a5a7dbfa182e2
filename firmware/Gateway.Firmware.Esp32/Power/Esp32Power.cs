using System;
using Gateway.Firmware.Core.Platform;
using Gateway.Firmware.Esp32.Storage;
using nanoFramework.Hardware.Esp32;

namespace Gateway.Firmware.Esp32.Power
{
    /// <summary>
    /// Deep sleep, reboot and the reason for the last start. The stable packages expose the deep-sleep wake-up cause
    /// (Sleep.GetWakeupCause) but no reset reason, so reboots this firmware asks for (downlink command, software watchdog)
    /// leave a one-line marker file that the next boot reads and deletes. Anything else (power applied, brown-out, crash)
    /// reads as <see cref="ResetCause.PowerOn"/>.
    /// </summary>
    public sealed class Esp32Power : IPowerControl
    {
        /// <summary>Marker file under I:\gateway\ written just before a reboot this firmware asks for.</summary>
        public const string MarkerFile = "reset.cause";

        private const string MarkerRequested = "requested";
        private const string MarkerWatchdog = "watchdog";

        private readonly FlashFileStorage _files;

        /// <summary>Reads (and clears) why this boot happened.</summary>
        public Esp32Power(FlashFileStorage files)
        {
            _files = files;
            LastResetCause = DetectResetCause();
            _files.Delete(MarkerFile);
        }

        /// <summary>Why the device last started.</summary>
        public ResetCause LastResetCause { get; }

        /// <summary>
        /// Deep sleep with timer wake-up (Sleep.EnableWakeupByTimer + Sleep.StartDeepSleep). Does not return: the ESP32
        /// powers down its cores and RAM and boots from scratch on wake-up, and the node restores from flash.
        /// </summary>
        public void RequestSleep(long durationMs)
        {
            Console.WriteLine("power: deep sleep for " + (durationMs / 1000).ToString() + " s");
            Sleep.EnableWakeupByTimer(new TimeSpan(durationMs * TimeSpan.TicksPerMillisecond));
            Sleep.StartDeepSleep();
        }

        /// <summary>Reboots now (downlink <c>cmd = reboot</c>).</summary>
        public void RequestReboot()
        {
            Reboot(MarkerRequested);
        }

        /// <summary>Reboots because the main loop stopped feeding the software watchdog.</summary>
        public void RebootForWatchdog()
        {
            Reboot(MarkerWatchdog);
        }

        private void Reboot(string marker)
        {
            Console.WriteLine("power: reboot (" + marker + ")");
            try
            {
                _files.WriteAllText(MarkerFile, marker);
            }
            catch (Exception e)
            {
                Console.WriteLine("power: could not write the reset marker: " + e.Message);
            }
            nanoFramework.Runtime.Native.Power.RebootDevice();
        }

        private ResetCause DetectResetCause()
        {
            Sleep.WakeupCause wake = Sleep.GetWakeupCause();
            if (wake == Sleep.WakeupCause.Timer)
            {
                return ResetCause.DeepSleepTimer;
            }
            if (wake == Sleep.WakeupCause.Ext0 || wake == Sleep.WakeupCause.Ext1 || wake == Sleep.WakeupCause.Gpio)
            {
                return ResetCause.DeepSleepPin;
            }
            string? marker = _files.ReadAllText(MarkerFile);
            if (marker == MarkerRequested)
            {
                return ResetCause.Requested;
            }
            return marker == MarkerWatchdog ? ResetCause.Watchdog : ResetCause.PowerOn;
        }
    }
}
