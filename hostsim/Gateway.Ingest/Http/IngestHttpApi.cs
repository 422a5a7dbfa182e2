using System;
using System.Collections.Generic;
using System.Data.Common;
using System.Globalization;
using System.IO;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Gateway.Ingest.Pipeline;
using Gateway.Ingest.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Gateway.Ingest.Http;

/// <summary>
/// The ingestion service's read-only HTTP surface, as ASP.NET Core minimal-API endpoints: the JSON API under <c>/api</c>,
/// <c>/metrics</c> (Prometheus), <c>/healthz</c> and the dashboard at <c>/</c>. <see cref="IngestHttpServer.StartAsync"/> runs it on
/// its own Kestrel; <see cref="MapEndpoints"/> adds it to an application the caller builds.
/// </summary>
/// <remarks>
/// <para>Every query parameter is checked before the store is asked: a bad value answers 400 with
/// <c>{"error":"parameter 'from': … accepted: …","parameter":"from"}</c>, an unknown device 404, a failing store 503 — never 500
/// for anything a client sends. Parameters an endpoint does not know are refused too (a typo is not a silent no-op).</para>
/// <para>Endpoints (all GET; see Http/README.md for the shapes):
/// <c>/api/devices[?tenant=]</c>, <c>/api/devices/{id}</c>, <c>/api/readings?device=&amp;metric=&amp;from=&amp;to=&amp;step=&amp;limit=</c>,
/// <c>/api/readings.csv</c> (same), <c>/api/alarms?device=&amp;tenant=&amp;active=&amp;from=&amp;to=&amp;limit=</c>,
/// <c>/api/devices/{id}/track?from=&amp;to=&amp;limit=</c>, <c>/healthz</c>, <c>/metrics</c>, <c>/</c> and <c>/assets/{file}</c>.</para>
/// </remarks>
public sealed class IngestHttpApi
{
    private static readonly string[] s_endpoints =
    {
        "GET /api/devices?tenant=",
        "GET /api/devices/{id}",
        "GET /api/devices/{id}/track?from=&to=&limit=",
        "GET /api/readings?device=&metric=&from=&to=&step=&limit=",
        "GET /api/readings.csv?device=&metric=&from=&to=&step=&limit=",
        "GET /api/alarms?device=&tenant=&active=&from=&to=&limit=",
        "GET /healthz",
        "GET /metrics",
        "GET /",
    };

    // HEAD too: load balancers and uptime checks probe with it (Kestrel sends the headers and drops the body).
    private static readonly string[] s_getAndHead = { HttpMethods.Get, HttpMethods.Head };

    private readonly IReadingStore _store;
    private readonly IDashboardQueries? _queries;
    private readonly IngestHttpSources _sources;
    private readonly TimeProvider _time;
    private readonly ILogger _log;
    private readonly IngestRateWindow _rate;
    private readonly DashboardAssets _assets;
    private readonly SemaphoreSlim _countLock = new(1, 1);
    private long _storedReadings = -1;
    private long _storedReadingsAtMs;

    /// <summary>Creates the API over <paramref name="sources"/>.</summary>
    /// <exception cref="ArgumentException">An option is out of range (the message names it).</exception>
    public IngestHttpApi(IngestHttpSources sources, IngestHttpOptions? options = null)
    {
        _sources = sources ?? throw new ArgumentNullException(nameof(sources));
        _store = sources.Store ?? throw new ArgumentException("IngestHttpSources.Store is required", nameof(sources));
        _queries = _store as IDashboardQueries;
        Options = options ?? new IngestHttpOptions();
        Options.Validate();
        _time = sources.Time ?? TimeProvider.System;
        _log = sources.LoggerFactory?.CreateLogger("Gateway.Ingest.Http") ?? NullLogger.Instance;
        _rate = new IngestRateWindow(_time, Options.RateWindow, sources.Metrics?.Snapshot());
        _assets = DashboardAssets.Load();
    }

    /// <summary>The options in force.</summary>
    public IngestHttpOptions Options { get; }

