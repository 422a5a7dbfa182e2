using System;
using System.IO;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Xunit;

namespace Gateway.HostSim.Tests.Provisioning;

public sealed class ProvisionCaTests : IDisposable
{
    private readonly ProvisionHarness _h = new();

    [Fact]
    public void Ca_is_created_with_an_owner_only_key_and_folder()
    {
        CommandRun run = _h.Run("provision", "ca", "--state", _h.State, "--org", "City of Example");

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("created the fleet CA", run.Output);
        string pki = Path.Combine(_h.State, "pki");
        using var ca = X509Certificate2.CreateFromPemFile(Path.Combine(pki, "ca.crt"), Path.Combine(pki, "ca.key"));
        Assert.Equal("CN=Gateway Fleet CA, O=City of Example", ca.Subject);
        using (ECDsa? key = ca.GetECDsaPrivateKey())
        {
            Assert.NotNull(key);
            Assert.Equal(256, key!.KeySize);
        }
        Assert.Contains(ca.GetCertHashString(HashAlgorithmName.SHA256), run.Output);
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(pki));
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(pki, "ca.key")));
        }
    }

    [Fact]
    public void Existing_ca_is_reported_and_never_overwritten()
    {
        _h.CreateCa();
        string keyPath = Path.Combine(_h.State, "pki", "ca.key");
        byte[] key = File.ReadAllBytes(keyPath);
        using X509Certificate2 existing = X509Certificate2.CreateFromPem(File.ReadAllText(Path.Combine(_h.State, "pki", "ca.crt")));
        string thumbprint = existing.GetCertHashString(HashAlgorithmName.SHA256);

        CommandRun again = _h.Run("provision", "ca", "--state", _h.State, "--org", "Another");

        Assert.Equal(0, again.ExitCode);
        Assert.Contains("exists", again.Output);
        Assert.Contains("not changed", again.Output);
        Assert.Contains(thumbprint, again.Output);
        Assert.Contains("--org Another ignored", again.Output);
        Assert.Equal(key, File.ReadAllBytes(keyPath));
    }

    [Fact]
    public void Ca_with_half_a_key_pair_is_refused_naming_the_missing_file()
    {
        _h.CreateCa();
        File.Delete(Path.Combine(_h.State, "pki", "ca.key"));

        CommandRun run = _h.Run("provision", "ca", "--state", _h.State);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("ca.key", run.Error);
        Assert.Contains("missing", run.Error);
        Assert.False(File.Exists(Path.Combine(_h.State, "pki", "ca.key")));
    }

    [Fact]
    public void Bad_organization_is_refused_naming_the_option()
    {
        CommandRun run = _h.Run("provision", "ca", "--state", _h.State, "--org", "Evil, O=Other");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("--org", run.Error);
        Assert.Contains("not allowed", run.Error);
        Assert.False(File.Exists(Path.Combine(_h.State, "pki", "ca.crt")));
    }

    [Fact]
    public void Device_without_a_fleet_ca_is_refused_and_says_how_to_create_it()
    {
        CommandRun run = _h.Device("aq-0007");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("no fleet CA", run.Error);
        Assert.Contains("gateway provision ca", run.Error);
        Assert.False(Directory.Exists(Path.Combine(_h.State, "pki")));
        Assert.Empty(_h.OutEntries());
    }

    public void Dispose() => _h.Dispose();
}
