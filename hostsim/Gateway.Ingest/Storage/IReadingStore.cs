using System;
using System.Collections.Generic;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using Gateway.Ingest.Audit;

namespace Gateway.Ingest.Storage;

/// <summary>
/// Durable storage of ingested data: readings (de-duplicated on device and sequence), alarms, quarantine, device state,
/// sequence gaps, audit log and counters. Every write method returns only after its transaction is committed durably,
/// which is what lets ingestion confirm to the device (<c>down/ack</c>) and acknowledge the MQTT message afterwards.
/// </summary>
/// <remarks>
/// Implementations: <see cref="SqliteReadingStore"/> (default, one file). The SQL lives in <see cref="SqlReadingStore"/>, with
/// the dialect differences isolated in <see cref="SqlDialect"/>, so a PostgreSQL store is a dialect plus a connection factory.
/// All methods are thread-safe; writes are serialized.
/// </remarks>
public interface IReadingStore : IAsyncDisposable
{
    /// <summary>Audit log writing to this store's <c>audit</c> table (thread-safe, never throws).</summary>
    IAuditLog AuditLog { get; }

    /// <summary>Creates or migrates the schema (recorded in <c>schema_version</c>). Called once before any other method.</summary>
    Task InitializeAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Writes a whole batch in ONE transaction: readings (<c>INSERT … ON CONFLICT DO NOTHING</c>; replays counted as
    /// duplicates), alarms, quarantined messages, statuses, replies, gap bookkeeping, device state and counters. Returns,
    /// per device whose sequence stream was touched, the new contiguous sequence to confirm. Throws when the commit fails;
    /// nothing is then written.
    /// </summary>
    Task<StoreBatchResult> StoreBatchAsync(IngestBatch batch, CancellationToken cancellationToken = default);

    /// <summary>Stores accepted packs in one transaction (a <see cref="StoreBatchAsync(IngestBatch, CancellationToken)"/> with only messages).</summary>
    Task<StoreBatchResult> StoreBatchAsync(IReadOnlyList<IngestMessage> messages, CancellationToken cancellationToken = default);

    /// <summary>Writes one refused message to quarantine.</summary>
    Task QuarantineAsync(QuarantineEntry entry, CancellationToken cancellationToken = default);

    /// <summary>Keeps a status snapshot as the device's last status.</summary>
    Task UpsertStatusAsync(StatusUpdate status, CancellationToken cancellationToken = default);

    /// <summary>Devices known to the store, optionally of one tenant, ordered by device id.</summary>
    Task<IReadOnlyList<DeviceSummary>> ListDevicesAsync(string? tenant = null, CancellationToken cancellationToken = default);

    /// <summary>One device's state, or null when unknown.</summary>
    Task<DeviceSummary?> GetDeviceAsync(string device, CancellationToken cancellationToken = default);

    /// <summary>Readings of a device, by device time then sequence.</summary>
    Task<IReadOnlyList<StoredReading>> QueryReadingsAsync(ReadingQuery query, CancellationToken cancellationToken = default);

    /// <summary>Measurements of a device averaged per time bucket of <paramref name="stepMs"/> (downsampling for charts).</summary>
    Task<IReadOnlyList<ReadingBucket>> QueryBucketsAsync(ReadingQuery query, long stepMs, CancellationToken cancellationToken = default);

    /// <summary>Streams readings as CSV (RFC 4180, header line first) to <paramref name="output"/>; returns the number of data rows.</summary>
    Task<long> ExportCsvAsync(ReadingQuery query, TextWriter output, CancellationToken cancellationToken = default);

    /// <summary>Alarm events, newest first.</summary>
    Task<IReadOnlyList<StoredAlarm>> ListAlarmsAsync(AlarmQuery query, CancellationToken cancellationToken = default);

    /// <summary>Gap records of a device, lowest sequence first.</summary>
    Task<IReadOnlyList<GapRecord>> ListGapsAsync(string device, bool openOnly, CancellationToken cancellationToken = default);

    /// <summary>Quarantined messages, newest first.</summary>
    Task<IReadOnlyList<QuarantineRecord>> ListQuarantineAsync(QuarantineQuery query, CancellationToken cancellationToken = default);

    /// <summary>Audit entries, newest first.</summary>
    Task<IReadOnlyList<AuditEvent>> ListAuditAsync(AuditQuery query, CancellationToken cancellationToken = default);

    /// <summary>Persistent counters (<c>readings_stored</c>, <c>duplicates</c>, <c>quarantined.{reason}</c>, …).</summary>
    Task<IReadOnlyDictionary<string, long>> ReadCountersAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Retention: deletes readings and alarms whose device time, quarantined messages whose receive time, and closed or
    /// evicted gap records older than <paramref name="days"/> days (1 to 36500). Audited (<see cref="AuditKinds.Retention"/>).
    /// </summary>
    Task<RetentionResult> DeleteOlderThanAsync(int days, CancellationToken cancellationToken = default);

    /// <summary>Deletes everything stored about a device (readings, alarms, gaps, quarantine, state). Audited (<see cref="AuditKinds.Deletion"/>).</summary>
    Task<DeviceDeletionResult> DeleteDeviceAsync(string device, string requestedBy, CancellationToken cancellationToken = default);

    /// <summary>
    /// Rounds stored <c>lat</c>/<c>lon</c> readings of one device (or all, when null) to <paramref name="decimals"/> decimal
    /// places (0 to 7; 3 ≈ 110 m) to reduce how precisely movements can be traced. Returns rows changed. Audited.
    /// </summary>
    Task<long> CoarsenPositionsAsync(string? device, int decimals, CancellationToken cancellationToken = default);

    /// <summary>Deletes audit entries older than <paramref name="days"/> days; at least 180 days are always kept. Returns rows deleted.</summary>
    Task<long> DeleteAuditOlderThanAsync(int days = SqlReadingStore.MinimumAuditRetentionDays, CancellationToken cancellationToken = default);
}

/// <summary>A device as the store knows it.</summary>
/// <param name="Device">Device id.</param>
/// <param name="Tenant">Tenant of its latest message.</param>
/// <param name="Kind">Guess from its metrics: <c>environmental</c> or <c>logistics</c>, or null.</param>
/// <param name="FirstSeenUnixMs">First message stored.</param>
/// <param name="LastSeenUnixMs">Latest message received.</param>
/// <param name="ContiguousThrough">Highest sequence confirmed to the device (every lower one stored, settled or evicted).</param>
/// <param name="MaxSequence">Highest sequence seen.</param>
/// <param name="Floor">Highest <c>bfloor</c> reported.</param>
/// <param name="OpenGaps">Missing sequence ranges not filled yet.</param>
/// <param name="EvictedSequences">Sequences recorded as evicted by the node before it could send them.</param>
/// <param name="ReadingsStored">Readings stored.</param>
/// <param name="Duplicates">Replayed readings seen.</param>
/// <param name="BatteryVolts">Latest <c>battery</c> reading.</param>
/// <param name="BufferDepth">Latest reported buffer depth.</param>
/// <param name="LastStatusJson">Latest status snapshot as JSON.</param>
/// <param name="LastStatusUnixMs">When it was received.</param>
/// <param name="LastReply">Latest command reply text.</param>
/// <param name="LastReplyUnixMs">When it was received.</param>
public sealed record DeviceSummary(
    string Device,
    string Tenant,
    string? Kind,
    long FirstSeenUnixMs,
    long LastSeenUnixMs,
    long ContiguousThrough,
    long MaxSequence,
    long Floor,
    int OpenGaps,
    long EvictedSequences,
    long ReadingsStored,
    long Duplicates,
    double? BatteryVolts,
    long? BufferDepth,
    string? LastStatusJson,
    long? LastStatusUnixMs,
    string? LastReply,
    long? LastReplyUnixMs);

/// <summary>Which readings to return.</summary>
/// <param name="Device">Device id.</param>
public sealed record ReadingQuery(string Device)
{
    /// <summary>Stored metric name (<c>temp</c>, <c>alarm/temp/high</c>), or null for all.</summary>
    public string? Metric { get; init; }