    /// <summary>Adds every endpoint to <paramref name="endpoints"/> (a <see cref="WebApplication"/> or a route group).</summary>
    public void MapEndpoints(IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        Get(endpoints, "/api/devices", DevicesAsync);
        Get(endpoints, "/api/devices/{id}", DeviceAsync);
        Get(endpoints, "/api/devices/{id}/track", TrackAsync);
        Get(endpoints, "/api/readings", ctx => ReadingsAsync(ctx, csv: false));
        Get(endpoints, "/api/readings.csv", ctx => ReadingsAsync(ctx, csv: true));
        Get(endpoints, "/api/alarms", AlarmsAsync);
        Get(endpoints, "/healthz", HealthAsync);
        Get(endpoints, "/metrics", MetricsAsync);
        Get(endpoints, "/", ctx => _assets.ServeAsync(ctx, "index.html"));
        Get(endpoints, "/assets/{file}", ctx => _assets.ServeAsync(ctx, (string?)ctx.Request.RouteValues["file"] ?? ""));
        endpoints.Map("/api/{**rest}", ctx => Guarded(ctx, UnknownEndpointAsync));
    }

    private void Get(IEndpointRouteBuilder endpoints, string pattern, Func<HttpContext, Task> handler) =>
        endpoints.MapMethods(pattern, s_getAndHead, (RequestDelegate)(ctx => Guarded(ctx, handler)));

    // ------------------------------------------------------------------------------------------------ devices

    private async Task DevicesAsync(HttpContext ctx)
    {
        QueryParameters q = QueryParameters.Read(ctx.Request.Query, "tenant");
        string? tenant = q.Id("tenant", "city");
        CancellationToken ct = ctx.RequestAborted;
        long now = NowMs();
        IReadOnlyList<DeviceSummary> devices = await _store.ListDevicesAsync(tenant, ct).ConfigureAwait(false);
        IReadOnlyList<StoredAlarm> active = await ActiveAlarmsAsync(null, ct).ConfigureAwait(false);
        var activeByDevice = new Dictionary<string, List<StoredAlarm>>(StringComparer.Ordinal);
        foreach (StoredAlarm alarm in active)
        {
            if (!activeByDevice.TryGetValue(alarm.Device, out List<StoredAlarm>? list))
            {
                activeByDevice[alarm.Device] = list = new List<StoredAlarm>();
            }
            list.Add(alarm);
        }
        var ids = new List<string>(devices.Count);
        foreach (DeviceSummary device in devices)
        {
            ids.Add(device.Device);
        }
        IReadOnlyDictionary<string, IReadOnlyList<StoredReading>>? latestByDevice =
            _queries == null ? null : await _queries.LatestMeasurementsAsync(ids, ct).ConfigureAwait(false);
        var views = new List<DeviceView>(devices.Count);
        foreach (DeviceSummary device in devices)
        {
            IReadOnlyList<StoredReading>? latest = null;
            latestByDevice?.TryGetValue(device.Device, out latest);
            activeByDevice.TryGetValue(device.Device, out List<StoredAlarm>? alarms);
            views.Add(View(device, latest ?? Array.Empty<StoredReading>(), (IReadOnlyList<StoredAlarm>?)alarms ?? Array.Empty<StoredAlarm>(), null, now));
        }
        await WriteJsonAsync(ctx, 200, new DeviceList(QueryParameters.FormatTime(now), now, views)).ConfigureAwait(false);
    }

    private async Task DeviceAsync(HttpContext ctx)
    {
        QueryParameters.Read(ctx.Request.Query);
        CancellationToken ct = ctx.RequestAborted;
        DeviceSummary device = await RequireDeviceAsync(RouteId(ctx), "id", ct).ConfigureAwait(false);
        IReadOnlyList<StoredReading> latest = await LatestAsync(device.Device, ct).ConfigureAwait(false);
        IReadOnlyList<StoredAlarm> active = await ActiveAlarmsAsync(device.Device, ct).ConfigureAwait(false);
        IReadOnlyList<GapRecord> gaps = await _store.ListGapsAsync(device.Device, openOnly: true, ct).ConfigureAwait(false);
        var gapViews = new List<GapView>(gaps.Count);
        foreach (GapRecord gap in gaps)
        {
            gapViews.Add(new GapView(gap.FromSequence, gap.ToSequence, QueryParameters.FormatTime(gap.FirstSeenUnixMs), gap.Reason));
        }
        await WriteJsonAsync(ctx, 200, View(device, latest, active, gapViews, NowMs())).ConfigureAwait(false);
    }

