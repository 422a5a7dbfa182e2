using System;
using System.IO;
using System.Net;
using System.Net.Sockets;
using System.Threading.Tasks;
using Gateway.Ingest.Broker;
using Gateway.Ingest.Pki;
using Gateway.Ingest.Tests.Broker.Fakes;
using Gateway.Ingest.Tests.Pki;
using Xunit;

namespace Gateway.Ingest.Tests.Broker;

public sealed class EmbeddedBrokerOptionsTests : IDisposable
{
    private readonly TemporaryDirectory _state = new();

    public void Dispose() => _state.Dispose();

    [Theory]
    [InlineData(-1)]
    [InlineData(65536)]
    public void Port_outside_range_is_rejected_naming_the_field(int port)
    {
        var options = new EmbeddedBrokerOptions { StateDirectory = _state.Path, Port = port };

        var error = Assert.Throws<ArgumentException>(() => new EmbeddedBroker(options, new MemoryAuditLog()));

        Assert.Equal("Port", error.ParamName);
        Assert.Contains("0 to pick a free port", error.Message);
    }

    [Fact]
    public void Missing_state_directory_is_rejected_naming_the_field()
    {
        var error = Assert.Throws<ArgumentException>(() => new EmbeddedBroker(new EmbeddedBrokerOptions(), new MemoryAuditLog()));

        Assert.Equal("StateDirectory", error.ParamName);
        Assert.False(Directory.Exists(Path.Combine(_state.Path, "pki")));
    }

    [Fact]
    public void Every_bad_field_is_named_at_once()
    {
        var options = new EmbeddedBrokerOptions
        {
            StateDirectory = _state.Path,
            Port = 70000,
            MaxPendingMessagesPerClient = 0,
            CommunicationTimeoutSeconds = 0,
            IPv4Address = IPAddress.IPv6Loopback,
            IPv6Address = IPAddress.Loopback,
        };

        var error = Assert.Throws<ArgumentException>(options.Validate);

        foreach (string field in new[] { "Port", "MaxPendingMessagesPerClient", "CommunicationTimeoutSeconds", "IPv4Address", "IPv6Address" })
        {
            Assert.Contains(field, error.Message);
        }
    }

    [Fact]
    public void CA_of_another_state_directory_is_rejected()
    {
        using var other = new TemporaryDirectory();
        using FleetCa otherCa = FleetCa.CreateOrLoad(other.Path);

        var error = Assert.Throws<ArgumentException>(() =>
            new EmbeddedBroker(new EmbeddedBrokerOptions { StateDirectory = _state.Path }, new MemoryAuditLog(), otherCa));

        Assert.Contains("StateDirectory", error.Message);
    }

    [Fact]
    public async Task Port_in_use_is_reported_naming_the_port()
    {
        using var blocker = new TcpListener(IPAddress.Loopback, 0);
        blocker.Start();
        int port = ((IPEndPoint)blocker.LocalEndpoint).Port;
        await using var broker = new EmbeddedBroker(new EmbeddedBrokerOptions { StateDirectory = _state.Path, Port = port, IPv6Address = null }, new MemoryAuditLog());

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => broker.StartAsync());

        Assert.Contains($"Port {port}", error.Message);
        Assert.False(broker.IsRunning);
    }

    [Fact]
    public async Task Port_is_known_only_once_started()
    {
        await using var broker = new EmbeddedBroker(new EmbeddedBrokerOptions { StateDirectory = _state.Path, Port = 0 }, new MemoryAuditLog());
        Assert.Throws<InvalidOperationException>(() => broker.Port);

        await broker.StartAsync();

        Assert.InRange(broker.Port, 1, 65535);
        Assert.True(broker.IsRunning);
        Assert.True(File.Exists(Path.Combine(_state.Path, "pki", "server.crt")));
    }
}
