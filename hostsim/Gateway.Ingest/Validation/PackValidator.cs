using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Text;
using System.Text.Json;
using System.Text.Unicode;
using Gateway.Firmware.Core.Gnss;
using Gateway.Firmware.Core.Readings;
using Gateway.Ingest.Decoding;
using Gateway.Ingest.Storage;

namespace Gateway.Ingest.Validation;

/// <summary>Outcome of <see cref="PackValidator.Validate"/> for a telemetry or alarm pack.</summary>
public sealed class PackValidation
{
    internal PackValidation(IReadOnlyList<IngestReading> readings, long? floor, string? reason, string? detail, IReadOnlyList<long> settleable)
    {
        Readings = readings;
        Floor = floor;
        Reason = reason;
        Detail = detail;
        SettleableSequences = settleable;
    }

    /// <summary>True when every record passed; the pack is then stored as <see cref="Readings"/>.</summary>
    public bool Accepted => Reason == null;

    /// <summary>The records to store (empty when refused).</summary>
    public IReadOnlyList<IngestReading> Readings { get; }

    /// <summary>The pack's <c>bfloor</c>, or null (also when refused with an untrustworthy floor).</summary>
    public long? Floor { get; }

    /// <summary>A code from <see cref="QuarantineReasons"/> when refused, else null.</summary>
    public string? Reason { get; }

    /// <summary>What was wrong: record number, name, value and what is accepted.</summary>
    public string? Detail { get; }

    /// <summary>
    /// For a refused pack: its sequences when identity and sequences were sound (see <see cref="QuarantineEntry.SettledSequences"/>);
    /// empty otherwise and for accepted packs.
    /// </summary>
    public IReadOnlyList<long> SettleableSequences { get; }
}

/// <summary>Outcome of <see cref="PackValidator.ValidateStatus"/>.</summary>
/// <param name="Status">The snapshot to keep, when accepted.</param>
/// <param name="Reason">A code from <see cref="QuarantineReasons"/> when refused.</param>
/// <param name="Detail">What was wrong.</param>
public sealed record StatusValidation(StatusUpdate? Status, string? Reason, string? Detail)
{
    /// <summary>True when the status is accepted.</summary>
    public bool Accepted => Reason == null;
}

/// <summary>Outcome of <see cref="PackValidator.ValidateReply"/>.</summary>
/// <param name="Reply">The reply to keep, when accepted.</param>
/// <param name="Reason">A code from <see cref="QuarantineReasons"/> when refused.</param>
/// <param name="Detail">What was wrong.</param>
public sealed record ReplyValidation(DeviceReply? Reply, string? Reason, string? Detail)
{
    /// <summary>True when the reply is accepted.</summary>
    public bool Accepted => Reason == null;
}

/// <summary>
/// Checks decoded packs against what a Gateway node may send, using the node's own <see cref="MetricCatalog"/> (names, units,
/// ranges, value kinds) so node and ingestion agree on one table.
/// </summary>
/// <remarks>
/// <para>Checks, in this order, the first failure deciding the reason (see <see cref="QuarantineReasons"/>):</para>
/// <list type="number">
/// <item>identity: every record's name starts with <c>{topic device}/</c> (the node's base name);</item>
/// <item>sequences (telemetry and alarm): present, 1 to <see cref="ValidationOptions.MaxSequence"/>, unique in the pack;
/// <c>bfloor</c> from 0 up to the lowest sequence;</item>
/// <item>each record: known metric (or <c>alarm/{metric}/{kind}</c>), catalog unit, the right value field, value in range (or a
/// valid constellation text), absolute time within [receive − max age, receive + max skew].</item>
/// </list>
/// <para><b>One bad record refuses the whole pack</b>: the pack is the unit the node is confirmed for, and a partly stored
/// pack would be hard to reason about. See <see cref="QuarantineReasons"/> for how refused packs are still confirmed.</para>
/// <para>Thread-safe: an instance holds only its options.</para>
/// </remarks>
public sealed class PackValidator
{
    /// <summary>Most fields in one status pack.</summary>
    public const int MaxStatusFields = 64;

    /// <summary>Longest reply text, bytes.</summary>
    public const int MaxReplyBytes = 4096;

