using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using System.Threading;

namespace Gateway.Ingest.Pipeline;

/// <summary>
/// Counters of the ingestion pipeline, thread-safe (lock-free increments). <see cref="Snapshot"/> gives a consistent-enough
/// copy for <c>/metrics</c> (<see cref="IngestMetricsSnapshot.ToPrometheusText"/>). The store keeps persistent counters of
/// its own (<c>counters</c> table); these are per process.
/// </summary>
public sealed class IngestMetrics
{
    private readonly ConcurrentDictionary<string, long> _quarantinedByReason = new(StringComparer.Ordinal);
    private long _batches;
    private long _messages;
    private long _readingsStored;
    private long _duplicates;
    private long _settled;
    private long _quarantined;
    private long _statusUpdates;
    private long _replies;
    private long _gapsOpened;
    private long _sequencesEvicted;
    private long _acks;
    private long _resendRequests;
    private long _storeFailures;
    private long _lagCount;
    private long _lagSumMs;
    private long _lagMaxMs;

    internal void Batch(int messages)
    {
        Interlocked.Increment(ref _batches);
        Interlocked.Add(ref _messages, messages);
    }

    internal void Quarantined(string reason)
    {
        Interlocked.Increment(ref _quarantined);
        _quarantinedByReason.AddOrUpdate(reason, 1, (_, count) => count + 1);
    }

    internal void Stored(int readings, int duplicates, int settled, int gapsOpened, long evicted)
    {
        Interlocked.Add(ref _readingsStored, readings);
        Interlocked.Add(ref _duplicates, duplicates);
        Interlocked.Add(ref _settled, settled);
        Interlocked.Add(ref _gapsOpened, gapsOpened);
        Interlocked.Add(ref _sequencesEvicted, evicted);
    }

    internal void StatusAndReplies(int statuses, int replies)
    {
        Interlocked.Add(ref _statusUpdates, statuses);
        Interlocked.Add(ref _replies, replies);
    }

    internal void Downlinks(int acks, int resends)
    {
        Interlocked.Add(ref _acks, acks);
        Interlocked.Add(ref _resendRequests, resends);
    }

    internal void StoreFailed() => Interlocked.Increment(ref _storeFailures);

    internal void Lag(long milliseconds)
    {
        milliseconds = Math.Max(0, milliseconds);
        Interlocked.Increment(ref _lagCount);
        Interlocked.Add(ref _lagSumMs, milliseconds);
        long max = Interlocked.Read(ref _lagMaxMs);
        while (milliseconds > max)
        {
            long seen = Interlocked.CompareExchange(ref _lagMaxMs, milliseconds, max);
            if (seen == max)
            {
                break;
            }
            max = seen;
        }
    }

    /// <summary>A copy of every counter.</summary>
    public IngestMetricsSnapshot Snapshot() => new(
        Interlocked.Read(ref _batches),
        Interlocked.Read(ref _messages),
        Interlocked.Read(ref _readingsStored),
        Interlocked.Read(ref _duplicates),
        Interlocked.Read(ref _settled),
        Interlocked.Read(ref _quarantined),
        new SortedDictionary<string, long>(_quarantinedByReason.ToDictionary(p => p.Key, p => p.Value), StringComparer.Ordinal),
        Interlocked.Read(ref _statusUpdates),
        Interlocked.Read(ref _replies),
        Interlocked.Read(ref _gapsOpened),
        Interlocked.Read(ref _sequencesEvicted),
        Interlocked.Read(ref _acks),
        Interlocked.Read(ref _resendRequests),
        Interlocked.Read(ref _storeFailures),
        Interlocked.Read(ref _lagCount),
        Interlocked.Read(ref _lagSumMs),
        Interlocked.Read(ref _lagMaxMs));
}

