using System;
using System.Buffers;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Threading;
using System.Threading.Channels;
using System.Threading.Tasks;
using Gateway.Ingest.Audit;
using Gateway.Ingest.Pki;
using Gateway.Ingest.Tests.Pki;
using MQTTnet;
using MQTTnet.Formatter;
using MQTTnet.Protocol;
using Xunit;

namespace Gateway.Ingest.Tests.Broker;

public sealed class EmbeddedBrokerTests : IAsyncLifetime
{
    private BrokerHarness _harness = null!;

    public async Task InitializeAsync() => _harness = await BrokerHarness.StartAsync();

    public async Task DisposeAsync() => await _harness.DisposeAsync();

    [Fact]
    public async Task Device_with_fleet_certificate_connects_over_IPv4_and_IPv6()
    {
        X509Certificate2 certificate = _harness.Device("air-1");

        IMqttClient overIPv4 = await _harness.ConnectAsync(certificate, "air-1", IPAddress.Loopback);
        await _harness.Audit.WaitForAsync(e => e.Kind == AuditKinds.Connected && e.Remote!.StartsWith("127.0.0.1", StringComparison.Ordinal));
        await overIPv4.DisconnectAsync(new MqttClientDisconnectOptions());
        await _harness.Audit.WaitForAsync(e => e.Kind == AuditKinds.Disconnected && e.Subject == "air-1");
        IMqttClient overIPv6 = await _harness.ConnectAsync(certificate, "air-1", IPAddress.IPv6Loopback);

        AuditEvent connected = await _harness.Audit.WaitForAsync(e => e.Kind == AuditKinds.Connected && e.Remote!.Contains("::1", StringComparison.Ordinal));
        Assert.Equal("air-1", connected.Subject);
        Assert.Contains("device", connected.Detail);
        Assert.True(overIPv6.IsConnected);
        Assert.Equal(1, _harness.Broker.Counters.ConnectedClients);
        Assert.Equal(2, _harness.Broker.Counters.Connections);
        Assert.Equal(0, _harness.Broker.Counters.AuthenticationFailures);
        Assert.Equal(new[] { IPAddress.Loopback, IPAddress.IPv6Loopback }, _harness.Broker.Endpoints.Select(e => e.Address).ToArray());
    }

    [Fact]
    public async Task Device_speaking_MQTT_3_1_1_connects_too()
    {
        IMqttClient client = await _harness.ConnectAsync(_harness.Device("old-fw-1"), "old-fw-1", version: MqttProtocolVersion.V311);

        Assert.True(client.IsConnected);
    }

    [Fact]
    public async Task Client_without_certificate_is_refused_and_audited()
    {
        await _harness.ConnectExpectingRefusalAsync(_harness.Options(certificate: null, "air-1"));

        AuditEvent refused = await _harness.Audit.WaitForAsync(e => e.Kind == AuditKinds.AuthenticationFailed);
        Assert.Equal("TLS handshake refused: no client certificate presented", refused.Detail);
        Assert.StartsWith("127.0.0.1:", refused.Remote);
        Assert.Equal(1, _harness.Broker.Counters.AuthenticationFailures);
        Assert.Equal(0, _harness.Broker.Counters.Connections);
    }

    [Fact]
    public async Task Certificate_from_another_CA_is_refused()
    {
        using var otherState = new TemporaryDirectory();
        using FleetCa otherCa = FleetCa.CreateOrLoad(otherState.Path);
        X509Certificate2 foreign = _harness.Keep(otherCa.IssueClientCertificate("air-1", ClientRole.Device));

        await _harness.ConnectExpectingRefusalAsync(_harness.Options(foreign, "air-1"));

        AuditEvent refused = await _harness.Audit.WaitForAsync(e => e.Kind == AuditKinds.AuthenticationFailed);
        Assert.StartsWith("TLS handshake refused: certificate not issued by the fleet CA", refused.Detail);
        Assert.Equal("air-1", refused.Subject);
        Assert.Equal(0, _harness.Broker.Counters.Connections);
    }

    [Fact]
    public async Task Expired_certificate_is_refused()
    {
        X509Certificate2 expired = _harness.Keep(_harness.Ca.IssueClientCertificate(
            "air-1", ClientRole.Device, TimeSpan.FromMinutes(10), DateTimeOffset.UtcNow.AddMinutes(-50)));

        await _harness.ConnectExpectingRefusalAsync(_harness.Options(expired, "air-1"));

        AuditEvent refused = await _harness.Audit.WaitForAsync(e => e.Kind == AuditKinds.AuthenticationFailed);
        Assert.StartsWith("TLS handshake refused: certificate expired on", refused.Detail);
        Assert.Equal("air-1", refused.Subject);
    }

