using System;
using System.Collections.Generic;
using System.IO;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Reflection;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using System.Threading;
using System.Threading.Tasks;
using Gateway.Ingest.Audit;
using Gateway.Ingest.Pki;
using Microsoft.Extensions.Logging;
using MQTTnet.Protocol;
using MQTTnet.Server;

namespace Gateway.Ingest.Broker;

/// <summary>
/// The default broker: MQTTnet 5's server with only a TLS endpoint (TLS 1.2/1.3, no plain TCP), mutual authentication against
/// the fleet CA, the client id bound to the certificate CN, the per-identity topic ACL of <see cref="TopicAcl"/>, an audit
/// record of every connection, refusal and denial, and counters for /metrics.
/// </summary>
/// <remarks>
/// Certificates are checked twice: in the TLS handshake (so a client without a valid fleet certificate never gets to speak
/// MQTT; a refused handshake never reaches MQTTnet's events, so it is audited there) and again at CONNECT, where the client
/// id is compared with the certificate. MQTTnet's server has no shared subscriptions, so one ingestion subscriber is used.
/// </remarks>
public sealed class EmbeddedBroker : IAsyncDisposable
{
    private const int FreePortAttempts = 5;

    private static readonly PropertyInfo? InnerStreamProperty =
        typeof(System.Net.Security.AuthenticatedStream).GetProperty("InnerStream", BindingFlags.Instance | BindingFlags.NonPublic);

    private readonly EmbeddedBrokerOptions _options;
    private readonly IAuditLog _audit;
    private readonly ILogger? _logger;
    private readonly bool _ownsCa;
    private readonly object _registryGate = new();
    private readonly Dictionary<string, Registration> _registry = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _lifecycle = new(1, 1);
    private MqttServer? _server;
    private MqttServerOptions? _serverOptions;
    private X509Certificate2? _serverCertificate;
    private int _port = -1;
    private bool _disposed;

    /// <summary>Creates the broker (not started). Options are validated here.</summary>
    /// <param name="options">Port, state folder, addresses.</param>
    /// <param name="auditLog">Where connections, refusals and denials are recorded.</param>
    /// <param name="ca">The fleet CA of <see cref="EmbeddedBrokerOptions.StateDirectory"/> if the caller already loaded it (not disposed
    /// by the broker); by default the broker loads or creates it.</param>
    /// <param name="logger">Receives MQTTnet's warnings and errors; optional.</param>
    /// <exception cref="ArgumentException">An option is not accepted (the message names the field), or <paramref name="ca"/> belongs to another state folder.</exception>
    /// <exception cref="FleetCaException">The PKI files cannot be used.</exception>
    public EmbeddedBroker(EmbeddedBrokerOptions options, IAuditLog auditLog, FleetCa? ca = null, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(auditLog);
        options.Validate();
        _options = options;
        _audit = auditLog;
        _logger = logger;
        string expectedPki = Path.Combine(Path.GetFullPath(options.StateDirectory), "pki");
        if (ca is not null && !string.Equals(Path.GetFullPath(ca.PkiDirectory), expectedPki, StringComparison.Ordinal))
        {
            throw new ArgumentException(
                $"{nameof(EmbeddedBrokerOptions.StateDirectory)} '{options.StateDirectory}' does not hold the given CA (its folder is '{ca.PkiDirectory}').",
                nameof(ca));
        }
        _ownsCa = ca is null;
        Ca = ca ?? FleetCa.CreateOrLoad(options.StateDirectory);
    }

    /// <summary>The fleet CA the broker trusts (and nothing else).</summary>
    public FleetCa Ca { get; }

    /// <summary>Counters: connected clients, authentication failures, ACL denials, failed TLS handshakes.</summary>
    public BrokerCounters Counters { get; } = new();

    /// <summary>True between <see cref="StartAsync"/> and <see cref="StopAsync"/>.</summary>
    public bool IsRunning => _server is { IsStarted: true };

    /// <summary>The TLS port listened on (the chosen one when <see cref="EmbeddedBrokerOptions.Port"/> is 0).</summary>
    /// <exception cref="InvalidOperationException">The broker has not been started.</exception>
    public int Port => _port >= 0 ? _port : throw new InvalidOperationException("The broker is not started: Port is known after StartAsync.");

    /// <summary>The endpoints listened on (IPv4 and, unless disabled, IPv6), all TLS.</summary>
    public IReadOnlyList<IPEndPoint> Endpoints
    {
        get
        {
            var endpoints = new List<IPEndPoint> { new(_options.IPv4Address, Port) };
            if (_options.IPv6Address is not null)
            {
                endpoints.Add(new IPEndPoint(_options.IPv6Address, Port));
            }
            return endpoints;
        }
    }

