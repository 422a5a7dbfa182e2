using Gateway.Firmware.Core.Platform;

namespace Gateway.Simulation.Power
{
    /// <summary>What the node last asked of its power control.</summary>
    public enum PowerRequest
    {
        /// <summary>Nothing pending.</summary>
        None = 0,
        /// <summary>Deep sleep for <see cref="SimulatedPower.PendingSleepMs"/>.</summary>
        Sleep = 1,
        /// <summary>Reboot.</summary>
        Reboot = 2,
    }

    /// <summary>
    /// Records the node's sleep and reboot requests for the runtime to carry out (stop ticking the node for the sleep,
    /// then boot it again with <see cref="ResetCause.DeepSleepTimer"/>; or reboot it with <see cref="ResetCause.Requested"/>).
    /// </summary>
    public sealed class SimulatedPower : IPowerControl
    {
        /// <summary>Creates the power control of a node that started for <paramref name="resetCause"/>.</summary>
        public SimulatedPower(ResetCause resetCause)
        {
            LastResetCause = resetCause;
        }

        /// <inheritdoc />
        public ResetCause LastResetCause { get; private set; }

        /// <summary>The request waiting for the runtime, if any.</summary>
        public PowerRequest Pending { get; private set; }

        /// <summary>Sleep duration of a pending <see cref="PowerRequest.Sleep"/>, ms.</summary>
        public long PendingSleepMs { get; private set; }

        /// <summary>Sleep requests since creation.</summary>
        public long SleepRequests { get; private set; }

        /// <summary>Total sleep time requested since creation, ms.</summary>
        public long TotalSleepRequestedMs { get; private set; }

        /// <summary>Reboot requests since creation.</summary>
        public long RebootRequests { get; private set; }

        /// <summary>Boots since creation (<see cref="OnBoot"/> calls).</summary>
        public long Boots { get; private set; }

        /// <inheritdoc />
        public void RequestSleep(long durationMs)
        {
            SleepRequests++;
            TotalSleepRequestedMs += durationMs;
            Pending = PowerRequest.Sleep;
            PendingSleepMs = durationMs;
        }

        /// <inheritdoc />
        public void RequestReboot()
        {
            RebootRequests++;
            Pending = PowerRequest.Reboot;
            PendingSleepMs = 0;
        }

        /// <summary>Returns the pending request and clears it (the runtime acts on it once).</summary>
        public PowerRequest TakePending(out long sleepMs)
        {
            PowerRequest request = Pending;
            sleepMs = PendingSleepMs;
            Pending = PowerRequest.None;
            PendingSleepMs = 0;
            return request;
        }

        /// <summary>The runtime booted the node again: records why and clears any pending request.</summary>
        public void OnBoot(ResetCause cause)
        {
            LastResetCause = cause;
            Pending = PowerRequest.None;
            PendingSleepMs = 0;
            Boots++;
        }
    }
}
