using System;
using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Gateway.Firmware.Core.Readings;

namespace Gateway.Benchmarks.Workloads
{
    /// <summary>
    /// One reading as ESPHome/Tasmota-style firmware publishes it: a flat JSON object per reading, e.g.
    /// <c>{"device":"env-0001","sensor":"temperature","value":21.53,"unit":"°C","ts":1763830000123,"seq":1234}</c>.
    /// A struct, so that building one per reading in the benchmark costs no allocation of its own.
    /// </summary>
    public struct FlatReading
    {
        public string Device { get; set; }

        public string Sensor { get; set; }

        public double Value { get; set; }

        public string Unit { get; set; }

        public long Ts { get; set; }

        public long Seq { get; set; }
    }

    /// <summary>Source-generated System.Text.Json metadata for <see cref="FlatReading"/> (the fastest way to use it).</summary>
    [JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
    [JsonSerializable(typeof(FlatReading))]
    public partial class FlatJsonContext : JsonSerializerContext
    {
    }

    /// <summary>Writes the flat comparison format.</summary>
    public static class FlatJson
    {
        /// <summary>
        /// Serializer options: camelCase names and units written as raw UTF-8 (<c>°C</c>, not <c>\u00B0C</c>), as embedded
        /// firmware does; escaping them would make the flat format look bigger than it is.
        /// </summary>
        public static readonly JsonSerializerOptions Options = new()
        {
            Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
            PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
            TypeInfoResolver = FlatJsonContext.Default,
        };

        /// <summary>Metadata of <see cref="FlatReading"/> under <see cref="Options"/>.</summary>
        public static readonly JsonTypeInfo<FlatReading> TypeInfo = (JsonTypeInfo<FlatReading>)Options.GetTypeInfo(typeof(FlatReading));

        private static readonly JsonWriterOptions s_writerOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

        /// <summary>
        /// Total bytes of one flat object per reading of <paramref name="pack"/> (each would be its own MQTT message), and the
        /// first object as text for the report. Text values (GNSS constellations) are JSON strings; empty units are left out.
        /// </summary>
        public static int TotalBytes(SamplePack pack, out string firstObject)
        {
            var output = new ArrayBufferWriter<byte>(256);
            using var writer = new Utf8JsonWriter(output, s_writerOptions);
            int total = 0;
            firstObject = "";
            for (int i = 0; i < pack.Readings.Length; i++)
            {
                output.ResetWrittenCount();
                writer.Reset(output);
                Write(writer, pack.DeviceId, ref pack.Readings[i], pack.Flat[i]);
                writer.Flush();
                total += output.WrittenCount;
                if (i == 0)
                {
                    firstObject = Encoding.UTF8.GetString(output.WrittenSpan);
                }
            }
            return total;
        }

        /// <summary>Builds the serializer's object for a numeric reading.</summary>
        public static FlatReading ToFlat(string deviceId, ref Reading reading, FlatLabel label) => new()
        {
            Device = deviceId,
            Sensor = label.Sensor,
            Value = reading.Value,
            Unit = label.Unit,
            Ts = reading.TimeUnixMs,
            Seq = reading.Sequence,
        };

        private static void Write(Utf8JsonWriter writer, string deviceId, ref Reading reading, FlatLabel label)
        {
            writer.WriteStartObject();
            writer.WriteString("device", deviceId);
            writer.WriteString("sensor", label.Sensor);
            if (label.TextValue != null)
            {
                writer.WriteString("value", label.TextValue);
            }
            else
            {
                writer.WriteNumber("value", reading.Value);
            }
            if (label.Unit.Length > 0)
            {
                writer.WriteString("unit", label.Unit);
            }
            writer.WriteNumber("ts", reading.TimeUnixMs);
            writer.WriteNumber("seq", reading.Sequence);
            writer.WriteEndObject();
        }

        /// <summary>Checks that the serializer and the hand-written writer agree on a numeric pack (they are compared side by side).</summary>
        public static void CheckSerializerAgrees(SamplePack pack)
        {
            var output = new ArrayBufferWriter<byte>(256);
            using var writer = new Utf8JsonWriter(output, s_writerOptions);
            int serialized = 0;
            for (int i = 0; i < pack.Readings.Length; i++)
            {
                output.ResetWrittenCount();
                writer.Reset(output);
                JsonSerializer.Serialize(writer, ToFlat(pack.DeviceId, ref pack.Readings[i], pack.Flat[i]), TypeInfo);
                writer.Flush();
                serialized += output.WrittenCount;
            }
            int written = TotalBytes(pack, out _);
            if (serialized != written)
            {
                throw new InvalidOperationException($"flat JSON: serializer wrote {serialized} bytes, Utf8JsonWriter {written}; the comparison would be unfair");
            }
        }
    }
}
