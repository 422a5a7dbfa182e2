using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Gateway.Firmware.Core.Readings;
using Gateway.Ingest.Validation;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;

namespace Gateway.Ingest.Http;

/// <summary>A client error: which parameter was wrong and what is accepted (becomes HTTP 400).</summary>
/// <param name="Parameter">The query or route parameter at fault.</param>
/// <param name="Message">What was wrong and what is accepted.</param>
internal sealed record ParameterError(string Parameter, string Message)
{
    /// <summary>The text of the JSON <c>error</c> field: <c>parameter 'from': …</c>.</summary>
    public string Text => $"parameter '{Parameter}': {Message}";
}

/// <summary>Thrown by <see cref="QueryParameters"/> on bad input; the endpoint wrapper turns it into a 400.</summary>
internal sealed class ParameterException : Exception
{
    public ParameterException(string parameter, string message)
        : base($"parameter '{parameter}': {message}")
    {
        Error = new ParameterError(parameter, message);
    }

    public ParameterError Error { get; }
}

/// <summary>
/// Strict reading of an endpoint's query string: every parameter at most once, none that the endpoint does not know
/// (a typo such as <c>form=</c> is an error, not a silently ignored filter), each value checked with a message that names
/// the parameter and says what is accepted.
/// </summary>
internal sealed class QueryParameters
{
    /// <summary>Unix ms of 9999-12-31T23:59:59.999Z, the largest time accepted.</summary>
    private const long MaxUnixMs = 253_402_300_799_999;

    private const long MinStepMs = 1_000;
    private const long MaxStepMs = 366L * 86_400_000;

    private static readonly string[] s_alarmKinds = { "high", "low", "excursion", "shock", "door_open_in_transit" };

    // ISO 8601 as used on the web (RFC 3339 profile): a date, optionally a time with optional seconds and fraction,
    // optionally Z or ±hh:mm. A space before the offset is a '+' that the query string decoded (form encoding).
    private static readonly Regex s_iso = new(
        @"^(?<date>\d{4}-\d{2}-\d{2})(?:T(?<time>\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?)(?<zone>Z|z|[+\- ]\d{2}:\d{2})?)?$",
        RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture);

    private static readonly Regex s_step = new(@"^(?<n>[0-9]{1,9})(?<unit>s|m|h|d)$", RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture);

    private readonly IQueryCollection _query;

    private QueryParameters(IQueryCollection query)
    {
        _query = query;
    }

    /// <summary>Checks that only <paramref name="accepted"/> parameters are present, each at most once.</summary>
    public static QueryParameters Read(IQueryCollection query, params string[] accepted)
    {
        foreach (KeyValuePair<string, StringValues> pair in query)
        {
            if (Array.IndexOf(accepted, pair.Key) < 0)
            {
                string list = accepted.Length == 0 ? "none" : string.Join(", ", accepted);
                throw new ParameterException(Printable(pair.Key), $"is not a parameter of this endpoint; accepted: {list}");
            }
            if (pair.Value.Count > 1)
            {
                throw new ParameterException(pair.Key, $"given {pair.Value.Count} times; give it once");
            }
        }
        return new QueryParameters(query);
    }

    /// <summary>The raw value, or null when absent. An empty value counts as absent.</summary>
    public string? Text(string name)
    {
        if (!_query.TryGetValue(name, out StringValues values) || values.Count == 0)
        {
            return null;
        }
        string? value = values[0];
        return string.IsNullOrEmpty(value) ? null : value;
    }

    /// <summary>A device or tenant id (1 to 63 of a-z 0-9 - _, starting with a letter or digit), or null when absent.</summary>
    public string? Id(string name, string example)
    {
        string? value = Text(name);
        if (value != null)
        {
            CheckId(name, value, example);
        }
        return value;
    }

    /// <summary>A required device id.</summary>
    public string RequiredDevice(string name = "device")
    {
        string? value = Id(name, "env-0001");
        return value ?? throw new ParameterException(name, "is required: a device id such as env-0001 (GET /api/devices lists them)");
    }

