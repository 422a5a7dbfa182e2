using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace Gateway.Ingest.Decoding;

/// <summary>
/// Applies base fields to records in pack order (RFC 8428 §4.6) and resolves the sequence extension: a record's sequence is
/// its <c>seq</c>, else its <c>bseq</c>, else the previous record's sequence + 1 (none when no record before had one);
/// <c>bfloor</c> applies to its record and every later one.
/// </summary>
internal sealed class SenmlResolver
{
    /// <summary>RFC 8428 §4.5.3: resolved times below 2^28 s are relative to "now".</summary>
    private const long RelativeTimeLimitMs = (1L << 28) * 1000L;

    /// <summary>|seconds| × 1000 must stay below 2^53 so that milliseconds are exact in a double.</summary>
    private const double MaxAbsoluteSeconds = 9007199254740.0;

    /// <summary>Highest SenML version this decoder understands (RFC 8428 §4.4: 10).</summary>
    private const long SupportedVersion = 10;

    private readonly bool _cbor;
    private readonly int _maxStringBytes;
    private string _baseName = string.Empty;
    private long _baseTimeMs;
    private string? _baseUnit;
    private double? _baseValue;
    private long? _previousSequence;
    private long? _floor;

    public SenmlResolver(bool cbor, int maxStringBytes)
    {
        _cbor = cbor;
        _maxStringBytes = maxStringBytes;
    }

    public List<SenmlRecord> Records { get; } = new();

    public string? Reason { get; private set; }

    public string? Message { get; private set; }

    /// <summary>Resolves the record just read (1-based <paramref name="index"/>); false with <see cref="Reason"/> set when it is refused.</summary>
    public bool Add(RecordFields f, int index)
    {
        string where = "record " + index.ToString(CultureInfo.InvariantCulture);
        if (f.Version is long version && (version < 1 || version > SupportedVersion))
        {
            return Fail(DecodeReasons.UnsupportedVersion,
                $"{where}: {Field(SenmlField.Version)} = {version}: this decoder understands SenML versions 1 to {SupportedVersion} (RFC 8428 §4.4)");
        }

        if (f.BaseName != null)
        {
            _baseName = f.BaseName;
        }
        if (f.BaseTime is double baseTime)
        {
            if (!TryMilliseconds(baseTime, out _baseTimeMs))
            {
                return Fail(DecodeReasons.TimeOutOfRange, $"{where}: {Field(SenmlField.BaseTime)} = {Format(baseTime)}: must be a time in seconds with |value| below 9007199254740");
            }
        }
        if (f.BaseUnit != null)
        {
            _baseUnit = f.BaseUnit;
        }
        if (f.BaseValue is double baseValue)
        {
            _baseValue = baseValue;
        }
        if (f.BaseFloor is long floor)
        {
            _floor = floor;
        }

        int valueFields = (f.Value.HasValue ? 1 : 0) + (f.BooleanValue.HasValue ? 1 : 0) + (f.StringValue != null ? 1 : 0) + (f.DataValue != null ? 1 : 0);
        if (valueFields == 0)
        {
            return Fail(DecodeReasons.MissingValue, $"{where}: has no value: exactly one of v, vb, vs or vd is required");
        }
        if (valueFields > 1)
        {
            return Fail(DecodeReasons.MultipleValues, $"{where}: has {valueFields} value fields ({ValueFieldList(f)}): exactly one of v, vb, vs or vd is accepted");
        }

        string name = _baseName + (f.Name ?? string.Empty);
        if (name.Length == 0)
        {
            return Fail(DecodeReasons.MissingName, $"{where}: has no name: n or an earlier bn is required (RFC 8428 §4.5.1)");
        }
        if (Encoding.UTF8.GetByteCount(name) > 2 * _maxStringBytes)
        {
            return Fail(DecodeReasons.StringTooLong, $"{where}: resolved name is longer than {2 * _maxStringBytes} bytes");
        }
        if (!IsValidName(name, out int badIndex))
        {
            return Fail(DecodeReasons.InvalidName,
                $"{where}: name \"{Printable(name)}\" has '{Printable(name[badIndex].ToString())}' at position {badIndex + 1}: a SenML name starts with A-Z, a-z or 0-9 and holds only A-Z a-z 0-9 - : . / _ (RFC 8428 §4.5.1)");
        }

        double? number = null;
        if (f.Value is double value)
        {
            double resolved = _baseValue.HasValue ? _baseValue.Value + value : value; // no 0 + -0.0: keeps a negative zero
            if (!double.IsFinite(resolved))
            {
                return Fail(DecodeReasons.ValueNotFinite, $"{where}: v + bv is not a finite number");
            }
            number = resolved;
        }

        long timeMs = _baseTimeMs;
        if (f.Time is double time)
        {
            if (!TryMilliseconds(time, out long relativeMs))
            {
                return Fail(DecodeReasons.TimeOutOfRange, $"{where}: {Field(SenmlField.Time)} = {Format(time)}: must be a time in seconds with |value| below 9007199254740");
            }
            timeMs += relativeMs;
        }

        if (f.Sequence.HasValue && f.BaseSequence.HasValue)
        {
            return Fail(DecodeReasons.ConflictingSequence, $"{where}: has both bseq and seq: a record carries at most one of them");
        }
        long? sequence = f.Sequence ?? f.BaseSequence;
        if (sequence == null && _previousSequence is long previous)
        {
            if (previous == long.MaxValue)
            {
                return Fail(DecodeReasons.SequenceOutOfRange, $"{where}: implicit sequence (previous + 1) exceeds {long.MaxValue}");
            }
            sequence = previous + 1;
        }
        _previousSequence = sequence;

        string? unit = f.Unit ?? _baseUnit;
        Records.Add(new SenmlRecord(
            name,
            string.IsNullOrEmpty(unit) ? null : unit,
            number,
            f.BooleanValue,
            f.StringValue,
            f.DataValue,
            timeMs,
            timeMs < RelativeTimeLimitMs,
            sequence,
            _floor));
        return true;
    }

