using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Gateway.Benchmarks.Fleet.Measurement;
using Gateway.Benchmarks.Fleet.Mqtt;
using Gateway.Benchmarks.Fleet.Workloads;
using Gateway.Ingest.Broker;

namespace Gateway.Benchmarks.Fleet.Modes
{
    /// <summary>
    /// <c>ingest</c>: readings per second that ingestion stores, each against a baseline measured in the same run.
    /// <list type="number">
    /// <item>In process: <see cref="PipelineInsert"/> (IngestPipeline + SqliteReadingStore) against <see cref="RawSqliteInsert"/>
    /// (the same rows, table, pragmas and batch size, no decoding or bookkeeping). Target: ratio ≥ 0.7.</item>
    /// <item>End to end over TLS MQTT to the embedded broker: devices publish the packs as fast as acknowledged; our
    /// ingestion (IngestClient → pipeline → commit) against a bare MQTTnet subscriber that only counts. Target: ratio ≥ 0.9.
    /// Then the same at half of our measured rate, for the publish → commit latency without queueing.</item>
    /// </list>
    /// Rounds alternate between the two sides so that drifting load on the machine hits both alike.
    /// </summary>
    public static class IngestMode
    {
        public const double PipelineTarget = 0.7;
        public const double EndToEndTarget = 0.9;
        public const double ReplayFraction = 0.10;
        private const int Seed = 20251122;
        private static readonly TimeSpan RunTimeout = TimeSpan.FromSeconds(180);
        private static readonly TimeSpan PacedLength = TimeSpan.FromSeconds(15);

        public static async Task<int> RunAsync(IngestSettings settings)
        {
            Console.WriteLine(MachineLine());
            using var scratch = new ScratchFolder("gateway-fleetbench-ingest");
            var workload = TelemetryWorkload.Create(settings.Devices, settings.Packs, ReplayFraction, Seed,
                DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() - 60_000);
            int batchSize = TimedIngestion.DefaultMaxBatch;
            List<PackMessage[]> batches = workload.Batches(batchSize);
            Console.WriteLine($"workload: {settings.Devices} devices × {settings.Packs} messages = {N(workload.Messages)} messages " +
                $"({N(workload.Replays)} replays, {100.0 * workload.Replays / workload.Messages:0.0} %), {N(workload.Readings)} readings " +
                $"({N(workload.UniqueReadings)} new), SenML CBOR packs of {EnvironmentalPacks.ReadingsPerPack} readings, " +
                $"{workload.MeanPayloadBytes:0.0} B on average; batches of {batchSize} messages (IngestClient's MaxBatch)");
            Console.WriteLine();

            (MarkdownTable storeTable, double storeRatio) = await MeasureInProcessAsync(scratch, workload, batches, settings.Rounds);
            (MarkdownTable e2eTable, MarkdownTable latencyTable, double e2eRatio) = await MeasureEndToEndAsync(scratch, workload, settings);

            Console.WriteLine();
            Console.WriteLine("## Ingestion (ingest)");
            Console.WriteLine();
            Console.WriteLine(MachineLine());
            Console.WriteLine();
            Console.Write(storeTable.ToString());
            Console.WriteLine();
            Console.WriteLine($"In process: pipeline/raw = {storeRatio:0.00} (median of {settings.Rounds} rounds): {Verdict(storeRatio, PipelineTarget)}.");
            Console.WriteLine();
            Console.Write(e2eTable.ToString());
            Console.WriteLine();
            Console.WriteLine($"End to end: ours/bare = {e2eRatio:0.00} (median of {settings.Rounds} rounds): {Verdict(e2eRatio, EndToEndTarget)}.");
            Console.WriteLine();
            Console.Write(latencyTable.ToString());
            return 0;
        }

