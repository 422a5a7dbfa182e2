using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using Gateway.Ingest.Audit;
using Gateway.Ingest.Storage;
using Gateway.Ingest.Tests.Fixtures;
using Gateway.Ingest.Tests.Storage.Fakes;
using Xunit;
using static Gateway.Ingest.Tests.Storage.StoreTestData;

namespace Gateway.Ingest.Tests.ScaleOut;

/// <summary>
/// What every <see cref="IReadingStore"/> must do, whatever the database: de-duplication on (device, sequence), gap and
/// confirmation bookkeeping, quarantine, alarms, device state, atomic batches, persistence across reopening, queries,
/// retention, deletion, coarsening and audit. Each concrete class runs all of it against one database kind; every test
/// gets an empty database of its own.
/// </summary>
public abstract class ReadingStoreContract : IAsyncLifetime
{
    private const long Day = 86_400_000;

    /// <summary>Prepares this test's empty database.</summary>
    public abstract Task InitializeAsync();

    /// <summary>Removes this test's database.</summary>
    public abstract Task DisposeAsync();

    /// <summary>Opens (creating or migrating the schema) a store on this test's database; again for a reopen.</summary>
    protected abstract Task<SqlReadingStore> OpenAsync(TimeProvider? time = null);

    /// <summary>A store on this test's database whose <c>InitializeAsync</c> has not been called.</summary>
    protected abstract SqlReadingStore CreateUninitialized();

    private static IngestReading Reading(long sequence, string metric, string? unit, double value, long time) =>
        new(sequence, metric, unit, StoredReadingKind.Measurement, null, value, null, null, time);

    [ContractFact]
    public async Task Schema_is_created_once_with_its_version_and_reopening_keeps_it()
    {
        await using (SqlReadingStore store = await OpenAsync())
        {
            Assert.Equal(1, await store.GetSchemaVersionAsync());
        }
        await using SqlReadingStore again = await OpenAsync();
        Assert.Equal(1, await again.GetSchemaVersionAsync());
    }

    [ContractFact]
    public async Task Same_message_twice_is_stored_once_and_the_replay_counted_as_duplicates()
    {
        await using SqlReadingStore store = await OpenAsync();

        StoreBatchResult first = await store.StoreBatchAsync(Batch(Pack("env-1", 1, 1, 2, 3)));
        StoreBatchResult second = await store.StoreBatchAsync(Batch(Pack("env-1", 1, 1, 2, 3)));

        Assert.Equal((3, 0, 3L), (first.Stored, first.Duplicates, first.Devices.Single().ContiguousThrough));
        Assert.Equal((0, 3, 3L), (second.Stored, second.Duplicates, second.Devices.Single().ContiguousThrough));
        Assert.Equal(3, (await store.QueryReadingsAsync(new ReadingQuery("env-1"))).Count);
        DeviceSummary device = (await store.GetDeviceAsync("env-1"))!;
        Assert.Equal((3L, 3L), (device.ReadingsStored, device.Duplicates));
        IReadOnlyDictionary<string, long> counters = await store.ReadCountersAsync();
        Assert.Equal(3, counters["readings_stored"]);
        Assert.Equal(3, counters["duplicates"]);
    }

    [ContractFact]
    public async Task Same_sequence_twice_in_one_batch_is_stored_once()
    {
        await using SqlReadingStore store = await OpenAsync();

        StoreBatchResult result = await store.StoreBatchAsync(Batch(Pack("env-1", 1, 1, 2), Pack("env-1", 1, 2, 3)));

        DeviceStoreResult device = result.Devices.Single();
        Assert.Equal((3, 1, 3L), (device.Stored, device.Duplicates, device.ContiguousThrough));
    }

