using System;
using System.Collections.Generic;

namespace Gateway.Ingest.Decoding;

/// <summary>Outcome of <see cref="SenmlDecoder.Decode"/>: the resolved records, or why the payload was refused.</summary>
public sealed class DecodeResult
{
    private DecodeResult(SenmlFormat format, IReadOnlyList<SenmlRecord> records, string? reason, string? message)
    {
        Format = format;
        Records = records;
        Reason = reason;
        Message = message;
    }

    /// <summary>True when every record decoded; false when the whole payload is refused (<see cref="Reason"/> says why).</summary>
    public bool Success => Reason == null;

    /// <summary>Representation detected from the first byte.</summary>
    public SenmlFormat Format { get; }

    /// <summary>Resolved records in pack order; empty on failure.</summary>
    public IReadOnlyList<SenmlRecord> Records { get; }

    /// <summary>One of <see cref="DecodeReasons"/> on failure, else null.</summary>
    public string? Reason { get; }

    /// <summary>Human-readable explanation on failure (record, field, what is accepted, byte offset for CBOR), else null.</summary>
    public string? Message { get; }

    /// <summary>Highest <c>bfloor</c> in the pack, or null when it has none.</summary>
    public long? Floor
    {
        get
        {
            long? floor = null;
            foreach (SenmlRecord record in Records)
            {
                if (record.Floor is long f && (floor == null || f > floor))
                {
                    floor = f;
                }
            }
            return floor;
        }
    }

    internal static DecodeResult Ok(SenmlFormat format, IReadOnlyList<SenmlRecord> records) => new(format, records, null, null);

    internal static DecodeResult Fail(SenmlFormat format, string reason, string message) =>
        new(format, Array.Empty<SenmlRecord>(), reason, message);

    /// <inheritdoc />
    public override string ToString() => Success ? $"{Format}: {Records.Count} records" : $"{Format}: {Reason}: {Message}";
}
