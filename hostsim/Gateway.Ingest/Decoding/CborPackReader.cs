using System;
using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using System.Text.Unicode;

namespace Gateway.Ingest.Decoding;

/// <summary>
/// Reads a SenML CBOR pack (RFC 8428 §6) with a small, strict CBOR reader (RFC 8949): a definite-length array of
/// definite-length maps whose labels are the integers of RFC 8428 Table 4 or text (extensions). Every length is checked
/// against the limits and against the bytes left before anything is allocated, so truncated data and huge declared lengths
/// are refused cheaply. Never throws: every problem becomes a reason code and a message with the byte offset.
/// </summary>
internal ref struct CborPackReader
{
    private const int MajorUnsigned = 0;
    private const int MajorNegative = 1;
    private const int MajorBytes = 2;
    private const int MajorText = 3;
    private const int MajorArray = 4;
    private const int MajorMap = 5;
    private const int MajorTag = 6;
    private const int MajorSimple = 7;

    private readonly ReadOnlySpan<byte> _data;
    private readonly SenmlDecoderLimits _limits;
    private int _position;
    private int _record;
    private string? _reason;
    private string? _message;

    public CborPackReader(ReadOnlySpan<byte> data, SenmlDecoderLimits limits)
    {
        _data = data;
        _limits = limits;
        _position = 0;
        _record = 0;
        _reason = null;
        _message = null;
    }

    public DecodeResult Read()
    {
        if (!ReadHead(out int major, out int info, out ulong count, out int start))
        {
            return Failed();
        }
        if (major != MajorArray)
        {
            return DecodeResult.Fail(SenmlFormat.Cbor, DecodeReasons.NotAPack,
                $"a SenML CBOR pack is an array of records (RFC 8428 §6); the payload starts with {TypeName(major, info)} at byte {start}");
        }
        if (count == 0)
        {
            return DecodeResult.Fail(SenmlFormat.Cbor, DecodeReasons.PackEmpty, "the pack has no records; a SenML pack holds one or more (RFC 8428 §4)");
        }
        if (count > (ulong)_limits.MaxRecords)
        {
            return DecodeResult.Fail(SenmlFormat.Cbor, DecodeReasons.TooManyRecords,
                $"the pack declares {count} records; at most {_limits.MaxRecords} are accepted");
        }
        if (count > (ulong)Remaining)
        {
            return DecodeResult.Fail(SenmlFormat.Cbor, DecodeReasons.Truncated,
                $"the pack declares {count} records but only {Remaining} bytes follow");
        }

        var resolver = new SenmlResolver(cbor: true, _limits.MaxStringBytes);
        var fields = new RecordFields();
        for (int i = 0; i < (int)count; i++)
        {
            _record = i + 1;
            fields.Reset();
            if (!ReadRecord(fields))
            {
                return Failed();
            }
            if (!resolver.Add(fields, _record))
            {
                return DecodeResult.Fail(SenmlFormat.Cbor, resolver.Reason!, resolver.Message!);
            }
        }
        if (_position != _data.Length)
        {
            return DecodeResult.Fail(SenmlFormat.Cbor, DecodeReasons.TrailingData,
                $"{_data.Length - _position} bytes after the end of the pack at byte {_position}; the payload must be exactly one CBOR array");
        }
        return DecodeResult.Ok(SenmlFormat.Cbor, resolver.Records);
    }

    private readonly int Remaining => _data.Length - _position;

    private readonly string Where => _record == 0 ? "pack" : "record " + _record.ToString(CultureInfo.InvariantCulture);

    private readonly DecodeResult Failed() => DecodeResult.Fail(SenmlFormat.Cbor, _reason!, _message!);

    private bool Fail(string reason, string message)
    {
        _reason = reason;
        _message = message;
        return false;
    }

    private bool ReadRecord(RecordFields fields)
    {
        if (!ReadHead(out int major, out int info, out ulong pairs, out int start))
        {
            return false;
        }
        if (major != MajorMap)
        {
            return Fail(DecodeReasons.RecordNotAMap, $"{Where}: a record is a CBOR map (RFC 8428 §6); found {TypeName(major, info)} at byte {start}");
        }
        if (pairs > (ulong)(Remaining / 2))
        {
            return Fail(DecodeReasons.Truncated, $"{Where}: the map at byte {start} declares {pairs} fields but only {Remaining} bytes follow");
        }
        for (ulong p = 0; p < pairs; p++)
        {
            if (!ReadField(fields))
            {
                return false;
            }
        }
        return true;
    }

    private bool ReadField(RecordFields fields)
    {
        if (!ReadHead(out int major, out int info, out ulong argument, out int start))
        {
            return false;
        }
        SenmlField field;
        if (major == MajorUnsigned || major == MajorNegative)
        {
            bool fits = argument <= long.MaxValue;
            long label = major == MajorUnsigned ? (long)argument : -1 - (long)argument;
            if (!fits || !SenmlLabels.TryFromCborLabel(label, out field))
            {
                // Unknown integer labels cannot end in '_', so they are ignored (RFC 8428 §4.4), once each.
                string key = "#" + (major == MajorUnsigned ? argument.ToString(CultureInfo.InvariantCulture) : "-1-" + argument.ToString(CultureInfo.InvariantCulture));
                if (!fields.MarkUnknownSeen(key))
                {
                    return Fail(DecodeReasons.DuplicateLabel, $"{Where}: label {(fits ? label.ToString(CultureInfo.InvariantCulture) : key)} appears twice (byte {start})");
                }
                return Skip(0);
            }
        }
        else if (major == MajorText)
        {
            if (!ReadTextBody(argument, start, "label", out string text))
            {
                return false;
            }
            if (SenmlLabels.TryFromJsonName(text, out field))
            {
                if (SenmlLabels.HasCborIntegerLabel(field))
                {
                    return Fail(DecodeReasons.InvalidLabel,
                        $"{Where}: label \"{text}\" at byte {start} must be written as the integer {SenmlLabels.CborLabelText(field)} in SenML CBOR (RFC 8428 §6, Table 4)");
                }
            }
            else
            {
                if (text.EndsWith('_'))
                {
                    return Fail(DecodeReasons.MustUnderstandLabel,
                        $"{Where}: label \"{SenmlResolver.Printable(text)}\" ends in '_', so it must be understood (RFC 8428 §4.4), and this decoder does not know it");
                }
                if (!fields.MarkUnknownSeen(text))
                {
                    return Fail(DecodeReasons.DuplicateLabel, $"{Where}: label \"{SenmlResolver.Printable(text)}\" appears twice (byte {start})");
                }
                return Skip(0);
            }
        }
        else
        {
            return Fail(DecodeReasons.InvalidLabel, $"{Where}: a label must be an integer or a text string; found {TypeName(major, info)} at byte {start}");
        }

        if (!fields.MarkSeen(field))
        {
            return Fail(DecodeReasons.DuplicateLabel, $"{Where}: {SenmlLabels.Describe(field, true)} appears twice (byte {start})");
        }
        return ReadValue(field, fields);
    }

    private bool ReadValue(SenmlField field, RecordFields f)
    {
        switch (field)
        {
            case SenmlField.Version:
                if (!ReadInteger(field, DecodeReasons.UnsupportedVersion, out long version)) return false;
                f.Version = version;
                return true;
            case SenmlField.BaseName:
                return ReadText(field, out f.BaseName);
            case SenmlField.BaseUnit:
                return ReadText(field, out f.BaseUnit);
            case SenmlField.Name:
                return ReadText(field, out f.Name);
            case SenmlField.Unit:
                return ReadText(field, out f.Unit);
            case SenmlField.StringValue:
                return ReadText(field, out f.StringValue);
            case SenmlField.BaseTime:
                if (!ReadNumber(field, out double baseTime)) return false;
                f.BaseTime = baseTime;
                return true;
            case SenmlField.BaseValue:
                if (!ReadNumber(field, out double baseValue)) return false;
                f.BaseValue = baseValue;
                return true;
            case SenmlField.Value:
                if (!ReadNumber(field, out double value)) return false;
                f.Value = value;
                return true;
            case SenmlField.Time:
                if (!ReadNumber(field, out double time)) return false;
                f.Time = time;
                return true;
            case SenmlField.BaseSum:
            case SenmlField.Sum:
            case SenmlField.UpdateTime:
                return ReadNumber(field, out _); // checked, not used
            case SenmlField.BooleanValue:
                if (!ReadBoolean(field, out bool boolean)) return false;
                f.BooleanValue = boolean;
                return true;
            case SenmlField.DataValue:
                return ReadBytes(field, out f.DataValue);
            case SenmlField.BaseSequence:
                if (!ReadInteger(field, DecodeReasons.SequenceOutOfRange, out long baseSequence)) return false;
                f.BaseSequence = baseSequence;
                return true;
            case SenmlField.BaseFloor:
                if (!ReadInteger(field, DecodeReasons.SequenceOutOfRange, out long floor)) return false;
                f.BaseFloor = floor;
                return true;
            case SenmlField.Sequence:
                if (!ReadInteger(field, DecodeReasons.SequenceOutOfRange, out long sequence)) return false;
                f.Sequence = sequence;
                return true;
            default:
                return Skip(0);
        }
    }

    private bool ReadText(SenmlField field, out string? text)
    {
        text = null;
        if (!ReadHead(out int major, out int info, out ulong length, out int start))
        {
            return false;
        }
        if (major != MajorText)
        {
            return WrongType(field, "a text string", major, info, start);
        }
        if (!ReadTextBody(length, start, SenmlLabels.Describe(field, true), out string value))
        {
            return false;
        }
        text = value;
        return true;
    }

    private bool ReadTextBody(ulong length, int start, string what, out string text)
    {
        text = string.Empty;
        if (length > (ulong)_limits.MaxStringBytes)
        {
            return Fail(DecodeReasons.StringTooLong,
                $"{Where}: {what} at byte {start} declares a text of {length} bytes; at most {_limits.MaxStringBytes} are accepted");
        }
        if (length > (ulong)Remaining)
        {
            return Fail(DecodeReasons.Truncated, $"{Where}: {what} at byte {start} declares {length} bytes but only {Remaining} follow");
        }
        ReadOnlySpan<byte> bytes = _data.Slice(_position, (int)length);
        if (!Utf8.IsValid(bytes))
        {
            return Fail(DecodeReasons.InvalidUtf8, $"{Where}: {what} at byte {start} is not valid UTF-8 (RFC 8949 §3.1, major type 3)");
        }
        _position += (int)length;
        text = Encoding.UTF8.GetString(bytes);
        return true;
    }

    private bool ReadBytes(SenmlField field, out string? base64Url)
    {
        base64Url = null;
        if (!ReadHead(out int major, out int info, out ulong length, out int start))
        {
            return false;
        }
        if (major != MajorBytes)
        {
            return WrongType(field, "a byte string", major, info, start);
        }
        if (length > (ulong)_limits.MaxStringBytes)
        {
            return Fail(DecodeReasons.StringTooLong,
                $"{Where}: {SenmlLabels.Describe(field, true)} at byte {start} declares {length} bytes; at most {_limits.MaxStringBytes} are accepted");
        }
        if (length > (ulong)Remaining)
        {
            return Fail(DecodeReasons.Truncated, $"{Where}: {SenmlLabels.Describe(field, true)} at byte {start} declares {length} bytes but only {Remaining} follow");
        }
        base64Url = SenmlRecord.ToBase64Url(_data.Slice(_position, (int)length));
        _position += (int)length;
        return true;
    }

    private bool ReadNumber(SenmlField field, out double value)
    {
        value = 0;
        if (!ReadHead(out int major, out int info, out ulong argument, out int start))
        {
            return false;
        }
        switch (major)
        {
            case MajorUnsigned:
                value = argument;
                return true;
            case MajorNegative:
                value = -1.0 - argument;
                return true;
            case MajorSimple when info == 25:
                value = (double)BitConverter.UInt16BitsToHalf((ushort)argument);
                break;
            case MajorSimple when info == 26:
                value = BitConverter.Int32BitsToSingle((int)(uint)argument);
                break;
            case MajorSimple when info == 27:
                value = BitConverter.Int64BitsToDouble((long)argument);
                break;
            default:
                return WrongType(field, "a number (integer or float)", major, info, start);
        }
        if (!double.IsFinite(value))
        {
            return Fail(DecodeReasons.ValueNotFinite,
                $"{Where}: {SenmlLabels.Describe(field, true)} at byte {start} is {SenmlResolver.Format(value)}: only finite numbers are accepted");
        }
        return true;
    }

    private bool ReadInteger(SenmlField field, string overflowReason, out long value)
    {
        value = 0;
        if (!ReadHead(out int major, out int info, out ulong argument, out int start))
        {
            return false;
        }
        if (major != MajorUnsigned && major != MajorNegative)
        {
            return WrongType(field, "an integer", major, info, start);
        }
        if (argument > long.MaxValue)
        {
            return Fail(overflowReason,
                $"{Where}: {SenmlLabels.Describe(field, true)} at byte {start} is outside the 64-bit signed range");
        }
        value = major == MajorUnsigned ? (long)argument : -1 - (long)argument;
        return true;
    }

    private bool ReadBoolean(SenmlField field, out bool value)
    {
        value = false;
        if (!ReadHead(out int major, out int info, out _, out int start))
        {
            return false;
        }
        if (major != MajorSimple || (info != 20 && info != 21))
        {
            return WrongType(field, "true or false", major, info, start);
        }
        value = info == 21;
        return true;
    }

    private bool WrongType(SenmlField field, string expected, int major, int info, int start) =>
        Fail(DecodeReasons.WrongType, $"{Where}: {SenmlLabels.Describe(field, true)} must be {expected}; found {TypeName(major, info)} at byte {start}");

    /// <summary>Skips one data item (the value of an ignored label), refusing nesting deeper than the limit.</summary>
    private bool Skip(int depth)
    {
        if (!ReadHead(out int major, out int info, out ulong argument, out int start))
        {
            return false;
        }
        switch (major)
        {
            case MajorBytes:
            case MajorText:
                if (argument > (ulong)Remaining)
                {
                    return Fail(DecodeReasons.Truncated, $"{Where}: the string at byte {start} declares {argument} bytes but only {Remaining} follow");
                }
                _position += (int)argument;
                return true;
            case MajorArray:
            case MajorMap:
            {
                if (depth >= _limits.MaxNestingDepth)
                {
                    return Fail(DecodeReasons.NestingTooDeep, $"{Where}: the value of an unknown field nests deeper than {_limits.MaxNestingDepth} levels (byte {start})");
                }
                ulong items = major == MajorMap ? (argument > ulong.MaxValue / 2 ? ulong.MaxValue : argument * 2) : argument;
                if (items > (ulong)Remaining)
                {
                    return Fail(DecodeReasons.Truncated, $"{Where}: the {(major == MajorMap ? "map" : "array")} at byte {start} declares {argument} entries but only {Remaining} bytes follow");
                }
                for (ulong i = 0; i < items; i++)
                {
                    if (!Skip(depth + 1))
                    {
                        return false;
                    }
                }
                return true;
            }
            case MajorTag:
                if (depth >= _limits.MaxNestingDepth)
                {
                    return Fail(DecodeReasons.NestingTooDeep, $"{Where}: the value of an unknown field nests deeper than {_limits.MaxNestingDepth} levels (byte {start})");
                }
                return Skip(depth + 1);
            default:
                return true; // integers, simple values and floats: the head was all of it
        }
    }

    /// <summary>Reads an item head (RFC 8949 §3): major type, additional information and argument.</summary>
    private bool ReadHead(out int major, out int info, out ulong argument, out int start)
    {
        start = _position;
        major = 0;
        info = 0;
        argument = 0;
        if (_position >= _data.Length)
        {
            return Fail(DecodeReasons.Truncated, $"{Where}: the data ends at byte {_position} where another item is expected");
        }
        byte initial = _data[_position++];
        major = initial >> 5;
        info = initial & 0x1F;
        if (info < 24)
        {
            argument = (ulong)info;
            return true;
        }
        int size = info switch { 24 => 1, 25 => 2, 26 => 4, 27 => 8, _ => 0 };
        if (size == 0)
        {
            if (info == 31)
            {
                if (major >= MajorBytes && major <= MajorMap)
                {
                    return Fail(DecodeReasons.IndefiniteLength,
                        $"{Where}: indefinite-length {TypeName(major, 0)} at byte {start}; only definite lengths are accepted (RFC 8949 §4.2.1)");
                }
                return Fail(DecodeReasons.MalformedCbor,
                    major == MajorSimple
                        ? $"{Where}: break code at byte {start} outside an indefinite-length item (RFC 8949 §3.2.1)"
                        : $"{Where}: additional information 31 is not valid for major type {major} (byte {start}, RFC 8949 §3)");
            }
            return Fail(DecodeReasons.MalformedCbor, $"{Where}: reserved additional information {info} at byte {start} (RFC 8949 §3)");
        }
        if (Remaining < size)
        {
            return Fail(DecodeReasons.Truncated, $"{Where}: the item head at byte {start} needs {size} more bytes but only {Remaining} follow");
        }
        ReadOnlySpan<byte> bytes = _data.Slice(_position, size);
        argument = size switch
        {
            1 => bytes[0],
            2 => BinaryPrimitives.ReadUInt16BigEndian(bytes),
            4 => BinaryPrimitives.ReadUInt32BigEndian(bytes),
            _ => BinaryPrimitives.ReadUInt64BigEndian(bytes),
        };
        _position += size;
        if (major == MajorSimple && info == 24 && argument < 32)
        {
            return Fail(DecodeReasons.MalformedCbor, $"{Where}: two-byte simple value {argument} at byte {start} must be 32 or more (RFC 8949 §3.3)");
        }
        return true;
    }

    private static string TypeName(int major, int info) => major switch
    {
        MajorUnsigned => "an unsigned integer",
        MajorNegative => "a negative integer",
        MajorBytes => "a byte string",
        MajorText => "a text string",
        MajorArray => "an array",
        MajorMap => "a map",
        MajorTag => "a tagged item",
        _ => info switch
        {
            20 or 21 => "a boolean",
            22 => "null",
            23 => "undefined",
            25 or 26 or 27 => "a float",
            _ => "a simple value",
        },
    };
}
