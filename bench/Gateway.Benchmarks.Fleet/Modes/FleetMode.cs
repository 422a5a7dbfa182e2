using System;
using System.Buffers;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Gateway.Benchmarks.Fleet.Fleet;
using Gateway.Benchmarks.Fleet.Measurement;
using Gateway.Benchmarks.Fleet.Mqtt;
using Gateway.Benchmarks.Fleet.Workloads;
using Gateway.Ingest.Pipeline;
using Gateway.Ingest.Pki;
using Microsoft.Data.Sqlite;
using MQTTnet;
using MQTTnet.Protocol;
using static Gateway.Benchmarks.Fleet.Modes.IngestMode;

namespace Gateway.Benchmarks.Fleet.Modes
{
    /// <summary>
    /// <c>fleet</c>: how many FleetRun-like nodes one process sustains. The fleet grows step by step (nodes are added 500 at a
    /// time, each connecting over its own TLS connection); each step is measured over a window once every node has been
    /// confirmed at least once. A step is sustained when
    /// <list type="bullet">
    /// <item>the scheduler keeps its 200 ms rounds (at most 1 % late),</item>
    /// <item>confirmations keep up (at most 1 % of the nodes not yet confirmed, at the end of the window, through what they had
    /// written one sample period earlier),</item>
    /// <item>at least 95 % of the expected packs are published (PUBACK) and no publish fails, and no node step throws.</item>
    /// </list>
    /// Stepping stops at the first step that is not sustained, or at the time, memory or open-file bound. Afterwards the nodes
    /// are stopped and a bare MQTTnet publisher loop (QoS 1 as fast as acknowledged, the fleet's own packs) runs against the same
    /// broker and ingestion, for the publish-rate and CPU-per-message ratios.
    /// </summary>
    public static class FleetMode
    {
        private const int GrowChunk = 500;
        private const double MaxLateRoundShare = 0.01;
        private const double MaxLaggingShare = 0.01;
        private const double MinPublishedShare = 0.95;
        private static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(90);
        private static readonly TimeSpan SettleTimeout = TimeSpan.FromSeconds(60);
        private static readonly TimeSpan SniffLength = TimeSpan.FromSeconds(10);
        private const long BytesPerNodeGuess = 512 * 1024;
        private const int DescriptorsPerNode = 3; // flash file, client socket, broker-side socket

        public static async Task<int> RunAsync(FleetSettings settings)
        {
            var total = Stopwatch.StartNew();
            Console.WriteLine(MachineLine());
            using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(settings.BudgetSeconds + 600));
            using var scratch = new ScratchFolder("gateway-fleetbench-fleet");
            int maxNodes = settings.Steps[settings.Steps.Length - 1];
            await using FleetRig rig = await FleetRig.StartAsync(scratch.Path, maxNodes, stop.Token);
            Console.WriteLine($"ingestion host: embedded broker mqtts://{rig.Host.BrokerHost}:{rig.Host.BrokerPort}, SQLite {rig.DatabasePath}; " +
                $"scheduler: {rig.Workers} workers, {FleetRig.TickMs} ms rounds; nodes sample every 10 s ({FleetRig.ReadingsPerSample} readings per pack)");

            long baseWorkingSet = ProcessProbe.WorkingSetBytes;
            long baseHeap = ProcessProbe.LiveHeapBytes();
            Console.WriteLine($"before the fleet: working set {Mb(baseWorkingSet)}, live GC heap {Mb(baseHeap)}");

            var steps = new List<StepResult>();
            string stoppedBecause = "every step of --steps was sustained";
            Sniffed? sniffed = null;
            long? descriptorLimit = ProcessProbe.OpenFileLimit();
            foreach (int step in settings.Steps)
            {
                string? bound = Bound(step, steps, total.Elapsed, settings, descriptorLimit);
                if (bound != null)
                {
                    stoppedBecause = bound;
                    break;
                }
                StepResult result = await RunStepAsync(rig, step, settings, baseWorkingSet, baseHeap, sniffed == null, stop.Token,
                    s => sniffed = s);
                steps.Add(result);
                Console.WriteLine(result.Describe());
                if (!result.Sustained)
                {
                    stoppedBecause = $"{step} nodes not sustained: {result.Failure}";
                    break;
                }
            }

