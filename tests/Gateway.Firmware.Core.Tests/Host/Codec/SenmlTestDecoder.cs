using System;
using System.Collections.Generic;
using System.Formats.Cbor;
using System.Text.Json;

namespace Gateway.Firmware.Core.Tests.Host.Codec
{
    /// <summary>One SenML record after resolution (RFC 8428 §4.6): base values applied, absolute time.</summary>
    public sealed record ResolvedRecord(string Name, string? Unit, double? Value, bool? BoolValue, string? StringValue, string? DataValue, double Time, long? Sequence, long? Floor = null)
    {
        /// <summary>Time in ms since the epoch: seconds × 1000, rounded (how the node's ms times are recovered).</summary>
        public long TimeMs => (long)Math.Round(Time * 1000.0, MidpointRounding.AwayFromZero);

        public override string ToString() =>
            $"{Name} u={Unit ?? "-"} v={Value?.ToString("R") ?? "-"} vb={BoolValue?.ToString() ?? "-"} vs={StringValue ?? "-"} vd={DataValue ?? "-"} t={Time:R} seq={Sequence?.ToString() ?? "-"} floor={Floor?.ToString() ?? "-"}";
    }

    /// <summary>
    /// Independent test decoder for SenML packs, CBOR (via System.Formats.Cbor) and JSON (via System.Text.Json), resolving
    /// base fields per RFC 8428 §4.6 and our sequence extension: a record's sequence is its "seq" if present, else its "bseq"
    /// if present, else the previous record's sequence + 1; "bfloor" applies to its record and all after it. An empty unit means "no unit" (null). Unknown labels are ignored
    /// unless they end in "_" (§4.4); a version above 10 is rejected.
    /// </summary>
    public static class SenmlTestDecoder
    {
        private sealed class Fields
        {
            public string? BaseName;
            public double? BaseTime;
            public string? BaseUnit;
            public double? BaseValue;
            public long? BaseSequence;
            public long? BaseFloor;
            public long? Version;
            public string? Name;
            public string? Unit;
            public double? Value;
            public bool? BoolValue;
            public string? StringValue;
            public string? DataValue;
            public double? Time;
            public long? Sequence;
            public readonly HashSet<string> Seen = new HashSet<string>(StringComparer.Ordinal);

            public void Mark(string label)
            {
                if (!Seen.Add(label))
                {
                    throw new FormatException($"duplicate label {label}");
                }
                if (label.EndsWith("_", StringComparison.Ordinal))
                {
                    throw new FormatException($"unknown must-understand label {label}");
                }
            }
        }

        private sealed class Resolver
        {
            private string _baseName = "";
            private double _baseTime;
            private string? _baseUnit;
            private double? _baseValue;
            private long? _previousSequence;
            private long? _floor;
            public readonly List<ResolvedRecord> Records = new List<ResolvedRecord>();

            public void Add(Fields f)
            {
                if (f.Version is long version && version > 10)
                {
                    throw new FormatException($"SenML version {version} not understood");
                }
                if (f.BaseName != null)
                {
                    _baseName = f.BaseName;
                }
                if (f.BaseTime is double bt)
                {
                    _baseTime = bt;
                }
                if (f.BaseUnit != null)
                {
                    _baseUnit = f.BaseUnit;
                }
                if (f.BaseFloor is long floor)
                {
                    _floor = floor;
                }
                if (f.BaseValue is double bv)
                {
                    _baseValue = bv;
                }
                int valueFields = (f.Value.HasValue ? 1 : 0) + (f.BoolValue.HasValue ? 1 : 0) + (f.StringValue != null ? 1 : 0) + (f.DataValue != null ? 1 : 0);
                if (valueFields != 1)
                {
                    throw new FormatException($"record has {valueFields} value fields");
                }
                long? sequence = f.Sequence ?? f.BaseSequence ?? (_previousSequence + 1);
                _previousSequence = sequence;
                string? unit = f.Unit ?? _baseUnit;
                Records.Add(new ResolvedRecord(
                    _baseName + (f.Name ?? ""),
                    string.IsNullOrEmpty(unit) ? null : unit,
                    // Add the base value only when there is one: 0 + (-0.0) would lose the sign of a negative zero.
                    f.Value.HasValue ? (_baseValue.HasValue ? _baseValue.Value + f.Value.Value : f.Value.Value) : null,
                    f.BoolValue,
                    f.StringValue,
                    f.DataValue,
                    _baseTime + (f.Time ?? 0.0),
                    sequence,
                    _floor));
            }
        }

