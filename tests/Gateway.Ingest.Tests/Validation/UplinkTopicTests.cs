using Gateway.Ingest.Validation;
using Xunit;

namespace Gateway.Ingest.Tests.Validation;

public class UplinkTopicTests
{
    [Theory]
    [InlineData("gw/v1/city/env-0001/up/telemetry", "city", "env-0001", UplinkChannel.Telemetry)]
    [InlineData("gw/v1/acme/truck_42/up/alarm", "acme", "truck_42", UplinkChannel.Alarm)]
    [InlineData("gw/v1/t/d/up/status", "t", "d", UplinkChannel.Status)]
    [InlineData("gw/v1/t/d/up/reply", "t", "d", UplinkChannel.Reply)]
    public void Uplink_topics_parse_into_tenant_device_and_channel(string text, string tenant, string device, UplinkChannel channel)
    {
        Assert.True(UplinkTopic.TryParse(text, out UplinkTopic? topic, out string error), error);
        Assert.Equal(new UplinkTopic(tenant, device, channel), topic);
        Assert.Equal($"gw/v1/{tenant}/{device}/down/ack", topic!.AckTopic);
        Assert.Equal($"gw/v1/{tenant}/{device}/down/cmd", topic.CommandTopic);
    }

    [Theory]
    [InlineData("", "empty topic")]
    [InlineData("gw/v1/city/env/up", "5 levels")]
    [InlineData("gw/v1/city/env/up/telemetry/x", "7 levels")]
    [InlineData("gw/v2/city/env/up/telemetry", "gw/v1/")]
    [InlineData("gw/v1/City/env/up/telemetry", "tenant \"City\"")]
    [InlineData("gw/v1/city/-env/up/telemetry", "device \"-env\"")]
    [InlineData("gw/v1/city/+/up/telemetry", "device \"+\"")]
    [InlineData("gw/v1/city/env/down/ack", "'up'")]
    [InlineData("gw/v1/city/env/up/metrics", "channel \"metrics\"")]
    [InlineData("gw/v1/city/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa/up/status", "device")]
    public void Malformed_topics_are_refused_naming_the_wrong_part(string text, string expected)
    {
        Assert.False(UplinkTopic.TryParse(text, out UplinkTopic? topic, out string error));
        Assert.Null(topic);
        Assert.Contains(expected, error);
    }
}
