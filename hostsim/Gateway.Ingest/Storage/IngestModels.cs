using System;
using System.Collections.Generic;

namespace Gateway.Ingest.Storage;

/// <summary>Whether a stored record is a routine measurement or an alarm event.</summary>
public enum StoredReadingKind
{
    /// <summary>A measurement of a catalog metric (column value <c>measurement</c>).</summary>
    Measurement,
    /// <summary>An alarm event <c>alarm/{metric}/{kind}</c> (column value <c>alarm</c>); also written to the alarms table.</summary>
    Alarm,
}

/// <summary>One validated record, ready to store.</summary>
/// <param name="Sequence">Per-device sequence number (1 to 999999999999999999).</param>
/// <param name="Metric">Catalog name of the metric (<c>temp</c>); for an alarm, the metric the alarm is about.</param>
/// <param name="Unit">Catalog unit, or null for unitless metrics and alarms.</param>
/// <param name="Kind">Measurement or alarm.</param>
/// <param name="AlarmKind">For alarms: <c>high</c>, <c>low</c>, <c>excursion</c>, <c>shock</c> or <c>door_open_in_transit</c>; else null.</param>
/// <param name="Value">Numeric value: the number, 0/1 for booleans and alarms, the constellation bit set for <c>gnss</c>.</param>
/// <param name="BooleanValue">For booleans (<c>door</c>) and alarms (true = raised), else null.</param>
/// <param name="TextValue">For text metrics (<c>gnss</c>, canonical text such as <c>GPS+BDS</c>), else null.</param>
/// <param name="DeviceTimeUnixMs">Device time of the reading, ms since the Unix epoch.</param>
public sealed record IngestReading(
    long Sequence,
    string Metric,
    string? Unit,
    StoredReadingKind Kind,
    string? AlarmKind,
    double Value,
    bool? BooleanValue,
    string? TextValue,
    long DeviceTimeUnixMs)
{
    /// <summary>Name stored in the readings table's <c>metric</c> column: <c>temp</c>, or <c>alarm/temp/high</c> for an alarm.</summary>
    public string StoredName => Kind == StoredReadingKind.Alarm ? $"alarm/{Metric}/{AlarmKind}" : Metric;
}

/// <summary>An accepted telemetry or alarm pack of one device.</summary>
/// <param name="Tenant">Tenant from the topic.</param>
/// <param name="Device">Device id from the topic (equal to the pack's base name).</param>
/// <param name="ReceivedUnixMs">When ingestion received the message.</param>
/// <param name="Readings">The pack's records.</param>
/// <param name="Floor">The pack's <c>bfloor</c>, or null.</param>
public sealed record IngestMessage(string Tenant, string Device, long ReceivedUnixMs, IReadOnlyList<IngestReading> Readings, long? Floor);

/// <summary>A message kept aside instead of stored, with the reason.</summary>
/// <param name="ReceivedUnixMs">When ingestion received it.</param>
/// <param name="Topic">The MQTT topic as received.</param>
/// <param name="Tenant">Tenant from the topic, when the topic could be parsed.</param>
/// <param name="Device">Device from the topic, when the topic could be parsed.</param>
/// <param name="Reason">A code from <c>Validation.QuarantineReasons</c>.</param>
/// <param name="Detail">What exactly was wrong (record, field, what is accepted).</param>
/// <param name="Payload">The payload as received (the store keeps at most <see cref="MaxStoredPayloadBytes"/> of it).</param>
public sealed record QuarantineEntry(long ReceivedUnixMs, string Topic, string? Tenant, string? Device, string Reason, string Detail, ReadOnlyMemory<byte> Payload)
{
    /// <summary>Most payload bytes kept per quarantined message; the detail notes a cut.</summary>
    public const int MaxStoredPayloadBytes = 64 * 1024;

    /// <summary>
    /// Sequences this refused pack carried, when they can be trusted (identity matched, sequences well-formed). They count as
    /// handled for the device's contiguous sequence, so that a pack that can never pass validation does not block the node's
    /// buffer forever: the node is confirmed past it and the content stays here, in quarantine, for review.
    /// </summary>
    public IReadOnlyList<long> SettledSequences { get; init; } = Array.Empty<long>();

    /// <summary>The refused pack's <c>bfloor</c>, applied like an accepted pack's when <see cref="SettledSequences"/> is not empty.</summary>
    public long? Floor { get; init; }
}

/// <summary>A status snapshot (<c>up/status</c>) to keep as the device's last status.</summary>
/// <param name="Tenant">Tenant from the topic.</param>
/// <param name="Device">Device id.</param>
/// <param name="ReceivedUnixMs">When it was received.</param>
/// <param name="DeviceTimeUnixMs">Device time of the report.</param>
/// <param name="StatusJson">The report as a JSON object: <c>{"time_ms":…, "fw":"1.2.3", "uptime":3600, …}</c>.</param>
/// <param name="BufferDepth">Readings the node still buffers unconfirmed (<c>buffer_depth</c>), when reported.</param>
public sealed record StatusUpdate(string Tenant, string Device, long ReceivedUnixMs, long DeviceTimeUnixMs, string StatusJson, long? BufferDepth);

