using System;
using System.Diagnostics;
using System.Globalization;
using Gateway.Benchmarks.Workloads;
using Gateway.Firmware.Core.Config;
using Gateway.Firmware.Core.Platform;
using Gateway.Firmware.Core.Status;

namespace Gateway.Benchmarks.Modes
{
    /// <summary>
    /// <c>alloc</c>: managed bytes allocated per reading in steady state, counted with
    /// <see cref="GC.GetAllocatedBytesForCurrentThread"/> (exact for the calling thread) after a warm-up that runs every path
    /// once (JIT, static tables, an alarm raised and cleared, segment roll-over and erase). A nanoFramework device has a small
    /// heap and a stop-the-world collector, so the target is 0.
    /// </summary>
    public static class AllocMode
    {
        /// <summary>Records measured per path.</summary>
        public const long MeasuredRecords = 100_000;

        /// <summary>Records run before measuring.</summary>
        public const long WarmupRecords = 20_000;

        /// <summary>Wall-clock bound of each loop; the loops normally take well under a second.</summary>
        private static readonly TimeSpan s_timeLimit = TimeSpan.FromSeconds(120);

        public static int Run()
        {
            Console.WriteLine($".NET {Environment.Version}, {Environment.ProcessorCount} cores, {Environment.OSVersion}");
            Console.WriteLine();

            PathResult path = MeasurePath();
            NodeResult node = MeasureNode();
            (string Name, double BytesPerCall)[] probes = Probes();

            Console.WriteLine();
            Console.WriteLine("## Allocation per reading (bench alloc)");
            Console.WriteLine();
            var summary = new MarkdownTable("path", "records>", "allocated B>", "B/record>", "gen0 GCs>", "target 0");
            summary.Add("Scheduler.Read → Buffer.Append → Alarms.Evaluate → EncodePrefix (+ Confirm)", N(path.Records), N(path.Bytes),
                PerRecord(path.Bytes, path.Records), N(path.Gen0), path.Bytes == 0 ? "met" : "MISSED");
            summary.Add("SensorNode.Tick + PUBACK + down/ack (whole node)", N(node.Records), N(node.CoreBytes),
                PerRecord(node.CoreBytes, node.Records), N(node.Gen0), node.CoreBytes == 0 ? "met" : "allocates (see below)");
            Console.Write(summary.ToString());
            Console.WriteLine();

            var buckets = new MarkdownTable("node event", "count>", "allocated B>", "B/event>", "core code run");
            foreach (AllocationBucket bucket in node.Buckets)
            {
                if (bucket.Events == 0)
                {
                    continue;
                }
                buckets.Add(bucket.Name, N(bucket.Events), N(bucket.Bytes), bucket.BytesPerEvent.ToString("0.#", CultureInfo.InvariantCulture), bucket.Where);
            }
            Console.Write(buckets.ToString());
            Console.WriteLine();

            var probeTable = new MarkdownTable("probe (one call, warmed up)", "B/call>");
            foreach ((string name, double bytes) in probes)
            {
                probeTable.Add(name, N((long)bytes));
            }
            Console.Write(probeTable.ToString());
            Console.WriteLine();
            // Name the place where a node event allocates exactly what one of the probes does.
            if (node.Status.Bytes > 0 && node.Status.BytesPerEvent == probes[0].BytesPerCall)
            {
                Console.WriteLine($"Where: a status message allocates {probes[0].BytesPerCall} B, exactly what StatusEncoder.Encode allocates (a new CborWriter per call).");
            }
            if (node.Confirmations.Bytes > 0 && node.Confirmations.BytesPerEvent == probes[2].BytesPerCall && probes[1].BytesPerCall == 0)
            {
                Console.WriteLine($"Where: a down/ack allocates {probes[2].BytesPerCall} B, the topic suffix UplinkSession.OnMessage cuts with Substring (ParseAck allocates nothing).");
            }
            if (node.Sampling.Bytes == 0)
            {
                Console.WriteLine("Ticks that sample, buffer, evaluate alarms and publish telemetry allocate nothing.");
            }
            Console.WriteLine($"Whole node loop including the harness: {N(node.LoopBytes)} B (harness adds {N(node.LoopBytes - node.CoreBytes)} B).");
            Console.WriteLine($"Node published {N(node.TelemetryPublishes)} telemetry packs ({node.TelemetryBytes / Math.Max(1, node.TelemetryPublishes)} B average), " +
                $"{N(node.AlarmPublishes)} alarm packs, {N(node.StatusPublishes)} status messages; simulated {TimeSpan.FromMilliseconds(node.SimulatedMs).TotalHours:0.#} h.");
            return 0;
        }

        private sealed record PathResult(long Records, long Bytes, long Gen0);

        private sealed record NodeResult(long Records, long CoreBytes, long LoopBytes, long Gen0, AllocationBucket[] Buckets,
            AllocationBucket Sampling, AllocationBucket Status, AllocationBucket Confirmations,
            long TelemetryPublishes, long TelemetryBytes, long AlarmPublishes, long StatusPublishes, long SimulatedMs);

