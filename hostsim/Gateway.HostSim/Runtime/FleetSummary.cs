using System.Text.Json.Serialization;

namespace Gateway.HostSim.Runtime;

/// <summary>What a live run did, printed at the end and written by <c>--summary-json</c>.</summary>
public sealed record FleetSummary
{
    /// <summary>Scenario name.</summary>
    [JsonPropertyName("scenario")] public string Scenario { get; init; } = "";
    /// <summary>Virtual devices.</summary>
    [JsonPropertyName("devices")] public int Devices { get; init; }
    /// <summary>Seconds the fleet ran (without the drain).</summary>
    [JsonPropertyName("duration_s")] public double DurationSeconds { get; init; }
    /// <summary>Measurements the nodes sampled and wrote to flash.</summary>
    [JsonPropertyName("readings_sampled")] public long ReadingsSampled { get; init; }
    /// <summary>Records (measurements and alarm events) written before the end of the run, that had to arrive.</summary>
    [JsonPropertyName("records_expected")] public long RecordsExpected { get; init; }
    /// <summary>Of those, records stored by ingestion.</summary>
    [JsonPropertyName("readings_stored")] public long ReadingsStored { get; init; }
    /// <summary>Records stored more than once (must be 0).</summary>
    [JsonPropertyName("stored_twice")] public long StoredTwice { get; init; }
    /// <summary>Records written but neither stored nor reported evicted (must be 0).</summary>
    [JsonPropertyName("missing")] public long Missing { get; init; }
    /// <summary>Records the nodes evicted unsent (buffer full) and reported.</summary>
    [JsonPropertyName("evicted")] public long Evicted { get; init; }
    /// <summary>Messages quarantined by validation.</summary>
    [JsonPropertyName("rejected")] public long Rejected { get; init; }
    /// <summary>Alarm events stored.</summary>
    [JsonPropertyName("alarms")] public long Alarms { get; init; }
    /// <summary>MQTT messages committed by ingestion per second.</summary>
    [JsonPropertyName("messages_per_s")] public double MessagesPerSecond { get; init; }
    /// <summary>Median time from sampling (device time) to storage (receive time), ms.</summary>
    [JsonPropertyName("latency_p50_ms")] public double LatencyP50Ms { get; init; }
    /// <summary>99th percentile of that time, ms.</summary>
    [JsonPropertyName("latency_p99_ms")] public double LatencyP99Ms { get; init; }
    /// <summary>Node reboots (power-loss faults, sleep, reboot commands).</summary>
    [JsonPropertyName("reboots")] public long Reboots { get; init; }

    /// <summary>True when nothing written is missing and nothing is stored twice.</summary>
    [JsonIgnore] public bool Complete => Missing == 0 && StoredTwice == 0;
}
