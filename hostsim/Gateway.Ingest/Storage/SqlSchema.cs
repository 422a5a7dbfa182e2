using System.Collections.Generic;

namespace Gateway.Ingest.Storage;

/// <summary>
/// The schema as an ordered list of migrations. Version N is reached by running migrations 1..N, each in its own
/// transaction together with its row in <c>schema_version</c>. Never edit a released migration; append a new one.
/// </summary>
internal static class SqlSchema
{
    public static IReadOnlyList<string[]> Migrations(SqlDialect d) => new[]
    {
        // 1: initial schema.
        new[]
        {
            """
            CREATE TABLE readings (
                tenant TEXT NOT NULL,
                device TEXT NOT NULL,
                seq BIGINT NOT NULL,
                metric TEXT NOT NULL,
                unit TEXT,
                kind TEXT NOT NULL,
                value DOUBLE PRECISION NOT NULL,
                value_bool BIGINT,
                value_text TEXT,
                device_time_ms BIGINT NOT NULL,
                received_ms BIGINT NOT NULL,
                PRIMARY KEY (device, seq))
            """,
            "CREATE INDEX readings_by_metric_time ON readings (device, metric, device_time_ms)",
            "CREATE INDEX readings_by_time ON readings (device_time_ms)",
            """
            CREATE TABLE alarms (
                tenant TEXT NOT NULL,
                device TEXT NOT NULL,
                seq BIGINT NOT NULL,
                metric TEXT NOT NULL,
                kind TEXT NOT NULL,
                raised BIGINT NOT NULL,
                device_time_ms BIGINT NOT NULL,
                received_ms BIGINT NOT NULL,
                PRIMARY KEY (device, seq))
            """,
            "CREATE INDEX alarms_by_time ON alarms (device_time_ms)",
            $"""
            CREATE TABLE quarantine (
                id {d.IdentityPrimaryKey},
                received_ms BIGINT NOT NULL,
                topic TEXT NOT NULL,
                tenant TEXT,
                device TEXT,
                reason TEXT NOT NULL,
                detail TEXT NOT NULL,
                payload {d.BlobType} NOT NULL,
                payload_size BIGINT NOT NULL,
                first_seq BIGINT,
                last_seq BIGINT)
            """,
            "CREATE INDEX quarantine_by_time ON quarantine (received_ms)",
            "CREATE INDEX quarantine_by_device ON quarantine (device, received_ms)",
            """
            CREATE TABLE device_state (
                device TEXT NOT NULL PRIMARY KEY,
                tenant TEXT NOT NULL,
                kind TEXT,
                first_seen_ms BIGINT NOT NULL,
                last_seen_ms BIGINT NOT NULL,
                contiguous_through BIGINT NOT NULL DEFAULT 0,
                max_seq BIGINT NOT NULL DEFAULT 0,
                floor BIGINT NOT NULL DEFAULT 0,
                gaps BIGINT NOT NULL DEFAULT 0,
                evicted BIGINT NOT NULL DEFAULT 0,
                stored BIGINT NOT NULL DEFAULT 0,
                duplicates BIGINT NOT NULL DEFAULT 0,
                battery DOUBLE PRECISION,
                buffer_depth BIGINT,
                last_status TEXT,
                last_status_ms BIGINT,
                last_reply TEXT,
                last_reply_ms BIGINT)
            """,
            $"""
            CREATE TABLE gaps (
                id {d.IdentityPrimaryKey},
                device TEXT NOT NULL,
                from_seq BIGINT NOT NULL,
                to_seq BIGINT NOT NULL,
                first_seen_ms BIGINT NOT NULL,
                reason TEXT NOT NULL,
                filled_ms BIGINT)
            """,
            "CREATE INDEX gaps_open ON gaps (device, from_seq) WHERE filled_ms IS NULL",
            "CREATE INDEX gaps_by_device ON gaps (device, from_seq)",
            $"""
            CREATE TABLE audit (
                id {d.IdentityPrimaryKey},
                time_ms BIGINT NOT NULL,
                kind TEXT NOT NULL,
                subject TEXT,
                remote TEXT,
                detail TEXT NOT NULL)
            """,
            "CREATE INDEX audit_by_time ON audit (time_ms)",
            "CREATE TABLE counters (name TEXT NOT NULL PRIMARY KEY, value BIGINT NOT NULL)",
        },
    };

    public const string CreateVersionTable =
        "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL PRIMARY KEY, applied_ms BIGINT NOT NULL)";
}
