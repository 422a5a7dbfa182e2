using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using System.Threading.Tasks;
using Gateway.Firmware.Core.Config;
using Gateway.Firmware.Core.Readings;
using Gateway.Ingest.Decoding;
using Gateway.Ingest.Pipeline;
using Gateway.Ingest.Storage;
using Gateway.Ingest.Tests.Decoding;
using Gateway.Ingest.Validation;
using Xunit;

namespace Gateway.Ingest.Tests.Pipeline;

public class IngestPipelineTests
{
    private const long T = NodePacks.BaseTimeMs;

    [Fact]
    public async Task Node_packs_are_stored_and_confirmed_with_an_ack_the_node_accepts()
    {
        await using PipelineFixture f = await PipelineFixture.CreateAsync();
        InboundMessage cbor = f.Telemetry("env-1", 1, 1, 2, 3);
        InboundMessage json = f.Message("gw/v1/city/env-1/up/telemetry",
            NodePacks.Json("env-1", new[] { NodePacks.Measurement(4, MetricId.Pm2_5, 12.5, T - 1000) }, floor: 1));

        PipelineResult result = await f.ProcessAsync(cbor, json);

        Assert.True(result.Committed);
        Assert.Equal(new[] { cbor, json }, result.ToAcknowledge);
        Assert.Equal(4, PipelineFixture.ConfirmedBy(result, "env-1"));
        Assert.Equal("confirmed = 4", result.Acks.Single().Text);
        Assert.All(result.Outcomes, o => Assert.Equal(MessageDisposition.Stored, o.Disposition));
        IReadOnlyList<StoredReading> stored = await f.Sqlite.QueryReadingsAsync(new ReadingQuery("env-1"));
        Assert.Equal(new long[] { 1, 2, 3, 4 }, stored.Select(r => r.Sequence).OrderBy(s => s));
        Assert.Equal(12.5, stored.Single(r => r.Metric == "pm2_5").Value);
        Assert.Empty(result.Commands);
    }

    [Fact]
    public async Task Same_message_twice_is_stored_once_counted_as_replay_and_confirmed_again()
    {
        await using PipelineFixture f = await PipelineFixture.CreateAsync();
        InboundMessage message = f.Telemetry("env-1", 1, 1, 2, 3);

        PipelineResult first = await f.ProcessAsync(message);
        PipelineResult second = await f.ProcessAsync(message);

        Assert.Equal(3, PipelineFixture.ConfirmedBy(first, "env-1"));
        Assert.Equal(3, PipelineFixture.ConfirmedBy(second, "env-1"));
        Assert.Equal((0, 3), (second.Store!.Stored, second.Store.Duplicates));
        Assert.Equal(3, (await f.Sqlite.QueryReadingsAsync(new ReadingQuery("env-1"))).Count);
        IngestMetricsSnapshot metrics = f.Pipeline.Metrics.Snapshot();
        Assert.Equal((3L, 3L, 2L), (metrics.ReadingsStored, metrics.Duplicates, metrics.Acks));
    }

    [Fact]
    public async Task Out_of_order_arrival_confirms_only_the_contiguous_part_until_the_gap_is_filled()
    {
        await using PipelineFixture f = await PipelineFixture.CreateAsync();

        Assert.Equal(2, PipelineFixture.ConfirmedBy(await f.ProcessAsync(f.Telemetry("env-1", 1, 1, 2)), "env-1"));
        Assert.Equal(2, PipelineFixture.ConfirmedBy(await f.ProcessAsync(f.Telemetry("env-1", 1, 6, 7)), "env-1"));
        Assert.Equal(2, PipelineFixture.ConfirmedBy(await f.ProcessAsync(f.Telemetry("env-1", 1, 4)), "env-1"));
        Assert.Equal(7, PipelineFixture.ConfirmedBy(await f.ProcessAsync(f.Telemetry("env-1", 1, 3), f.Telemetry("env-1", 1, 5)), "env-1"));
        Assert.Empty(await f.Sqlite.ListGapsAsync("env-1", openOnly: true));
    }

