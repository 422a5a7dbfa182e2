using System.Collections.Generic;
using Gateway.HostSim.Provisioning;
using Xunit;

namespace Gateway.HostSim.Tests.Provisioning;

public sealed class ProvisioningParsersTests
{
    [Theory]
    [InlineData("mqtt.example.org", "mqtt.example.org", 8883)]
    [InlineData("mqtt.example.org:8884", "mqtt.example.org", 8884)]
    [InlineData("mqtts://mqtt.example.org", "mqtt.example.org", 8883)]
    [InlineData("mqtts://10.0.0.5:443", "10.0.0.5", 443)]
    [InlineData("[fd00::5]:8884", "fd00::5", 8884)]
    [InlineData("fd00::5", "fd00::5", 8883)]
    public void Broker_address_accepts_host_and_tls_port_forms(string text, string host, int port)
    {
        Assert.True(BrokerAddress.TryParse(text, out BrokerAddress address, out string error), error);
        Assert.Equal(new BrokerAddress(host, port), address);
    }

    [Theory]
    [InlineData("", "empty")]
    [InlineData("tcp://mqtt.example.org", "without TLS")]
    [InlineData("ws://mqtt.example.org", "without TLS")]
    [InlineData("mqtt.example.org:1883", "port 1883 is MQTT without TLS")]
    [InlineData("mqtt.example.org:0", "from 1 to 65535")]
    [InlineData("mqtt.example.org:http", "from 1 to 65535")]
    [InlineData("mqtts://mqtt.example.org/path", "path")]
    [InlineData("[fd00::5", "without ']'")]
    [InlineData("amqp://mqtt.example.org", "unknown scheme")]
    public void Broker_address_refuses_plain_mqtt_and_malformed_text_saying_what_is_accepted(string text, string expected)
    {
        Assert.False(BrokerAddress.TryParse(text, out _, out string error));
        Assert.Contains(expected, error);
    }

    [Fact]
    public void Csv_reads_quoted_fields_with_commas_quotes_and_line_breaks()
    {
        List<CsvRecord> records = Csv.Parse("\uFEFFa, b ,\"c,\"\"d\"\"\"\r\n\r\n\"multi\nline\",x,\"\"\n", "test.csv");

        Assert.Equal(2, records.Count);
        Assert.Equal(new[] { "a", "b", "c,\"d\"" }, records[0].Fields);
        Assert.Equal(new[] { "multi\nline", "x", "" }, records[1].Fields);
        Assert.Equal(2, records[1].Row);
        Assert.Equal(3, records[1].Line);
    }

    [Fact]
    public void Csv_written_by_the_registry_reads_back_the_same()
    {
        string[] fields = { "plain", "with,comma", "with \"quote\"", " padded ", "" };

        List<CsvRecord> records = Csv.Parse(Csv.Format(fields) + "\n", "x");

        Assert.Equal(fields, records[0].Fields);
    }

    [Fact]
    public void Csv_text_after_a_closing_quote_is_refused_with_its_row()
    {
        ProvisioningException e = Assert.Throws<ProvisioningException>(() => Csv.Parse("a,b\n\"x\"y,z\n", "devices.csv"));

        Assert.Contains("devices.csv: row 2", e.Message);
        Assert.Contains("text after a closing quote", e.Message);
    }
}
