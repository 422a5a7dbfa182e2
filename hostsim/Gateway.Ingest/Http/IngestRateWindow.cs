using System;
using System.Collections.Generic;
using Gateway.Ingest.Pipeline;

namespace Gateway.Ingest.Http;

/// <summary>
/// Turns the pipeline's running totals into recent figures: readings stored per second and mean receive-to-commit lag over
/// roughly the last <c>window</c>. Each observation (a scrape of <c>/metrics</c> or <c>/healthz</c>) keeps a sample; the figures
/// are the difference to the newest sample at least one window old (or to the first sample, taken at start, while the
/// process is younger than a window). Samples closer than a second apart are not kept, so the list stays short.
/// </summary>
internal sealed class IngestRateWindow
{
    private readonly object _lock = new();
    private readonly TimeProvider _time;
    private readonly long _windowMs;
    private readonly LinkedList<Sample> _samples = new();

    private readonly record struct Sample(long TimeMs, long Readings, long LagSumMs, long LagCount);

    public IngestRateWindow(TimeProvider time, TimeSpan window, IngestMetricsSnapshot? start)
    {
        _time = time;
        _windowMs = (long)window.TotalMilliseconds;
        _samples.AddLast(From(_time.GetUtcNow().ToUnixTimeMilliseconds(), start));
    }

    /// <summary>Recent figures for <paramref name="now"/>'s totals (null totals count as zero).</summary>
    public (double ReadingsPerSecond, double LagSeconds, double SpanSeconds) Observe(IngestMetricsSnapshot? now)
    {
        long nowMs = _time.GetUtcNow().ToUnixTimeMilliseconds();
        Sample current = From(nowMs, now);
        lock (_lock)
        {
            // Baseline: the newest sample at least a window old, else the oldest kept.
            LinkedListNode<Sample> baseline = _samples.First!;
            for (LinkedListNode<Sample>? node = baseline.Next; node != null && node.Value.TimeMs <= nowMs - _windowMs; node = node.Next)
            {
                baseline = node;
            }
            while (_samples.First != baseline)
            {
                _samples.RemoveFirst();
            }
            if (nowMs - _samples.Last!.Value.TimeMs >= 1000)
            {
                _samples.AddLast(current);
            }
            Sample b = baseline.Value;
            long spanMs = nowMs - b.TimeMs;
            double rate = spanMs <= 0 ? 0 : Math.Max(0, current.Readings - b.Readings) * 1000.0 / spanMs;
            long lagCount = current.LagCount - b.LagCount;
            double lag = lagCount <= 0 ? 0 : Math.Max(0, current.LagSumMs - b.LagSumMs) / 1000.0 / lagCount;
            return (rate, lag, Math.Max(0, spanMs) / 1000.0);
        }
    }

    private static Sample From(long timeMs, IngestMetricsSnapshot? s) =>
        s == null ? new Sample(timeMs, 0, 0, 0) : new Sample(timeMs, s.ReadingsStored, s.LagSumMs, s.LagCount);
}