        private static async Task<(MarkdownTable, double)> MeasureInProcessAsync(ScratchFolder scratch, TelemetryWorkload workload,
            List<PackMessage[]> batches, int rounds)
        {
            Console.WriteLine("in process: warming up both paths on 2 batches");
            await RawSqliteInsert.RunAsync(scratch.File("warm-raw.db"), batches.Take(2).ToList());
            await PipelineInsert.RunAsync(scratch.File("warm-pipeline.db"), batches.Take(2).ToList());

            var table = new MarkdownTable("round", "raw INSERT readings/s>", "pipeline readings/s>", "pipeline new readings/s>",
                "raw s>", "pipeline s>", "pipeline/raw>");
            var ratios = new List<double>();
            for (int round = 1; round <= rounds; round++)
            {
                InsertRun raw;
                InsertRun pipeline;
                // Alternate the order so that neither side always runs on the warmer (or busier) machine.
                if (round % 2 == 1)
                {
                    raw = await RawSqliteInsert.RunAsync(scratch.File($"raw-{round}.db"), batches);
                    pipeline = await PipelineInsert.RunAsync(scratch.File($"pipeline-{round}.db"), batches);
                }
                else
                {
                    pipeline = await PipelineInsert.RunAsync(scratch.File($"pipeline-{round}.db"), batches);
                    raw = await RawSqliteInsert.RunAsync(scratch.File($"raw-{round}.db"), batches);
                }
                CheckStored("raw insert", raw.RowsStored, raw.Duplicates, workload);
                CheckStored("pipeline", pipeline.RowsStored, pipeline.Duplicates, workload);
                double ratio = pipeline.OfferedPerSecond / raw.OfferedPerSecond;
                ratios.Add(ratio);
                Console.WriteLine($"in process, round {round}: raw {raw.OfferedPerSecond:#,0} readings/s in {raw.Elapsed.TotalSeconds:0.00} s, " +
                    $"pipeline {pipeline.OfferedPerSecond:#,0} readings/s in {pipeline.Elapsed.TotalSeconds:0.00} s: ratio {ratio:0.00}");
                table.Add(round.ToString(CultureInfo.InvariantCulture), N(raw.OfferedPerSecond), N(pipeline.OfferedPerSecond), N(pipeline.StoredPerSecond),
                    S(raw.Elapsed), S(pipeline.Elapsed), R(ratio));
            }
            return (table, Median(ratios));
        }