            StepResult? best = steps.LastOrDefault(s => s.Sustained);
            rig.StopNodes();
            Console.WriteLine($"fleet stopped ({stoppedBecause}); bare publisher loop for {settings.BareSeconds} s");
            BareResult bare = await RunBareLoopAsync(rig, settings, sniffed, stop.Token);
            Console.WriteLine($"bare loop: {N(bare.Acknowledged)} publishes acknowledged in {bare.Elapsed.TotalSeconds:0.0} s = {N(bare.PerSecond)}/s, " +
                $"CPU {bare.CpuPerMessageMs:0.000} ms per message; {bare.Clients} connections ({bare.ConnectTime.TotalSeconds:0.0} s to connect), {bare.Payloads}");

            PrintReport(steps, best, bare, sniffed, stoppedBecause, settings, total.Elapsed);
            return best == null ? 1 : 0;
        }

        private static string? Bound(int step, List<StepResult> done, TimeSpan elapsed, FleetSettings settings, long? descriptorLimit)
        {
            if (elapsed.TotalSeconds > settings.BudgetSeconds)
            {
                return $"time budget of {settings.BudgetSeconds} s used up before the {step}-node step (--budget)";
            }
            // Each node holds its flash file, its client socket and the broker's socket: three descriptors (measured per step).
            double perNodeDescriptors = done.Count > 0 && done[^1].Descriptors > 0 ? (double)done[^1].Descriptors / done[^1].Nodes : DescriptorsPerNode;
            long needed = (long)(step * perNodeDescriptors) + 1000;
            if (descriptorLimit is long limit && needed > limit)
            {
                return $"{step} nodes would need about {needed} open files ({perNodeDescriptors:0.0} per node); the limit is {limit} (ulimit -n)";
            }
            long perNode = done.Count > 0 ? Math.Max(done[^1].WorkingSetPerNode, 1) : BytesPerNodeGuess;
            long? available = ProcessProbe.AvailableMemoryBytes();
            long more = (long)(step - (done.Count > 0 ? done[^1].Nodes : 0)) * perNode;
            if (available is long free && more > free / 2)
            {
                return $"{step} nodes would need about {Mb(more)} more memory; only {Mb(free)} is available (bound: half of it)";
            }
            return null;
        }

        private static async Task<StepResult> RunStepAsync(FleetRig rig, int step, FleetSettings settings, long baseWorkingSet, long baseHeap,
            bool sniff, CancellationToken cancellationToken, Action<Sniffed> sniffedPayloads)
        {
            var ramp = Stopwatch.StartNew();
            TimeSpan provisioning = TimeSpan.Zero;
            while (rig.Nodes.Count < step)
            {
                provisioning += rig.GrowTo(Math.Min(step, rig.Nodes.Count + GrowChunk));
                if (!await WaitUntilAsync(() => rig.Connected() == rig.Nodes.Count, ConnectTimeout, cancellationToken))
                {
                    return StepResult.Failed(step, $"only {rig.Connected()} of {rig.Nodes.Count} nodes connected within {ConnectTimeout.TotalSeconds:0} s");
                }
            }
            TimeSpan connected = ramp.Elapsed;
            if (sniff)
            {
                sniffedPayloads(await SniffAsync(rig, cancellationToken));
            }
            if (!await WaitUntilAsync(() => rig.Confirmed() == rig.Nodes.Count, SettleTimeout, cancellationToken))
            {
                return StepResult.Failed(step, $"only {rig.Confirmed()} of {rig.Nodes.Count} nodes had a confirmation within {SettleTimeout.TotalSeconds:0} s");
            }
            // A little more, so that the boot-time status messages and the first packs are out of the way.
            await Task.Delay(TimeSpan.FromSeconds(5), cancellationToken);
            TimeSpan settled = ramp.Elapsed;

            // Confirmation lag: what each node had written one sample period before the end of the window must be confirmed by its end.
            Snapshot start = Snapshot.Take(rig);
            await Task.Delay(TimeSpan.FromSeconds(settings.WindowSeconds) - FleetRig.SamplePeriod, cancellationToken);
            long[] mark = rig.Written();
            await Task.Delay(FleetRig.SamplePeriod, cancellationToken);
            Snapshot end = Snapshot.Take(rig);
            int lagging = rig.StillUnconfirmed(mark);
            Percentiles sampleToStored = SampleToStored(rig.DatabasePath, start.UnixMs, end.UnixMs);
            long workingSet = ProcessProbe.WorkingSetBytes;
            long heap = ProcessProbe.LiveHeapBytes();
            int descriptors = ProcessProbe.OpenDescriptors() ?? 0;

            return new StepResult(step, true, null, connected, settled - connected, provisioning, start, end, lagging, sampleToStored,
                workingSet, heap, (workingSet - baseWorkingSet) / step, (heap - baseHeap) / step, descriptors).Judge();
        }

