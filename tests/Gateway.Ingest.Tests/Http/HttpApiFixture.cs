using System;
using System.Net.Http;
using System.Text.Json;
using System.Threading.Tasks;
using Gateway.Ingest.Broker;
using Gateway.Ingest.Http;
using Gateway.Ingest.Pipeline;
using Gateway.Ingest.Storage;
using Gateway.Ingest.Tests.Storage.Fakes;
using Xunit;

namespace Gateway.Ingest.Tests.Http;

/// <summary>
/// The API on real Kestrel at 127.0.0.1 (a free port) over a temporary SQLite store holding <see cref="FleetTestData"/>,
/// with pipeline and broker counters set to known values. Shared by the read-only tests of a class.
/// </summary>
public sealed class HttpApiFixture : IAsyncLifetime
{
    private TempDatabase? _database;

    internal FleetTestData Data { get; private set; } = null!;

    public SqliteReadingStore Store { get; private set; } = null!;

    public IngestMetrics Metrics { get; } = new();

    public BrokerCounters Broker { get; } = new();

    public IngestHttpServer Server { get; private set; } = null!;

    public HttpClient Client { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Data = new FleetTestData(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
        _database = new TempDatabase();
        Store = await _database.OpenAsync();
        await Data.WriteAsync(Store);

        Metrics.Batch(14);
        Metrics.Stored(readings: 81, duplicates: 4, settled: 0, gapsOpened: 1, evicted: 0);
        Metrics.Quarantined("unknown_metric");
        Metrics.Quarantined("unknown_metric");
        Metrics.Quarantined("time_out_of_window");
        Metrics.Lag(120);
        Metrics.Lag(80);
        Broker.ClientConnected();
        Broker.ClientConnected();
        Broker.ClientConnected();
        Broker.AuthenticationFailed();
        Broker.AuthenticationFailed();
        Broker.AccessDenied();

        Server = await StartAsync(new IngestHttpSources
        {
            Store = Store,
            Metrics = Metrics,
            BrokerCounters = Broker,
            BrokerRunning = () => true,
            SubscriberConnected = () => true,
        });
        Client = NewClient(Server);
    }

    public static Task<IngestHttpServer> StartAsync(IngestHttpSources sources, IngestHttpOptions? options = null) =>
        IngestHttpServer.StartAsync(sources, (options ?? new IngestHttpOptions()) with { Urls = "http://127.0.0.1:0" });

    public static HttpClient NewClient(IngestHttpServer server) => new() { BaseAddress = server.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };

    public async Task<(int Status, JsonElement Body)> GetJsonAsync(string path) => await GetJsonAsync(Client, path);

    public static async Task<(int Status, JsonElement Body)> GetJsonAsync(HttpClient client, string path)
    {
        using HttpResponseMessage response = await client.GetAsync(path);
        string text = await response.Content.ReadAsStringAsync();
        Assert.True(response.Content.Headers.ContentType?.MediaType == "application/json", $"GET {path}: {response.Content.Headers.ContentType} {text}");
        using JsonDocument document = JsonDocument.Parse(text);
        return ((int)response.StatusCode, document.RootElement.Clone());
    }

    public async Task DisposeAsync()
    {
        Client?.Dispose();
        if (Server != null)
        {
            await Server.DisposeAsync();
        }
        if (Store != null)
        {
            await Store.DisposeAsync();
        }
        if (_database != null)
        {
            await _database.DisposeAsync();
        }
    }
}
