using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using Gateway.Ingest.Audit;
using Gateway.Ingest.Storage;
using Gateway.Ingest.Tests.Storage.Fakes;
using Xunit;
using static Gateway.Ingest.Tests.Storage.StoreTestData;

namespace Gateway.Ingest.Tests.Storage;

public class StoreQueryAndRetentionTests
{
    private const long Day = 86_400_000;

    private static IngestReading Reading(long sequence, string metric, string? unit, double value, long time) =>
        new(sequence, metric, unit, StoredReadingKind.Measurement, null, value, null, null, time);








}
