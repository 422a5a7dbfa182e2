using System;

namespace Gateway.Ingest.Decoding;

/// <summary>Which SenML value field a resolved record carried (RFC 8428 §4.2).</summary>
public enum SenmlValueType
{
    /// <summary><c>v</c>: a number (the base value <c>bv</c> already added).</summary>
    Number,
    /// <summary><c>vb</c>: a boolean.</summary>
    Boolean,
    /// <summary><c>vs</c>: a text string.</summary>
    Text,
    /// <summary><c>vd</c>: binary data.</summary>
    Data,
}

/// <summary>Where the payload's records came from.</summary>
public enum SenmlFormat
{
    /// <summary>Not recognised (empty or too large payload).</summary>
    Unknown,
    /// <summary>SenML CBOR, RFC 8428 §6 (application/senml+cbor), the nodes' wire format.</summary>
    Cbor,
    /// <summary>SenML JSON, RFC 8428 §5 (application/senml+json): a payload whose first non-blank byte is <c>[</c>.</summary>
    Json,
}

/// <summary>
/// One SenML record after resolution (RFC 8428 §4.6): base name, base time, base unit and base value applied, plus the
/// Gateway sequence extension (<c>bseq</c>/<c>seq</c>/<c>bfloor</c>, see <c>Gateway.Firmware.Core.Codec.SenmlPackWriter</c>).
/// Exactly one of <see cref="Number"/>, <see cref="Boolean"/>, <see cref="Text"/> and <see cref="Data"/> is set.
/// </summary>
/// <param name="Name">Resolved name: base name + name, e.g. <c>env-0001/temp</c> or <c>env-0001/alarm/temp/high</c>.</param>
/// <param name="Unit">Resolved unit (<c>u</c>, else <c>bu</c>); null when there is none or it is the empty text (the node's "no unit").</param>
/// <param name="Number">Value of <c>v</c> plus <c>bv</c>, always finite.</param>
/// <param name="Boolean">Value of <c>vb</c>.</param>
/// <param name="Text">Value of <c>vs</c>.</param>
/// <param name="Data">Value of <c>vd</c> as base64url without padding (the SenML JSON form, RFC 8428 §5).</param>
/// <param name="TimeUnixMs">
/// Resolved time in milliseconds: <c>round(bt × 1000) + round(t × 1000)</c>, which gives back exactly the node's millisecond
/// times. When <paramref name="TimeIsRelative"/> is true this is relative to "now" (RFC 8428 §4.5.3), not to the epoch.
/// </param>
/// <param name="TimeIsRelative">True when the resolved time is below 2^28 s, which RFC 8428 §4.5.3 defines as relative to the current time (0 = "now").</param>
/// <param name="Sequence">Per-device sequence: <c>seq</c>, else <c>bseq</c>, else the previous record's + 1; null when the pack carries none (status packs).</param>
/// <param name="Floor">The <c>bfloor</c> in force for this record (given on this or an earlier record of the pack), or null.</param>
public sealed record SenmlRecord(
    string Name,
    string? Unit,
    double? Number,
    bool? Boolean,
    string? Text,
    string? Data,
    long TimeUnixMs,
    bool TimeIsRelative,
    long? Sequence,
    long? Floor)
{
    /// <summary>Which value field is set.</summary>
    public SenmlValueType ValueType =>
        Number.HasValue ? SenmlValueType.Number
        : Boolean.HasValue ? SenmlValueType.Boolean
        : Text != null ? SenmlValueType.Text
        : SenmlValueType.Data;

    /// <inheritdoc />
    public override string ToString() =>
        $"{Name} u={Unit ?? "-"} {ValueType}={(object?)Number ?? (object?)Boolean ?? (object?)Text ?? Data} t={TimeUnixMs}{(TimeIsRelative ? " (relative)" : "")} seq={Sequence?.ToString() ?? "-"} floor={Floor?.ToString() ?? "-"}";

    /// <summary>Value as text, for messages.</summary>
    internal string ValueText() =>
        Number.HasValue ? Number.Value.ToString("R", System.Globalization.CultureInfo.InvariantCulture)
        : Boolean.HasValue ? (Boolean.Value ? "true" : "false")
        : Text ?? Data ?? string.Empty;

    /// <summary>Converts bytes to base64url without padding (RFC 4648 §5), the SenML JSON form of <c>vd</c>.</summary>
    internal static string ToBase64Url(ReadOnlySpan<byte> bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