    private DeviceView View(DeviceSummary d, IReadOnlyList<StoredReading> latest, IReadOnlyList<StoredAlarm> active, IReadOnlyList<GapView>? gaps, long now)
    {
        long ageMs = Math.Max(0, now - d.LastSeenUnixMs);
        string state = ageMs > Options.OfflineAfter.TotalMilliseconds ? "offline"
            : active.Count > 0 ? "alarm"
            : ageMs > Options.StaleAfter.TotalMilliseconds ? "stale"
            : "ok";
        var values = new List<ValueView>(latest.Count);
        foreach (StoredReading r in latest)
        {
            values.Add(new ValueView(r.Metric, r.Value, r.Unit, r.BooleanValue, r.TextValue, QueryParameters.FormatTime(r.DeviceTimeUnixMs), r.DeviceTimeUnixMs, r.Sequence));
        }
        return new DeviceView(
            d.Device, d.Tenant, d.Kind, state,
            QueryParameters.FormatTime(d.FirstSeenUnixMs), QueryParameters.FormatTime(d.LastSeenUnixMs), d.LastSeenUnixMs, ageMs / 1000.0,
            ParseStatus(d.LastStatusJson), d.LastStatusUnixMs is long s ? QueryParameters.FormatTime(s) : null,
            d.BufferDepth, d.BatteryVolts,
            AlarmViews(active, activeOnly: true),
            new GapSummary(d.OpenGaps, d.EvictedSequences),
            new SequenceView(d.ContiguousThrough, d.MaxSequence, d.Floor),
            d.ReadingsStored, d.Duplicates, values,
            d.LastReply, d.LastReplyUnixMs is long r2 ? QueryParameters.FormatTime(r2) : null,
            gaps);
    }

    private static JsonElement? ParseStatus(string? json)
    {
        if (json == null)
        {
            return null;
        }
        try
        {
            using JsonDocument document = JsonDocument.Parse(json);
            return document.RootElement.Clone();
        }
        catch (JsonException)
        {
            // Stored by an older or foreign writer: show the text rather than fail the whole list.
            using JsonDocument text = JsonDocument.Parse(JsonSerializer.Serialize(json));
            return text.RootElement.Clone();
        }
    }

    // ------------------------------------------------------------------------------------------------ readings

    private async Task ReadingsAsync(HttpContext ctx, bool csv)
    {
        QueryParameters q = QueryParameters.Read(ctx.Request.Query, "device", "metric", "from", "to", "step", "limit");
        string deviceId = q.RequiredDevice();
        string? metric = q.Metric();
        long? from = q.Time("from");
        long? to = q.Time("to");
        QueryParameters.CheckRange(from, to);
        long? step = q.Step();
        bool limitGiven = q.Text("limit") != null;
        int limit = q.Limit(Options.DefaultRowLimit, Options.MaxRowLimit);
        CancellationToken ct = ctx.RequestAborted;
        DeviceSummary device = await RequireDeviceAsync(deviceId, "device", ct).ConfigureAwait(false);
        var query = new ReadingQuery(device.Device) { Metric = metric, FromUnixMs = from, ToUnixMs = to };

        if (csv)
        {
            await WriteCsvAsync(ctx, query, step, limitGiven ? limit : null).ConfigureAwait(false);
            return;
        }

        if (step is long stepMs)
        {
            IReadOnlyList<ReadingBucket> buckets = await _store.QueryBucketsAsync(query with { Limit = limit + 1 }, stepMs, ct).ConfigureAwait(false);
            var views = new List<BucketView>(Math.Min(buckets.Count, limit));
            for (int i = 0; i < buckets.Count && i < limit; i++)
            {
                ReadingBucket b = buckets[i];
                views.Add(new BucketView(b.Metric, QueryParameters.FormatTime(b.BucketStartUnixMs), b.BucketStartUnixMs, b.Average, b.Minimum, b.Maximum, b.Count));
            }
            await WriteJsonAsync(ctx, 200, new ReadingsResponse(device.Device, metric, Time(from), Time(to), QueryParameters.FormatStep(stepMs), stepMs,
                limit, buckets.Count > limit, null, views)).ConfigureAwait(false);
            return;
        }

        IReadOnlyList<StoredReading> rows = await _store.QueryReadingsAsync(query with { Limit = limit + 1 }, ct).ConfigureAwait(false);
        var readings = new List<ReadingView>(Math.Min(rows.Count, limit));
        for (int i = 0; i < rows.Count && i < limit; i++)
        {
            StoredReading r = rows[i];
            readings.Add(new ReadingView(r.Sequence, r.Metric, r.Unit, r.Kind == StoredReadingKind.Alarm ? "alarm" : "measurement", r.Value, r.BooleanValue,
                r.TextValue, QueryParameters.FormatTime(r.DeviceTimeUnixMs), r.DeviceTimeUnixMs, r.ReceivedUnixMs));
        }
        await WriteJsonAsync(ctx, 200, new ReadingsResponse(device.Device, metric, Time(from), Time(to), null, null, limit, rows.Count > limit, readings, null))
            .ConfigureAwait(false);
    }

