using System.Collections.Generic;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Gateway.Ingest.Http;

// The JSON shapes of the API (property names become snake_case). Times are ISO 8601 UTC with milliseconds, each with a
// twin *_ms field in Unix milliseconds for programs. See Http/README.md for examples.

internal static class ApiJson
{
    public static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        // Stored values are finite (the validator refuses NaN), but a NaN must never turn a response into a 500.
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
        WriteIndented = false,
    };
}

internal sealed record ErrorBody(string Error, string? Parameter);

internal sealed record DeviceList(string GeneratedAt, long GeneratedAtMs, IReadOnlyList<DeviceView> Devices);

internal sealed record DeviceView(
    string Id,
    string Tenant,
    string? Kind,
    string State,
    string FirstSeen,
    string LastSeen,
    long LastSeenMs,
    double LastSeenAgeSeconds,
    JsonElement? LastStatus,
    string? LastStatusAt,
    long? BufferDepth,
    double? BatteryVolts,
    IReadOnlyList<AlarmView> ActiveAlarms,
    GapSummary Gaps,
    SequenceView Sequence,
    long ReadingsStored,
    long Duplicates,
    IReadOnlyList<ValueView> LastValues,
    string? LastReply,
    string? LastReplyAt,
    IReadOnlyList<GapView>? OpenGaps);

internal sealed record GapSummary(int Open, long EvictedSequences);

internal sealed record GapView(long From, long To, string FirstSeen, string Reason);

internal sealed record SequenceView(long ContiguousThrough, long Max, long Floor);

internal sealed record ValueView(string Metric, double Value, string? Unit, bool? Bool, string? Text, string Time, long TimeMs, long Seq);

internal sealed record ReadingView(long Seq, string Metric, string? Unit, string Kind, double Value, bool? Bool, string? Text, string Time, long TimeMs, long ReceivedMs);

internal sealed record BucketView(string Metric, string Start, long StartMs, double Avg, double Min, double Max, long Count);

internal sealed record ReadingsResponse(
    string Device,
    string? Metric,
    string? From,
    string? To,
    string? Step,
    long? StepMs,
    int Limit,
    bool Truncated,
    IReadOnlyList<ReadingView>? Readings,
    IReadOnlyList<BucketView>? Buckets);

internal sealed record AlarmView(string Tenant, string Device, long Seq, string Metric, string Kind, bool Raised, bool Active, string Time, long TimeMs, long ReceivedMs);

internal sealed record AlarmsResponse(string? Device, bool ActiveOnly, int Limit, bool Truncated, IReadOnlyList<AlarmView> Alarms);

internal sealed record TrackPoint(string Time, long TimeMs, double Lat, double Lon, long Seq);

internal sealed record TrackResponse(string Device, string? Kind, string? From, string? To, int Limit, bool Truncated, IReadOnlyList<TrackPoint> Points);

internal sealed record HealthCheck(bool Ok, string Detail);

internal sealed record HealthResponse(
    string Status,
    string Time,
    HealthCheck Store,
    HealthCheck Broker,
    HealthCheck Ingest,
    int? ConnectedClients,
    bool? SubscriberConnected,
    double IngestLagSeconds,
    double IngestRatePerSecond,
    IReadOnlyList<string> Failing);

internal sealed record NotFoundBody(string Error, IReadOnlyList<string> Endpoints);
