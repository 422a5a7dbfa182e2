using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using Gateway.Ingest.Audit;
using Gateway.Ingest.Storage;
using Gateway.Ingest.Tests.Storage.Fakes;
using Xunit;
using static Gateway.Ingest.Tests.Storage.StoreTestData;

namespace Gateway.Ingest.Tests.Storage;

public class StoreQueryAndRetentionTests
{
    private const long Day = 86_400_000;

    private static IngestReading Reading(long sequence, string metric, string? unit, double value, long time) =>
        new(sequence, metric, unit, StoredReadingKind.Measurement, null, value, null, null, time);

    [Fact]
    public async Task Readings_are_filtered_by_metric_and_time_and_downsampled_to_bucket_averages()
    {
        await using var db = new TempDatabase();
        await using SqliteReadingStore store = await db.OpenAsync();
        long start = T - T % 60_000 + 60_000; // a whole minute, so buckets of 60 s start there
        var readings = new List<IngestReading>();
        for (int i = 0; i < 12; i++)
        {
            readings.Add(Reading(2 * i + 1, "temp", "Cel", i, start + i * 10_000)); // 0..11 every 10 s
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

    [Fact]
    public async Task Csv_export_streams_every_matching_row_with_rfc4180_quoting()
    {
        await using var db = new TempDatabase();
        await using SqliteReadingStore store = await db.OpenAsync();
        await store.StoreBatchAsync(new[]
        {
            new IngestMessage("city", "env-1", T + 5, new[]
            {
                Reading(1, "temp", "Cel", 21.5, T),
                new IngestReading(2, "gnss", null, StoredReadingKind.Measurement, null, 9, null, "GPS+BDS", T + 1),
                new IngestReading(3, "door", null, StoredReadingKind.Measurement, null, 1, true, null, T + 2),
            }, 1),
        });
        var text = new StringWriter();

        long rows = await store.ExportCsvAsync(new ReadingQuery("env-1") { Limit = null }, text);

        string[] lines = text.ToString().Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(3, rows);
        Assert.Equal("tenant,device,seq,metric,unit,kind,value,value_bool,value_text,device_time,device_time_ms,received_ms", lines[0]);
        Assert.Equal($"city,env-1,1,temp,Cel,measurement,21.5,,,2023-11-14T22:13:20.000Z,{T},{T + 5}", lines[1]);
        Assert.Equal($"city,env-1,2,gnss,,measurement,9,,GPS+BDS,2023-11-14T22:13:20.001Z,{T + 1},{T + 5}", lines[2]);
        Assert.Equal($"city,env-1,3,door,,measurement,1,true,,2023-11-14T22:13:20.002Z,{T + 2},{T + 5}", lines[3]);
    }

    [Fact]
    public async Task Query_arguments_out_of_range_are_refused_naming_them()
    {
        await using var db = new TempDatabase();
        await using SqliteReadingStore store = await db.OpenAsync();

        var step = await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => store.QueryBucketsAsync(new ReadingQuery("env-1"), 10));
        Assert.Equal("stepMs", step.ParamName);
        var limit = await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => store.QueryReadingsAsync(new ReadingQuery("env-1") { Limit = 0 }));
        Assert.Contains("Limit", limit.Message);
        var range = await Assert.ThrowsAsync<ArgumentException>(() => store.QueryReadingsAsync(new ReadingQuery("env-1") { FromUnixMs = 5, ToUnixMs = 1 }));
        Assert.Contains("FromUnixMs", range.Message);
        await Assert.ThrowsAsync<ArgumentException>(() => store.QueryReadingsAsync(new ReadingQuery("")));
    }

    [Fact]
    public async Task Retention_deletes_only_old_data_and_is_audited()
    {
        await using var db = new TempDatabase();
        var clock = new ManualTimeProvider(T + 100 * Day);
        await using SqliteReadingStore store = await db.OpenAsync(clock);
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

    [Fact]
    public async Task Deleting_a_device_removes_all_its_data_and_is_audited_with_the_requester()
    {
        await using var db = new TempDatabase();
        await using SqliteReadingStore store = await db.OpenAsync();
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

    [Fact]
    public async Task Coarsening_rounds_positions_only_and_is_audited()
    {
        await using var db = new TempDatabase();
        await using SqliteReadingStore store = await db.OpenAsync();
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
        Assert.Equal(2, await store.CoarsenPositionsAsync(null, 2)); // trk-1 lon 13.405 and trk-2 lat; trk-1 lat is 52.52 already
        Assert.Equal(48.14, (await store.QueryReadingsAsync(new ReadingQuery("trk-2"))).Single().Value);
        Assert.Equal(2, (await store.ListAuditAsync(new AuditQuery { Kind = AuditKinds.Retention })).Count);
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => store.CoarsenPositionsAsync(null, 8));
    }

    [Fact]
    public async Task Audit_log_records_from_any_thread_and_keeps_at_least_180_days()
    {
        await using var db = new TempDatabase();
        var clock = new ManualTimeProvider(T + 400 * Day);
        await using SqliteReadingStore store = await db.OpenAsync(clock);
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
}
