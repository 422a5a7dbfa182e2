using System;
using System.Formats.Cbor;
using System.Text.Json;
using Gateway.Firmware.Core.Readings;

namespace Gateway.Benchmarks.Workloads
{
    /// <summary>
    /// The same SenML pack as the core's writers (same records, same field order, same <c>bseq</c>/<c>bfloor</c> and number
    /// rules), written with the .NET libraries a host program would reach for: System.Formats.Cbor's <see cref="CborWriter"/>
    /// and System.Text.Json's <see cref="Utf8JsonWriter"/>. They are the baselines of the speed benchmarks and, because they
    /// are independent encoders, a cross-check that the core's output is what the rules say (the CBOR bytes must be equal).
    /// Measurements only (no alarm records), which is what the benchmark packs hold.
    /// </summary>
    public static class ReferenceSenml
    {
        // RFC 8428 Table 4.
        private const int LabelBaseName = -2;
        private const int LabelBaseTime = -3;
        private const int LabelBaseUnit = -4;
        private const int LabelName = 0;
        private const int LabelUnit = 1;
        private const int LabelValue = 2;
        private const int LabelStringValue = 3;
        private const int LabelTime = 6;

        /// <summary>Writes the pack with System.Formats.Cbor into <paramref name="writer"/> (reset first); returns its length.</summary>
        public static int EncodeCbor(CborWriter writer, string baseName, Reading[] readings, int count, long floorSequence)
        {
            writer.Reset();
            writer.WriteStartArray(count);
            long baseTimeMs = readings[0].TimeUnixMs;
            string baseUnit = MetricCatalog.Unit(readings[0].Metric);
            for (int i = 0; i < count; i++)
            {
                ref Reading r = ref readings[i];
                RequireMeasurement(ref r);
                bool first = i == 0;
                string unit = MetricCatalog.Unit(r.Metric);
                bool writeUnit = !first && unit != baseUnit;
                long relativeMs = r.TimeUnixMs - baseTimeMs;
                bool writeSequence = !first && r.Sequence != readings[i - 1].Sequence + 1;
                int fields = 2 + (writeUnit ? 1 : 0) + (relativeMs != 0 ? 1 : 0) + (writeSequence ? 1 : 0);
                if (first)
                {
                    fields += 3 + (baseName.Length > 0 ? 1 : 0) + (baseUnit.Length > 0 ? 1 : 0);
                }
                writer.WriteStartMap(fields);
                if (first)
                {
                    if (baseName.Length > 0)
                    {
                        writer.WriteInt32(LabelBaseName);
                        writer.WriteTextString(baseName);
                    }
                    writer.WriteInt32(LabelBaseTime);
                    WriteTime(writer, baseTimeMs);
                    if (baseUnit.Length > 0)
                    {
                        writer.WriteInt32(LabelBaseUnit);
                        writer.WriteTextString(baseUnit);
                    }
                    writer.WriteTextString("bseq");
                    writer.WriteInt64(r.Sequence);
                    writer.WriteTextString("bfloor");
                    writer.WriteInt64(floorSequence);
                }
                writer.WriteInt32(LabelName);
                writer.WriteTextString(MetricCatalog.Name(r.Metric));
                if (writeUnit)
                {
                    writer.WriteInt32(LabelUnit);
                    writer.WriteTextString(unit);
                }
                if (relativeMs != 0)
                {
                    writer.WriteInt32(LabelTime);
                    WriteTime(writer, relativeMs);
                }
                if (writeSequence)
                {
                    writer.WriteTextString("seq");
                    writer.WriteInt64(r.Sequence);
                }
                if (MetricCatalog.ValueKind(r.Metric) == SenmlValueKind.Text)
                {
                    writer.WriteInt32(LabelStringValue);
                    writer.WriteTextString(Gateway.Firmware.Core.Gnss.GnssConstellations.ToText((Gateway.Firmware.Core.Gnss.GnssConstellation)(byte)(int)r.Value));
                }
                else
                {
                    writer.WriteInt32(LabelValue);
                    WriteShortestNumber(writer, r.Value);
                }
                writer.WriteEndMap();
            }
            writer.WriteEndArray();
            return writer.BytesWritten;
        }

