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