    private static readonly string[] s_alarmKinds = { "high", "low", "excursion", "shock", "door_open_in_transit" };

    private readonly ValidationOptions _options;

    /// <summary>Creates a validator (null options: <see cref="ValidationOptions.Default"/>).</summary>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range (the message names it).</exception>
    public PackValidator(ValidationOptions? options = null)
    {
        _options = options ?? ValidationOptions.Default;
        _options.Validate();
    }

    /// <summary>The options in force.</summary>
    public ValidationOptions Options => _options;

    /// <summary>Validates a decoded telemetry or alarm pack received on <paramref name="topic"/> at <paramref name="receivedUnixMs"/>.</summary>
    /// <exception cref="ArgumentException"><paramref name="decoded"/> is a failed decode.</exception>
    public PackValidation Validate(DecodeResult decoded, UplinkTopic topic, long receivedUnixMs)
    {
        ArgumentNullException.ThrowIfNull(decoded);
        ArgumentNullException.ThrowIfNull(topic);
        if (!decoded.Success)
        {
            throw new ArgumentException("only successfully decoded packs can be validated", nameof(decoded));
        }
        IReadOnlyList<SenmlRecord> records = decoded.Records;
        string prefix = topic.Device + "/";

        if (!CheckIdentity(records, topic.Device, out string? identityDetail))
        {
            return Refused(QuarantineReasons.IdentityMismatch, identityDetail!, Array.Empty<long>(), null);
        }

        // Sequences.
        var sequences = new long[records.Count];
        var seen = new HashSet<long>();
        long lowest = long.MaxValue;
        for (int i = 0; i < records.Count; i++)
        {
            SenmlRecord record = records[i];
            if (record.Sequence is not long sequence)
            {
                return Refused(QuarantineReasons.MissingSequence,
                    $"{Where(i, record)}: has no sequence number: {topic.Channel.ToString().ToLowerInvariant()} records carry bseq (first record) or follow on from it", Array.Empty<long>(), null);
            }
            if (sequence <= 0)
            {
                return Refused(QuarantineReasons.SequenceNotPositive, $"{Where(i, record)}: sequence {sequence} must be from 1 to {ValidationOptions.MaxSequence}", Array.Empty<long>(), null);
            }
            if (sequence > ValidationOptions.MaxSequence)
            {
                return Refused(DecodeReasons.SequenceOutOfRange, $"{Where(i, record)}: sequence {sequence} must be from 1 to {ValidationOptions.MaxSequence}", Array.Empty<long>(), null);
            }
            if (!seen.Add(sequence))
            {
                return Refused(QuarantineReasons.DuplicateSequence, $"{Where(i, record)}: sequence {sequence} appears twice in the pack", Array.Empty<long>(), null);
            }
            sequences[i] = sequence;
            lowest = Math.Min(lowest, sequence);
        }

        long? floor = decoded.Floor;
        foreach (SenmlRecord record in records)
        {
            if (record.Floor is long f && (f < 0 || f > record.Sequence))
            {
                return Refused(QuarantineReasons.InvalidFloor,
                    $"bfloor {f} must be from 0 to the lowest sequence the pack carries from there on ({record.Sequence}): the node holds every record it sends", sequences, null);
            }
        }

        var readings = new List<IngestReading>(records.Count);
        for (int i = 0; i < records.Count; i++)
        {
            SenmlRecord record = records[i];
            string local = record.Name.Substring(prefix.Length);
            if (!CheckTime(i, record, receivedUnixMs, out string? timeReason, out string? timeDetail))
            {
                return Refused(timeReason!, timeDetail!, sequences, floor);
            }
            IngestReading? reading = local.StartsWith("alarm/", StringComparison.Ordinal)
                ? ToAlarm(i, record, local, out string? reason, out string? detail)
                : ToMeasurement(i, record, local, out reason, out detail);
            if (reading == null)
            {
                return Refused(reason!, detail!, sequences, floor);
            }
            readings.Add(reading);
        }
        return new PackValidation(readings, floor, null, null, Array.Empty<long>());
    }