    private async Task WriteCsvAsync(HttpContext ctx, ReadingQuery query, long? step, int? limit)
    {
        CancellationToken ct = ctx.RequestAborted;
        IReadOnlyList<ReadingBucket>? buckets = null;
        if (step is long bucketMs)
        {
            // Query before the response starts, so that too many buckets can still be answered with a 400.
            int most = limit ?? Options.MaxRowLimit;
            buckets = await _store.QueryBucketsAsync(query with { Limit = most + 1 }, bucketMs, ct).ConfigureAwait(false);
            if (buckets.Count > most && limit == null)
            {
                throw new ParameterException("step",
                    $"{QueryParameters.FormatStep(bucketMs)} gives more than {most} rows over this range; accepted: a larger step or a narrower from/to (or limit=N to cut the file)");
            }
        }
        HttpResponse response = ctx.Response;
        response.StatusCode = 200;
        response.ContentType = "text/csv; charset=utf-8; header=present";
        string name = query.Device + (query.Metric == null ? "" : "-" + query.Metric.Replace('/', '_')) + (step is long s ? "-" + QueryParameters.FormatStep(s) : "");
        // The device id and metric are checked ([a-z0-9_-]), so the file name needs no escaping.
        response.Headers.ContentDisposition = $"attachment; filename=\"{name}.csv\"";
        await using var writer = new StreamWriter(response.Body, new UTF8Encoding(false), 16 * 1024);
        if (buckets == null || step is not long stepMs)
        {
            await _store.ExportCsvAsync(query with { Limit = limit }, writer, ct).ConfigureAwait(false);
            return;
        }
        await writer.WriteAsync("metric,bucket_start,bucket_start_ms,step_ms,average,minimum,maximum,count\r\n").ConfigureAwait(false);
        var line = new StringBuilder(128);
        for (int i = 0; i < buckets.Count && i < (limit ?? int.MaxValue); i++)
        {
            ReadingBucket b = buckets[i];
            line.Clear();
            Csv.Field(line, b.Metric).Append(',')
                .Append(QueryParameters.FormatTime(b.BucketStartUnixMs)).Append(',')
                .Append(b.BucketStartUnixMs.ToString(CultureInfo.InvariantCulture)).Append(',')
                .Append(stepMs.ToString(CultureInfo.InvariantCulture)).Append(',')
                .Append(b.Average.ToString("R", CultureInfo.InvariantCulture)).Append(',')
                .Append(b.Minimum.ToString("R", CultureInfo.InvariantCulture)).Append(',')
                .Append(b.Maximum.ToString("R", CultureInfo.InvariantCulture)).Append(',')
                .Append(b.Count.ToString(CultureInfo.InvariantCulture)).Append("\r\n");
            await writer.WriteAsync(line.ToString().AsMemory(), ct).ConfigureAwait(false);
        }
        await writer.FlushAsync(ct).ConfigureAwait(false);
    }

    // ------------------------------------------------------------------------------------------------ alarms

