using System.Linq;
using Gateway.Ingest.Storage;
using Gateway.Ingest.Tests.Decoding;

namespace Gateway.Ingest.Tests.Storage;

internal static class StoreTestData
{
    public const long T = NodePacks.BaseTimeMs;

    public static IngestReading Temp(long sequence, double value = 20, long? time = null) =>
        new(sequence, "temp", "Cel", StoredReadingKind.Measurement, null, value, null, null, time ?? T + sequence * 1000);

    public static IngestMessage Pack(string device, long? floor, params long[] sequences) =>
        new("city", device, T + 500_000, sequences.Select(s => Temp(s, 20 + s / 10.0)).ToArray(), floor);

    public static IngestBatch Batch(params IngestMessage[] messages) => new() { Messages = messages, NowUnixMs = T + 600_000 };
}
