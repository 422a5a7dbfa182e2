using System;
using System.Collections.Generic;

namespace Gateway.Ingest.Hosting;

/// <summary>How the ingestion service runs: where its state lives, which store and broker it uses, where its API listens.</summary>
public sealed class IngestHostOptions
{
    /// <summary>Installation state folder (fleet PKI, SQLite file). Created when missing.</summary>
    public string StateDirectory { get; init; } = ".gateway";

    /// <summary>
    /// Store: null or <c>sqlite:PATH</c> for SQLite (default <c>{state}/ingest.db</c>), or <c>postgres://user@host:port/db</c> for PostgreSQL.
    /// </summary>
    public string? Store { get; init; }

    /// <summary>Run the embedded TLS broker (default). False to connect to an external broker given by <see cref="Broker"/>.</summary>
    public bool EmbeddedBroker { get; init; } = true;

    /// <summary>Port of the embedded broker: 1..65535, or 0 for a free port.</summary>
    public int BrokerPort { get; init; } = 8883;

    /// <summary>External broker as <c>mqtts://host:port</c> (only with <see cref="EmbeddedBroker"/> false).</summary>
    public Uri? Broker { get; init; }

    /// <summary>
    /// PEM file of the CA that issued an external broker's server certificate, when it is not the fleet CA (clients and
    /// devices still authenticate with fleet certificates, so the broker must trust the fleet CA for client certificates).
    /// </summary>
    public string? BrokerCaPath { get; init; }

    /// <summary>MQTT 5 shared-subscription group for several instances on one external broker; null for none.</summary>
    public string? SharedGroup { get; init; }

    /// <summary>Identity (certificate CN) of this ingestion instance, e.g. <c>ingest-1</c>.</summary>
    public string ServiceIdentity { get; init; } = "ingest-1";

    /// <summary>HTTP API and dashboard address, e.g. <c>http://127.0.0.1:8080</c>; port 0 picks a free port; null disables HTTP.</summary>
    public string? HttpUrl { get; init; } = "http://127.0.0.1:8080";

    /// <summary>Readings older than this many days are deleted (retention policy): 1..36500.</summary>
    public int RetentionDays { get; init; } = 365;

    /// <summary>Audit entries are kept at least this many days: 180..36500.</summary>
    public int AuditRetentionDays { get; init; } = 180;

    /// <summary>Coarsen stored positions of logistics nodes to this many decimal places (0..7), or null to keep them as sent.</summary>
    public int? CoarsenPositionDecimals { get; init; }

    /// <summary>Throws an <see cref="ArgumentException"/> naming every field that is not accepted and what is.</summary>
    public void Validate()
    {
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(StateDirectory))
        {
            errors.Add("state: a folder path is required");
        }
        if (BrokerPort < 0 || BrokerPort > 65535)
        {
            errors.Add($"broker port {BrokerPort}: must be from 1 to 65535, or 0 for a free port");
        }
        if (!EmbeddedBroker && (Broker == null || Broker.Scheme != "mqtts" || Broker.Port <= 0))
        {
            errors.Add($"broker '{Broker}': must be mqtts://host:port (TLS only)");
        }
        if (BrokerCaPath != null && !System.IO.File.Exists(BrokerCaPath))
        {
            errors.Add($"broker CA '{BrokerCaPath}': file not found (a PEM certificate is expected)");
        }
        if (Store != null && !Store.StartsWith("sqlite:", StringComparison.Ordinal) && !Store.StartsWith("postgres://", StringComparison.Ordinal)
            && !Store.StartsWith("postgresql://", StringComparison.Ordinal))
        {
            errors.Add($"store '{Store}': must be sqlite:PATH or postgres://user@host:port/database");
        }
        if (RetentionDays < 1 || RetentionDays > 36500)
        {
            errors.Add($"retention days {RetentionDays}: must be from 1 to 36500");
        }
        if (AuditRetentionDays < 180 || AuditRetentionDays > 36500)
        {
            errors.Add($"audit retention days {AuditRetentionDays}: must be from 180 to 36500 (log-retention duty)");
        }
        if (CoarsenPositionDecimals is < 0 or > 7)
        {
            errors.Add($"coarsen positions {CoarsenPositionDecimals}: must be from 0 to 7 decimal places");
        }
        if (HttpUrl != null && (!Uri.TryCreate(HttpUrl, UriKind.Absolute, out var http) || http.Scheme != "http"))
        {
            errors.Add($"http '{HttpUrl}': must be http://address:port (bind to 127.0.0.1 unless a reverse proxy terminates TLS)");
        }
        if (errors.Count > 0)
        {
            throw new ArgumentException(string.Join("; ", errors));
        }
    }
}
