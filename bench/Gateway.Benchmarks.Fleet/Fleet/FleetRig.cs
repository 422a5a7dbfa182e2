using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using Gateway.Firmware.Core.Config;
using Gateway.HostSim.Runtime;
using Gateway.HostSim.Transport;
using Gateway.Ingest.Hosting;
using Gateway.Ingest.Pki;
using Gateway.Simulation.Devices;
using Gateway.Simulation.Scenarios;
using MQTTnet;

namespace Gateway.Benchmarks.Fleet.Fleet
{
    /// <summary>
    /// A live fleet as <see cref="FleetRun"/> builds it, but one that can grow while it runs: the ingestion host (embedded TLS
    /// broker, SQLite, IngestClient; no HTTP), and per node the real core <c>SensorNode</c> on simulated hardware
    /// (<see cref="LiveNode"/>: flash in a file, config file, own device certificate) with its own mutual-TLS
    /// <see cref="MqttNetTransport"/>, ticked by a <see cref="NodeScheduler"/> with FleetRun's workers and period. To grow,
    /// the scheduler is stopped and a new one started over all nodes; running nodes keep their state and connections.
    /// </summary>
    public sealed class FleetRig : IAsyncDisposable
    {
        /// <summary>FleetRun's scheduler period, ms (FleetRun.StartAsync: <c>new NodeScheduler(workers, 200)</c>).</summary>
        public const int TickMs = 200;

        /// <summary>Name prefix of the scheduler's threads (<see cref="NodeScheduler"/> names them fleet-worker-N).</summary>
        public const string WorkerThreadPrefix = "fleet-worker-";

        /// <summary>Firmware version the bench nodes report.</summary>
        public const string FirmwareVersion = "bench-1.0";

        /// <summary>Readings per sample of the bench board (BME280 3, SPS30 3, SCD4x 1, SGP 1, noise 1, light 1).</summary>
        public const int ReadingsPerSample = 10;

        /// <summary>The nodes' sample period (the scenario's <c>sampling.period</c>, <c>sample.period_s</c> on the device).</summary>
        public static readonly TimeSpan SamplePeriod = TimeSpan.FromSeconds(10);

        /// <summary>
        /// The bench scenario: environmental stations across the twelve Hebei cities with the board of the ingest mode's packs,
        /// every sensor sampled every 10 s (sample.period_s = 10), no alarms, no episodes, no faults; everything else default.
        /// </summary>
        public const string ScenarioJson = """
            {
              "name": "fleet-bench",
              "description": "Fleet benchmark: environmental stations sampling every 10 s, one pack of 10 readings per sample, no faults.",
              "seed": 4242,
              "tenant": "bench",
              "fleet": [
                {
                  "kind": "environmental",
                  "count": 1,
                  "cities": ["sjz", "bd", "ts", "hd", "zjk", "cd", "lf", "qhd", "xt", "cz", "hs", "xa"],
                  "site": "outdoor",
                  "sensors": ["bme280", "sps30", "scd4x", "sgp", "noise", "light"],
                  "board": "esp32-aq-station",
                  "sampling": { "period": "10s", "alarmPeriod": "10s" }
                }
              ]
            }
            """;

        private readonly List<LiveNode> _nodes = new();
        private readonly VirtualDeviceFactory _factory;
        private readonly MqttClientFactory _mqtt = new();
        private readonly string _fleetFolder;
        private NodeScheduler? _scheduler;

        private FleetRig(IngestHost host, Scenario scenario, string stateDirectory)
        {
            Host = host;
            Scenario = scenario;
            _factory = new VirtualDeviceFactory(scenario);
            _fleetFolder = Path.Combine(stateDirectory, "fleet");
            Workers = new FleetRunOptions().Workers;
        }

        public IngestHost Host { get; }

        public Scenario Scenario { get; }

        /// <summary>Scheduler threads: FleetRun's default (the core count, 1 to 4).</summary>
        public int Workers { get; }

        public IReadOnlyList<LiveNode> Nodes => _nodes;

        /// <summary>The scheduler currently ticking the nodes.</summary>
        public NodeScheduler Scheduler => _scheduler ?? throw new InvalidOperationException("no node has been added yet");

        /// <summary>Path of the ingestion store's SQLite file.</summary>
        public string DatabasePath { get; private init; } = string.Empty;

