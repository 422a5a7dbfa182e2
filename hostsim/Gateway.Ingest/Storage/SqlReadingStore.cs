using System;
using System.Collections.Generic;
using System.Data;
using System.Data.Common;
using System.Globalization;
using System.IO;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Gateway.Ingest.Audit;

namespace Gateway.Ingest.Storage;

/// <summary>
/// <see cref="IReadingStore"/> over ADO.NET with SQL common to SQLite and PostgreSQL; the differences are in
/// <see cref="SqlDialect"/>. A concrete store supplies connections (<see cref="OpenConnectionAsync"/>) and per-connection
/// settings (<see cref="ConfigureWriterAsync"/>).
/// </summary>
/// <remarks>
/// <para><b>Writes</b> go through one long-lived writer connection, serialized by a lock, each call in one transaction whose
/// commands are prepared once and reused for every row. <b>Reads</b> open their own (pooled) connection, so queries do not
/// wait for writes (SQLite WAL, PostgreSQL MVCC).</para>
/// <para><b>De-duplication</b>: readings and alarms are inserted with <c>ON CONFLICT (device, seq) DO NOTHING</c>; the
/// affected-row count (SQLite <c>changes()</c>) tells stored from replayed.</para>
/// <para><b>Confirmation</b>: after the inserts, the device's gap rows are updated (see <c>SequenceTracker</c>) and
/// <c>device_state.contiguous_through</c> is the highest sequence with nothing missing below it — what ingestion confirms.</para>
/// </remarks>
public abstract partial class SqlReadingStore : IReadingStore
{
    /// <summary>Audit entries are kept at least this many days (the retention duty for connection and access logs).</summary>
    public const int MinimumAuditRetentionDays = 180;

    private static readonly HashSet<string> s_environmentalMetrics = new(StringComparer.Ordinal)
    {
        "temp", "rh", "press", "pm1", "pm2_5", "pm10", "co2", "tvoc", "noise", "lux",
    };

    private static readonly HashSet<string> s_logisticsMetrics = new(StringComparer.Ordinal)
    {
        "lat", "lon", "alt", "speed", "course", "fix", "sats", "gnss", "accel", "tilt", "door", "cargo_temp",
    };

    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private readonly SqlAuditLog _audit;
    private DbConnection? _writer;
    private bool _initialized;
    private bool _disposed;

    /// <summary>Creates the store; call <see cref="InitializeAsync"/> before use.</summary>
    protected SqlReadingStore(SqlDialect dialect, TimeProvider? timeProvider)
    {
        Dialect = dialect ?? throw new ArgumentNullException(nameof(dialect));
        Time = timeProvider ?? TimeProvider.System;
        _audit = new SqlAuditLog(this);
    }

    /// <summary>The SQL dialect.</summary>
    protected SqlDialect Dialect { get; }

    /// <summary>Clock for audit times and retention cut-offs.</summary>
    protected TimeProvider Time { get; }

    /// <inheritdoc />
    public IAuditLog AuditLog => _audit;

    /// <summary>Audit events refused because the queue was full (100000 waiting).</summary>
    public long AuditEventsDropped => _audit.Dropped;

    /// <summary>Audit batches that could not be written (each also traced).</summary>
    public long AuditWriteFailures => _audit.WriteFailures;

    /// <summary>Opens a new connection (pooled where the provider pools) ready for commands.</summary>
    protected abstract Task<DbConnection> OpenConnectionAsync(CancellationToken cancellationToken);

