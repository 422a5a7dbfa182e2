using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Threading.Tasks;
using Gateway.Ingest.Http;
using Gateway.Ingest.Pipeline;
using Gateway.Ingest.Tests.Storage.Fakes;
using Xunit;

namespace Gateway.Ingest.Tests.Http;

public class MetricsEndpointTests : IClassFixture<HttpApiFixture>
{
    private readonly HttpApiFixture _api;

    public MetricsEndpointTests(HttpApiFixture api)
    {
        _api = api;
    }

    /// <summary>A parsed exposition: declared families (name → type) and samples (name with labels → value).</summary>
    internal sealed record Exposition(Dictionary<string, string> Types, Dictionary<string, string> Help, Dictionary<string, double> Samples);

    /// <summary>
    /// Parses the Prometheus text format 0.0.4 strictly: HELP and TYPE at most once per family and before its samples,
    /// every sample belonging to a declared family (summaries add _sum and _count), numbers in Go float syntax.
    /// </summary>
    internal static Exposition Parse(string text)
    {
        Assert.EndsWith("\n", text);
        var types = new Dictionary<string, string>(StringComparer.Ordinal);
        var help = new Dictionary<string, string>(StringComparer.Ordinal);
        var samples = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (string line in text.TrimEnd('\n').Split('\n'))
        {
            if (line.StartsWith("# HELP ", StringComparison.Ordinal))
            {
                string[] parts = line.Substring(7).Split(' ', 2);
                Assert.True(help.TryAdd(parts[0], parts[1]), $"HELP twice for {parts[0]}");
                continue;
            }
            if (line.StartsWith("# TYPE ", StringComparison.Ordinal))
            {
                string[] parts = line.Substring(7).Split(' ');
                Assert.Equal(2, parts.Length);
                Assert.Contains(parts[1], new[] { "counter", "gauge", "summary", "histogram", "untyped" });
                Assert.True(types.TryAdd(parts[0], parts[1]), $"TYPE twice for {parts[0]}");
                continue;
            }
            Assert.False(line.StartsWith('#'), $"unexpected comment: {line}");
            int space = line.LastIndexOf(' ');
            string key = line.Substring(0, space);
            string value = line.Substring(space + 1);
            string name = key.Split('{')[0];
            string family = types.ContainsKey(name) ? name
                : name.EndsWith("_sum", StringComparison.Ordinal) ? name[..^4]
                : name.EndsWith("_count", StringComparison.Ordinal) ? name[..^6]
                : name;
            Assert.True(types.ContainsKey(family), $"sample {key} before or without a TYPE line");
            Assert.True(help.ContainsKey(family), $"sample {key} without a HELP line");
            double number = value switch
            {
                "+Inf" => double.PositiveInfinity,
                "-Inf" => double.NegativeInfinity,
                "NaN" => double.NaN,
                _ => double.Parse(value, NumberStyles.Float, CultureInfo.InvariantCulture),
            };
            Assert.True(samples.TryAdd(key, number), $"sample {key} twice");
        }
        return new Exposition(types, help, samples);
    }