        private static async Task<(MarkdownTable, MarkdownTable, double)> MeasureEndToEndAsync(ScratchFolder scratch, TelemetryWorkload workload,
            IngestSettings settings)
        {
            using var stop = new CancellationTokenSource(TimeSpan.FromMinutes(10));
            var audit = new CountingAuditLog();
            await using var broker = new EmbeddedBroker(new EmbeddedBrokerOptions
            {
                StateDirectory = scratch.File("broker"),
                Port = 0,
                IPv6Address = null,
            }, audit);
            await broker.StartAsync(stop.Token);
            const string host = "127.0.0.1";
            string[] ids = Enumerable.Range(0, settings.Devices).Select(TelemetryWorkload.DeviceId).ToArray();
            var connecting = System.Diagnostics.Stopwatch.StartNew();
            await using DevicePublishers publishers = await DevicePublishers.ConnectAsync(host, broker.Port, broker.Ca, TelemetryWorkload.Tenant, ids, stop.Token);
            Console.WriteLine($"end to end: embedded broker on {host}:{broker.Port} (TLS 1.2/1.3, client certificates); {ids.Length} devices connected " +
                $"in {connecting.Elapsed.TotalSeconds:0.0} s");

            var table = new MarkdownTable("round", "path", "messages>", "readings>", "s>", "readings/s>", "messages/s>", "p50 under load>", "p99 under load>",
                "batches>", "in pipeline>", "ours/bare>");
            var ratios = new List<double>();
            var oursMessagesPerSecond = new List<double>();
            for (int round = 1; round <= settings.Rounds; round++)
            {
                Outcome bare = await RunBareAsync(host, broker, publishers, workload.PerDevice, $"bench-bare-{round}", null, stop.Token);
                Outcome ours = await RunOursAsync(scratch.File($"e2e-{round}.db"), host, broker, publishers, workload.PerDevice, $"ingest-bench-{round}",
                    null, workload, stop.Token);
                double ratio = ours.ReadingsPerSecond / bare.ReadingsPerSecond;
                ratios.Add(ratio);
                oursMessagesPerSecond.Add(ours.MessagesPerSecond);
                Console.WriteLine($"end to end, round {round}: bare {bare.ReadingsPerSecond:#,0} readings/s, ours {ours.ReadingsPerSecond:#,0} readings/s " +
                    $"(p50 {Percentiles.Ms(ours.Latency.P50)}, p99 {Percentiles.Ms(ours.Latency.P99)} under saturation; {ours.Batches} batches, " +
                    $"{100 * ours.PipelineShare:0} % of the time in pipeline + commit): ratio {ratio:0.00}");
                table.Add(round.ToString(CultureInfo.InvariantCulture), "bare MQTTnet subscriber (received)", N(bare.Messages), N(bare.Readings), S(bare.Span),
                    N(bare.ReadingsPerSecond), N(bare.MessagesPerSecond), Percentiles.Ms(bare.Latency.P50), Percentiles.Ms(bare.Latency.P99), "—", "—",
                    "1.00 (baseline)");
                table.Add(round.ToString(CultureInfo.InvariantCulture), "IngestClient → pipeline → commit", N(ours.Messages), N(ours.Readings), S(ours.Span),
                    N(ours.ReadingsPerSecond), N(ours.MessagesPerSecond), Percentiles.Ms(ours.Latency.P50), Percentiles.Ms(ours.Latency.P99),
                    $"{N(ours.Batches)} × {N((double)ours.Messages / ours.Batches)}", $"{100 * ours.PipelineShare:0} %", R(ratio));
            }

            // Latency without queueing: every device publishes at a steady pace, half of our measured rate in all.
            double pacedRate = Median(oursMessagesPerSecond) / 2;
            TimeSpan interval = TimeSpan.FromSeconds(settings.Devices / pacedRate);
            int perDevice = (int)Math.Clamp(Math.Ceiling(PacedLength / interval), 5, settings.Packs);
            var paced = workload.PerDevice.Select(list => (IReadOnlyList<PackMessage>)list.Take(perDevice).ToArray()).ToArray();
            Console.WriteLine($"paced: {pacedRate:#,0} messages/s ({settings.Devices} devices, one message each per {interval.TotalMilliseconds:#,0} ms), " +
                $"{perDevice} messages per device");
            Outcome bareLatency = await RunBareAsync(host, broker, publishers, paced, "bench-bare-paced", interval, stop.Token);
            Outcome oursLatency = await RunOursAsync(scratch.File("e2e-paced.db"), host, broker, publishers, paced, "ingest-bench-paced", interval, null,
                stop.Token);
            var latency = new MarkdownTable("load", "path", "messages>", "p50>", "p99>", "max>");
            string load = $"paced, {pacedRate:#,0} msg/s (half of ours)";
            latency.Add(load, "publish → received by bare MQTTnet subscriber", N(bareLatency.Messages), Percentiles.Ms(bareLatency.Latency.P50),
                Percentiles.Ms(bareLatency.Latency.P99), Percentiles.Ms(bareLatency.Latency.Max));
            latency.Add(load, "publish → committed by ingestion", N(oursLatency.Messages), Percentiles.Ms(oursLatency.Latency.P50),
                Percentiles.Ms(oursLatency.Latency.P99), Percentiles.Ms(oursLatency.Latency.Max));
            Console.WriteLine($"paced: bare p50 {Percentiles.Ms(bareLatency.Latency.P50)} p99 {Percentiles.Ms(bareLatency.Latency.P99)}; " +
                $"ours p50 {Percentiles.Ms(oursLatency.Latency.P50)} p99 {Percentiles.Ms(oursLatency.Latency.P99)}; devices received {N(publishers.Downlinks)} down/ack in all");
            if (audit.Events == 0)
            {
                throw new InvalidOperationException("the broker recorded no connection: the audit log was not wired");
            }
            return (table, latency, Median(ratios));
        }

        /// <param name="Batches">Batches ingestion committed (0 for the bare subscriber).</param>
        /// <param name="PipelineShare">Share of ingestion's batch span spent inside the pipeline and commit; the rest the ingestion
        /// client spent publishing confirmations, sending PUBACKs and collecting the next batch.</param>
        private sealed record Outcome(long Messages, long Readings, TimeSpan Span, Percentiles Latency, long Batches = 0, double PipelineShare = double.NaN)
        {
            public double ReadingsPerSecond => Readings / Span.TotalSeconds;

            public double MessagesPerSecond => Messages / Span.TotalSeconds;
        }

