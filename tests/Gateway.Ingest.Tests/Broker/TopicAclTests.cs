using Gateway.Ingest.Broker;
using Gateway.Ingest.Pki;
using Xunit;

namespace Gateway.Ingest.Tests.Broker;

public sealed class TopicAclTests
{
    [Theory]
    [InlineData("gw/v1/city/air-1/up/telemetry")]
    [InlineData("gw/v1/city/air-1/up/alarm")]
    [InlineData("gw/v1/other-tenant/air-1/up/status")]
    [InlineData("gw/v1/city/air-1/up/reply")]
    public void Device_may_publish_its_own_uplinks(string topic)
    {
        Assert.True(TopicAcl.CheckPublish(ClientRole.Device, "air-1", topic, retain: false).Allowed);
    }

    [Theory]
    [InlineData("gw/v1/city/air-2/up/telemetry")]   // another device
    [InlineData("gw/v1/city/air-1/down/ack")]       // a downlink
    [InlineData("gw/v1/city/air-1/up")]             // no kind
    [InlineData("gw/v1/city/air-1/up/")]            // empty kind
    [InlineData("gw/v1/City/air-1/up/telemetry")]   // tenant not an identifier
    [InlineData("gw/v2/city/air-1/up/telemetry")]
    [InlineData("$SYS/broker/load")]
    [InlineData("gw/v1/+/air-1/up/telemetry")]
    [InlineData("")]
    [InlineData("air-1/up/telemetry")]
    public void Device_may_not_publish_elsewhere(string topic)
    {
        AclDecision decision = TopicAcl.CheckPublish(ClientRole.Device, "air-1", topic, retain: false);

        Assert.False(decision.Allowed);
        Assert.NotEmpty(decision.Reason);
    }

    [Fact]
    public void Retained_publish_is_refused_for_every_role()
    {
        Assert.False(TopicAcl.CheckPublish(ClientRole.Device, "air-1", "gw/v1/city/air-1/up/status", retain: true).Allowed);
        Assert.False(TopicAcl.CheckPublish(ClientRole.Service, "ingest-1", "gw/v1/city/air-1/down/config", retain: true).Allowed);
    }

    [Theory]
    [InlineData("gw/v1/+/air-1/down/#", true)]
    [InlineData("gw/v1/city/air-1/down/#", true)]
    [InlineData("gw/v1/city/air-1/down/ack", true)]
    [InlineData("gw/v1/city/air-1/down/+", true)]
    [InlineData("gw/v1/+/+/down/#", false)]
    [InlineData("gw/v1/city/air-2/down/#", false)]
    [InlineData("gw/v1/city/air-1/#", false)]
    [InlineData("gw/v1/city/air-1/up/#", false)]
    [InlineData("gw/v1/#", false)]
    [InlineData("gw/+/city/air-1/down/#", false)]
    [InlineData("#", false)]
    [InlineData("+/v1/city/air-1/down/#", false)]
    [InlineData("$SYS/#", false)]
    [InlineData("$share/x/gw/v1/+/air-1/down/#", false)]
    [InlineData("gw/v1/city/air-1/down/a#", false)]
    [InlineData("gw/v1/city/air-1/down/#/x", false)]
    public void Device_may_subscribe_only_inside_its_down_subtree(string filter, bool allowed)
    {
        Assert.Equal(allowed, TopicAcl.CheckSubscribe(ClientRole.Device, "air-1", filter).Allowed);
    }

    [Theory]
    [InlineData("gw/v1/+/+/up/#", true)]
    [InlineData("gw/v1/city/+/up/telemetry", true)]
    [InlineData("$share/ingest/gw/v1/+/+/up/#", true)]
    [InlineData("gw/v1/+/+/down/#", false)]
    [InlineData("gw/v1/#", false)]
    [InlineData("gw/v1/+/#", false)]
    [InlineData("#", false)]
    [InlineData("$SYS/#", false)]
    [InlineData("$share//gw/v1/+/+/up/#", false)]
    public void Service_may_subscribe_only_inside_the_uplink_tree(string filter, bool allowed)
    {
        Assert.Equal(allowed, TopicAcl.CheckSubscribe(ClientRole.Service, "ingest-1", filter).Allowed);
    }

    [Theory]
    [InlineData("gw/v1/city/air-1/down/ack", true)]
    [InlineData("gw/v1/city/air-1/down/config", true)]
    [InlineData("gw/v1/city/air-1/up/telemetry", false)]
    [InlineData("gw/v1/city/air-1/down", false)]
    [InlineData("$SYS/x", false)]
    public void Service_may_publish_only_downlinks(string topic, bool allowed)
    {
        Assert.Equal(allowed, TopicAcl.CheckPublish(ClientRole.Service, "ingest-1", topic, retain: false).Allowed);
    }

    [Fact]
    public void Refusal_reason_names_the_topic_and_the_allowed_subtree()
    {
        AclDecision decision = TopicAcl.CheckPublish(ClientRole.Device, "air-1", "gw/v1/city/air-2/up/telemetry", retain: false);

        Assert.Contains("gw/v1/city/air-2/up/telemetry", decision.Reason);
        Assert.Contains("gw/v1/{tenant}/air-1/up/", decision.Reason);
    }
}