    private async Task AlarmsAsync(HttpContext ctx)
    {
        QueryParameters q = QueryParameters.Read(ctx.Request.Query, "device", "tenant", "active", "from", "to", "limit");
        string? deviceId = q.Id("device", "env-0001");
        string? tenant = q.Id("tenant", "city");
        bool activeOnly = q.Flag("active", "true: only alarms raised now, one per device, metric and kind; false (default): every event, newest first") ?? false;
        long? from = q.Time("from");
        long? to = q.Time("to");
        QueryParameters.CheckRange(from, to);
        int limit = q.Limit(1000, Options.MaxRowLimit);
        CancellationToken ct = ctx.RequestAborted;
        if (deviceId != null)
        {
            await RequireDeviceAsync(deviceId, "device", ct).ConfigureAwait(false);
        }
        IReadOnlyList<StoredAlarm> active = await ActiveAlarmsAsync(deviceId, ct).ConfigureAwait(false);
        IReadOnlyList<StoredAlarm> alarms;
        bool truncated;
        if (activeOnly)
        {
            var selected = new List<StoredAlarm>();
            foreach (StoredAlarm a in active)
            {
                if ((tenant == null || a.Tenant == tenant) && (from == null || a.DeviceTimeUnixMs >= from) && (to == null || a.DeviceTimeUnixMs < to))
                {
                    selected.Add(a);
                }
            }
            truncated = selected.Count > limit;
            alarms = truncated ? selected.GetRange(0, limit) : selected;
        }
        else
        {
            IReadOnlyList<StoredAlarm> rows = await _store.ListAlarmsAsync(
                new AlarmQuery { Device = deviceId, Tenant = tenant, FromUnixMs = from, ToUnixMs = to, Limit = Math.Min(limit + 1, 100_000) }, ct).ConfigureAwait(false);
            truncated = rows.Count > limit;
            var list = new List<StoredAlarm>(Math.Min(rows.Count, limit));
            for (int i = 0; i < rows.Count && i < limit; i++)
            {
                list.Add(rows[i]);
            }
            alarms = list;
        }
        var activeKeys = new HashSet<(string, long)>();
        foreach (StoredAlarm a in active)
        {
            activeKeys.Add((a.Device, a.Sequence));
        }
        var views = new List<AlarmView>(alarms.Count);
        foreach (StoredAlarm a in alarms)
        {
            views.Add(AlarmView(a, activeKeys.Contains((a.Device, a.Sequence))));
        }
        await WriteJsonAsync(ctx, 200, new AlarmsResponse(deviceId, activeOnly, limit, truncated, views)).ConfigureAwait(false);
    }

    private static List<AlarmView> AlarmViews(IReadOnlyList<StoredAlarm> alarms, bool activeOnly)
    {
        var views = new List<AlarmView>(alarms.Count);
        foreach (StoredAlarm a in alarms)
        {
            views.Add(AlarmView(a, activeOnly));
        }
        return views;
    }

    private static AlarmView AlarmView(StoredAlarm a, bool active) =>
        new(a.Tenant, a.Device, a.Sequence, a.Metric, a.Kind, a.Raised, active, QueryParameters.FormatTime(a.DeviceTimeUnixMs), a.DeviceTimeUnixMs, a.ReceivedUnixMs);

    // ------------------------------------------------------------------------------------------------ track

    private async Task TrackAsync(HttpContext ctx)
    {
        QueryParameters q = QueryParameters.Read(ctx.Request.Query, "from", "to", "limit");
        long? from = q.Time("from");
        long? to = q.Time("to");
        QueryParameters.CheckRange(from, to);
        int limit = q.Limit(Options.DefaultRowLimit, Options.MaxRowLimit);
        CancellationToken ct = ctx.RequestAborted;
        DeviceSummary device = await RequireDeviceAsync(RouteId(ctx), "id", ct).ConfigureAwait(false);
        var query = new ReadingQuery(device.Device) { FromUnixMs = from, ToUnixMs = to, Limit = limit + 1 };
        IReadOnlyList<StoredReading> lats = await _store.QueryReadingsAsync(query with { Metric = "lat" }, ct).ConfigureAwait(false);
        IReadOnlyList<StoredReading> lons = await _store.QueryReadingsAsync(query with { Metric = "lon" }, ct).ConfigureAwait(false);
        // A fix is written as lat and lon records of the same pack with the same device time: pair them on it.
        var lonByTime = new Dictionary<long, double>(lons.Count);
        foreach (StoredReading lon in lons)
        {
            lonByTime[lon.DeviceTimeUnixMs] = lon.Value;
        }
        var points = new List<TrackPoint>(Math.Min(lats.Count, limit));
        foreach (StoredReading lat in lats)
        {
            if (points.Count == limit)
            {
                break;
            }
            if (lonByTime.TryGetValue(lat.DeviceTimeUnixMs, out double lonValue))
            {
                points.Add(new TrackPoint(QueryParameters.FormatTime(lat.DeviceTimeUnixMs), lat.DeviceTimeUnixMs, lat.Value, lonValue, lat.Sequence));
            }
        }
        bool truncated = lats.Count > limit || lons.Count > limit;
        await WriteJsonAsync(ctx, 200, new TrackResponse(device.Device, device.Kind, Time(from), Time(to), limit, truncated, points)).ConfigureAwait(false);
    }

    // ------------------------------------------------------------------------------------------------ health and metrics

