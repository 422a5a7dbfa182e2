using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Threading;
using System.Threading.Channels;
using System.Threading.Tasks;
using Gateway.Ingest.Audit;

namespace Gateway.Ingest.Storage;

/// <summary>
/// <see cref="IAuditLog"/> writing to a <see cref="SqlReadingStore"/>'s <c>audit</c> table. <see cref="Record"/> only queues
/// (it is called from TLS and MQTT callbacks, which must not wait for the disk); a background writer stores the queue in
/// batches, one transaction each. Never throws into the caller: a full queue (100000 waiting) or a failed write is counted.
/// </summary>
internal sealed class SqlAuditLog : IAuditLog
{
    private const int QueueCapacity = 100_000;
    private const int MaxBatch = 500;

    private readonly SqlReadingStore _store;
    private readonly Channel<AuditEvent> _queue = Channel.CreateBounded<AuditEvent>(
        new BoundedChannelOptions(QueueCapacity) { FullMode = BoundedChannelFullMode.Wait, SingleReader = false, SingleWriter = false });
    private readonly SemaphoreSlim _drainLock = new(1, 1);
    private Task? _writer;
    private long _dropped;
    private long _writeFailures;

    public SqlAuditLog(SqlReadingStore store)
    {
        _store = store;
    }

    public long Dropped => Interlocked.Read(ref _dropped);

    public long WriteFailures => Interlocked.Read(ref _writeFailures);

    public void Record(AuditEvent auditEvent)
    {
        if (auditEvent == null || !_queue.Writer.TryWrite(auditEvent))
        {
            Interlocked.Increment(ref _dropped);
        }
    }

    public void Start()
    {
        _writer ??= Task.Run(RunAsync);
    }

    private async Task RunAsync()
    {
        while (await _queue.Reader.WaitToReadAsync().ConfigureAwait(false))
        {
            await DrainAsync().ConfigureAwait(false);
        }
    }

    /// <summary>Writes everything queued so far; returns when it is committed (or the write failed and was counted).</summary>
    public Task FlushAsync() => DrainAsync();

    private async Task DrainAsync()
    {
        await _drainLock.WaitAsync().ConfigureAwait(false);
        try
        {
            var batch = new List<AuditEvent>(MaxBatch);
            while (true)
            {
                batch.Clear();
                while (batch.Count < MaxBatch && _queue.Reader.TryRead(out AuditEvent? e))
                {
                    batch.Add(e);
                }
                if (batch.Count == 0)
                {
                    return;
                }
                try
                {
                    await _store.WriteAuditBatchAsync(batch).ConfigureAwait(false);
                }
                catch (Exception e)
                {
                    Interlocked.Increment(ref _writeFailures);
                    Trace.TraceError($"audit: {batch.Count} entries could not be written: {e.GetType().Name}: {e.Message}");
                }
            }
        }
        finally
        {
            _drainLock.Release();
        }
    }

    /// <summary>Stops accepting events and writes what is queued.</summary>
    public async Task StopAsync()
    {
        _queue.Writer.TryComplete();
        if (_writer != null)
        {
            await _writer.ConfigureAwait(false);
        }
        await DrainAsync().ConfigureAwait(false);
    }
}