    /// <summary>Checks a device or tenant id.</summary>
    public static void CheckId(string name, string value, string example)
    {
        if (!UplinkTopic.IsValidId(value))
        {
            throw new ParameterException(name,
                $"{Quote(value)} is not an id: accepted are 1 to {UplinkTopic.MaxIdLength} characters a-z 0-9 - _ starting with a letter or digit, e.g. {example}");
        }
    }

    /// <summary>
    /// A stored metric name, or null when absent: a catalog metric (<c>temp</c>) or an alarm <c>alarm/{metric}/{kind}</c>.
    /// </summary>
    public string? Metric(string name = "metric")
    {
        string? value = Text(name);
        if (value == null)
        {
            return null;
        }
        if (MetricCatalog.TryFindByName(value, out _))
        {
            return value;
        }
        string[] parts = value.Split('/');
        if (parts.Length == 3 && parts[0] == "alarm" && MetricCatalog.TryFindByName(parts[1], out _) && Array.IndexOf(s_alarmKinds, parts[2]) >= 0)
        {
            return value;
        }
        var names = new StringBuilder();
        foreach (MetricId id in MetricCatalog.All)
        {
            names.Append(names.Length == 0 ? "" : ", ").Append(MetricCatalog.Name(id));
        }
        throw new ParameterException(name,
            $"{Quote(value)} is not a metric; accepted: {names} or alarm/{{metric}}/{{kind}} with kind {string.Join(", ", s_alarmKinds)}");
    }

    /// <summary>A time, as ISO 8601 (<c>2024-05-01T12:00:00Z</c>; no zone means UTC) or Unix milliseconds; null when absent.</summary>
    public long? Time(string name)
    {
        string? value = Text(name);
        if (value == null)
        {
            return null;
        }
        if (TryParseTime(value, out long unixMs, out string? problem))
        {
            return unixMs;
        }
        throw new ParameterException(name, problem!);
    }