/// <summary>A node's text reply (<c>up/reply</c>) to a downlink command or configuration.</summary>
/// <param name="Tenant">Tenant from the topic.</param>
/// <param name="Device">Device id.</param>
/// <param name="ReceivedUnixMs">When it was received.</param>
/// <param name="Text">The reply text (<c>result = accepted</c> …).</param>
public sealed record DeviceReply(string Tenant, string Device, long ReceivedUnixMs, string Text);

/// <summary>Everything one pipeline batch writes, committed in one transaction.</summary>
public sealed class IngestBatch
{
    /// <summary>Accepted reading packs.</summary>
    public IReadOnlyList<IngestMessage> Messages { get; init; } = Array.Empty<IngestMessage>();

    /// <summary>Refused messages.</summary>
    public IReadOnlyList<QuarantineEntry> Quarantined { get; init; } = Array.Empty<QuarantineEntry>();

    /// <summary>Status snapshots.</summary>
    public IReadOnlyList<StatusUpdate> Statuses { get; init; } = Array.Empty<StatusUpdate>();

    /// <summary>Command replies.</summary>
    public IReadOnlyList<DeviceReply> Replies { get; init; } = Array.Empty<DeviceReply>();

    /// <summary>Commit time recorded for gaps and device state, ms since the Unix epoch.</summary>
    public long NowUnixMs { get; init; }

    /// <summary>True when there is nothing to write.</summary>
    public bool IsEmpty => Messages.Count == 0 && Quarantined.Count == 0 && Statuses.Count == 0 && Replies.Count == 0;
}

/// <summary>An inclusive range of sequence numbers.</summary>
/// <param name="From">First sequence.</param>
/// <param name="To">Last sequence (≥ <paramref name="From"/>).</param>
public readonly record struct SequenceRange(long From, long To)
{
    /// <summary>Number of sequences in the range.</summary>
    public long Count => To - From + 1;

    /// <inheritdoc />
    public override string ToString() => From == To ? From.ToString(System.Globalization.CultureInfo.InvariantCulture) : $"{From}-{To}";
}

/// <summary>What a batch did for one device's sequence stream.</summary>
/// <param name="Tenant">Tenant of the device's latest message in the batch.</param>
/// <param name="Device">Device id.</param>
/// <param name="Stored">Readings newly stored.</param>
/// <param name="Duplicates">Readings already stored before (replays), not stored again.</param>
/// <param name="Settled">Sequences of quarantined packs counted as handled.</param>
/// <param name="PreviousContiguousThrough">Contiguous sequence before the batch (0 = none).</param>
/// <param name="ContiguousThrough">Highest sequence such that every sequence up to it is stored, settled or known evicted: what <c>down/ack</c> confirms.</param>
/// <param name="MaxSequence">Highest sequence stored, settled or known evicted.</param>
/// <param name="Floor">Highest <c>bfloor</c> the device reported.</param>
/// <param name="OpenGaps">Missing ranges between <paramref name="ContiguousThrough"/> and <paramref name="MaxSequence"/>, lowest first.</param>
/// <param name="OldestOpenGapFirstSeenUnixMs">When the lowest open gap was first seen, or null when there is none.</param>
/// <param name="GapsOpened">New missing ranges this batch detected.</param>
/// <param name="SequencesEvicted">Sequences this batch newly recorded as evicted (below the device's <c>bfloor</c>, never received).</param>
public sealed record DeviceStoreResult(
    string Tenant,
    string Device,
    int Stored,
    int Duplicates,
    int Settled,
    long PreviousContiguousThrough,
    long ContiguousThrough,
    long MaxSequence,
    long Floor,
    IReadOnlyList<SequenceRange> OpenGaps,
    long? OldestOpenGapFirstSeenUnixMs,
    int GapsOpened,
    long SequencesEvicted);

/// <summary>Result of <see cref="IReadingStore.StoreBatchAsync(IngestBatch, System.Threading.CancellationToken)"/>, known only after the commit.</summary>
/// <param name="Devices">One entry per device whose sequence stream the batch touched.</param>
/// <param name="Quarantined">Messages written to quarantine.</param>
/// <param name="Statuses">Status snapshots written.</param>
/// <param name="Replies">Replies written.</param>
public sealed record StoreBatchResult(IReadOnlyList<DeviceStoreResult> Devices, int Quarantined, int Statuses, int Replies)
{
    /// <summary>Readings newly stored, all devices.</summary>
    public int Stored
    {
        get
        {
            int total = 0;
            foreach (DeviceStoreResult device in Devices)
            {
                total += device.Stored;
            }
            return total;
        }
    }

    /// <summary>Replayed readings, all devices.</summary>
    public int Duplicates
    {
        get
        {
            int total = 0;
            foreach (DeviceStoreResult device in Devices)
            {
                total += device.Duplicates;
            }
            return total;
        }
    }
}
