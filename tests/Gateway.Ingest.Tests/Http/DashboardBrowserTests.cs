using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using Gateway.Ingest.Storage;
using Microsoft.Playwright;
using Xunit;
using static Gateway.Ingest.Tests.Http.FleetTestData;

namespace Gateway.Ingest.Tests.Http;

/// <summary>
/// The dashboard in a real headless Chromium (Debian's, never a downloaded build) driven by Playwright, against the API on
/// Kestrel over a store holding <see cref="FleetTestData"/>. Everything checked is read from the rendered DOM and SVG.
/// Set GATEWAY_SCREENSHOT_DIR to keep screenshots of what the browser showed.
/// </summary>
public class DashboardBrowserTests : IClassFixture<HttpApiFixture>
{
    private static readonly string[] s_chromiumArgs =
    {
        "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync",
    };

    private readonly HttpApiFixture _api;

    public DashboardBrowserTests(HttpApiFixture api)
    {
        _api = api;
    }

    private static string Number(double value) => value.ToString(CultureInfo.InvariantCulture);

    [ChromiumFact]
    public async Task Dashboard_shows_the_fleet_the_charts_the_alarms_and_the_truck_track_from_the_store()
    {
        ChromiumFactAttribute.RequireChromium();
        using IPlaywright playwright = await Playwright.CreateAsync();
        await using IBrowser browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumFactAttribute.ExecutablePath,
            Headless = true,
            Args = s_chromiumArgs,
            Timeout = 60_000,
        });
        IPage page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1400, Height = 1000 } });
        page.SetDefaultTimeout(20_000);
        var problems = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                problems.Add("console: " + message.Text);
            }
        };
        page.PageError += (_, error) => problems.Add("page error: " + error);

        await page.GotoAsync(_api.Server.BaseAddress.ToString());

        // Fleet list: every stored device, its state and its latest values.
        ILocator rows = page.Locator("[data-testid=device-row]");
        await rows.Nth(2).WaitForAsync();
        Assert.Equal(new[] { Air, QuietAir, Truck }, await rows.EvaluateAllAsync<string[]>("rows => rows.map(r => r.dataset.device)"));
        ILocator air = page.Locator($"[data-testid=device-row][data-device={Air}]");
        Assert.Equal("alarm", await air.GetAttributeAsync("data-state"));
        Assert.Equal($"temp{Number(LateTemperature)} Cel", await air.Locator("[data-testid=last-value][data-metric=temp]").TextContentAsync());
        Assert.Equal($"pm2_5{Number(Pm25[^1])} ug/m3", await air.Locator("[data-testid=last-value][data-metric=pm2_5]").TextContentAsync());
        Assert.Contains("pm2_5 high", await air.Locator("[data-testid=active-alarms]").TextContentAsync());
        Assert.Equal("stale", await page.Locator($"[data-testid=device-row][data-device={QuietAir}]").GetAttributeAsync("data-state"));
        Assert.Equal($"lat{Number(Route[^1].Lat)}°",
            await page.Locator($"[data-testid=device-row][data-device={Truck}] [data-testid=last-value][data-metric=lat]").TextContentAsync());

        // Alarms list: the stored events, the raised ones marked active.
        ILocator alarmRows = page.Locator("[data-testid=alarm-row]");
        await alarmRows.Nth(3).WaitForAsync();
        Assert.Equal(4, await alarmRows.CountAsync());
        ILocator airAlarm = page.Locator($"[data-testid=alarm-row][data-device={Air}]");
        Assert.Equal("true", await airAlarm.GetAttributeAsync("data-active"));
        string airAlarmText = await airAlarm.InnerTextAsync();
        Assert.Contains("pm2_5", airAlarmText);
        Assert.Contains("high", airAlarmText);
        Assert.Contains("raised", airAlarmText);

        // A device's charts: one point per stored reading, each titled with its value.
        await page.Locator($"[data-testid=select-device][data-device={Air}]").ClickAsync();
        ILocator tempPoints = page.Locator("[data-testid=chart-temp] circle.point");
        await tempPoints.Nth(Temperatures.Length).WaitForAsync();
        Assert.Equal(Temperatures.Length + 1, await tempPoints.CountAsync());
        IReadOnlyList<string> titles = await page.Locator("[data-testid=chart-temp] circle.point > title").AllTextContentsAsync();
        string isoTime = DateTimeOffset.FromUnixTimeMilliseconds(_api.Data.AirTime(7)).ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
        Assert.Contains($"temp {Number(Temperatures[7])} Cel at {isoTime} (seq {AirSequence(7)})", titles);
        Assert.Equal(Humidities.Length, await page.Locator("[data-testid=chart-rh] circle.point").CountAsync());
        Assert.Equal(Pm25.Length, await page.Locator("[data-testid=chart-pm2_5] circle.point").CountAsync());
        Assert.True(await page.Locator("[data-testid=chart-temp] text.x-label").CountAsync() >= 2, "the time axis has labels");
        Assert.True(await page.Locator("[data-testid=track-box]").IsHiddenAsync(), "no track for a node without positions");
        await Screenshot(page, "dashboard-air.png");

        // The truck's track: a polyline through every stored position, start and end marked.
        await page.Locator($"[data-testid=select-device][data-device={Truck}]").ClickAsync();
        ILocator line = page.Locator("[data-testid=track-line]");
        await line.WaitForAsync();
        string points = (await line.GetAttributeAsync("points"))!;
        Assert.Equal(Route.Length, points.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length);
        IReadOnlyList<string> vertices = await page.Locator("[data-testid=track] circle.track-point > title").AllTextContentsAsync();
        Assert.Equal(Route.Select(p => $"{Number(p.Lat)}, {Number(p.Lon)}"), vertices.Select(v => v.Split(" at ")[0]));
        Assert.StartsWith($"Start: {Number(Route[0].Lat)}, {Number(Route[0].Lon)}", await page.Locator("[data-testid=track-start] > title").TextContentAsync());
        Assert.StartsWith($"End: {Number(Route[^1].Lat)}, {Number(Route[^1].Lon)}", await page.Locator("[data-testid=track-end] > title").TextContentAsync());
        // North is up: Beijing (start) is drawn above and right of Shijiazhuang (end).
        double[][] xy = points.Split(' ').Select(p => p.Split(',').Select(c => double.Parse(c, CultureInfo.InvariantCulture)).ToArray()).ToArray();
        Assert.True(xy[0][1] < xy[^1][1] && xy[0][0] > xy[^1][0], $"track drawn upside down or mirrored: {points}");
        Assert.Equal(CargoTemperatures.Length, await page.Locator("[data-testid=chart-cargo_temp] circle.point").CountAsync());
        await Screenshot(page, "dashboard-truck.png");

        // Refresh: a reading stored now appears without reloading the page (the page polls every 5 s).
        long now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        await _api.Store.StoreBatchAsync(new[] { new IngestMessage(City, Air, now, new[] { Measure(42, "temp", "Cel", 23.4, now) }, 1) });
        await page.Locator($"[data-testid=device-row][data-device={Air}] [data-testid=last-value][data-metric=temp]",
            new PageLocatorOptions { HasTextString = "23.4 Cel" }).WaitForAsync(new LocatorWaitForOptions { Timeout = 15_000 });

        Assert.Empty(problems);
    }

    [ChromiumFact]
    public async Task A_window_with_more_readings_than_the_page_draws_is_charted_as_bucket_averages()
    {
        ChromiumFactAttribute.RequireChromium();
        await using var db = new Gateway.Ingest.Tests.Storage.Fakes.TempDatabase();
        await using SqliteReadingStore store = await db.OpenAsync();
        // 6000 readings every 10 s (16.7 hours) ending 5 minutes ago: more than the 5000 raw readings the page asks for.
        const string Device = "env-0100";
        const long Every = 10_000;
        long end = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() - 5 * 60_000;
        long start = end - 5999 * Every;
        var readings = Enumerable.Range(0, 6000)
            .Select(i => Measure(i + 1, "temp", "Cel", Math.Round(20 + 5 * Math.Sin(i / 500.0), 2), start + i * Every))
            .ToArray();
        await store.StoreBatchAsync(new[] { new IngestMessage(City, Device, end, readings, 1) });
        IReadOnlyList<ReadingBucket> buckets = await store.QueryBucketsAsync(new ReadingQuery(Device) { Metric = "temp" }, 300_000);
        await using Gateway.Ingest.Http.IngestHttpServer server = await HttpApiFixture.StartAsync(new Gateway.Ingest.Http.IngestHttpSources { Store = store });
        using IPlaywright playwright = await Playwright.CreateAsync();
        await using IBrowser browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumFactAttribute.ExecutablePath,
            Headless = true,
            Args = s_chromiumArgs,
            Timeout = 60_000,
        });
        IPage page = await browser.NewPageAsync();
        page.SetDefaultTimeout(20_000);

        await page.GotoAsync(server.BaseAddress + "#device=" + Device);
        ILocator chart = page.Locator("[data-testid=chart-temp]");
        await chart.Locator("circle.point").First.WaitForAsync();

        // The 24-hour window at 5-minute steps: every bucket of the store is a point, placed at the bucket's middle.
        Assert.Equal(buckets.Count, await chart.Locator("circle.point").CountAsync());
        Assert.Contains("averages", await chart.Locator("figcaption").TextContentAsync());
        ReadingBucket middle = buckets[buckets.Count / 2];
        ILocator point = chart.Locator($"circle.point[data-time=\"{middle.BucketStartUnixMs + 150_000}\"]");
        Assert.Equal(middle.Average, double.Parse((await point.GetAttributeAsync("data-value"))!, CultureInfo.InvariantCulture), 9);
        Assert.StartsWith($"temp average ", await point.Locator("title").TextContentAsync());
        Assert.Contains($"{middle.Count} readings", await point.Locator("title").TextContentAsync());
    }

    private static async Task Screenshot(IPage page, string name)
    {
        string? folder = Environment.GetEnvironmentVariable("GATEWAY_SCREENSHOT_DIR");
        if (!string.IsNullOrEmpty(folder))
        {
            Directory.CreateDirectory(folder);
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(folder, name), FullPage = true });
        }
    }
}
