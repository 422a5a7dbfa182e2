using System;
using System.Buffers;
using System.Collections.Generic;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using System.Threading;
using System.Threading.Channels;
using System.Threading.Tasks;
using MQTTnet;
using MQTTnet.Formatter;
using MQTTnet.Protocol;

namespace Gateway.Ingest.Mqtt;

/// <summary>An uplink as received from the broker.</summary>
/// <param name="Topic">MQTT topic.</param>
/// <param name="Payload">Payload bytes (owned by the receiver).</param>
/// <param name="ReceivedAt">When the ingestion client received it.</param>
public sealed record InboundUplink(string Topic, byte[] Payload, DateTimeOffset ReceivedAt);

/// <summary>A message ingestion publishes to a device (ack, re-send request).</summary>
/// <param name="Topic">MQTT topic, e.g. <c>gw/v1/hebei/env-0001/down/ack</c>.</param>
/// <param name="Payload">Payload bytes.</param>
public sealed record Downlink(string Topic, byte[] Payload);

/// <summary>
/// Commits a batch of uplinks and returns the downlinks to publish afterwards. Throwing means nothing was committed:
/// the batch is retried and no MQTT acknowledgement is sent for it.
/// </summary>
public delegate Task<IReadOnlyList<Downlink>> BatchProcessor(IReadOnlyList<InboundUplink> batch, CancellationToken cancellationToken);

/// <summary>Connection and batching settings of the ingestion client.</summary>
/// <param name="Host">Broker host.</param>
/// <param name="Port">Broker TLS port.</param>
/// <param name="ClientCertificate">The service identity (certificate with private key, role Service).</param>
/// <param name="TrustedCa">CA that must have issued the broker's certificate.</param>
/// <param name="ClientId">MQTT client id; must equal the certificate's CN.</param>
/// <param name="SharedGroup">MQTT 5 shared-subscription group (e.g. <c>ingest</c>) to split the stream between instances; null for a plain subscription (MQTTnet's server has no shared subscriptions).</param>
/// <param name="MaxBatch">Most messages committed in one transaction.</param>
/// <param name="MaxBatchDelay">Longest wait for more messages before committing a partial batch.</param>
public sealed record IngestClientOptions(string Host, int Port, X509Certificate2 ClientCertificate, X509Certificate2 TrustedCa,
    string ClientId, string? SharedGroup, int MaxBatch = 500, TimeSpan? MaxBatchDelay = null)
{
    /// <summary>The subscription filter for device uplinks.</summary>
    public string UplinkFilter => SharedGroup == null ? "gw/v1/+/+/up/#" : $"$share/{SharedGroup}/gw/v1/+/+/up/#";
}

/// <summary>
/// The ingestion service's MQTT side: subscribes to every device's uplinks with QoS 1, hands them to the pipeline in
/// batches, and sends the MQTT acknowledgement (PUBACK) for a message only after its batch was committed — so a crash
/// before the commit leaves the message with the broker for redelivery. Confirmations to devices (<c>down/ack</c>) are
/// published after the commit too.
/// </summary>
public sealed class IngestClient : IAsyncDisposable
{
    private readonly IngestClientOptions _options;
    private readonly BatchProcessor _processor;
    private readonly IMqttClient _client;
    private readonly Channel<(InboundUplink Uplink, MqttApplicationMessageReceivedEventArgs Delivery)> _inbox =
        Channel.CreateUnbounded<(InboundUplink, MqttApplicationMessageReceivedEventArgs)>(new UnboundedChannelOptions { SingleReader = true });
    private readonly CancellationTokenSource _stop = new();
    private Task? _loop;
    private Task? _keeper;
    private long _received;
    private long _committed;
    private long _commitFailures;
    private long _downlinks;