        public static async Task<FleetRig> StartAsync(string stateDirectory, int maxNodes, CancellationToken cancellationToken)
        {
            Scenario scenario = ScenarioLoader.Parse(ScenarioJson, "fleet-bench (built into the benchmark)")
                .WithStart(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds())
                .WithNodeCount(maxNodes);
            IngestHost host = await IngestHost.StartAsync(new IngestHostOptions
            {
                StateDirectory = stateDirectory,
                BrokerPort = 0,
                HttpUrl = null,
            }, cancellationToken);
            return new FleetRig(host, scenario, stateDirectory) { DatabasePath = Path.Combine(stateDirectory, "ingest.db") };
        }

        /// <summary>
        /// Provisions nodes up to <paramref name="count"/> (device certificate, <c>device.conf</c>, flash file) and restarts the
        /// scheduler over all of them. Returns the time provisioning took.
        /// </summary>
        public TimeSpan GrowTo(int count)
        {
            if (count > Scenario.NodeCount)
            {
                throw new ArgumentOutOfRangeException(nameof(count), count, $"the fleet was laid out for at most {Scenario.NodeCount} nodes");
            }
            var clock = Stopwatch.StartNew();
            for (int i = _nodes.Count; i < count; i++)
            {
                VirtualDevice device = _factory.Create(i);
                string folder = Path.Combine(_fleetFolder, device.DeviceId);
                Directory.CreateDirectory(folder);
                File.WriteAllText(Path.Combine(folder, DeviceConfig.FileName), device.ConfigText(Host.BrokerHost, Host.BrokerPort));
                var certificate = Host.Ca.IssueClientCertificate(device.DeviceId, ClientRole.Device);
                var transport = new MqttNetTransport(_mqtt, new MqttEndpoint(Host.BrokerHost, Host.BrokerPort, certificate, Host.Ca.Certificate,
                    TimeSpan.FromSeconds(10)));
                _nodes.Add(new LiveNode(device, transport, folder, FirmwareVersion));
            }
            TimeSpan provisioning = clock.Elapsed;
            RestartScheduler();
            return provisioning;
        }

        private void RestartScheduler()
        {
            _scheduler?.Dispose();
            var scheduler = new NodeScheduler(Workers, TickMs);
            for (int i = 0; i < _nodes.Count; i++)
            {
                scheduler.Add(_nodes[i], i);
            }
            scheduler.Start();
            _scheduler = scheduler;
        }

        public int Connected()
        {
            int connected = 0;
            foreach (LiveNode node in _nodes)
            {
                if (node.Transport.IsConnected)
                {
                    connected++;
                }
            }
            return connected;
        }

        /// <summary>Nodes that have had at least one of this run's records confirmed by ingestion (<c>down/ack</c>).</summary>
        public int Confirmed()
        {
            int confirmed = 0;
            foreach (LiveNode node in _nodes)
            {
                if (node.ReadFlash().Confirmed >= node.FirstSequenceThisRun)
                {
                    confirmed++;
                }
            }
            return confirmed;
        }

        /// <summary>Publishes the nodes' transports have had acknowledged (PUBACK) and lost, in all.</summary>
        public (long Acknowledged, long Failed) Publishes()
        {
            long acknowledged = 0;
            long failed = 0;
            foreach (LiveNode node in _nodes)
            {
                acknowledged += Interlocked.Read(ref node.Transport.PublishesAcknowledged);
                failed += Interlocked.Read(ref node.Transport.PublishesFailed);
            }
            return (acknowledged, failed);
        }

        /// <summary>The highest sequence each node has written to flash so far (read from another thread, as FleetRun's drain does).</summary>
        public long[] Written()
        {
            var written = new long[_nodes.Count];
            for (int i = 0; i < written.Length; i++)
            {
                written[i] = _nodes[i].ReadFlash().Written;
            }
            return written;
        }

        /// <summary>
        /// Nodes that have not yet been confirmed through what they had written at <paramref name="mark"/> (from <see cref="Written"/>):
        /// taken <c>d</c> seconds after the mark, these are the nodes whose confirmations lag by more than <c>d</c> seconds.
        /// </summary>
        public int StillUnconfirmed(long[] mark)
        {
            int lagging = 0;
            for (int i = 0; i < mark.Length; i++)
            {
                if (_nodes[i].ReadFlash().Confirmed < mark[i])
                {
                    lagging++;
                }
            }
            return lagging;
        }

        /// <summary>Stops ticking and closes every node's connection (the ingestion host keeps running).</summary>
        public void StopNodes()
        {
            _scheduler?.Dispose();
            _scheduler = null;
            foreach (LiveNode node in _nodes)
            {
                node.Transport.Dispose();
            }
        }

        public async ValueTask DisposeAsync()
        {
            StopNodes();
            await Host.DisposeAsync();
        }
    }
}
