using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using Gateway.Ingest.Storage;
using Gateway.Ingest.Storage.Postgres;
using Gateway.Ingest.Tests.Fixtures;
using Gateway.Ingest.Tests.Storage.Fakes;
using Xunit;
using static Gateway.Ingest.Tests.Http.FleetTestData;

namespace Gateway.Ingest.Tests.Http;

/// <summary>The store queries added for the API (Storage/SqlReadingStore.Dashboard.cs), on every database kind.</summary>
public abstract class DashboardQueriesContract : IAsyncLifetime
{
    private const long T = 1_714_564_800_000;

    public abstract Task InitializeAsync();

    public abstract Task DisposeAsync();

    /// <summary>Opens a store on this test's empty database.</summary>
    protected abstract Task<SqlReadingStore> OpenAsync();

    [ContractFact]
    public async Task Latest_measurement_of_each_metric_is_the_newest_by_device_time_then_sequence()
    {
        await using SqlReadingStore store = await OpenAsync();
        await store.StoreBatchAsync(new[]
        {
            new IngestMessage("city", "env-1", T, new[]
            {
                Measure(1, "temp", "Cel", 20.1, T),
                Measure(2, "rh", "%RH", 55, T),
                Measure(3, "temp", "Cel", 20.9, T + 60_000),
                Measure(4, "temp", "Cel", 21.3, T + 60_000),   // same time as 3, higher sequence: this one
                Alarm(5, "temp", "high", true, T + 120_000),     // an alarm is not a measurement
                Measure(6, "temp", "Cel", 19.0, T - 60_000),   // late arrival of an older reading
            }, 1),
            new IngestMessage("city", "env-2", T, new[] { Measure(1, "temp", "Cel", 5, T + 999_999) }, 1),
        });

        IReadOnlyList<StoredReading> latest = await store.LatestMeasurementsAsync("env-1");

        Assert.Equal(new[] { ("rh", 55.0, 2L), ("temp", 21.3, 4L) }, latest.Select(r => (r.Metric, r.Value, r.Sequence)));
        Assert.Empty(await store.LatestMeasurementsAsync("env-404"));

        IReadOnlyDictionary<string, IReadOnlyList<StoredReading>> several = await store.LatestMeasurementsAsync(new[] { "env-1", "env-2", "env-404" });
        Assert.Equal(new[] { 21.3 }, several["env-1"].Where(r => r.Metric == "temp").Select(r => r.Value));
        Assert.Equal(new[] { 5.0 }, several["env-2"].Select(r => r.Value));
        Assert.Empty(several["env-404"]);
    }

    [ContractFact]
    public async Task An_alarm_is_active_while_its_latest_event_by_sequence_raised_it()
    {
        await using SqlReadingStore store = await OpenAsync();
        await store.StoreBatchAsync(new[]
        {
            new IngestMessage("city", "env-1", T, new[]
            {
                Alarm(1, "pm2_5", "high", true, T),
                Alarm(2, "pm2_5", "high", false, T + 60_000),
                Alarm(3, "temp", "high", true, T + 60_000),
                Alarm(4, "temp", "low", true, T + 90_000),
                Alarm(5, "temp", "low", false, T + 30_000),     // a clock step back: still the later event
            }, 1),
            new IngestMessage("fleet", "truck-1", T, new[] { Alarm(1, "cargo_temp", "high", true, T + 10_000) }, 1),
        });

        IReadOnlyList<StoredAlarm> all = await store.ActiveAlarmsAsync(null);
        IReadOnlyList<StoredAlarm> one = await store.ActiveAlarmsAsync("env-1");

        Assert.Equal(new[] { ("env-1", "temp", "high"), ("truck-1", "cargo_temp", "high") }, all.Select(a => (a.Device, a.Metric, a.Kind)));
        Assert.Equal(new[] { ("env-1", "temp", "high") }, one.Select(a => (a.Device, a.Metric, a.Kind)));
    }

    [ContractFact]
    public async Task Stored_readings_are_counted_after_deletions()
    {
        await using SqlReadingStore store = await OpenAsync();
        await new FleetTestData(T).WriteAsync(store);

        Assert.Equal(84, await store.CountReadingsAsync());
        await store.DeleteDeviceAsync(Truck, "test");
        Assert.Equal(41, await store.CountReadingsAsync());
    }
}

public sealed class SqliteDashboardQueriesTests : DashboardQueriesContract
{
    private readonly TempDatabase _database = new();

    public override Task InitializeAsync() => Task.CompletedTask;

    public override async Task DisposeAsync() => await _database.DisposeAsync();

    protected override async Task<SqlReadingStore> OpenAsync() => await _database.OpenAsync();
}

[Collection(PostgresCollection.Name)]
[NeedsServices(ExternalService.PostgreSql)]
public sealed class PostgresDashboardQueriesTests : DashboardQueriesContract
{
    private readonly PostgresFixture _server;
    private string? _url;

    public PostgresDashboardQueriesTests(PostgresFixture server)
    {
        _server = server;
    }

    public override async Task InitializeAsync() => _url = await _server.CreateDatabaseAsync("dashboard");

    public override Task DisposeAsync() => Task.CompletedTask; // the whole server folder goes with the fixture

    protected override async Task<SqlReadingStore> OpenAsync() =>
        await PostgresReadingStore.OpenAsync(_url ?? throw new InvalidOperationException("the test database was not created"));
}
