using System;
using System.Collections.Generic;
using System.Globalization;
using System.Threading;
using System.Threading.Tasks;
using Gateway.Ingest.Decoding;
using Gateway.Ingest.Storage;
using Gateway.Ingest.Validation;

namespace Gateway.Ingest.Pipeline;

/// <summary>
/// Turns batches of received uplink messages into committed data and the downlinks that confirm it:
/// parse topic → decode (<see cref="SenmlDecoder"/>) → validate (<see cref="PackValidator"/>) → store the whole batch in ONE
/// transaction (<see cref="IReadingStore.StoreBatchAsync(IngestBatch, CancellationToken)"/>, de-duplicating on device and
/// sequence) → only then <c>down/ack</c> "confirmed = N" per device, N being the highest contiguous sequence stored.
/// </summary>
/// <remarks>
/// <para><b>Contract with the caller</b> (the MQTT subscriber): acknowledge to the broker exactly
/// <see cref="PipelineResult.ToAcknowledge"/>, and publish <see cref="PipelineResult.Acks"/> and
/// <see cref="PipelineResult.Commands"/>, after this method returns. When the store fails, the result is not committed,
/// nothing is to be acknowledged and the broker redelivers; the method does not throw for store failures.</para>
/// <para><b>Every message ends somewhere</b>: stored, kept as status/reply, or quarantined with a reason (also malformed
/// topics, <c>bad_topic</c>). A refused pack whose sequences can be trusted is still confirmed past (see
/// <see cref="QuarantineReasons"/>).</para>
/// <para><b>Gaps</b>: sequences missing below a device's highest one are recorded by the store. When the lowest gap stays
/// open for <see cref="IngestPipelineOptions.GapResendAfter"/>, or through
/// <see cref="IngestPipelineOptions.GapResendAfterBatches"/> batches with traffic from the device, a
/// <c>cmd = resend</c> / <c>from = N</c> is produced on <c>down/cmd</c>, at most once per
/// <see cref="IngestPipelineOptions.ResendMinInterval"/> per device. Calling <see cref="ProcessAsync"/> with an empty batch
/// (e.g. every few seconds) only runs this check, so gaps of devices that went quiet are noticed too. The node itself also
/// re-sends from its confirmed sequence when no confirmation arrives in time.</para>
/// <para>Calls are serialized internally; the pipeline may be shared.</para>
/// </remarks>
public sealed class IngestPipeline
{
    private readonly IReadingStore _store;
    private readonly IngestPipelineOptions _options;
    private readonly SenmlDecoder _decoder;
    private readonly PackValidator _validator;
    private readonly TimeProvider _time;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly Dictionary<string, GapWatch> _gapWatches = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> _lastResendMs = new(StringComparer.Ordinal);

    private sealed class GapWatch
    {
        public string Tenant = string.Empty;
        public long ContiguousThrough;
        public long SinceMs;
        public int Batches;
    }

    /// <summary>Creates a pipeline over <paramref name="store"/> (which must be initialized).</summary>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range (the message names it).</exception>
    public IngestPipeline(IReadingStore store, IngestPipelineOptions? options = null, IngestMetrics? metrics = null, TimeProvider? timeProvider = null)
    {
        _store = store ?? throw new ArgumentNullException(nameof(store));
        _options = options ?? IngestPipelineOptions.Default;
        _options.Validate();
        _decoder = new SenmlDecoder(_options.DecoderLimits);
        _validator = new PackValidator(_options.Validation);
        Metrics = metrics ?? new IngestMetrics();
        _time = timeProvider ?? TimeProvider.System;
    }

    /// <summary>The pipeline's counters.</summary>
    public IngestMetrics Metrics { get; }

