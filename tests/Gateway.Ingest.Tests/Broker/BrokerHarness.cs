using System;
using System.Collections.Generic;
using System.Net;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using System.Threading;
using System.Threading.Channels;
using System.Threading.Tasks;
using Gateway.Ingest.Broker;
using Gateway.Ingest.Pki;
using Gateway.Ingest.Tests.Broker.Fakes;
using Gateway.Ingest.Tests.Pki;
using MQTTnet;
using MQTTnet.Formatter;
using Xunit;

namespace Gateway.Ingest.Tests.Broker;

/// <summary>One embedded broker on a free loopback port with a fresh fleet CA, plus MQTTnet clients that connect to it over TLS.</summary>
internal sealed class BrokerHarness : IAsyncDisposable
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    private readonly List<IMqttClient> _clients = new();
    private readonly List<X509Certificate2> _certificates = new();

    private BrokerHarness(TemporaryDirectory state, MemoryAuditLog audit, EmbeddedBroker broker)
    {
        State = state;
        Audit = audit;
        Broker = broker;
    }

    public TemporaryDirectory State { get; }

    public MemoryAuditLog Audit { get; }

    public EmbeddedBroker Broker { get; }

    public FleetCa Ca => Broker.Ca;

    public static async Task<BrokerHarness> StartAsync()
    {
        var state = new TemporaryDirectory();
        var audit = new MemoryAuditLog();
        var broker = new EmbeddedBroker(new EmbeddedBrokerOptions { StateDirectory = state.Path, Port = 0 }, audit);
        await broker.StartAsync();
        return new BrokerHarness(state, audit, broker);
    }

    public X509Certificate2 Device(string id) => Keep(Ca.IssueClientCertificate(id, ClientRole.Device));

    public X509Certificate2 Service(string id = "ingest-1") => Keep(Ca.IssueClientCertificate(id, ClientRole.Service));

    public X509Certificate2 Keep(X509Certificate2 certificate)
    {
        _certificates.Add(certificate);
        return certificate;
    }

    public MqttClientOptions Options(X509Certificate2? certificate, string clientId, IPAddress? address = null,
        MqttProtocolVersion version = MqttProtocolVersion.V500, bool tls = true)
    {
        var builder = new MqttClientOptionsBuilder()
            .WithEndPoint(new IPEndPoint(address ?? IPAddress.Loopback, Broker.Port))
            .WithClientId(clientId)
            .WithProtocolVersion(version)
            .WithCleanSession(true)
            .WithTimeout(Timeout);
        if (tls)
        {
            builder.WithTlsOptions(o =>
            {
                o.UseTls(true)
                    .WithTargetHost("localhost")
                    .WithSslProtocols(SslProtocols.Tls12 | SslProtocols.Tls13)
                    .WithCertificateValidationHandler(e => Ca.ValidateServerCertificate(e.Certificate, e.SslPolicyErrors).IsValid);
                if (certificate is not null)
                {
                    o.WithClientCertificates(new[] { certificate });
                }
            });
        }
        return builder.Build();
    }

    /// <summary>Connects and asserts success.</summary>
    public async Task<IMqttClient> ConnectAsync(X509Certificate2 certificate, string clientId, IPAddress? address = null,
        MqttProtocolVersion version = MqttProtocolVersion.V500)
    {
        IMqttClient client = NewClient();
        using var timeout = new CancellationTokenSource(Timeout);
        MqttClientConnectResult result = await client.ConnectAsync(Options(certificate, clientId, address, version), timeout.Token);
        Assert.Equal(MqttClientConnectResultCode.Success, result.ResultCode);
        return client;
    }

    /// <summary>Connects and asserts that the broker refuses: returns the failure (exception) as text.</summary>
    public async Task<string> ConnectExpectingRefusalAsync(MqttClientOptions options)
    {
        IMqttClient client = NewClient();
        using var timeout = new CancellationTokenSource(Timeout);
        try
        {
            MqttClientConnectResult result = await client.ConnectAsync(options, timeout.Token);
            // MQTTnet 5 returns a CONNACK refusal as a result rather than throwing.
            Assert.NotEqual(MqttClientConnectResultCode.Success, result.ResultCode);
            return $"{result.ResultCode}: {result.ReasonString}";
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested)
        {
            throw new TimeoutException("connection attempt neither succeeded nor failed in time");
        }
        catch (Exception exception) when (exception is not Xunit.Sdk.XunitException)
        {
            Assert.False(client.IsConnected);
            return exception.ToString();
        }
    }

    /// <summary>Every message the client receives, in order.</summary>
    public static ChannelReader<MqttApplicationMessage> Inbox(IMqttClient client)
    {
        Channel<MqttApplicationMessage> inbox = Channel.CreateUnbounded<MqttApplicationMessage>();
        client.ApplicationMessageReceivedAsync += e =>
        {
            inbox.Writer.TryWrite(e.ApplicationMessage);
            return Task.CompletedTask;
        };
        return inbox.Reader;
    }

    public static async Task<MqttApplicationMessage> NextAsync(ChannelReader<MqttApplicationMessage> inbox)
    {
        using var timeout = new CancellationTokenSource(Timeout);
        try
        {
            return await inbox.ReadAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException("no message received in time");
        }
    }

    private IMqttClient NewClient()
    {
        IMqttClient client = new MqttClientFactory().CreateMqttClient();
        _clients.Add(client);
        return client;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (IMqttClient client in _clients)
        {
            try
            {
                if (client.IsConnected)
                {
                    await client.DisconnectAsync(new MqttClientDisconnectOptions());
                }
            }
            catch (Exception)
            {
                // the broker may already have closed it
            }
            client.Dispose();
        }
        await Broker.DisposeAsync();
        foreach (X509Certificate2 certificate in _certificates)
        {
            certificate.Dispose();
        }
        State.Dispose();
    }
}
