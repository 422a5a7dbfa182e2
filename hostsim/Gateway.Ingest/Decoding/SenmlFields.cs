using System;
using System.Collections.Generic;
using System.Globalization;

namespace Gateway.Ingest.Decoding;

/// <summary>SenML fields the decoder understands: RFC 8428 Table 4 plus the Gateway sequence extension.</summary>
internal enum SenmlField
{
    Version,
    BaseName,
    BaseTime,
    BaseUnit,
    BaseValue,
    BaseSum,
    BaseSequence,
    BaseFloor,
    Name,
    Unit,
    Value,
    StringValue,
    BooleanValue,
    Sum,
    Time,
    UpdateTime,
    DataValue,
    Sequence,
}

/// <summary>Labels of <see cref="SenmlField"/> in both representations.</summary>
internal static class SenmlLabels
{
    private static readonly string[] s_jsonNames =
    {
        "bver", "bn", "bt", "bu", "bv", "bs", "bseq", "bfloor", "n", "u", "v", "vs", "vb", "s", "t", "ut", "vd", "seq",
    };

    // RFC 8428 Table 4 (§6); null: the extension labels, which are text in CBOR too.
    private static readonly int?[] s_cborLabels =
    {
        -1, -2, -3, -4, -5, -6, null, null, 0, 1, 2, 3, 4, 5, 6, 7, 8, null,
    };

    private static readonly Dictionary<string, SenmlField> s_byJsonName = BuildJsonIndex();

    public static string JsonName(SenmlField field) => s_jsonNames[(int)field];

    /// <summary>How a field is named in messages: <c>v</c>, or <c>v (CBOR label 2)</c> for CBOR input.</summary>
    public static string Describe(SenmlField field, bool cbor)
    {
        int? label = s_cborLabels[(int)field];
        return cbor && label.HasValue
            ? $"{s_jsonNames[(int)field]} (CBOR label {label.Value.ToString(CultureInfo.InvariantCulture)})"
            : s_jsonNames[(int)field];
    }

    public static bool TryFromJsonName(string name, out SenmlField field) => s_byJsonName.TryGetValue(name, out field);

    /// <summary>The field with this CBOR integer label (RFC 8428 Table 4).</summary>
    public static bool TryFromCborLabel(long label, out SenmlField field)
    {
        for (int i = 0; i < s_cborLabels.Length; i++)
        {
            if (s_cborLabels[i] == label)
            {
                field = (SenmlField)i;
                return true;
            }
        }
        field = default;
        return false;
    }

    /// <summary>True when the field has an integer label, so CBOR must not write it as text.</summary>
    public static bool HasCborIntegerLabel(SenmlField field) => s_cborLabels[(int)field].HasValue;

    /// <summary>CBOR integer label of a field, as text, for messages.</summary>
    public static string CborLabelText(SenmlField field) =>
        s_cborLabels[(int)field]?.ToString(CultureInfo.InvariantCulture) ?? "\"" + s_jsonNames[(int)field] + "\"";

    private static Dictionary<string, SenmlField> BuildJsonIndex()
    {
        var index = new Dictionary<string, SenmlField>(StringComparer.Ordinal);
        for (int i = 0; i < s_jsonNames.Length; i++)
        {
            index.Add(s_jsonNames[i], (SenmlField)i);
        }
        return index;
    }
}

/// <summary>The fields of one record as read, before resolution. Reused from record to record.</summary>
internal sealed class RecordFields
{
    private uint _seen;
    private HashSet<string>? _unknownSeen;

    public long? Version;
    public string? BaseName;
    public double? BaseTime;
    public string? BaseUnit;
    public double? BaseValue;
    public long? BaseSequence;
    public long? BaseFloor;
    public string? Name;
    public string? Unit;
    public double? Value;
    public string? StringValue;
    public bool? BooleanValue;
    public double? Time;
    public string? DataValue;
    public long? Sequence;

    public void Reset()
    {
        _seen = 0;
        _unknownSeen?.Clear();
        Version = null;
        BaseName = null;
        BaseTime = null;
        BaseUnit = null;
        BaseValue = null;
        BaseSequence = null;
        BaseFloor = null;
        Name = null;
        Unit = null;
        Value = null;
        StringValue = null;
        BooleanValue = null;
        Time = null;
        DataValue = null;
        Sequence = null;
    }

    /// <summary>Marks a known field as present; false when it already was (a duplicate label).</summary>
    public bool MarkSeen(SenmlField field)
    {
        uint bit = 1u << (int)field;
        if ((_seen & bit) != 0)
        {
            return false;
        }
        _seen |= bit;
        return true;
    }

    /// <summary>Marks an unknown label as present; false when it already was.</summary>
    public bool MarkUnknownSeen(string label)
    {
        _unknownSeen ??= new HashSet<string>(StringComparer.Ordinal);
        return _unknownSeen.Add(label);
    }
}