        private static async Task<Outcome> RunBareAsync(string host, EmbeddedBroker broker, DevicePublishers publishers,
            IReadOnlyList<IReadOnlyList<PackMessage>> perDevice, string identity, TimeSpan? interval, CancellationToken cancellationToken)
        {
            long expected = perDevice.Sum(list => (long)list.Count);
            var book = new LatencyBook();
            await using BareSubscriber subscriber = await BareSubscriber.ConnectAsync(host, broker.Port, broker.Ca, identity, book, expected, cancellationToken);
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(RunTimeout);
            await Publish(publishers, perDevice, book, interval, timeout.Token);
            await subscriber.WaitAsync(RunTimeout);
            Check(book, expected, identity);
            return new Outcome(expected, expected * EnvironmentalPacks.ReadingsPerPack, book.Span, book.Latency());
        }

        private static async Task<Outcome> RunOursAsync(string databasePath, string host, EmbeddedBroker broker, DevicePublishers publishers,
            IReadOnlyList<IReadOnlyList<PackMessage>> perDevice, string identity, TimeSpan? interval, TelemetryWorkload? whole,
            CancellationToken cancellationToken)
        {
            long expected = perDevice.Sum(list => (long)list.Count);
            var book = new LatencyBook();
            await using TimedIngestion ingestion = await TimedIngestion.StartAsync(databasePath, host, broker.Port, broker.Ca, identity, book, expected,
                cancellationToken);
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(RunTimeout);
            await Publish(publishers, perDevice, book, interval, timeout.Token);
            await ingestion.WaitAsync(RunTimeout);
            Check(book, expected, identity);
            if (whole != null)
            {
                CheckStored("end to end", ingestion.ReadingsStored, ingestion.Duplicates, whole);
            }
            long quarantined = ingestion.Metrics.Quarantined;
            if (quarantined != 0)
            {
                throw new InvalidOperationException($"{identity}: ingestion quarantined {quarantined} messages; the workload's packs must all be valid");
            }
            return new Outcome(expected, expected * EnvironmentalPacks.ReadingsPerPack, book.Span, book.Latency(), ingestion.Batches,
                ingestion.InPipeline / ingestion.BatchSpan);
        }

        private static Task Publish(DevicePublishers publishers, IReadOnlyList<IReadOnlyList<PackMessage>> perDevice, LatencyBook book, TimeSpan? interval,
            CancellationToken cancellationToken) =>
            interval.HasValue
                ? publishers.PublishPacedAsync(perDevice, interval.Value, book, cancellationToken)
                : publishers.PublishAllAsync(perDevice, book, cancellationToken);

        private static void Check(LatencyBook book, long expected, string run)
        {
            if (book.Arrivals != expected || book.Unmatched != 0)
            {
                throw new InvalidOperationException($"{run}: {book.Arrivals} arrivals for {expected} publishes ({book.Unmatched} unmatched)");
            }
        }

        private static void CheckStored(string path, long stored, long duplicates, TelemetryWorkload workload)
        {
            long replayed = workload.Readings - workload.UniqueReadings;
            if (stored != workload.UniqueReadings || duplicates != replayed)
            {
                throw new InvalidOperationException($"{path}: stored {stored} readings and refused {duplicates} replays; " +
                    $"expected {workload.UniqueReadings} and {replayed}");
            }
        }

        public static string MachineLine() =>
            $"{DateTimeOffset.UtcNow:yyyy-MM-dd}, .NET {Environment.Version}, {Environment.ProcessorCount} cores, {Environment.OSVersion}, " +
            $"load average {LoadAverage()}";

        private static string LoadAverage() =>
            ProcessProbe.LoadAverage()?.ToString("0.0", CultureInfo.InvariantCulture) ?? "unknown";

        private static string Verdict(double ratio, double target) =>
            ratio >= target ? $"target met (≥ {target:0.0})" : $"target MISSED (≥ {target:0.0})";

        public static double Median(List<double> values)
        {
            var sorted = values.OrderBy(v => v).ToList();
            int middle = sorted.Count / 2;
            return sorted.Count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
        }

        public static string N(double value) => value.ToString("#,0", CultureInfo.InvariantCulture);

        public static string S(TimeSpan span) => span.TotalSeconds.ToString("0.00", CultureInfo.InvariantCulture);

        public static string R(double ratio) => ratio.ToString("0.00", CultureInfo.InvariantCulture);
    }
}
