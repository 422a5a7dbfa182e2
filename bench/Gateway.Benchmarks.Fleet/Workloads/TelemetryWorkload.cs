using System;
using System.Collections.Generic;

namespace Gateway.Benchmarks.Fleet.Workloads
{
    /// <summary>One telemetry message of the workload: a whole pack, new or a replay of an earlier one.</summary>
    /// <param name="Device">Device index.</param>
    /// <param name="DeviceId">Device id.</param>
    /// <param name="Topic"><c>gw/v1/{tenant}/{device}/up/telemetry</c>.</param>
    /// <param name="Payload">The SenML CBOR pack (a replay sends the very same bytes again).</param>
    /// <param name="Sample">Sample number of the pack (its sequences are <c>Sample × 10 + 1</c> to <c>+ 10</c>).</param>
    /// <param name="TimeUnixMs">Device time of the sample.</param>
    /// <param name="IsReplay">True when the pack was sent before (the node re-sends after a lost confirmation).</param>
    public sealed record PackMessage(int Device, string DeviceId, string Topic, byte[] Payload, long Sample, long TimeUnixMs, bool IsReplay);

    /// <summary>
    /// The ingestion workload: <c>devices × messagesPerDevice</c> telemetry messages of 10 readings, about
    /// <c>replayFraction</c> of them replays of one of the device's last three packs, as a node re-sends from its confirmed
    /// cursor after a reconnect or a missed <c>down/ack</c>. Samples are 10 s apart and end at the given time. Deterministic
    /// for a seed.
    /// </summary>
    public sealed class TelemetryWorkload
    {
        public const string Tenant = "bench";

        /// <summary>Sample period of the simulated stations (as the fleet mode's <c>sample.period_s</c>).</summary>
        public const long SamplePeriodMs = 10_000;

        private TelemetryWorkload(PackMessage[][] perDevice, PackMessage[] interleaved)
        {
            PerDevice = perDevice;
            Interleaved = interleaved;
        }

        /// <summary>Each device's messages in its publishing order.</summary>
        public PackMessage[][] PerDevice { get; }

        /// <summary>All messages in arrival order when every device sends its next message in turn.</summary>
        public PackMessage[] Interleaved { get; }

        public int Messages => Interleaved.Length;

        public int Replays { get; private init; }

        public long Readings => (long)Messages * EnvironmentalPacks.ReadingsPerPack;

        /// <summary>Readings that are new (not replays): what the store must hold afterwards.</summary>
        public long UniqueReadings => (long)(Messages - Replays) * EnvironmentalPacks.ReadingsPerPack;

        public double MeanPayloadBytes { get; private init; }

        public static string DeviceId(int device) => "env-" + (device + 1).ToString("0000", System.Globalization.CultureInfo.InvariantCulture);

        public static string TopicOf(string deviceId) => $"gw/v1/{Tenant}/{deviceId}/up/telemetry";

        public static TelemetryWorkload Create(int devices, int messagesPerDevice, double replayFraction, int seed, long lastSampleUnixMs)
        {
            var random = new Random(seed);
            var perDevice = new PackMessage[devices][];
            int replays = 0;
            long payloadBytes = 0;
            for (int d = 0; d < devices; d++)
            {
                string id = DeviceId(d);
                string topic = TopicOf(id);
                var packs = new EnvironmentalPacks(id, d);
                var sent = new List<PackMessage>();
                var messages = new PackMessage[messagesPerDevice];
                long firstTime = lastSampleUnixMs - (messagesPerDevice * SamplePeriodMs) + (d * 37 % SamplePeriodMs);
                for (int m = 0; m < messagesPerDevice; m++)
                {
                    if (sent.Count > 0 && random.NextDouble() < replayFraction)
                    {
                        PackMessage original = sent[sent.Count - 1 - random.Next(Math.Min(3, sent.Count))];
                        messages[m] = original with { IsReplay = true };
                        replays++;
                    }
                    else
                    {
                        long sample = sent.Count;
                        long time = firstTime + (sample * SamplePeriodMs);
                        messages[m] = new PackMessage(d, id, topic, packs.Encode(sample, time), sample, time, false);
                        sent.Add(messages[m]);
                    }
                    payloadBytes += messages[m].Payload.Length;
                }
                perDevice[d] = messages;
            }
            var interleaved = new PackMessage[devices * messagesPerDevice];
            int k = 0;
            for (int m = 0; m < messagesPerDevice; m++)
            {
                for (int d = 0; d < devices; d++)
                {
                    interleaved[k++] = perDevice[d][m];
                }
            }
            return new TelemetryWorkload(perDevice, interleaved)
            {
                Replays = replays,
                MeanPayloadBytes = (double)payloadBytes / interleaved.Length,
            };
        }

        /// <summary>The interleaved messages cut into batches of <paramref name="batchSize"/>, as the ingestion client forms them under load.</summary>
        public List<PackMessage[]> Batches(int batchSize)
        {
            var batches = new List<PackMessage[]>();
            for (int i = 0; i < Interleaved.Length; i += batchSize)
            {
                batches.Add(Interleaved.AsSpan(i, Math.Min(batchSize, Interleaved.Length - i)).ToArray());
            }
            return batches;
        }
    }
}
