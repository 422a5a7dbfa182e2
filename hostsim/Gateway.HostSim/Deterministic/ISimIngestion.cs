using System.Collections.Generic;

namespace Gateway.HostSim.Deterministic;

/// <summary>A message on the simulated network.</summary>
public sealed record SimMessage(string Topic, byte[] Payload);

/// <summary>A reading as ingestion stored it.</summary>
public sealed record SimStoredReading(long Sequence, string Metric, double? Value, bool? BoolValue, long DeviceTimeMs);

/// <summary>
/// The ingestion side of a deterministic run: takes uplinks that arrived at one instant, commits them, and returns the
/// downlinks (acks, re-send requests) to publish. Must be deterministic and single-threaded.
/// </summary>
public interface ISimIngestion
{
    /// <summary>Processes uplinks that arrived at <paramref name="nowUnixMs"/>; returns downlinks to publish.</summary>
    IReadOnlyList<SimMessage> Process(IReadOnlyList<SimMessage> uplinks, long nowUnixMs);

    /// <summary>Everything stored for a device, in sequence order.</summary>
    IReadOnlyList<SimStoredReading> Stored(string deviceId);

    /// <summary>Messages refused by validation (quarantined) so far.</summary>
    long Quarantined { get; }
}
