using System;
using System.IO;
using System.Linq;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using Gateway.Firmware.Core.Boards;
using Gateway.Firmware.Core.Config;
using Gateway.HostSim.Provisioning;
using Gateway.Ingest.Pki;
using Xunit;

namespace Gateway.HostSim.Tests.Provisioning;

public sealed class ProvisionDeviceTests : IDisposable
{
    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private readonly ProvisionHarness _h = new();

    public ProvisionDeviceTests() => _h.CreateCa();

    [Fact]
    public void Device_folder_holds_what_the_core_parsers_accept_and_a_certificate_naming_the_device()
    {
        CommandRun run = _h.Device("aq-0007", "--set", "sample.period_s=30", "--set", "alarm.pm2_5.high=75");

        Assert.True(run.ExitCode == 0, run.All);
        string folder = _h.DeviceFolder("aq-0007");
        Assert.True(DeviceConfigParser.TryParse(File.ReadAllText(Path.Combine(folder, "device.conf")), out DeviceConfig? config, out ConfigError[] errors),
            string.Join("\n", errors.Select(e => e.Message)));
        Assert.Equal("aq-0007", config!.DeviceId);
        Assert.Equal("city", config.Tenant);
        Assert.Equal(DeviceKind.Environmental, config.Kind);
        Assert.Equal("esp32-devkitc", config.BoardId);
        Assert.Equal("Depot WLAN 3", config.WifiSsid);
        Assert.Equal(ProvisionHarness.Passphrase, config.WifiPassword);
        Assert.Equal("mqtt.example.org", config.BrokerHost);
        Assert.Equal(8883, config.BrokerPort);
        Assert.Equal(30_000, config.SamplePeriodMs);
        Assert.Single(config.Alarms.Thresholds);

        Assert.True(BoardProfileParser.TryLoad(File.ReadAllText(Path.Combine(folder, "board.conf")), out BoardProfile? board, out _, out _));
        Assert.Equal("esp32-devkitc", board!.Id);
        Assert.Equal(File.ReadAllText(Path.Combine(_h.Boards, "esp32-devkitc", "board.conf")), File.ReadAllText(Path.Combine(folder, "board.conf")));

        // The certificate and key belong together, name the device and are accepted by the fleet CA as a device identity.
        using X509Certificate2 certificate = X509Certificate2.CreateFromPemFile(Path.Combine(folder, "device.crt"), Path.Combine(folder, "device.key"));
        Assert.True(certificate.HasPrivateKey);
        using FleetCa ca = FleetCa.CreateOrLoad(_h.State);
        CertificateCheck check = ca.ValidateClientCertificate(certificate);
        Assert.True(check.IsValid, check.Reason);
        Assert.Equal("aq-0007", check.Identity);
        Assert.Equal(ClientRole.Device, check.Role);
        Assert.Equal(ca.CaCertificatePem, File.ReadAllText(Path.Combine(folder, "ca.pem")));

        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(OwnerOnly, File.GetUnixFileMode(Path.Combine(folder, "device.key")));
            Assert.Equal(OwnerOnly, File.GetUnixFileMode(Path.Combine(folder, "device.conf")));
            Assert.Equal(OwnerOnly | UnixFileMode.UserExecute, File.GetUnixFileMode(folder));
        }
        Assert.Equal(new[] { "aq-0007" }, _h.OutEntries()); // no temporary folder left behind
        Assert.Contains("provisioned aq-0007", run.Output);
    }

    [Fact]
    public void Deploy_manifest_puts_every_file_on_the_device_drive_in_nanoffs_format()
    {
        Assert.Equal(0, _h.Device("aq-0007").ExitCode);
        string folder = _h.DeviceFolder("aq-0007");

        using JsonDocument manifest = JsonDocument.Parse(File.ReadAllText(Path.Combine(folder, "deploy.json")));
        Assert.False(manifest.RootElement.TryGetProperty("serialport", out _)); // nanoff's --serialport decides
        var files = manifest.RootElement.GetProperty("files").EnumerateArray()
            .Select(f => (Destination: f.GetProperty("DestinationFilePath").GetString()!, Source: f.GetProperty("SourceFilePath").GetString()!))
            .ToList();
        Assert.Equal(new[] { @"I:\gateway\board.conf", @"I:\gateway\device.conf", @"I:\gateway\ca.pem", @"I:\gateway\device.crt", @"I:\gateway\device.key" },
            files.Select(f => f.Destination));
        foreach ((string destination, string source) in files)
        {
            Assert.True(Path.IsPathFullyQualified(source), source);
            Assert.True(File.Exists(source), source);
            Assert.Equal(destination[@"I:\gateway\".Length..], Path.GetFileName(source));
        }
        string readme = File.ReadAllText(Path.Combine(folder, "README.txt"));
        Assert.Contains("nanoff --update --target ESP32_REV3 --serialport /dev/ttyUSB0 --image Gateway.Firmware.Esp32.bin", readme);
        Assert.Contains($"nanoff --target ESP32_REV3 --serialport /dev/ttyUSB0 --filedeployment {Path.Combine(folder, "deploy.json")}", readme);
    }

    [Fact]
    public void Serial_port_given_goes_into_the_manifest_and_the_readme()
    {
        Assert.Equal(0, _h.Device("s3-01", "--board", "esp32-s3-devkitc", "--serialport", "/dev/ttyACM0").ExitCode);

        using JsonDocument manifest = JsonDocument.Parse(File.ReadAllText(Path.Combine(_h.DeviceFolder("s3-01"), "deploy.json")));
        Assert.Equal("/dev/ttyACM0", manifest.RootElement.GetProperty("serialport").GetString());
        Assert.Contains("--target ESP32_S3 --serialport /dev/ttyACM0", File.ReadAllText(Path.Combine(_h.DeviceFolder("s3-01"), "README.txt")));
    }

    [Fact]
    public void Passphrase_from_an_environment_variable_is_used_and_never_printed()
    {
        _h.SetEnvironment("SITE_WIFI", "env-passphrase-42");

        CommandRun run = _h.Device("aq-0008", "--wifi-password-env", "SITE_WIFI");

        Assert.True(run.ExitCode == 0, run.All);
        Assert.True(DeviceConfigParser.TryParse(File.ReadAllText(Path.Combine(_h.DeviceFolder("aq-0008"), "device.conf")), out DeviceConfig? config, out _));
        Assert.Equal("env-passphrase-42", config!.WifiPassword);
        Assert.DoesNotContain("env-passphrase-42", run.All);
        Assert.DoesNotContain("env-passphrase-42", File.ReadAllText(Path.Combine(_h.DeviceFolder("aq-0008"), "README.txt")));
    }

    [Fact]
    public void Passphrase_is_not_printed_when_the_device_is_refused()
    {
        CommandRun run = _h.Device("aq-0009", "--tenant", "Bad Tenant", "--set", "wifi.password=typed-by-mistake");

        Assert.Equal(2, run.ExitCode);
        Assert.DoesNotContain(ProvisionHarness.Passphrase, run.All);
        Assert.DoesNotContain("typed-by-mistake", run.All);
        Assert.Contains("--set wifi.password", run.Error);
    }

    [Theory]
    [InlineData("--id", "Aq_7", "--id 'Aq_7': not accepted")]
    [InlineData("--tenant", "City Hall", "--tenant")]
    [InlineData("--kind", "weather", "--kind: device.kind = weather: must be environmental or logistics")]
    [InlineData("--board", "esp32-wroom", "--board 'esp32-wroom': unknown board; known boards: esp32-devkitc, esp32-s3-devkitc, lilygo-t-sim7000g, m5stack-core2")]
    [InlineData("--broker", "mqtt.example.org:1883", "--broker 'mqtt.example.org:1883': port 1883 is MQTT without TLS")]
    [InlineData("--broker", "mqtt://mqtt.example.org", "--broker 'mqtt://mqtt.example.org': 'mqtt://' is MQTT without TLS")]
    [InlineData("--broker", "mqtt.example.org:99999", "--broker 'mqtt.example.org:99999': port '99999': must be a number from 1 to 65535")]
    [InlineData("--broker", "bad_host!", "--broker: broker.host = bad_host!: must be a host name")]
    [InlineData("--wifi-ssid", " Depot", "--wifi-ssid ' Depot': begins or ends with a space")]
    [InlineData("--set", "sample.perod_s=30", "--set sample.perod_s: unknown key sample.perod_s; did you mean sample.period_s?")]
    [InlineData("--set", "sample.period_s=2", "--set sample.period_s: sample.period_s = 2: must be an integer from 5 to 86400 (seconds)")]
    [InlineData("--set", "broker.port=1883", "--set broker.port: broker.port is set by --broker")]
    [InlineData("--set", "sample.period_s", "--set sample.period_s: expected key=value")]
    public void Weak_or_malformed_option_is_refused_naming_the_field_and_nothing_is_written(string option, string value, string expected)
    {
        CommandRun run = _h.Device("aq-0007", option, value);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains(expected, run.Error);
        Assert.Contains("nothing was provisioned", run.Error);
        Assert.Empty(_h.OutEntries());
        Assert.False(File.Exists(Path.Combine(_h.State, ProvisionedRegistry.FileName)));
    }

    [Theory]
    [InlineData("short7!", "is 7 characters long")]
    [InlineData("0123456789012345678901234567890123456789012345678901234567890123", "is 64 characters long")]
    [InlineData("caf\u00e9-au-lait", "not printable ASCII")]
    public void Weak_wifi_passphrase_is_refused_without_quoting_it(string passphrase, string expected)
    {
        File.WriteAllText(_h.PassphraseFile, passphrase);

        CommandRun run = _h.Device("aq-0007");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("--wifi-password-file", run.Error);
        Assert.Contains(expected, run.Error);
        Assert.DoesNotContain(passphrase, run.All);
        Assert.Empty(_h.OutEntries());
    }

    [Fact]
    public void Missing_passphrase_source_is_refused_and_open_networks_must_be_stated()
    {
        CommandRun missing = _h.Run("provision", "device", "--id", "aq-1", "--board", "esp32-devkitc", "--wifi-ssid", "Open", "--broker", "b.example",
            "--tenant", "city", "--kind", "environmental", "--out", _h.Out, "--state", _h.State, "--boards", _h.Boards);
        CommandRun open = _h.Device("aq-2", "--wifi-open");

        Assert.Equal(2, missing.ExitCode);
        Assert.Contains("--wifi-password-file FILE or --wifi-password-env VAR is required", missing.Error);
        Assert.True(open.ExitCode == 0, open.All);
        Assert.True(DeviceConfigParser.TryParse(File.ReadAllText(Path.Combine(_h.DeviceFolder("aq-2"), "device.conf")), out DeviceConfig? config, out _));
        Assert.Equal(string.Empty, config!.WifiPassword);
    }

    [Fact]
    public void Every_problem_is_reported_at_once()
    {
        CommandRun run = _h.Device("Bad Id", "--board", "nope", "--kind", "weather", "--broker", "b:1883", "--set", "sample.perod_s=5");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("--id", run.Error);
        Assert.Contains("--board", run.Error);
        Assert.Contains("--kind", run.Error);
        Assert.Contains("--broker", run.Error);
        Assert.Contains("--set sample.perod_s", run.Error);
        Assert.Contains("(5 problems)", run.Error);
    }

    [Fact]
    public void Duplicate_id_is_refused_and_force_issues_a_new_certificate()
    {
        Assert.Equal(0, _h.Device("aq-0007").ExitCode);
        string certificatePath = Path.Combine(_h.DeviceFolder("aq-0007"), "device.crt");
        string first = File.ReadAllText(certificatePath);

        CommandRun duplicate = _h.Device("aq-0007", "--kind", "logistics");

        Assert.Equal(2, duplicate.ExitCode);
        Assert.Contains("--id 'aq-0007': already provisioned", duplicate.Error);
        Assert.Contains("--force", duplicate.Error);
        Assert.Equal(first, File.ReadAllText(certificatePath));

        CommandRun forced = _h.Device("aq-0007", "--kind", "logistics", "--force");

        Assert.True(forced.ExitCode == 0, forced.All);
        Assert.NotEqual(first, File.ReadAllText(certificatePath));
        Assert.Equal(new[] { "aq-0007" }, _h.OutEntries());
        var listed = new ProvisionedRegistry(_h.State).ReadAll();
        Assert.Single(listed);
        Assert.Equal("logistics", listed["aq-0007"].Kind);
        using X509Certificate2 second = X509Certificate2.CreateFromPem(File.ReadAllText(certificatePath));
        Assert.Equal(second.SerialNumber, listed["aq-0007"].Serial);
    }

    [Fact]
    public void Existing_folder_of_the_same_id_is_not_overwritten_without_force()
    {
        Directory.CreateDirectory(_h.DeviceFolder("aq-0007"));
        File.WriteAllText(Path.Combine(_h.DeviceFolder("aq-0007"), "notes.txt"), "keep me");

        CommandRun run = _h.Device("aq-0007");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("already exists", run.Error);
        Assert.Equal("keep me", File.ReadAllText(Path.Combine(_h.DeviceFolder("aq-0007"), "notes.txt")));
    }

    [Fact]
    public void Revoked_id_cannot_be_provisioned_again_even_with_force()
    {
        Assert.Equal(0, _h.Device("aq-0007").ExitCode);
        Assert.Equal(0, _h.Run("provision", "revoke", "--id", "aq-0007", "--reason", "lost", "--state", _h.State).ExitCode);

        CommandRun run = _h.Device("aq-0007", "--force");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("revoked", run.Error);
        Assert.Contains("new id", run.Error);
    }

    public void Dispose() => _h.Dispose();
}
