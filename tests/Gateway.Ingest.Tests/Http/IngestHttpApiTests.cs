using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Text.Json;
using System.Threading.Tasks;
using Xunit;
using static Gateway.Ingest.Tests.Http.FleetTestData;

namespace Gateway.Ingest.Tests.Http;

public class IngestHttpApiTests : IClassFixture<HttpApiFixture>
{
    private readonly HttpApiFixture _api;

    public IngestHttpApiTests(HttpApiFixture api)
    {
        _api = api;
    }

    private FleetTestData Data => _api.Data;

    private static string Iso(long unixMs) =>
        DateTimeOffset.FromUnixTimeMilliseconds(unixMs).ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    private static JsonElement Device(JsonElement list, string id) =>
        list.GetProperty("devices").EnumerateArray().Single(d => d.GetProperty("id").GetString() == id);

    private static Dictionary<string, JsonElement> LastValues(JsonElement device) =>
        device.GetProperty("last_values").EnumerateArray().ToDictionary(v => v.GetProperty("metric").GetString()!);

    [Fact]
    public async Task Device_list_shows_every_stored_device_with_state_last_values_battery_buffer_alarms_and_gaps()
    {
        (int status, JsonElement body) = await _api.GetJsonAsync("/api/devices");

        Assert.Equal(200, status);
        Assert.Equal(new[] { Air, QuietAir, Truck }, body.GetProperty("devices").EnumerateArray().Select(d => d.GetProperty("id").GetString()));

        JsonElement air = Device(body, Air);
        Assert.Equal(City, air.GetProperty("tenant").GetString());
        Assert.Equal("environmental", air.GetProperty("kind").GetString());
        Assert.Equal("alarm", air.GetProperty("state").GetString());
        Assert.Equal(Iso(Data.AirTime(12) + 2_100), air.GetProperty("last_seen").GetString());
        Assert.Equal(Battery, air.GetProperty("battery_volts").GetDouble());
        Assert.Equal(3, air.GetProperty("buffer_depth").GetInt64());
        Assert.Equal("1.4.2", air.GetProperty("last_status").GetProperty("fw").GetString());
        Assert.Equal(-67, air.GetProperty("last_status").GetProperty("rssi").GetInt32());
        Assert.Equal(1, air.GetProperty("gaps").GetProperty("open").GetInt32());
        Assert.Equal(AirAlarmSequence, air.GetProperty("sequence").GetProperty("contiguous_through").GetInt64());
        Assert.Equal(AirLateSequence, air.GetProperty("sequence").GetProperty("max").GetInt64());
        JsonElement alarm = Assert.Single(air.GetProperty("active_alarms").EnumerateArray());
        Assert.Equal(("pm2_5", "high", true), (alarm.GetProperty("metric").GetString(), alarm.GetProperty("kind").GetString(), alarm.GetProperty("active").GetBoolean()));

        Dictionary<string, JsonElement> values = LastValues(air);
        Assert.Equal(new[] { "battery", "pm2_5", "rh", "temp" }, values.Keys.OrderBy(k => k, StringComparer.Ordinal));
        Assert.Equal(LateTemperature, values["temp"].GetProperty("value").GetDouble());
        Assert.Equal("Cel", values["temp"].GetProperty("unit").GetString());
        Assert.Equal(AirLateSequence, values["temp"].GetProperty("seq").GetInt64());
        Assert.Equal(Pm25[11], values["pm2_5"].GetProperty("value").GetDouble());
        Assert.Equal(Iso(Data.AirTime(11)), values["pm2_5"].GetProperty("time").GetString());

        JsonElement quiet = Device(body, QuietAir);
        Assert.Equal("stale", quiet.GetProperty("state").GetString());
        Assert.Empty(quiet.GetProperty("active_alarms").EnumerateArray());
        Assert.Equal(JsonValueKind.Null, quiet.GetProperty("battery_volts").ValueKind);

        JsonElement truck = Device(body, Truck);
        Assert.Equal(("fleet", "logistics", "alarm"), (truck.GetProperty("tenant").GetString(), truck.GetProperty("kind").GetString(), truck.GetProperty("state").GetString()));
        Dictionary<string, JsonElement> truckValues = LastValues(truck);
        Assert.Equal(Route[^1].Lat, truckValues["lat"].GetProperty("value").GetDouble());
        Assert.False(truckValues["door"].GetProperty("bool").GetBoolean());
        Assert.Equal("GPS+BDS", truckValues["gnss"].GetProperty("text").GetString());
        Assert.Equal("cargo_temp", Assert.Single(truck.GetProperty("active_alarms").EnumerateArray()).GetProperty("metric").GetString());
    }

