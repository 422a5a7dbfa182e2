using System;
using System.Collections.Generic;
using System.Data;
using System.Data.Common;
using System.Globalization;
using System.Threading;
using System.Threading.Tasks;

namespace Gateway.Ingest.Storage;

/// <summary>
/// Read-only queries the HTTP API and the dashboard need beyond <see cref="IReadingStore"/>: the latest value of each metric,
/// the alarms currently raised and the number of stored readings. Implemented by <see cref="SqlReadingStore"/>; the HTTP API
/// falls back to slower or coarser answers for stores without it.
/// </summary>
public interface IDashboardQueries
{
    /// <summary>
    /// The newest measurement (by device time, then sequence) of every metric of <paramref name="device"/>, ordered by metric;
    /// empty for an unknown device. Alarm events are not measurements and are not included.
    /// </summary>
    Task<IReadOnlyList<StoredReading>> LatestMeasurementsAsync(string device, CancellationToken cancellationToken = default);

    /// <summary>
    /// <see cref="LatestMeasurementsAsync(string, CancellationToken)"/> for several devices at once (one connection, one
    /// prepared statement): an entry per requested device, empty for unknown ones.
    /// </summary>
    Task<IReadOnlyDictionary<string, IReadOnlyList<StoredReading>>> LatestMeasurementsAsync(IReadOnlyCollection<string> devices, CancellationToken cancellationToken = default);

    /// <summary>
    /// Alarms currently raised, newest first: for each (device, metric, kind), the latest event by sequence when it raised
    /// the alarm. Of one device, or of all when <paramref name="device"/> is null.
    /// </summary>
    Task<IReadOnlyList<StoredAlarm>> ActiveAlarmsAsync(string? device, CancellationToken cancellationToken = default);

    /// <summary>Rows in the readings table now (after retention and deletions).</summary>
    Task<long> CountReadingsAsync(CancellationToken cancellationToken = default);
}

public abstract partial class SqlReadingStore : IDashboardQueries
{
    /// <inheritdoc />
    /// <remarks>
    /// A loose index scan over <c>readings_by_metric_time (device, metric, device_time_ms)</c>: the recursive part walks
    /// the device's distinct metrics one index seek each, and the newest time of each is one more seek, so the cost grows
    /// with the number of metrics, not of readings (a plain <c>GROUP BY</c> would read every row of the device).
    /// <c>CROSS JOIN</c> keeps SQLite from scanning the device's readings first (it takes the written order of a cross
    /// join as given; without <c>ANALYZE</c> statistics it otherwise guesses wrong, 10 to 50 times slower); PostgreSQL
    /// plans it as an ordinary join.
    /// </remarks>
    public async Task<IReadOnlyList<StoredReading>> LatestMeasurementsAsync(string device, CancellationToken cancellationToken = default)
    {
        RequireText(device, nameof(device));
        IReadOnlyDictionary<string, IReadOnlyList<StoredReading>> latest =
            await LatestMeasurementsAsync(new[] { device }, cancellationToken).ConfigureAwait(false);
        return latest[device];
    }

    /// <inheritdoc />
    public async Task<IReadOnlyDictionary<string, IReadOnlyList<StoredReading>>> LatestMeasurementsAsync(
        IReadOnlyCollection<string> devices, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(devices);
        foreach (string device in devices)
        {
            RequireText(device, nameof(devices));
        }
        var result = new Dictionary<string, IReadOnlyList<StoredReading>>(StringComparer.Ordinal);
        if (devices.Count == 0)
        {
            return result;
        }
        await using DbConnection connection = await ReaderAsync(cancellationToken).ConfigureAwait(false);
        await using DbCommand command = Command(connection, null, """
            WITH RECURSIVE m(metric) AS (
                SELECT MIN(metric) FROM readings WHERE device = @device
                UNION ALL
                SELECT (SELECT MIN(n.metric) FROM readings n WHERE n.device = @device AND n.metric > m.metric)
                FROM m WHERE m.metric IS NOT NULL),
            latest(metric, newest) AS (
                SELECT metric, (SELECT MAX(x.device_time_ms) FROM readings x WHERE x.device = @device AND x.metric = m.metric)
                FROM m WHERE m.metric IS NOT NULL)
            SELECT r.tenant, r.device, r.seq, r.metric, r.unit, r.kind, r.value, r.value_bool, r.value_text, r.device_time_ms, r.received_ms
            FROM latest CROSS JOIN readings r
            WHERE r.device = @device AND r.metric = latest.metric AND r.device_time_ms = latest.newest AND r.kind = 'measurement'
            ORDER BY r.metric, r.seq DESC
            """);
        DbParameter parameter = Add(command, "@device", DbType.String);
        await command.PrepareAsync(cancellationToken).ConfigureAwait(false);
        foreach (string device in devices)
        {
            if (result.ContainsKey(device))
            {
                continue;
            }
            parameter.Value = device;
            List<StoredReading> rows = await ReadAllAsync(command, ReadReading, cancellationToken).ConfigureAwait(false);
            // Readings of one metric at the same device time: keep the highest sequence (the first of its metric here).
            var latest = new List<StoredReading>(rows.Count);
            foreach (StoredReading row in rows)
            {
                if (latest.Count == 0 || !string.Equals(latest[^1].Metric, row.Metric, StringComparison.Ordinal))
                {
                    latest.Add(row);
                }
            }
            result[device] = latest;
        }
        return result;
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<StoredAlarm>> ActiveAlarmsAsync(string? device, CancellationToken cancellationToken = default)
    {
        if (device != null)
        {
            RequireText(device, nameof(device));
        }
        await using DbConnection connection = await ReaderAsync(cancellationToken).ConfigureAwait(false);
        // Latest by sequence, not device time: sequences are per device, strictly increasing and survive reboots and clock
        // corrections, so "the next event of the same alarm" is the one with a higher sequence.
        await using DbCommand command = Command(connection, null, $"""
            SELECT a.tenant, a.device, a.seq, a.metric, a.kind, a.raised, a.device_time_ms, a.received_ms
            FROM alarms a
            WHERE a.raised = 1{(device == null ? "" : " AND a.device = @device")}
              AND NOT EXISTS (SELECT 1 FROM alarms b
                              WHERE b.device = a.device AND b.seq > a.seq AND b.metric = a.metric AND b.kind = a.kind)
            ORDER BY a.device_time_ms DESC, a.device, a.seq DESC
            """);
        if (device != null)
        {
            Add(command, "@device", DbType.String, device);
        }
        return await ReadAllAsync(command, r => new StoredAlarm(
            r.GetString(0), r.GetString(1), r.GetInt64(2), r.GetString(3), r.GetString(4), r.GetInt64(5) != 0, r.GetInt64(6), r.GetInt64(7)),
            cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<long> CountReadingsAsync(CancellationToken cancellationToken = default)
    {
        await using DbConnection connection = await ReaderAsync(cancellationToken).ConfigureAwait(false);
        await using DbCommand command = Command(connection, null, "SELECT COUNT(*) FROM readings");
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), CultureInfo.InvariantCulture);
    }
}