        /// <summary>Decodes a SenML CBOR pack (RFC 8428 §6) and resolves its records.</summary>
        public static List<ResolvedRecord> DecodeCbor(byte[] data, int length, CborConformanceMode mode = CborConformanceMode.Strict)
        {
            var reader = new CborReader(new ReadOnlyMemory<byte>(data, 0, length), mode);
            int? count = reader.ReadStartArray();
            if (count == null)
            {
                throw new FormatException("a SenML pack must be a definite-length array");
            }
            var resolver = new Resolver();
            for (int i = 0; i < count.Value; i++)
            {
                var f = new Fields();
                int? pairs = reader.ReadStartMap();
                if (pairs == null)
                {
                    throw new FormatException("record must be a definite-length map");
                }
                for (int p = 0; p < pairs.Value; p++)
                {
                    ReadCborField(reader, f);
                }
                reader.ReadEndMap();
                resolver.Add(f);
            }
            reader.ReadEndArray();
            if (reader.BytesRemaining != 0)
            {
                throw new FormatException($"{reader.BytesRemaining} bytes after the pack");
            }
            return resolver.Records;
        }

        private static void ReadCborField(CborReader reader, Fields f)
        {
            CborReaderState keyState = reader.PeekState();
            if (keyState == CborReaderState.UnsignedInteger || keyState == CborReaderState.NegativeInteger)
            {
                int label = reader.ReadInt32();
                f.Mark(label.ToString());
                switch (label)
                {
                    case -1: f.Version = (long)reader.ReadUInt64(); break;
                    case -2: f.BaseName = reader.ReadTextString(); break;
                    case -3: f.BaseTime = ReadCborNumber(reader); break;
                    case -4: f.BaseUnit = reader.ReadTextString(); break;
                    case -5: f.BaseValue = ReadCborNumber(reader); break;
                    case 0: f.Name = reader.ReadTextString(); break;
                    case 1: f.Unit = reader.ReadTextString(); break;
                    case 2: f.Value = ReadCborNumber(reader); break;
                    case 3: f.StringValue = reader.ReadTextString(); break;
                    case 4: f.BoolValue = reader.ReadBoolean(); break;
                    case 6: f.Time = ReadCborNumber(reader); break;
                    case 8: f.DataValue = Convert.ToBase64String(reader.ReadByteString()).TrimEnd('=').Replace('+', '-').Replace('/', '_'); break;
                    default: reader.SkipValue(); break;
                }
                return;
            }
            string text = reader.ReadTextString();
            f.Mark(text);
            switch (text)
            {
                case "bseq": f.BaseSequence = reader.ReadInt64(); break;
                case "bfloor": f.BaseFloor = reader.ReadInt64(); break;
                case "seq": f.Sequence = reader.ReadInt64(); break;
                default: reader.SkipValue(); break;
            }
        }

        private static double ReadCborNumber(CborReader reader)
        {
            switch (reader.PeekState())
            {
                case CborReaderState.UnsignedInteger:
                case CborReaderState.NegativeInteger:
                    return reader.ReadInt64();
                case CborReaderState.HalfPrecisionFloat:
                case CborReaderState.SinglePrecisionFloat:
                case CborReaderState.DoublePrecisionFloat:
                    return reader.ReadDouble();
                default:
                    throw new FormatException($"expected a number, found {reader.PeekState()}");
            }
        }

        /// <summary>Decodes a SenML JSON pack (RFC 8428 §5) and resolves its records.</summary>
        public static List<ResolvedRecord> DecodeJson(byte[] utf8, int length)
        {
            using JsonDocument document = JsonDocument.Parse(new ReadOnlyMemory<byte>(utf8, 0, length));
            return Resolve(document.RootElement);
        }

        /// <summary>Decodes a SenML JSON pack given as text.</summary>
        public static List<ResolvedRecord> DecodeJson(string json)
        {
            using JsonDocument document = JsonDocument.Parse(json);
            return Resolve(document.RootElement);
        }

        private static List<ResolvedRecord> Resolve(JsonElement root)
        {
            if (root.ValueKind != JsonValueKind.Array)
            {
                throw new FormatException("a SenML pack must be a JSON array");
            }
            var resolver = new Resolver();
            foreach (JsonElement record in root.EnumerateArray())
            {
                var f = new Fields();
                foreach (JsonProperty field in record.EnumerateObject())
                {
                    f.Mark(field.Name);
                    JsonElement v = field.Value;
                    switch (field.Name)
                    {
                        case "bver": f.Version = v.GetInt64(); break;
                        case "bn": f.BaseName = v.GetString(); break;
                        case "bt": f.BaseTime = v.GetDouble(); break;
                        case "bu": f.BaseUnit = v.GetString(); break;
                        case "bv": f.BaseValue = v.GetDouble(); break;
                        case "bseq": f.BaseSequence = v.GetInt64(); break;
                        case "bfloor": f.BaseFloor = v.GetInt64(); break;
                        case "n": f.Name = v.GetString(); break;
                        case "u": f.Unit = v.GetString(); break;
                        case "v": f.Value = v.GetDouble(); break;
                        case "vb": f.BoolValue = v.GetBoolean(); break;
                        case "vs": f.StringValue = v.GetString(); break;
                        case "vd": f.DataValue = v.GetString(); break;
                        case "t": f.Time = v.GetDouble(); break;
                        case "seq": f.Sequence = v.GetInt64(); break;
                    }
                }
                resolver.Add(f);
            }
            return resolver.Records;
        }
    }
}
