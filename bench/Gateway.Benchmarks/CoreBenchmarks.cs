using System;
using System.Buffers;
using System.Formats.Cbor;
using CborWriter = System.Formats.Cbor.CborWriter;
using System.Text.Encodings.Web;
using System.Text.Json;
using BenchmarkDotNet.Attributes;
using Gateway.Benchmarks.Fakes;
using Gateway.Benchmarks.Workloads;
using Gateway.Firmware.Core.Codec;
using Gateway.Firmware.Core.Readings;
using Gateway.Firmware.Core.Storage;

namespace Gateway.Benchmarks
{
    /// <summary>
    /// Speed of the node core's hot paths on the host, each next to what a host program would use instead (the baseline of
    /// its category, so BenchmarkDotNet's Ratio is our time / their time). Packs are the 10-reading environmental pack of
    /// <see cref="SamplePacks.Environmental10"/> with <c>bseq</c> and <c>bfloor</c>.
    /// </summary>
    public class CoreBenchmarks
    {
        public const string CborCategory = "pack10-cbor";
        public const string JsonCategory = "pack10-json";
        public const string BufferCategory = "buffer";
        public const string PathCategory = "path";

        /// <summary>Readings appended per <see cref="BufferAppend"/> call (then one Confirm).</summary>
        public const int AppendsPerInvoke = 64;

        private readonly byte[] _output = new byte[4096];
        private SamplePack _pack = null!;
        private SenmlCborWriter _cbor = null!;
        private SenmlJsonWriter _json = null!;
        private CborWriter _systemCbor = null!;
        private ArrayBufferWriter<byte> _jsonOutput = null!;
        private Utf8JsonWriter _utf8Json = null!;
        private DurableBuffer _buffer = null!;
        private SampleToBufferPath _path = null!;
        private Reading _reading;

        [GlobalSetup]
        public void Setup()
        {
            _pack = SamplePacks.Environmental10();
            _cbor = new SenmlCborWriter(_pack.BaseName);
            _json = new SenmlJsonWriter(_pack.BaseName);
            _systemCbor = new CborWriter(CborConformanceMode.Lax, convertIndefiniteLengthEncodings: false, allowMultipleRootLevelValues: false);
            _jsonOutput = new ArrayBufferWriter<byte>(4096);
            _utf8Json = new Utf8JsonWriter(_jsonOutput, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, SkipValidation = true });

            // The baselines must produce what ours does, or the ratios compare different work.
            int ours = EncodeCborPack10();
            int theirs = SystemFormatsCbor_Pack10();
            if (ours != theirs || !_systemCbor.Encode().AsSpan().SequenceEqual(_output.AsSpan(0, ours)))
            {
                throw new InvalidOperationException($"System.Formats.Cbor pack ({theirs} B) differs from the core's ({ours} B)");
            }
            FlatJson.CheckSerializerAgrees(_pack);

            _buffer = new DurableBuffer(new InMemorySegmentStorage(8, 4096));
            _buffer.Restore();
            _reading = _pack.Readings[0];
            _path = new SampleToBufferPath(seed: 7);
            for (int i = 0; i < 2000; i++)
            {
                _path.Cycle(); // past the first alarm episode and segment roll-overs
            }
        }

        [Benchmark(Baseline = true)]
        [BenchmarkCategory(CborCategory)]
        public int SystemFormatsCbor_Pack10() =>
            ReferenceSenml.EncodeCbor(_systemCbor, _pack.BaseName, _pack.Readings, _pack.Readings.Length, _pack.FloorSequence);

        [Benchmark]
        [BenchmarkCategory(CborCategory)]
        public int EncodeCborPack10()
        {
            _cbor.EncodePrefix(_pack.Readings, 0, _pack.Readings.Length, _pack.FloorSequence, _output, _output.Length, out int length);
            return length;
        }

        [Benchmark(Baseline = true)]
        [BenchmarkCategory(JsonCategory)]
        public int SystemTextJson_Flat10()
        {
            int total = 0;
            Reading[] readings = _pack.Readings;
            for (int i = 0; i < readings.Length; i++)
            {
                // Each flat object is its own MQTT message.
                _jsonOutput.ResetWrittenCount();
                _utf8Json.Reset(_jsonOutput);
                JsonSerializer.Serialize(_utf8Json, FlatJson.ToFlat(_pack.DeviceId, ref readings[i], _pack.Flat[i]), FlatJson.TypeInfo);
                _utf8Json.Flush();
                total += _jsonOutput.WrittenCount;
            }
            return total;
        }

        [Benchmark]
        [BenchmarkCategory(JsonCategory)]
        public int Utf8JsonWriter_SenmlPack10()
        {
            _jsonOutput.ResetWrittenCount();
            _utf8Json.Reset(_jsonOutput);
            ReferenceSenml.EncodeJson(_utf8Json, _pack.BaseName, _pack.Readings, _pack.Readings.Length, _pack.FloorSequence);
            _utf8Json.Flush();
            return _jsonOutput.WrittenCount;
        }

        [Benchmark]
        [BenchmarkCategory(JsonCategory)]
        public int EncodeJsonPack10()
        {
            _json.EncodePrefix(_pack.Readings, 0, _pack.Readings.Length, _pack.FloorSequence, _output, _output.Length, out int length);
            return length;
        }

        /// <summary>One CRC-framed append to the flash ring (in memory), with a Confirm every <see cref="AppendsPerInvoke"/> appends.</summary>
        [Benchmark(OperationsPerInvoke = AppendsPerInvoke)]
        [BenchmarkCategory(BufferCategory)]
        public long BufferAppend()
        {
            long last = 0;
            for (int i = 0; i < AppendsPerInvoke; i++)
            {
                _reading.TimeUnixMs += 1000;
                last = _buffer.Append(ref _reading);
            }
            _buffer.Confirm(last);
            return last;
        }

        /// <summary>
        /// One reading through the whole path: a full sample of the board (10 measurements, sometimes alarm events too),
        /// buffered, evaluated, encoded and confirmed, divided by 10.
        /// </summary>
        [Benchmark(OperationsPerInvoke = 10)]
        [BenchmarkCategory(PathCategory)]
        public int SampleToBufferPath() => _path.Cycle();
    }
}
