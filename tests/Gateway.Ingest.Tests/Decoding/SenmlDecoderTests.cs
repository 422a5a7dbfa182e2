using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using Gateway.Firmware.Core.Gnss;
using Gateway.Firmware.Core.Readings;
using Gateway.Ingest.Decoding;
using Xunit;

namespace Gateway.Ingest.Tests.Decoding;

public class SenmlDecoderTests
{
    private const long T = NodePacks.BaseTimeMs;

    private static Reading[] MixedReadings() => new[]
    {
        NodePacks.Measurement(41, MetricId.Temperature, 21.5, T + 250),
        NodePacks.Measurement(42, MetricId.RelativeHumidity, 48.2, T + 250),
        NodePacks.Measurement(43, MetricId.DoorOpen, 1, T + 250),
        NodePacks.Measurement(45, MetricId.Constellation, (double)(GnssConstellation.Gps | GnssConstellation.BeiDou), T + 1000),
        NodePacks.Alarm(46, MetricId.Temperature, ReadingKind.AlarmHigh, true, T + 60_000),
        NodePacks.Measurement(47, MetricId.FixQuality, 4, T + 60_000),
        NodePacks.Measurement(48, MetricId.Pressure, 101325.5, T + 120_001),
    };

    private static readonly SenmlRecord[] s_mixedExpected =
    {
        new("env-0001/temp", "Cel", 21.5, null, null, null, T + 250, false, 41, 40),
        new("env-0001/rh", "%RH", 48.2, null, null, null, T + 250, false, 42, 40),
        new("env-0001/door", null, null, true, null, null, T + 250, false, 43, 40),
        new("env-0001/gnss", null, null, null, "GPS+BDS", null, T + 1000, false, 45, 40),
        new("env-0001/alarm/temp/high", null, null, true, null, null, T + 60_000, false, 46, 40),
        new("env-0001/fix", null, 4, null, null, null, T + 60_000, false, 47, 40),
        new("env-0001/press", "Pa", 101325.5, null, null, null, T + 120_001, false, 48, 40),
    };

    [Fact]
    public void Node_cbor_pack_decodes_to_the_exact_names_units_values_times_and_sequences()
    {
        byte[] payload = NodePacks.Cbor("env-0001", MixedReadings(), floor: 40);

        DecodeResult result = SenmlDecoder.Default.Decode(payload);

        Assert.True(result.Success, result.ToString());
        Assert.Equal(SenmlFormat.Cbor, result.Format);
        Assert.Equal(s_mixedExpected, result.Records);
        Assert.Equal(40, result.Floor);
    }

    [Fact]
    public void Node_json_pack_decodes_to_the_same_records_as_its_cbor_form()
    {
        byte[] payload = NodePacks.Json("env-0001", MixedReadings(), floor: 40);
        Assert.Equal((byte)'[', payload[0]);

        DecodeResult result = SenmlDecoder.Default.Decode(payload);

        Assert.True(result.Success, result.ToString());
        Assert.Equal(SenmlFormat.Json, result.Format);
        Assert.Equal(s_mixedExpected, result.Records);
    }

    [Fact]
    public void Random_node_packs_round_trip_exactly_in_both_formats()
    {
        var random = new Random(8428);
        for (int pack = 0; pack < 300; pack++)
        {
            int count = 1 + random.Next(40);
            long sequence = 1 + random.Next(1_000_000);
            long time = T + random.Next(1_000_000) * 7L;
            var readings = new Reading[count];
            for (int i = 0; i < count; i++)
            {
                sequence += random.Next(5) == 0 ? 1 + random.Next(3) : 1;
                time += random.Next(3) == 0 ? 0 : random.Next(100_000);
                readings[i] = NodePacks.RandomReading(random, sequence, time);
            }
            long floor = readings[0].Sequence - random.Next(100);

            foreach (byte[] payload in new[] { NodePacks.Cbor("trk-7", readings, floor), NodePacks.Json("trk-7", readings, floor) })
            {
                DecodeResult result = SenmlDecoder.Default.Decode(payload);
                Assert.True(result.Success, result.ToString());
                Assert.Equal(count, result.Records.Count);
                for (int i = 0; i < count; i++)
                {
                    AssertSameReading(readings[i], result.Records[i], floor);
                }
            }
        }
    }

