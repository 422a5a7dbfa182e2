using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics;
using System.Threading;

namespace Gateway.Benchmarks.Fleet.Measurement
{
    /// <summary>
    /// Publish → arrival latency per message without touching the payload: a device publishes its messages one after the
    /// other (each waits for its PUBACK), the broker forwards them in order, so the n-th arrival on a topic is the n-th publish
    /// on it. Arrival is "received" for the bare subscriber and "committed" for ingestion.
    /// </summary>
    public sealed class LatencyBook
    {
        private readonly ConcurrentDictionary<string, ConcurrentQueue<long>> _published = new(StringComparer.Ordinal);
        private readonly List<double> _latenciesMs = new();
        private long _firstPublish;
        private long _lastArrival;
        private long _arrivals;
        private long _unmatched;

        /// <summary>Call just before publishing on <paramref name="topic"/>.</summary>
        public void Published(string topic)
        {
            long now = Stopwatch.GetTimestamp();
            Interlocked.CompareExchange(ref _firstPublish, now, 0);
            _published.GetOrAdd(topic, _ => new ConcurrentQueue<long>()).Enqueue(now);
        }

        /// <summary>Call when a message on <paramref name="topic"/> arrived (received or committed) at <paramref name="timestamp"/>.</summary>
        public void Arrived(string topic, long timestamp)
        {
            if (_published.TryGetValue(topic, out ConcurrentQueue<long>? queue) && queue.TryDequeue(out long published))
            {
                double ms = Stopwatch.GetElapsedTime(published, timestamp).TotalMilliseconds;
                lock (_latenciesMs)
                {
                    _latenciesMs.Add(ms);
                }
            }
            else
            {
                Interlocked.Increment(ref _unmatched);
            }
            Interlocked.Increment(ref _arrivals);
            long last;
            do
            {
                last = Interlocked.Read(ref _lastArrival);
            }
            while (timestamp > last && Interlocked.CompareExchange(ref _lastArrival, timestamp, last) != last);
        }

        public long Arrivals => Interlocked.Read(ref _arrivals);

        /// <summary>Arrivals with no publish to match (must be 0: no message arrives twice or unannounced).</summary>
        public long Unmatched => Interlocked.Read(ref _unmatched);

        /// <summary>From the first publish to the last arrival.</summary>
        public TimeSpan Span => _firstPublish == 0 || _lastArrival == 0 ? TimeSpan.Zero : Stopwatch.GetElapsedTime(_firstPublish, _lastArrival);

        public Percentiles Latency()
        {
            lock (_latenciesMs)
            {
                return Percentiles.Of(_latenciesMs);
            }
        }
    }
}
