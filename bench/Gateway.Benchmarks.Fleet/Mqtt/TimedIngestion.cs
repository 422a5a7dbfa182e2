using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Reflection;
using System.Threading;
using System.Threading.Tasks;
using Gateway.Benchmarks.Fleet.Measurement;
using Gateway.Ingest.Mqtt;
using Gateway.Ingest.Pipeline;
using Gateway.Ingest.Pki;
using Gateway.Ingest.Storage;
using MQTTnet;

namespace Gateway.Benchmarks.Fleet.Mqtt
{
    /// <summary>
    /// Our ingestion end to end, assembled as <c>IngestHost</c> assembles it: <see cref="IngestClient"/> (QoS 1, PUBACK held
    /// until the commit) → <see cref="IngestPipeline"/> → <see cref="SqliteReadingStore"/>, confirmations published after the
    /// commit. The batch processor is the host's (messages → pipeline → downlinks, throwing when nothing was committed) plus
    /// a note of the commit time of every message for the latency.
    /// </summary>
    public sealed class TimedIngestion : IAsyncDisposable
    {
        private readonly SqliteReadingStore _store;
        private readonly IngestPipeline _pipeline;
        private readonly LatencyBook _book;
        private readonly long _expectedMessages;
        private readonly TaskCompletionSource _done = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private IngestClient? _client;
        private Func<CancellationToken, Task>? _endSession;
        private long _messages;
        private long _batches;
        private long _busyTicks;
        private long _firstBatchStart;
        private long _lastBatchEnd;
        private long _stored;
        private long _duplicates;

        private TimedIngestion(SqliteReadingStore store, LatencyBook book, long expectedMessages)
        {
            _store = store;
            _pipeline = new IngestPipeline(store);
            _book = book;
            _expectedMessages = expectedMessages;
        }

        /// <summary>The ingestion client's batch limit when none is given (<see cref="IngestClientOptions"/>' default), read from its constructor.</summary>
        public static int DefaultMaxBatch
        {
            get
            {
                foreach (ConstructorInfo constructor in typeof(IngestClientOptions).GetConstructors())
                {
                    foreach (ParameterInfo parameter in constructor.GetParameters())
                    {
                        if (parameter.Name == nameof(IngestClientOptions.MaxBatch) && parameter.HasDefaultValue && parameter.DefaultValue is int value)
                        {
                            return value;
                        }
                    }
                }
                throw new InvalidOperationException("IngestClientOptions has no default MaxBatch any more; update the benchmark");
            }
        }

        public long Messages => Interlocked.Read(ref _messages);

        /// <summary>Batches the ingestion client handed over.</summary>
        public long Batches => Interlocked.Read(ref _batches);

        /// <summary>Time spent inside the batch processor (pipeline and commit).</summary>
        public TimeSpan InPipeline => TimeSpan.FromSeconds((double)Interlocked.Read(ref _busyTicks) / Stopwatch.Frequency);

        /// <summary>From the start of the first batch to the end of the last one; the rest of it the ingestion client spent on
        /// publishing confirmations, sending PUBACKs and collecting the next batch.</summary>
        public TimeSpan BatchSpan => _firstBatchStart == 0 ? TimeSpan.Zero : Stopwatch.GetElapsedTime(_firstBatchStart, Interlocked.Read(ref _lastBatchEnd));

        public long ReadingsStored => Interlocked.Read(ref _stored);

        public long Duplicates => Interlocked.Read(ref _duplicates);

        public IngestMetricsSnapshot Metrics => _pipeline.Metrics.Snapshot();

