using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Gateway.Ingest.Pki;
using Gateway.Ingest.Tests.Fixtures;
using MQTTnet;
using MQTTnet.Protocol;
using Xunit;

namespace Gateway.Ingest.Tests.ScaleOut;

/// <summary>The Mosquitto broker the scale-out tests use, configured as production would be: TLS with client certificates, fleet ACL, shared subscriptions.</summary>
public sealed class MosquittoFixtureTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    [ServiceFact(ExternalService.Mosquitto)]
    public async Task A_client_without_a_certificate_is_refused()
    {
        await using MosquittoFixture broker = await MosquittoFixture.StartAsync();
        using IMqttClient client = new MqttClientFactory().CreateMqttClient();
        using var limit = new CancellationTokenSource(Timeout);

        await Assert.ThrowsAnyAsync<Exception>(() => client.ConnectAsync(broker.ClientOptions("node-1", certificate: null).Build(), limit.Token));

        Assert.False(client.IsConnected);
    }

    [ServiceFact(ExternalService.Mosquitto)]
    public async Task A_device_publishes_only_its_own_uplinks_and_receives_only_its_own_downlinks()
    {
        await using MosquittoFixture broker = await MosquittoFixture.StartAsync();
        using X509Certificate2 nodeCert = broker.Issue("node-1", ClientRole.Device);
        using X509Certificate2 serviceCert = broker.Issue("ingest-1", ClientRole.Service);
        using IMqttClient node = await ConnectAsync(broker, "node-1", nodeCert);
        using IMqttClient service = await ConnectAsync(broker, "ingest-1", serviceCert);
        var nodeGot = new ConcurrentQueue<string>();
        var serviceGot = new ConcurrentQueue<string>();
        var ownDownlink = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var ownUplink = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        node.ApplicationMessageReceivedAsync += e =>
        {
            nodeGot.Enqueue(e.ApplicationMessage.Topic);
            if (e.ApplicationMessage.Topic.EndsWith("/node-1/down/ack", StringComparison.Ordinal))
            {
                ownDownlink.TrySetResult();
            }
            return Task.CompletedTask;
        };
        service.ApplicationMessageReceivedAsync += e =>
        {
            serviceGot.Enqueue(e.ApplicationMessage.Topic);
            if (e.ApplicationMessage.Topic.EndsWith("/node-1/up/telemetry", StringComparison.Ordinal))
            {
                ownUplink.TrySetResult();
            }
            return Task.CompletedTask;
        };
        await node.SubscribeAsync("gw/v1/+/+/down/#", MqttQualityOfServiceLevel.AtLeastOnce); // asks for everyone's downlinks
        await service.SubscribeAsync("gw/v1/+/+/up/#", MqttQualityOfServiceLevel.AtLeastOnce);

        MqttClientPublishResult foreign = await PublishAsync(node, "gw/v1/city/node-2/up/telemetry");
        MqttClientPublishResult downlinkFromNode = await PublishAsync(node, "gw/v1/city/node-1/down/ack");
        await PublishAsync(service, "gw/v1/city/node-2/down/ack");
        MqttClientPublishResult own = await PublishAsync(node, "gw/v1/city/node-1/up/telemetry");
        await PublishAsync(service, "gw/v1/city/node-1/down/ack");
        await Task.WhenAll(ownDownlink.Task, ownUplink.Task).WaitAsync(Timeout);

        Assert.Equal(MqttClientPublishReasonCode.NotAuthorized, foreign.ReasonCode);
        Assert.Equal(MqttClientPublishReasonCode.NotAuthorized, downlinkFromNode.ReasonCode);
        Assert.True(own.IsSuccess, own.ReasonCode.ToString());
        Assert.Equal(new[] { "gw/v1/city/node-1/down/ack" }, nodeGot.ToArray()); // node-2's ack was not delivered to node-1
        Assert.Equal(new[] { "gw/v1/city/node-1/up/telemetry" }, serviceGot.ToArray());
        Assert.Contains("node-1", broker.ReadLog()); // the log names clients by their certificate identity
    }

    [ServiceFact(ExternalService.Mosquitto)]
    public async Task A_shared_subscription_gives_each_uplink_to_exactly_one_of_two_ingestion_services()
    {
        const int Messages = 40;
        await using MosquittoFixture broker = await MosquittoFixture.StartAsync();
        using X509Certificate2 nodeCert = broker.Issue("node-1", ClientRole.Device);
        using X509Certificate2 cert1 = broker.Issue("ingest-1", ClientRole.Service);
        using X509Certificate2 cert2 = broker.Issue("ingest-2", ClientRole.Service);
        using IMqttClient first = await ConnectAsync(broker, "ingest-1", cert1);
        using IMqttClient second = await ConnectAsync(broker, "ingest-2", cert2);
        using IMqttClient node = await ConnectAsync(broker, "node-1", nodeCert);
        var received = new ConcurrentDictionary<string, List<string>>();
        int total = 0;
        var all = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        foreach ((IMqttClient client, string name) in new[] { (first, "ingest-1"), (second, "ingest-2") })
        {
            client.ApplicationMessageReceivedAsync += e =>
            {
                List<string> mine = received.GetOrAdd(name, _ => new List<string>());
                lock (mine)
                {
                    mine.Add(Encoding.UTF8.GetString(e.ApplicationMessage.Payload));
                }
                if (Interlocked.Increment(ref total) == Messages)
                {
                    all.TrySetResult();
                }
                return Task.CompletedTask;
            };
            MqttClientSubscribeResult subscribed = await client.SubscribeAsync("$share/ingest/gw/v1/+/+/up/#", MqttQualityOfServiceLevel.AtLeastOnce);
            Assert.Equal(MqttClientSubscribeResultCode.GrantedQoS1, subscribed.Items.Single().ResultCode);
        }

        for (int i = 0; i < Messages; i++)
        {
            Assert.True((await PublishAsync(node, "gw/v1/city/node-1/up/telemetry", i.ToString(System.Globalization.CultureInfo.InvariantCulture))).IsSuccess);
        }
        await all.Task.WaitAsync(Timeout);

        List<string> one = received.GetValueOrDefault("ingest-1") ?? new List<string>();
        List<string> two = received.GetValueOrDefault("ingest-2") ?? new List<string>();
        Assert.NotEmpty(one);
        Assert.NotEmpty(two);
        Assert.Equal(Enumerable.Range(0, Messages).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)).OrderBy(s => s),
            one.Concat(two).OrderBy(s => s));
    }

    private static async Task<IMqttClient> ConnectAsync(MosquittoFixture broker, string clientId, X509Certificate2 certificate)
    {
        IMqttClient client = new MqttClientFactory().CreateMqttClient();
        using var limit = new CancellationTokenSource(Timeout);
        await client.ConnectAsync(broker.ClientOptions(clientId, certificate).Build(), limit.Token);
        return client;
    }

    private static Task<MqttClientPublishResult> PublishAsync(IMqttClient client, string topic, string payload = "x") =>
        client.PublishAsync(new MqttApplicationMessageBuilder()
            .WithTopic(topic)
            .WithPayload(payload)
            .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
            .Build());
}