    /// <summary>Parses a time; <paramref name="problem"/> says what was wrong and what is accepted.</summary>
    public static bool TryParseTime(string value, out long unixMs, out string? problem)
    {
        unixMs = 0;
        problem = null;
        const string Accepted = "accepted: ISO 8601 such as 2024-05-01T12:00:00Z, 2024-05-01T14:00:00%2B02:00 or 2024-05-01 (UTC when no zone is given), or Unix time in milliseconds such as 1714564800000";
        if (value.Length > 0 && value.Length <= 16 && IsDigits(value))
        {
            if (long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out long ms) && ms <= MaxUnixMs)
            {
                unixMs = ms;
                return true;
            }
            problem = $"{Quote(value)} is beyond year 9999; {Accepted}";
            return false;
        }
        if (value.StartsWith('-') && value.Length > 1 && IsDigits(value.AsSpan(1)))
        {
            problem = $"{Quote(value)} is before 1970; {Accepted}";
            return false;
        }
        Match match = value.Length <= 40 ? s_iso.Match(value) : Match.Empty;
        if (!match.Success)
        {
            problem = $"{Quote(value)} is not a time; {Accepted}";
            return false;
        }
        string text = match.Groups["date"].Value + "T" + (match.Groups["time"].Success ? match.Groups["time"].Value : "00:00");
        string zone = match.Groups["zone"].Success ? match.Groups["zone"].Value : "Z";
        text += zone[0] == ' ' ? "+" + zone.Substring(1) : zone.ToUpperInvariant();
        if (!DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal, out DateTimeOffset time))
        {
            problem = $"{Quote(value)} is not a valid date or time of day; {Accepted}";
            return false;
        }
        long result = time.ToUnixTimeMilliseconds();
        if (result < 0)
        {
            problem = $"{Quote(value)} is before 1970; {Accepted}";
            return false;
        }
        unixMs = result;
        return true;
    }

    /// <summary>A bucket width such as <c>60s</c>, <c>5m</c>, <c>1h</c>, <c>1d</c> (1 s to 366 d), in ms; null when absent.</summary>
    public long? Step(string name = "step")
    {
        string? value = Text(name);
        if (value == null)
        {
            return null;
        }
        const string Accepted = "accepted: a whole number with unit s, m, h or d, such as 60s, 5m, 1h or 1d, from 1s to 366d (leave it out for raw readings)";
        Match match = value.Length <= 16 ? s_step.Match(value) : Match.Empty;
        if (!match.Success)
        {
            throw new ParameterException(name, $"{Quote(value)} is not a step; {Accepted}");
        }
        long n = long.Parse(match.Groups["n"].Value, NumberStyles.None, CultureInfo.InvariantCulture);
        long unitMs = match.Groups["unit"].Value switch { "s" => 1_000, "m" => 60_000, "h" => 3_600_000, _ => 86_400_000 };
        long stepMs = n * unitMs; // at most 999999999 days: fits a long
        if (stepMs < MinStepMs || stepMs > MaxStepMs)
        {
            throw new ParameterException(name, $"{Quote(value)} is out of range; {Accepted}");
        }
        return stepMs;
    }

    /// <summary>A row limit from 1 to <paramref name="max"/>, or <paramref name="fallback"/> when absent.</summary>
    public int Limit(int fallback, int max, string name = "limit")
    {
        string? value = Text(name);
        if (value == null)
        {
            return fallback;
        }
        if (value.Length <= 10 && IsDigits(value) && int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out int limit)
            && limit >= 1 && limit <= max)
        {
            return limit;
        }
        throw new ParameterException(name, $"{Quote(value)} is not accepted: a whole number of rows from 1 to {max.ToString(CultureInfo.InvariantCulture)}");
    }

    /// <summary>A boolean <c>true</c> or <c>false</c> (also 1/0), or null when absent.</summary>
    public bool? Flag(string name, string meaning)
    {
        string? value = Text(name);
        switch (value)
        {
            case null: return null;
            case "true" or "1": return true;
            case "false" or "0": return false;
            default: throw new ParameterException(name, $"{Quote(value)} is not accepted: true or false ({meaning})");
        }
    }

    /// <summary>Checks that <paramref name="from"/> is not after <paramref name="to"/>.</summary>
    public static void CheckRange(long? from, long? to)
    {
        if (from is long f && to is long t && f > t)
        {
            throw new ParameterException("from",
                $"{FormatTime(f)} is after 'to' ({FormatTime(t)}); accepted: a time at or before 'to' (from is inclusive, to exclusive)");
        }
    }

    /// <summary>ISO 8601 UTC with milliseconds, the form every response uses.</summary>
    public static string FormatTime(long unixMs) =>
        DateTimeOffset.FromUnixTimeMilliseconds(unixMs).ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    /// <summary>The step back as text (<c>300000</c> ms → <c>5m</c>).</summary>
    public static string FormatStep(long stepMs) =>
        stepMs % 86_400_000 == 0 ? $"{stepMs / 86_400_000}d"
        : stepMs % 3_600_000 == 0 ? $"{stepMs / 3_600_000}h"
        : stepMs % 60_000 == 0 ? $"{stepMs / 60_000}m"
        : $"{stepMs / 1000}s";

    /// <summary>A value quoted for a message, shortened and with control characters made visible.</summary>
    public static string Quote(string value) => "'" + Printable(value) + "'";

    private static string Printable(string value)
    {
        const int Max = 64;
        var text = new StringBuilder(Math.Min(value.Length, Max) + 8);
        foreach (char c in value)
        {
            if (text.Length >= Max)
            {
                text.Append('…');
                break;
            }
            text.Append(char.IsControl(c) ? '?' : c);
        }
        return text.ToString();
    }

    private static bool IsDigits(ReadOnlySpan<char> text)
    {
        foreach (char c in text)
        {
            if (c < '0' || c > '9')
            {
                return false;
            }
        }
        return text.Length > 0;
    }
}
