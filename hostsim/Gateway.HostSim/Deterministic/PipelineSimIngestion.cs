using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using Gateway.Ingest.Pipeline;
using Gateway.Ingest.Storage;

namespace Gateway.HostSim.Deterministic;

/// <summary>
/// The real ingestion pipeline (decoder, validator, de-duplication, gap tracking, SQLite store, confirmations) as the
/// ingestion side of a deterministic run. Runs synchronously on the world's thread with the world's virtual time.
/// </summary>
public sealed class PipelineSimIngestion : ISimIngestion, IDisposable
{
    private readonly string _directory;
    private readonly SimTimeProvider _time = new();
    private readonly SqliteReadingStore _store;
    private readonly IngestPipeline _pipeline;

    /// <summary>Creates a fresh store in a temporary folder, in memory where the OS offers tmpfs (deleted on dispose).</summary>
    public PipelineSimIngestion()
    {
        // The store syncs every commit (as it must in production); on tmpfs that costs nothing, which keeps 500 seeds fast.
        string root = Directory.Exists("/dev/shm") ? "/dev/shm" : Path.GetTempPath();
        _directory = Path.Combine(root, "gateway-sim-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_directory);
        _store = SqliteReadingStore.OpenAsync(Path.Combine(_directory, "sim.db"), _time).GetAwaiter().GetResult();
        _pipeline = new IngestPipeline(_store, null, null, _time);
    }

    /// <inheritdoc/>
    public long Quarantined { get; private set; }

    /// <inheritdoc/>
    public IReadOnlyList<SimMessage> Process(IReadOnlyList<SimMessage> uplinks, long nowUnixMs)
    {
        _time.NowUnixMs = nowUnixMs;
        var received = DateTimeOffset.FromUnixTimeMilliseconds(nowUnixMs);
        var batch = uplinks.Select(u => new InboundMessage(u.Topic, u.Payload, received)).ToList();
        var result = _pipeline.ProcessAsync(batch, CancellationToken.None).GetAwaiter().GetResult();
        if (!result.Committed)
        {
            throw new InvalidOperationException("ingestion failed to commit a batch in a deterministic run", result.Failure);
        }
        Quarantined += result.Outcomes.Count(o => o.Disposition == MessageDisposition.Quarantined);
        return result.Downlinks.Select(d => new SimMessage(d.Topic, d.Payload.ToArray())).ToList();
    }

    /// <inheritdoc/>
    public IReadOnlyList<SimStoredReading> Stored(string deviceId)
    {
        var rows = _store.QueryReadingsAsync(new ReadingQuery(deviceId) { Limit = 1_000_000 }, CancellationToken.None).GetAwaiter().GetResult();
        return rows
            .OrderBy(r => r.Sequence)
            .Select(r => new SimStoredReading(r.Sequence, r.Metric, r.BooleanValue.HasValue ? null : r.Value, r.BooleanValue, r.DeviceTimeUnixMs))
            .ToList();
    }

    /// <summary>Closes the store and deletes its folder.</summary>
    public void Dispose()
    {
        _store.DisposeAsync().AsTask().GetAwaiter().GetResult();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder is harmless.
        }
    }

    private sealed class SimTimeProvider : TimeProvider
    {
        public long NowUnixMs { get; set; } = SimWorld.EpochUnixMs;

        public override DateTimeOffset GetUtcNow() => DateTimeOffset.FromUnixTimeMilliseconds(NowUnixMs);
    }
}
