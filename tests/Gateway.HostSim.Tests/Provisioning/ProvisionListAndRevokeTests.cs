using System;
using System.IO;
using Gateway.HostSim.Provisioning;
using Xunit;

namespace Gateway.HostSim.Tests.Provisioning;

public sealed class ProvisionListAndRevokeTests : IDisposable
{
    private readonly ProvisionHarness _h = new();

    public ProvisionListAndRevokeTests() => _h.CreateCa();

    [Fact]
    public void List_shows_each_device_with_certificate_expiry_and_revocation()
    {
        Assert.Equal(0, _h.Device("aq-0001").ExitCode);
        Assert.Equal(0, _h.Device("truck-0042", "--board", "lilygo-t-sim7000g", "--kind", "logistics", "--tenant", "acme").ExitCode);
        Assert.Equal(0, _h.Run("provision", "revoke", "--id", "truck-0042", "--reason", "stolen from the depot", "--state", _h.State).ExitCode);

        CommandRun list = _h.Run("provision", "list", "--state", _h.State, "--out", _h.Out);

        Assert.Equal(0, list.ExitCode);
        string[] lines = list.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        string aq = Array.Find(lines, l => l.StartsWith("aq-0001 ", StringComparison.Ordinal))!;
        string truck = Array.Find(lines, l => l.StartsWith("truck-0042 ", StringComparison.Ordinal))!;
        var registered = new ProvisionedRegistry(_h.State).ReadAll()["aq-0001"];
        Assert.InRange(registered.NotAfter, DateTimeOffset.UtcNow.AddDays(1825), DateTimeOffset.UtcNow.AddDays(1827)); // 5 years
        Assert.Contains(ProvisionedRegistry.FormatDate(registered.NotAfter), aq);
        Assert.EndsWith("ok", aq.TrimEnd());
        Assert.Contains("revoked", truck);
        Assert.Contains("stolen from the depot", truck);
        Assert.Contains("2 devices: 1 ok, 1 revoked, 0 expired", list.Output);
    }

    [Fact]
    public void List_also_shows_device_folders_missing_from_the_list_file()
    {
        Assert.Equal(0, _h.Device("aq-0001").ExitCode);
        File.Delete(Path.Combine(_h.State, "provisioned.csv"));

        CommandRun list = _h.Run("provision", "list", "--state", _h.State, "--out", _h.Out);

        Assert.Equal(0, list.ExitCode);
        Assert.Contains("aq-0001", list.Output);
        Assert.Contains("not in provisioned.csv", list.Output);
        Assert.Contains("1 devices: 1 ok", list.Output);
    }

    [Fact]
    public void Revoke_of_an_unknown_id_is_refused_unless_forced()
    {
        CommandRun refused = _h.Run("provision", "revoke", "--id", "aq-9999", "--reason", "typo?", "--state", _h.State);
        Assert.Equal(2, refused.ExitCode);
        Assert.Contains("--id aq-9999: not in", refused.Error);
        Assert.False(File.Exists(Path.Combine(_h.State, "pki", "revoked.txt")));

        CommandRun forced = _h.Run("provision", "revoke", "--id", "aq-9999", "--reason", "provisioned elsewhere", "--state", _h.State, "--force");
        Assert.Equal(0, forced.ExitCode);
        Assert.Contains("aq-9999\t", File.ReadAllText(Path.Combine(_h.State, "pki", "revoked.txt")));
    }

    [Theory]
    [InlineData("Bad Id", "ok", "--id 'Bad Id': not accepted")]
    [InlineData("aq-0001", "two\nlines", "--reason: reason must be one line")]
    public void Revoke_refuses_bad_input_naming_the_option(string id, string reason, string expected)
    {
        Assert.Equal(0, _h.Device("aq-0001").ExitCode);

        CommandRun run = _h.Run("provision", "revoke", "--id", id, "--reason", reason, "--state", _h.State);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains(expected, run.Error);
        Assert.False(File.Exists(Path.Combine(_h.State, "pki", "revoked.txt")));
    }

    [Fact]
    public void Revoking_twice_reports_the_first_revocation()
    {
        Assert.Equal(0, _h.Device("aq-0001").ExitCode);
        Assert.Equal(0, _h.Run("provision", "revoke", "--id", "aq-0001", "--reason", "broken", "--state", _h.State).ExitCode);

        CommandRun again = _h.Run("provision", "revoke", "--id", "aq-0001", "--reason", "again", "--state", _h.State);

        Assert.Equal(0, again.ExitCode);
        Assert.Contains("already revoked", again.Output);
        Assert.Contains("broken", again.Output);
    }

    public void Dispose() => _h.Dispose();
}