    [Fact]
    public async Task Device_list_filters_by_tenant()
    {
        (int status, JsonElement body) = await _api.GetJsonAsync("/api/devices?tenant=fleet");

        Assert.Equal(200, status);
        Assert.Equal(new[] { Truck }, body.GetProperty("devices").EnumerateArray().Select(d => d.GetProperty("id").GetString()));
    }

    [Fact]
    public async Task One_device_shows_its_open_gap_ranges()
    {
        (int status, JsonElement air) = await _api.GetJsonAsync($"/api/devices/{Air}");

        Assert.Equal(200, status);
        JsonElement gap = Assert.Single(air.GetProperty("open_gaps").EnumerateArray());
        Assert.Equal((39L, 40L, "missing"), (gap.GetProperty("from").GetInt64(), gap.GetProperty("to").GetInt64(), gap.GetProperty("reason").GetString()));
    }

    [Fact]
    public async Task Raw_readings_are_filtered_by_metric_and_time_given_as_iso_8601_or_unix_milliseconds()
    {
        string from = Uri.EscapeDataString(Iso(Data.AirTime(2)));
        long to = Data.AirTime(5);

        (int status, JsonElement body) = await _api.GetJsonAsync($"/api/readings?device={Air}&metric=temp&from={from}&to={to}");

        Assert.Equal(200, status);
        JsonElement[] readings = body.GetProperty("readings").EnumerateArray().ToArray();
        Assert.Equal(Temperatures[2..5], readings.Select(r => r.GetProperty("value").GetDouble()));
        Assert.Equal(new[] { AirSequence(2), AirSequence(3), AirSequence(4) }, readings.Select(r => r.GetProperty("seq").GetInt64()));
        Assert.All(readings, r => Assert.Equal(("temp", "Cel", "measurement"), (r.GetProperty("metric").GetString(), r.GetProperty("unit").GetString(), r.GetProperty("kind").GetString())));
        Assert.Equal(Iso(Data.AirTime(2)), readings[0].GetProperty("time").GetString());
        Assert.Equal(Data.AirTime(2), readings[0].GetProperty("time_ms").GetInt64());
        Assert.False(body.GetProperty("truncated").GetBoolean());
        Assert.Equal(JsonValueKind.Null, body.GetProperty("buckets").ValueKind);
    }

    [Fact]
    public async Task Iso_times_with_an_offset_survive_a_plus_sign_left_unescaped_in_the_query()
    {
        DateTimeOffset local = DateTimeOffset.FromUnixTimeMilliseconds(Data.AirTime(10)).ToOffset(TimeSpan.FromHours(8));
        string from = local.ToString("yyyy-MM-dd'T'HH:mm:ss.fffzzz", CultureInfo.InvariantCulture); // "+08:00": a '+' decodes to a space

        (int status, JsonElement body) = await _api.GetJsonAsync($"/api/readings?device={Air}&metric=temp&from={from}");

        Assert.Equal(200, status);
        Assert.Equal(new[] { Temperatures[10], Temperatures[11], LateTemperature }, body.GetProperty("readings").EnumerateArray().Select(r => r.GetProperty("value").GetDouble()));
    }

