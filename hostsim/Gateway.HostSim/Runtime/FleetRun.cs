using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Gateway.Ingest.Hosting;
using Gateway.Ingest.Pki;
using Gateway.Ingest.Storage;
using Gateway.HostSim.Transport;
using Gateway.Simulation.Devices;
using Gateway.Simulation.Scenarios;
using MQTTnet;

namespace Gateway.HostSim.Runtime;

/// <summary>
/// A live run: the ingestion service (embedded TLS broker, SQLite, HTTP) and a virtual fleet in one process, the nodes
/// running the real core over real mutual-TLS MQTT connections, ticked in real time by a few scheduler threads.
/// </summary>
public sealed class FleetRun : IAsyncDisposable
{
    /// <summary>Firmware version the virtual nodes report.</summary>
    public const string FirmwareVersion = "sim-1.0";

    private readonly FleetRunOptions _options;
    private readonly List<LiveNode> _nodes = new();
    private IngestHost? _host;
    private NodeScheduler? _scheduler;
    private Scenario? _scenario;
    private DateTimeOffset _startedAt;

    /// <summary>Creates a run; <see cref="StartAsync"/> starts it.</summary>
    public FleetRun(FleetRunOptions options)
    {
        _options = options;
    }

    /// <summary>The ingestion host (after start).</summary>
    public IngestHost Host => _host ?? throw new InvalidOperationException("not started");

    /// <summary>The running nodes (after start).</summary>
    public IReadOnlyList<LiveNode> Nodes => _nodes;

    /// <summary>The scenario in use (after start).</summary>
    public Scenario Scenario => _scenario ?? throw new InvalidOperationException("not started");

    /// <summary>The scheduler (after start).</summary>
    public NodeScheduler Scheduler => _scheduler ?? throw new InvalidOperationException("not started");

    /// <summary>When the fleet started.</summary>
    public DateTimeOffset StartedAt => _startedAt;