    /// <summary>Validates a decoded status pack (identity, absolute and plausible time, field names); builds the JSON snapshot.</summary>
    /// <exception cref="ArgumentException"><paramref name="decoded"/> is a failed decode.</exception>
    public StatusValidation ValidateStatus(DecodeResult decoded, UplinkTopic topic, long receivedUnixMs)
    {
        ArgumentNullException.ThrowIfNull(decoded);
        ArgumentNullException.ThrowIfNull(topic);
        if (!decoded.Success)
        {
            throw new ArgumentException("only successfully decoded packs can be validated", nameof(decoded));
        }
        IReadOnlyList<SenmlRecord> records = decoded.Records;
        if (!CheckIdentity(records, topic.Device, out string? identityDetail))
        {
            return new StatusValidation(null, QuarantineReasons.IdentityMismatch, identityDetail);
        }
        if (records.Count > MaxStatusFields)
        {
            return new StatusValidation(null, QuarantineReasons.InvalidStatus, $"a status has at most {MaxStatusFields} fields; this one has {records.Count}");
        }
        string prefix = topic.Device + "/";
        var names = new HashSet<string>(StringComparer.Ordinal);
        long? bufferDepth = null;
        long deviceTime = records[0].TimeUnixMs;
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream))
        {
            json.WriteStartObject();
            json.WriteNumber("time_ms", deviceTime);
            for (int i = 0; i < records.Count; i++)
            {
                SenmlRecord record = records[i];
                string local = record.Name.Substring(prefix.Length);
                if (!IsStatusName(local))
                {
                    return new StatusValidation(null, QuarantineReasons.InvalidStatus,
                        $"{Where(i, record)}: status field names are 1 to 32 characters a-z 0-9 _");
                }
                if (!names.Add(local))
                {
                    return new StatusValidation(null, QuarantineReasons.InvalidStatus, $"{Where(i, record)}: status field {local} appears twice");
                }
                if (!CheckTime(i, record, receivedUnixMs, out string? timeReason, out string? timeDetail))
                {
                    return new StatusValidation(null, timeReason, timeDetail);
                }
                switch (record.ValueType)
                {
                    case SenmlValueType.Number:
                        json.WriteNumber(local, record.Number!.Value);
                        if (local == "buffer_depth" && record.Number.Value >= 0 && record.Number.Value <= long.MaxValue)
                        {
                            bufferDepth = (long)record.Number.Value;
                        }
                        break;
                    case SenmlValueType.Boolean:
                        json.WriteBoolean(local, record.Boolean!.Value);
                        break;
                    default:
                        json.WriteString(local, record.Text ?? record.Data);
                        break;
                }
            }
            json.WriteEndObject();
        }
        string text = Encoding.UTF8.GetString(stream.GetBuffer(), 0, (int)stream.Length);
        return new StatusValidation(new StatusUpdate(topic.Tenant, topic.Device, receivedUnixMs, deviceTime, text, bufferDepth), null, null);
    }

    /// <summary>Validates an <c>up/reply</c> payload: UTF-8 text, at most <see cref="MaxReplyBytes"/> bytes, no control characters but tab, CR, LF.</summary>
    public ReplyValidation ValidateReply(ReadOnlySpan<byte> payload, UplinkTopic topic, long receivedUnixMs)
    {
        ArgumentNullException.ThrowIfNull(topic);
        if (payload.Length == 0 || payload.Length > MaxReplyBytes)
        {
            return new ReplyValidation(null, QuarantineReasons.InvalidReply, $"a reply has 1 to {MaxReplyBytes} bytes; this one has {payload.Length}");
        }
        if (!Utf8.IsValid(payload))
        {
            return new ReplyValidation(null, QuarantineReasons.InvalidReply, "a reply is UTF-8 text; this one is not valid UTF-8");
        }
        string text = Encoding.UTF8.GetString(payload);
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            if (char.IsControl(c) && c != '\t' && c != '\r' && c != '\n')
            {
                return new ReplyValidation(null, QuarantineReasons.InvalidReply, $"control character U+{(int)c:X4} at position {i + 1}: a reply is key = value text lines");
            }
        }
        return new ReplyValidation(new DeviceReply(topic.Tenant, topic.Device, receivedUnixMs, text), null, null);
    }

    private static PackValidation Refused(string reason, string detail, IReadOnlyList<long> settleable, long? floor) =>
        new(Array.Empty<IngestReading>(), settleable.Count > 0 ? floor : null, reason, detail, settleable);

    private static bool CheckIdentity(IReadOnlyList<SenmlRecord> records, string device, out string? detail)
    {
        string prefix = device + "/";
        for (int i = 0; i < records.Count; i++)
        {
            string name = records[i].Name;
            if (!name.StartsWith(prefix, StringComparison.Ordinal) || name.Length == prefix.Length)
            {
                detail = $"record {i + 1}: name {UplinkTopic.Quote(name)} is not under the topic's device: names must be \"{prefix}<metric>\" (base name \"{prefix}\")";
                return false;
            }
        }
        detail = null;
        return true;
    }

    private bool CheckTime(int index, SenmlRecord record, long receivedUnixMs, out string? reason, out string? detail)
    {
        reason = null;
        detail = null;
        if (record.TimeIsRelative)
        {
            reason = QuarantineReasons.TimeNotAbsolute;
            detail = $"{Where(index, record)}: time {record.TimeUnixMs} ms is relative to \"now\" (below 2^28 s, RFC 8428 §4.5.3): nodes send absolute Unix times (bt)";
            return false;
        }
        long latest = receivedUnixMs + (long)_options.MaxFutureSkew.TotalMilliseconds;
        long earliest = receivedUnixMs - (long)_options.MaxAge.TotalMilliseconds;
        if (record.TimeUnixMs > latest)
        {
            reason = QuarantineReasons.TimeInFuture;
            detail = $"{Where(index, record)}: time {Iso(record.TimeUnixMs)} is more than {Describe(_options.MaxFutureSkew)} after the receive time {Iso(receivedUnixMs)}";
            return false;
        }
        if (record.TimeUnixMs < earliest)
        {
            reason = QuarantineReasons.TimeTooOld;
            detail = $"{Where(index, record)}: time {Iso(record.TimeUnixMs)} is more than {Describe(_options.MaxAge)} before the receive time {Iso(receivedUnixMs)}";
            return false;
        }
        return true;
    }

    private static IngestReading? ToMeasurement(int index, SenmlRecord record, string local, out string? reason, out string? detail)
    {
        reason = null;
        detail = null;
        if (!MetricCatalog.TryFindByName(local, out MetricId metric))
        {
            reason = QuarantineReasons.UnknownMetric;
            detail = $"{Where(index, record)}: {UplinkTopic.Quote(local)} is not a catalog metric (temp, rh, press, pm1, pm2_5, pm10, co2, tvoc, noise, lux, lat, lon, alt, speed, course, fix, sats, gnss, accel, tilt, door, cargo_temp, battery, rssi) nor alarm/{{metric}}/{{kind}}";
            return null;
        }
        string catalogUnit = MetricCatalog.Unit(metric);
        string? expectedUnit = catalogUnit.Length == 0 ? null : catalogUnit;
        if (!string.Equals(record.Unit, expectedUnit, StringComparison.Ordinal))
        {
            reason = QuarantineReasons.UnitMismatch;
            detail = $"{Where(index, record)}: unit {(record.Unit == null ? "(none)" : UplinkTopic.Quote(record.Unit))}; {local} takes {(expectedUnit == null ? "no unit" : "\"" + expectedUnit + "\"")}";
            return null;
        }
        switch (MetricCatalog.ValueKind(metric))
        {
            case SenmlValueKind.Boolean:
                if (record.Boolean is not bool flag)
                {
                    reason = QuarantineReasons.WrongValueKind;
                    detail = $"{Where(index, record)}: {local} is a yes/no metric and takes vb (true or false); found {record.ValueType.ToString().ToLowerInvariant()} {UplinkTopic.Quote(record.ValueText())}";
                    return null;
                }
                return new IngestReading(record.Sequence!.Value, local, null, StoredReadingKind.Measurement, null, flag ? 1 : 0, flag, null, record.TimeUnixMs);
            case SenmlValueKind.Text:
                if (record.Text == null)
                {
                    reason = QuarantineReasons.WrongValueKind;
                    detail = $"{Where(index, record)}: {local} takes vs (constellation text such as GPS+BDS); found {record.ValueType.ToString().ToLowerInvariant()}";
                    return null;
                }
                if (!GnssConstellations.TryParse(record.Text, out GnssConstellation set))
                {
                    reason = QuarantineReasons.InvalidTextValue;
                    detail = $"{Where(index, record)}: {UplinkTopic.Quote(record.Text)} is not a constellation set: names GPS, GLONASS, Galileo, BDS, QZSS, NavIC joined by '+', each once, or none";
                    return null;
                }
                return new IngestReading(record.Sequence!.Value, local, null, StoredReadingKind.Measurement, null, (int)set, null, GnssConstellations.ToText(set), record.TimeUnixMs);
            default:
                if (record.Number is not double value)
                {
                    bool notFinite = record.Text is "NaN" or "Infinity" or "-Infinity";
                    reason = notFinite ? DecodeReasons.ValueNotFinite : QuarantineReasons.WrongValueKind;
                    detail = notFinite
                        ? $"{Where(index, record)}: {local} is {record.Text} (sent as text because JSON has no such number): only finite numbers are accepted"
                        : $"{Where(index, record)}: {local} is a number and takes v; found {record.ValueType.ToString().ToLowerInvariant()} {UplinkTopic.Quote(record.ValueText())}";
                    return null;
                }
                if (!MetricCatalog.IsPlausible(metric, value))
                {
                    reason = QuarantineReasons.ValueOutOfRange;
                    detail = $"{Where(index, record)}: {local} = {Format(value)} is outside {Format(MetricCatalog.Minimum(metric))} to {Format(MetricCatalog.Maximum(metric))}{(expectedUnit == null ? "" : " " + expectedUnit)}";
                    return null;
                }
                return new IngestReading(record.Sequence!.Value, local, expectedUnit, StoredReadingKind.Measurement, null, value, null, null, record.TimeUnixMs);
        }
    }

    private static IngestReading? ToAlarm(int index, SenmlRecord record, string local, out string? reason, out string? detail)
    {
        reason = null;
        detail = null;
        string[] parts = local.Split('/');
        if (parts.Length != 3 || Array.IndexOf(s_alarmKinds, parts[2]) < 0)
        {
            reason = QuarantineReasons.InvalidAlarm;
            detail = $"{Where(index, record)}: alarm records are named alarm/{{metric}}/{{kind}} with kind high, low, excursion, shock or door_open_in_transit";
            return null;
        }
        if (!MetricCatalog.TryFindByName(parts[1], out _))
        {
            reason = QuarantineReasons.UnknownMetric;
            detail = $"{Where(index, record)}: alarm about {UplinkTopic.Quote(parts[1])}, which is not a catalog metric";
            return null;
        }
        if (record.Unit != null)
        {
            reason = QuarantineReasons.UnitMismatch;
            detail = $"{Where(index, record)}: unit {UplinkTopic.Quote(record.Unit)}; alarm records take no unit";
            return null;
        }
        if (record.Boolean is not bool raised)
        {
            reason = QuarantineReasons.WrongValueKind;
            detail = $"{Where(index, record)}: alarm records take vb (true = raised, false = cleared); found {record.ValueType.ToString().ToLowerInvariant()}";
            return null;
        }
        return new IngestReading(record.Sequence!.Value, parts[1], null, StoredReadingKind.Alarm, parts[2], raised ? 1 : 0, raised, null, record.TimeUnixMs);
    }

    private static bool IsStatusName(string name)
    {
        if (name.Length == 0 || name.Length > 32)
        {
            return false;
        }
        foreach (char c in name)
        {
            if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_'))
            {
                return false;
            }
        }
        return true;
    }

    private static string Where(int index, SenmlRecord record) => $"record {index + 1} ({record.Name})";

    private static string Format(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    private static string Iso(long unixMs) =>
        unixMs >= -62135596800000 && unixMs <= 253402300799999
            ? DateTimeOffset.FromUnixTimeMilliseconds(unixMs).ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture)
            : unixMs.ToString(CultureInfo.InvariantCulture) + " ms";

    private static string Describe(TimeSpan span) =>
        span.TotalDays >= 1 && span.TotalDays == Math.Floor(span.TotalDays)
            ? $"{span.TotalDays.ToString(CultureInfo.InvariantCulture)} day{(span.TotalDays == 1 ? "" : "s")}"
            : $"{span.TotalSeconds.ToString(CultureInfo.InvariantCulture)} s";
}