    [Fact]
    public async Task Alarm_sent_ahead_of_the_backlog_is_stored_and_confirmed_once_the_backlog_arrives()
    {
        await using PipelineFixture f = await PipelineFixture.CreateAsync();
        InboundMessage alarm = f.Message("gw/v1/city/env-1/up/alarm",
            NodePacks.Cbor("env-1", new[] { NodePacks.Alarm(5, MetricId.Pm2_5, ReadingKind.AlarmHigh, true, T - 500) }, floor: 1));

        PipelineResult ahead = await f.ProcessAsync(alarm);
        PipelineResult backlog = await f.ProcessAsync(f.Telemetry("env-1", 1, 1, 2, 3, 4));

        Assert.Empty(ahead.Acks); // nothing contiguous from 1 yet
        Assert.Equal(5, PipelineFixture.ConfirmedBy(backlog, "env-1"));
        StoredAlarm stored = Assert.Single(await f.Sqlite.ListAlarmsAsync(new AlarmQuery { Device = "env-1" }));
        Assert.Equal(("pm2_5", "high", true, 5L), (stored.Metric, stored.Kind, stored.Raised, stored.Sequence));
    }

    [Fact]
    public async Task Sequences_below_bfloor_are_skipped_as_evicted()
    {
        await using PipelineFixture f = await PipelineFixture.CreateAsync();
        await f.ProcessAsync(f.Telemetry("trk-1", 1, 1, 2));

        PipelineResult result = await f.ProcessAsync(f.Telemetry("trk-1", 10, 10, 11));

        Assert.Equal(11, PipelineFixture.ConfirmedBy(result, "trk-1"));
        GapRecord evicted = Assert.Single(await f.Sqlite.ListGapsAsync("trk-1", openOnly: false));
        Assert.Equal((3L, 9L, "evicted"), (evicted.FromSequence, evicted.ToSequence, evicted.Reason));
        Assert.Equal(7, f.Pipeline.Metrics.Snapshot().SequencesEvicted);
    }

    [Fact]
    public async Task Identity_mismatch_is_quarantined_and_confirms_nothing()
    {
        await using PipelineFixture f = await PipelineFixture.CreateAsync();
        InboundMessage spoof = f.Message("gw/v1/city/env-1/up/telemetry",
            NodePacks.Cbor("env-2", new[] { NodePacks.Measurement(1, MetricId.Temperature, 20, T) }, floor: 1));

        PipelineResult result = await f.ProcessAsync(spoof);

        Assert.True(result.Committed);
        Assert.Equal(new[] { spoof }, result.ToAcknowledge); // kept durably in quarantine, so the broker may drop it
        MessageOutcome outcome = Assert.Single(result.Outcomes);
        Assert.Equal((MessageDisposition.Quarantined, QuarantineReasons.IdentityMismatch), (outcome.Disposition, outcome.Reason));
        Assert.Empty(result.Acks);
        Assert.Empty(await f.Sqlite.QueryReadingsAsync(new ReadingQuery("env-1")));
        Assert.Empty(await f.Sqlite.QueryReadingsAsync(new ReadingQuery("env-2")));
        QuarantineRecord kept = Assert.Single(await f.Sqlite.ListQuarantineAsync(new QuarantineQuery { Device = "env-1" }));
        Assert.Equal(spoof.Payload.ToArray(), kept.Payload);
    }

    [Fact]
    public async Task Malformed_topic_is_quarantined_as_bad_topic()
    {
        await using PipelineFixture f = await PipelineFixture.CreateAsync();

        PipelineResult result = await f.ProcessAsync(f.Message("gw/v1/city/env-1/up/bogus", new byte[] { 0x80 }));

        Assert.Equal(QuarantineReasons.BadTopic, Assert.Single(result.Outcomes).Reason);
        QuarantineRecord kept = Assert.Single(await f.Sqlite.ListQuarantineAsync(new QuarantineQuery { Reason = QuarantineReasons.BadTopic }));
        Assert.Equal(("gw/v1/city/env-1/up/bogus", null), (kept.Topic, kept.Device));
        Assert.Contains("channel \"bogus\"", kept.Detail);
        Assert.Equal(1, f.Pipeline.Metrics.Snapshot().QuarantinedByReason[QuarantineReasons.BadTopic]);
    }