    [Fact]
    public async Task Readings_with_a_step_are_averaged_per_bucket()
    {
        // Buckets are aligned to multiples of the step since the epoch; compute the expected averages the same way.
        const long Step = 15 * 60_000;
        var expected = Enumerable.Range(0, Temperatures.Length)
            .GroupBy(i => Data.AirTime(i) / Step * Step)
            .Select(g => (Start: g.Key, Average: g.Average(i => Temperatures[i]), Count: g.Count()))
            .ToList();
        long to = Data.AirTime(12); // leave out the late reading

        (int status, JsonElement body) = await _api.GetJsonAsync($"/api/readings?device={Air}&metric=temp&step=15m&to={to}");

        Assert.Equal(200, status);
        Assert.Equal("15m", body.GetProperty("step").GetString());
        Assert.Equal(Step, body.GetProperty("step_ms").GetInt64());
        JsonElement[] buckets = body.GetProperty("buckets").EnumerateArray().ToArray();
        Assert.Equal(expected.Select(e => e.Start), buckets.Select(b => b.GetProperty("start_ms").GetInt64()));
        Assert.Equal(expected.Select(e => Math.Round(e.Average, 9)), buckets.Select(b => Math.Round(b.GetProperty("avg").GetDouble(), 9)));
        Assert.Equal(expected.Select(e => (long)e.Count), buckets.Select(b => b.GetProperty("count").GetInt64()));
        Assert.Equal(JsonValueKind.Null, body.GetProperty("readings").ValueKind);
    }

    [Fact]
    public async Task A_limit_cuts_the_rows_and_says_the_answer_is_truncated()
    {
        (int status, JsonElement body) = await _api.GetJsonAsync($"/api/readings?device={Air}&limit=5");

        Assert.Equal(200, status);
        Assert.Equal(5, body.GetProperty("readings").GetArrayLength());
        Assert.True(body.GetProperty("truncated").GetBoolean());
    }

    [Fact]
    public async Task Csv_download_has_a_header_one_line_per_reading_and_an_attachment_name()
    {
        using HttpResponseMessage response = await _api.Client.GetAsync($"/api/readings.csv?device={Air}&metric=temp");
        string csv = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("env-0001-temp.csv", response.Content.Headers.ContentDisposition?.FileName?.Trim('"'));
        string[] lines = csv.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("tenant,device,seq,metric,unit,kind,value,value_bool,value_text,device_time,device_time_ms,received_ms", lines[0]);
        Assert.Equal(Temperatures.Length + 1, lines.Length - 1);
        string[] first = lines[1].Split(',');
        Assert.Equal(new[] { City, Air, "1", "temp", "Cel", "measurement", "18.4" }, first[..7]);
        Assert.Equal(Iso(Data.AirTime(0)), first[9]);
        Assert.Equal(LateTemperature.ToString(CultureInfo.InvariantCulture), lines[^1].Split(',')[6]);
    }

    [Fact]
    public async Task Csv_with_a_step_holds_one_line_per_bucket()
    {
        using HttpResponseMessage response = await _api.Client.GetAsync($"/api/readings.csv?device={Air}&metric=rh&step=1h");
        string[] lines = (await response.Content.ReadAsStringAsync()).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("metric,bucket_start,bucket_start_ms,step_ms,average,minimum,maximum,count", lines[0]);
        Assert.Equal(Humidities.Length, lines.Skip(1).Sum(l => long.Parse(l.Split(',')[7], CultureInfo.InvariantCulture)));
        Assert.All(lines.Skip(1), l => Assert.Equal("3600000", l.Split(',')[3]));
    }

