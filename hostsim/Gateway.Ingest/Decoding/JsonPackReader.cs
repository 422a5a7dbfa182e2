using System;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Gateway.Ingest.Decoding;

/// <summary>
/// Reads a SenML JSON pack (RFC 8428 §5) with <see cref="Utf8JsonReader"/>: an array of objects with the labels of
/// RFC 8428 Table 4 and the sequence extension. Duplicate labels, must-understand labels, wrong JSON types and the limits
/// are checked here; syntax errors come from the reader. Never throws.
/// </summary>
internal sealed class JsonPackReader
{
    private readonly SenmlDecoderLimits _limits;
    private int _record;
    private string? _reason;
    private string? _message;

    public JsonPackReader(SenmlDecoderLimits limits)
    {
        _limits = limits;
    }

    private string Where => _record == 0 ? "pack" : "record " + _record.ToString(CultureInfo.InvariantCulture);

    public DecodeResult Read(ReadOnlySpan<byte> data)
    {
        var options = new JsonReaderOptions
        {
            CommentHandling = JsonCommentHandling.Disallow,
            AllowTrailingCommas = false,
            MaxDepth = _limits.MaxNestingDepth + 3,
        };
        var reader = new Utf8JsonReader(data, options);
        try
        {
            if (!ReadPack(ref reader, out DecodeResult? result))
            {
                return DecodeResult.Fail(SenmlFormat.Json, _reason!, _message!);
            }
            try
            {
                if (reader.Read())
                {
                    return Trailing(reader.TokenStartIndex);
                }
            }
            catch (JsonException)
            {
                return Trailing(reader.BytesConsumed);
            }
            return result!;
        }
        catch (JsonException e)
        {
            return DecodeResult.Fail(SenmlFormat.Json, DecodeReasons.MalformedJson, $"{Where}: not well-formed JSON (RFC 8259): {e.Message}");
        }
        catch (InvalidOperationException e) when (e.InnerException is DecoderFallbackException || e.Message.Contains("UTF-8", StringComparison.OrdinalIgnoreCase))
        {
            return DecodeResult.Fail(SenmlFormat.Json, DecodeReasons.InvalidUtf8, $"{Where}: a string is not valid UTF-8 (RFC 8259 §8.1)");
        }
    }

    private static DecodeResult Trailing(long position) =>
        DecodeResult.Fail(SenmlFormat.Json, DecodeReasons.TrailingData,
            $"data after the end of the pack at byte {position}; the payload must be exactly one JSON array");