    [ContractFact]
    public async Task Out_of_order_arrival_opens_gaps_and_filling_them_advances_the_contiguous_sequence()
    {
        await using SqlReadingStore store = await OpenAsync();

        DeviceStoreResult a = (await store.StoreBatchAsync(Batch(Pack("env-1", 1, 1, 2, 3)))).Devices.Single();
        DeviceStoreResult b = (await store.StoreBatchAsync(Batch(Pack("env-1", 1, 8, 9)))).Devices.Single();
        DeviceStoreResult c = (await store.StoreBatchAsync(Batch(Pack("env-1", 1, 5)))).Devices.Single();
        DeviceStoreResult d = (await store.StoreBatchAsync(Batch(Pack("env-1", 1, 4, 6)))).Devices.Single();
        DeviceStoreResult e = (await store.StoreBatchAsync(Batch(Pack("env-1", 1, 7)))).Devices.Single();

        Assert.Equal(3, a.ContiguousThrough);
        Assert.Equal((3L, 9L, 1), (b.ContiguousThrough, b.MaxSequence, b.GapsOpened));
        Assert.Equal(new[] { new SequenceRange(4, 7) }, b.OpenGaps);
        Assert.Equal(T + 600_000, b.OldestOpenGapFirstSeenUnixMs);
        Assert.Equal(new[] { new SequenceRange(4, 4), new SequenceRange(6, 7) }, c.OpenGaps);
        Assert.Equal(3, c.ContiguousThrough);
        Assert.Equal(new[] { new SequenceRange(7, 7) }, d.OpenGaps);
        Assert.Equal(6, d.ContiguousThrough);
        Assert.Empty(e.OpenGaps);
        Assert.Equal(9, e.ContiguousThrough);
        Assert.Null(e.OldestOpenGapFirstSeenUnixMs);

        IReadOnlyList<GapRecord> gaps = await store.ListGapsAsync("env-1", openOnly: false);
        Assert.Empty(await store.ListGapsAsync("env-1", openOnly: true));
        Assert.Contains(gaps, g => g.FromSequence == 4 && g.ToSequence == 7 && g.Reason == "missing" && g.FilledAtUnixMs != null);
        Assert.All(gaps, g => Assert.Equal(T + 600_000, g.FirstSeenUnixMs));
        Assert.All(gaps, g => Assert.NotNull(g.FilledAtUnixMs));
        DeviceSummary state = (await store.GetDeviceAsync("env-1"))!;
        Assert.Equal((9L, 9L, 0), (state.ContiguousThrough, state.MaxSequence, state.OpenGaps));
    }

    [ContractFact]
    public async Task Sequences_below_the_floor_that_never_arrived_are_recorded_evicted_and_skipped()
    {
        await using SqlReadingStore store = await OpenAsync();
        await store.StoreBatchAsync(Batch(Pack("trk-1", 1, 1, 2, 3)));

        DeviceStoreResult jump = (await store.StoreBatchAsync(Batch(Pack("trk-1", 8, 10, 11)))).Devices.Single();

        Assert.Equal(7, jump.ContiguousThrough); // 4..7 evicted on the node, 8..9 may still come
        Assert.Equal(4, jump.SequencesEvicted);
        Assert.Equal(new[] { new SequenceRange(8, 9) }, jump.OpenGaps);
        DeviceStoreResult filled = (await store.StoreBatchAsync(Batch(Pack("trk-1", 8, 8, 9)))).Devices.Single();
        Assert.Equal(11, filled.ContiguousThrough);
        IReadOnlyList<GapRecord> gaps = await store.ListGapsAsync("trk-1", openOnly: false);
        Assert.Contains(gaps, g => g is { FromSequence: 4, ToSequence: 7, Reason: "evicted", FilledAtUnixMs: null });
        DeviceSummary state = (await store.GetDeviceAsync("trk-1"))!;
        Assert.Equal((11L, 8L, 4L), (state.ContiguousThrough, state.Floor, state.EvictedSequences));
    }

    [ContractFact]
    public async Task A_new_device_starting_above_one_with_a_matching_floor_is_confirmed_at_once()
    {
        await using SqlReadingStore store = await OpenAsync();

        DeviceStoreResult result = (await store.StoreBatchAsync(Batch(Pack("env-5", 100, 100, 101, 102)))).Devices.Single();

        Assert.Equal((102L, 99L), (result.ContiguousThrough, result.SequencesEvicted));
        Assert.Empty(result.OpenGaps);
    }

