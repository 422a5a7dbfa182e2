using Gateway.Firmware.Core.Platform;

namespace Gateway.Firmware.Core.Status
{
    /// <summary>
    /// What a node reports about itself on <c>up/status</c>: enough for a technician or the fleet view to tell a
    /// healthy node from one that needs a visit. Filled by the node; encoded by <see cref="StatusEncoder"/>.
    /// </summary>
    public sealed class StatusReport
    {
        /// <summary>Firmware version, e.g. <c>1.0.0</c>.</summary>
        public string FirmwareVersion = "";
        /// <summary>Device wall-clock time of the report, ms since the Unix epoch.</summary>
        public long TimeUnixMs;
        /// <summary>Time since boot, seconds.</summary>
        public long UptimeS;
        /// <summary>Why the device last started.</summary>
        public ResetCause ResetCause;
        /// <summary>Free managed memory, bytes.</summary>
        public long FreeMemoryBytes;
        /// <summary>Link signal strength, dBm (0 = unknown).</summary>
        public int RssiDbm;
        /// <summary>Readings buffered and not yet confirmed by ingestion.</summary>
        public long BufferDepth;
        /// <summary>Readings dropped unsent because the buffer was full (since first boot).</summary>
        public long EvictedCount;
        /// <summary>Highest sequence confirmed end to end.</summary>
        public long ConfirmedThrough;
        /// <summary>Sequence the next reading will get.</summary>
        public long NextSequence;
        /// <summary>Alarms currently raised.</summary>
        public int ActiveAlarms;
        /// <summary>Failed connection attempts since boot.</summary>
        public long ConnectFailures;
        /// <summary>Faulty sensors as <c>name:fault</c> pairs joined by commas, or empty.</summary>
        public string SensorFaults = "";
        /// <summary>Last error the node met, or empty.</summary>
        public string LastError = "";

        /// <summary>Text name of a reset cause (enum names are not available on nanoFramework).</summary>
        public static string ResetCauseText(ResetCause cause)
        {
            switch (cause)
            {
                case ResetCause.PowerOn: return "power_on";
                case ResetCause.DeepSleepTimer: return "deep_sleep_timer";
                case ResetCause.DeepSleepPin: return "deep_sleep_pin";
                case ResetCause.Watchdog: return "watchdog";
                case ResetCause.Requested: return "requested";
                case ResetCause.Fault: return "fault";
                default: return "unknown";
            }
        }

        /// <summary>Text name of a sensor error.</summary>
        public static string SensorErrorText(SensorError error)
        {
            switch (error)
            {
                case SensorError.None: return "ok";
                case SensorError.NotResponding: return "not_responding";
                case SensorError.ChecksumFailed: return "checksum_failed";
                case SensorError.NotReady: return "not_ready";
                case SensorError.OutOfRange: return "out_of_range";
                case SensorError.Stuck: return "stuck";
                default: return "unknown";
            }
        }
    }
}
