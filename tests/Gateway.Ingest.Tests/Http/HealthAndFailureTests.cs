using System;
using System.Linq;
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

public class HealthAndFailureTests
{
    [Fact]
    public async Task Health_is_503_naming_the_broker_when_the_embedded_broker_is_down()
    {
        await using var db = new TempDatabase();
        await using SqliteReadingStore store = await db.OpenAsync();
        await using IngestHttpServer server = await HttpApiFixture.StartAsync(new IngestHttpSources
        {
            Store = store,
            BrokerCounters = new BrokerCounters(),
            BrokerRunning = () => false,
        });
        using HttpClient client = HttpApiFixture.NewClient(server);

        (int status, JsonElement body) = await HttpApiFixture.GetJsonAsync(client, "/healthz");

        Assert.Equal(503, status);
        Assert.Equal("failing", body.GetProperty("status").GetString());
        Assert.Equal(new[] { "broker" }, body.GetProperty("failing").EnumerateArray().Select(f => f.GetString()));
        Assert.Contains("not running", body.GetProperty("broker").GetProperty("detail").GetString());
        Assert.True(body.GetProperty("store").GetProperty("ok").GetBoolean());
    }

    [Fact]
    public async Task Health_is_503_naming_ingest_when_commits_lag_behind_or_the_subscriber_is_disconnected()
    {
        var clock = new ManualTimeProvider(1_714_564_800_000);
        await using var db = new TempDatabase();
        await using SqliteReadingStore store = await db.OpenAsync();
        var metrics = new IngestMetrics();
        await using IngestHttpServer server = await HttpApiFixture.StartAsync(
            new IngestHttpSources { Store = store, Metrics = metrics, SubscriberConnected = () => false, Time = clock },
            new IngestHttpOptions { MaxHealthyLag = TimeSpan.FromSeconds(30) });
        using HttpClient client = HttpApiFixture.NewClient(server);
        clock.Advance(TimeSpan.FromSeconds(10));
        metrics.Lag(45_000);

        (int status, JsonElement body) = await HttpApiFixture.GetJsonAsync(client, "/healthz");

        Assert.Equal(503, status);
        Assert.Equal(new[] { "ingest" }, body.GetProperty("failing").EnumerateArray().Select(f => f.GetString()));
        string detail = body.GetProperty("ingest").GetProperty("detail").GetString()!;
        Assert.Contains("subscriber is not connected", detail);
        Assert.Contains("lag 45 s is above 30 s", detail);
        Assert.Equal(45, body.GetProperty("ingest_lag_seconds").GetDouble());
    }

    [Fact]
    public async Task A_failing_store_answers_503_on_the_api_and_health_and_metrics_still_answer()
    {
        await using var db = new TempDatabase();
        SqliteReadingStore store = await db.OpenAsync();
        await store.StoreBatchAsync(new[] { new IngestMessage("city", "env-0001", 1_714_564_800_000, new[] { FleetTestData.Measure(1, "temp", "Cel", 20.5, 1_714_564_800_000) }, 1) });
        await using IngestHttpServer server = await HttpApiFixture.StartAsync(new IngestHttpSources { Store = store });
        using HttpClient client = HttpApiFixture.NewClient(server);
        Assert.Equal(200, (await HttpApiFixture.GetJsonAsync(client, "/api/devices")).Status);
        await store.DisposeAsync(); // from here every store call fails

        (int devicesStatus, JsonElement devices) = await HttpApiFixture.GetJsonAsync(client, "/api/devices");
        (int readingsStatus, _) = await HttpApiFixture.GetJsonAsync(client, "/api/readings?device=env-0001");
        (int healthStatus, JsonElement health) = await HttpApiFixture.GetJsonAsync(client, "/healthz");
        MetricsEndpointTests.Exposition metrics = MetricsEndpointTests.Parse(await client.GetStringAsync("/metrics"));

        Assert.Equal(503, devicesStatus);
        Assert.StartsWith("the store is unavailable", devices.GetProperty("error").GetString());
        Assert.Equal(503, readingsStatus);
        Assert.Equal(503, healthStatus);
        Assert.Equal(new[] { "store" }, health.GetProperty("failing").EnumerateArray().Select(f => f.GetString()));
        Assert.Equal(0, metrics.Samples["gateway_store_up"]);
        Assert.False(metrics.Samples.ContainsKey("gateway_stored_readings"));
    }

    [Fact]
    public async Task Without_pipeline_or_broker_in_the_process_their_metrics_are_left_out_and_health_says_so()
    {
        await using var db = new TempDatabase();
        await using SqliteReadingStore store = await db.OpenAsync();
        await using IngestHttpServer server = await HttpApiFixture.StartAsync(new IngestHttpSources { Store = store });
        using HttpClient client = HttpApiFixture.NewClient(server);

        MetricsEndpointTests.Exposition metrics = MetricsEndpointTests.Parse(await client.GetStringAsync("/metrics"));
        (int status, JsonElement health) = await HttpApiFixture.GetJsonAsync(client, "/healthz");

        Assert.Equal(0, metrics.Samples["gateway_stored_readings"]);
        Assert.DoesNotContain("gateway_ingest_readings_total", metrics.Types.Keys);
        Assert.DoesNotContain("gateway_devices_connected", metrics.Types.Keys);
        Assert.Equal(200, status);
        Assert.Equal("no embedded broker in this process", health.GetProperty("broker").GetProperty("detail").GetString());
        Assert.Equal("no ingestion pipeline in this process", health.GetProperty("ingest").GetProperty("detail").GetString());
    }

    [Theory]
    [InlineData("https://127.0.0.1:8443", "https is not served")]
    [InlineData("ftp://127.0.0.1:21", "scheme 'ftp'")]
    [InlineData("http://127.0.0.1", "has no port")]
    [InlineData("http://127.0.0.1:8080/dashboard", "has a path")]
    [InlineData("127.0.0.1:8080", "http://HOST:PORT")]
    [InlineData(" ; ", "names no URL")]
    [InlineData("", "is empty")]
    public void Bad_listen_address_is_refused_naming_urls_and_the_accepted_form(string urls, string hint)
    {
        var options = new IngestHttpOptions { Urls = urls };

        ArgumentException error = Assert.Throws<ArgumentException>(options.Validate);

        Assert.Contains("IngestHttpOptions.Urls", error.Message);
        Assert.Contains(hint, error.Message);
    }

    [Fact]
    public void Several_urls_including_ipv6_loopback_are_accepted()
    {
        Assert.Equal(2, IngestHttpOptions.ParseUrls("http://127.0.0.1:8080; http://[::1]:0").Count);
    }

    [Fact]
    public void Out_of_range_limits_and_durations_are_refused_naming_the_setting()
    {
        Assert.Contains("MaxRowLimit", Assert.Throws<ArgumentException>(() => new IngestHttpOptions { MaxRowLimit = 0 }.Validate()).Message);
        Assert.Contains("DefaultRowLimit", Assert.Throws<ArgumentException>(() => new IngestHttpOptions { DefaultRowLimit = 200_000 }.Validate()).Message);
        Assert.Contains("OfflineAfter", Assert.Throws<ArgumentException>(() => new IngestHttpOptions { OfflineAfter = TimeSpan.FromMinutes(1) }.Validate()).Message);
    }
}