    [ContractFact]
    public async Task A_floor_above_everything_seen_evicts_up_to_it_and_settled_quarantine_counts_as_handled()
    {
        await using SqlReadingStore store = await OpenAsync();
        await store.StoreBatchAsync(Batch(Pack("env-1", 1, 1, 2)));
        var entry = new QuarantineEntry(T, "gw/v1/city/env-1/up/telemetry", "city", "env-1", "value_out_of_range", "test", new byte[] { 1 })
        {
            SettledSequences = new long[] { 50, 51 },
            Floor = 50,
        };

        StoreBatchResult result = await store.StoreBatchAsync(new IngestBatch { Quarantined = new[] { entry }, NowUnixMs = T });

        DeviceStoreResult device = result.Devices.Single();
        Assert.Equal((51L, 2), (device.ContiguousThrough, device.Settled));
        Assert.Equal(47, device.SequencesEvicted);
        QuarantineRecord kept = (await store.ListQuarantineAsync(new QuarantineQuery { Device = "env-1" })).Single();
        Assert.Equal((50L, 51L), (kept.FirstSettledSequence!.Value, kept.LastSettledSequence!.Value));
    }

    [ContractFact]
    public async Task Quarantine_keeps_topic_reason_detail_and_payload_and_cuts_huge_payloads()
    {
        await using SqlReadingStore store = await OpenAsync();
        byte[] big = new byte[QuarantineEntry.MaxStoredPayloadBytes + 10];
        big[0] = 0x81;

        await store.QuarantineAsync(new QuarantineEntry(T, "bad/topic", null, null, "bad_topic", "topic \"bad/topic\" has 2 levels", new byte[] { 1, 2, 3 }));
        await store.QuarantineAsync(new QuarantineEntry(T + 1, "gw/v1/c/d/up/telemetry", "c", "d", "payload_too_large", "too big", big));

        IReadOnlyList<QuarantineRecord> rows = await store.ListQuarantineAsync(new QuarantineQuery());
        Assert.Equal(2, rows.Count);
        Assert.Equal("payload_too_large", rows[0].Reason); // newest first
        QuarantineRecord small = rows.Single(r => r.Reason == "bad_topic");
        Assert.Equal(("bad/topic", null, 3), (small.Topic, small.Device, small.PayloadSize));
        Assert.Equal(new byte[] { 1, 2, 3 }, small.Payload);
        QuarantineRecord cut = rows.Single(r => r.Reason == "payload_too_large");
        Assert.Equal(QuarantineEntry.MaxStoredPayloadBytes, cut.Payload.Length);
        Assert.Equal(0x81, cut.Payload[0]);
        Assert.Equal(big.Length, cut.PayloadSize);
        Assert.Contains("cut", cut.Detail);
        Assert.Equal(2, (await store.ReadCountersAsync())["quarantined"]);
        Assert.Single(await store.ListQuarantineAsync(new QuarantineQuery { Reason = "bad_topic" }));
    }

    [ContractFact]
    public async Task Alarms_go_to_the_alarms_table_as_well_and_replays_are_not_repeated()
    {
        await using SqlReadingStore store = await OpenAsync();
        var raised = new IngestReading(1, "temp", null, StoredReadingKind.Alarm, "high", 1, true, null, T);
        var cleared = new IngestReading(2, "temp", null, StoredReadingKind.Alarm, "high", 0, false, null, T + 60_000);

        await store.StoreBatchAsync(new[] { new IngestMessage("city", "env-1", T + 61_000, new[] { raised, cleared }, 1) });
        await store.StoreBatchAsync(new[] { new IngestMessage("city", "env-1", T + 62_000, new[] { raised }, 1) }); // replay

        IReadOnlyList<StoredAlarm> alarms = await store.ListAlarmsAsync(new AlarmQuery { Device = "env-1" });
        Assert.Equal(new[]
        {
            new StoredAlarm("city", "env-1", 2, "temp", "high", false, T + 60_000, T + 61_000),
            new StoredAlarm("city", "env-1", 1, "temp", "high", true, T, T + 61_000),
        }, alarms);
        StoredReading asReading = (await store.QueryReadingsAsync(new ReadingQuery("env-1") { Metric = "alarm/temp/high" })).First();
        Assert.Equal((StoredReadingKind.Alarm, true), (asReading.Kind, asReading.BooleanValue));
    }

