using System;
using System.Buffers;
using System.Collections.Concurrent;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using System.Threading;
using System.Threading.Tasks;
using Gateway.Firmware.Core.Platform;
using MQTTnet;
using MQTTnet.Adapter;
using MQTTnet.Formatter;
using MQTTnet.Protocol;

namespace Gateway.HostSim.Transport;

/// <summary>Where and how a virtual node connects: broker endpoint and the node's TLS identity.</summary>
/// <param name="Host">Broker host name or address (IPv4, IPv6).</param>
/// <param name="Port">Broker TLS port.</param>
/// <param name="ClientCertificate">The device certificate with its private key.</param>
/// <param name="TrustedCa">The CA that must have issued the broker's certificate.</param>
/// <param name="ConnectTimeout">Give up a connection attempt after this long.</param>
public sealed record MqttEndpoint(string Host, int Port, X509Certificate2 ClientCertificate, X509Certificate2 TrustedCa, TimeSpan ConnectTimeout);

/// <summary>
/// The core's <see cref="IMqttTransport"/> over an MQTTnet 5 client with mutual TLS. MQTTnet works asynchronously on
/// its own tasks; every result is queued here and handed to the core only by <see cref="DrainEvents"/>, which the
/// scheduler calls on the node's thread — the same contract as the ESP32 shell, so the core stays single-threaded.
/// </summary>
public sealed class MqttNetTransport : IMqttTransport, IDisposable
{
    private readonly MqttEndpoint _endpoint;
    private readonly IMqttClient _client;
    private readonly ConcurrentQueue<Action<ITransportListener>> _events = new();
    private ITransportListener? _listener;
    private int _nextPacketId;
    private volatile bool _disconnectRequested;
    private volatile bool _connectInFlight;

    /// <summary>Creates the transport; nothing connects until <see cref="BeginConnect"/>.</summary>
    public MqttNetTransport(MqttClientFactory factory, MqttEndpoint endpoint)
    {
        _endpoint = endpoint;
        _client = factory.CreateMqttClient();
        _client.DisconnectedAsync += OnDisconnectedAsync;
        _client.ApplicationMessageReceivedAsync += OnMessageAsync;
    }

    /// <summary>Publishes acknowledged by the broker (PUBACK) since creation.</summary>
    public long PublishesAcknowledged;

    /// <summary>Publishes that failed (connection lost before the PUBACK, broker refusal).</summary>
    public long PublishesFailed;

    /// <summary>Last exception met, for diagnostics.</summary>
    public Exception? LastException { get; private set; }

    /// <inheritdoc/>
    public bool IsConnected => _client.IsConnected;

    /// <inheritdoc/>
    public void SetListener(ITransportListener listener) => _listener = listener;

    /// <summary>Delivers queued transport events to the core; call on the node's thread only. Returns how many were delivered.</summary>
    public int DrainEvents()
    {
        int count = 0;
        while (_listener != null && _events.TryDequeue(out var deliver))
        {
            deliver(_listener);
            count++;
        }
        return count;
    }

    /// <inheritdoc/>
    public void BeginConnect(string clientId)
    {
        if (_connectInFlight)
        {
            return;
        }
        _connectInFlight = true;
        _disconnectRequested = false;
        _ = ConnectAsync(clientId);
    }

    private async Task ConnectAsync(string clientId)
    {
        try
        {
            var options = new MqttClientOptionsBuilder()
                .WithTcpServer(_endpoint.Host, _endpoint.Port)
                .WithClientId(clientId)
                .WithProtocolVersion(MqttProtocolVersion.V500)
                .WithCleanStart(true)
                .WithKeepAlivePeriod(TimeSpan.FromSeconds(60))
                .WithTimeout(_endpoint.ConnectTimeout)
                .WithTlsOptions(tls => tls
                    .UseTls()
                    .WithSslProtocols(SslProtocols.Tls12 | SslProtocols.Tls13)
                    .WithClientCertificates(new X509Certificate2Collection(_endpoint.ClientCertificate))
                    .WithTrustChain(new X509Certificate2Collection(_endpoint.TrustedCa))
                    .WithCertificateValidationHandler(e => ServerCertificateIsTrusted(e.Certificate)))
                .Build();
            using var timeout = new CancellationTokenSource(_endpoint.ConnectTimeout);
            var result = await _client.ConnectAsync(options, timeout.Token).ConfigureAwait(false);
            if (result.ResultCode == MqttClientConnectResultCode.Success)
            {
                _events.Enqueue(l => l.OnConnected());
            }
            else
            {
                _events.Enqueue(l => l.OnConnectFailed(ConnectFailure.ConnectRefused));
            }
        }
        catch (Exception e)
        {
            LastException = e;
            var reason = Classify(e);
            _events.Enqueue(l => l.OnConnectFailed(reason));
        }
        finally
        {
            _connectInFlight = false;
        }
    }