    /// <summary>Creates the client; <see cref="StartAsync"/> connects.</summary>
    public IngestClient(IngestClientOptions options, BatchProcessor processor)
    {
        if (options.MaxBatch < 1 || options.MaxBatch > 100_000)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.MaxBatch, "MaxBatch: must be from 1 to 100000");
        }
        _options = options;
        _processor = processor;
        _client = new MqttClientFactory().CreateMqttClient();
        _client.ApplicationMessageReceivedAsync += OnMessageAsync;
    }

    /// <summary>Uplinks received.</summary>
    public long Received => Interlocked.Read(ref _received);

    /// <summary>Uplinks committed and acknowledged.</summary>
    public long Committed => Interlocked.Read(ref _committed);

    /// <summary>Batches whose commit failed and was retried.</summary>
    public long CommitFailures => Interlocked.Read(ref _commitFailures);

    /// <summary>Downlinks published.</summary>
    public long DownlinksPublished => Interlocked.Read(ref _downlinks);

    /// <summary>True while connected to the broker.</summary>
    public bool IsConnected => _client.IsConnected;

    /// <summary>Last error met (connection, commit), for health reporting.</summary>
    public Exception? LastError { get; private set; }

    /// <summary>Connects (retrying until <paramref name="cancellationToken"/> fires) and starts consuming.</summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await ConnectAsync(cancellationToken).ConfigureAwait(false);
        _loop = Task.Run(() => ConsumeAsync(_stop.Token));
        _keeper = Task.Run(() => KeepConnectedAsync(_stop.Token));
    }

    private async Task ConnectAsync(CancellationToken cancellationToken)
    {
        var delay = TimeSpan.FromMilliseconds(200);
        while (true)
        {
            try
            {
                var options = new MqttClientOptionsBuilder()
                    .WithTcpServer(_options.Host, _options.Port)
                    .WithClientId(_options.ClientId)
                    .WithProtocolVersion(MqttProtocolVersion.V500)
                    // A persistent session: messages not yet acknowledged survive a reconnect of this client.
                    .WithCleanStart(false)
                    .WithSessionExpiryInterval(3600)
                    .WithTimeout(TimeSpan.FromSeconds(10))
                    .WithTlsOptions(tls => tls
                        .UseTls()
                        .WithSslProtocols(SslProtocols.Tls12 | SslProtocols.Tls13)
                        .WithClientCertificates(new X509Certificate2Collection(_options.ClientCertificate))
                        .WithTrustChain(new X509Certificate2Collection(_options.TrustedCa))
                        .WithCertificateValidationHandler(e => IsTrusted(e.Certificate)))
                    .Build();
                await _client.ConnectAsync(options, cancellationToken).ConfigureAwait(false);
                var subscribe = new MqttClientSubscribeOptionsBuilder()
                    .WithTopicFilter(_options.UplinkFilter, MqttQualityOfServiceLevel.AtLeastOnce)
                    .Build();
                await _client.SubscribeAsync(subscribe, cancellationToken).ConfigureAwait(false);
                return;
            }
            catch (Exception e) when (!cancellationToken.IsCancellationRequested)
            {
                LastError = e;
                await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
                delay = TimeSpan.FromMilliseconds(Math.Min(delay.TotalMilliseconds * 2, 10_000));
            }
        }
    }

    private bool IsTrusted(X509Certificate? certificate)
    {
        if (certificate == null)
        {
            return false;
        }
        using var server = X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(_options.TrustedCa);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        return chain.Build(server);
    }

    private async Task KeepConnectedAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(500, cancellationToken).ConfigureAwait(false);
                if (!_client.IsConnected)
                {
                    await ConnectAsync(cancellationToken).ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private Task OnMessageAsync(MqttApplicationMessageReceivedEventArgs e)
    {
        // Hold the PUBACK until the batch holding this message is committed.
        e.AutoAcknowledge = false;
        Interlocked.Increment(ref _received);
        var uplink = new InboundUplink(e.ApplicationMessage.Topic, e.ApplicationMessage.Payload.ToArray(), DateTimeOffset.UtcNow);
        _inbox.Writer.TryWrite((uplink, e));
        return Task.CompletedTask;
    }

    private async Task ConsumeAsync(CancellationToken cancellationToken)
    {
        var maxDelay = _options.MaxBatchDelay ?? TimeSpan.FromMilliseconds(50);
        var batch = new List<(InboundUplink Uplink, MqttApplicationMessageReceivedEventArgs Delivery)>();
        var uplinks = new List<InboundUplink>();
        try
        {
            while (await _inbox.Reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
            {
                batch.Clear();
                using (var window = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
                {
                    window.CancelAfter(maxDelay);
                    try
                    {
                        while (batch.Count < _options.MaxBatch)
                        {
                            if (_inbox.Reader.TryRead(out var item))
                            {
                                batch.Add(item);
                                continue;
                            }
                            if (!await _inbox.Reader.WaitToReadAsync(window.Token).ConfigureAwait(false))
                            {
                                break;
                            }
                        }
                    }
                    catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                    {
                        // The batch window closed: commit what we have.
                    }
                }
                uplinks.Clear();
                foreach (var item in batch)
                {
                    uplinks.Add(item.Uplink);
                }
                var downlinks = await CommitWithRetryAsync(uplinks, cancellationToken).ConfigureAwait(false);
                // Committed: confirmations and PUBACKs go out together rather than one round trip at a time (the
                // fleet benchmark found the sequential version spending most of ingestion's time waiting here).
                var sends = new List<Task>(downlinks.Count + batch.Count);
                foreach (var downlink in downlinks)
                {
                    sends.Add(PublishAsync(downlink, cancellationToken));
                }
                foreach (var item in batch)
                {
                    sends.Add(AcknowledgeAsync(item.Delivery, cancellationToken));
                }
                await Task.WhenAll(sends).ConfigureAwait(false);
                Interlocked.Add(ref _committed, batch.Count);
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private async Task AcknowledgeAsync(MqttApplicationMessageReceivedEventArgs delivery, CancellationToken cancellationToken)
    {
        try
        {
            await delivery.AcknowledgeAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The connection dropped after the commit: the broker will redeliver and de-duplication absorbs it.
            LastError = e;
        }
    }

    private async Task<IReadOnlyList<Downlink>> CommitWithRetryAsync(List<InboundUplink> uplinks, CancellationToken cancellationToken)
    {
        var delay = TimeSpan.FromMilliseconds(100);
        while (true)
        {
            try
            {
                return await _processor(uplinks.ToArray(), cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // Not committed, not acknowledged: keep the batch and try again rather than drop it.
                LastError = e;
                Interlocked.Increment(ref _commitFailures);
                await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
                delay = TimeSpan.FromMilliseconds(Math.Min(delay.TotalMilliseconds * 2, 5_000));
            }
        }
    }

    /// <summary>Publishes a downlink (QoS 1). A failure is recorded in <see cref="LastError"/>, never thrown: the device re-sends.</summary>
    public async Task PublishAsync(Downlink downlink, CancellationToken cancellationToken)
    {
        try
        {
            var message = new MqttApplicationMessageBuilder()
                .WithTopic(downlink.Topic)
                .WithPayload(downlink.Payload)
                .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
                .Build();
            await _client.PublishAsync(message, cancellationToken).ConfigureAwait(false);
            Interlocked.Increment(ref _downlinks);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // A lost confirmation only delays eviction on the device: it re-sends and gets confirmed again.
            LastError = e;
        }
    }

    /// <summary>Stops consuming and disconnects.</summary>
    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        _inbox.Writer.TryComplete();
        foreach (var task in new[] { _loop, _keeper })
        {
            if (task != null)
            {
                try
                {
                    await task.ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                }
            }
        }
        try
        {
            if (_client.IsConnected)
            {
                await _client.DisconnectAsync(new MqttClientDisconnectOptions(), CancellationToken.None).ConfigureAwait(false);
            }
        }
        catch (Exception e)
        {
            LastError = e;
        }
        _client.Dispose();
        _stop.Dispose();
    }
}
