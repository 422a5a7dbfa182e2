using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Threading.Tasks;
using Gateway.Ingest.Pipeline;
using Gateway.Ingest.Storage;

namespace Gateway.Benchmarks.Fleet.Workloads
{
    /// <summary>
    /// The in-process ingestion measurement: each batch goes through <see cref="IngestPipeline.ProcessAsync"/> over a
    /// <see cref="SqliteReadingStore"/> as the ingestion client hands it over (topic parse, SenML CBOR decode, validation,
    /// de-duplication on (device, seq), gap and device bookkeeping, one transaction, confirmations built).
    /// </summary>
    public static class PipelineInsert
    {
        public static async Task<InsertRun> RunAsync(string databasePath, IReadOnlyList<PackMessage[]> batches)
        {
            await using SqliteReadingStore store = await SqliteReadingStore.OpenAsync(databasePath);
            var pipeline = new IngestPipeline(store);
            long offered = 0;
            long stored = 0;
            long duplicates = 0;
            var clock = Stopwatch.StartNew();
            foreach (PackMessage[] batch in batches)
            {
                var messages = new InboundMessage[batch.Length];
                DateTimeOffset received = DateTimeOffset.UtcNow;
                for (int i = 0; i < batch.Length; i++)
                {
                    messages[i] = new InboundMessage(batch[i].Topic, batch[i].Payload, received);
                    offered += EnvironmentalPacks.ReadingsPerPack;
                }
                PipelineResult result = await pipeline.ProcessAsync(messages);
                if (!result.Committed || result.Store == null)
                {
                    throw new InvalidOperationException("the pipeline did not commit a batch", result.Failure);
                }
                foreach (DeviceStoreResult device in result.Store.Devices)
                {
                    stored += device.Stored;
                    duplicates += device.Duplicates;
                }
            }
            clock.Stop();
            long quarantined = pipeline.Metrics.Snapshot().Quarantined;
            if (quarantined != 0)
            {
                throw new InvalidOperationException($"the pipeline quarantined {quarantined} messages of the workload; the packs must all be valid");
            }
            return new InsertRun(clock.Elapsed, offered, stored, duplicates);
        }
    }
}