    /// <summary>
    /// Starts listening. The server certificate comes from {state}/pki/server.crt (issued or re-issued as needed).
    /// </summary>
    /// <exception cref="InvalidOperationException">The port cannot be listened on (in use, not permitted); the message names it.</exception>
    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        await _lifecycle.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_server is not null)
            {
                throw new InvalidOperationException("The broker is already started.");
            }
            _serverCertificate ??= Ca.GetOrCreateServerCertificate(_options.ServerHostNames);
            int attempts = _options.Port == 0 ? FreePortAttempts : 1;
            for (int attempt = 1; ; attempt++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                MqttServerOptions serverOptions = BuildServerOptions();
                MqttServer server = new MqttServerFactory().CreateMqttServer(serverOptions, new MqttNetLogBridge(this));
                Subscribe(server);
                try
                {
                    await server.StartAsync().ConfigureAwait(false);
                    _server = server;
                    _serverOptions = serverOptions;
                    _port = serverOptions.TlsEndpointOptions.Port;
                    _logger?.LogInformation("Embedded MQTT broker listening with TLS on port {Port}", _port);
                    return;
                }
                catch (SocketException exception)
                {
                    await StopQuietlyAsync(server).ConfigureAwait(false);
                    // With port 0 the IPv4 listener picks a free port and IPv6 must take the same one; rarely it is taken there.
                    if (attempt < attempts && exception.SocketErrorCode == SocketError.AddressAlreadyInUse)
                    {
                        continue;
                    }
                    throw new InvalidOperationException(
                        $"{nameof(EmbeddedBrokerOptions.Port)} {_options.Port}: cannot listen on {DescribeAddresses()}: {exception.Message} ({exception.SocketErrorCode}).",
                        exception);
                }
            }
        }
        finally
        {
            _lifecycle.Release();
        }
    }

    /// <summary>Disconnects every client and stops listening. The broker can be started again.</summary>
    public async Task StopAsync()
    {
        await _lifecycle.WaitAsync().ConfigureAwait(false);
        try
        {
            MqttServer? server = _server;
            _server = null;
            _serverOptions = null;
            _port = -1;
            if (server is not null)
            {
                await StopQuietlyAsync(server).ConfigureAwait(false);
            }
        }
        finally
        {
            _lifecycle.Release();
        }
    }

    /// <summary>
    /// Revokes a device (see <see cref="FleetCa.Revoke"/>) and, if it is connected, disconnects it; it cannot reconnect.
    /// Returns true if a connected client was disconnected.
    /// </summary>
    /// <exception cref="ArgumentException">The device id or reason is not accepted (the message names which).</exception>
    public async Task<bool> RevokeAndDisconnectAsync(string deviceId, string reason)
    {
        Ca.Revoke(deviceId, reason);
        MqttServer? server = _server;
        if (server is null)
        {
            return false;
        }
        try
        {
            // The client id is the certificate CN, enforced at CONNECT, so the device id names its connection.
            await server.DisconnectClientAsync(deviceId, MqttDisconnectReasonCode.NotAuthorized).ConfigureAwait(false);
            return true;
        }
        catch (InvalidOperationException)
        {
            return false; // not connected
        }
    }

    /// <summary>Stops the broker and releases its certificates (and the CA if the broker loaded it).</summary>
    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }
        await StopAsync().ConfigureAwait(false);
        _disposed = true;
        _serverCertificate?.Dispose();
        if (_ownsCa)
        {
            Ca.Dispose();
        }
        _lifecycle.Dispose();
    }

    private MqttServerOptions BuildServerOptions()
    {
        MqttServerOptions options = new MqttServerFactory().CreateServerOptionsBuilder()
            .WithoutDefaultEndpoint() // no plain TCP, ever
            .WithEncryptedEndpoint()
            .WithEncryptedEndpointPort(_options.Port)
            .WithEncryptedEndpointBoundIPAddress(_options.IPv4Address)
            .WithEncryptedEndpointBoundIPV6Address(_options.IPv6Address ?? IPAddress.None) // MQTTnet: None = no listener
            .WithEncryptionCertificate(_serverCertificate!)
            .WithEncryptionSslProtocol(SslProtocols.Tls12 | SslProtocols.Tls13)
            .WithMaxPendingMessagesPerClient(_options.MaxPendingMessagesPerClient)
            .WithDefaultCommunicationTimeout(TimeSpan.FromSeconds(_options.CommunicationTimeoutSeconds))
            .WithPersistentSessions(false)
            .Build();
        options.DefaultEndpointOptions.IsEnabled = false;
        options.TlsEndpointOptions.ClientCertificateRequired = true;
        options.TlsEndpointOptions.CheckCertificateRevocation = false; // no online CRL/OCSP: the fleet's own list is checked instead
        options.TlsEndpointOptions.RemoteCertificateValidationCallback = ValidateTlsClientCertificate;
        return options;
    }

    private void Subscribe(MqttServer server)
    {
        server.ValidatingConnectionAsync += OnValidatingConnectionAsync;
        server.ClientConnectedAsync += OnClientConnectedAsync;
        server.ClientDisconnectedAsync += OnClientDisconnectedAsync;
        server.InterceptingPublishAsync += OnInterceptingPublishAsync;
        server.InterceptingSubscriptionAsync += OnInterceptingSubscriptionAsync;
    }

    private static async Task StopQuietlyAsync(MqttServer server)
    {
        try
        {
            if (server.IsStarted)
            {
                await server.StopAsync().ConfigureAwait(false);
            }
        }
        catch (Exception exception) when (exception is ObjectDisposedException or InvalidOperationException or SocketException)
        {
            // Already stopping; nothing to release beyond Dispose.
        }
        finally
        {
            server.Dispose();
        }
    }

    /// <summary>TLS handshake: accept only certificates of the fleet CA. Runs inside SslStream; must not throw.</summary>
    private bool ValidateTlsClientCertificate(object sender, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        try
        {
            CertificateCheck check = Ca.ValidateClientCertificate(certificate);
            if (!check.IsValid)
            {
                Counters.AuthenticationFailed();
                Record(AuditKinds.AuthenticationFailed, check.Identity, RemoteEndPointOf(sender), "TLS handshake refused: " + check.Reason);
            }
            return check.IsValid;
        }
        catch (Exception exception)
        {
            Counters.AuthenticationFailed();
            Record(AuditKinds.AuthenticationFailed, null, RemoteEndPointOf(sender), "TLS handshake refused: certificate check failed: " + exception.Message);
            return false;
        }
    }

    private Task OnValidatingConnectionAsync(ValidatingConnectionEventArgs e)
    {
        string? remote = e.RemoteEndPoint?.ToString();
        // Checked again here: a certificate revoked between handshake and CONNECT is refused, and this is the one place
        // where the certificate and the client id are seen together.
        CertificateCheck check = Ca.ValidateClientCertificate(e.ClientCertificate);
        if (!check.IsValid)
        {
            Refuse(e, check.Identity, remote, check.Reason);
            return Task.CompletedTask;
        }
        if (!string.Equals(e.ClientId, check.Identity, StringComparison.Ordinal))
        {
            Refuse(e, check.Identity, remote,
                $"client id does not match certificate: client id '{FleetIdentity.Printable(e.ClientId)}', certificate CN '{check.Identity}'");
            return Task.CompletedTask;
        }
        lock (_registryGate)
        {
            _registry.TryGetValue(check.Identity!, out Registration? existing);
            _registry[check.Identity!] = new Registration(check.Role!.Value, (existing?.Connections ?? 0) + 1);
        }
        e.ReasonCode = MqttConnectReasonCode.Success;
        return Task.CompletedTask;
    }

    private void Refuse(ValidatingConnectionEventArgs e, string? subject, string? remote, string reason)
    {
        e.ReasonCode = MqttConnectReasonCode.NotAuthorized;
        e.ReasonString = reason;
        Counters.AuthenticationFailed();
        Record(AuditKinds.AuthenticationFailed, subject, remote, reason);
    }

    private Task OnClientConnectedAsync(ClientConnectedEventArgs e)
    {
        Counters.ClientConnected();
        ClientRole? role = RoleOf(e.ClientId);
        Record(AuditKinds.Connected, e.ClientId, e.RemoteEndPoint?.ToString(),
            $"connected as {(role?.ToString().ToLowerInvariant() ?? "unknown role")} over MQTT {e.ProtocolVersion}");
        return Task.CompletedTask;
    }

    private Task OnClientDisconnectedAsync(ClientDisconnectedEventArgs e)
    {
        Counters.ClientDisconnected();
        lock (_registryGate)
        {
            // Counted per connection: with a session takeover the new connection registers before the old one leaves.
            if (e.ClientId is not null && _registry.TryGetValue(e.ClientId, out Registration? registration))
            {
                if (registration.Connections <= 1)
                {
                    _registry.Remove(e.ClientId);
                }
                else
                {
                    _registry[e.ClientId] = registration with { Connections = registration.Connections - 1 };
                }
            }
        }
        string reason = e.ReasonCode is { } code ? $", reason {code}" : string.Empty;
        Record(AuditKinds.Disconnected, e.ClientId, e.RemoteEndPoint?.ToString(), $"disconnected ({e.DisconnectType}{reason})");
        return Task.CompletedTask;
    }

    private Task OnInterceptingPublishAsync(InterceptingPublishEventArgs e)
    {
        if (string.IsNullOrEmpty(e.ClientId))
        {
            return Task.CompletedTask; // injected in-process by the host (InjectApplicationMessage), not by a network client
        }
        string topic = e.ApplicationMessage?.Topic ?? string.Empty;
        ClientRole? role = RoleOf(e.ClientId);
        AclDecision decision = role is null
            ? new AclDecision(false, $"client '{FleetIdentity.Printable(e.ClientId)}' has no authenticated session (publish to '{FleetIdentity.Printable(topic)}')")
            : TopicAcl.CheckPublish(role.Value, e.ClientId, topic, e.ApplicationMessage?.Retain ?? false);
        if (!decision.Allowed)
        {
            e.ProcessPublish = false;
            e.Response.ReasonCode = MqttPubAckReasonCode.NotAuthorized;
            e.Response.ReasonString = decision.Reason;
            Counters.AccessDenied();
            Record(AuditKinds.AccessDenied, e.ClientId, null, "publish refused: " + decision.Reason);
        }
        return Task.CompletedTask;
    }

    private Task OnInterceptingSubscriptionAsync(InterceptingSubscriptionEventArgs e)
    {
        string filter = e.TopicFilter?.Topic ?? string.Empty;
        ClientRole? role = RoleOf(e.ClientId);
        AclDecision decision = role is null
            ? new AclDecision(false, $"client '{FleetIdentity.Printable(e.ClientId)}' has no authenticated session (subscribe to '{FleetIdentity.Printable(filter)}')")
            : TopicAcl.CheckSubscribe(role.Value, e.ClientId, filter);
        if (!decision.Allowed)
        {
            e.ProcessSubscription = false;
            e.Response.ReasonCode = MqttSubscribeReasonCode.NotAuthorized;
            e.Response.ReasonString = decision.Reason;
            Counters.AccessDenied();
            Record(AuditKinds.AccessDenied, e.ClientId, null, "subscribe refused: " + decision.Reason);
        }
        return Task.CompletedTask;
    }

    private ClientRole? RoleOf(string? clientId)
    {
        if (clientId is null)
        {
            return null;
        }
        lock (_registryGate)
        {
            return _registry.TryGetValue(clientId, out Registration? registration) ? registration.Role : null;
        }
    }

    private void Record(string kind, string? subject, string? remote, string detail)
    {
        try
        {
            _audit.Record(new AuditEvent(DateTimeOffset.UtcNow, kind, subject, remote, detail));
        }
        catch (Exception exception)
        {
            // IAuditLog must not throw; if one does, the broker keeps serving and says so.
            _logger?.LogError(exception, "Audit log failed to record {Kind} for {Subject}: {Detail}", kind, subject, detail);
        }
    }

    private static string? RemoteEndPointOf(object sender)
    {
        // The validation callback gets only the SslStream; its inner stream is MQTTnet's NetworkStream over the accepted socket.
        try
        {
            if (sender is System.Net.Security.AuthenticatedStream stream && InnerStreamProperty?.GetValue(stream) is NetworkStream network)
            {
                return network.Socket.RemoteEndPoint?.ToString();
            }
        }
        catch (Exception exception) when (exception is ObjectDisposedException or SocketException or TargetInvocationException)
        {
            // Peer already gone: the audit record then has no endpoint.
        }
        return null;
    }

    private string DescribeAddresses() =>
        _options.IPv6Address is null ? _options.IPv4Address.ToString() : $"{_options.IPv4Address} and {_options.IPv6Address}";

    /// <summary>Called by the log bridge when a TLS handshake failed for another reason than a refused certificate.</summary>
    internal void OnTlsHandshakeFailed(Exception exception)
    {
        Counters.TlsHandshakeFailed();
        Record(AuditKinds.AuthenticationFailed, null, null, "TLS handshake failed (not TLS, or no common protocol): " + exception.Message);
    }

    internal ILogger? Logger => _logger;

    /// <summary>The MQTTnet options of the running server (for tests: which endpoints are enabled).</summary>
    internal MqttServerOptions? ActiveServerOptions => _serverOptions;

    private sealed record Registration(ClientRole Role, int Connections);
}