    [Fact]
    public async Task Csv_of_more_buckets_than_the_row_limit_is_refused_before_the_download_starts()
    {
        await using var db = new Gateway.Ingest.Tests.Storage.Fakes.TempDatabase();
        await using Gateway.Ingest.Storage.SqliteReadingStore store = await db.OpenAsync();
        await new FleetTestData(Data.NowMs).WriteAsync(store);
        await using Gateway.Ingest.Http.IngestHttpServer server = await HttpApiFixture.StartAsync(
            new Gateway.Ingest.Http.IngestHttpSources { Store = store }, new Gateway.Ingest.Http.IngestHttpOptions { DefaultRowLimit = 10, MaxRowLimit = 10 });
        using HttpClient client = HttpApiFixture.NewClient(server);

        (int status, JsonElement body) = await HttpApiFixture.GetJsonAsync(client, $"/api/readings.csv?device={Air}&step=1m");
        using HttpResponseMessage cut = await client.GetAsync($"/api/readings.csv?device={Air}&step=1m&limit=4");

        Assert.Equal(400, status);
        Assert.StartsWith("parameter 'step': 1m gives more than 10 rows", body.GetProperty("error").GetString());
        Assert.Equal(HttpStatusCode.OK, cut.StatusCode);
        Assert.Equal(1 + 4, (await cut.Content.ReadAsStringAsync()).Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Length);
    }

    [Fact]
    public async Task Alarm_history_is_newest_first_and_marks_the_alarms_raised_now()
    {
        (int status, JsonElement body) = await _api.GetJsonAsync("/api/alarms");

        Assert.Equal(200, status);
        JsonElement[] alarms = body.GetProperty("alarms").EnumerateArray().ToArray();
        Assert.Equal(4, alarms.Length);
        long[] times = alarms.Select(a => a.GetProperty("time_ms").GetInt64()).ToArray();
        Assert.Equal(times.OrderByDescending(t => t), times);
        var summary = alarms.Select(a => (a.GetProperty("device").GetString(), a.GetProperty("metric").GetString(), a.GetProperty("kind").GetString(),
            a.GetProperty("raised").GetBoolean(), a.GetProperty("active").GetBoolean())).ToHashSet();
        Assert.Contains((Air, "pm2_5", "high", true, true), summary);
        Assert.Contains((Truck, "cargo_temp", "high", true, true), summary);
        Assert.Contains((Truck, "door", "door_open_in_transit", true, false), summary);
        Assert.Contains((Truck, "door", "door_open_in_transit", false, false), summary);
    }

    [Fact]
    public async Task Active_alarms_of_one_device_are_those_whose_latest_event_raised_them()
    {
        (int status, JsonElement body) = await _api.GetJsonAsync($"/api/alarms?device={Truck}&active=true");

        Assert.Equal(200, status);
        Assert.True(body.GetProperty("active_only").GetBoolean());
        JsonElement alarm = Assert.Single(body.GetProperty("alarms").EnumerateArray());
        Assert.Equal(("cargo_temp", "high", Data.TruckTime(5)), (alarm.GetProperty("metric").GetString(), alarm.GetProperty("kind").GetString(), alarm.GetProperty("time_ms").GetInt64()));
    }

    [Fact]
    public async Task Track_pairs_latitude_and_longitude_in_time_order()
    {
        (int status, JsonElement body) = await _api.GetJsonAsync($"/api/devices/{Truck}/track");

        Assert.Equal(200, status);
        JsonElement[] points = body.GetProperty("points").EnumerateArray().ToArray();
        Assert.Equal(Route, points.Select(p => (p.GetProperty("lat").GetDouble(), p.GetProperty("lon").GetDouble())));
        Assert.Equal(Enumerable.Range(0, Route.Length).Select(i => Data.TruckTime(i)), points.Select(p => p.GetProperty("time_ms").GetInt64()));
        Assert.Equal("logistics", body.GetProperty("kind").GetString());
    }