        public static async Task<TimedIngestion> StartAsync(string databasePath, string host, int port, FleetCa ca, string identity, LatencyBook book,
            long expectedMessages, CancellationToken cancellationToken)
        {
            SqliteReadingStore store = await SqliteReadingStore.OpenAsync(databasePath, cancellationToken: cancellationToken);
            var ingestion = new TimedIngestion(store, book, expectedMessages);
            try
            {
                var certificate = ca.IssueClientCertificate(identity, ClientRole.Service);
                // IngestClient keeps a persistent session (clean start off, 1 h expiry), which would go on collecting every uplink
                // after this run. Connecting once more with clean start on and no expiry ends it (MQTT 5 §3.1.2.4, §3.1.2.11.2).
                ingestion._endSession = async token =>
                {
                    IMqttClient cleaner = await TlsClients.ConnectAsync(new MqttClientFactory(), TlsClients.Options(host, port, identity, certificate, ca), token);
                    await TlsClients.DisconnectAllAsync(new[] { cleaner });
                };
                ingestion._client = new IngestClient(new IngestClientOptions(host, port, certificate, ca.Certificate, identity, SharedGroup: null),
                    ingestion.ProcessAsync);
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                timeout.CancelAfter(TlsClients.ConnectTimeout);
                await ingestion._client.StartAsync(timeout.Token);
                return ingestion;
            }
            catch
            {
                await ingestion.DisposeAsync();
                throw;
            }
        }

        private async Task<IReadOnlyList<Downlink>> ProcessAsync(IReadOnlyList<InboundUplink> batch, CancellationToken cancellationToken)
        {
            long started = Stopwatch.GetTimestamp();
            Interlocked.CompareExchange(ref _firstBatchStart, started, 0);
            var messages = new InboundMessage[batch.Count];
            for (int i = 0; i < batch.Count; i++)
            {
                messages[i] = new InboundMessage(batch[i].Topic, batch[i].Payload, batch[i].ReceivedAt);
            }
            PipelineResult result = await _pipeline.ProcessAsync(messages, cancellationToken);
            if (!result.Committed)
            {
                throw new IOException("the store did not commit the batch; it will be retried", result.Failure);
            }
            long committed = Stopwatch.GetTimestamp();
            Interlocked.Add(ref _busyTicks, committed - started);
            Interlocked.Increment(ref _batches);
            foreach (InboundUplink uplink in batch)
            {
                _book.Arrived(uplink.Topic, committed);
            }
            if (result.Store != null)
            {
                foreach (DeviceStoreResult device in result.Store.Devices)
                {
                    Interlocked.Add(ref _stored, device.Stored);
                    Interlocked.Add(ref _duplicates, device.Duplicates);
                }
            }
            var downlinks = new List<Downlink>();
            foreach (OutboundMessage downlink in result.Downlinks)
            {
                downlinks.Add(new Downlink(downlink.Topic, downlink.Payload.ToArray()));
            }
            Interlocked.Exchange(ref _lastBatchEnd, Stopwatch.GetTimestamp());
            if (Interlocked.Add(ref _messages, batch.Count) >= _expectedMessages)
            {
                _done.TrySetResult();
            }
            return downlinks;
        }

        /// <summary>Waits until every expected message is committed; a timeout names how many were.</summary>
        public async Task WaitAsync(TimeSpan timeout)
        {
            try
            {
                await _done.Task.WaitAsync(timeout);
            }
            catch (TimeoutException)
            {
                throw new TimeoutException($"ingestion committed {Messages} of {_expectedMessages} messages in {timeout.TotalSeconds:0} s" +
                    (_client?.LastError is { } error ? $"; last error: {error.Message}" : ""));
            }
        }

        public async ValueTask DisposeAsync()
        {
            if (_client != null)
            {
                await _client.DisposeAsync();
            }
            if (_endSession != null)
            {
                try
                {
                    await _endSession(CancellationToken.None);
                }
                catch (Exception e) when (e is InvalidOperationException or OperationCanceledException or System.IO.IOException
                    or MQTTnet.Exceptions.MqttCommunicationException)
                {
                    // The session stays with the broker; later rounds then pay for forwarding to it, so say so.
                    Console.Error.WriteLine($"warning: could not end the persistent session of the ingestion client: {e.Message}");
                }
            }
            await _store.DisposeAsync();
        }
    }
}
