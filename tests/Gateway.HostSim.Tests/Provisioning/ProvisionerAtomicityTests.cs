using System;
using System.Collections.Generic;
using System.IO;
using Gateway.HostSim.Provisioning;
using Xunit;

namespace Gateway.HostSim.Tests.Provisioning;

/// <summary>Nothing half-written is left behind: device folders appear all together or not at all.</summary>
public sealed class ProvisionerAtomicityTests : IDisposable
{
    private readonly ProvisionHarness _h = new();

    public ProvisionerAtomicityTests() => _h.CreateCa();

    private Provisioner Open(bool force = false) => Provisioner.Open(new ProvisioningOptions
    {
        StateDirectory = _h.State,
        OutputDirectory = _h.Out,
        BoardsDirectory = _h.Boards,
        Force = force,
    });

    private static DeviceRequest Request(string id) => new()
    {
        Id = id,
        Board = "esp32-devkitc",
        Tenant = "city",
        Kind = "environmental",
        WifiSsid = "CityIoT",
        WifiPassword = ProvisionHarness.Passphrase,
        Broker = "mqtt.example.org",
    };

    [Fact]
    public void Staged_devices_stay_out_of_sight_until_committed()
    {
        using Provisioner provisioner = Open();
        IReadOnlyList<ValidatedDevice> valid = provisioner.Validate(new[] { Request("aq-0001") });

        StagedDevice staged = provisioner.Stage(valid[0]);

        Assert.False(Directory.Exists(_h.DeviceFolder("aq-0001")));
        Assert.StartsWith(".aq-0001.partial-", Path.GetFileName(staged.TemporaryFolder));
        Assert.Empty(new ProvisionedRegistry(_h.State).ReadAll());

        provisioner.Commit(new[] { staged });

        Assert.True(File.Exists(Path.Combine(_h.DeviceFolder("aq-0001"), "device.key")));
        Assert.Equal(new[] { "aq-0001" }, _h.OutEntries());
        Assert.True(new ProvisionedRegistry(_h.State).ReadAll().ContainsKey("aq-0001"));
    }

    [Fact]
    public void Failure_while_moving_a_batch_into_place_removes_every_folder_of_it()
    {
        using Provisioner provisioner = Open();
        IReadOnlyList<ValidatedDevice> valid = provisioner.Validate(new[] { Request("aq-0001"), Request("aq-0002") });
        var staged = new[] { provisioner.Stage(valid[0]), provisioner.Stage(valid[1]) };
        Directory.Delete(staged[1].TemporaryFolder, recursive: true); // the second rename will fail after the first succeeded

        ProvisioningException e = Assert.Throws<ProvisioningException>(() => provisioner.Commit(staged));

        Assert.Contains("nothing was provisioned", e.Message);
        Assert.Empty(_h.OutEntries());
        Assert.Empty(new ProvisionedRegistry(_h.State).ReadAll());
    }

    [Fact]
    public void Failure_while_replacing_a_device_with_force_puts_the_old_folder_back()
    {
        Assert.Equal(0, _h.Device("aq-0001").ExitCode);
        byte[] oldCertificate = File.ReadAllBytes(Path.Combine(_h.DeviceFolder("aq-0001"), "device.crt"));
        using Provisioner provisioner = Open(force: true);
        IReadOnlyList<ValidatedDevice> valid = provisioner.Validate(new[] { Request("aq-0001"), Request("aq-0002") });
        var staged = new[] { provisioner.Stage(valid[0]), provisioner.Stage(valid[1]) };
        Directory.Delete(staged[1].TemporaryFolder, recursive: true);

        Assert.Throws<ProvisioningException>(() => provisioner.Commit(staged));

        Assert.Equal(new[] { "aq-0001" }, _h.OutEntries());
        Assert.Equal(oldCertificate, File.ReadAllBytes(Path.Combine(_h.DeviceFolder("aq-0001"), "device.crt")));
        Assert.Equal(new[] { "aq-0001" }, new List<string>(new ProvisionedRegistry(_h.State).ReadAll().Keys));
    }

    [Fact]
    public void Id_taken_by_another_command_between_check_and_commit_is_refused_without_leftovers()
    {
        using Provisioner provisioner = Open();
        IReadOnlyList<ValidatedDevice> valid = provisioner.Validate(new[] { Request("aq-0001") });
        StagedDevice staged = provisioner.Stage(valid[0]);
        Assert.Equal(0, _h.Device("aq-0001").ExitCode); // another technician was faster

        ProvisioningException e = Assert.Throws<ProvisioningException>(() => provisioner.Commit(new[] { staged }));

        Assert.Contains("already provisioned", e.Message);
        Assert.Equal(new[] { "aq-0001" }, _h.OutEntries());
        Assert.False(Directory.Exists(staged.TemporaryFolder));
    }

    public void Dispose() => _h.Dispose();
}