    [Fact]
    public async Task Track_is_cut_to_the_time_window()
    {
        (int status, JsonElement body) = await _api.GetJsonAsync($"/api/devices/{Truck}/track?from={Data.TruckTime(2)}&to={Data.TruckTime(5)}");

        Assert.Equal(200, status);
        Assert.Equal(Route[2..5], body.GetProperty("points").EnumerateArray().Select(p => (p.GetProperty("lat").GetDouble(), p.GetProperty("lon").GetDouble())));
    }

    [Fact]
    public async Task Track_of_a_device_without_positions_is_empty()
    {
        (int status, JsonElement body) = await _api.GetJsonAsync($"/api/devices/{Air}/track");

        Assert.Equal(200, status);
        Assert.Equal(0, body.GetProperty("points").GetArrayLength());
    }

    [Theory]
    [InlineData("/api/readings?device=env-9999")]
    [InlineData("/api/readings.csv?device=env-9999")]
    [InlineData("/api/alarms?device=env-9999")]
    [InlineData("/api/devices/env-9999")]
    [InlineData("/api/devices/env-9999/track")]
    public async Task Unknown_device_is_404_naming_it(string path)
    {
        (int status, JsonElement body) = await _api.GetJsonAsync(path);

        Assert.Equal(404, status);
        Assert.Contains("'env-9999' is not known", body.GetProperty("error").GetString());
    }

    [Theory]
    [InlineData("/api/readings?device=env-0001&from=yesterday", "from", "ISO 8601")]
    [InlineData("/api/readings?device=env-0001&from=2024-13-01", "from", "not a valid date")]
    [InlineData("/api/readings?device=env-0001&from=2024-05-01T25:00:00Z", "from", "not a valid date")]
    [InlineData("/api/readings?device=env-0001&from=-5", "from", "before 1970")]
    [InlineData("/api/readings?device=env-0001&to=12.5", "to", "Unix time in milliseconds")]
    [InlineData("/api/readings?device=env-0001&to=99999999999999999", "to", "ISO 8601")]
    [InlineData("/api/readings?device=env-0001&from=2024-05-02&to=2024-05-01", "from", "after 'to'")]
    [InlineData("/api/readings?device=env-0001&step=5x", "step", "60s, 5m, 1h")]
    [InlineData("/api/readings?device=env-0001&step=500ms", "step", "60s, 5m, 1h")]
    [InlineData("/api/readings?device=env-0001&step=0s", "step", "from 1s to 366d")]
    [InlineData("/api/readings?device=env-0001&step=367d", "step", "from 1s to 366d")]
    [InlineData("/api/readings?device=env-0001&metric=tmp", "metric", "temp, rh, press")]
    [InlineData("/api/readings?device=env-0001&metric=alarm/temp/hot", "metric", "door_open_in_transit")]
    [InlineData("/api/readings?device=env-0001&metric=TEMP", "metric", "not a metric")]
    [InlineData("/api/readings", "device", "is required")]
    [InlineData("/api/readings?device=", "device", "is required")]
    [InlineData("/api/readings?device=Env%2F0001", "device", "a-z 0-9 - _")]
    [InlineData("/api/readings?device=env-0001&device=env-0002", "device", "given 2 times")]
    [InlineData("/api/readings?device=env-0001&limit=0", "limit", "from 1 to 100000")]
    [InlineData("/api/readings?device=env-0001&limit=lots", "limit", "from 1 to 100000")]
    [InlineData("/api/readings?device=env-0001&form=2024-05-01", "form", "accepted: device, metric, from, to, step, limit")]
    [InlineData("/api/readings.csv?device=env-0001&step=fast", "step", "60s, 5m, 1h")]
    [InlineData("/api/readings.csv?device=env-0001&from=soon", "from", "ISO 8601")]
    [InlineData("/api/alarms?active=maybe", "active", "true or false")]
    [InlineData("/api/alarms?device=ENV", "device", "a-z 0-9 - _")]
    [InlineData("/api/alarms?to=never", "to", "ISO 8601")]
    [InlineData("/api/devices?tenant=City%20Hall", "tenant", "a-z 0-9 - _")]
    [InlineData("/api/devices/truck-0001/track?from=noon", "from", "ISO 8601")]
    [InlineData("/api/devices/Truck!/track", "id", "a-z 0-9 - _")]
    [InlineData("/healthz?verbose=1", "verbose", "accepted: none")]
    public async Task Bad_parameter_is_400_naming_the_parameter_and_what_is_accepted(string path, string parameter, string hint)
    {
        (int status, JsonElement body) = await _api.GetJsonAsync(path);

        Assert.Equal(400, status);
        string error = body.GetProperty("error").GetString()!;
        Assert.StartsWith($"parameter '{parameter}': ", error);
        Assert.Contains(hint, error);
        Assert.Equal(parameter, body.GetProperty("parameter").GetString());
    }

