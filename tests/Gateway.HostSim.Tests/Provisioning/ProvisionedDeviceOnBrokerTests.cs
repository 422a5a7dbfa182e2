using System;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Net;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using System.Threading;
using System.Threading.Tasks;
using Gateway.Firmware.Core.Config;
using Gateway.Firmware.Core.Node;
using Gateway.Firmware.Core.Platform;
using Gateway.Firmware.Core.Uplink;
using Gateway.HostSim.Transport;
using Gateway.Ingest.Audit;
using Gateway.Ingest.Broker;
using Gateway.Ingest.Pki;
using Gateway.Simulation.Storage;
using MQTTnet;
using MQTTnet.Formatter;
using Xunit;

namespace Gateway.HostSim.Tests.Provisioning;

/// <summary>
/// The technician's flow minus flashing: the CA and the device are provisioned with the commands, the embedded broker of
/// the same state folder runs on a free loopback port, and the device's files are used exactly as the device uses them.
/// </summary>
public sealed class ProvisionedDeviceOnBrokerTests : IAsyncDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);
    private readonly ProvisionHarness _h = new();
    private readonly RecordingAuditLog _audit = new();
    private EmbeddedBroker? _broker;

    [Fact]
    public async Task Broker_accepts_the_provisioned_certificate_and_refuses_it_once_revoked()
    {
        EmbeddedBroker broker = await StartBrokerAsync();
        Assert.Equal(0, _h.Device("aq-0007", "--broker", $"127.0.0.1:{broker.Port}").ExitCode);
        string folder = _h.DeviceFolder("aq-0007");
        using X509Certificate2 identity = X509Certificate2.CreateFromPemFile(Path.Combine(folder, "device.crt"), Path.Combine(folder, "device.key"));
        using X509Certificate2 trusted = X509Certificate2.CreateFromPem(File.ReadAllText(Path.Combine(folder, "ca.pem")));

        using (IMqttClient before = new MqttClientFactory().CreateMqttClient())
        {
            using var timeout = new CancellationTokenSource(Timeout);
            MqttClientConnectResult result = await before.ConnectAsync(Options(identity, trusted, "aq-0007", broker.Port), timeout.Token);
            Assert.Equal(MqttClientConnectResultCode.Success, result.ResultCode);
            await before.DisconnectAsync(new MqttClientDisconnectOptions(), timeout.Token);
        }

        CommandRun revoke = _h.Run("provision", "revoke", "--id", "aq-0007", "--reason", "stolen from the depot", "--state", _h.State);
        Assert.True(revoke.ExitCode == 0, revoke.All);

        Task<AuditEvent> refusal = _audit.WaitForAsync(e => e.Kind == AuditKinds.AuthenticationFailed && e.Subject == "aq-0007");
        using (IMqttClient after = new MqttClientFactory().CreateMqttClient())
        {
            using var timeout = new CancellationTokenSource(Timeout);
            bool connected;
            try
            {
                MqttClientConnectResult result = await after.ConnectAsync(Options(identity, trusted, "aq-0007", broker.Port), timeout.Token);
                connected = result.ResultCode == MqttClientConnectResultCode.Success;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                connected = false;
            }
            Assert.False(connected);
            Assert.False(after.IsConnected);
        }
        AuditEvent audited = await refusal.WaitAsync(Timeout);
        Assert.Contains("revoked", audited.Detail);
        Assert.Contains("stolen from the depot", audited.Detail);
    }

    [Fact]
    public async Task Provisioned_files_let_the_core_node_connect_through_the_transport_and_report_its_status()
    {
        EmbeddedBroker broker = await StartBrokerAsync();
        CommandRun provisioned = _h.Device("aq-0007", "--broker", $"127.0.0.1:{broker.Port}", "--set", "uplink.status_period_s=60");
        Assert.True(provisioned.ExitCode == 0, provisioned.All);
        string folder = _h.DeviceFolder("aq-0007");

        // A subscriber with a service identity sees what the device publishes.
        using X509Certificate2 service = broker.Ca.IssueClientCertificate("ingest-test", ClientRole.Service);
        using IMqttClient subscriber = new MqttClientFactory().CreateMqttClient();
        var status = new TaskCompletionSource<MqttApplicationMessage>(TaskCreationOptions.RunContinuationsAsynchronously);
        subscriber.ApplicationMessageReceivedAsync += e =>
        {
            if (e.ApplicationMessage.Topic == "gw/v1/city/aq-0007/up/status")
            {
                status.TrySetResult(e.ApplicationMessage);
            }
            return Task.CompletedTask;
        };
        using (var timeout = new CancellationTokenSource(Timeout))
        {
            await subscriber.ConnectAsync(Options(service, broker.Ca.Certificate, "ingest-test", broker.Port), timeout.Token);
            await subscriber.SubscribeAsync(new MqttClientSubscribeOptionsBuilder().WithTopicFilter("gw/v1/city/aq-0007/up/#").Build(), timeout.Token);
        }

        // The device side, as the ESP32 shell wires it: files from the provisioned folder, TLS files named by device.conf.
        var files = new FolderFileStorage(folder);
        Assert.True(DeviceConfigParser.TryParse(files.ReadAllText(DeviceConfig.FileName)!, out DeviceConfig? config, out _));
        using X509Certificate2 identity = X509Certificate2.CreateFromPemFile(Path.Combine(folder, config!.TlsCertFile), Path.Combine(folder, config.TlsKeyFile));
        using X509Certificate2 trusted = X509Certificate2.CreateFromPem(File.ReadAllText(Path.Combine(folder, config.TlsCaFile)));
        using var transport = new MqttNetTransport(new MqttClientFactory(),
            new MqttEndpoint(config.BrokerHost, config.BrokerPort, identity, trusted, TimeSpan.FromSeconds(10)));
        using var flash = new FileSegmentStorage(Path.Combine(_h.Root, "flash.bin"), 8, 16 * 1024);
        var clock = new SystemClock();
        var indicator = new LastIndicator();
        var node = new SensorNode(new NodePorts(clock, flash, files, transport, new AlwaysUpLink(), new NoPower(), indicator, new FixedHealth(),
            Array.Empty<ISensor>()), "test", 7);

        var elapsed = Stopwatch.StartNew();
        while (!status.Task.IsCompleted && elapsed.Elapsed < Timeout)
        {
            transport.DrainEvents();
            node.Tick(clock.MonotonicMs);
            await Task.WhenAny(status.Task, Task.Delay(20));
        }

        Assert.True(status.Task.IsCompleted,
            $"no status from the node in {Timeout.TotalSeconds} s: state {node.State}, uplink {node.Uplink?.State}, indicator {indicator.Last}, " +
            $"last error '{node.LastError}', config errors '{string.Join("; ", node.ConfigErrors.Select(e => e.Message))}', transport {transport.LastException?.Message}");
        Assert.Equal(NodeState.Running, node.State);
        Assert.Equal(UplinkState.Connected, node.Uplink!.State);
        Assert.False((await status.Task).Payload.IsEmpty);
        Assert.Equal(0, broker.Counters.AuthenticationFailures);
        transport.Disconnect();
    }

    private async Task<EmbeddedBroker> StartBrokerAsync()
    {
        _h.CreateCa();
        _broker = new EmbeddedBroker(new EmbeddedBrokerOptions { StateDirectory = _h.State, Port = 0, IPv6Address = null }, _audit);
        await _broker.StartAsync();
        return _broker;
    }

    private static MqttClientOptions Options(X509Certificate2 identity, X509Certificate2 trusted, string clientId, int port) =>
        new MqttClientOptionsBuilder()
            .WithEndPoint(new IPEndPoint(IPAddress.Loopback, port))
            .WithClientId(clientId)
            .WithProtocolVersion(MqttProtocolVersion.V500)
            .WithCleanSession(true)
            .WithTimeout(TimeSpan.FromSeconds(10))
            .WithTlsOptions(o => o.UseTls(true)
                .WithTargetHost("localhost")
                .WithSslProtocols(SslProtocols.Tls12 | SslProtocols.Tls13)
                .WithTrustChain(new X509Certificate2Collection(trusted))
                .WithCertificateValidationHandler(e => ChainsTo(e.Certificate, trusted))
                .WithClientCertificates(new[] { identity }))
            .Build();

    private static bool ChainsTo(X509Certificate? presented, X509Certificate2 trusted)
    {
        if (presented is null)
        {
            return false;
        }
        using X509Certificate2 server = X509CertificateLoader.LoadCertificate(presented.GetRawCertData());
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(trusted);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        return chain.Build(server);
    }

    public async ValueTask DisposeAsync()
    {
        if (_broker != null)
        {
            await _broker.DisposeAsync();
        }
        _h.Dispose();
    }

    private sealed class RecordingAuditLog : IAuditLog
    {
        private readonly ConcurrentQueue<AuditEvent> _events = new();
        private readonly ConcurrentQueue<(Func<AuditEvent, bool> Match, TaskCompletionSource<AuditEvent> Done)> _waiters = new();

        public void Record(AuditEvent auditEvent)
        {
            _events.Enqueue(auditEvent);
            foreach (var waiter in _waiters)
            {
                if (waiter.Match(auditEvent))
                {
                    waiter.Done.TrySetResult(auditEvent);
                }
            }
        }

        public Task<AuditEvent> WaitForAsync(Func<AuditEvent, bool> match)
        {
            var done = new TaskCompletionSource<AuditEvent>(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Enqueue((match, done));
            foreach (AuditEvent seen in _events)
            {
                if (match(seen))
                {
                    done.TrySetResult(seen);
                }
            }
            return done.Task;
        }
    }

    private sealed class SystemClock : IClock
    {
        public long MonotonicMs => Environment.TickCount64;

        public bool TryGetUnixTimeMs(out long unixTimeMs)
        {
            unixTimeMs = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
            return true;
        }
    }

    private sealed class AlwaysUpLink : INetworkLink
    {
        public bool IsUp => true;

        public int RssiDbm => -60;

        public void RequestConnect()
        {
        }
    }

    private sealed class NoPower : IPowerControl
    {
        public ResetCause LastResetCause => ResetCause.PowerOn;

        public void RequestSleep(long durationMs)
        {
        }

        public void RequestReboot()
        {
        }
    }

    private sealed class LastIndicator : IStatusIndicator
    {
        public IndicatorCode Last { get; private set; }

        public void Show(IndicatorCode code) => Last = code;
    }

    private sealed class FixedHealth : IDeviceHealth
    {
        public long FreeMemoryBytes => 200_000;
    }
}