/// <summary>Values of <see cref="IngestMetrics"/> at one moment.</summary>
/// <param name="Batches">Batches processed (including failed ones).</param>
/// <param name="Messages">Messages received.</param>
/// <param name="ReadingsStored">Readings newly stored.</param>
/// <param name="Duplicates">Replayed readings (already stored).</param>
/// <param name="Settled">Sequences of quarantined packs counted as handled.</param>
/// <param name="Quarantined">Messages quarantined.</param>
/// <param name="QuarantinedByReason">Quarantined messages per reason code.</param>
/// <param name="StatusUpdates">Status snapshots stored.</param>
/// <param name="Replies">Command replies stored.</param>
/// <param name="GapsOpened">Missing sequence ranges detected.</param>
/// <param name="SequencesEvicted">Sequences recorded as evicted on the node.</param>
/// <param name="Acks">Confirmations produced (<c>down/ack</c>).</param>
/// <param name="ResendRequests">Re-send requests produced (<c>down/cmd</c>).</param>
/// <param name="StoreFailures">Batches whose commit failed (nothing acknowledged).</param>
/// <param name="LagCount">Messages with a measured receive→commit lag.</param>
/// <param name="LagSumMs">Sum of those lags, ms.</param>
/// <param name="LagMaxMs">Largest lag, ms.</param>
public sealed record IngestMetricsSnapshot(
    long Batches,
    long Messages,
    long ReadingsStored,
    long Duplicates,
    long Settled,
    long Quarantined,
    IReadOnlyDictionary<string, long> QuarantinedByReason,
    long StatusUpdates,
    long Replies,
    long GapsOpened,
    long SequencesEvicted,
    long Acks,
    long ResendRequests,
    long StoreFailures,
    long LagCount,
    long LagSumMs,
    long LagMaxMs)
{
    /// <summary>
    /// The counters in the Prometheus text exposition format (version 0.0.4): <c>{prefix}_readings_stored_total</c>,
    /// <c>{prefix}_quarantined_total{reason="…"}</c>, <c>{prefix}_commit_lag_seconds</c> (sum, count) and
    /// <c>{prefix}_commit_lag_seconds_max</c>, etc.
    /// </summary>
    public string ToPrometheusText(string prefix = "gateway_ingest")
    {
        var text = new StringBuilder(2048);
        void Counter(string name, string help, long value)
        {
            text.Append("# HELP ").Append(prefix).Append('_').Append(name).Append(' ').Append(help).Append('\n');
            text.Append("# TYPE ").Append(prefix).Append('_').Append(name).Append(" counter\n");
            text.Append(prefix).Append('_').Append(name).Append(' ').Append(value.ToString(CultureInfo.InvariantCulture)).Append('\n');
        }
        Counter("batches_total", "Batches processed.", Batches);
        Counter("messages_total", "MQTT messages received.", Messages);
        Counter("readings_stored_total", "Readings newly stored.", ReadingsStored);
        Counter("duplicates_total", "Replayed readings already stored.", Duplicates);
        Counter("settled_total", "Sequences of quarantined packs counted as handled.", Settled);
        Counter("status_updates_total", "Status snapshots stored.", StatusUpdates);
        Counter("replies_total", "Command replies stored.", Replies);
        Counter("gaps_opened_total", "Missing sequence ranges detected.", GapsOpened);
        Counter("sequences_evicted_total", "Sequences recorded as evicted on the node.", SequencesEvicted);
        Counter("acks_total", "Confirmations produced on down/ack.", Acks);
        Counter("resend_requests_total", "Re-send requests produced on down/cmd.", ResendRequests);
        Counter("store_failures_total", "Batches whose commit failed.", StoreFailures);
        text.Append("# HELP ").Append(prefix).Append("_quarantined_total Messages quarantined, by reason.\n");
        text.Append("# TYPE ").Append(prefix).Append("_quarantined_total counter\n");
        foreach (KeyValuePair<string, long> reason in QuarantinedByReason)
        {
            text.Append(prefix).Append("_quarantined_total{reason=\"").Append(reason.Key).Append("\"} ")
                .Append(reason.Value.ToString(CultureInfo.InvariantCulture)).Append('\n');
        }
        text.Append("# HELP ").Append(prefix).Append("_commit_lag_seconds Time from receiving a message to committing it.\n");
        text.Append("# TYPE ").Append(prefix).Append("_commit_lag_seconds summary\n");
        text.Append(prefix).Append("_commit_lag_seconds_sum ").Append((LagSumMs / 1000.0).ToString("R", CultureInfo.InvariantCulture)).Append('\n');
        text.Append(prefix).Append("_commit_lag_seconds_count ").Append(LagCount.ToString(CultureInfo.InvariantCulture)).Append('\n');
        text.Append("# HELP ").Append(prefix).Append("_commit_lag_seconds_max Largest receive-to-commit time.\n");
        text.Append("# TYPE ").Append(prefix).Append("_commit_lag_seconds_max gauge\n");
        text.Append(prefix).Append("_commit_lag_seconds_max ").Append((LagMaxMs / 1000.0).ToString("R", CultureInfo.InvariantCulture)).Append('\n');
        return text.ToString();
    }
}
