using System.Threading;

namespace Gateway.Ingest.Broker;

/// <summary>Thread-safe counters of the embedded broker, for /metrics and status.</summary>
public sealed class BrokerCounters
{
    private long _connectedClients;
    private long _connections;
    private long _authenticationFailures;
    private long _accessDenials;
    private long _tlsHandshakeFailures;

    /// <summary>Clients connected right now.</summary>
    public long ConnectedClients => Interlocked.Read(ref _connectedClients);

    /// <summary>Connections accepted since start.</summary>
    public long Connections => Interlocked.Read(ref _connections);

    /// <summary>Connections refused since start: no certificate, wrong CA, expired, revoked, client id not matching the certificate.</summary>
    public long AuthenticationFailures => Interlocked.Read(ref _authenticationFailures);

    /// <summary>Publishes and subscriptions refused by the topic ACL since start.</summary>
    public long AccessDenials => Interlocked.Read(ref _accessDenials);

    /// <summary>
    /// TLS handshakes that failed for another reason than a refused certificate (plain TCP or garbage sent to the TLS port,
    /// protocol version or cipher mismatch, peer gone mid-handshake) since start.
    /// </summary>
    public long TlsHandshakeFailures => Interlocked.Read(ref _tlsHandshakeFailures);

    internal void ClientConnected()
    {
        Interlocked.Increment(ref _connectedClients);
        Interlocked.Increment(ref _connections);
    }

    internal void ClientDisconnected() => Interlocked.Decrement(ref _connectedClients);

    internal void AuthenticationFailed() => Interlocked.Increment(ref _authenticationFailures);

    internal void AccessDenied() => Interlocked.Increment(ref _accessDenials);

    internal void TlsHandshakeFailed() => Interlocked.Increment(ref _tlsHandshakeFailures);
}