    private static string ValueFieldList(RecordFields f)
    {
        var names = new List<string>(4);
        if (f.Value.HasValue) names.Add("v");
        if (f.BooleanValue.HasValue) names.Add("vb");
        if (f.StringValue != null) names.Add("vs");
        if (f.DataValue != null) names.Add("vd");
        return string.Join(", ", names);
    }

    private string Field(SenmlField field) => SenmlLabels.Describe(field, _cbor);

    private bool Fail(string reason, string message)
    {
        Reason = reason;
        Message = message;
        return false;
    }

    private static bool TryMilliseconds(double seconds, out long milliseconds)
    {
        if (!double.IsFinite(seconds) || Math.Abs(seconds) >= MaxAbsoluteSeconds)
        {
            milliseconds = 0;
            return false;
        }
        milliseconds = (long)Math.Round(seconds * 1000.0, MidpointRounding.AwayFromZero);
        return true;
    }

    /// <summary>RFC 8428 §4.5.1 name rule.</summary>
    internal static bool IsValidName(string name, out int badIndex)
    {
        for (int i = 0; i < name.Length; i++)
        {
            char c = name[i];
            bool alphanumeric = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
            bool ok = alphanumeric || (i > 0 && (c == '-' || c == ':' || c == '.' || c == '/' || c == '_'));
            if (!ok)
            {
                badIndex = i;
                return false;
            }
        }
        badIndex = -1;
        return true;
    }

    internal static string Format(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    /// <summary>Text safe to quote in a message: control characters shown as \uXXXX, at most 64 characters.</summary>
    internal static string Printable(string text)
    {
        var builder = new StringBuilder(Math.Min(text.Length, 64) + 8);
        foreach (char c in text)
        {
            if (builder.Length >= 64)
            {
                builder.Append('…');
                break;
            }
            if (char.IsControl(c) || char.IsSurrogate(c))
            {
                builder.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
            }
            else
            {
                builder.Append(c);
            }
        }
        return builder.ToString();
    }
}