        private static async Task<bool> WaitUntilAsync(Func<bool> condition, TimeSpan timeout, CancellationToken cancellationToken)
        {
            var clock = Stopwatch.StartNew();
            while (!condition())
            {
                if (clock.Elapsed > timeout)
                {
                    return false;
                }
                await Task.Delay(250, cancellationToken);
            }
            return true;
        }

        /// <summary>Sizes of real fleet payloads, taken by a service-identity subscriber for a few seconds before the first window.</summary>
        /// <param name="PerDevice">The first telemetry pack of each device seen, with its topic: what the bare loop re-publishes.</param>
        private sealed record Sniffed(int Telemetry, double TelemetryMeanBytes, int Other, IReadOnlyList<(string Topic, byte[] Payload)> PerDevice);

        private static async Task<Sniffed> SniffAsync(FleetRig rig, CancellationToken cancellationToken)
        {
            var certificate = rig.Host.Ca.IssueClientCertificate("bench-sniffer", ClientRole.Service);
            IMqttClient client = await TlsClients.ConnectAsync(new MqttClientFactory(),
                TlsClients.Options(rig.Host.BrokerHost, rig.Host.BrokerPort, "bench-sniffer", certificate, rig.Host.Ca), cancellationToken);
            int telemetry = 0;
            long bytes = 0;
            int other = 0;
            var perDevice = new System.Collections.Concurrent.ConcurrentDictionary<string, byte[]>(StringComparer.Ordinal);
            client.ApplicationMessageReceivedAsync += e =>
            {
                string topic = e.ApplicationMessage.Topic;
                if (topic.EndsWith("/up/telemetry", StringComparison.Ordinal))
                {
                    Interlocked.Increment(ref telemetry);
                    Interlocked.Add(ref bytes, e.ApplicationMessage.Payload.Length);
                    perDevice.TryAdd(topic, e.ApplicationMessage.Payload.ToArray());
                }
                else
                {
                    Interlocked.Increment(ref other);
                }
                return Task.CompletedTask;
            };
            await client.SubscribeAsync(new MqttClientSubscribeOptionsBuilder()
                .WithTopicFilter("gw/v1/+/+/up/#", MqttQualityOfServiceLevel.AtMostOnce).Build(), cancellationToken);
            await Task.Delay(SniffLength, cancellationToken);
            await TlsClients.DisconnectAllAsync(new[] { client });
            var packs = perDevice.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => (p.Key, p.Value)).ToList();
            return new Sniffed(telemetry, telemetry == 0 ? double.NaN : (double)bytes / telemetry, other, packs);
        }

        /// <summary>Sample time (device time) to receipt by ingestion, for the readings received in the window, from the store.</summary>
        private static Percentiles SampleToStored(string databasePath, long fromUnixMs, long toUnixMs)
        {
            string connectionString = new SqliteConnectionStringBuilder { DataSource = databasePath, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString();
            using var connection = new SqliteConnection(connectionString);
            connection.Open();
            using SqliteCommand query = connection.CreateCommand();
            query.CommandText = "SELECT received_ms - device_time_ms FROM readings WHERE received_ms >= $from AND received_ms < $to";
            query.Parameters.AddWithValue("$from", fromUnixMs);
            query.Parameters.AddWithValue("$to", toUnixMs);
            var values = new List<double>();
            using SqliteDataReader reader = query.ExecuteReader();
            while (reader.Read())
            {
                values.Add(reader.GetInt64(0));
            }
            return Percentiles.Of(values);
        }

        private sealed record BareResult(int Clients, long Acknowledged, TimeSpan Elapsed, TimeSpan Cpu, TimeSpan ConnectTime, double PayloadBytes, string Payloads)
        {
            public double PerSecond => Acknowledged / Elapsed.TotalSeconds;

            public double CpuPerMessageMs => Cpu.TotalMilliseconds / Math.Max(1, Acknowledged);
        }

        /// <summary>
        /// The baseline publisher: bare MQTTnet clients with device certificates, each re-publishing a real fleet pack (taken by the
        /// sniffer) under that fleet device's own identity and topic, so the bytes on the wire are the fleet's; the nodes are
        /// stopped by then. Ingestion keeps consuming (the packs are replays to it, de-duplicated), as it does for the fleet.
        /// Without sniffed packs the clients send the ingest mode's packs under their own ids.
        /// </summary>
        private static async Task<BareResult> RunBareLoopAsync(FleetRig rig, FleetSettings settings, Sniffed? sniffed, CancellationToken cancellationToken)
        {
            List<(string Topic, byte[] Payload)> payloads;
            string source;
            if (sniffed != null && sniffed.PerDevice.Count > 0)
            {
                payloads = sniffed.PerDevice.Take(settings.BareClients).ToList();
                source = "the fleet's own packs and identities";
            }
            else
            {
                payloads = Enumerable.Range(1, settings.BareClients)
                    .Select(i => "bare-" + i.ToString("0000", CultureInfo.InvariantCulture))
                    .Select((id, i) => ($"gw/v1/{rig.Scenario.Tenant}/{id}/up/telemetry",
                        new EnvironmentalPacks(id, i).Encode(0, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds())))
                    .ToList();
                source = "generated packs (no fleet pack was sniffed)";
            }
            string[] ids = payloads.Select(p => p.Topic.Split('/')[3]).ToArray();
            var connecting = Stopwatch.StartNew();
            await using DevicePublishers publishers = await DevicePublishers.ConnectAsync(rig.Host.BrokerHost, rig.Host.BrokerPort, rig.Host.Ca,
                rig.Scenario.Tenant, ids, cancellationToken);
            TimeSpan connectTime = connecting.Elapsed;
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(settings.BareSeconds + 60));
            TimeSpan cpuBefore = ProcessProbe.TotalCpu;
            (long acknowledged, TimeSpan elapsed) = await publishers.PublishForAsync(payloads, TimeSpan.FromSeconds(settings.BareSeconds), timeout.Token);
            TimeSpan cpu = ProcessProbe.TotalCpu - cpuBefore;
            return new BareResult(ids.Length, acknowledged, elapsed, cpu, connectTime, payloads.Average(p => p.Payload.Length), source);
        }

        private sealed record Snapshot(long Timestamp, long UnixMs, TimeSpan Cpu, TimeSpan? WorkerCpu, TimeSpan? MachineBusy, long Rounds, long LateRounds,
            long Errors, long Acknowledged, long Failed, IngestMetricsSnapshot Ingest, long IngestReceived, long IngestCommitted, long Downlinks)
        {
            public static Snapshot Take(FleetRig rig)
            {
                (long acknowledged, long failed) = rig.Publishes();
                return new Snapshot(Stopwatch.GetTimestamp(), DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(), ProcessProbe.TotalCpu,
                    ProcessProbe.ThreadsCpu(FleetRig.WorkerThreadPrefix), ProcessProbe.MachineBusy(), rig.Scheduler.Rounds, rig.Scheduler.LateRounds, rig.Scheduler.Errors,
                    acknowledged, failed, rig.Host.Pipeline.Metrics.Snapshot(), rig.Host.Client.Received, rig.Host.Client.Committed,
                    rig.Host.Client.DownlinksPublished);
            }
        }

        private sealed record StepResult(int Nodes, bool Sustained, string? Failure, TimeSpan ConnectTime, TimeSpan SettleTime, TimeSpan Provisioning,
            Snapshot? Start, Snapshot? End, int Lagging, Percentiles? SampleToStored, long WorkingSet, long Heap,
            long WorkingSetPerNode, long HeapPerNode, int Descriptors = 0)
        {
            public static StepResult Failed(int nodes, string why) =>
                new(nodes, false, why, TimeSpan.Zero, TimeSpan.Zero, TimeSpan.Zero, null, null, 0, null, 0, 0, 0, 0);

            public double Seconds => Stopwatch.GetElapsedTime(Start!.Timestamp, End!.Timestamp).TotalSeconds;

            public long Rounds => End!.Rounds - Start!.Rounds;

            public double LateShare => (double)(End!.LateRounds - Start!.LateRounds) / Math.Max(1, Rounds);

            public long Published => End!.Acknowledged - Start!.Acknowledged;

            /// <summary>Telemetry packs expected in the window: one per node per 10 s (status messages come on top).</summary>
            public double Expected => Nodes * Seconds / 10.0;

            public double PublishedPerSecond => Published / Seconds;

            public double CpuCores => (End!.Cpu - Start!.Cpu).TotalSeconds / Seconds;

            public double? WorkerCores => End!.WorkerCpu.HasValue && Start!.WorkerCpu.HasValue
                ? (End.WorkerCpu.Value - Start.WorkerCpu.Value).TotalSeconds / Seconds
                : null;

            /// <summary>CPU the other processes of the machine took in the window (cores), when /proc/stat can be read.</summary>
            public double? OtherCores => End!.MachineBusy.HasValue && Start!.MachineBusy.HasValue
                ? Math.Max(0, ((End.MachineBusy.Value - Start.MachineBusy.Value).TotalSeconds / Seconds) - CpuCores)
                : null;

            /// <summary>CPU per node: ms of CPU per node per second of wall time (= thousandths of a core).</summary>
            public double CpuMsPerNodeSecond => CpuCores * 1000 / Nodes;

            public double CpuPerMessageMs => (End!.Cpu - Start!.Cpu).TotalMilliseconds / Math.Max(1, Published);

            public long ReadingsStored => End!.Ingest.ReadingsStored - Start!.Ingest.ReadingsStored;

            /// <summary>Uplinks the ingestion client had received but not yet committed, at the start and at the end of the window.</summary>
            public (long Start, long End) IngestBacklog => (Start!.IngestReceived - Start.IngestCommitted, End!.IngestReceived - End.IngestCommitted);

            public double CommittedPerSecond => (End!.IngestCommitted - Start!.IngestCommitted) / Seconds;

            public double DownlinksPerSecond => (End!.Downlinks - Start!.Downlinks) / Seconds;

            public double CommitLagMeanMs => (double)(End!.Ingest.LagSumMs - Start!.Ingest.LagSumMs) / Math.Max(1, End.Ingest.LagCount - Start.Ingest.LagCount);

            public StepResult Judge()
            {
                var problems = new List<string>();
                if (LateShare > MaxLateRoundShare)
                {
                    problems.Add($"{LateShare:P1} of scheduler rounds late (> {MaxLateRoundShare:P0})");
                }
                if (Lagging > MaxLaggingShare * Nodes)
                {
                    problems.Add($"{Lagging} nodes not confirmed within {FleetRig.SamplePeriod.TotalSeconds:0} s (> {MaxLaggingShare:P0})");
                }
                if (Published < MinPublishedShare * Expected)
                {
                    problems.Add($"{Published} packs published of about {Expected:0} expected (< {MinPublishedShare:P0})");
                }
                long errors = End!.Errors - Start!.Errors;
                if (errors > 0)
                {
                    problems.Add($"{errors} node steps threw");
                }
                long failed = End.Failed - Start.Failed;
                if (failed > 0)
                {
                    problems.Add($"{failed} publishes failed");
                }
                return problems.Count == 0 ? this : this with { Sustained = false, Failure = string.Join("; ", problems) };
            }

            public string Describe()
            {
                if (Start == null)
                {
                    return $"{Nodes} nodes: FAILED before measuring: {Failure}";
                }
                return $"{Nodes} nodes: connected in {ConnectTime.TotalSeconds:0.0} s (provisioning {Provisioning.TotalSeconds:0.0} s), settled in " +
                    $"{SettleTime.TotalSeconds:0.0} s; window {Seconds:0.0} s: {Published} packs ({PublishedPerSecond:0.0}/s, expected {Expected / Seconds:0.0}/s), " +
                    $"{Rounds} rounds, {LateShare:P2} late, CPU {CpuCores:0.00} cores ({CpuMsPerNodeSecond:0.000} ms per node-second" +
                    (WorkerCores.HasValue ? $", node workers {WorkerCores.Value:0.00} cores" : "") +
                    (OtherCores.HasValue ? $"; other processes {OtherCores.Value:0.00} cores" : "") + $"), lagging {Lagging}, " +
                    $"sample→stored p50 {Percentiles.Ms(SampleToStored!.P50)} p99 {Percentiles.Ms(SampleToStored.P99)}, commit lag mean {CommitLagMeanMs:0} ms, " +
                    $"ingestion committed {CommittedPerSecond:0.0}/s and published {DownlinksPerSecond:0.0} down/ack per s, backlog {IngestBacklog.Start} → {IngestBacklog.End}, " +
                    $"working set {Mb(WorkingSet)} ({Kb(WorkingSetPerNode)}/node), live heap {Mb(Heap)} ({Kb(HeapPerNode)}/node), {Descriptors} open files: " +
                    (Sustained ? "sustained" : "NOT sustained: " + Failure);
            }
        }

        private static void PrintReport(List<StepResult> steps, StepResult? best, BareResult bare, Sniffed? sniffed, string stoppedBecause,
            FleetSettings settings, TimeSpan elapsed)
        {
            Console.WriteLine();
            Console.WriteLine("## Fleet capacity (fleet)");
            Console.WriteLine();
            Console.WriteLine(MachineLine());
            Console.WriteLine();
            var table = new MarkdownTable("nodes", "packs/s>", "late rounds>", "lagging nodes>", "sample→stored p50>", "p99>", "ingest backlog>", "CPU cores>",
                "node workers>", "other processes>", "CPU ms/node·s>", "working set>", "per node>", "live GC heap>", "per node>", "open files>", "sustained");
            foreach (StepResult step in steps)
            {
                if (step.Start == null)
                {
                    table.Add(N(step.Nodes), "—", "—", "—", "—", "—", "—", "—", "—", "—", "—", "—", "—", "—", "—", "—", "no: " + step.Failure);
                    continue;
                }
                table.Add(N(step.Nodes), step.PublishedPerSecond.ToString("0.0", CultureInfo.InvariantCulture),
                    step.LateShare.ToString("P1", CultureInfo.InvariantCulture), N(step.Lagging), Percentiles.Ms(step.SampleToStored!.P50),
                    Percentiles.Ms(step.SampleToStored.P99), $"{N(step.IngestBacklog.Start)} → {N(step.IngestBacklog.End)}",
                    step.CpuCores.ToString("0.00", CultureInfo.InvariantCulture),
                    step.WorkerCores?.ToString("0.00", CultureInfo.InvariantCulture) ?? "n/a",
                    step.OtherCores?.ToString("0.00", CultureInfo.InvariantCulture) ?? "n/a",
                    step.CpuMsPerNodeSecond.ToString("0.000", CultureInfo.InvariantCulture), Mb(step.WorkingSet), Kb(step.WorkingSetPerNode),
                    Mb(step.Heap), Kb(step.HeapPerNode), N(step.Descriptors), step.Sustained ? "yes" : "no: " + step.Failure);
            }
            Console.Write(table.ToString());
            Console.WriteLine();
            Console.WriteLine(best == null
                ? "No step was sustained."
                : $"Most nodes sustained: {N(best.Nodes)} (stopped: {stoppedBecause}).");
            if (best != null)
            {
                // What the measured cost per node would allow if nothing else limited the process: context, not a measurement.
                double cpuCeiling = Environment.ProcessorCount * 1000 / best.CpuMsPerNodeSecond;
                string descriptorCeiling = ProcessProbe.OpenFileLimit() is long limit && best.Descriptors > 0
                    ? N((limit - 1000) / ((double)best.Descriptors / best.Nodes))
                    : "unknown";
                Console.WriteLine($"At {best.CpuMsPerNodeSecond:0.000} ms of CPU per node-second, all {Environment.ProcessorCount} cores would carry about {N(cpuCeiling)} nodes; " +
                    $"the open-file limit allows about {descriptorCeiling}; memory at {Kb(best.WorkingSetPerNode)} per node is no bound here.");
            }
            Console.WriteLine();

            var rate = new MarkdownTable("publisher", "connections>", "payload B>", "messages/s>", "CPU ms/message>", "ours/bare (rate)>", "ours/bare (CPU/message)>");
            if (best != null)
            {
                rate.Add($"fleet of {N(best.Nodes)} nodes (SensorNode + MqttNetTransport, one pack per 10 s each)", N(best.Nodes),
                    sniffed == null ? "?" : sniffed.TelemetryMeanBytes.ToString("0.0", CultureInfo.InvariantCulture),
                    best.PublishedPerSecond.ToString("0.0", CultureInfo.InvariantCulture), best.CpuPerMessageMs.ToString("0.000", CultureInfo.InvariantCulture),
                    Ratio(best.PublishedPerSecond / bare.PerSecond), Ratio(best.CpuPerMessageMs / bare.CpuPerMessageMs));
            }
            rate.Add("bare MQTTnet loop (QoS 1, next publish on PUBACK)", N(bare.Clients), bare.PayloadBytes.ToString("0.0", CultureInfo.InvariantCulture),
                N(bare.PerSecond), bare.CpuPerMessageMs.ToString("0.000", CultureInfo.InvariantCulture), "1.00 (baseline)", "1.00 (baseline)");
            Console.Write(rate.ToString());
            Console.WriteLine();
            if (sniffed != null)
            {
                Console.WriteLine($"Fleet payloads seen by a subscriber for {SniffLength.TotalSeconds:0} s before the first window: {sniffed.Telemetry} telemetry packs of " +
                    $"{sniffed.TelemetryMeanBytes:0.0} B on average, {sniffed.Other} other uplinks (status).");
            }
            Console.WriteLine($"CPU is the whole process (nodes, their MQTT clients, the broker, ingestion and SQLite); node workers are the scheduler threads " +
                $"(simulated hardware + SensorNode.Tick). Window {settings.WindowSeconds} s per step; run took {elapsed.TotalSeconds:0} s.");
        }

        private static string Ratio(double ratio) => ratio.ToString(ratio >= 0.1 ? "0.00" : "0.0000", CultureInfo.InvariantCulture);

        private static string Mb(long bytes) => (bytes / (1024.0 * 1024.0)).ToString("#,0", CultureInfo.InvariantCulture) + " MiB";

        private static string Kb(long bytes) => (bytes / 1024.0).ToString("#,0", CultureInfo.InvariantCulture) + " KiB";
    }
}
