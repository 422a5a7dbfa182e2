using System;
using Gateway.Ingest.Broker;
using Gateway.Ingest.Mqtt;
using Gateway.Ingest.Pipeline;
using Gateway.Ingest.Storage;
using Microsoft.Extensions.Logging;

namespace Gateway.Ingest.Http;

/// <summary>
/// What the HTTP API reads from. Only <see cref="Store"/> is required: without a pipeline, broker or subscriber in this process
/// (a dashboard over a database, say), their metrics are left out of <c>/metrics</c> and their checks are reported as
/// "not in this process" by <c>/healthz</c>.
/// </summary>
public sealed class IngestHttpSources
{
    /// <summary>The store the API queries (initialized).</summary>
    public required IReadingStore Store { get; init; }

    /// <summary>The pipeline's counters (<see cref="IngestPipeline.Metrics"/>), for the <c>gateway_ingest_*</c> metrics, rate and lag.</summary>
    public IngestMetrics? Metrics { get; init; }

    /// <summary>The embedded broker's counters (<see cref="EmbeddedBroker.Counters"/>).</summary>
    public BrokerCounters? BrokerCounters { get; init; }

    /// <summary>Whether the embedded broker is running (<see cref="EmbeddedBroker.IsRunning"/>); null when there is none here.</summary>
    public Func<bool>? BrokerRunning { get; init; }

    /// <summary>Whether the ingestion subscriber is connected to its broker (<see cref="IngestClient.IsConnected"/>); null when there is none here.</summary>
    public Func<bool>? SubscriberConnected { get; init; }

    /// <summary>Clock for device states, rates and cache ages (default the system clock).</summary>
    public TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary>Where the web host logs (requests refused, store failures); null for no logging.</summary>
    public ILoggerFactory? LoggerFactory { get; init; }

    /// <summary>The usual wiring of one process running the embedded broker, the pipeline and the subscriber.</summary>
    public static IngestHttpSources ForProcess(IReadingStore store, IngestPipeline? pipeline, EmbeddedBroker? broker, IngestClient? subscriber,
        TimeProvider? time = null, ILoggerFactory? loggerFactory = null) => new()
    {
        Store = store ?? throw new ArgumentNullException(nameof(store)),
        Metrics = pipeline?.Metrics,
        BrokerCounters = broker?.Counters,
        BrokerRunning = broker == null ? null : () => broker.IsRunning,
        SubscriberConnected = subscriber == null ? null : () => subscriber.IsConnected,
        Time = time ?? TimeProvider.System,
        LoggerFactory = loggerFactory,
    };
}
