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
    public void A_folder_as_database_path_is_refused_naming_the_parameter()
    {
        var e = Assert.Throws<ArgumentException>(() => new SqliteReadingStore(System.IO.Path.GetTempPath()));
        Assert.Equal("databasePath", e.ParamName);
    }
}