    /// <summary>
    /// Loads the scenario, starts ingestion, provisions the virtual devices (certificates and configs kept in the state
    /// folder), and starts ticking the fleet. Errors name what was wrong (scenario field, port in use, …).
    /// </summary>
    public async Task StartAsync(Action<string> progress, CancellationToken cancellationToken)
    {
        var catalog = ScenarioCatalog.Locate();
        var scenario = catalog.Load(_options.Scenario).WithStart(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
        if (_options.Devices is int devices)
        {
            scenario = scenario.WithNodeCount(devices);
        }
        _scenario = scenario;
        progress($"scenario {scenario.Name}: {scenario.NodeCount} nodes — {scenario.Summary}");

        _host = await IngestHost.StartAsync(new IngestHostOptions
        {
            StateDirectory = _options.StateDirectory,
            Store = _options.Store,
            EmbeddedBroker = _options.Broker == null,
            Broker = _options.Broker,
            BrokerCaPath = _options.BrokerCaPath,
            SharedGroup = _options.SharedGroup,
            BrokerPort = _options.BrokerPort,
            HttpUrl = _options.HttpUrl,
        }, cancellationToken).ConfigureAwait(false);
        progress($"broker mqtts://{_host.BrokerHost}:{_host.BrokerPort} (TLS, client certificates from {_host.Ca.CertificatePath})");

        var factory = new VirtualDeviceFactory(scenario);
        var mqtt = new MqttClientFactory();
        string fleetFolder = Path.Combine(_options.StateDirectory, "fleet");
        _scheduler = new NodeScheduler(_options.Workers, 200);
        int issued = 0;
        for (int i = 0; i < factory.NodeCount; i++)
        {
            var device = factory.Create(i);
            string folder = Path.Combine(fleetFolder, device.DeviceId);
            var certificate = DeviceCertificate(_host.Ca, device.DeviceId, folder, ref issued);
            string configPath = Path.Combine(folder, Gateway.Firmware.Core.Config.DeviceConfig.FileName);
            if (!File.Exists(configPath))
            {
                Directory.CreateDirectory(folder);
                File.WriteAllText(configPath, device.ConfigText(_host.BrokerHost, _host.BrokerPort));
            }
            var transport = new MqttNetTransport(mqtt, new MqttEndpoint(_host.BrokerHost, _host.BrokerPort, certificate, _host.BrokerTrust,
                TimeSpan.FromSeconds(10)));
            var node = new LiveNode(device, transport, folder, FirmwareVersion);
            _nodes.Add(node);
            _scheduler.Add(node, i);
        }
        progress($"provisioned {factory.NodeCount} virtual devices ({issued} new certificates) in {Path.GetFullPath(fleetFolder)}");
        _startedAt = DateTimeOffset.UtcNow;
        _scheduler.Start();
    }

    private static System.Security.Cryptography.X509Certificates.X509Certificate2 DeviceCertificate(FleetCa ca, string deviceId, string folder, ref int issued)
    {
        string certificatePath = Path.Combine(folder, "device.crt");
        string keyPath = Path.Combine(folder, "device.key");
        if (File.Exists(certificatePath) && File.Exists(keyPath))
        {
            var existing = CertificatePem.LoadFiles(certificatePath, keyPath);
            if (ca.ValidateClientCertificate(existing).IsValid)
            {
                return existing;
            }
        }
        Directory.CreateDirectory(folder);
        var certificate = ca.IssueClientCertificate(deviceId, ClientRole.Device);
        CertificatePem.WriteFiles(certificate, certificatePath, keyPath);
        issued++;
        return certificate;
    }

    /// <summary>
    /// Ends the run: notes what every node wrote, waits (up to the drain timeout) until ingestion confirmed it, stops the
    /// fleet and computes the summary from the store.
    /// </summary>
    public async Task<FleetSummary> StopAsync(CancellationToken cancellationToken)
    {
        var host = Host;
        double seconds = (DateTimeOffset.UtcNow - _startedAt).TotalSeconds;
        var expected = _nodes.Select(n => n.ReadFlash().Written).ToArray();
        var deadline = DateTimeOffset.UtcNow + _options.DrainTimeout;
        while (DateTimeOffset.UtcNow < deadline && !cancellationToken.IsCancellationRequested)
        {
            bool settled = true;
            for (int i = 0; i < _nodes.Count && settled; i++)
            {
                var flash = _nodes[i].ReadFlash();
                settled = flash.Confirmed >= expected[i] || _nodes[i].IsOff;
            }
            if (settled)
            {
                break;
            }
            await Task.Delay(250, CancellationToken.None).ConfigureAwait(false);
        }
        _scheduler!.Dispose();

        long stored = 0, twice = 0, missing = 0, evicted = 0, alarms = 0, expectedTotal = 0;
        var latencies = new List<long>();
        for (int i = 0; i < _nodes.Count; i++)
        {
            var node = _nodes[i];
            long first = node.FirstSequenceThisRun;
            var rows = await host.Store.QueryReadingsAsync(new ReadingQuery(node.Device.DeviceId) { Limit = 1_000_000 }, CancellationToken.None)
                .ConfigureAwait(false);
            var mine = rows.Where(r => r.Sequence >= first && r.Sequence <= expected[i]).ToList();
            int distinct = mine.Select(r => r.Sequence).Distinct().Count();
            long nodeEvicted = node.ReadFlash().Evicted - node.EvictedAtStart;
            long wanted = Math.Max(0, expected[i] - first + 1);
            expectedTotal += wanted;
            stored += distinct;
            twice += mine.Count - distinct;
            evicted += nodeEvicted;
            missing += Math.Max(0, wanted - distinct - nodeEvicted);
            alarms += mine.Count(r => r.Kind == StoredReadingKind.Alarm);
            latencies.AddRange(mine.Select(r => r.ReceivedUnixMs - r.DeviceTimeUnixMs));
        }
        latencies.Sort();
        var metrics = host.Pipeline.Metrics.Snapshot();
        return new FleetSummary
        {
            Scenario = Scenario.Name,
            Devices = _nodes.Count,
            DurationSeconds = Math.Round(seconds, 1),
            ReadingsSampled = _nodes.Sum(n => n.ReadingsSampled),
            RecordsExpected = expectedTotal,
            ReadingsStored = stored,
            StoredTwice = twice,
            Missing = missing,
            Evicted = evicted,
            Rejected = metrics.Quarantined,
            Alarms = alarms,
            MessagesPerSecond = Math.Round(host.Client.Committed / Math.Max(1, seconds), 1),
            LatencyP50Ms = Percentile(latencies, 0.50),
            LatencyP99Ms = Percentile(latencies, 0.99),
            Reboots = _nodes.Sum(n => n.Reboots),
        };
    }

    private static double Percentile(List<long> sorted, double p) =>
        sorted.Count == 0 ? 0 : sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p * sorted.Count) - 1)];

    /// <summary>Stops everything that is still running.</summary>
    public async ValueTask DisposeAsync()
    {
        _scheduler?.Dispose();
        foreach (var node in _nodes)
        {
            node.Dispose();
        }
        if (_host != null)
        {
            await _host.DisposeAsync().ConfigureAwait(false);
        }
    }
}