    /// <summary>Inclusive lower bound of device time, or null.</summary>
    public long? FromUnixMs { get; init; }

    /// <summary>Exclusive upper bound of device time, or null.</summary>
    public long? ToUnixMs { get; init; }

    /// <summary>Most rows returned (1 to 1000000); null for no limit (CSV export).</summary>
    public int? Limit { get; init; } = 10_000;
}

/// <summary>One stored reading.</summary>
/// <param name="Tenant">Tenant.</param>
/// <param name="Device">Device id.</param>
/// <param name="Sequence">Sequence number.</param>
/// <param name="Metric">Stored metric name (<c>temp</c>, <c>alarm/temp/high</c>).</param>
/// <param name="Unit">Unit, or null.</param>
/// <param name="Kind">Measurement or alarm.</param>
/// <param name="Value">Numeric value (0/1 for booleans and alarms, bit set for <c>gnss</c>).</param>
/// <param name="BooleanValue">For booleans and alarms.</param>
/// <param name="TextValue">For text metrics.</param>
/// <param name="DeviceTimeUnixMs">Device time.</param>
/// <param name="ReceivedUnixMs">Receive time.</param>
public sealed record StoredReading(string Tenant, string Device, long Sequence, string Metric, string? Unit, StoredReadingKind Kind,
    double Value, bool? BooleanValue, string? TextValue, long DeviceTimeUnixMs, long ReceivedUnixMs);

/// <summary>Measurements of one metric in one time bucket.</summary>
/// <param name="Metric">Metric name.</param>
/// <param name="BucketStartUnixMs">Start of the bucket (a multiple of the step).</param>
/// <param name="Average">Mean value.</param>
/// <param name="Minimum">Smallest value.</param>
/// <param name="Maximum">Largest value.</param>
/// <param name="Count">Readings in the bucket.</param>
public sealed record ReadingBucket(string Metric, long BucketStartUnixMs, double Average, double Minimum, double Maximum, long Count);

/// <summary>Which alarms to return.</summary>
public sealed record AlarmQuery
{
    /// <summary>One device, or null for all.</summary>
    public string? Device { get; init; }