    [ContractFact]
    public async Task Status_reply_battery_and_kind_land_in_the_device_state()
    {
        await using SqlReadingStore store = await OpenAsync();
        var battery = new IngestReading(1, "battery", "V", StoredReadingKind.Measurement, null, 3.71, null, null, T);
        var lat = new IngestReading(2, "lat", "lat", StoredReadingKind.Measurement, null, 52.52, null, null, T);

        await store.StoreBatchAsync(new IngestBatch
        {
            Messages = new[] { new IngestMessage("acme", "trk-1", T + 10, new[] { battery, lat }, 1) },
            Statuses = new[] { new StatusUpdate("acme", "trk-1", T + 20, T, "{\"fw\":\"1.2.3\"}", 17) },
            Replies = new[] { new DeviceReply("acme", "trk-1", T + 30, "result = accepted\n") },
            NowUnixMs = T + 40,
        });

        DeviceSummary device = (await store.GetDeviceAsync("trk-1"))!;
        Assert.Equal("acme", device.Tenant);
        Assert.Equal("logistics", device.Kind);
        Assert.Equal(3.71, device.BatteryVolts);
        Assert.Equal(17, device.BufferDepth);
        Assert.Equal("{\"fw\":\"1.2.3\"}", device.LastStatusJson);
        Assert.Equal(T + 20, device.LastStatusUnixMs);
        Assert.Equal("result = accepted\n", device.LastReply);
        Assert.Equal(T + 30, device.LastSeenUnixMs);
        Assert.Equal(2, device.ContiguousThrough);
        Assert.Single(await store.ListDevicesAsync("acme"));
        Assert.Empty(await store.ListDevicesAsync("city"));
    }

    [ContractFact]
    public async Task A_failing_batch_writes_nothing_and_the_store_keeps_working()
    {
        await using SqlReadingStore store = await OpenAsync();
        var broken = new IngestReading(2, null!, null, StoredReadingKind.Measurement, null, 1, null, null, T); // violates NOT NULL

        await Assert.ThrowsAnyAsync<Exception>(() => store.StoreBatchAsync(new IngestBatch
        {
            Messages = new[] { Pack("env-1", 1, 1), new IngestMessage("city", "env-1", T, new[] { broken }, 1) },
            Quarantined = new[] { new QuarantineEntry(T, "x", null, null, "bad_topic", "x", Array.Empty<byte>()) },
            NowUnixMs = T,
        }));

        Assert.Empty(await store.QueryReadingsAsync(new ReadingQuery("env-1")));
        Assert.Empty(await store.ListQuarantineAsync(new QuarantineQuery()));
        Assert.Null(await store.GetDeviceAsync("env-1"));
        Assert.Equal(1, (await store.StoreBatchAsync(Batch(Pack("env-1", 1, 1)))).Stored);
    }

    [ContractFact]
    public async Task Reopened_store_keeps_readings_state_gaps_quarantine_audit_and_counters()
    {
        await using (SqlReadingStore store = await OpenAsync())
        {
            await store.StoreBatchAsync(Batch(Pack("env-1", 1, 1, 2, 3), Pack("env-1", 1, 6)));
            await store.QuarantineAsync(new QuarantineEntry(T, "t", null, null, "bad_topic", "d", new byte[] { 9 }));
            store.AuditLog.Record(new AuditEvent(DateTimeOffset.FromUnixTimeMilliseconds(T), "connected", "env-1", "127.0.0.1:5000", "ok"));
        }

        await using SqlReadingStore reopened = await OpenAsync();
        Assert.Equal(4, (await reopened.QueryReadingsAsync(new ReadingQuery("env-1"))).Count);
        DeviceSummary device = (await reopened.GetDeviceAsync("env-1"))!;
        Assert.Equal((3L, 6L, 1), (device.ContiguousThrough, device.MaxSequence, device.OpenGaps));
        Assert.Equal(new SequenceRange(4, 5), (await reopened.StoreBatchAsync(Batch(Pack("env-1", 1, 7)))).Devices.Single().OpenGaps.Single());
        Assert.Single(await reopened.ListQuarantineAsync(new QuarantineQuery()));
        Assert.Single(await reopened.ListAuditAsync(new AuditQuery { Kind = "connected" }));
        Assert.Equal(5, (await reopened.ReadCountersAsync())["readings_stored"]);
    }

    [ContractFact]
    public async Task Using_the_store_before_initializing_it_is_refused_with_a_clear_error()
    {
        await using SqlReadingStore store = CreateUninitialized();

        var e = await Assert.ThrowsAsync<InvalidOperationException>(() => store.StoreBatchAsync(Batch(Pack("env-1", 1, 1))));
        Assert.Contains("InitializeAsync", e.Message);
    }