    private static void AssertSameReading(Reading expected, SenmlRecord actual, long floor)
    {
        Assert.Equal(expected.Sequence, actual.Sequence);
        Assert.Equal(floor, actual.Floor);
        Assert.Equal(expected.TimeUnixMs, actual.TimeUnixMs);
        Assert.False(actual.TimeIsRelative);
        if (expected.Kind != ReadingKind.Measurement)
        {
            Assert.StartsWith("trk-7/alarm/" + MetricCatalog.Name(expected.Metric) + "/", actual.Name);
            Assert.Equal(expected.Value != 0, actual.Boolean);
            Assert.Null(actual.Unit);
            return;
        }
        Assert.Equal("trk-7/" + MetricCatalog.Name(expected.Metric), actual.Name);
        string unit = MetricCatalog.Unit(expected.Metric);
        Assert.Equal(unit.Length == 0 ? null : unit, actual.Unit);
        switch (MetricCatalog.ValueKind(expected.Metric))
        {
            case SenmlValueKind.Boolean:
                Assert.Equal(expected.Value != 0, actual.Boolean);
                break;
            case SenmlValueKind.Text:
                Assert.True(GnssConstellations.TryParse(actual.Text, out GnssConstellation set));
                Assert.Equal((GnssConstellation)(int)expected.Value, set);
                break;
            default:
                Assert.Equal(BitConverter.DoubleToInt64Bits(expected.Value), BitConverter.DoubleToInt64Bits(actual.Number!.Value));
                break;
        }
    }

    [Fact]
    public void Status_pack_from_the_node_decodes_without_sequences()
    {
        DecodeResult result = SenmlDecoder.Default.Decode(NodePacks.Status("env-0001", T + 500, bufferDepth: 12));

        Assert.True(result.Success, result.ToString());
        Assert.Equal(14, result.Records.Count);
        Assert.All(result.Records, r => Assert.Null(r.Sequence));
        Assert.All(result.Records, r => Assert.Equal(T + 500, r.TimeUnixMs));
        Assert.Equal("1.2.3", result.Records.Single(r => r.Name == "env-0001/fw").Text);
        Assert.Equal(12, result.Records.Single(r => r.Name == "env-0001/buffer_depth").Number);
        Assert.Equal("count", result.Records.Single(r => r.Name == "env-0001/buffer_depth").Unit);
        Assert.Equal("warning", result.Records.Single(r => r.Name == "env-0001/status").Text);
    }

    [Fact]
    public void Relative_times_below_two_to_the_28_seconds_are_flagged()
    {
        DecodeResult result = SenmlDecoder.Default.Decode(Encoding.UTF8.GetBytes("""[{"n":"a","v":1},{"n":"b","t":-5,"v":2},{"n":"c","t":268435456,"v":3}]"""));

        Assert.True(result.Success, result.ToString());
        Assert.Equal(new[] { true, true, false }, result.Records.Select(r => r.TimeIsRelative));
        Assert.Equal(new[] { 0L, -5000L, 268_435_456_000L }, result.Records.Select(r => r.TimeUnixMs));
    }

    [Fact]
    public void Explicit_seq_overrides_and_later_records_count_on_from_it()
    {
        DecodeResult result = SenmlDecoder.Default.Decode(Encoding.UTF8.GetBytes(
            """[{"bn":"d/","bt":1700000000,"bseq":10,"bfloor":3,"n":"temp","v":1},{"n":"temp","v":2},{"n":"temp","seq":20,"v":3},{"n":"temp","v":4}]"""));

        Assert.True(result.Success, result.ToString());
        Assert.Equal(new long?[] { 10, 11, 20, 21 }, result.Records.Select(r => r.Sequence));
        Assert.All(result.Records, r => Assert.Equal(3, r.Floor));
    }

    [Fact]
    public void Largest_accepted_pack_and_string_sizes_decode()
    {
        var readings = Enumerable.Range(1, 1000).Select(i => NodePacks.Measurement(i, MetricId.Temperature, i / 10.0, T + i)).ToArray();
        Assert.True(SenmlDecoder.Default.Decode(NodePacks.Cbor("d", readings)).Success);

        string text = new string('x', 256);
        Assert.True(SenmlDecoder.Default.Decode(Encoding.UTF8.GetBytes($$"""[{"n":"a","vs":"{{text}}"}]""")).Success);
    }
}
