using System.Collections.Generic;

namespace Gateway.Ingest.Decoding;

/// <summary>
/// Reason codes of <see cref="SenmlDecoder"/> failures: a fixed set of snake_case strings, stored with quarantined messages
/// and used as the <c>reason</c> label of the rejection counters. The message that goes with a code names the record, the
/// field and what is accepted.
/// </summary>
public static class DecodeReasons
{
    /// <summary>The payload has no bytes.</summary>
    public const string PayloadEmpty = "payload_empty";
    /// <summary>The payload is larger than <see cref="SenmlDecoderLimits.MaxPayloadBytes"/>.</summary>
    public const string PayloadTooLarge = "payload_too_large";
    /// <summary>The top-level item is not an array of records (RFC 8428 §4: a pack is an array).</summary>
    public const string NotAPack = "not_a_pack";
    /// <summary>The pack has no records (RFC 8428 §4: at least one).</summary>
    public const string PackEmpty = "pack_empty";
    /// <summary>More records than <see cref="SenmlDecoderLimits.MaxRecords"/>.</summary>
    public const string TooManyRecords = "too_many_records";
    /// <summary>An element of the pack is not a map / object.</summary>
    public const string RecordNotAMap = "record_not_a_map";
    /// <summary>The CBOR data ends inside an item, or an item declares more content than the payload holds.</summary>
    public const string Truncated = "truncated";
    /// <summary>Not well-formed CBOR (reserved additional information, a stray break code, a simple value below 32).</summary>
    public const string MalformedCbor = "malformed_cbor";
    /// <summary>Not well-formed JSON (RFC 8259).</summary>
    public const string MalformedJson = "malformed_json";
    /// <summary>Bytes after the end of the pack.</summary>
    public const string TrailingData = "trailing_data";
    /// <summary>An indefinite-length CBOR item; packs must use definite lengths (RFC 8949 §4.2.1 preferred serialization).</summary>
    public const string IndefiniteLength = "indefinite_length";
    /// <summary>A text string that is not valid UTF-8.</summary>
    public const string InvalidUtf8 = "invalid_utf8";
    /// <summary>An (ignored) unknown field's value nests arrays/maps/tags deeper than <see cref="SenmlDecoderLimits.MaxNestingDepth"/>.</summary>
    public const string NestingTooDeep = "nesting_too_deep";
    /// <summary>A text, byte string or label longer than <see cref="SenmlDecoderLimits.MaxStringBytes"/>.</summary>
    public const string StringTooLong = "string_too_long";
    /// <summary>A field's value has the wrong data type (e.g. text where a number is required).</summary>
    public const string WrongType = "wrong_type";
    /// <summary>A label of the wrong kind: in CBOR a registered field written as text (<c>"n"</c> instead of 0), or a label that is neither integer nor text.</summary>
    public const string InvalidLabel = "invalid_label";
    /// <summary>The same label twice in one record.</summary>
    public const string DuplicateLabel = "duplicate_label";
    /// <summary>An unknown label ending in <c>_</c>, which RFC 8428 §4.4 says must be understood.</summary>
    public const string MustUnderstandLabel = "must_understand_label";
    /// <summary><c>bver</c> above 10 (RFC 8428 §4.4) or not a positive integer.</summary>
    public const string UnsupportedVersion = "unsupported_version";
    /// <summary>A number that is NaN or infinite (also after adding the base value).</summary>
    public const string ValueNotFinite = "value_not_finite";
    /// <summary>A record without any of <c>v</c>, <c>vb</c>, <c>vs</c>, <c>vd</c>.</summary>
    public const string MissingValue = "missing_value";
    /// <summary>A record with more than one of <c>v</c>, <c>vb</c>, <c>vs</c>, <c>vd</c>.</summary>
    public const string MultipleValues = "multiple_values";
    /// <summary>A record whose resolved name (base name + name) is empty.</summary>
    public const string MissingName = "missing_name";
    /// <summary>A resolved name outside RFC 8428 §4.5.1 (first character A-Z a-z 0-9, then A-Z a-z 0-9 - : . / _).</summary>
    public const string InvalidName = "invalid_name";
    /// <summary>A time that cannot be a time in milliseconds (|bt| or |t| of 2^53 ms or more).</summary>
    public const string TimeOutOfRange = "time_out_of_range";
    /// <summary>A <c>bseq</c>/<c>seq</c>/<c>bfloor</c> outside the 64-bit signed range, or a sequence that overflows when counted on.</summary>
    public const string SequenceOutOfRange = "sequence_out_of_range";
    /// <summary>A record with both <c>bseq</c> and <c>seq</c>.</summary>
    public const string ConflictingSequence = "conflicting_sequence";
    /// <summary>An unexpected failure inside the decoder (a bug); never expected, counted so it is seen.</summary>
    public const string InternalError = "decoder_internal_error";

    /// <summary>Every code above.</summary>
    public static IReadOnlyList<string> All { get; } = new[]
    {
        PayloadEmpty, PayloadTooLarge, NotAPack, PackEmpty, TooManyRecords, RecordNotAMap, Truncated, MalformedCbor,
        MalformedJson, TrailingData, IndefiniteLength, InvalidUtf8, NestingTooDeep, StringTooLong, WrongType, InvalidLabel,
        DuplicateLabel, MustUnderstandLabel, UnsupportedVersion, ValueNotFinite, MissingValue, MultipleValues, MissingName,
        InvalidName, TimeOutOfRange, SequenceOutOfRange, ConflictingSequence, InternalError,
    };
}