    /// <summary>Processes one batch; see the class remarks for the contract. Never throws for bad messages or store failures.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="batch"/> or one of its messages is null.</exception>
    /// <exception cref="ArgumentException">The batch has more than <see cref="IngestPipelineOptions.MaxBatchMessages"/> messages.</exception>
    public async Task<PipelineResult> ProcessAsync(IReadOnlyList<InboundMessage> batch, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(batch);
        if (batch.Count > _options.MaxBatchMessages)
        {
            throw new ArgumentException($"batch of {batch.Count} messages: at most {_options.MaxBatchMessages} (IngestPipelineOptions.MaxBatchMessages)", nameof(batch));
        }
        for (int i = 0; i < batch.Count; i++)
        {
            if (batch[i] == null)
            {
                throw new ArgumentNullException(nameof(batch), $"message {i} of the batch is null");
            }
        }

        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return await ProcessCoreAsync(batch, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task<PipelineResult> ProcessCoreAsync(IReadOnlyList<InboundMessage> batch, CancellationToken cancellationToken)
    {
        long nowMs = _time.GetUtcNow().ToUnixTimeMilliseconds();
        if (batch.Count == 0)
        {
            List<OutboundMessage> due = DueResends(nowMs);
            Metrics.Downlinks(0, due.Count);
            return new PipelineResult(true, null, Array.Empty<InboundMessage>(), Array.Empty<MessageOutcome>(), Array.Empty<OutboundMessage>(), due, null);
        }
        Metrics.Batch(batch.Count);

        var outcomes = new MessageOutcome[batch.Count];
        var messages = new List<IngestMessage>();
        var quarantined = new List<QuarantineEntry>();
        var statuses = new List<StatusUpdate>();
        var replies = new List<DeviceReply>();
        for (int i = 0; i < batch.Count; i++)
        {
            outcomes[i] = Decide(batch[i], nowMs, messages, quarantined, statuses, replies);
        }

        var ingestBatch = new IngestBatch
        {
            Messages = messages,
            Quarantined = quarantined,
            Statuses = statuses,
            Replies = replies,
            NowUnixMs = nowMs,
        };
        StoreBatchResult stored;
        try
        {
            stored = await _store.StoreBatchAsync(ingestBatch, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            // Nothing committed: nothing is confirmed and nothing acknowledged, so the broker delivers the batch again.
            Metrics.StoreFailed();
            return new PipelineResult(false, e, Array.Empty<InboundMessage>(), outcomes, Array.Empty<OutboundMessage>(), Array.Empty<OutboundMessage>(), null);
        }

        long committedMs = _time.GetUtcNow().ToUnixTimeMilliseconds();
        foreach (InboundMessage message in batch)
        {
            Metrics.Lag(committedMs - ReceivedMs(message, nowMs));
        }
        foreach (QuarantineEntry entry in quarantined)
        {
            Metrics.Quarantined(entry.Reason);
        }
        Metrics.StatusAndReplies(stored.Statuses, stored.Replies);

        var acks = new List<OutboundMessage>(stored.Devices.Count);
        foreach (DeviceStoreResult device in stored.Devices)
        {
            Metrics.Stored(device.Stored, device.Duplicates, device.Settled, device.GapsOpened, device.SequencesEvicted);
            if (device.ContiguousThrough > 0)
            {
                // Sent also when unchanged: a replay usually means the node missed the previous confirmation.
                acks.Add(OutboundMessage.FromText(UplinkTopic.DownlinkTopic(device.Tenant, device.Device, "ack"),
                    "confirmed = " + device.ContiguousThrough.ToString(CultureInfo.InvariantCulture), device.Device));
            }
            WatchGap(device, nowMs);
        }
        List<OutboundMessage> commands = DueResends(committedMs);
        Metrics.Downlinks(acks.Count, commands.Count);
        return new PipelineResult(true, null, batch, outcomes, acks, commands, stored);
    }

    private MessageOutcome Decide(InboundMessage message, long nowMs, List<IngestMessage> messages, List<QuarantineEntry> quarantined,
        List<StatusUpdate> statuses, List<DeviceReply> replies)
    {
        long receivedMs = ReceivedMs(message, nowMs);
        MessageOutcome Quarantine(UplinkTopic? topic, string reason, string detail, IReadOnlyList<long>? settled = null, long? floor = null)
        {
            quarantined.Add(new QuarantineEntry(receivedMs, message.Topic ?? string.Empty, topic?.Tenant, topic?.Device, reason, detail, message.Payload)
            {
                SettledSequences = settled ?? Array.Empty<long>(),
                Floor = floor,
            });
            return new MessageOutcome(message, MessageDisposition.Quarantined, reason, detail, 0);
        }

        if (!UplinkTopic.TryParse(message.Topic, out UplinkTopic? topic, out string topicError))
        {
            return Quarantine(null, QuarantineReasons.BadTopic, topicError);
        }
        if (topic!.Channel == UplinkChannel.Reply)
        {
            ReplyValidation reply = _validator.ValidateReply(message.Payload.Span, topic, receivedMs);
            if (!reply.Accepted)
            {
                return Quarantine(topic, reply.Reason!, reply.Detail!);
            }
            replies.Add(reply.Reply!);
            return new MessageOutcome(message, MessageDisposition.Reply, null, null, 0);
        }

        DecodeResult decoded = _decoder.Decode(message.Payload.Span);
        if (!decoded.Success)
        {
            return Quarantine(topic, decoded.Reason!, decoded.Message!);
        }
        if (topic.Channel == UplinkChannel.Status)
        {
            StatusValidation status = _validator.ValidateStatus(decoded, topic, receivedMs);
            if (!status.Accepted)
            {
                return Quarantine(topic, status.Reason!, status.Detail!);
            }
            statuses.Add(status.Status!);
            return new MessageOutcome(message, MessageDisposition.Status, null, null, 0);
        }

        PackValidation pack = _validator.Validate(decoded, topic, receivedMs);
        if (!pack.Accepted)
        {
            return Quarantine(topic, pack.Reason!, pack.Detail!, pack.SettleableSequences, pack.Floor);
        }
        messages.Add(new IngestMessage(topic.Tenant, topic.Device, receivedMs, pack.Readings, pack.Floor));
        return new MessageOutcome(message, MessageDisposition.Stored, null, null, pack.Readings.Count);
    }

    private void WatchGap(DeviceStoreResult device, long nowMs)
    {
        if (device.OpenGaps.Count == 0)
        {
            _gapWatches.Remove(device.Device);
            return;
        }
        if (!_gapWatches.TryGetValue(device.Device, out GapWatch? watch) || watch.ContiguousThrough != device.ContiguousThrough)
        {
            watch = new GapWatch
            {
                ContiguousThrough = device.ContiguousThrough,
                SinceMs = Math.Min(nowMs, device.OldestOpenGapFirstSeenUnixMs ?? nowMs),
                Batches = 0,
            };
            _gapWatches[device.Device] = watch;
        }
        watch.Tenant = device.Tenant;
        watch.Batches++;
    }

    private List<OutboundMessage> DueResends(long nowMs)
    {
        var commands = new List<OutboundMessage>();
        long afterMs = (long)_options.GapResendAfter.TotalMilliseconds;
        long intervalMs = (long)_options.ResendMinInterval.TotalMilliseconds;
        foreach (KeyValuePair<string, GapWatch> entry in _gapWatches)
        {
            GapWatch watch = entry.Value;
            bool due = nowMs - watch.SinceMs >= afterMs || watch.Batches >= _options.GapResendAfterBatches;
            if (!due)
            {
                continue;
            }
            if (_lastResendMs.TryGetValue(entry.Key, out long last) && nowMs - last < intervalMs)
            {
                continue;
            }
            _lastResendMs[entry.Key] = nowMs;
            watch.Batches = 0;
            long from = watch.ContiguousThrough + 1;
            commands.Add(OutboundMessage.FromText(UplinkTopic.DownlinkTopic(watch.Tenant, entry.Key, "cmd"),
                "cmd = resend\nfrom = " + from.ToString(CultureInfo.InvariantCulture) + "\n", entry.Key));
        }
        return commands;
    }

    private static long ReceivedMs(InboundMessage message, long nowMs) =>
        message.ReceivedAt == default ? nowMs : message.ReceivedAt.ToUnixTimeMilliseconds();
}