    [Fact]
    public async Task Refused_pack_with_sound_sequences_is_quarantined_and_still_confirmed_past()
    {
        await using PipelineFixture f = await PipelineFixture.CreateAsync();
        await f.ProcessAsync(f.Telemetry("env-1", 1, 1, 2));
        InboundMessage outOfRange = f.Message("gw/v1/city/env-1/up/telemetry",
            NodePacks.Cbor("env-1", new[] { NodePacks.Measurement(3, MetricId.Temperature, 20, T), NodePacks.Measurement(4, MetricId.Temperature, 150, T) }, floor: 1));

        PipelineResult result = await f.ProcessAsync(outOfRange);

        Assert.Equal(QuarantineReasons.ValueOutOfRange, Assert.Single(result.Outcomes).Reason);
        Assert.Equal(4, PipelineFixture.ConfirmedBy(result, "env-1")); // otherwise the node would re-send it forever
        Assert.Equal(2, (await f.Sqlite.QueryReadingsAsync(new ReadingQuery("env-1"))).Count);
        QuarantineRecord kept = Assert.Single(await f.Sqlite.ListQuarantineAsync(new QuarantineQuery()));
        Assert.Equal((3L, 4L), (kept.FirstSettledSequence!.Value, kept.LastSettledSequence!.Value));
    }

    [Fact]
    public async Task A_failing_store_produces_no_ack_and_nothing_to_acknowledge_and_the_redelivery_is_stored()
    {
        await using PipelineFixture f = await PipelineFixture.CreateAsync();
        InboundMessage message = f.Telemetry("env-1", 1, 1, 2, 3);
        f.Store.FailWith = new IOException("disk full");

        PipelineResult failed = await f.ProcessAsync(message);

        Assert.False(failed.Committed);
        Assert.IsType<IOException>(failed.Failure);
        Assert.Empty(failed.ToAcknowledge);
        Assert.Empty(failed.Acks);
        Assert.Empty(failed.Commands);
        Assert.Empty(await f.Sqlite.QueryReadingsAsync(new ReadingQuery("env-1")));
        Assert.Equal(1, f.Pipeline.Metrics.Snapshot().StoreFailures);

        f.Store.FailWith = null;
        PipelineResult redelivered = await f.ProcessAsync(message);
        Assert.True(redelivered.Committed);
        Assert.Equal(3, PipelineFixture.ConfirmedBy(redelivered, "env-1"));
        Assert.Equal(new[] { message }, redelivered.ToAcknowledge);
    }

    [Fact]
    public async Task No_result_and_so_no_ack_exists_while_the_commit_is_pending()
    {
        await using PipelineFixture f = await PipelineFixture.CreateAsync();
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        f.Store.HoldUntil = release.Task;

        Task<PipelineResult> processing = f.ProcessAsync(f.Telemetry("env-1", 1, 1));
        await f.Store.Holding.Task.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.False(processing.IsCompleted);
        Assert.Equal(0, f.Store.BatchesCommitted);
        release.SetResult();
        PipelineResult result = await processing.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(1, f.Store.BatchesCommitted);
        Assert.Equal(1, PipelineFixture.ConfirmedBy(result, "env-1"));
    }

    [Fact]
    public async Task Status_and_reply_update_the_device_state()
    {
        await using PipelineFixture f = await PipelineFixture.CreateAsync();

        PipelineResult result = await f.ProcessAsync(
            f.Message("gw/v1/city/env-1/up/status", NodePacks.Status("env-1", T - 2000, bufferDepth: 7)),
            f.Message("gw/v1/city/env-1/up/reply", Encoding.UTF8.GetBytes("id = 9\nresult = accepted\n")));

        Assert.Equal(new[] { MessageDisposition.Status, MessageDisposition.Reply }, result.Outcomes.Select(o => o.Disposition));
        Assert.Empty(result.Acks);
        DeviceSummary device = (await f.Sqlite.GetDeviceAsync("env-1"))!;
        Assert.Equal(7, device.BufferDepth);
        Assert.Equal("id = 9\nresult = accepted\n", device.LastReply);
        using JsonDocument status = JsonDocument.Parse(device.LastStatusJson!);
        Assert.Equal("1.2.3", status.RootElement.GetProperty("fw").GetString());
    }