        private static PathResult MeasurePath()
        {
            var path = new SampleToBufferPath(seed: 7);
            var clock = Stopwatch.StartNew();
            while (path.Records < WarmupRecords || path.AlarmEvents < 2 || path.Storage.Erases < 2)
            {
                path.Cycle();
                CheckTime(clock, "sample→buffer path warm-up");
            }
            long startRecords = path.Records;
            long startAlarms = path.AlarmEvents;
            int gen0 = GC.CollectionCount(0);
            long before = GC.GetAllocatedBytesForCurrentThread();
            while (path.Records - startRecords < MeasuredRecords)
            {
                path.Cycle();
                CheckTime(clock, "sample→buffer path");
            }
            long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
            long records = path.Records - startRecords;
            Console.WriteLine($"sample→buffer path: {N(records)} records ({N(path.AlarmEvents - startAlarms)} alarm events), {N(path.Packs)} packs " +
                $"({path.PayloadBytes / Math.Max(1, path.Packs)} B average), {N(path.Storage.Erases)} segment erases: {N(allocated)} B allocated");
            return new PathResult(records, allocated, GC.CollectionCount(0) - gen0);
        }

        private static NodeResult MeasureNode()
        {
            var harness = new NodeHarness(seed: 7);
            var clock = Stopwatch.StartNew();
            while (harness.Records < WarmupRecords || harness.Node.AlarmEvents < 2 || harness.Node.StatusPublished < 2 || harness.Storage.Erases < 2)
            {
                harness.Step();
                CheckTime(clock, "node warm-up");
            }
            harness.ClearBuckets();
            long startRecords = harness.Records;
            long startAlarms = harness.Node.AlarmEvents;
            long telemetry = harness.Transport.TelemetryPublishes;
            long telemetryBytes = harness.Transport.TelemetryBytes;
            long alarms = harness.Transport.AlarmPublishes;
            long status = harness.Transport.StatusPublishes;
            long steps = 0;
            int gen0 = GC.CollectionCount(0);
            long before = GC.GetAllocatedBytesForCurrentThread();
            while (harness.Records - startRecords < MeasuredRecords)
            {
                harness.Step();
                steps++;
                CheckTime(clock, "node");
            }
            long loopBytes = GC.GetAllocatedBytesForCurrentThread() - before;
            AllocationBucket[] buckets = harness.Buckets;
            long coreBytes = 0;
            foreach (AllocationBucket bucket in buckets)
            {
                coreBytes += bucket.Bytes;
            }
            long records = harness.Records - startRecords;
            Console.WriteLine($"node: {N(records)} records ({N(harness.Node.AlarmEvents - startAlarms)} alarm events) in {N(steps)} ticks: {N(coreBytes)} B allocated in core calls");
            return new NodeResult(records, coreBytes, loopBytes, GC.CollectionCount(0) - gen0, buckets,
                harness.SamplingTicks, harness.StatusTicks, harness.Confirmations,
                harness.Transport.TelemetryPublishes - telemetry, harness.Transport.TelemetryBytes - telemetryBytes,
                harness.Transport.AlarmPublishes - alarms, harness.Transport.StatusPublishes - status, steps * NodeHarness.TickMs);
        }

        // Single calls of the core pieces that the node's allocating events run, to name the allocation's place.
        private static (string, double)[] Probes()
        {
            var encoder = new StatusEncoder("env-0001/");
            var report = new StatusReport
            {
                FirmwareVersion = "1.0.0-bench",
                TimeUnixMs = SamplePacks.SampleTimeUnixMs,
                UptimeS = 3600,
                ResetCause = ResetCause.PowerOn,
                FreeMemoryBytes = 61_440,
                RssiDbm = -61,
                SensorFaults = "",
                LastError = "",
            };
            var status = new byte[512];
            byte[] ack = System.Text.Encoding.ASCII.GetBytes("confirmed = 123456");
            const string ackTopic = "gw/v1/city/env-0001/down/ack";
            const string prefix = "gw/v1/city/env-0001/down/";

            long Measure(Action call)
            {
                call();
                call();
                long before = GC.GetAllocatedBytesForCurrentThread();
                call();
                return GC.GetAllocatedBytesForCurrentThread() - before;
            }

            return new (string, double)[]
            {
                ("StatusEncoder.Encode (status message)", Measure(() => encoder.Encode(report, status))),
                ("DownlinkParser.ParseAck (\"confirmed = N\")", Measure(() => DownlinkParser.ParseAck(ack, 0, ack.Length, out _))),
                ("topic.Substring(prefix.Length), as UplinkSession.OnMessage does", Measure(() => _ = ackTopic.Substring(prefix.Length))),
            };
        }

        private static void CheckTime(Stopwatch clock, string loop)
        {
            if (clock.Elapsed > s_timeLimit)
            {
                throw new TimeoutException($"{loop} loop ran longer than {s_timeLimit.TotalSeconds:0} s; the machine is far slower than expected or the loop does not progress");
            }
        }

        private static string N(long value) => value.ToString("#,0", CultureInfo.InvariantCulture);

        private static string PerRecord(long bytes, long records) =>
            ((double)bytes / Math.Max(1, records)).ToString("0.###", CultureInfo.InvariantCulture);
    }
}
