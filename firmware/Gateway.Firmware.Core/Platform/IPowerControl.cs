namespace Gateway.Firmware.Core.Platform
{
    /// <summary>Power and reset control of the board.</summary>
    public interface IPowerControl
    {
        /// <summary>Why the device last started; reported in the status message.</summary>
        ResetCause LastResetCause { get; }

        /// <summary>
        /// Asks the shell to power down for <paramref name="durationMs"/> (ESP32: deep sleep with timer wake-up;
        /// the device reboots on wake). Called only after everything buffered is on storage.
        /// </summary>
        void RequestSleep(long durationMs);

        /// <summary>Asks the shell to reboot the device (after a downlink command).</summary>
        void RequestReboot();
    }

    /// <summary>Why the device started.</summary>
    public enum ResetCause
    {
        /// <summary>Unknown or not reported by the platform.</summary>
        Unknown = 0,
        /// <summary>Power applied.</summary>
        PowerOn = 1,
        /// <summary>Woke from deep sleep on the timer.</summary>
        DeepSleepTimer = 2,
        /// <summary>Woke from deep sleep on a pin (door switch, button).</summary>
        DeepSleepPin = 3,
        /// <summary>The software watchdog rebooted the device.</summary>
        Watchdog = 4,
        /// <summary>Reboot asked for by a downlink command or the node itself.</summary>
        Requested = 5,
        /// <summary>Brown-out or crash.</summary>
        Fault = 6,
    }
}