    [ContractFact]
    public async Task Readings_are_filtered_by_metric_and_time_and_downsampled_to_bucket_averages()
    {
        await using SqlReadingStore store = await OpenAsync();
        long start = T - T % 60_000 + 60_000; // a whole minute, so buckets of 60 s start there
        var readings = new List<IngestReading>();
        for (int i = 0; i < 12; i++)
        {
            readings.Add(Reading(2 * i + 1, "temp", "Cel", i, start + i * 10_000));
            readings.Add(Reading(2 * i + 2, "rh", "%RH", 50, start + i * 10_000));
        }
        await store.StoreBatchAsync(new[] { new IngestMessage("city", "env-1", T + 200_000, readings, 1) });

        IReadOnlyList<StoredReading> window = await store.QueryReadingsAsync(
            new ReadingQuery("env-1") { Metric = "temp", FromUnixMs = start + 20_000, ToUnixMs = start + 50_000 });
        Assert.Equal(new double[] { 2, 3, 4 }, window.Select(r => r.Value));
        Assert.All(window, r => Assert.Equal(("temp", "Cel", StoredReadingKind.Measurement), (r.Metric, r.Unit, r.Kind)));

        IReadOnlyList<ReadingBucket> buckets = await store.QueryBucketsAsync(new ReadingQuery("env-1") { Metric = "temp" }, 60_000);
        Assert.Equal(new[]
        {
            new ReadingBucket("temp", start, 2.5, 0, 5, 6),
            new ReadingBucket("temp", start + 60_000, 8.5, 6, 11, 6),
        }, buckets);
        Assert.Equal(4, (await store.QueryBucketsAsync(new ReadingQuery("env-1"), 60_000)).Count);
        Assert.Equal(3, (await store.QueryReadingsAsync(new ReadingQuery("env-1") { Limit = 3 })).Count);
    }

    [ContractFact]
    public async Task Csv_export_streams_every_matching_row_with_rfc4180_quoting()
    {
        await using SqlReadingStore store = await OpenAsync();
        await store.StoreBatchAsync(new[]
        {
            new IngestMessage("city", "env-1", T + 5, new[]
            {
                Reading(1, "temp", "Cel", 21.5, T),
                new IngestReading(2, "gnss", null, StoredReadingKind.Measurement, null, 9, null, "GPS+BDS", T + 1),
                new IngestReading(3, "door", null, StoredReadingKind.Measurement, null, 1, true, null, T + 2),
                new IngestReading(4, "note", null, StoredReadingKind.Measurement, null, 0, null, "a \"quoted\", text", T + 3),
            }, 1),
        });
        var text = new StringWriter();

        long rows = await store.ExportCsvAsync(new ReadingQuery("env-1") { Limit = null }, text);

        string[] lines = text.ToString().Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(4, rows);
        Assert.Equal("tenant,device,seq,metric,unit,kind,value,value_bool,value_text,device_time,device_time_ms,received_ms", lines[0]);
        Assert.Equal($"city,env-1,1,temp,Cel,measurement,21.5,,,2023-11-14T22:13:20.000Z,{T},{T + 5}", lines[1]);
        Assert.Equal($"city,env-1,2,gnss,,measurement,9,,GPS+BDS,2023-11-14T22:13:20.001Z,{T + 1},{T + 5}", lines[2]);
        Assert.Equal($"city,env-1,3,door,,measurement,1,true,,2023-11-14T22:13:20.002Z,{T + 2},{T + 5}", lines[3]);
        Assert.Equal($"city,env-1,4,note,,measurement,0,,\"a \"\"quoted\"\", text\",2023-11-14T22:13:20.003Z,{T + 3},{T + 5}", lines[4]);
    }

