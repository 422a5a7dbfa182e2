using System;
using System.Collections.Generic;

namespace Gateway.Ingest.Http;

/// <summary>Settings of the HTTP API and dashboard, validated once by <see cref="Validate"/> (the API's constructor calls it).</summary>
public sealed record IngestHttpOptions
{
    /// <summary>The default: loopback only. Expose the dashboard beyond the machine through a reverse proxy with TLS and login.</summary>
    public const string DefaultUrls = "http://127.0.0.1:8080";

    /// <summary>
    /// Where to listen, as for ASP.NET Core's <c>--urls</c>: one or more <c>http://host:port</c> separated by <c>;</c>.
    /// Port 0 picks a free port (see <see cref="IngestHttpServer.Addresses"/>). Default <see cref="DefaultUrls"/>.
    /// </summary>
    public string Urls { get; init; } = DefaultUrls;

    /// <summary>Rows returned by <c>/api/readings</c> and <c>/api/devices/{id}/track</c> when <c>limit</c> is not given (default 10000).</summary>
    public int DefaultRowLimit { get; init; } = 10_000;

    /// <summary>Largest <c>limit</c> accepted (default 100000; the CSV export without <c>limit</c> streams every row).</summary>
    public int MaxRowLimit { get; init; } = 100_000;

    /// <summary>A device last heard from longer ago than this is shown as <c>stale</c> (default 15 minutes).</summary>
    public TimeSpan StaleAfter { get; init; } = TimeSpan.FromMinutes(15);

    /// <summary>A device last heard from longer ago than this is shown as <c>offline</c> (default 2 hours).</summary>
    public TimeSpan OfflineAfter { get; init; } = TimeSpan.FromHours(2);

    /// <summary>Window over which <c>gateway_ingest_rate</c> and <c>gateway_ingest_lag_seconds</c> are averaged (default 1 minute).</summary>
    public TimeSpan RateWindow { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary><c>/healthz</c> fails when the average receive-to-commit lag over <see cref="RateWindow"/> exceeds this (default 30 s).</summary>
    public TimeSpan MaxHealthyLag { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How long <c>gateway_stored_readings</c> (a <c>COUNT(*)</c> over the readings) is reused between scrapes (default 15 s).</summary>
    public TimeSpan StoredReadingsCacheTime { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>Throws <see cref="ArgumentException"/> naming the first setting out of range and what is accepted.</summary>
    public void Validate()
    {
        ParseUrls(Urls);
        if (DefaultRowLimit < 1 || DefaultRowLimit > MaxRowLimit)
        {
            throw new ArgumentException($"IngestHttpOptions.DefaultRowLimit = {DefaultRowLimit}: must be from 1 to MaxRowLimit ({MaxRowLimit})", nameof(DefaultRowLimit));
        }
        if (MaxRowLimit < 1 || MaxRowLimit > 1_000_000)
        {
            throw new ArgumentException($"IngestHttpOptions.MaxRowLimit = {MaxRowLimit}: must be from 1 to 1000000", nameof(MaxRowLimit));
        }
        CheckSpan(StaleAfter, nameof(StaleAfter), TimeSpan.FromSeconds(1), TimeSpan.FromDays(366));
        CheckSpan(OfflineAfter, nameof(OfflineAfter), StaleAfter, TimeSpan.FromDays(3660));
        CheckSpan(RateWindow, nameof(RateWindow), TimeSpan.FromSeconds(5), TimeSpan.FromHours(24));
        CheckSpan(MaxHealthyLag, nameof(MaxHealthyLag), TimeSpan.FromMilliseconds(1), TimeSpan.FromDays(1));
        CheckSpan(StoredReadingsCacheTime, nameof(StoredReadingsCacheTime), TimeSpan.Zero, TimeSpan.FromHours(1));
    }

    /// <summary>
    /// Splits and checks <paramref name="urls"/>: each must be an absolute <c>http://host:port</c> URL without path, query or
    /// user info. Throws <see cref="ArgumentException"/> naming the bad entry and what is accepted.
    /// </summary>
    public static IReadOnlyList<Uri> ParseUrls(string? urls)
    {
        const string Accepted = "accepted: http://HOST:PORT, several separated by ';', e.g. http://127.0.0.1:8080 or http://[::1]:0 (port 0 = any free port)";
        if (string.IsNullOrWhiteSpace(urls))
        {
            throw new ArgumentException($"IngestHttpOptions.Urls is empty; {Accepted}", nameof(Urls));
        }
        var result = new List<Uri>();
        foreach (string part in urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!Uri.TryCreate(part, UriKind.Absolute, out Uri? uri))
            {
                throw new ArgumentException($"IngestHttpOptions.Urls: '{part}' is not a URL; {Accepted}", nameof(Urls));
            }
            if (uri.Scheme == Uri.UriSchemeHttps)
            {
                throw new ArgumentException($"IngestHttpOptions.Urls: '{part}': https is not served here (put a TLS reverse proxy in front); {Accepted}", nameof(Urls));
            }
            if (uri.Scheme != Uri.UriSchemeHttp)
            {
                throw new ArgumentException($"IngestHttpOptions.Urls: '{part}' has scheme '{uri.Scheme}'; {Accepted}", nameof(Urls));
            }
            if (uri.AbsolutePath != "/" || uri.Query.Length > 0 || uri.Fragment.Length > 0 || uri.UserInfo.Length > 0)
            {
                throw new ArgumentException($"IngestHttpOptions.Urls: '{part}' has a path, query or user name; {Accepted}", nameof(Urls));
            }
            string authority = part.Substring("http://".Length).TrimEnd('/');
            if (authority.IndexOf(':', authority.LastIndexOf(']') + 1) < 0)
            {
                throw new ArgumentException($"IngestHttpOptions.Urls: '{part}' has no port; {Accepted}", nameof(Urls));
            }
            result.Add(uri);
        }
        if (result.Count == 0)
        {
            throw new ArgumentException($"IngestHttpOptions.Urls = '{urls}' names no URL; {Accepted}", nameof(Urls));
        }
        return result;
    }

    private static void CheckSpan(TimeSpan value, string name, TimeSpan min, TimeSpan max)
    {
        if (value < min || value > max)
        {
            throw new ArgumentException($"IngestHttpOptions.{name} = {value}: must be from {min} to {max}", name);
        }
    }
}
