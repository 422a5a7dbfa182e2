using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Gateway.Firmware.Core.Readings;
using Gateway.Firmware.Core.Uplink;
using Gateway.Ingest.Pki;
using Gateway.Ingest.Tests.Fixtures;
using Gateway.Ingest.Tests.ScaleOut.Instance;
using Gateway.Ingest.Tests.ScaleOut.Nodes;
using Npgsql;
using Xunit;
using Xunit.Abstractions;

namespace Gateway.Ingest.Tests.ScaleOut;

/// <summary>
/// The production shape end to end: nodes (the core's durable buffer and uplink session, SenML CBOR, fleet certificates)
/// → Mosquitto (TLS, per-device ACL) → two ingestion processes sharing <c>$share/ingest/gw/v1/+/+/up/#</c> → PostgreSQL,
/// with one ingestion process killed (SIGKILL) in the middle of the stream and started again.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class ScaleOutIngestionTests
{
    private const string Tenant = "scaleout";
    private const int NodeCount = 20;
    private const int Bursts = 40;                   // × 5 readings = 200 readings per node
    private const long BurstIntervalMs = 200;        // 8 s of sampling
    private const int KillAfterMessages = 100;       // instance A dies once it has committed this many uplinks
    private const int RestartAfterMessages = 60;     // and is started again after B committed this many more
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(55);

    private readonly PostgresFixture _postgres;
    private readonly ITestOutputHelper _output;

    public ScaleOutIngestionTests(PostgresFixture postgres, ITestOutputHelper output)
    {
        _postgres = postgres;
        _output = output;
    }

    private static long ReadingsPerNode => Bursts * MqttNode.BurstMetrics.Length;

    [ServiceFact(ExternalService.PostgreSql | ExternalService.Mosquitto)]
    public async Task Ingestion_against_Mosquitto_and_PostgreSQL_stores_every_reading_once()
    {
        var clock = Stopwatch.StartNew();
        using var deadline = new CancellationTokenSource(Deadline);
        string storeUrl = await _postgres.CreateDatabaseAsync("scaleout");
        await using MosquittoFixture broker = await MosquittoFixture.StartAsync();
        IngestInstanceSettings Settings(string identity)
        {
            (string certificate, string key) = broker.WriteClientFiles(identity, ClientRole.Service);
            return new IngestInstanceSettings(broker.Host, broker.Port, broker.CaPath, certificate, key, identity, "ingest", storeUrl);
        }
        IngestInstanceSettings settingsA = Settings("ingest-1"), settingsB = Settings("ingest-2");

        var instances = new List<IngestInstanceProcess>();
        var nodes = new List<MqttNode>();
        var certificates = new List<X509Certificate2>();
        using var stopNodes = new CancellationTokenSource();
        Task? loop = null;
        async Task Within(Task step, string what)
        {
            try
            {
                await step.WaitAsync(deadline.Token);
            }
            catch (OperationCanceledException)
            {
                await StopAsync(loop, stopNodes); // stopped before this thread reads the nodes
                Assert.Fail($"{what}: not within {Deadline.TotalSeconds:0} s of the start.\n{Diagnose(nodes, instances, broker)}");
            }
        }
        try
        {
            // Both start at once on an empty database: the schema is created once (migration lock).
            IngestInstanceProcess a = IngestInstanceProcess.Start("A", settingsA);
            IngestInstanceProcess b = IngestInstanceProcess.Start("B", settingsB);
            instances.AddRange(new[] { a, b });
            await Within(Task.WhenAll(a.Ready, b.Ready), "both ingestion instances subscribed");

            var settings = new UplinkSettings(maxPayloadBytes: 512, inflightWindow: 4, confirmTimeoutMs: 2_000, backoffMinimumMs: 200, backoffMaximumMs: 2_000);
            for (int i = 0; i < NodeCount; i++)
            {
                string id = $"node-{i:D2}";
                X509Certificate2 certificate = broker.Issue(id, ClientRole.Device);
                certificates.Add(certificate);
                nodes.Add(new MqttNode(i, Tenant, id, new MqttNodeTransport(clientId => broker.ClientOptions(clientId, certificate).Build()), settings));
            }
            var allConfirmed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            loop = Task.Run(() => RunNodesAsync(nodes, allConfirmed, stopNodes.Token));

            // Midway: kill -9 instance A while uplinks are flowing, let B carry on alone, then start A again (its MQTT session
            // still holds what the broker handed it but never got acknowledged).
            await Within(a.CommittedAtLeast(KillAfterMessages), $"instance A committed {KillAfterMessages} uplinks");
            await a.KillHardAsync();
            long storedAtKill = await PostgresFixture.ScalarAsync(storeUrl, "SELECT COUNT(*) FROM readings");
            long bAtKill = b.MessagesCommitted;
            await Within(b.CommittedAtLeast(bAtKill + RestartAfterMessages), $"instance B committed {RestartAfterMessages} more uplinks alone");
            IngestInstanceProcess restarted = IngestInstanceProcess.Start("A (restarted)", settingsA);
            instances.Add(restarted);
            await Within(restarted.Ready, "the restarted instance A subscribed");

            await Within(allConfirmed.Task, "every node confirmed through its last reading"); // a node loop failure surfaces here too
            await StopAsync(loop, stopNodes); // stopped before this thread reads the nodes

            long duplicates = await PostgresFixture.ScalarAsync(storeUrl, "SELECT COALESCE(SUM(value), 0) FROM counters WHERE name = 'duplicates'");
            _output.WriteLine($"{clock.Elapsed.TotalSeconds:0.0} s; readings stored when A was killed: {storedAtKill}; " +
                $"committed messages A {a.MessagesCommitted}, B {b.MessagesCommitted}, A restarted {restarted.MessagesCommitted}; " +
                $"replays absorbed as duplicates: {duplicates}; node rewinds: {nodes.Sum(n => n.Rewinds)}; " +
                $"readings published: {nodes.Sum(n => n.ReadingsPublished)} for {NodeCount * ReadingsPerNode} sampled");

            // The kill really happened in the middle of the stream.
            Assert.Equal(137, a.ExitCode); // 128 + SIGKILL
            Assert.InRange(storedAtKill, 1, NodeCount * ReadingsPerNode - 1);
            Assert.True(b.MessagesCommitted > bAtKill, "instance B kept committing after A was killed");

            // Every node wrote everything, lost nothing on flash, and got every reading confirmed end to end.
            Assert.All(nodes, n => Assert.Equal((ReadingsPerNode, ReadingsPerNode, 0L), (n.Written, n.Confirmed, n.Evicted)));

            // Stored exactly once: one row per (device, seq), none missing, none extra, each with the value the node sampled.
            Assert.Equal(0, await PostgresFixture.ScalarAsync(storeUrl, "SELECT COUNT(*) FROM (SELECT device, seq FROM readings GROUP BY device, seq HAVING COUNT(*) <> 1) AS twice"));
            Assert.Equal(NodeCount * ReadingsPerNode, await PostgresFixture.ScalarAsync(storeUrl, "SELECT COUNT(*) FROM readings"));
            Assert.Empty(await WrongReadingsAsync(storeUrl, nodes));
            Assert.Equal(NodeCount, await PostgresFixture.ScalarAsync(storeUrl,
                $"SELECT COUNT(*) FROM device_state WHERE contiguous_through = {ReadingsPerNode} AND max_seq = {ReadingsPerNode} AND gaps = 0"));
            Assert.Equal(0, await PostgresFixture.ScalarAsync(storeUrl, "SELECT COUNT(*) FROM quarantine"));
            // No node evicted anything, so ingestion's bookkeeping must not claim it did (it would if two instances had
            // computed one device's confirmation from stale state and the node's bfloor had papered over the damage).
            Assert.Equal(0, await PostgresFixture.ScalarAsync(storeUrl, "SELECT COALESCE(SUM(evicted), 0) FROM device_state"));
            Assert.Equal(0, await PostgresFixture.ScalarAsync(storeUrl, "SELECT COUNT(*) FROM gaps WHERE reason = 'evicted'"));
            Assert.Equal(0, await PostgresFixture.ScalarAsync(storeUrl, "SELECT COUNT(*) FROM schema_version WHERE version <> 1"));
            Assert.InRange(clock.Elapsed, TimeSpan.Zero, TimeSpan.FromSeconds(60));
        }
        finally
        {
            await StopAsync(loop, stopNodes);
            foreach (MqttNode node in nodes)
            {
                node.Dispose();
            }
            foreach (IngestInstanceProcess instance in instances)
            {
                await instance.DisposeAsync();
            }
            foreach (X509Certificate2 certificate in certificates)
            {
                certificate.Dispose();
            }
        }
    }

    /// <summary>
    /// The node loop: one thread ticks every node every 10 ms (the simulator's scheduler in miniature), samples a burst of
    /// five readings per node every 200 ms (staggered), and completes <paramref name="allConfirmed"/> once every node has
    /// written and got confirmed all its readings.
    /// </summary>
    private static async Task RunNodesAsync(List<MqttNode> nodes, TaskCompletionSource allConfirmed, CancellationToken stop)
    {
        try
        {
            var time = Stopwatch.StartNew();
            var bursts = new int[nodes.Count];
            using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(10));
            while (await timer.WaitForNextTickAsync(stop))
            {
                long nowMs = time.ElapsedMilliseconds;
                bool done = true;
                for (int i = 0; i < nodes.Count; i++)
                {
                    MqttNode node = nodes[i];
                    if (bursts[i] < Bursts && nowMs >= bursts[i] * BurstIntervalMs + i * 7)
                    {
                        node.SampleBurst(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
                        bursts[i]++;
                    }
                    node.Tick(nowMs);
                    done &= node.Written == ReadingsPerNode && node.Confirmed == ReadingsPerNode;
                }
                if (done)
                {
                    allConfirmed.TrySetResult();
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
        catch (Exception e)
        {
            allConfirmed.TrySetException(e);
        }
    }

    private static async Task StopAsync(Task? loop, CancellationTokenSource stop)
    {
        stop.Cancel();
        if (loop != null)
        {
            await loop; // never faults: its failures go to allConfirmed
        }
    }

    private static async Task<List<string>> WrongReadingsAsync(string storeUrl, List<MqttNode> nodes)
    {
        var stored = new Dictionary<(string Device, long Sequence), (string Metric, double Value)>();
        await using (var connection = new NpgsqlConnection(PostgresFixture.ConnectionString(storeUrl)))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand("SELECT device, seq, metric, value FROM readings", connection);
            await using NpgsqlDataReader reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                stored[(reader.GetString(0), reader.GetInt64(1))] = (reader.GetString(2), reader.GetDouble(3));
            }
        }
        var wrong = new List<string>();
        foreach (MqttNode node in nodes)
        {
            for (long sequence = 1; sequence <= ReadingsPerNode; sequence++)
            {
                MetricId metric = MqttNode.BurstMetrics[(sequence - 1) % MqttNode.BurstMetrics.Length];
                (string, double) expected = (MetricCatalog.Name(metric), MqttNode.ExpectedValue(node.Index, metric, sequence));
                if (!stored.TryGetValue((node.DeviceId, sequence), out (string Metric, double Value) actual))
                {
                    wrong.Add($"{node.DeviceId} seq {sequence}: missing");
                }
                else if (actual != expected)
                {
                    wrong.Add($"{node.DeviceId} seq {sequence}: stored {actual}, sampled {expected}");
                }
            }
        }
        return wrong;
    }

    private static string Diagnose(List<MqttNode> nodes, List<IngestInstanceProcess> instances, MosquittoFixture broker)
    {
        var text = new StringBuilder();
        foreach (MqttNode node in nodes)
        {
            text.AppendLine($"{node.DeviceId}: written {node.Written}, confirmed {node.Confirmed}, rewinds {node.Rewinds}, published {node.ReadingsPublished}, " +
                $"last confirmations [{string.Join(",", node.Confirmations.TakeLast(5))}]");
        }
        foreach (IngestInstanceProcess instance in instances)
        {
            string[] lines = instance.Output.Split('\n');
            text.AppendLine($"--- instance {instance.Name} ({instance.MessagesCommitted} messages committed), last output:");
            text.AppendLine(string.Join("\n", lines.TakeLast(15)));
        }
        string[] log = broker.ReadLog().Split('\n');
        text.AppendLine("--- mosquitto log tail:");
        text.AppendLine(string.Join("\n", log.TakeLast(30)));
        return text.ToString();
    }
}
