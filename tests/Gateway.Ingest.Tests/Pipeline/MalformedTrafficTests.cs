using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Text;
using System.Threading.Tasks;
using Gateway.Firmware.Core.Readings;
using Gateway.Ingest.Decoding;
using Gateway.Ingest.Pipeline;
using Gateway.Ingest.Storage;
using Gateway.Ingest.Tests.Decoding;
using Gateway.Ingest.Validation;
using Xunit;

namespace Gateway.Ingest.Tests.Pipeline;

/// <summary>Valid node traffic interleaved with mutated and malformed payloads, as a hostile or broken fleet would send.</summary>
public class MalformedTrafficTests
{
    private const long T = NodePacks.BaseTimeMs;
    private const int Messages = 10_000;
    private const int BatchSize = 100;
    private const int ValidDevices = 8;

    private enum Mutation
    {
        None,
        Truncated,
        BitFlip,
        WrongValueType,
        WrongJsonType,
        HugeRecordCount,
        HugeStringLength,
        NotFinite,
        NotFiniteJson,
        WrongUnit,
        FutureTime,
        OutOfRange,
        BadTopic,
        OtherDevicesName,
        Empty,
        Garbage,
    }

    private sealed record Case(InboundMessage Message, Mutation Mutation, string? ExpectedReason, int ValidReadings);