    [Fact]
    public async Task Revoked_device_is_refused()
    {
        X509Certificate2 certificate = _harness.Device("air-1");
        _harness.Ca.Revoke("air-1", "stolen");

        await _harness.ConnectExpectingRefusalAsync(_harness.Options(certificate, "air-1"));

        AuditEvent refused = await _harness.Audit.WaitForAsync(e => e.Kind == AuditKinds.AuthenticationFailed);
        Assert.Contains("revoked", refused.Detail);
        Assert.Contains("stolen", refused.Detail);
    }

    [Fact]
    public async Task Revoking_a_connected_device_disconnects_it_and_keeps_it_out()
    {
        X509Certificate2 certificate = _harness.Device("air-1");
        IMqttClient client = await _harness.ConnectAsync(certificate, "air-1");
        var disconnected = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        client.DisconnectedAsync += _ =>
        {
            disconnected.TrySetResult();
            return Task.CompletedTask;
        };

        bool wasConnected = await _harness.Broker.RevokeAndDisconnectAsync("air-1", "decommissioned");

        Assert.True(wasConnected);
        await disconnected.Task.WaitAsync(BrokerHarness.Timeout);
        await _harness.ConnectExpectingRefusalAsync(_harness.Options(certificate, "air-1"));
        await _harness.Audit.WaitForAsync(e => e.Kind == AuditKinds.AuthenticationFailed && e.Detail.Contains("decommissioned", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Revoking_a_device_that_is_not_connected_reports_no_disconnection()
    {
        bool wasConnected = await _harness.Broker.RevokeAndDisconnectAsync("air-9", "lost");

        Assert.False(wasConnected);
        Assert.True(_harness.Ca.IsRevoked(_harness.Device("air-9")));
    }

    [Fact]
    public async Task Client_id_not_matching_certificate_is_refused()
    {
        X509Certificate2 certificate = _harness.Device("air-1");

        string failure = await _harness.ConnectExpectingRefusalAsync(_harness.Options(certificate, "air-2"));

        Assert.Contains("NotAuthorized", failure);
        AuditEvent refused = await _harness.Audit.WaitForAsync(e => e.Kind == AuditKinds.AuthenticationFailed);
        Assert.Contains("client id does not match certificate", refused.Detail);
        Assert.Contains("air-2", refused.Detail);
        Assert.Equal("air-1", refused.Subject);
        Assert.Equal(1, _harness.Broker.Counters.AuthenticationFailures);
    }

    [Fact]
    public async Task Service_receives_device_uplinks_and_device_receives_its_downlinks()
    {
        IMqttClient service = await _harness.ConnectAsync(_harness.Service(), "ingest-1");
        ChannelReader<MqttApplicationMessage> serviceInbox = BrokerHarness.Inbox(service);
        MqttClientSubscribeResult subscribed = await service.SubscribeAsync("gw/v1/+/+/up/#", MqttQualityOfServiceLevel.AtLeastOnce);
        Assert.Equal(MqttClientSubscribeResultCode.GrantedQoS1, subscribed.Items.Single().ResultCode);
        IMqttClient device = await _harness.ConnectAsync(_harness.Device("air-1"), "air-1");
        ChannelReader<MqttApplicationMessage> deviceInbox = BrokerHarness.Inbox(device);
        await device.SubscribeAsync("gw/v1/city/air-1/down/#", MqttQualityOfServiceLevel.AtLeastOnce);

        MqttClientPublishResult published = await device.PublishStringAsync("gw/v1/city/air-1/up/telemetry", "pack-1", MqttQualityOfServiceLevel.AtLeastOnce);
        MqttApplicationMessage uplink = await BrokerHarness.NextAsync(serviceInbox);
        await service.PublishStringAsync("gw/v1/city/air-1/down/ack", "confirmed = 1", MqttQualityOfServiceLevel.AtLeastOnce);
        MqttApplicationMessage downlink = await BrokerHarness.NextAsync(deviceInbox);

        Assert.True(published.IsSuccess, published.ReasonCode.ToString());
        Assert.Equal("gw/v1/city/air-1/up/telemetry", uplink.Topic);
        Assert.Equal("pack-1", Encoding.UTF8.GetString(uplink.Payload.ToArray()));
        Assert.Equal("gw/v1/city/air-1/down/ack", downlink.Topic);
        Assert.Equal("confirmed = 1", Encoding.UTF8.GetString(downlink.Payload.ToArray()));
        Assert.Equal(0, _harness.Broker.Counters.AccessDenials);
    }

    [Fact]
    public async Task Device_cannot_publish_to_another_devices_topic()
    {
        IMqttClient service = await _harness.ConnectAsync(_harness.Service(), "ingest-1");
        ChannelReader<MqttApplicationMessage> serviceInbox = BrokerHarness.Inbox(service);
        await service.SubscribeAsync("gw/v1/+/+/up/#", MqttQualityOfServiceLevel.AtLeastOnce);
        IMqttClient deviceA = await _harness.ConnectAsync(_harness.Device("air-a"), "air-a");

        MqttClientPublishResult forged = await deviceA.PublishStringAsync("gw/v1/city/air-b/up/telemetry", "forged", MqttQualityOfServiceLevel.AtLeastOnce);
        await deviceA.PublishStringAsync("gw/v1/city/air-a/up/telemetry", "own", MqttQualityOfServiceLevel.AtLeastOnce);
        // Messages of one publisher arrive in order: once "own" is here, "forged" would have been delivered before it.
        MqttApplicationMessage first = await BrokerHarness.NextAsync(serviceInbox);

        Assert.Equal(MqttClientPublishReasonCode.NotAuthorized, forged.ReasonCode);
        Assert.Equal("gw/v1/city/air-a/up/telemetry", first.Topic);
        Assert.False(serviceInbox.TryRead(out _));
        AuditEvent denied = await _harness.Audit.WaitForAsync(e => e.Kind == AuditKinds.AccessDenied);
        Assert.Equal("air-a", denied.Subject);
        Assert.Contains("gw/v1/city/air-b/up/telemetry", denied.Detail);
        Assert.Equal(1, _harness.Broker.Counters.AccessDenials);
    }

    [Fact]
    public async Task Device_cannot_publish_downlinks_retained_messages_or_to_SYS()
    {
        IMqttClient service = await _harness.ConnectAsync(_harness.Service(), "ingest-1");
        IMqttClient deviceA = await _harness.ConnectAsync(_harness.Device("air-a"), "air-a");

        MqttClientPublishResult downlink = await deviceA.PublishStringAsync("gw/v1/city/air-a/down/config", "x", MqttQualityOfServiceLevel.AtLeastOnce);
        MqttClientPublishResult retained = await deviceA.PublishStringAsync("gw/v1/city/air-a/up/status", "x", MqttQualityOfServiceLevel.AtLeastOnce, retain: true);
        MqttClientPublishResult system = await deviceA.PublishStringAsync("$SYS/broker/clients", "x", MqttQualityOfServiceLevel.AtLeastOnce);
        MqttClientPublishResult serviceUplink = await service.PublishStringAsync("gw/v1/city/air-a/up/telemetry", "x", MqttQualityOfServiceLevel.AtLeastOnce);

        Assert.All(new[] { downlink, retained, system, serviceUplink }, r => Assert.Equal(MqttClientPublishReasonCode.NotAuthorized, r.ReasonCode));
        Assert.Contains("retained", retained.ReasonString);
        Assert.Equal(4, _harness.Broker.Counters.AccessDenials);
    }

    [Fact]
    public async Task Device_cannot_subscribe_outside_its_down_topics()
    {
        IMqttClient device = await _harness.ConnectAsync(_harness.Device("air-a"), "air-a");
        string[] refusedFilters = { "gw/v1/+/air-b/down/#", "gw/v1/#", "gw/v1/+/+/up/#", "#", "$SYS/#", "gw/v1/city/air-a/up/#" };

        foreach (string filter in refusedFilters)
        {
            MqttClientSubscribeResult result = await device.SubscribeAsync(filter, MqttQualityOfServiceLevel.AtLeastOnce);
            Assert.True(MqttClientSubscribeResultCode.NotAuthorized == result.Items.Single().ResultCode, filter + " " + result.Items.Single().ResultCode);
        }
        // MQTTnet's server refuses shared subscriptions itself (SharedSubscriptionsNotSupported) before the ACL is asked.
        MqttClientSubscribeResult shared = await device.SubscribeAsync("$share/g/gw/v1/+/air-a/down/#", MqttQualityOfServiceLevel.AtLeastOnce);
        MqttClientSubscribeResult own = await device.SubscribeAsync("gw/v1/+/air-a/down/#", MqttQualityOfServiceLevel.AtLeastOnce);

        Assert.NotEqual(MqttClientSubscribeResultCode.GrantedQoS1, shared.Items.Single().ResultCode);
        Assert.Equal(MqttClientSubscribeResultCode.GrantedQoS1, own.Items.Single().ResultCode);
        Assert.Equal(refusedFilters.Length, _harness.Broker.Counters.AccessDenials);
        await _harness.Audit.WaitForAsync(e => e.Kind == AuditKinds.AccessDenied && e.Detail.Contains("$SYS/#", StringComparison.Ordinal));
        Assert.Equal(refusedFilters.Length, _harness.Audit.Events.Count(e => e.Kind == AuditKinds.AccessDenied && e.Subject == "air-a"));
    }

    [Fact]
    public async Task Refused_subscription_of_an_MQTT_3_1_1_device_fails_the_subscription()
    {
        IMqttClient device = await _harness.ConnectAsync(_harness.Device("air-a"), "air-a", version: MqttProtocolVersion.V311);

        MqttClientSubscribeResult result = await device.SubscribeAsync("gw/v1/#", MqttQualityOfServiceLevel.AtLeastOnce);

        Assert.NotEqual(MqttClientSubscribeResultCode.GrantedQoS0, result.Items.Single().ResultCode);
        Assert.NotEqual(MqttClientSubscribeResultCode.GrantedQoS1, result.Items.Single().ResultCode);
        Assert.Equal(1, _harness.Broker.Counters.AccessDenials);
    }

    [Fact]
    public async Task Plain_TCP_is_not_offered()
    {
        // No plain TCP endpoint is configured at all...
        MQTTnet.Server.MqttServerOptions options = _harness.Broker.ActiveServerOptions!;
        Assert.False(options.DefaultEndpointOptions.IsEnabled);
        Assert.True(options.TlsEndpointOptions.IsEnabled);
        Assert.True(options.TlsEndpointOptions.ClientCertificateRequired);
        Assert.Equal(System.Security.Authentication.SslProtocols.Tls12 | System.Security.Authentication.SslProtocols.Tls13, options.TlsEndpointOptions.SslProtocol);

        // ...an MQTT client without TLS on the broker's port gets no MQTT session...
        await _harness.ConnectExpectingRefusalAsync(_harness.Options(_harness.Device("air-1"), "air-1", tls: false));

        // ...and a raw MQTT CONNECT on the port is never answered with a CONNACK (0x20): only TLS is spoken there.
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        using var timeout = new CancellationTokenSource(BrokerHarness.Timeout);
        await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, _harness.Broker.Port), timeout.Token);
        byte[] connect = { 0x10, 0x0D, 0x00, 0x04, (byte)'M', (byte)'Q', (byte)'T', (byte)'T', 0x04, 0x02, 0x00, 0x3C, 0x00, 0x01, (byte)'x' };
        await socket.SendAsync(connect, SocketFlags.None, timeout.Token);
        byte[] reply = new byte[64];
        int received;
        try
        {
            received = await socket.ReceiveAsync(reply, SocketFlags.None, timeout.Token);
        }
        catch (SocketException)
        {
            received = 0; // connection reset: refused as well
        }

        Assert.False(received > 0 && reply[0] == 0x20, "the broker answered plain MQTT with a CONNACK");
        Assert.Equal(0, _harness.Broker.Counters.Connections);
        await _harness.Audit.WaitForAsync(e => e.Kind == AuditKinds.AuthenticationFailed && e.Detail.StartsWith("TLS handshake failed", StringComparison.Ordinal));
        Assert.True(_harness.Broker.Counters.TlsHandshakeFailures >= 1);
    }

    [Fact]
    public async Task Disconnect_is_audited_and_the_connected_count_drops()
    {
        IMqttClient device = await _harness.ConnectAsync(_harness.Device("air-1"), "air-1");
        Assert.Equal(1, _harness.Broker.Counters.ConnectedClients);

        await device.DisconnectAsync(new MqttClientDisconnectOptions());

        AuditEvent disconnected = await _harness.Audit.WaitForAsync(e => e.Kind == AuditKinds.Disconnected);
        Assert.Equal("air-1", disconnected.Subject);
        Assert.Equal(0, _harness.Broker.Counters.ConnectedClients);
    }

    [Fact]
    public async Task Reconnecting_device_taking_over_its_session_keeps_its_permissions()
    {
        X509Certificate2 certificate = _harness.Device("air-1");
        IMqttClient service = await _harness.ConnectAsync(_harness.Service(), "ingest-1");
        ChannelReader<MqttApplicationMessage> inbox = BrokerHarness.Inbox(service);
        await service.SubscribeAsync("gw/v1/+/+/up/#", MqttQualityOfServiceLevel.AtLeastOnce);
        await _harness.ConnectAsync(certificate, "air-1");

        IMqttClient second = await _harness.ConnectAsync(certificate, "air-1"); // the first connection is taken over
        await _harness.Audit.WaitForAsync(e => e.Kind == AuditKinds.Disconnected && e.Subject == "air-1");
        MqttClientPublishResult result = await second.PublishStringAsync("gw/v1/city/air-1/up/status", "after takeover", MqttQualityOfServiceLevel.AtLeastOnce);

        Assert.True(result.IsSuccess, result.ReasonCode.ToString());
        Assert.Equal("after takeover", Encoding.UTF8.GetString((await BrokerHarness.NextAsync(inbox)).Payload.ToArray()));
        Assert.Equal(2, _harness.Broker.Counters.ConnectedClients);
    }
}
