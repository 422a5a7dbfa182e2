using System;
using System.IO;
using System.Linq;
using Gateway.Firmware.Core.Config;
using Gateway.HostSim.Provisioning;
using Xunit;

namespace Gateway.HostSim.Tests.Provisioning;

public sealed class ProvisionBatchTests : IDisposable
{
    private readonly ProvisionHarness _h = new();

    public ProvisionBatchTests() => _h.CreateCa();

    private CommandRun Batch(string csv, params string[] more)
    {
        string path = Path.Combine(_h.Root, "devices.csv");
        File.WriteAllText(path, csv);
        return _h.Run(new[] { "provision", "batch", "--csv", path, "--wifi-password-file", _h.PassphraseFile, "--out", _h.Out, "--state", _h.State, "--boards", _h.Boards }
            .Concat(more).ToArray());
    }

    [Fact]
    public void Batch_provisions_every_row_with_its_own_certificate_and_extra_columns_as_settings()
    {
        CommandRun run = Batch(
            "id,board,tenant,kind,wifi_ssid,broker,sample.period_s,alarm.cargo_temp.band_min,alarm.cargo_temp.band_max,alarm.cargo_temp.excursion_s\r\n" +
            "aq-0001,esp32-devkitc,city,environmental,CityIoT,mqtt.example.org,30,,,\r\n" +
            "truck-0042,lilygo-t-sim7000g,acme,logistics,\"Depot, WLAN 3\",mqtts://mqtt.example.org:8883,120,2,8,600\r\n" +
            "\r\n" +
            "core2-0001,m5stack-core2,acme,logistics,Depot,[fd00::5]:8884,,,,\r\n");

        Assert.True(run.ExitCode == 0, run.All);
        Assert.Equal(new[] { "aq-0001", "core2-0001", "truck-0042" }, _h.OutEntries());
        var listed = new ProvisionedRegistry(_h.State).ReadAll();
        Assert.Equal(3, listed.Count);
        Assert.Equal(3, listed.Values.Select(d => d.Serial).Distinct().Count());

        DeviceConfig truck = Parse("truck-0042");
        Assert.Equal("Depot, WLAN 3", truck.WifiSsid);
        Assert.Equal(ProvisionHarness.Passphrase, truck.WifiPassword);
        Assert.Equal(DeviceKind.Logistics, truck.Kind);
        Assert.Equal(120_000, truck.SamplePeriodMs);
        Assert.Single(truck.Alarms.Excursions);
        DeviceConfig core2 = Parse("core2-0001");
        Assert.Equal("fd00::5", core2.BrokerHost);
        Assert.Equal(8884, core2.BrokerPort);
        Assert.Equal(60_000, core2.SamplePeriodMs); // empty cell: the default
    }

    [Fact]
    public void Batch_with_a_bad_row_writes_nothing_and_names_row_and_column()
    {
        CommandRun run = Batch(
            "id,board,tenant,kind,wifi_ssid,broker\n" +
            "aq-0001,esp32-devkitc,city,environmental,CityIoT,mqtt.example.org\n" +
            "aq-0002,esp32-devkitc,city,weather,CityIoT,mqtt.example.org\n" +
            "aq-0003,esp32-wroom,city,environmental,CityIoT,mqtt.example.org:1883\n");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("row 3, column kind: device.kind = weather: must be environmental or logistics", run.Error);
        Assert.Contains("row 4, column board 'esp32-wroom': unknown board; known boards: esp32-devkitc", run.Error);
        Assert.Contains("row 4, column broker 'mqtt.example.org:1883': port 1883 is MQTT without TLS", run.Error);
        Assert.Empty(_h.OutEntries());
        Assert.False(File.Exists(Path.Combine(_h.State, ProvisionedRegistry.FileName)));
    }

    [Fact]
    public void Duplicate_ids_in_the_file_name_both_rows()
    {
        CommandRun run = Batch(
            "id,board,tenant,kind,wifi_ssid,broker\n" +
            "aq-0001,esp32-devkitc,city,environmental,CityIoT,mqtt.example.org\n" +
            "aq-0001,esp32-devkitc,city,environmental,CityIoT,mqtt.example.org\n");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("row 3, column id: 'aq-0001' is already used by row 2", run.Error);
        Assert.Empty(_h.OutEntries());
    }

    [Fact]
    public void Id_provisioned_before_is_refused_unless_forced()
    {
        Assert.Equal(0, _h.Device("aq-0001").ExitCode);
        const string csv = "id,board,tenant,kind,wifi_ssid,broker\naq-0001,esp32-devkitc,city,environmental,CityIoT,mqtt.example.org\n" +
            "aq-0002,esp32-devkitc,city,environmental,CityIoT,mqtt.example.org\n";

        CommandRun refused = Batch(csv);

        Assert.Equal(2, refused.ExitCode);
        Assert.Contains("row 2, column id 'aq-0001': already provisioned", refused.Error);
        Assert.Equal(new[] { "aq-0001" }, _h.OutEntries());

        CommandRun forced = Batch(csv, "--force");

        Assert.True(forced.ExitCode == 0, forced.All);
        Assert.Equal(new[] { "aq-0001", "aq-0002" }, _h.OutEntries());
        Assert.Equal("CityIoT", Parse("aq-0001").WifiSsid);
    }

    [Fact]
    public void Malformed_rows_and_header_are_named_by_row()
    {
        CommandRun run = Batch(
            "id,board,tenant,kind,wifi_ssid,broker,sample.perod_s,device.id\n" +
            "aq-0001,esp32-devkitc,city,environmental,Depot, WLAN,mqtt.example.org,,\n");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("row 1, column sample.perod_s: unknown key sample.perod_s; did you mean sample.period_s?", run.Error);
        Assert.Contains("row 1, column device.id: device.id is set by --id (CSV column id)", run.Error);
        Assert.Contains("row 2 (line 2): 9 cells: expected 8", run.Error);
        Assert.Empty(_h.OutEntries());
    }

    [Theory]
    [InlineData("id,board,tenant,kind,broker\naq-1,esp32-devkitc,city,environmental,b.example\n", "column wifi_ssid is missing")]
    [InlineData("id,board,tenant,kind,wifi_ssid,broker\n", "no device rows after the header")]
    [InlineData("id,board,tenant,kind,wifi_ssid,broker\naq-1,esp32-devkitc,city,environmental,\"CityIoT,b.example\n", "a quoted field is not closed")]
    public void Unreadable_file_is_refused_saying_what_is_expected(string csv, string expected)
    {
        CommandRun run = Batch(csv);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains(expected, run.Error);
        Assert.Empty(_h.OutEntries());
    }

    private DeviceConfig Parse(string id)
    {
        string text = File.ReadAllText(Path.Combine(_h.DeviceFolder(id), "device.conf"));
        Assert.True(DeviceConfigParser.TryParse(text, out DeviceConfig? config, out ConfigError[] errors), string.Join("\n", errors.Select(e => e.Message)));
        return config!;
    }

    public void Dispose() => _h.Dispose();
}