    /// <summary>One tenant, or null for all.</summary>
    public string? Tenant { get; init; }

    /// <summary>Inclusive lower bound of device time.</summary>
    public long? FromUnixMs { get; init; }

    /// <summary>Exclusive upper bound of device time.</summary>
    public long? ToUnixMs { get; init; }

    /// <summary>Most rows (1 to 100000).</summary>
    public int Limit { get; init; } = 1000;
}

/// <summary>One alarm event.</summary>
/// <param name="Tenant">Tenant.</param>
/// <param name="Device">Device id.</param>
/// <param name="Sequence">Sequence of the event.</param>
/// <param name="Metric">Metric the alarm is about.</param>
/// <param name="Kind"><c>high</c>, <c>low</c>, <c>excursion</c>, <c>shock</c> or <c>door_open_in_transit</c>.</param>
/// <param name="Raised">True when raised, false when cleared.</param>
/// <param name="DeviceTimeUnixMs">Device time.</param>
/// <param name="ReceivedUnixMs">Receive time.</param>
public sealed record StoredAlarm(string Tenant, string Device, long Sequence, string Metric, string Kind, bool Raised, long DeviceTimeUnixMs, long ReceivedUnixMs);

/// <summary>A gap record: sequences that were missing (or evicted) for a device.</summary>
/// <param name="Device">Device id.</param>
/// <param name="FromSequence">First missing sequence.</param>
/// <param name="ToSequence">Last missing sequence.</param>
/// <param name="FirstSeenUnixMs">When ingestion first noticed them missing.</param>
/// <param name="Reason"><c>missing</c> (may still arrive) or <c>evicted</c> (below the node's <c>bfloor</c>: lost on the node).</param>
/// <param name="FilledAtUnixMs">When sequences inside arrived (the rest, if any, is recorded as new rows), or null while open.</param>
public sealed record GapRecord(string Device, long FromSequence, long ToSequence, long FirstSeenUnixMs, string Reason, long? FilledAtUnixMs);

/// <summary>Which quarantined messages to return.</summary>
public sealed record QuarantineQuery
{
    /// <summary>One device, or null for all.</summary>
    public string? Device { get; init; }

    /// <summary>One reason code, or null for all.</summary>
    public string? Reason { get; init; }

    /// <summary>Inclusive lower bound of receive time.</summary>
    public long? FromUnixMs { get; init; }

    /// <summary>Most rows (1 to 100000).</summary>
    public int Limit { get; init; } = 1000;
}

/// <summary>A quarantined message.</summary>
/// <param name="Id">Row id.</param>
/// <param name="ReceivedUnixMs">Receive time.</param>
/// <param name="Topic">Topic as received.</param>
/// <param name="Tenant">Tenant, when the topic could be parsed.</param>
/// <param name="Device">Device, when the topic could be parsed.</param>
/// <param name="Reason">Reason code.</param>
/// <param name="Detail">What was wrong.</param>
/// <param name="Payload">The payload (at most <see cref="QuarantineEntry.MaxStoredPayloadBytes"/> bytes).</param>
/// <param name="PayloadSize">Size of the payload as received.</param>
/// <param name="FirstSettledSequence">Lowest settled sequence, or null.</param>
/// <param name="LastSettledSequence">Highest settled sequence, or null.</param>
public sealed record QuarantineRecord(long Id, long ReceivedUnixMs, string Topic, string? Tenant, string? Device, string Reason, string Detail,
    byte[] Payload, int PayloadSize, long? FirstSettledSequence, long? LastSettledSequence);

/// <summary>Which audit entries to return.</summary>
public sealed record AuditQuery
{
    /// <summary>One kind (<see cref="AuditKinds"/>), or null for all.</summary>
    public string? Kind { get; init; }

    /// <summary>One subject, or null for all.</summary>
    public string? Subject { get; init; }

    /// <summary>Inclusive lower bound of time.</summary>
    public long? FromUnixMs { get; init; }

    /// <summary>Most rows (1 to 100000).</summary>
    public int Limit { get; init; } = 1000;
}

/// <summary>Rows deleted by a retention run.</summary>
/// <param name="Readings">Readings deleted.</param>
/// <param name="Alarms">Alarms deleted.</param>
/// <param name="Quarantined">Quarantined messages deleted.</param>
/// <param name="Gaps">Gap records deleted.</param>
public sealed record RetentionResult(long Readings, long Alarms, long Quarantined, long Gaps)
{
    /// <summary>All rows deleted.</summary>
    public long Total => Readings + Alarms + Quarantined + Gaps;
}

/// <summary>Rows deleted with a device.</summary>
/// <param name="Readings">Readings deleted.</param>
/// <param name="Alarms">Alarms deleted.</param>
/// <param name="Gaps">Gap records deleted.</param>
/// <param name="Quarantined">Quarantined messages deleted.</param>
/// <param name="StateDeleted">True when the device had a state row.</param>
public sealed record DeviceDeletionResult(long Readings, long Alarms, long Gaps, long Quarantined, bool StateDeleted);
