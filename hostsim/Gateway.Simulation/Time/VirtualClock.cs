using System;
using Gateway.Firmware.Core.Platform;

namespace Gateway.Simulation.Time
{
    /// <summary>
    /// The clock of one virtual node, driven by the simulator instead of the machine's clock: the scheduler sets
    /// the monotonic time before it ticks the node. The simulation's true UTC time is <see cref="StartUnixMs"/> +
    /// <see cref="MonotonicMs"/>; what the node reads as wall-clock time (<see cref="TryGetUnixTimeMs"/>) is the true
    /// time plus <see cref="WallOffsetMs"/>, and only once <see cref="TimeKnown"/> (SNTP or GNSS time obtained).
    /// Fault injection moves the node's wall clock with <see cref="SetWallOffset"/> (a clock jump) without moving
    /// the simulation's time, so models (sun, traffic, satellites) keep following the true time.
    /// </summary>
    /// <remarks>Not thread-safe: a node and its models are driven by one thread at a time.</remarks>
    public sealed class VirtualClock : IClock
    {
        private long _monotonicMs;

        /// <summary>Creates a clock at monotonic time 0.</summary>
        /// <param name="startUnixMs">True UTC time, ms since the Unix epoch, at monotonic time 0.</param>
        /// <param name="timeKnown">Whether the node knows the wall-clock time from the start.</param>
        /// <exception cref="ArgumentOutOfRangeException">When <paramref name="startUnixMs"/> is negative.</exception>
        public VirtualClock(long startUnixMs, bool timeKnown)
        {
            if (startUnixMs < 0)
            {
                throw new ArgumentOutOfRangeException(nameof(startUnixMs), startUnixMs, "startUnixMs must be 0 or more (ms since 1970-01-01T00:00:00Z)");
            }
            StartUnixMs = startUnixMs;
            TimeKnown = timeKnown;
        }

        /// <summary>True UTC time at monotonic time 0, ms since the Unix epoch.</summary>
        public long StartUnixMs { get; }

        /// <inheritdoc />
        public long MonotonicMs => _monotonicMs;

        /// <summary>The simulation's true UTC time now, ms since the Unix epoch (what the models use).</summary>
        public long TrueUnixTimeMs => StartUnixMs + _monotonicMs;

        /// <summary>Offset of the node's wall clock from the true time, ms (0 unless a clock jump was injected).</summary>
        public long WallOffsetMs { get; private set; }

        /// <summary>
        /// Whether the node knows the wall-clock time (SNTP answered or GNSS time was read). While false,
        /// <see cref="TryGetUnixTimeMs"/> returns false and the core waits before sampling.
        /// </summary>
        public bool TimeKnown { get; set; }

        /// <summary>Number of clock jumps injected with <see cref="SetWallOffset"/>.</summary>
        public int WallJumps { get; private set; }

        /// <summary>Sets the monotonic time.</summary>
        /// <exception cref="ArgumentOutOfRangeException">When <paramref name="monotonicMs"/> is below the current value (a monotonic clock never goes back).</exception>
        public void SetMonotonicMs(long monotonicMs)
        {
            if (monotonicMs < _monotonicMs)
            {
                throw new ArgumentOutOfRangeException(nameof(monotonicMs), monotonicMs,
                    "monotonic time must not go backwards: it is " + _monotonicMs + " ms, was asked to become " + monotonicMs + " ms");
            }
            _monotonicMs = monotonicMs;
        }

        /// <summary>Moves the clock forward by <paramref name="elapsedMs"/>.</summary>
        /// <exception cref="ArgumentOutOfRangeException">When <paramref name="elapsedMs"/> is negative.</exception>
        public void Advance(long elapsedMs)
        {
            if (elapsedMs < 0)
            {
                throw new ArgumentOutOfRangeException(nameof(elapsedMs), elapsedMs, "elapsedMs must be 0 or more");
            }
            _monotonicMs += elapsedMs;
        }

        /// <summary>Sets the monotonic time so that the true UTC time becomes <paramref name="trueUnixMs"/>.</summary>
        /// <exception cref="ArgumentOutOfRangeException">When that would move the clock backwards.</exception>
        public void SetTrueUnixTimeMs(long trueUnixMs) => SetMonotonicMs(trueUnixMs - StartUnixMs);

        /// <summary>
        /// Makes the node's wall clock run <paramref name="offsetMs"/> ahead (positive) or behind (negative) of the
        /// true time from now on: a clock jump, as after a wrong SNTP answer or an RTC fault.
        /// </summary>
        public void SetWallOffset(long offsetMs)
        {
            WallOffsetMs = offsetMs;
            WallJumps++;
        }

        /// <inheritdoc />
        public bool TryGetUnixTimeMs(out long unixTimeMs)
        {
            if (!TimeKnown)
            {
                unixTimeMs = 0;
                return false;
            }
            unixTimeMs = TrueUnixTimeMs + WallOffsetMs;
            return true;
        }
    }
}
