using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using Gateway.Firmware.Core.Config;
using Gateway.Firmware.Core.Readings;
using Gateway.Ingest.Pipeline;
using Gateway.Ingest.Storage;
using Gateway.Ingest.Tests.Decoding;
using Gateway.Ingest.Tests.Pipeline.Fakes;
using Gateway.Ingest.Tests.Storage.Fakes;
using Xunit;

namespace Gateway.Ingest.Tests.Pipeline;

/// <summary>A pipeline over a real SQLite file (behind <see cref="ControllableStore"/>) with a manual clock at <see cref="NodePacks.BaseTimeMs"/>.</summary>
public sealed class PipelineFixture : IAsyncDisposable
{
    private readonly TempDatabase _database;

    private PipelineFixture(TempDatabase database, SqliteReadingStore sqlite, ManualTimeProvider clock, IngestPipelineOptions? options)
    {
        _database = database;
        Sqlite = sqlite;
        Clock = clock;
        Store = new ControllableStore(sqlite);
        Pipeline = new IngestPipeline(Store, options, timeProvider: clock);
    }

    public SqliteReadingStore Sqlite { get; }

    public ControllableStore Store { get; }

    public ManualTimeProvider Clock { get; }

    public IngestPipeline Pipeline { get; }

    public static async Task<PipelineFixture> CreateAsync(IngestPipelineOptions? options = null)
    {
        var database = new TempDatabase();
        var clock = new ManualTimeProvider(NodePacks.BaseTimeMs);
        SqliteReadingStore sqlite = await database.OpenAsync(clock);
        return new PipelineFixture(database, sqlite, clock, options);
    }

    public InboundMessage Message(string topic, byte[] payload) => new(topic, payload, Clock.GetUtcNow(), Guid.NewGuid());

    public InboundMessage Telemetry(string device, long floor, params long[] sequences) =>
        Message($"gw/v1/city/{device}/up/telemetry", NodePacks.Cbor(device,
            sequences.Select(s => NodePacks.Measurement(s, MetricId.Temperature, 20 + s / 100.0, NodePacks.BaseTimeMs - 60_000 + s)).ToArray(), floor));

    public Task<PipelineResult> ProcessAsync(params InboundMessage[] messages) => Pipeline.ProcessAsync(messages);

    /// <summary>The confirmed sequence of the device's ack in <paramref name="result"/>, parsed by the node's own parser.</summary>
    public static long ConfirmedBy(PipelineResult result, string device)
    {
        OutboundMessage ack = Assert.Single(result.Acks, a => a.Device == device);
        Assert.Equal($"gw/v1/city/{device}/down/ack", ack.Topic);
        Assert.True(DownlinkParser.TryParseAck(ack.Payload.ToArray(), out long confirmed), ack.Text);
        return confirmed;
    }

    public async ValueTask DisposeAsync()
    {
        await Store.DisposeAsync();
        await _database.DisposeAsync();
    }
}