        /// <summary>Writes the pack as SenML JSON with <paramref name="writer"/> (already reset onto its output).</summary>
        public static void EncodeJson(Utf8JsonWriter writer, string baseName, Reading[] readings, int count, long floorSequence)
        {
            writer.WriteStartArray();
            long baseTimeMs = readings[0].TimeUnixMs;
            string baseUnit = MetricCatalog.Unit(readings[0].Metric);
            for (int i = 0; i < count; i++)
            {
                ref Reading r = ref readings[i];
                RequireMeasurement(ref r);
                bool first = i == 0;
                string unit = MetricCatalog.Unit(r.Metric);
                long relativeMs = r.TimeUnixMs - baseTimeMs;
                writer.WriteStartObject();
                if (first)
                {
                    if (baseName.Length > 0)
                    {
                        writer.WriteString("bn", baseName);
                    }
                    WriteTime(writer, "bt", baseTimeMs);
                    if (baseUnit.Length > 0)
                    {
                        writer.WriteString("bu", baseUnit);
                    }
                    writer.WriteNumber("bseq", r.Sequence);
                    writer.WriteNumber("bfloor", floorSequence);
                }
                writer.WriteString("n", MetricCatalog.Name(r.Metric));
                if (!first && unit != baseUnit)
                {
                    writer.WriteString("u", unit);
                }
                if (relativeMs != 0)
                {
                    WriteTime(writer, "t", relativeMs);
                }
                if (!first && r.Sequence != readings[i - 1].Sequence + 1)
                {
                    writer.WriteNumber("seq", r.Sequence);
                }
                writer.WriteNumber("v", r.Value);
                writer.WriteEndObject();
            }
            writer.WriteEndArray();
        }

        // RFC 8428 §4.5.3: seconds; whole seconds as an integer, else the double nearest to ms / 1000 (as the core does).
        private static void WriteTime(CborWriter writer, long timeMs)
        {
            if (timeMs % 1000 == 0)
            {
                writer.WriteInt64(timeMs / 1000);
            }
            else
            {
                WriteShortestNumber(writer, timeMs / 1000.0);
            }
        }

        private static void WriteTime(Utf8JsonWriter writer, string label, long timeMs)
        {
            if (timeMs % 1000 == 0)
            {
                writer.WriteNumber(label, timeMs / 1000);
            }
            else
            {
                writer.WriteNumber(label, timeMs / 1000.0);
            }
        }

        // RFC 8949 §4.2 preferred serialization, as a user of System.Formats.Cbor writes it: an integer when the value is
        // integral and the integer head is no longer than the float, else the shortest of half/single/double that is exact.
        private static void WriteShortestNumber(CborWriter writer, double value)
        {
            int floatBytes = (double)(Half)value == value ? 2 : (double)(float)value == value ? 4 : 8;
            if (Math.Abs(value) < 9007199254740992.0 && Math.Floor(value) == value && !(value == 0 && double.IsNegative(value)))
            {
                long integer = (long)value;
                ulong argument = integer >= 0 ? (ulong)integer : (ulong)~integer;
                int headBytes = argument < 24 ? 1 : argument <= 0xFF ? 2 : argument <= 0xFFFF ? 3 : argument <= 0xFFFFFFFF ? 5 : 9;
                if (headBytes <= 1 + floatBytes)
                {
                    writer.WriteInt64(integer);
                    return;
                }
            }
            switch (floatBytes)
            {
                case 2:
                    writer.WriteHalf((Half)value);
                    break;
                case 4:
                    writer.WriteSingle((float)value);
                    break;
                default:
                    writer.WriteDouble(value);
                    break;
            }
        }

        private static void RequireMeasurement(ref Reading reading)
        {
            if (reading.Kind != ReadingKind.Measurement)
            {
                throw new ArgumentException($"reference encoder handles measurements only, got {reading.Kind} for sequence {reading.Sequence}", nameof(reading));
            }
        }
    }
}
