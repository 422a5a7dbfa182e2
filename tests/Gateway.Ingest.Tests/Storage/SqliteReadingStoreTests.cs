using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using Gateway.Ingest.Storage;
using Gateway.Ingest.Tests.Storage.Fakes;
using Microsoft.Data.Sqlite;
using Xunit;
using static Gateway.Ingest.Tests.Storage.StoreTestData;

namespace Gateway.Ingest.Tests.Storage;

public class SqliteReadingStoreTests
{
    [Fact]
    public async Task Schema_is_created_with_its_version_and_the_database_uses_wal_and_full_sync()
    {
        await using var db = new TempDatabase();
        await using (SqliteReadingStore store = await db.OpenAsync())
        {
            Assert.Equal(1, await store.GetSchemaVersionAsync());
        }
        await using (SqliteReadingStore again = await db.OpenAsync())
        {
            Assert.Equal(1, await again.GetSchemaVersionAsync());
        }
        await using var connection = new SqliteConnection("Data Source=" + db.Path);
        connection.Open();
        using SqliteCommand mode = connection.CreateCommand();
        mode.CommandText = "PRAGMA journal_mode";
        Assert.Equal("wal", (string?)mode.ExecuteScalar());
        using SqliteCommand versions = connection.CreateCommand();
        versions.CommandText = "SELECT COUNT(*) FROM schema_version";
        Assert.Equal(1L, (long)versions.ExecuteScalar()!);
    }