    private bool ServerCertificateIsTrusted(X509Certificate? certificate)
    {
        if (certificate == null)
        {
            return false;
        }
        using var server = X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(_endpoint.TrustedCa);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        return chain.Build(server);
    }

    private static ConnectFailure Classify(Exception e)
    {
        for (Exception? inner = e; inner != null; inner = inner.InnerException)
        {
            if (inner is AuthenticationException)
            {
                return ConnectFailure.TlsRefused;
            }
            if (inner is MqttConnectingFailedException)
            {
                return ConnectFailure.ConnectRefused;
            }
            if (inner is SocketException)
            {
                return ConnectFailure.BrokerUnreachable;
            }
        }
        // Handshake aborted by the server (our certificate refused) often surfaces as an IOException.
        return e is OperationCanceledException ? ConnectFailure.BrokerUnreachable : ConnectFailure.TlsRefused;
    }

    /// <inheritdoc/>
    public int PublishQos1(string topic, byte[] payload, int offset, int count)
    {
        if (!_client.IsConnected)
        {
            return 0;
        }
        int id = Interlocked.Increment(ref _nextPacketId) % 65535 + 1;
        var message = new MqttApplicationMessageBuilder()
            .WithTopic(topic)
            .WithPayload(payload.AsSpan(offset, count).ToArray())
            .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
            .Build();
        _ = PublishAsync(message, id);
        return id;
    }

    private async Task PublishAsync(MqttApplicationMessage message, int id)
    {
        try
        {
            var result = await _client.PublishAsync(message, CancellationToken.None).ConfigureAwait(false);
            if (result.IsSuccess)
            {
                Interlocked.Increment(ref PublishesAcknowledged);
                _events.Enqueue(l => l.OnPublishAcknowledged(id));
                return;
            }
        }
        catch (Exception e)
        {
            LastException = e;
        }
        // No PUBACK: the core's confirmation timeout or reconnect re-sends from its durable buffer.
        Interlocked.Increment(ref PublishesFailed);
    }

    /// <inheritdoc/>
    public void Subscribe(string topicFilter)
    {
        _ = SubscribeAsync(topicFilter);
    }

    private async Task SubscribeAsync(string topicFilter)
    {
        try
        {
            var options = new MqttClientSubscribeOptionsBuilder()
                .WithTopicFilter(topicFilter, MqttQualityOfServiceLevel.AtLeastOnce)
                .Build();
            await _client.SubscribeAsync(options, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            LastException = e;
        }
    }

    /// <inheritdoc/>
    public void Disconnect()
    {
        _disconnectRequested = true;
        _ = _client.DisconnectAsync(new MqttClientDisconnectOptions(), CancellationToken.None);
    }

    /// <summary>Forgets queued events (the node lost power: nobody will hear them, and a new boot must not).</summary>
    public void ClearEvents() => _events.Clear();

    /// <summary>
    /// The simulated link under the node went down: a real radio would lose the session, so drop the TCP connection
    /// and report the loss (the node reconnects when its link is back).
    /// </summary>
    public void SimulateConnectionLoss()
    {
        if (!_client.IsConnected)
        {
            return;
        }
        _disconnectRequested = true;
        _ = _client.DisconnectAsync(new MqttClientDisconnectOptions(), CancellationToken.None);
        _events.Enqueue(l => l.OnConnectionLost());
    }

    private Task OnDisconnectedAsync(MqttClientDisconnectedEventArgs e)
    {
        if (e.ClientWasConnected && !_disconnectRequested)
        {
            _events.Enqueue(l => l.OnConnectionLost());
        }
        return Task.CompletedTask;
    }

    private Task OnMessageAsync(MqttApplicationMessageReceivedEventArgs e)
    {
        string topic = e.ApplicationMessage.Topic;
        byte[] payload = e.ApplicationMessage.Payload.ToArray();
        _events.Enqueue(l => l.OnMessage(topic, payload, payload.Length));
        return Task.CompletedTask;
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        _disconnectRequested = true;
        _client.Dispose();
    }
}
