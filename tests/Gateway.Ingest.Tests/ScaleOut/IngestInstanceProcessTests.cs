using System;
using System.Threading.Tasks;
using Gateway.Ingest.Tests.ScaleOut.Instance;
using Xunit;

namespace Gateway.Ingest.Tests.ScaleOut;

/// <summary>The test-only ingestion executable (this assembly run through its startup hook) refuses bad arguments clearly.</summary>
public sealed class IngestInstanceProcessTests
{
    [Fact]
    public async Task An_instance_given_a_bad_port_exits_with_code_2_naming_the_argument_and_what_is_accepted()
    {
        var settings = new IngestInstanceSettings("127.0.0.1", 0, "ca.crt", "ingest-1.crt", "ingest-1.key", "ingest-1", "ingest", "postgres://u@localhost/db");
        await using IngestInstanceProcess instance = IngestInstanceProcess.Start("bad port", settings);

        await Assert.ThrowsAsync<InvalidOperationException>(() => instance.Ready.WaitAsync(TimeSpan.FromSeconds(30)));
        await instance.WaitForExitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(2, instance.ExitCode);
        Assert.Contains("--port '0' is not a whole number from 1 to 65535", instance.Output);
    }
}