    [Fact]
    public async Task Same_message_twice_is_stored_once_and_the_replay_counted_as_duplicates()
    {
        await using var db = new TempDatabase();
        await using SqliteReadingStore store = await db.OpenAsync();

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

    [Fact]
    public async Task Same_sequence_twice_in_one_batch_is_stored_once()
    {
        await using var db = new TempDatabase();
        await using SqliteReadingStore store = await db.OpenAsync();

        StoreBatchResult result = await store.StoreBatchAsync(Batch(Pack("env-1", 1, 1, 2), Pack("env-1", 1, 2, 3)));

        DeviceStoreResult device = result.Devices.Single();
        Assert.Equal((3, 1, 3L), (device.Stored, device.Duplicates, device.ContiguousThrough));
    }

    [Fact]
    public async Task Out_of_order_arrival_opens_gaps_and_filling_them_advances_the_contiguous_sequence()
    {
        await using var db = new TempDatabase();
        await using SqliteReadingStore store = await db.OpenAsync();

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

    [Fact]
    public async Task Sequences_below_the_floor_that_never_arrived_are_recorded_evicted_and_skipped()
    {
        await using var db = new TempDatabase();
        await using SqliteReadingStore store = await db.OpenAsync();
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

    [Fact]
    public async Task A_new_device_starting_above_one_with_a_matching_floor_is_confirmed_at_once()
    {
        await using var db = new TempDatabase();
        await using SqliteReadingStore store = await db.OpenAsync();

        DeviceStoreResult result = (await store.StoreBatchAsync(Batch(Pack("env-5", 100, 100, 101, 102)))).Devices.Single();

        Assert.Equal((102L, 99L), (result.ContiguousThrough, result.SequencesEvicted));
        Assert.Empty(result.OpenGaps);
    }

    [Fact]
    public async Task A_floor_above_everything_seen_evicts_up_to_it()
    {
        await using var db = new TempDatabase();
        await using SqliteReadingStore store = await db.OpenAsync();
        await store.StoreBatchAsync(Batch(Pack("env-1", 1, 1, 2)));

        // A refused pack (e.g. quarantined) still brings the floor; here the node says it holds nothing below 50.
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

    [Fact]
    public async Task Quarantine_keeps_topic_reason_detail_and_payload_and_cuts_huge_payloads()
    {
        await using var db = new TempDatabase();
        await using SqliteReadingStore store = await db.OpenAsync();
        byte[] big = new byte[QuarantineEntry.MaxStoredPayloadBytes + 10];
        big[0] = 0x81;

        await store.QuarantineAsync(new QuarantineEntry(T, "bad/topic", null, null, "bad_topic", "topic \"bad/topic\" has 2 levels", new byte[] { 1, 2, 3 }));
        await store.QuarantineAsync(new QuarantineEntry(T + 1, "gw/v1/c/d/up/telemetry", "c", "d", "payload_too_large", "too big", big));

        IReadOnlyList<QuarantineRecord> rows = await store.ListQuarantineAsync(new QuarantineQuery());
        Assert.Equal(2, rows.Count);
        QuarantineRecord small = rows.Single(r => r.Reason == "bad_topic");
        Assert.Equal(("bad/topic", null, 3), (small.Topic, small.Device, small.PayloadSize));
        Assert.Equal(new byte[] { 1, 2, 3 }, small.Payload);
        QuarantineRecord cut = rows.Single(r => r.Reason == "payload_too_large");
        Assert.Equal(QuarantineEntry.MaxStoredPayloadBytes, cut.Payload.Length);
        Assert.Equal(big.Length, cut.PayloadSize);
        Assert.Contains("cut", cut.Detail);
        Assert.Equal(2, (await store.ReadCountersAsync())["quarantined"]);
    }

    [Fact]
    public async Task Alarms_go_to_the_alarms_table_as_well()
    {
        await using var db = new TempDatabase();
        await using SqliteReadingStore store = await db.OpenAsync();
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

    [Fact]
    public async Task Status_reply_battery_and_kind_land_in_the_device_state()
    {
        await using var db = new TempDatabase();
        await using SqliteReadingStore store = await db.OpenAsync();
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

    [Fact]
    public async Task A_failing_batch_writes_nothing()
    {
        await using var db = new TempDatabase();
        await using SqliteReadingStore store = await db.OpenAsync();
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
        Assert.Equal(1, (await store.StoreBatchAsync(Batch(Pack("env-1", 1, 1)))).Stored); // and the store still works
    }

    [Fact]
    public async Task Reopened_file_keeps_readings_state_gaps_quarantine_audit_and_counters()
    {
        await using var db = new TempDatabase();
        await using (SqliteReadingStore store = await db.OpenAsync())
        {
            await store.StoreBatchAsync(Batch(Pack("env-1", 1, 1, 2, 3), Pack("env-1", 1, 6)));
            await store.QuarantineAsync(new QuarantineEntry(T, "t", null, null, "bad_topic", "d", new byte[] { 9 }));
            store.AuditLog.Record(new Gateway.Ingest.Audit.AuditEvent(DateTimeOffset.FromUnixTimeMilliseconds(T), "connected", "env-1", "127.0.0.1:5000", "ok"));
        }

        await using SqliteReadingStore reopened = await db.OpenAsync();
        Assert.Equal(4, (await reopened.QueryReadingsAsync(new ReadingQuery("env-1"))).Count);
        DeviceSummary device = (await reopened.GetDeviceAsync("env-1"))!;
        Assert.Equal((3L, 6L, 1), (device.ContiguousThrough, device.MaxSequence, device.OpenGaps));
        Assert.Equal(new SequenceRange(4, 5), (await reopened.StoreBatchAsync(Batch(Pack("env-1", 1, 7)))).Devices.Single().OpenGaps.Single());
        Assert.Single(await reopened.ListQuarantineAsync(new QuarantineQuery()));
        Assert.Single(await reopened.ListAuditAsync(new AuditQuery { Kind = "connected" }));
        Assert.Equal(5, (await reopened.ReadCountersAsync())["readings_stored"]);
    }

    [Fact]
    public async Task Using_the_store_before_initializing_it_is_refused_with_a_clear_error()
    {
        await using var db = new TempDatabase();
        await using var store = new SqliteReadingStore(db.Path);

        var e = await Assert.ThrowsAsync<InvalidOperationException>(() => store.StoreBatchAsync(Batch(Pack("env-1", 1, 1))));
        Assert.Contains("InitializeAsync", e.Message);
    }

    [Fact]
    public void A_folder_as_database_path_is_refused_naming_the_parameter()
    {
        var e = Assert.Throws<ArgumentException>(() => new SqliteReadingStore(System.IO.Path.GetTempPath()));
        Assert.Equal("databasePath", e.ParamName);
    }
}