    [Fact]
    public async Task Hostile_values_in_any_parameter_of_any_endpoint_never_cause_a_server_error()
    {
        string[] values =
        {
            "%00", "%FF%FE", "'%3B%20DROP%20TABLE%20readings%3B--", new string('a', 3000), "1e400", "9223372036854775808",
            "2024-05-01T12:00:00.1234567890Z", "%E2%80%AE", "..%2F..%2Fetc%2Fpasswd", "%20", "-0", "NaN",
        };
        var paths = new List<string>();
        foreach (string value in values)
        {
            foreach (string parameter in new[] { "device", "metric", "from", "to", "step", "limit" })
            {
                string device = parameter == "device" ? value : Air;
                string extra = parameter == "device" ? "" : $"&{parameter}={value}";
                paths.Add($"/api/readings?device={device}{extra}");
                paths.Add($"/api/readings.csv?device={device}{extra}");
            }
            paths.Add($"/api/alarms?device={value}&active={value}&limit={value}");
            paths.Add($"/api/devices?tenant={value}");
            paths.Add($"/api/devices/{value}");
            paths.Add($"/api/devices/{value}/track?from={value}");
            paths.Add($"/api/devices/{Truck}/track?to={value}&limit={value}");
            paths.Add($"/assets/{value}");
        }

        foreach (string path in paths)
        {
            using HttpResponseMessage response = await _api.Client.GetAsync(path);
            Assert.True((int)response.StatusCode is 200 or 400 or 404 or 414, $"GET {path[..Math.Min(path.Length, 200)]}: {(int)response.StatusCode}");
        }
    }

    [Fact]
    public async Task Unknown_api_path_is_404_listing_the_endpoints_and_writes_are_405()
    {
        (int status, JsonElement body) = await _api.GetJsonAsync("/api/device");
        Assert.Equal(404, status);
        Assert.Contains(body.GetProperty("endpoints").EnumerateArray(), e => e.GetString()!.StartsWith("GET /api/devices", StringComparison.Ordinal));

        using HttpResponseMessage post = await _api.Client.PostAsync("/api/devices", new StringContent("{}"));
        Assert.Equal(HttpStatusCode.MethodNotAllowed, post.StatusCode);
    }

    [Fact]
    public async Task Health_is_ok_when_store_broker_and_ingestion_are_fine()
    {
        (int status, JsonElement body) = await _api.GetJsonAsync("/healthz");

        Assert.Equal(200, status);
        Assert.Equal("ok", body.GetProperty("status").GetString());
        Assert.True(body.GetProperty("store").GetProperty("ok").GetBoolean());
        Assert.True(body.GetProperty("broker").GetProperty("ok").GetBoolean());
        Assert.Equal(3, body.GetProperty("connected_clients").GetInt32());
        Assert.True(body.GetProperty("subscriber_connected").GetBoolean());
        Assert.Empty(body.GetProperty("failing").EnumerateArray());

        using HttpResponseMessage head = await _api.Client.SendAsync(new HttpRequestMessage(HttpMethod.Head, "/healthz"));
        Assert.Equal(HttpStatusCode.OK, head.StatusCode);
    }
}
