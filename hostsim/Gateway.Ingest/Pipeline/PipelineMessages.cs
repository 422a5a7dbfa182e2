using System;
using System.Collections.Generic;
using System.Text;
using Gateway.Ingest.Storage;

namespace Gateway.Ingest.Pipeline;

/// <summary>An MQTT message as the ingestion subscriber received it.</summary>
/// <param name="Topic">Topic, e.g. <c>gw/v1/city/env-0001/up/telemetry</c>.</param>
/// <param name="Payload">Payload bytes (not copied; must stay unchanged until the batch is processed).</param>
/// <param name="ReceivedAt">When it was received (the default value means "now").</param>
/// <param name="AckHandle">Whatever the caller needs to acknowledge the MQTT message later (opaque to the pipeline).</param>
public sealed record InboundMessage(string Topic, ReadOnlyMemory<byte> Payload, DateTimeOffset ReceivedAt, object? AckHandle = null);

/// <summary>A downlink to publish (QoS 1, not retained).</summary>
/// <param name="Topic">Topic, e.g. <c>gw/v1/city/env-0001/down/ack</c>.</param>
/// <param name="Payload">UTF-8 text payload.</param>
/// <param name="Device">Device it is for.</param>
public sealed record OutboundMessage(string Topic, ReadOnlyMemory<byte> Payload, string Device)
{
    /// <summary>The payload as text.</summary>
    public string Text => Encoding.UTF8.GetString(Payload.Span);

    internal static OutboundMessage FromText(string topic, string text, string device) => new(topic, Encoding.UTF8.GetBytes(text), device);
}

/// <summary>What happened to one inbound message.</summary>
public enum MessageDisposition
{
    /// <summary>A telemetry or alarm pack whose readings were stored (or were all replays).</summary>
    Stored,
    /// <summary>Kept in quarantine with <see cref="MessageOutcome.Reason"/>.</summary>
    Quarantined,
    /// <summary>A status snapshot, kept as the device's last status.</summary>
    Status,
    /// <summary>A command reply, kept as the device's last reply.</summary>
    Reply,
}

/// <summary>The pipeline's decision for one message.</summary>
/// <param name="Message">The message.</param>
/// <param name="Disposition">What was done with it.</param>
/// <param name="Reason">Quarantine reason code (see <c>Validation.QuarantineReasons</c>), or null.</param>
/// <param name="Detail">Quarantine detail, or null.</param>
/// <param name="Readings">Readings the pack carried (stored or replayed), 0 for others.</param>
public sealed record MessageOutcome(InboundMessage Message, MessageDisposition Disposition, string? Reason, string? Detail, int Readings);

/// <summary>Result of <see cref="IngestPipeline.ProcessAsync"/>.</summary>
public sealed class PipelineResult
{
    internal PipelineResult(bool committed, Exception? failure, IReadOnlyList<InboundMessage> toAcknowledge, IReadOnlyList<MessageOutcome> outcomes,
        IReadOnlyList<OutboundMessage> acks, IReadOnlyList<OutboundMessage> commands, StoreBatchResult? store)
    {
        Committed = committed;
        Failure = failure;
        ToAcknowledge = toAcknowledge;
        Outcomes = outcomes;
        Acks = acks;
        Commands = commands;
        Store = store;
    }

    /// <summary>True when the batch is durably committed. False: nothing was written and nothing may be acknowledged.</summary>
    public bool Committed { get; }

    /// <summary>Why the commit failed, when it did.</summary>
    public Exception? Failure { get; }

    /// <summary>
    /// The messages the caller may now acknowledge to the broker (PUBACK): every message of a committed batch (stored or
    /// quarantined alike), none of a failed one, which the broker will then deliver again.
    /// </summary>
    public IReadOnlyList<InboundMessage> ToAcknowledge { get; }

    /// <summary>One decision per message, in batch order.</summary>
    public IReadOnlyList<MessageOutcome> Outcomes { get; }

    /// <summary>Confirmations to publish: <c>gw/v1/{tenant}/{device}/down/ack</c>, payload <c>confirmed = N</c>. Empty unless committed.</summary>
    public IReadOnlyList<OutboundMessage> Acks { get; }

    /// <summary>Re-send requests to publish: <c>…/down/cmd</c>, payload <c>cmd = resend</c> / <c>from = N</c>.</summary>
    public IReadOnlyList<OutboundMessage> Commands { get; }

    /// <summary>What the store reported, when committed.</summary>
    public StoreBatchResult? Store { get; }

    /// <summary>Acks then commands.</summary>
    public IEnumerable<OutboundMessage> Downlinks
    {
        get
        {
            foreach (OutboundMessage ack in Acks)
            {
                yield return ack;
            }
            foreach (OutboundMessage command in Commands)
            {
                yield return command;
            }
        }
    }
}
