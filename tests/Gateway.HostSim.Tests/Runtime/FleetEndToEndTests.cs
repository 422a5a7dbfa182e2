using System;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Gateway.HostSim.Runtime;
using Gateway.Ingest.Storage;
using Xunit;
using Xunit.Abstractions;

namespace Gateway.HostSim.Tests.Runtime;

public sealed class FleetEndToEndTests(ITestOutputHelper output) : IDisposable
{
    private readonly string _state = Path.Combine(Path.GetTempPath(), "gateway-e2e-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public async Task Two_hundred_nodes_over_mutual_TLS_for_thirty_seconds_store_every_reading_exactly_once()
    {
        await using var run = new FleetRun(new FleetRunOptions
        {
            StateDirectory = _state,
            Devices = 200,
            BrokerPort = 0,
            HttpUrl = null,
            LiveView = false,
            DrainTimeout = TimeSpan.FromSeconds(60),
        });
        await run.StartAsync(output.WriteLine, CancellationToken.None);
        await Task.Delay(TimeSpan.FromSeconds(30));
        var summary = await run.StopAsync(CancellationToken.None);
        output.WriteLine(System.Text.Json.JsonSerializer.Serialize(summary));

        Assert.Equal(200, summary.Devices);
        Assert.True(summary.RecordsExpected >= 200 * 3, $"only {summary.RecordsExpected} records written");
        Assert.Equal(0, summary.Missing);
        Assert.Equal(0, summary.StoredTwice);
        Assert.Equal(summary.RecordsExpected - summary.Evicted, summary.ReadingsStored);
        Assert.Equal(0, summary.Rejected);

        // Every device is known to ingestion under its own identity, and the store agrees with the summary.
        var devices = await run.Host.Store.ListDevicesAsync();
        Assert.Equal(200, devices.Count);
        Assert.Equal(run.Nodes.Select(n => n.Device.DeviceId).OrderBy(x => x), devices.Select(d => d.Device).OrderBy(x => x));
        Assert.True(run.Host.Broker!.Counters.AuthenticationFailures == 0);
    }

    [Fact]
    public async Task Second_run_in_the_same_state_folder_reuses_certificates_and_continues_sequences()
    {
        var options = new FleetRunOptions { StateDirectory = _state, Devices = 3, BrokerPort = 0, HttpUrl = null, LiveView = false };
        long firstRunLast;
        string thumbprint;
        await using (var first = new FleetRun(options))
        {
            await first.StartAsync(_ => { }, CancellationToken.None);
            await Task.Delay(3000);
            var summary = await first.StopAsync(CancellationToken.None);
            Assert.True(summary.Complete);
            firstRunLast = first.Nodes[0].ReadFlash().Written;
            thumbprint = first.Host.Ca.Certificate.Thumbprint;
        }
        string? line = null;
        await using (var second = new FleetRun(options))
        {
            await second.StartAsync(l => line ??= l.Contains("provisioned") ? l : null, CancellationToken.None);
            Assert.Equal(thumbprint, second.Host.Ca.Certificate.Thumbprint);
            Assert.Contains("(0 new certificates)", line);
            Assert.Equal(firstRunLast + 1, second.Nodes[0].FirstSequenceThisRun);
            await Task.Delay(3000);
            var summary = await second.StopAsync(CancellationToken.None);
            Assert.True(summary.Complete, $"missing {summary.Missing}");
        }
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_state, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