    /// <summary>Applies settings to the writer connection (SQLite: WAL, synchronous=FULL).</summary>
    protected virtual Task ConfigureWriterAsync(DbConnection connection, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Releases provider resources after the writer is closed (SQLite: clears the pool so the file is closed).</summary>
    protected virtual ValueTask DisposeCoreAsync() => ValueTask.CompletedTask;

    /// <inheritdoc />
    public async Task InitializeAsync(CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        await _writeLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            DbConnection connection = await WriterAsync(cancellationToken).ConfigureAwait(false);
            await ExecuteAsync(connection, null, SqlSchema.CreateVersionTable, cancellationToken).ConfigureAwait(false);
            long current;
            await using (DbCommand command = Command(connection, null, "SELECT COALESCE(MAX(version), 0) FROM schema_version"))
            {
                current = Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), CultureInfo.InvariantCulture);
            }
            IReadOnlyList<string[]> migrations = SqlSchema.Migrations(Dialect);
            if (current > migrations.Count)
            {
                throw new InvalidOperationException(
                    $"the database schema is version {current}, newer than this software understands ({migrations.Count}); upgrade the ingestion service");
            }
            for (int version = (int)current + 1; version <= migrations.Count; version++)
            {
                await using DbTransaction transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
                foreach (string statement in migrations[version - 1])
                {
                    await ExecuteAsync(connection, transaction, statement, cancellationToken).ConfigureAwait(false);
                }
                await using (DbCommand record = Command(connection, transaction, "INSERT INTO schema_version (version, applied_ms) VALUES (@version, @now)"))
                {
                    Add(record, "@version", DbType.Int64, (long)version);
                    Add(record, "@now", DbType.Int64, NowMs());
                    await record.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                }
                await transaction.CommitAsync(CancellationToken.None).ConfigureAwait(false);
            }
            _initialized = true;
        }
        finally
        {
            _writeLock.Release();
        }
        _audit.Start();
    }

    /// <summary>Current schema version (0 before <see cref="InitializeAsync"/> created it).</summary>
    public async Task<int> GetSchemaVersionAsync(CancellationToken cancellationToken = default)
    {
        await using DbConnection connection = await ReaderAsync(cancellationToken).ConfigureAwait(false);
        await using DbCommand command = Command(connection, null, "SELECT COALESCE(MAX(version), 0) FROM schema_version");
        return Convert.ToInt32(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), CultureInfo.InvariantCulture);
    }

    /// <summary>Writes every audit event recorded so far.</summary>
    public Task FlushAuditAsync() => _audit.FlushAsync();

    // ---------------------------------------------------------------- batch write

    /// <inheritdoc />
    public Task<StoreBatchResult> StoreBatchAsync(IReadOnlyList<IngestMessage> messages, CancellationToken cancellationToken = default) =>
        StoreBatchAsync(new IngestBatch { Messages = messages ?? throw new ArgumentNullException(nameof(messages)) }, cancellationToken);

    /// <inheritdoc />
    public Task QuarantineAsync(QuarantineEntry entry, CancellationToken cancellationToken = default) =>
        StoreBatchAsync(new IngestBatch { Quarantined = new[] { entry ?? throw new ArgumentNullException(nameof(entry)) } }, cancellationToken);

    /// <inheritdoc />
    public Task UpsertStatusAsync(StatusUpdate status, CancellationToken cancellationToken = default) =>
        StoreBatchAsync(new IngestBatch { Statuses = new[] { status ?? throw new ArgumentNullException(nameof(status)) } }, cancellationToken);

    /// <inheritdoc />
    public Task<StoreBatchResult> StoreBatchAsync(IngestBatch batch, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(batch);
        CheckBatch(batch);
        long now = batch.NowUnixMs != 0 ? batch.NowUnixMs : NowMs();
        if (batch.IsEmpty)
        {
            return Task.FromResult(new StoreBatchResult(Array.Empty<DeviceStoreResult>(), 0, 0, 0));
        }
        return WriteAsync((connection, transaction) => StoreBatchCoreAsync(connection, transaction, batch, now, cancellationToken), cancellationToken);
    }

    private static void CheckBatch(IngestBatch batch)
    {
        foreach (IngestMessage message in batch.Messages)
        {
            if (message == null || string.IsNullOrEmpty(message.Device) || string.IsNullOrEmpty(message.Tenant) || message.Readings == null)
            {
                throw new ArgumentException("every IngestMessage needs Tenant, Device and Readings", nameof(batch));
            }
        }
        foreach (QuarantineEntry entry in batch.Quarantined)
        {
            if (entry == null || entry.Topic == null || string.IsNullOrEmpty(entry.Reason) || entry.Detail == null)
            {
                throw new ArgumentException("every QuarantineEntry needs Topic, Reason and Detail", nameof(batch));
            }
        }
        foreach (StatusUpdate status in batch.Statuses)
        {
            if (status == null || string.IsNullOrEmpty(status.Device) || string.IsNullOrEmpty(status.Tenant) || status.StatusJson == null)
            {
                throw new ArgumentException("every StatusUpdate needs Tenant, Device and StatusJson", nameof(batch));
            }
        }
        foreach (DeviceReply reply in batch.Replies)
        {
            if (reply == null || string.IsNullOrEmpty(reply.Device) || string.IsNullOrEmpty(reply.Tenant) || reply.Text == null)
            {
                throw new ArgumentException("every DeviceReply needs Tenant, Device and Text", nameof(batch));
            }
        }
    }

    private sealed class DeviceWork
    {
        public DeviceWork(string device, string tenant)
        {
            Device = device;
            Tenant = tenant;
        }

        public readonly string Device;
        public string Tenant;
        public long LastSeenMs = long.MinValue;
        public long Floor;
        public readonly List<IngestMessage> Messages = new();
        public readonly List<long> Settled = new();
    }

    private async Task<StoreBatchResult> StoreBatchCoreAsync(DbConnection c, DbTransaction tx, IngestBatch batch, long now, CancellationToken ct)
    {
        var counters = new Dictionary<string, long>(StringComparer.Ordinal);

        // Quarantine.
        if (batch.Quarantined.Count > 0)
        {
            await using DbCommand insert = Command(c, tx, """
                INSERT INTO quarantine (received_ms, topic, tenant, device, reason, detail, payload, payload_size, first_seq, last_seq)
                VALUES (@received, @topic, @tenant, @device, @reason, @detail, @payload, @size, @first, @last)
                """);
            DbParameter received = Add(insert, "@received", DbType.Int64);
            DbParameter topic = Add(insert, "@topic", DbType.String);
            DbParameter tenant = Add(insert, "@tenant", DbType.String);
            DbParameter device = Add(insert, "@device", DbType.String);
            DbParameter reason = Add(insert, "@reason", DbType.String);
            DbParameter detail = Add(insert, "@detail", DbType.String);
            DbParameter payload = Add(insert, "@payload", DbType.Binary);
            DbParameter size = Add(insert, "@size", DbType.Int64);
            DbParameter first = Add(insert, "@first", DbType.Int64);
            DbParameter last = Add(insert, "@last", DbType.Int64);
            await insert.PrepareAsync(ct).ConfigureAwait(false);
            foreach (QuarantineEntry entry in batch.Quarantined)
            {
                int kept = Math.Min(entry.Payload.Length, QuarantineEntry.MaxStoredPayloadBytes);
                received.Value = entry.ReceivedUnixMs;
                topic.Value = Cut(entry.Topic, 1024);
                tenant.Value = (object?)entry.Tenant ?? DBNull.Value;
                device.Value = (object?)entry.Device ?? DBNull.Value;
                reason.Value = entry.Reason;
                detail.Value = Cut(entry.Detail, 4000) + (kept < entry.Payload.Length ? $" [payload cut to its first {kept} of {entry.Payload.Length} bytes]" : "");
                payload.Value = entry.Payload.Slice(0, kept).ToArray();
                size.Value = (long)entry.Payload.Length;
                first.Value = entry.SettledSequences.Count > 0 ? Min(entry.SettledSequences) : DBNull.Value;
                last.Value = entry.SettledSequences.Count > 0 ? Max(entry.SettledSequences) : DBNull.Value;
                await insert.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
                Count(counters, "quarantined");
                Count(counters, "quarantined." + entry.Reason);
            }
        }

        // Group the sequenced traffic per device, keeping first-seen order.
        var order = new List<DeviceWork>();
        var byDevice = new Dictionary<string, DeviceWork>(StringComparer.Ordinal);
        DeviceWork Work(string device, string tenant)
        {
            if (!byDevice.TryGetValue(device, out DeviceWork? work))
            {
                work = new DeviceWork(device, tenant);
                byDevice.Add(device, work);
                order.Add(work);
            }
            return work;
        }
        foreach (IngestMessage message in batch.Messages)
        {
            DeviceWork work = Work(message.Device, message.Tenant);
            work.Tenant = message.Tenant;
            work.Messages.Add(message);
            work.LastSeenMs = Math.Max(work.LastSeenMs, message.ReceivedUnixMs);
            work.Floor = Math.Max(work.Floor, message.Floor ?? 0);
        }
        foreach (QuarantineEntry entry in batch.Quarantined)
        {
            if (entry.Device != null && entry.Tenant != null && entry.SettledSequences.Count > 0)
            {
                DeviceWork work = Work(entry.Device, entry.Tenant);
                work.Settled.AddRange(entry.SettledSequences);
                work.LastSeenMs = Math.Max(work.LastSeenMs, entry.ReceivedUnixMs);
                work.Floor = Math.Max(work.Floor, entry.Floor ?? 0);
            }
        }

        var results = new List<DeviceStoreResult>(order.Count);
        if (order.Count > 0)
        {
            await using var commands = new BatchCommands(this, c, tx);
            await commands.PrepareAsync(ct).ConfigureAwait(false);
            foreach (DeviceWork work in order)
            {
                results.Add(await StoreDeviceAsync(commands, work, now, counters, ct).ConfigureAwait(false));
            }
        }

        // Statuses and replies.
        if (batch.Statuses.Count > 0)
        {
            await using DbCommand upsert = Command(c, tx, """
                INSERT INTO device_state (device, tenant, first_seen_ms, last_seen_ms, last_status, last_status_ms, buffer_depth)
                VALUES (@device, @tenant, @seen, @seen, @status, @seen, @depth)
                ON CONFLICT (device) DO UPDATE SET
                    tenant = excluded.tenant,
                    last_seen_ms = CASE WHEN excluded.last_seen_ms > device_state.last_seen_ms THEN excluded.last_seen_ms ELSE device_state.last_seen_ms END,
                    last_status = excluded.last_status,
                    last_status_ms = excluded.last_status_ms,
                    buffer_depth = COALESCE(excluded.buffer_depth, device_state.buffer_depth)
                """);
            DbParameter device = Add(upsert, "@device", DbType.String);
            DbParameter tenant = Add(upsert, "@tenant", DbType.String);
            DbParameter seen = Add(upsert, "@seen", DbType.Int64);
            DbParameter status = Add(upsert, "@status", DbType.String);
            DbParameter depth = Add(upsert, "@depth", DbType.Int64);
            await upsert.PrepareAsync(ct).ConfigureAwait(false);
            foreach (StatusUpdate update in batch.Statuses)
            {
                device.Value = update.Device;
                tenant.Value = update.Tenant;
                seen.Value = update.ReceivedUnixMs;
                status.Value = update.StatusJson;
                depth.Value = (object?)update.BufferDepth ?? DBNull.Value;
                await upsert.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
                Count(counters, "status_updates");
            }
        }
        if (batch.Replies.Count > 0)
        {
            await using DbCommand upsert = Command(c, tx, """
                INSERT INTO device_state (device, tenant, first_seen_ms, last_seen_ms, last_reply, last_reply_ms)
                VALUES (@device, @tenant, @seen, @seen, @reply, @seen)
                ON CONFLICT (device) DO UPDATE SET
                    tenant = excluded.tenant,
                    last_seen_ms = CASE WHEN excluded.last_seen_ms > device_state.last_seen_ms THEN excluded.last_seen_ms ELSE device_state.last_seen_ms END,
                    last_reply = excluded.last_reply,
                    last_reply_ms = excluded.last_reply_ms
                """);
            DbParameter device = Add(upsert, "@device", DbType.String);
            DbParameter tenant = Add(upsert, "@tenant", DbType.String);
            DbParameter seen = Add(upsert, "@seen", DbType.Int64);
            DbParameter text = Add(upsert, "@reply", DbType.String);
            await upsert.PrepareAsync(ct).ConfigureAwait(false);
            foreach (DeviceReply reply in batch.Replies)
            {
                device.Value = reply.Device;
                tenant.Value = reply.Tenant;
                seen.Value = reply.ReceivedUnixMs;
                text.Value = reply.Text;
                await upsert.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
                Count(counters, "replies");
            }
        }

        await AddCountersAsync(c, tx, counters, ct).ConfigureAwait(false);
        return new StoreBatchResult(results, batch.Quarantined.Count, batch.Statuses.Count, batch.Replies.Count);
    }

    private async Task<DeviceStoreResult> StoreDeviceAsync(BatchCommands k, DeviceWork work, long now, Dictionary<string, long> counters, CancellationToken ct)
    {
        // Current state (locked for update where the dialect needs it).
        k.StateDevice.Value = work.Device;
        long contiguous = 0, maxSequence = 0, floor = 0;
        string? kind = null;
        await using (DbDataReader reader = await k.SelectState.ExecuteReaderAsync(ct).ConfigureAwait(false))
        {
            if (await reader.ReadAsync(ct).ConfigureAwait(false))
            {
                contiguous = reader.GetInt64(0);
                maxSequence = reader.GetInt64(1);
                floor = reader.GetInt64(2);
                kind = reader.IsDBNull(3) ? null : reader.GetString(3);
            }
        }

        // Readings and alarms, idempotently.
        var arrived = new List<long>(work.Settled);
        int stored = 0, duplicates = 0;
        double? battery = null;
        long batteryTime = long.MinValue;
        bool environmental = false, logistics = false;
        foreach (IngestMessage message in work.Messages)
        {
            foreach (IngestReading reading in message.Readings)
            {
                k.Tenant.Value = message.Tenant;
                k.Device.Value = work.Device;
                k.Sequence.Value = reading.Sequence;
                k.Metric.Value = reading.StoredName;
                k.Unit.Value = (object?)reading.Unit ?? DBNull.Value;
                k.Kind.Value = reading.Kind == StoredReadingKind.Alarm ? "alarm" : "measurement";
                k.Value.Value = reading.Value;
                k.ValueBool.Value = reading.BooleanValue is bool b ? (b ? 1L : 0L) : DBNull.Value;
                k.ValueText.Value = (object?)reading.TextValue ?? DBNull.Value;
                k.DeviceTime.Value = reading.DeviceTimeUnixMs;
                k.Received.Value = message.ReceivedUnixMs;
                int changed = await k.InsertReading.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
                if (changed == 0)
                {
                    duplicates++;
                    continue;
                }
                stored++;
                arrived.Add(reading.Sequence);
                if (reading.Kind == StoredReadingKind.Alarm)
                {
                    k.AlarmTenant.Value = message.Tenant;
                    k.AlarmDevice.Value = work.Device;
                    k.AlarmSequence.Value = reading.Sequence;
                    k.AlarmMetric.Value = reading.Metric;
                    k.AlarmKind.Value = reading.AlarmKind ?? string.Empty;
                    k.AlarmRaised.Value = reading.BooleanValue == true ? 1L : 0L;
                    k.AlarmDeviceTime.Value = reading.DeviceTimeUnixMs;
                    k.AlarmReceived.Value = message.ReceivedUnixMs;
                    await k.InsertAlarm.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
                }
                else
                {
                    if (reading.Metric == "battery" && reading.DeviceTimeUnixMs >= batteryTime)
                    {
                        battery = reading.Value;
                        batteryTime = reading.DeviceTimeUnixMs;
                    }
                    environmental |= s_environmentalMetrics.Contains(reading.Metric);
                    logistics |= s_logisticsMetrics.Contains(reading.Metric);
                }
            }
        }
        kind ??= logistics ? "logistics" : environmental ? "environmental" : null;
        floor = Math.Max(floor, work.Floor);

        // Gaps: load the open rows that matter, update them in memory, write the changes back.
        long lowestArrival = long.MaxValue;
        foreach (long sequence in arrived)
        {
            lowestArrival = Math.Min(lowestArrival, sequence);
        }
        var rows = new List<GapRow>();
        k.GapDevice.Value = work.Device;
        k.GapLowest.Value = lowestArrival;
        await using (DbDataReader reader = await k.SelectGaps.ExecuteReaderAsync(ct).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(ct).ConfigureAwait(false))
            {
                rows.Add(new GapRow
                {
                    Id = reader.GetInt64(0),
                    From = reader.GetInt64(1),
                    To = reader.GetInt64(2),
                    FirstSeenMs = reader.GetInt64(3),
                    Reason = reader.GetString(4),
                });
            }
        }
        var tracker = new SequenceTracker(contiguous, maxSequence, rows, now);
        tracker.Arrive(arrived);
        tracker.ApplyFloor(floor);
        foreach (GapRow row in tracker.Changes)
        {
            if (row.Id == null)
            {
                k.NewGapDevice.Value = work.Device;
                k.NewGapFrom.Value = row.From;
                k.NewGapTo.Value = row.To;
                k.NewGapFirstSeen.Value = row.FirstSeenMs;
                k.NewGapReason.Value = row.Reason;
                await k.InsertGap.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
            }
            else
            {
                k.UpdateGapId.Value = row.Id.Value;
                k.UpdateGapFrom.Value = row.From;
                k.UpdateGapTo.Value = row.To;
                k.UpdateGapReason.Value = row.Reason;
                k.UpdateGapFilled.Value = (object?)row.FilledMs ?? DBNull.Value;
                await k.UpdateGap.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
            }
        }
        List<SequenceRange> openMissing = tracker.OpenMissing();

        k.UpsertDevice.Value = work.Device;
        k.UpsertTenant.Value = work.Tenant;
        k.UpsertKind.Value = (object?)kind ?? DBNull.Value;
        k.UpsertSeen.Value = work.LastSeenMs;
        k.UpsertContiguous.Value = tracker.ContiguousThrough;
        k.UpsertMax.Value = tracker.MaxSequence;
        k.UpsertFloor.Value = floor;
        k.UpsertGaps.Value = (long)openMissing.Count;
        k.UpsertEvicted.Value = tracker.SequencesEvicted;
        k.UpsertStored.Value = (long)stored;
        k.UpsertDuplicates.Value = (long)duplicates;
        k.UpsertBattery.Value = (object?)battery ?? DBNull.Value;
        await k.UpsertState.ExecuteNonQueryAsync(ct).ConfigureAwait(false);

        Count(counters, "readings_stored", stored);
        Count(counters, "duplicates", duplicates);
        Count(counters, "settled", work.Settled.Count);
        Count(counters, "gaps_opened", tracker.GapsOpened);
        Count(counters, "sequences_evicted", tracker.SequencesEvicted);

        return new DeviceStoreResult(work.Tenant, work.Device, stored, duplicates, work.Settled.Count, contiguous, tracker.ContiguousThrough,
            tracker.MaxSequence, floor, openMissing, tracker.OldestOpenMissingFirstSeenMs(), tracker.GapsOpened, tracker.SequencesEvicted);
    }

    /// <summary>The prepared commands of one batch transaction, reused for every row.</summary>
    private sealed class BatchCommands : IAsyncDisposable
    {
        public readonly DbCommand InsertReading, InsertAlarm, SelectState, SelectGaps, InsertGap, UpdateGap, UpsertState;
        public readonly DbParameter Tenant, Device, Sequence, Metric, Unit, Kind, Value, ValueBool, ValueText, DeviceTime, Received;
        public readonly DbParameter AlarmTenant, AlarmDevice, AlarmSequence, AlarmMetric, AlarmKind, AlarmRaised, AlarmDeviceTime, AlarmReceived;
        public readonly DbParameter StateDevice, GapDevice, GapLowest;
        public readonly DbParameter NewGapDevice, NewGapFrom, NewGapTo, NewGapFirstSeen, NewGapReason;
        public readonly DbParameter UpdateGapId, UpdateGapFrom, UpdateGapTo, UpdateGapReason, UpdateGapFilled;
        public readonly DbParameter UpsertDevice, UpsertTenant, UpsertKind, UpsertSeen, UpsertContiguous, UpsertMax, UpsertFloor, UpsertGaps,
            UpsertEvicted, UpsertStored, UpsertDuplicates, UpsertBattery;

        public BatchCommands(SqlReadingStore store, DbConnection c, DbTransaction tx)
        {
            InsertReading = Command(c, tx, """
                INSERT INTO readings (tenant, device, seq, metric, unit, kind, value, value_bool, value_text, device_time_ms, received_ms)
                VALUES (@tenant, @device, @seq, @metric, @unit, @kind, @value, @value_bool, @value_text, @device_time, @received)
                ON CONFLICT (device, seq) DO NOTHING
                """);
            Tenant = Add(InsertReading, "@tenant", DbType.String);
            Device = Add(InsertReading, "@device", DbType.String);
            Sequence = Add(InsertReading, "@seq", DbType.Int64);
            Metric = Add(InsertReading, "@metric", DbType.String);
            Unit = Add(InsertReading, "@unit", DbType.String);
            Kind = Add(InsertReading, "@kind", DbType.String);
            Value = Add(InsertReading, "@value", DbType.Double);
            ValueBool = Add(InsertReading, "@value_bool", DbType.Int64);
            ValueText = Add(InsertReading, "@value_text", DbType.String);
            DeviceTime = Add(InsertReading, "@device_time", DbType.Int64);
            Received = Add(InsertReading, "@received", DbType.Int64);

            InsertAlarm = Command(c, tx, """
                INSERT INTO alarms (tenant, device, seq, metric, kind, raised, device_time_ms, received_ms)
                VALUES (@tenant, @device, @seq, @metric, @kind, @raised, @device_time, @received)
                ON CONFLICT (device, seq) DO NOTHING
                """);
            AlarmTenant = Add(InsertAlarm, "@tenant", DbType.String);
            AlarmDevice = Add(InsertAlarm, "@device", DbType.String);
            AlarmSequence = Add(InsertAlarm, "@seq", DbType.Int64);
            AlarmMetric = Add(InsertAlarm, "@metric", DbType.String);
            AlarmKind = Add(InsertAlarm, "@kind", DbType.String);
            AlarmRaised = Add(InsertAlarm, "@raised", DbType.Int64);
            AlarmDeviceTime = Add(InsertAlarm, "@device_time", DbType.Int64);
            AlarmReceived = Add(InsertAlarm, "@received", DbType.Int64);

            SelectState = Command(c, tx,
                "SELECT contiguous_through, max_seq, floor, kind FROM device_state WHERE device = @device" + store.Dialect.ForUpdate);
            StateDevice = Add(SelectState, "@device", DbType.String);

            // All open missing rows (they decide the contiguous sequence) and the open evicted rows an arrival may fall in.
            SelectGaps = Command(c, tx, """
                SELECT id, from_seq, to_seq, first_seen_ms, reason FROM gaps
                WHERE device = @device AND filled_ms IS NULL AND (reason = 'missing' OR to_seq >= @lowest)
                ORDER BY from_seq
                """);
            GapDevice = Add(SelectGaps, "@device", DbType.String);
            GapLowest = Add(SelectGaps, "@lowest", DbType.Int64);

            InsertGap = Command(c, tx, """
                INSERT INTO gaps (device, from_seq, to_seq, first_seen_ms, reason, filled_ms)
                VALUES (@device, @from, @to, @first_seen, @reason, NULL)
                """);
            NewGapDevice = Add(InsertGap, "@device", DbType.String);
            NewGapFrom = Add(InsertGap, "@from", DbType.Int64);
            NewGapTo = Add(InsertGap, "@to", DbType.Int64);
            NewGapFirstSeen = Add(InsertGap, "@first_seen", DbType.Int64);
            NewGapReason = Add(InsertGap, "@reason", DbType.String);

            UpdateGap = Command(c, tx, "UPDATE gaps SET from_seq = @from, to_seq = @to, reason = @reason, filled_ms = @filled WHERE id = @id");
            UpdateGapId = Add(UpdateGap, "@id", DbType.Int64);
            UpdateGapFrom = Add(UpdateGap, "@from", DbType.Int64);
            UpdateGapTo = Add(UpdateGap, "@to", DbType.Int64);
            UpdateGapReason = Add(UpdateGap, "@reason", DbType.String);
            UpdateGapFilled = Add(UpdateGap, "@filled", DbType.Int64);

            UpsertState = Command(c, tx, """
                INSERT INTO device_state (device, tenant, kind, first_seen_ms, last_seen_ms, contiguous_through, max_seq, floor, gaps, evicted, stored, duplicates, battery)
                VALUES (@device, @tenant, @kind, @seen, @seen, @contiguous, @max, @floor, @gaps, @evicted, @stored, @duplicates, @battery)
                ON CONFLICT (device) DO UPDATE SET
                    tenant = excluded.tenant,
                    kind = COALESCE(device_state.kind, excluded.kind),
                    last_seen_ms = CASE WHEN excluded.last_seen_ms > device_state.last_seen_ms THEN excluded.last_seen_ms ELSE device_state.last_seen_ms END,
                    contiguous_through = excluded.contiguous_through,
                    max_seq = excluded.max_seq,
                    floor = excluded.floor,
                    gaps = excluded.gaps,
                    evicted = device_state.evicted + excluded.evicted,
                    stored = device_state.stored + excluded.stored,
                    duplicates = device_state.duplicates + excluded.duplicates,
                    battery = COALESCE(excluded.battery, device_state.battery)
                """);
            UpsertDevice = Add(UpsertState, "@device", DbType.String);
            UpsertTenant = Add(UpsertState, "@tenant", DbType.String);
            UpsertKind = Add(UpsertState, "@kind", DbType.String);
            UpsertSeen = Add(UpsertState, "@seen", DbType.Int64);
            UpsertContiguous = Add(UpsertState, "@contiguous", DbType.Int64);
            UpsertMax = Add(UpsertState, "@max", DbType.Int64);
            UpsertFloor = Add(UpsertState, "@floor", DbType.Int64);
            UpsertGaps = Add(UpsertState, "@gaps", DbType.Int64);
            UpsertEvicted = Add(UpsertState, "@evicted", DbType.Int64);
            UpsertStored = Add(UpsertState, "@stored", DbType.Int64);
            UpsertDuplicates = Add(UpsertState, "@duplicates", DbType.Int64);
            UpsertBattery = Add(UpsertState, "@battery", DbType.Double);
        }

        private IEnumerable<DbCommand> All => new[] { InsertReading, InsertAlarm, SelectState, SelectGaps, InsertGap, UpdateGap, UpsertState };

        public async Task PrepareAsync(CancellationToken ct)
        {
            foreach (DbCommand command in All)
            {
                await command.PrepareAsync(ct).ConfigureAwait(false);
            }
        }

        public async ValueTask DisposeAsync()
        {
            foreach (DbCommand command in All)
            {
                await command.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    private static async Task AddCountersAsync(DbConnection c, DbTransaction tx, Dictionary<string, long> counters, CancellationToken ct)
    {
        if (counters.Count == 0)
        {
            return;
        }
        await using DbCommand upsert = Command(c, tx,
            "INSERT INTO counters (name, value) VALUES (@name, @value) ON CONFLICT (name) DO UPDATE SET value = counters.value + excluded.value");
        DbParameter name = Add(upsert, "@name", DbType.String);
        DbParameter value = Add(upsert, "@value", DbType.Int64);
        await upsert.PrepareAsync(ct).ConfigureAwait(false);
        foreach (KeyValuePair<string, long> counter in counters)
        {
            if (counter.Value == 0)
            {
                continue;
            }
            name.Value = counter.Key;
            value.Value = counter.Value;
            await upsert.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
        }
    }

    // ---------------------------------------------------------------- queries

    private const string DeviceColumns = """
        device, tenant, kind, first_seen_ms, last_seen_ms, contiguous_through, max_seq, floor, gaps, evicted, stored, duplicates,
        battery, buffer_depth, last_status, last_status_ms, last_reply, last_reply_ms
        """;

    /// <inheritdoc />
    public async Task<IReadOnlyList<DeviceSummary>> ListDevicesAsync(string? tenant = null, CancellationToken cancellationToken = default)
    {
        await using DbConnection connection = await ReaderAsync(cancellationToken).ConfigureAwait(false);
        await using DbCommand command = Command(connection, null,
            $"SELECT {DeviceColumns} FROM device_state {(tenant == null ? "" : "WHERE tenant = @tenant ")}ORDER BY device");
        if (tenant != null)
        {
            Add(command, "@tenant", DbType.String, tenant);
        }
        return await ReadAllAsync(command, ReadDevice, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<DeviceSummary?> GetDeviceAsync(string device, CancellationToken cancellationToken = default)
    {
        RequireText(device, nameof(device));
        await using DbConnection connection = await ReaderAsync(cancellationToken).ConfigureAwait(false);
        await using DbCommand command = Command(connection, null, $"SELECT {DeviceColumns} FROM device_state WHERE device = @device");
        Add(command, "@device", DbType.String, device);
        List<DeviceSummary> rows = await ReadAllAsync(command, ReadDevice, cancellationToken).ConfigureAwait(false);
        return rows.Count == 0 ? null : rows[0];
    }

    private static DeviceSummary ReadDevice(DbDataReader r) => new(
        r.GetString(0), r.GetString(1), NullableString(r, 2), r.GetInt64(3), r.GetInt64(4), r.GetInt64(5), r.GetInt64(6), r.GetInt64(7),
        (int)r.GetInt64(8), r.GetInt64(9), r.GetInt64(10), r.GetInt64(11), r.IsDBNull(12) ? null : r.GetDouble(12),
        NullableInt64(r, 13), NullableString(r, 14), NullableInt64(r, 15), NullableString(r, 16), NullableInt64(r, 17));

    /// <inheritdoc />
    public async Task<IReadOnlyList<StoredReading>> QueryReadingsAsync(ReadingQuery query, CancellationToken cancellationToken = default)
    {
        await using DbConnection connection = await ReaderAsync(cancellationToken).ConfigureAwait(false);
        await using DbCommand command = ReadingsCommand(connection, query);
        return await ReadAllAsync(command, ReadReading, cancellationToken).ConfigureAwait(false);
    }

    private DbCommand ReadingsCommand(DbConnection connection, ReadingQuery query)
    {
        CheckQuery(query);
        var sql = new StringBuilder("""
            SELECT tenant, device, seq, metric, unit, kind, value, value_bool, value_text, device_time_ms, received_ms
            FROM readings WHERE device = @device
            """);
        DbCommand command = Command(connection, null, string.Empty);
        Add(command, "@device", DbType.String, query.Device);
        AppendRange(command, sql, query.Metric, query.FromUnixMs, query.ToUnixMs);
        sql.Append(" ORDER BY device_time_ms, seq");
        if (query.Limit is int limit)
        {
            sql.Append(" LIMIT @limit");
            Add(command, "@limit", DbType.Int64, (long)limit);
        }
        command.CommandText = sql.ToString();
        return command;
    }

    private static StoredReading ReadReading(DbDataReader r) => new(
        r.GetString(0), r.GetString(1), r.GetInt64(2), r.GetString(3), NullableString(r, 4),
        r.GetString(5) == "alarm" ? StoredReadingKind.Alarm : StoredReadingKind.Measurement,
        r.GetDouble(6), r.IsDBNull(7) ? null : r.GetInt64(7) != 0, NullableString(r, 8), r.GetInt64(9), r.GetInt64(10));

    /// <inheritdoc />
    public async Task<IReadOnlyList<ReadingBucket>> QueryBucketsAsync(ReadingQuery query, long stepMs, CancellationToken cancellationToken = default)
    {
        CheckQuery(query);
        if (stepMs < 1000 || stepMs > 366L * 86_400_000)
        {
            throw new ArgumentOutOfRangeException(nameof(stepMs), stepMs, $"step = {stepMs} ms: must be from 1000 ms (1 s) to 31622400000 ms (366 days)");
        }
        await using DbConnection connection = await ReaderAsync(cancellationToken).ConfigureAwait(false);
        await using DbCommand command = Command(connection, null, string.Empty);
        var sql = new StringBuilder("""
            SELECT metric, (device_time_ms / @step) * @step AS bucket, AVG(value), MIN(value), MAX(value), COUNT(*)
            FROM readings WHERE device = @device AND kind = 'measurement'
            """);
        Add(command, "@device", DbType.String, query.Device);
        Add(command, "@step", DbType.Int64, stepMs);
        AppendRange(command, sql, query.Metric, query.FromUnixMs, query.ToUnixMs);
        sql.Append(" GROUP BY metric, bucket ORDER BY metric, bucket");
        if (query.Limit is int limit)
        {
            sql.Append(" LIMIT @limit");
            Add(command, "@limit", DbType.Int64, (long)limit);
        }
        command.CommandText = sql.ToString();
        return await ReadAllAsync(command, r => new ReadingBucket(
            r.GetString(0), r.GetInt64(1), r.GetDouble(2), r.GetDouble(3), r.GetDouble(4), r.GetInt64(5)), cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<long> ExportCsvAsync(ReadingQuery query, TextWriter output, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(output);
        await using DbConnection connection = await ReaderAsync(cancellationToken).ConfigureAwait(false);
        await using DbCommand command = ReadingsCommand(connection, query);
        await output.WriteAsync("tenant,device,seq,metric,unit,kind,value,value_bool,value_text,device_time,device_time_ms,received_ms\r\n").ConfigureAwait(false);
        long rows = 0;
        await using DbDataReader reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var line = new StringBuilder(160);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            StoredReading r = ReadReading(reader);
            line.Clear();
            Csv(line, r.Tenant).Append(',');
            Csv(line, r.Device).Append(',');
            line.Append(r.Sequence.ToString(CultureInfo.InvariantCulture)).Append(',');
            Csv(line, r.Metric).Append(',');
            Csv(line, r.Unit ?? string.Empty).Append(',');
            line.Append(r.Kind == StoredReadingKind.Alarm ? "alarm" : "measurement").Append(',');
            line.Append(r.Value.ToString("R", CultureInfo.InvariantCulture)).Append(',');
            line.Append(r.BooleanValue switch { true => "true", false => "false", _ => "" }).Append(',');
            Csv(line, r.TextValue ?? string.Empty).Append(',');
            line.Append(IsoTime(r.DeviceTimeUnixMs)).Append(',');
            line.Append(r.DeviceTimeUnixMs.ToString(CultureInfo.InvariantCulture)).Append(',');
            line.Append(r.ReceivedUnixMs.ToString(CultureInfo.InvariantCulture)).Append("\r\n");
            await output.WriteAsync(line.ToString().AsMemory(), cancellationToken).ConfigureAwait(false);
            rows++;
        }
        await output.FlushAsync(cancellationToken).ConfigureAwait(false);
        return rows;
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<StoredAlarm>> ListAlarmsAsync(AlarmQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        CheckLimit(query.Limit, 100_000, nameof(query.Limit));
        await using DbConnection connection = await ReaderAsync(cancellationToken).ConfigureAwait(false);
        await using DbCommand command = Command(connection, null, string.Empty);
        var sql = new StringBuilder("SELECT tenant, device, seq, metric, kind, raised, device_time_ms, received_ms FROM alarms WHERE 1 = 1");
        AndWhere(sql, command, "device = @device", "@device", DbType.String, query.Device);
        AndWhere(sql, command, "tenant = @tenant", "@tenant", DbType.String, query.Tenant);
        AppendRange(command, sql, null, query.FromUnixMs, query.ToUnixMs);
        sql.Append(" ORDER BY device_time_ms DESC, seq DESC LIMIT @limit");
        Add(command, "@limit", DbType.Int64, (long)query.Limit);
        command.CommandText = sql.ToString();
        return await ReadAllAsync(command, r => new StoredAlarm(
            r.GetString(0), r.GetString(1), r.GetInt64(2), r.GetString(3), r.GetString(4), r.GetInt64(5) != 0, r.GetInt64(6), r.GetInt64(7)),
            cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<GapRecord>> ListGapsAsync(string device, bool openOnly, CancellationToken cancellationToken = default)
    {
        RequireText(device, nameof(device));
        await using DbConnection connection = await ReaderAsync(cancellationToken).ConfigureAwait(false);
        await using DbCommand command = Command(connection, null,
            "SELECT device, from_seq, to_seq, first_seen_ms, reason, filled_ms FROM gaps WHERE device = @device"
            + (openOnly ? " AND filled_ms IS NULL AND reason = 'missing'" : "") + " ORDER BY from_seq, id");
        Add(command, "@device", DbType.String, device);
        return await ReadAllAsync(command, r => new GapRecord(
            r.GetString(0), r.GetInt64(1), r.GetInt64(2), r.GetInt64(3), r.GetString(4), NullableInt64(r, 5)), cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<QuarantineRecord>> ListQuarantineAsync(QuarantineQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        CheckLimit(query.Limit, 100_000, nameof(query.Limit));
        await using DbConnection connection = await ReaderAsync(cancellationToken).ConfigureAwait(false);
        await using DbCommand command = Command(connection, null, string.Empty);
        var sql = new StringBuilder(
            "SELECT id, received_ms, topic, tenant, device, reason, detail, payload, payload_size, first_seq, last_seq FROM quarantine WHERE 1 = 1");
        AndWhere(sql, command, "device = @device", "@device", DbType.String, query.Device);
        AndWhere(sql, command, "reason = @reason", "@reason", DbType.String, query.Reason);
        AndWhere(sql, command, "received_ms >= @from", "@from", DbType.Int64, query.FromUnixMs);
        sql.Append(" ORDER BY id DESC LIMIT @limit");
        Add(command, "@limit", DbType.Int64, (long)query.Limit);
        command.CommandText = sql.ToString();
        return await ReadAllAsync(command, r => new QuarantineRecord(
            r.GetInt64(0), r.GetInt64(1), r.GetString(2), NullableString(r, 3), NullableString(r, 4), r.GetString(5), r.GetString(6),
            (byte[])r.GetValue(7), (int)r.GetInt64(8), NullableInt64(r, 9), NullableInt64(r, 10)), cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<AuditEvent>> ListAuditAsync(AuditQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        CheckLimit(query.Limit, 100_000, nameof(query.Limit));
        await using DbConnection connection = await ReaderAsync(cancellationToken).ConfigureAwait(false);
        await using DbCommand command = Command(connection, null, string.Empty);
        var sql = new StringBuilder("SELECT time_ms, kind, subject, remote, detail FROM audit WHERE 1 = 1");
        AndWhere(sql, command, "kind = @kind", "@kind", DbType.String, query.Kind);
        AndWhere(sql, command, "subject = @subject", "@subject", DbType.String, query.Subject);
        AndWhere(sql, command, "time_ms >= @from", "@from", DbType.Int64, query.FromUnixMs);
        sql.Append(" ORDER BY id DESC LIMIT @limit");
        Add(command, "@limit", DbType.Int64, (long)query.Limit);
        command.CommandText = sql.ToString();
        return await ReadAllAsync(command, r => new AuditEvent(
            DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(0)), r.GetString(1), NullableString(r, 2), NullableString(r, 3), r.GetString(4)),
            cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyDictionary<string, long>> ReadCountersAsync(CancellationToken cancellationToken = default)
    {
        await using DbConnection connection = await ReaderAsync(cancellationToken).ConfigureAwait(false);
        await using DbCommand command = Command(connection, null, "SELECT name, value FROM counters ORDER BY name");
        var counters = new SortedDictionary<string, long>(StringComparer.Ordinal);
        await using DbDataReader reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            counters[reader.GetString(0)] = reader.GetInt64(1);
        }
        return counters;
    }

    // ---------------------------------------------------------------- retention, deletion, minimisation

    /// <inheritdoc />
    public Task<RetentionResult> DeleteOlderThanAsync(int days, CancellationToken cancellationToken = default)
    {
        if (days < 1 || days > 36500)
        {
            throw new ArgumentOutOfRangeException(nameof(days), days, $"retention days = {days}: must be a whole number from 1 to 36500");
        }
        long now = NowMs();
        long cutoff = now - days * 86_400_000L;
        return WriteAsync(async (c, tx) =>
        {
            long readings = await DeleteAsync(c, tx, "DELETE FROM readings WHERE device_time_ms < @cutoff", cutoff, cancellationToken).ConfigureAwait(false);
            long alarms = await DeleteAsync(c, tx, "DELETE FROM alarms WHERE device_time_ms < @cutoff", cutoff, cancellationToken).ConfigureAwait(false);
            long quarantined = await DeleteAsync(c, tx, "DELETE FROM quarantine WHERE received_ms < @cutoff", cutoff, cancellationToken).ConfigureAwait(false);
            long gaps = await DeleteAsync(c, tx,
                "DELETE FROM gaps WHERE (filled_ms IS NOT NULL AND filled_ms < @cutoff) OR (reason = 'evicted' AND first_seen_ms < @cutoff)",
                cutoff, cancellationToken).ConfigureAwait(false);
            var result = new RetentionResult(readings, alarms, quarantined, gaps);
            await InsertAuditAsync(c, tx, new AuditEvent(DateTimeOffset.FromUnixTimeMilliseconds(now), AuditKinds.Retention, null, null,
                $"retention of {days} days (before {IsoTime(cutoff)}): deleted {readings} readings, {alarms} alarms, {quarantined} quarantined messages, {gaps} gap records"),
                cancellationToken).ConfigureAwait(false);
            return result;
        }, cancellationToken);
    }

    /// <inheritdoc />
    public Task<DeviceDeletionResult> DeleteDeviceAsync(string device, string requestedBy, CancellationToken cancellationToken = default)
    {
        RequireText(device, nameof(device));
        RequireText(requestedBy, nameof(requestedBy));
        long now = NowMs();
        return WriteAsync(async (c, tx) =>
        {
            long readings = await DeleteDeviceRowsAsync(c, tx, "readings", device, cancellationToken).ConfigureAwait(false);
            long alarms = await DeleteDeviceRowsAsync(c, tx, "alarms", device, cancellationToken).ConfigureAwait(false);
            long gaps = await DeleteDeviceRowsAsync(c, tx, "gaps", device, cancellationToken).ConfigureAwait(false);
            long quarantined = await DeleteDeviceRowsAsync(c, tx, "quarantine", device, cancellationToken).ConfigureAwait(false);
            bool state = await DeleteDeviceRowsAsync(c, tx, "device_state", device, cancellationToken).ConfigureAwait(false) > 0;
            await InsertAuditAsync(c, tx, new AuditEvent(DateTimeOffset.FromUnixTimeMilliseconds(now), AuditKinds.Deletion, device, null,
                $"all data of device {device} deleted on request of {requestedBy}: {readings} readings, {alarms} alarms, {gaps} gap records, {quarantined} quarantined messages, state {(state ? "deleted" : "absent")}"),
                cancellationToken).ConfigureAwait(false);
            return new DeviceDeletionResult(readings, alarms, gaps, quarantined, state);
        }, cancellationToken);
    }

    /// <inheritdoc />
    public Task<long> CoarsenPositionsAsync(string? device, int decimals, CancellationToken cancellationToken = default)
    {
        if (decimals < 0 || decimals > 7)
        {
            throw new ArgumentOutOfRangeException(nameof(decimals), decimals, $"decimals = {decimals}: must be a whole number from 0 to 7 (3 decimals ≈ 110 m)");
        }
        if (device != null)
        {
            RequireText(device, nameof(device));
        }
        long now = NowMs();
        return WriteAsync(async (c, tx) =>
        {
            string rounded = Dialect.Round("value", "@digits");
            await using DbCommand command = Command(c, tx,
                $"UPDATE readings SET value = {rounded} WHERE kind = 'measurement' AND metric IN ('lat', 'lon') AND value <> {rounded}"
                + (device == null ? "" : " AND device = @device"));
            Add(command, "@digits", DbType.Int32, decimals);
            if (device != null)
            {
                Add(command, "@device", DbType.String, device);
            }
            long changed = await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            await InsertAuditAsync(c, tx, new AuditEvent(DateTimeOffset.FromUnixTimeMilliseconds(now), AuditKinds.Retention, device, null,
                $"positions (lat, lon) of {(device == null ? "all devices" : "device " + device)} coarsened to {decimals} decimals: {changed} readings changed"),
                cancellationToken).ConfigureAwait(false);
            return changed;
        }, cancellationToken);
    }

    /// <inheritdoc />
    public Task<long> DeleteAuditOlderThanAsync(int days = MinimumAuditRetentionDays, CancellationToken cancellationToken = default)
    {
        if (days < MinimumAuditRetentionDays || days > 36500)
        {
            throw new ArgumentOutOfRangeException(nameof(days), days,
                $"audit retention days = {days}: must be from {MinimumAuditRetentionDays} to 36500 (audit entries are kept at least {MinimumAuditRetentionDays} days)");
        }
        long now = NowMs();
        long cutoff = now - days * 86_400_000L;
        return WriteAsync(async (c, tx) =>
        {
            long deleted = await DeleteAsync(c, tx, "DELETE FROM audit WHERE time_ms < @cutoff", cutoff, cancellationToken).ConfigureAwait(false);
            await InsertAuditAsync(c, tx, new AuditEvent(DateTimeOffset.FromUnixTimeMilliseconds(now), AuditKinds.Retention, null, null,
                $"audit retention of {days} days (before {IsoTime(cutoff)}): deleted {deleted} audit entries"), cancellationToken).ConfigureAwait(false);
            return deleted;
        }, cancellationToken);
    }

    private static async Task<long> DeleteAsync(DbConnection c, DbTransaction tx, string sql, long cutoff, CancellationToken ct)
    {
        await using DbCommand command = Command(c, tx, sql);
        Add(command, "@cutoff", DbType.Int64, cutoff);
        return await command.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
    }

    private static async Task<long> DeleteDeviceRowsAsync(DbConnection c, DbTransaction tx, string table, string device, CancellationToken ct)
    {
        await using DbCommand command = Command(c, tx, $"DELETE FROM {table} WHERE device = @device");
        Add(command, "@device", DbType.String, device);
        return await command.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
    }

    // ---------------------------------------------------------------- audit

    private static async Task InsertAuditAsync(DbConnection c, DbTransaction tx, AuditEvent e, CancellationToken ct)
    {
        await using DbCommand command = Command(c, tx,
            "INSERT INTO audit (time_ms, kind, subject, remote, detail) VALUES (@time, @kind, @subject, @remote, @detail)");
        Add(command, "@time", DbType.Int64, e.Time.ToUnixTimeMilliseconds());
        Add(command, "@kind", DbType.String, Cut(e.Kind, 64));
        Add(command, "@subject", DbType.String, e.Subject == null ? null : Cut(e.Subject, 256));
        Add(command, "@remote", DbType.String, e.Remote == null ? null : Cut(e.Remote, 256));
        Add(command, "@detail", DbType.String, Cut(e.Detail ?? string.Empty, 4000));
        await command.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
    }

    /// <summary>Writes queued audit events in one transaction (used by the audit log's writer).</summary>
    internal Task WriteAuditBatchAsync(IReadOnlyList<AuditEvent> events) =>
        WriteAsync(async (c, tx) =>
        {
            foreach (AuditEvent e in events)
            {
                await InsertAuditAsync(c, tx, e, CancellationToken.None).ConfigureAwait(false);
            }
            return 0;
        }, CancellationToken.None);

    // ---------------------------------------------------------------- plumbing

    /// <summary>Runs <paramref name="work"/> in one transaction on the writer connection; commits, or rolls back and rethrows.</summary>
    protected async Task<T> WriteAsync<T>(Func<DbConnection, DbTransaction, Task<T>> work, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(work);
        ObjectDisposedException.ThrowIf(_disposed, this);
        await _writeLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (!_initialized)
            {
                throw new InvalidOperationException("call InitializeAsync before using the store");
            }
            DbConnection connection = await WriterAsync(cancellationToken).ConfigureAwait(false);
            await using DbTransaction transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            T result;
            try
            {
                result = await work(connection, transaction).ConfigureAwait(false);
            }
            catch
            {
                try
                {
                    await transaction.RollbackAsync(CancellationToken.None).ConfigureAwait(false);
                }
                catch (DbException)
                {
                    // The transaction is gone with the failure; the original exception is what matters.
                }
                throw;
            }
            // Not cancellable: once the work is done, the commit must either happen or fail, never be abandoned half-way.
            await transaction.CommitAsync(CancellationToken.None).ConfigureAwait(false);
            return result;
        }
        finally
        {
            _writeLock.Release();
        }
    }

    private async Task<DbConnection> WriterAsync(CancellationToken cancellationToken)
    {
        if (_writer != null && _writer.State != ConnectionState.Open)
        {
            await _writer.DisposeAsync().ConfigureAwait(false);
            _writer = null;
        }
        if (_writer == null)
        {
            DbConnection connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                await ConfigureWriterAsync(connection, cancellationToken).ConfigureAwait(false);
            }
            catch
            {
                await connection.DisposeAsync().ConfigureAwait(false);
                throw;
            }
            _writer = connection;
        }
        return _writer;
    }

    private Task<DbConnection> ReaderAsync(CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        return OpenConnectionAsync(cancellationToken);
    }

    /// <summary>Creates a command on <paramref name="connection"/> in <paramref name="transaction"/>.</summary>
    protected static DbCommand Command(DbConnection connection, DbTransaction? transaction, string sql)
    {
        DbCommand command = connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = transaction;
        return command;
    }

    /// <summary>Adds a typed parameter (typed so that PostgreSQL knows the type of nulls too).</summary>
    protected static DbParameter Add(DbCommand command, string name, DbType type, object? value = null)
    {
        DbParameter parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.DbType = type;
        parameter.Value = value ?? DBNull.Value;
        command.Parameters.Add(parameter);
        return parameter;
    }

    /// <summary>Executes one statement.</summary>
    protected static async Task ExecuteAsync(DbConnection connection, DbTransaction? transaction, string sql, CancellationToken cancellationToken)
    {
        await using DbCommand command = Command(connection, transaction, sql);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private static async Task<List<T>> ReadAllAsync<T>(DbCommand command, Func<DbDataReader, T> map, CancellationToken ct)
    {
        var rows = new List<T>();
        await using DbDataReader reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
        while (await reader.ReadAsync(ct).ConfigureAwait(false))
        {
            rows.Add(map(reader));
        }
        return rows;
    }

    private static void AppendRange(DbCommand command, StringBuilder sql, string? metric, long? from, long? to)
    {
        AndWhere(sql, command, "metric = @metric", "@metric", DbType.String, metric);
        AndWhere(sql, command, "device_time_ms >= @from", "@from", DbType.Int64, from);
        AndWhere(sql, command, "device_time_ms < @to", "@to", DbType.Int64, to);
    }

    private static void CheckQuery(ReadingQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        RequireText(query.Device, nameof(query.Device));
        if (query.Limit is int limit)
        {
            CheckLimit(limit, 1_000_000, nameof(query.Limit));
        }
        if (query.FromUnixMs is long from && query.ToUnixMs is long to && from > to)
        {
            throw new ArgumentException($"ReadingQuery: FromUnixMs ({from}) must not be after ToUnixMs ({to})", nameof(query));
        }
    }

    private static void CheckLimit(int limit, int max, string name)
    {
        if (limit < 1 || limit > max)
        {
            throw new ArgumentOutOfRangeException(name, limit, $"{name} = {limit}: must be from 1 to {max}");
        }
    }

    private static void RequireText(string? value, string name)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            throw new ArgumentException($"{name} is required (non-empty text)", name);
        }
    }

    private static string? NullableString(DbDataReader r, int i) => r.IsDBNull(i) ? null : r.GetString(i);

    private static long? NullableInt64(DbDataReader r, int i) => r.IsDBNull(i) ? null : r.GetInt64(i);

    private static StringBuilder Csv(StringBuilder line, string field)
    {
        // RFC 4180 §2: quote fields holding a comma, quote or line break; double the quotes inside.
        if (field.AsSpan().IndexOfAny(",\"\r\n") < 0)
        {
            return line.Append(field);
        }
        return line.Append('"').Append(field.Replace("\"", "\"\"", StringComparison.Ordinal)).Append('"');
    }

    private static string IsoTime(long unixMs) =>
        DateTimeOffset.FromUnixTimeMilliseconds(unixMs).ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture);

    private static string Cut(string text, int max) => text.Length <= max ? text : text.Substring(0, max);

    private static void Count(Dictionary<string, long> counters, string name, long amount = 1)
    {
        counters.TryGetValue(name, out long value);
        counters[name] = value + amount;
    }

    private static long Min(IReadOnlyList<long> values)
    {
        long min = long.MaxValue;
        foreach (long v in values) min = Math.Min(min, v);
        return min;
    }

    private static long Max(IReadOnlyList<long> values)
    {
        long max = long.MinValue;
        foreach (long v in values) max = Math.Max(max, v);
        return max;
    }

    private long NowMs() => Time.GetUtcNow().ToUnixTimeMilliseconds();

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }
        await _audit.StopAsync().ConfigureAwait(false);
        _disposed = true;
        await _writeLock.WaitAsync().ConfigureAwait(false);
        try
        {
            if (_writer != null)
            {
                await _writer.DisposeAsync().ConfigureAwait(false);
                _writer = null;
            }
        }
        finally
        {
            _writeLock.Release();
        }
        await DisposeCoreAsync().ConfigureAwait(false);
        GC.SuppressFinalize(this);
    }

    /// <summary>Appends <c>AND {condition}</c> with its parameter when the optional filter <paramref name="value"/> is given.</summary>
    private static void AndWhere(StringBuilder sql, DbCommand command, string condition, string parameter, DbType type, object? value)
    {
        if (value == null)
        {
            return;
        }
        sql.Append(" AND ").Append(condition);
        Add(command, parameter, type, value);
    }
}