    private bool ReadPack(ref Utf8JsonReader reader, out DecodeResult? result)
    {
        result = null;
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartArray)
        {
            return Fail(DecodeReasons.NotAPack, "a SenML JSON pack is an array of records (RFC 8428 §5)");
        }
        var resolver = new SenmlResolver(cbor: false, _limits.MaxStringBytes);
        var fields = new RecordFields();
        while (true)
        {
            reader.Read();
            if (reader.TokenType == JsonTokenType.EndArray)
            {
                break;
            }
            _record++;
            if (_record > _limits.MaxRecords)
            {
                return Fail(DecodeReasons.TooManyRecords, $"the pack has more than {_limits.MaxRecords} records, the most accepted");
            }
            if (reader.TokenType != JsonTokenType.StartObject)
            {
                return Fail(DecodeReasons.RecordNotAMap, $"{Where}: a record is a JSON object (RFC 8428 §5); found {TokenName(reader.TokenType)}");
            }
            fields.Reset();
            while (true)
            {
                reader.Read();
                if (reader.TokenType == JsonTokenType.EndObject)
                {
                    break;
                }
                if (!ReadField(ref reader, fields))
                {
                    return false;
                }
            }
            if (!resolver.Add(fields, _record))
            {
                return Fail(resolver.Reason!, resolver.Message!);
            }
        }
        if (_record == 0)
        {
            return Fail(DecodeReasons.PackEmpty, "the pack has no records; a SenML pack holds one or more (RFC 8428 §4)");
        }
        _record = 0;
        result = DecodeResult.Ok(SenmlFormat.Json, resolver.Records);
        return true;
    }

    private bool ReadField(ref Utf8JsonReader reader, RecordFields fields)
    {
        // The token is a property name (the reader guarantees it inside an object).
        if (reader.ValueSpan.Length > 6 * _limits.MaxStringBytes || !TryGetString(ref reader, out string label))
        {
            return Fail(DecodeReasons.StringTooLong, $"{Where}: a label is longer than {_limits.MaxStringBytes} bytes");
        }
        reader.Read(); // the value
        if (!SenmlLabels.TryFromJsonName(label, out SenmlField field))
        {
            if (label.EndsWith('_'))
            {
                return Fail(DecodeReasons.MustUnderstandLabel,
                    $"{Where}: label \"{SenmlResolver.Printable(label)}\" ends in '_', so it must be understood (RFC 8428 §4.4), and this decoder does not know it");
            }
            if (!fields.MarkUnknownSeen(label))
            {
                return Fail(DecodeReasons.DuplicateLabel, $"{Where}: label \"{SenmlResolver.Printable(label)}\" appears twice");
            }
            return Skip(ref reader);
        }
        if (!fields.MarkSeen(field))
        {
            return Fail(DecodeReasons.DuplicateLabel, $"{Where}: label \"{label}\" appears twice");
        }

        switch (field)
        {
            case SenmlField.Version:
                if (!ReadInteger(ref reader, field, DecodeReasons.UnsupportedVersion, out long version)) return false;
                fields.Version = version;
                return true;
            case SenmlField.BaseName:
                return ReadText(ref reader, field, out fields.BaseName);
            case SenmlField.BaseUnit:
                return ReadText(ref reader, field, out fields.BaseUnit);
            case SenmlField.Name:
                return ReadText(ref reader, field, out fields.Name);
            case SenmlField.Unit:
                return ReadText(ref reader, field, out fields.Unit);
            case SenmlField.StringValue:
                return ReadText(ref reader, field, out fields.StringValue);
            case SenmlField.DataValue:
                if (!ReadText(ref reader, field, out string? data)) return false;
                if (!IsBase64Url(data!))
                {
                    return Fail(DecodeReasons.WrongType, $"{Where}: vd must be base64url text without padding (RFC 8428 §5, RFC 4648 §5)");
                }
                fields.DataValue = data;
                return true;
            case SenmlField.BaseTime:
                if (!ReadNumber(ref reader, field, out double baseTime)) return false;
                fields.BaseTime = baseTime;
                return true;
            case SenmlField.BaseValue:
                if (!ReadNumber(ref reader, field, out double baseValue)) return false;
                fields.BaseValue = baseValue;
                return true;
            case SenmlField.Value:
                if (!ReadNumber(ref reader, field, out double value)) return false;
                fields.Value = value;
                return true;
            case SenmlField.Time:
                if (!ReadNumber(ref reader, field, out double time)) return false;
                fields.Time = time;
                return true;
            case SenmlField.BaseSum:
            case SenmlField.Sum:
            case SenmlField.UpdateTime:
                return ReadNumber(ref reader, field, out _);
            case SenmlField.BooleanValue:
                if (reader.TokenType != JsonTokenType.True && reader.TokenType != JsonTokenType.False)
                {
                    return WrongType(field, "true or false", reader.TokenType);
                }
                fields.BooleanValue = reader.TokenType == JsonTokenType.True;
                return true;
            case SenmlField.BaseSequence:
                if (!ReadInteger(ref reader, field, DecodeReasons.SequenceOutOfRange, out long baseSequence)) return false;
                fields.BaseSequence = baseSequence;
                return true;
            case SenmlField.BaseFloor:
                if (!ReadInteger(ref reader, field, DecodeReasons.SequenceOutOfRange, out long floor)) return false;
                fields.BaseFloor = floor;
                return true;
            case SenmlField.Sequence:
                if (!ReadInteger(ref reader, field, DecodeReasons.SequenceOutOfRange, out long sequence)) return false;
                fields.Sequence = sequence;
                return true;
            default:
                return Skip(ref reader);
        }
    }

    private bool ReadText(ref Utf8JsonReader reader, SenmlField field, out string? text)
    {
        text = null;
        if (reader.TokenType != JsonTokenType.String)
        {
            return WrongType(field, "a string", reader.TokenType);
        }
        if (reader.ValueSpan.Length > 6 * _limits.MaxStringBytes || !TryGetString(ref reader, out string value))
        {
            return Fail(DecodeReasons.StringTooLong, $"{Where}: {SenmlLabels.JsonName(field)} is longer than {_limits.MaxStringBytes} bytes, the most accepted");
        }
        text = value;
        return true;
    }

    /// <summary>Unescapes the current string; false when its UTF-8 form is longer than the limit.</summary>
    private bool TryGetString(ref Utf8JsonReader reader, out string text)
    {
        text = reader.GetString() ?? string.Empty;
        return Encoding.UTF8.GetByteCount(text) <= _limits.MaxStringBytes;
    }

    private bool ReadNumber(ref Utf8JsonReader reader, SenmlField field, out double value)
    {
        value = 0;
        if (reader.TokenType != JsonTokenType.Number)
        {
            return WrongType(field, "a number", reader.TokenType);
        }
        if (!reader.TryGetDouble(out value) || !double.IsFinite(value))
        {
            return Fail(DecodeReasons.ValueNotFinite, $"{Where}: {SenmlLabels.JsonName(field)} is outside the range of a double: only finite numbers are accepted");
        }
        return true;
    }

    private bool ReadInteger(ref Utf8JsonReader reader, SenmlField field, string overflowReason, out long value)
    {
        value = 0;
        if (reader.TokenType != JsonTokenType.Number)
        {
            return WrongType(field, "an integer", reader.TokenType);
        }
        if (reader.TryGetInt64(out value))
        {
            return true;
        }
        ReadOnlySpan<byte> raw = reader.ValueSpan;
        if (raw.IndexOfAny((byte)'.', (byte)'e', (byte)'E') >= 0)
        {
            return Fail(DecodeReasons.WrongType, $"{Where}: {SenmlLabels.JsonName(field)} must be an integer (no fraction or exponent)");
        }
        return Fail(overflowReason, $"{Where}: {SenmlLabels.JsonName(field)} is outside the 64-bit signed range");
    }

    private bool Skip(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.StartArray && reader.TokenType != JsonTokenType.StartObject)
        {
            return true;
        }
        int baseDepth = reader.CurrentDepth;
        while (reader.Read())
        {
            if (reader.CurrentDepth - baseDepth >= _limits.MaxNestingDepth
                && (reader.TokenType == JsonTokenType.StartArray || reader.TokenType == JsonTokenType.StartObject))
            {
                return Fail(DecodeReasons.NestingTooDeep, $"{Where}: the value of an unknown field nests deeper than {_limits.MaxNestingDepth} levels");
            }
            if ((reader.TokenType == JsonTokenType.EndArray || reader.TokenType == JsonTokenType.EndObject) && reader.CurrentDepth == baseDepth)
            {
                return true;
            }
        }
        return Fail(DecodeReasons.MalformedJson, $"{Where}: the JSON ends inside a value");
    }

    private static bool IsBase64Url(string text)
    {
        if (text.Length % 4 == 1)
        {
            return false;
        }
        foreach (char c in text)
        {
            bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
            if (!ok)
            {
                return false;
            }
        }
        return true;
    }

    private bool WrongType(SenmlField field, string expected, JsonTokenType found) =>
        Fail(DecodeReasons.WrongType, $"{Where}: {SenmlLabels.JsonName(field)} must be {expected}; found {TokenName(found)}");

    private bool Fail(string reason, string message)
    {
        _reason = reason;
        _message = message;
        return false;
    }

    private static string TokenName(JsonTokenType type) => type switch
    {
        JsonTokenType.StartObject => "an object",
        JsonTokenType.StartArray => "an array",
        JsonTokenType.String => "a string",
        JsonTokenType.Number => "a number",
        JsonTokenType.True or JsonTokenType.False => "a boolean",
        JsonTokenType.Null => "null",
        _ => type.ToString(),
    };
}