    [Fact]
    public async Task Metrics_are_prometheus_text_with_every_required_family_and_the_counters_values()
    {
        using HttpResponseMessage response = await _api.Client.GetAsync("/metrics");
        string text = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/plain; version=0.0.4; charset=utf-8", response.Content.Headers.ContentType?.ToString());
        Exposition metrics = Parse(text);
        Assert.Equal("counter", metrics.Types["gateway_ingest_readings_total"]);
        Assert.Equal("counter", metrics.Types["gateway_ingest_duplicates_total"]);
        Assert.Equal("counter", metrics.Types["gateway_ingest_rejected_total"]);
        Assert.Equal("gauge", metrics.Types["gateway_ingest_lag_seconds"]);
        Assert.Equal("gauge", metrics.Types["gateway_ingest_rate"]);
        Assert.Equal("gauge", metrics.Types["gateway_devices_connected"]);
        Assert.Equal("counter", metrics.Types["gateway_auth_failures_total"]);
        Assert.Equal("counter", metrics.Types["gateway_acl_denials_total"]);
        Assert.Equal("gauge", metrics.Types["gateway_stored_readings"]);

        Assert.Equal(81, metrics.Samples["gateway_ingest_readings_total"]);
        Assert.Equal(4, metrics.Samples["gateway_ingest_duplicates_total"]);
        Assert.Equal(2, metrics.Samples["gateway_ingest_rejected_total{reason=\"unknown_metric\"}"]);
        Assert.Equal(1, metrics.Samples["gateway_ingest_rejected_total{reason=\"time_out_of_window\"}"]);
        Assert.Equal(0.2, metrics.Samples["gateway_ingest_commit_lag_seconds_sum"], 9);
        Assert.Equal(2, metrics.Samples["gateway_ingest_commit_lag_seconds_count"]);
        Assert.Equal(3, metrics.Samples["gateway_devices_connected"]);
        Assert.Equal(2, metrics.Samples["gateway_auth_failures_total"]);
        Assert.Equal(1, metrics.Samples["gateway_acl_denials_total"]);
        Assert.Equal(1, metrics.Samples["gateway_broker_up"]);
        Assert.Equal(1, metrics.Samples["gateway_store_up"]);
        // Air node 36 + battery + alarm + late reading; quiet node 2; truck 8 rounds of 5 + 3 alarms.
        Assert.Equal(39 + 2 + 43, metrics.Samples["gateway_stored_readings"]);
        Assert.True(metrics.Samples["gateway_ingest_rate"] >= 0);
    }

    [Fact]
    public async Task Rate_and_lag_are_measured_over_the_recent_window()
    {
        var clock = new ManualTimeProvider(1_714_564_800_000);
        await using var db = new TempDatabase();
        await using var store = await db.OpenAsync();
        var metrics = new IngestMetrics();
        metrics.Stored(readings: 1000, duplicates: 0, settled: 0, gapsOpened: 0, evicted: 0); // before start: not part of the rate
        metrics.Lag(90_000);
        await using IngestHttpServer server = await HttpApiFixture.StartAsync(new IngestHttpSources { Store = store, Metrics = metrics, Time = clock });
        using HttpClient client = HttpApiFixture.NewClient(server);

        clock.Advance(TimeSpan.FromSeconds(60));
        metrics.Stored(readings: 600, duplicates: 0, settled: 0, gapsOpened: 0, evicted: 0);
        metrics.Lag(200);
        metrics.Lag(400);
        Exposition first = Parse(await client.GetStringAsync("/metrics"));

        Assert.Equal(10, first.Samples["gateway_ingest_rate"], 9);
        Assert.Equal(0.3, first.Samples["gateway_ingest_lag_seconds"], 9);
        Assert.Equal(1600, first.Samples["gateway_ingest_readings_total"]);

        clock.Advance(TimeSpan.FromSeconds(60));
        metrics.Stored(readings: 120, duplicates: 0, settled: 0, gapsOpened: 0, evicted: 0);
        Exposition second = Parse(await client.GetStringAsync("/metrics"));

        Assert.Equal(2, second.Samples["gateway_ingest_rate"], 9);
        Assert.Equal(0, second.Samples["gateway_ingest_lag_seconds"]);
        Assert.Contains("over the last 60 s", second.Help["gateway_ingest_rate"]);
    }

    [Fact]
    public void Label_values_and_help_text_are_escaped_as_the_format_requires()
    {
        string text = new PrometheusText()
            .Family("x_total", "counter", "a \\ and\na line")
            .Sample("x_total", "reason", "quote \" back \\ new\nline", 1)
            .Single("y", "gauge", "y", double.PositiveInfinity)
            .Single("z", "gauge", "z", 0.25)
            .ToString();

        Assert.Equal(
            "# HELP x_total a \\\\ and\\na line\n# TYPE x_total counter\n" +
            "x_total{reason=\"quote \\\" back \\\\ new\\nline\"} 1\n" +
            "# HELP y y\n# TYPE y gauge\ny +Inf\n" +
            "# HELP z z\n# TYPE z gauge\nz 0.25\n",
            text);
        Assert.Throws<ArgumentException>(() => new PrometheusText().Family("bad-name", "gauge", "x"));
    }
}