    private async Task HealthAsync(HttpContext ctx)
    {
        QueryParameters.Read(ctx.Request.Query);
        var failing = new List<string>();
        HealthCheck store;
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ctx.RequestAborted);
            timeout.CancelAfter(TimeSpan.FromSeconds(5));
            IReadOnlyDictionary<string, long> counters = await _store.ReadCountersAsync(timeout.Token).ConfigureAwait(false);
            counters.TryGetValue("readings_stored", out long stored);
            store = new HealthCheck(true, $"reachable; {stored} readings stored since the database was created");
        }
        catch (Exception e) when (e is not OperationCanceledException || !ctx.RequestAborted.IsCancellationRequested)
        {
            store = new HealthCheck(false, "unreachable: " + e.Message);
            failing.Add("store");
        }

        bool? brokerRunning = _sources.BrokerRunning?.Invoke();
        int? clients = _sources.BrokerCounters is { } counters2 ? (int)Math.Min(int.MaxValue, counters2.ConnectedClients) : null;
        HealthCheck broker = brokerRunning switch
        {
            null => new HealthCheck(true, "no embedded broker in this process"),
            true => new HealthCheck(true, $"running; {clients ?? 0} clients connected"),
            false => new HealthCheck(false, "the embedded broker is not running"),
        };
        if (brokerRunning == false)
        {
            failing.Add("broker");
        }

        (double rate, double lag, _) = _rate.Observe(_sources.Metrics?.Snapshot());
        bool? subscriber = _sources.SubscriberConnected?.Invoke();
        var problems = new List<string>();
        if (subscriber == false)
        {
            problems.Add("the ingestion subscriber is not connected to its broker");
        }
        if (lag > Options.MaxHealthyLag.TotalSeconds)
        {
            problems.Add($"receive-to-commit lag {lag.ToString("0.###", CultureInfo.InvariantCulture)} s is above {Options.MaxHealthyLag.TotalSeconds.ToString(CultureInfo.InvariantCulture)} s");
        }
        HealthCheck ingest = problems.Count > 0
            ? new HealthCheck(false, string.Join("; ", problems))
            : _sources.Metrics == null && subscriber == null
                ? new HealthCheck(true, "no ingestion pipeline in this process")
                : new HealthCheck(true, $"lag {lag.ToString("0.###", CultureInfo.InvariantCulture)} s, {rate.ToString("0.##", CultureInfo.InvariantCulture)} readings/s");
        if (!ingest.Ok)
        {
            failing.Add("ingest");
        }
        long now = NowMs();
        var body = new HealthResponse(failing.Count == 0 ? "ok" : "failing", QueryParameters.FormatTime(now), store, broker, ingest, clients, subscriber,
            lag, rate, failing);
        await WriteJsonAsync(ctx, failing.Count == 0 ? 200 : 503, body).ConfigureAwait(false);
    }

    private async Task MetricsAsync(HttpContext ctx)
    {
        QueryParameters.Read(ctx.Request.Query);
        IngestMetricsSnapshot? m = _sources.Metrics?.Snapshot();
        (double rate, double lag, double span) = _rate.Observe(m);
        var text = new PrometheusText();
        if (m != null)
        {
            text.Single("gateway_ingest_readings_total", "counter", "Readings newly stored by this process.", m.ReadingsStored);
            text.Single("gateway_ingest_duplicates_total", "counter", "Replayed readings already stored (not stored again).", m.Duplicates);
            text.Family("gateway_ingest_rejected_total", "counter", "Messages refused and kept in quarantine, by reason code.");
            foreach (KeyValuePair<string, long> reason in m.QuarantinedByReason)
            {
                text.Sample("gateway_ingest_rejected_total", "reason", reason.Key, reason.Value);
            }
            text.Single("gateway_ingest_lag_seconds", "gauge",
                $"Mean time from receiving a message to committing it, over the last {span.ToString("0", CultureInfo.InvariantCulture)} s (0 when nothing was committed).", lag);
            text.Family("gateway_ingest_commit_lag_seconds", "summary", "Time from receiving a message to committing it, since start.")
                .Sample("gateway_ingest_commit_lag_seconds_sum", m.LagSumMs / 1000.0)
                .Sample("gateway_ingest_commit_lag_seconds_count", m.LagCount);
            text.Single("gateway_ingest_rate", "gauge",
                $"Readings stored per second over the last {span.ToString("0", CultureInfo.InvariantCulture)} s.", rate);
            text.Single("gateway_ingest_messages_total", "counter", "MQTT messages received by the pipeline.", m.Messages);
            text.Single("gateway_ingest_batches_total", "counter", "Batches processed.", m.Batches);
            text.Single("gateway_ingest_store_failures_total", "counter", "Batches whose commit failed (nothing acknowledged, redelivered).", m.StoreFailures);
            text.Single("gateway_ingest_gaps_opened_total", "counter", "Missing sequence ranges detected.", m.GapsOpened);
            text.Single("gateway_ingest_sequences_evicted_total", "counter", "Sequences recorded as evicted on the node before they were sent.", m.SequencesEvicted);
            text.Single("gateway_ingest_acks_total", "counter", "Confirmations published on down/ack.", m.Acks);
            text.Single("gateway_ingest_resend_requests_total", "counter", "Re-send requests published on down/cmd.", m.ResendRequests);
        }
        if (_sources.BrokerCounters is { } b)
        {
            text.Single("gateway_devices_connected", "gauge", "MQTT clients connected to the embedded broker now (devices and ingestion subscribers).", b.ConnectedClients);
            text.Single("gateway_auth_failures_total", "counter",
                "Connections refused: no certificate, wrong CA, expired, revoked, or client id not matching the certificate.", b.AuthenticationFailures);
            text.Single("gateway_acl_denials_total", "counter", "Publishes and subscriptions refused by the per-device topic ACL.", b.AccessDenials);
            text.Single("gateway_broker_connections_total", "counter", "Connections accepted by the embedded broker.", b.Connections);
            text.Single("gateway_broker_tls_handshake_failures_total", "counter", "TLS handshakes that failed for another reason than a refused certificate.", b.TlsHandshakeFailures);
        }
        if (_sources.BrokerRunning is { } running)
        {
            text.Single("gateway_broker_up", "gauge", "1 when the embedded broker is running.", running() ? 1 : 0);
        }
        long? stored = null;
        try
        {
            stored = await StoredReadingsAsync(ctx.RequestAborted).ConfigureAwait(false);
        }
        catch (Exception e) when (IsStoreFailure(e))
        {
            _log.LogWarning(e, "/metrics: the store could not count readings");
        }
        text.Single("gateway_store_up", "gauge", "1 when the store answered the last count of readings.", stored == null ? 0 : 1);
        if (stored is long count)
        {
            text.Single("gateway_stored_readings", "gauge", "Readings in the store now (after retention and deletions).", count);
        }
        await WriteTextAsync(ctx, 200, PrometheusText.ContentType, text.ToString()).ConfigureAwait(false);
    }

    private async Task<long> StoredReadingsAsync(CancellationToken ct)
    {
        await _countLock.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            long now = NowMs();
            if (_storedReadings >= 0 && now - _storedReadingsAtMs < Options.StoredReadingsCacheTime.TotalMilliseconds && now >= _storedReadingsAtMs)
            {
                return _storedReadings;
            }
            long count;
            if (_queries != null)
            {
                count = await _queries.CountReadingsAsync(ct).ConfigureAwait(false);
            }
            else
            {
                count = 0;
                foreach (DeviceSummary device in await _store.ListDevicesAsync(null, ct).ConfigureAwait(false))
                {
                    count += device.ReadingsStored;
                }
            }
            _storedReadings = count;
            _storedReadingsAtMs = now;
            return count;
        }
        finally
        {
            _countLock.Release();
        }
    }

    // ------------------------------------------------------------------------------------------------ plumbing

    private async Task UnknownEndpointAsync(HttpContext ctx)
    {
        string path = ctx.Request.Path.Value ?? "";
        if (!HttpMethods.IsGet(ctx.Request.Method) && !HttpMethods.IsHead(ctx.Request.Method))
        {
            ctx.Response.Headers.Allow = "GET, HEAD";
            await WriteJsonAsync(ctx, 405, new NotFoundBody($"{ctx.Request.Method} is not accepted: the API is read-only (GET)", s_endpoints)).ConfigureAwait(false);
            return;
        }
        await WriteJsonAsync(ctx, 404, new NotFoundBody($"no endpoint {QueryParameters.Quote(path)}", s_endpoints)).ConfigureAwait(false);
    }

    private async Task<DeviceSummary> RequireDeviceAsync(string id, string parameter, CancellationToken ct)
    {
        QueryParameters.CheckId(parameter, id, "env-0001");
        DeviceSummary? device = await _store.GetDeviceAsync(id, ct).ConfigureAwait(false);
        return device ?? throw new DeviceNotFoundException(id);
    }

    private static string RouteId(HttpContext ctx) => ctx.Request.RouteValues["id"] as string ?? string.Empty;

    private async Task<IReadOnlyList<StoredReading>> LatestAsync(string device, CancellationToken ct) =>
        _queries != null ? await _queries.LatestMeasurementsAsync(device, ct).ConfigureAwait(false) : Array.Empty<StoredReading>();

    private async Task<IReadOnlyList<StoredAlarm>> ActiveAlarmsAsync(string? device, CancellationToken ct)
    {
        if (_queries != null)
        {
            return await _queries.ActiveAlarmsAsync(device, ct).ConfigureAwait(false);
        }
        // Without the store's query: the latest event per (device, metric, kind) among the newest events.
        IReadOnlyList<StoredAlarm> events = await _store.ListAlarmsAsync(new AlarmQuery { Device = device, Limit = 100_000 }, ct).ConfigureAwait(false);
        var seen = new HashSet<(string, string, string)>();
        var active = new List<StoredAlarm>();
        foreach (StoredAlarm a in events)
        {
            if (seen.Add((a.Device, a.Metric, a.Kind)) && a.Raised)
            {
                active.Add(a);
            }
        }
        return active;
    }

    private long NowMs() => _time.GetUtcNow().ToUnixTimeMilliseconds();

    private static string? Time(long? unixMs) => unixMs is long t ? QueryParameters.FormatTime(t) : null;

    private async Task Guarded(HttpContext ctx, Func<HttpContext, Task> handler)
    {
        ctx.Response.Headers.XContentTypeOptions = "nosniff";
        try
        {
            await handler(ctx).ConfigureAwait(false);
        }
        catch (ParameterException e)
        {
            await WriteErrorAsync(ctx, 400, e.Error.Text, e.Error.Parameter).ConfigureAwait(false);
        }
        catch (DeviceNotFoundException e)
        {
            await WriteErrorAsync(ctx, 404, e.Message, null).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (ctx.RequestAborted.IsCancellationRequested)
        {
            // The client went away; nothing to answer.
        }
        catch (Exception e) when (IsStoreFailure(e))
        {
            _log.LogError(e, "{Method} {Path}: the store failed", ctx.Request.Method, ctx.Request.Path);
            await WriteErrorAsync(ctx, 503, "the store is unavailable: " + e.Message, null).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            _log.LogError(e, "{Method} {Path} failed", ctx.Request.Method, ctx.Request.Path);
            await WriteErrorAsync(ctx, 500, "internal error (" + e.GetType().Name + "); the service log has the details", null).ConfigureAwait(false);
        }
    }

    private static bool IsStoreFailure(Exception e) =>
        e is DbException or InvalidOperationException or ObjectDisposedException or TimeoutException or IOException;

    private static async Task WriteErrorAsync(HttpContext ctx, int status, string message, string? parameter)
    {
        if (ctx.Response.HasStarted)
        {
            // Half a CSV must not look like a whole one: cut the connection so the client sees the failure.
            ctx.Abort();
            return;
        }
        ctx.Response.Clear();
        ctx.Response.Headers.XContentTypeOptions = "nosniff";
        await WriteJsonAsync(ctx, status, new ErrorBody(message, parameter)).ConfigureAwait(false);
    }

    private static async Task WriteJsonAsync(HttpContext ctx, int status, object body)
    {
        ctx.Response.StatusCode = status;
        ctx.Response.ContentType = "application/json; charset=utf-8";
        ctx.Response.Headers.CacheControl = "no-store";
        await JsonSerializer.SerializeAsync(ctx.Response.Body, body, body.GetType(), ApiJson.Options, ctx.RequestAborted).ConfigureAwait(false);
    }

    private static Task WriteTextAsync(HttpContext ctx, int status, string contentType, string text)
    {
        ctx.Response.StatusCode = status;
        ctx.Response.ContentType = contentType;
        ctx.Response.Headers.CacheControl = "no-store";
        return ctx.Response.WriteAsync(text, Encoding.UTF8, ctx.RequestAborted);
    }

    private sealed class DeviceNotFoundException : Exception
    {
        public DeviceNotFoundException(string device)
            : base($"device '{device}' is not known to this store; GET /api/devices lists the devices")
        {
        }
    }
}

/// <summary>RFC 4180 CSV fields.</summary>
internal static class Csv
{
    /// <summary>Appends <paramref name="field"/>, quoted when it holds a comma, quote or line break (quotes doubled, RFC 4180 §2.6-2.7).</summary>
    public static StringBuilder Field(StringBuilder line, string field)
    {
        if (field.AsSpan().IndexOfAny(",\"\r\n") < 0)
        {
            return line.Append(field);
        }
        return line.Append('"').Append(field.Replace("\"", "\"\"", StringComparison.Ordinal)).Append('"');
    }
}