    [Fact]
    public async Task A_gap_open_for_the_timeout_asks_the_node_to_resend_rate_limited()
    {
        await using PipelineFixture f = await PipelineFixture.CreateAsync();
        await f.ProcessAsync(f.Telemetry("env-1", 1, 1, 2, 3));
        PipelineResult gap = await f.ProcessAsync(f.Telemetry("env-1", 1, 6, 7));
        Assert.Empty(gap.Commands);

        f.Clock.Advance(TimeSpan.FromSeconds(59));
        Assert.Empty((await f.Pipeline.ProcessAsync(Array.Empty<InboundMessage>())).Commands);
        f.Clock.Advance(TimeSpan.FromSeconds(1));
        PipelineResult due = await f.Pipeline.ProcessAsync(Array.Empty<InboundMessage>());

        OutboundMessage command = Assert.Single(due.Commands);
        Assert.Equal("gw/v1/city/env-1/down/cmd", command.Topic);
        Assert.True(DownlinkParser.TryParseCommand(command.Text, out DownlinkCommand? parsed, out ConfigError[] errors), string.Join("; ", errors.Select(e => e.Message)));
        Assert.Equal((CommandKind.Resend, 4L), (parsed!.Kind, parsed.FromSequence));

        f.Clock.Advance(TimeSpan.FromSeconds(29));
        Assert.Empty((await f.Pipeline.ProcessAsync(Array.Empty<InboundMessage>())).Commands);
        f.Clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Single((await f.Pipeline.ProcessAsync(Array.Empty<InboundMessage>())).Commands);

        await f.ProcessAsync(f.Telemetry("env-1", 1, 4, 5));
        f.Clock.Advance(TimeSpan.FromMinutes(5));
        Assert.Empty((await f.Pipeline.ProcessAsync(Array.Empty<InboundMessage>())).Commands);
        Assert.Equal(2, f.Pipeline.Metrics.Snapshot().ResendRequests);
    }

    [Fact]
    public async Task A_gap_that_persists_through_several_batches_of_new_traffic_asks_for_a_resend()
    {
        await using PipelineFixture f = await PipelineFixture.CreateAsync(new IngestPipelineOptions { GapResendAfterBatches = 3 });
        await f.ProcessAsync(f.Telemetry("env-1", 1, 1));

        Assert.Empty((await f.ProcessAsync(f.Telemetry("env-1", 1, 3))).Commands);
        Assert.Empty((await f.ProcessAsync(f.Telemetry("env-1", 1, 4))).Commands);
        PipelineResult third = await f.ProcessAsync(f.Telemetry("env-1", 1, 5));

        Assert.Equal("cmd = resend\nfrom = 2\n", Assert.Single(third.Commands).Text);
    }

    [Fact]
    public async Task Metrics_are_exposed_as_prometheus_text()
    {
        await using PipelineFixture f = await PipelineFixture.CreateAsync();
        await f.ProcessAsync(f.Telemetry("env-1", 1, 1, 2), f.Message("gw/x", new byte[] { 1 }));

        string text = f.Pipeline.Metrics.Snapshot().ToPrometheusText();

        Assert.Contains("gateway_ingest_readings_stored_total 2\n", text);
        Assert.Contains("gateway_ingest_quarantined_total{reason=\"bad_topic\"} 1\n", text);
        Assert.Contains("gateway_ingest_commit_lag_seconds_count 2\n", text);
        Assert.Contains("# TYPE gateway_ingest_acks_total counter\n", text);
    }

    [Fact]
    public async Task Options_out_of_range_are_refused_naming_the_option()
    {
        await using PipelineFixture f = await PipelineFixture.CreateAsync();
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => new IngestPipeline(f.Store, new IngestPipelineOptions { GapResendAfter = TimeSpan.Zero }));
        Assert.Contains("GapResendAfter", e.Message);
    }
}
