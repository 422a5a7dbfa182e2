using System;
using System.Threading;
using System.Threading.Tasks;
using Gateway.HostSim.Runtime;
using Gateway.Ingest.Tests.Fixtures;
using Xunit;
using Xunit.Abstractions;

namespace Gateway.Ingest.Tests.ScaleOut;

/// <summary>The simulator's virtual fleet against an external broker: stock Mosquitto with TLS, client certificates and an ACL.</summary>
public sealed class FleetAgainstMosquittoTests(ITestOutputHelper output)
{
    [ServiceFact(ExternalService.Mosquitto)]
    public async Task Virtual_fleet_through_Mosquitto_stores_every_reading_exactly_once()
    {
        await using var mosquitto = await MosquittoFixture.StartAsync();
        await using var run = new FleetRun(new FleetRunOptions
        {
            // The fixture's folder holds the fleet CA Mosquitto trusts: the run issues its device certificates from it.
            StateDirectory = mosquitto.Folder,
            Devices = 50,
            Broker = new Uri($"mqtts://{mosquitto.Host}:{mosquitto.Port}"),
            HttpUrl = null,
            LiveView = false,
            DrainTimeout = TimeSpan.FromSeconds(60),
        });
        await run.StartAsync(output.WriteLine, CancellationToken.None);
        await Task.Delay(TimeSpan.FromSeconds(20));
        var summary = await run.StopAsync(CancellationToken.None);
        output.WriteLine(System.Text.Json.JsonSerializer.Serialize(summary));
        Assert.True(summary.RecordsExpected >= 50 * 3, $"only {summary.RecordsExpected} records written; mosquitto log:\n{mosquitto.ReadLog()}");
        Assert.Equal(0, summary.Missing);
        Assert.Equal(0, summary.StoredTwice);
        Assert.Equal(0, summary.Rejected);
        Assert.Equal(summary.RecordsExpected - summary.Evicted, summary.ReadingsStored);
    }
}
