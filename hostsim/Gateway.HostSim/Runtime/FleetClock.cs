using System.Diagnostics;
using Gateway.Firmware.Core.Platform;

namespace Gateway.HostSim.Runtime;

/// <summary>
/// Real time for a live fleet: one shared stopwatch for monotonic time and the host's UTC clock for wall time, shifted
/// per node by <see cref="WallOffsetMs"/> so that clock faults can be injected.
/// </summary>
public sealed class FleetClock : IClock
{
    private static readonly Stopwatch s_stopwatch = Stopwatch.StartNew();
    private readonly long _bootMs;

    /// <summary>Creates a node clock whose monotonic time starts at 0 now (the node's boot).</summary>
    public FleetClock()
    {
        _bootMs = s_stopwatch.ElapsedMilliseconds;
    }

    /// <summary>Shared monotonic time of the process, ms.</summary>
    public static long ProcessMs => s_stopwatch.ElapsedMilliseconds;

    /// <summary>Shift of this node's wall clock, ms (clock-jump faults).</summary>
    public long WallOffsetMs { get; set; }

    /// <inheritdoc/>
    public long MonotonicMs => s_stopwatch.ElapsedMilliseconds - _bootMs;

    /// <inheritdoc/>
    public bool TryGetUnixTimeMs(out long unixTimeMs)
    {
        unixTimeMs = System.DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() + WallOffsetMs;
        return true;
    }
}
