using System;

namespace Gateway.HostSim.Runtime;

/// <summary>Options of a live fleet run (<c>gateway run</c>).</summary>
public sealed class FleetRunOptions
{
    /// <summary>State folder: fleet PKI, SQLite store, node flash files and configs.</summary>
    public string StateDirectory { get; init; } = ".gateway";

    /// <summary>Scenario name (from seeds/) or JSON file path.</summary>
    public string Scenario { get; init; } = "hebei-air-quality";

    /// <summary>Node count override, or null for the scenario's own fleet.</summary>
    public int? Devices { get; init; }

    /// <summary>Run this long, then drain and summarise; null runs until Ctrl+C.</summary>
    public TimeSpan? Duration { get; init; }

    /// <summary>External broker (<c>mqtts://host:port</c>) instead of the embedded one.</summary>
    public Uri? Broker { get; init; }

    /// <summary>PEM of the CA that issued the external broker's certificate, when not the fleet CA.</summary>
    public string? BrokerCaPath { get; init; }

    /// <summary>MQTT 5 shared-subscription group for ingestion on an external broker (e.g. <c>ingest</c>), or null.</summary>
    public string? SharedGroup { get; init; }

    /// <summary>Embedded broker port (0 = free port).</summary>
    public int BrokerPort { get; init; } = 8883;

    /// <summary>HTTP API and dashboard address, or null for none.</summary>
    public string? HttpUrl { get; init; } = "http://127.0.0.1:8080";

    /// <summary>Store override (sqlite:PATH or postgres://…).</summary>
    public string? Store { get; init; }

    /// <summary>Write the summary as JSON to this file.</summary>
    public string? SummaryJsonPath { get; init; }

    /// <summary>Scheduler threads.</summary>
    public int Workers { get; init; } = Math.Clamp(System.Environment.ProcessorCount, 1, 4);

    /// <summary>Show the live console view (off when output is redirected).</summary>
    public bool LiveView { get; init; } = !Console.IsOutputRedirected;

    /// <summary>Longest wait after the duration for readings in flight to be confirmed.</summary>
    public TimeSpan DrainTimeout { get; init; } = TimeSpan.FromSeconds(60);
}