    [Fact]
    public async Task Ten_thousand_mutated_payloads_interleaved_with_valid_ones_are_each_quarantined_with_a_reason_or_stored()
    {
        var stopwatch = Stopwatch.StartNew();
        await using PipelineFixture f = await PipelineFixture.CreateAsync();
        var random = new Random(8428_2024);
        var nextSequence = new long[ValidDevices];
        Array.Fill(nextSequence, 1);
        var mutantSequence = 1L;
        var cases = new List<Case>(Messages);
        int expectedReadings = 0;

        for (int i = 0; i < Messages; i++)
        {
            bool valid = random.Next(2) == 0;
            Case c = valid ? ValidCase(f, random, nextSequence) : MutatedCase(f, random, ref mutantSequence);
            expectedReadings += c.ValidReadings;
            cases.Add(c);
        }

        var outcomes = new List<MessageOutcome>(Messages);
        for (int start = 0; start < Messages; start += BatchSize)
        {
            InboundMessage[] batch = cases.Skip(start).Take(BatchSize).Select(c => c.Message).ToArray();
            PipelineResult result = await f.Pipeline.ProcessAsync(batch);
            Assert.True(result.Committed, result.Failure?.ToString());
            Assert.Equal(batch, result.ToAcknowledge);
            outcomes.AddRange(result.Outcomes);
        }

        var seen = new Dictionary<Mutation, int>();
        for (int i = 0; i < Messages; i++)
        {
            Case c = cases[i];
            MessageOutcome outcome = outcomes[i];
            Assert.Same(c.Message, outcome.Message);
            seen[c.Mutation] = seen.GetValueOrDefault(c.Mutation) + 1;
            if (c.Mutation == Mutation.None)
            {
                Assert.True(outcome.Disposition == MessageDisposition.Stored, $"valid message {i} was {outcome.Reason}: {outcome.Detail}");
                Assert.Equal(c.ValidReadings, outcome.Readings);
            }
            else if (c.Mutation == Mutation.BitFlip)
            {
                // A flipped bit may still leave a valid pack (e.g. in a mantissa); it must then pass every check.
                Assert.True(outcome.Disposition == MessageDisposition.Stored || QuarantineReasons.All.Contains(outcome.Reason),
                    $"message {i}: {outcome.Disposition} {outcome.Reason}");
            }
            else
            {
                Assert.Equal(MessageDisposition.Quarantined, outcome.Disposition);
                Assert.Contains(outcome.Reason, QuarantineReasons.All);
                Assert.False(string.IsNullOrWhiteSpace(outcome.Detail));
                if (c.ExpectedReason != null)
                {
                    Assert.True(c.ExpectedReason == outcome.Reason, $"message {i} ({c.Mutation}): expected {c.ExpectedReason}, got {outcome.Reason}: {outcome.Detail}");
                }
            }
            Assert.NotEqual(DecodeReasons.InternalError, outcome.Reason);
        }
        Assert.All(Enum.GetValues<Mutation>(), m => Assert.True(seen.GetValueOrDefault(m) > 50, $"{m} only {seen.GetValueOrDefault(m)} times"));

        // Every valid reading stored exactly once, and each valid device confirmed through its last sequence.
        int storedValid = 0;
        for (int d = 0; d < ValidDevices; d++)
        {
            storedValid += (await f.Sqlite.QueryReadingsAsync(new ReadingQuery($"ok-{d}") { Limit = 1_000_000 })).Count;
            DeviceSummary device = (await f.Sqlite.GetDeviceAsync($"ok-{d}"))!;
            Assert.Equal(nextSequence[d] - 1, device.ContiguousThrough);
            Assert.Equal(0, device.Duplicates);
        }
        Assert.Equal(expectedReadings, storedValid);

        int quarantined = outcomes.Count(o => o.Disposition == MessageDisposition.Quarantined);
        Assert.Equal(quarantined, (await f.Sqlite.ListQuarantineAsync(new QuarantineQuery { Limit = 100_000 })).Count);
        IngestMetricsSnapshot metrics = f.Pipeline.Metrics.Snapshot();
        Assert.Equal(Messages, metrics.Messages);
        Assert.Equal(quarantined, metrics.Quarantined);
        Assert.Equal(quarantined, metrics.QuarantinedByReason.Values.Sum());
        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(50), $"took {stopwatch.Elapsed}");
    }

    private static Case ValidCase(PipelineFixture f, Random random, long[] nextSequence)
    {
        int device = random.Next(ValidDevices);
        int count = 1 + random.Next(8);
        var readings = new Reading[count];
        long time = T - random.Next(3_600_000);
        for (int i = 0; i < count; i++)
        {
            readings[i] = NodePacks.RandomReading(random, nextSequence[device]++, time + i * 1000);
        }
        string name = $"ok-{device}";
        byte[] payload = random.Next(5) == 0 ? NodePacks.Json(name, readings, readings[0].Sequence) : NodePacks.Cbor(name, readings, readings[0].Sequence);
        string channel = readings.All(r => r.Kind != ReadingKind.Measurement) ? "alarm" : "telemetry";
        return new Case(f.Message($"gw/v1/city/{name}/up/{channel}", payload), Mutation.None, null, count);
    }

    private static Case MutatedCase(PipelineFixture f, Random random, ref long sequence)
    {
        string device = $"mut-{random.Next(4)}";
        string topic = $"gw/v1/city/{device}/up/telemetry";
        long seq = sequence;
        sequence += 10;
        Reading Temp(double value, long time = T) => NodePacks.Measurement(seq, MetricId.Temperature, value, time);
        byte[] Valid() => NodePacks.Cbor(device, Enumerable.Range(0, 1 + random.Next(5)).Select(i => NodePacks.RandomReading(random, seq + i, T - 1000)).ToArray(), seq);
        string JsonPack(string record) => $$"""[{"bn":"{{device}}/","bt":{{T / 1000}},"bseq":{{seq}},{{record}}}]""";

        var mutation = (Mutation)(1 + random.Next(Enum.GetValues<Mutation>().Length - 1));
        byte[] payload;
        string? reason;
        switch (mutation)
        {
            case Mutation.Truncated:
                byte[] whole = Valid();
                payload = whole.AsSpan(0, 1 + random.Next(whole.Length - 1)).ToArray();
                reason = DecodeReasons.Truncated;
                break;
            case Mutation.BitFlip:
                payload = Valid();
                payload[random.Next(payload.Length)] ^= (byte)(1 << random.Next(8));
                reason = null;
                break;
            case Mutation.WrongValueType:
                payload = Encoding.UTF8.GetBytes(JsonPack("\"n\":\"temp\",\"u\":\"Cel\",\"vs\":\"21.5\""));
                reason = QuarantineReasons.WrongValueKind;
                break;
            case Mutation.WrongJsonType:
                payload = Encoding.UTF8.GetBytes(JsonPack("\"n\":\"temp\",\"u\":\"Cel\",\"v\":\"21.5\""));
                reason = DecodeReasons.WrongType;
                break;
            case Mutation.HugeRecordCount:
                payload = Valid();
                payload = new byte[] { 0x9B, 0, 0, 0, 1, 0, 0, 0, 0 }.Concat(payload.Skip(1)).ToArray();
                reason = DecodeReasons.TooManyRecords;
                break;
            case Mutation.HugeStringLength:
                payload = new byte[] { 0x81, 0xA2, 0x00, 0x7A, 0x40, 0x00, 0x00, (byte)random.Next(256), 0x61, 0x61 };
                reason = DecodeReasons.StringTooLong;
                break;
            case Mutation.NotFinite:
                payload = NodePacks.Cbor(device, new[] { Temp(random.Next(3) switch { 0 => double.NaN, 1 => double.PositiveInfinity, _ => double.NegativeInfinity }) }, seq);
                reason = DecodeReasons.ValueNotFinite;
                break;
            case Mutation.NotFiniteJson:
                payload = NodePacks.Json(device, new[] { Temp(double.NaN) }, seq);
                reason = DecodeReasons.ValueNotFinite;
                break;
            case Mutation.WrongUnit:
                payload = Encoding.UTF8.GetBytes(JsonPack("\"n\":\"temp\",\"u\":\"K\",\"v\":293.15"));
                reason = QuarantineReasons.UnitMismatch;
                break;
            case Mutation.FutureTime:
                payload = NodePacks.Cbor(device, new[] { Temp(20, T + 2 * 86_400_000L + random.Next(1_000_000)) }, seq);
                reason = QuarantineReasons.TimeInFuture;
                break;
            case Mutation.OutOfRange:
                payload = NodePacks.Cbor(device, new[] { Temp(100.5 + random.Next(1000)) }, seq);
                reason = QuarantineReasons.ValueOutOfRange;
                break;
            case Mutation.BadTopic:
                payload = Valid();
                topic = random.Next(2) == 0 ? $"gw/v1/city/{device}/up/bogus" : $"gw/v1/City/{device}/up/telemetry";
                reason = QuarantineReasons.BadTopic;
                break;
            case Mutation.OtherDevicesName:
                payload = NodePacks.Cbor("ok-0", new[] { Temp(20) }, seq);
                reason = QuarantineReasons.IdentityMismatch;
                break;
            case Mutation.Empty:
                payload = Array.Empty<byte>();
                reason = DecodeReasons.PayloadEmpty;
                break;
            default:
                payload = new byte[1 + random.Next(40)];
                random.NextBytes(payload);
                payload[0] = (byte)(0x80 | random.Next(32)); // looks like a CBOR array
                reason = null;
                break;
        }
        return new Case(f.Message(topic, payload), mutation, reason, 0);
    }
}