    [ContractFact]
    public async Task Query_arguments_out_of_range_are_refused_naming_them()
    {
        await using SqlReadingStore store = await OpenAsync();

        var step = await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => store.QueryBucketsAsync(new ReadingQuery("env-1"), 10));
        Assert.Equal("stepMs", step.ParamName);
        var limit = await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => store.QueryReadingsAsync(new ReadingQuery("env-1") { Limit = 0 }));
        Assert.Contains("Limit", limit.Message);
        var range = await Assert.ThrowsAsync<ArgumentException>(() => store.QueryReadingsAsync(new ReadingQuery("env-1") { FromUnixMs = 5, ToUnixMs = 1 }));
        Assert.Contains("FromUnixMs", range.Message);
        await Assert.ThrowsAsync<ArgumentException>(() => store.QueryReadingsAsync(new ReadingQuery("")));
    }

    [ContractFact]
    public async Task Retention_deletes_only_old_data_and_is_audited()
    {
        var clock = new ManualTimeProvider(T + 100 * Day);
        await using SqlReadingStore store = await OpenAsync(clock);
        await store.StoreBatchAsync(new[]
        {
            new IngestMessage("city", "env-1", T, new[]
            {
                Reading(1, "temp", "Cel", 1, T),                   // 100 days old
                new IngestReading(2, "temp", null, StoredReadingKind.Alarm, "high", 1, true, null, T),
                Reading(3, "temp", "Cel", 3, T + 95 * Day),        // 5 days old
            }, 1),
        });
        await store.QuarantineAsync(new QuarantineEntry(T, "t", null, null, "bad_topic", "d", new byte[1]));

        RetentionResult result = await store.DeleteOlderThanAsync(30);

        Assert.Equal(new RetentionResult(2, 1, 1, 0), result);
        Assert.Equal(new long[] { 3 }, (await store.QueryReadingsAsync(new ReadingQuery("env-1"))).Select(r => r.Sequence));
        Assert.Empty(await store.ListAlarmsAsync(new AlarmQuery()));
        Assert.Equal(3, (await store.GetDeviceAsync("env-1"))!.ContiguousThrough); // confirmation state is kept
        AuditEvent audit = (await store.ListAuditAsync(new AuditQuery { Kind = AuditKinds.Retention })).Single();
        Assert.Contains("30 days", audit.Detail);
        Assert.Contains("2 readings", audit.Detail);
        Assert.Equal(clock.GetUtcNow(), audit.Time);
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => store.DeleteOlderThanAsync(0));
    }

    [ContractFact]
    public async Task Deleting_a_device_removes_all_its_data_and_is_audited_with_the_requester()
    {
        await using SqlReadingStore store = await OpenAsync();
        await store.StoreBatchAsync(Batch(Pack("env-1", 1, 1, 2, 5), Pack("env-2", 1, 1)));
        await store.StoreBatchAsync(new[] { new IngestMessage("city", "env-1", T, new[] { new IngestReading(6, "temp", null, StoredReadingKind.Alarm, "low", 1, true, null, T) }, 1) });
        await store.QuarantineAsync(new QuarantineEntry(T, "t", "city", "env-1", "unknown_metric", "d", new byte[1]));

        DeviceDeletionResult result = await store.DeleteDeviceAsync("env-1", "operator alice (ticket 17)");

        Assert.Equal(new DeviceDeletionResult(4, 1, 1, 1, true), result);
        Assert.Empty(await store.QueryReadingsAsync(new ReadingQuery("env-1")));
        Assert.Null(await store.GetDeviceAsync("env-1"));
        Assert.Empty(await store.ListGapsAsync("env-1", openOnly: false));
        Assert.Single(await store.QueryReadingsAsync(new ReadingQuery("env-2")));
        AuditEvent audit = (await store.ListAuditAsync(new AuditQuery { Kind = AuditKinds.Deletion })).Single();
        Assert.Equal("env-1", audit.Subject);
        Assert.Contains("operator alice (ticket 17)", audit.Detail);
        await Assert.ThrowsAsync<ArgumentException>(() => store.DeleteDeviceAsync("env-2", ""));
    }

    [ContractFact]
    public async Task Coarsening_rounds_positions_only_and_is_audited()
    {
        await using SqlReadingStore store = await OpenAsync();
        await store.StoreBatchAsync(new[]
        {
            new IngestMessage("acme", "trk-1", T, new[]
            {
                Reading(1, "lat", "lat", 52.5200667, T),
                Reading(2, "lon", "lon", 13.4049544, T),
                Reading(3, "speed", "m/s", 12.3456789, T),
            }, 1),
            new IngestMessage("acme", "trk-2", T, new[] { Reading(1, "lat", "lat", 48.1371079, T) }, 1),
        });

        long changed = await store.CoarsenPositionsAsync("trk-1", 3);

        Assert.Equal(2, changed);
        Assert.Equal(new[] { 52.52, 13.405, 12.3456789 }, (await store.QueryReadingsAsync(new ReadingQuery("trk-1"))).Select(r => r.Value));
        Assert.Equal(48.1371079, (await store.QueryReadingsAsync(new ReadingQuery("trk-2"))).Single().Value);
        Assert.Equal(2, await store.CoarsenPositionsAsync(null, 2));
        Assert.Equal(48.14, (await store.QueryReadingsAsync(new ReadingQuery("trk-2"))).Single().Value);
        Assert.Equal(2, (await store.ListAuditAsync(new AuditQuery { Kind = AuditKinds.Retention })).Count);
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => store.CoarsenPositionsAsync(null, 8));
    }

    [ContractFact]
    public async Task Audit_log_records_from_any_thread_and_keeps_at_least_180_days()
    {
        var clock = new ManualTimeProvider(T + 400 * Day);
        await using SqlReadingStore store = await OpenAsync(clock);
        var old = new AuditEvent(DateTimeOffset.FromUnixTimeMilliseconds(T), AuditKinds.Connected, "env-1", "127.0.0.1:4000", "old");
        var recent = new AuditEvent(DateTimeOffset.FromUnixTimeMilliseconds(T + 300 * Day), AuditKinds.AuthenticationFailed, null, "[::1]:4001", "no certificate");

        await Task.WhenAll(Enumerable.Range(0, 4).Select(i => Task.Run(() =>
        {
            for (int j = 0; j < 50; j++)
            {
                store.AuditLog.Record(j == 0 && i == 0 ? old : recent);
            }
        })));
        await store.FlushAuditAsync();

        Assert.Equal(200, (await store.ListAuditAsync(new AuditQuery { Limit = 1000 })).Count);
        var tooShort = await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => store.DeleteAuditOlderThanAsync(179));
        Assert.Contains("180", tooShort.Message);
        Assert.Equal(1, await store.DeleteAuditOlderThanAsync(200));
        Assert.Empty(await store.ListAuditAsync(new AuditQuery { Kind = AuditKinds.Connected }));
        Assert.Equal(199, (await store.ListAuditAsync(new AuditQuery { Kind = AuditKinds.AuthenticationFailed, Limit = 1000 })).Count);
        Assert.Equal(0, store.AuditEventsDropped);
    }

    [ContractFact]
    public async Task Two_stores_on_one_database_writing_the_same_devices_at_once_store_each_sequence_once_and_confirm_correctly()
    {
        await using SqlReadingStore first = await OpenAsync();
        await using SqlReadingStore second = await OpenAsync();
        // Interleaved packs of 10 sequences for 4 new devices; every pack goes to both stores (a redelivery after a crash).
        const int packs = 20;
        async Task Write(SqlReadingStore store, int offset)
        {
            for (int p = 0; p < packs; p++)
            {
                int pack = (p + offset) % packs;
                var messages = Enumerable.Range(0, 4).Select(d =>
                    Pack($"env-{d}", 1, Enumerable.Range(pack * 10 + 1, 10).Select(s => (long)s).ToArray())).ToArray();
                await store.StoreBatchAsync(Batch(messages));
            }
        }

        await Task.WhenAll(Task.Run(() => Write(first, 0)), Task.Run(() => Write(second, packs / 2)));

        foreach (string device in Enumerable.Range(0, 4).Select(d => $"env-{d}"))
        {
            IReadOnlyList<StoredReading> rows = await first.QueryReadingsAsync(new ReadingQuery(device) { Limit = 1000 });
            Assert.Equal(Enumerable.Range(1, packs * 10).Select(s => (long)s), rows.Select(r => r.Sequence).OrderBy(s => s));
            DeviceSummary state = (await second.GetDeviceAsync(device))!;
            Assert.Equal((200L, 200L, 0), (state.ContiguousThrough, state.MaxSequence, state.OpenGaps));
            Assert.Equal((200L, 200L), (state.ReadingsStored, state.Duplicates));
            Assert.Empty(await first.ListGapsAsync(device, openOnly: true));
        }
    }
}
