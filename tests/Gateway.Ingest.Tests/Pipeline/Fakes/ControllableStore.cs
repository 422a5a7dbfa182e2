using System;
using System.Collections.Generic;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using Gateway.Ingest.Audit;
using Gateway.Ingest.Storage;

namespace Gateway.Ingest.Tests.Pipeline.Fakes;

/// <summary>
/// A real store behind a switch: batch writes can be made to fail (as a full disk or lost database would) or to wait for
/// the test before committing.
/// </summary>
public sealed class ControllableStore : IReadingStore
{
    private readonly IReadingStore _inner;

    public ControllableStore(IReadingStore inner)
    {
        _inner = inner;
    }

    /// <summary>Batch writes throw this while set.</summary>
    public Exception? FailWith { get; set; }

    /// <summary>Batch writes wait for this task before they start while set.</summary>
    public Task? HoldUntil { get; set; }

    /// <summary>Completed when a batch write has started waiting on <see cref="HoldUntil"/>.</summary>
    public TaskCompletionSource Holding { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public int BatchesCommitted { get; private set; }

    public IAuditLog AuditLog => _inner.AuditLog;

    public Task InitializeAsync(CancellationToken cancellationToken = default) => _inner.InitializeAsync(cancellationToken);

    public async Task<StoreBatchResult> StoreBatchAsync(IngestBatch batch, CancellationToken cancellationToken = default)
    {
        if (HoldUntil != null)
        {
            Holding.TrySetResult();
            await HoldUntil.ConfigureAwait(false);
        }
        if (FailWith != null)
        {
            throw FailWith;
        }
        StoreBatchResult result = await _inner.StoreBatchAsync(batch, cancellationToken).ConfigureAwait(false);
        BatchesCommitted++;
        return result;
    }

    public Task<StoreBatchResult> StoreBatchAsync(IReadOnlyList<IngestMessage> messages, CancellationToken cancellationToken = default) =>
        StoreBatchAsync(new IngestBatch { Messages = messages }, cancellationToken);

    public Task QuarantineAsync(QuarantineEntry entry, CancellationToken cancellationToken = default) => _inner.QuarantineAsync(entry, cancellationToken);

    public Task UpsertStatusAsync(StatusUpdate status, CancellationToken cancellationToken = default) => _inner.UpsertStatusAsync(status, cancellationToken);

    public Task<IReadOnlyList<DeviceSummary>> ListDevicesAsync(string? tenant = null, CancellationToken cancellationToken = default) =>
        _inner.ListDevicesAsync(tenant, cancellationToken);

    public Task<DeviceSummary?> GetDeviceAsync(string device, CancellationToken cancellationToken = default) => _inner.GetDeviceAsync(device, cancellationToken);

    public Task<IReadOnlyList<StoredReading>> QueryReadingsAsync(ReadingQuery query, CancellationToken cancellationToken = default) =>
        _inner.QueryReadingsAsync(query, cancellationToken);

    public Task<IReadOnlyList<ReadingBucket>> QueryBucketsAsync(ReadingQuery query, long stepMs, CancellationToken cancellationToken = default) =>
        _inner.QueryBucketsAsync(query, stepMs, cancellationToken);

    public Task<long> ExportCsvAsync(ReadingQuery query, TextWriter output, CancellationToken cancellationToken = default) =>
        _inner.ExportCsvAsync(query, output, cancellationToken);

    public Task<IReadOnlyList<StoredAlarm>> ListAlarmsAsync(AlarmQuery query, CancellationToken cancellationToken = default) =>
        _inner.ListAlarmsAsync(query, cancellationToken);

    public Task<IReadOnlyList<GapRecord>> ListGapsAsync(string device, bool openOnly, CancellationToken cancellationToken = default) =>
        _inner.ListGapsAsync(device, openOnly, cancellationToken);

    public Task<IReadOnlyList<QuarantineRecord>> ListQuarantineAsync(QuarantineQuery query, CancellationToken cancellationToken = default) =>
        _inner.ListQuarantineAsync(query, cancellationToken);

    public Task<IReadOnlyList<AuditEvent>> ListAuditAsync(AuditQuery query, CancellationToken cancellationToken = default) =>
        _inner.ListAuditAsync(query, cancellationToken);

    public Task<IReadOnlyDictionary<string, long>> ReadCountersAsync(CancellationToken cancellationToken = default) => _inner.ReadCountersAsync(cancellationToken);

    public Task<RetentionResult> DeleteOlderThanAsync(int days, CancellationToken cancellationToken = default) => _inner.DeleteOlderThanAsync(days, cancellationToken);

    public Task<DeviceDeletionResult> DeleteDeviceAsync(string device, string requestedBy, CancellationToken cancellationToken = default) =>
        _inner.DeleteDeviceAsync(device, requestedBy, cancellationToken);

    public Task<long> CoarsenPositionsAsync(string? device, int decimals, CancellationToken cancellationToken = default) =>
        _inner.CoarsenPositionsAsync(device, decimals, cancellationToken);

    public Task<long> DeleteAuditOlderThanAsync(int days = SqlReadingStore.MinimumAuditRetentionDays, CancellationToken cancellationToken = default) =>
        _inner.DeleteAuditOlderThanAsync(days, cancellationToken);

    public ValueTask DisposeAsync() => _inner.DisposeAsync();
}
