using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using Gateway.HostSim.Deterministic;
using Xunit;

namespace Gateway.HostSim.Tests.Deterministic;

public sealed class DeterministicSimulationTests
{
    // Small enough for 500 seeds in CI, long enough for every fault kind to occur across the seeds.
    private static SimOptions Options(int seed) => new(seed, Nodes: 3, DurationMs: 3600_000, DrainMs: 20 * 60_000);

    [Fact]
    public void Same_seed_gives_the_same_run_byte_for_byte()
    {
        var first = DeterministicRun.Execute(Options(42));
        var second = DeterministicRun.Execute(Options(42));
        Assert.Equal(first.Digest, second.Digest);
        Assert.Equal(first.Stats.ReadingsStored, second.Stats.ReadingsStored);
        Assert.Equal(first.Stats.Faults, second.Stats.Faults);
        var other = DeterministicRun.Execute(Options(43));
        Assert.NotEqual(first.Digest, other.Digest);
    }

    [Fact]
    public void Five_hundred_seeds_with_faults_keep_every_invariant()
    {
        var failures = new List<string>();
        var faultKinds = new HashSet<string>();
        long evicted = 0, droppedAfterAck = 0, reboots = 0;
        object gate = new();
        Parallel.For(1, 501, new ParallelOptions { MaxDegreeOfParallelism = 2 }, seed =>
        {
            var result = DeterministicRun.Execute(Options(seed));
            lock (gate)
            {
                faultKinds.UnionWith(result.Stats.Faults.Keys);
                evicted += result.Stats.ReadingsEvicted;
                droppedAfterAck += result.Stats.UplinksDroppedAfterAck;
                reboots += result.Stats.Reboots;
                if (!result.Passed)
                {
                    failures.Add($"seed {seed}: {string.Join("; ", result.Violations.Take(3))} — replay: {result.ReplayCommand}");
                }
            }
        });
        Assert.True(failures.Count == 0, string.Join("\n", failures.Take(20)));
        // The seeds must actually exercise the faults the invariants are about.
        Assert.Superset(new HashSet<string> { "link_drop", "partition", "broker_restart", "power_loss_mid_write", "clock_jump", "ack_chaos", "lossy_broker" }, faultKinds);
        Assert.True(evicted > 0, "no seed filled a buffer to eviction");
        Assert.True(droppedAfterAck > 0, "no seed lost an acknowledged message");
        Assert.True(reboots > 0, "no seed rebooted a node");
    }

    [Fact]
    public void Checker_catches_ingestion_that_loses_a_reading()
    {
        using var real = new PipelineSimIngestion();
        var lossy = new ForgetfulIngestion(real, "sim-0001", 10);
        var result = new SimWorld(new SimOptions(7, Nodes: 2, DurationMs: 600_000, DrainMs: 600_000, Faults: false), lossy).Run();
        Assert.False(result.Passed);
        Assert.Contains(result.Violations, v => v.Contains("sim-0001") && v.Contains("missing"));
    }

    [Fact]
    public void Checker_catches_a_reading_stored_under_the_wrong_device()
    {
        using var real = new PipelineSimIngestion();
        var swapped = new SwappingIngestion(real);
        var result = new SimWorld(new SimOptions(8, Nodes: 2, DurationMs: 600_000, DrainMs: 600_000, Faults: false), swapped).Run();
        Assert.Contains(result.Violations, v => v.Contains("wrong device"));
    }

    [Fact]
    public void Invalid_options_name_the_option_and_the_range()
    {
        var e = Assert.Throws<System.ArgumentException>(() => new SimOptions(1, Nodes: 0).Validate());
        Assert.Contains("nodes", e.Message);
        Assert.Contains("1 to 1000", e.Message);
    }

    /// <summary>Hides one stored reading of one device, as a buggy store would.</summary>
    private sealed class ForgetfulIngestion(ISimIngestion inner, string device, long sequence) : ISimIngestion
    {
        public long Quarantined => inner.Quarantined;

        public IReadOnlyList<SimMessage> Process(IReadOnlyList<SimMessage> uplinks, long nowUnixMs) => inner.Process(uplinks, nowUnixMs);

        public IReadOnlyList<SimStoredReading> Stored(string deviceId) =>
            inner.Stored(deviceId).Where(r => deviceId != device || r.Sequence != sequence).ToList();
    }

    /// <summary>Reports device 1's readings as device 0's, as a store mixing up identities would.</summary>
    private sealed class SwappingIngestion(ISimIngestion inner) : ISimIngestion
    {
        public long Quarantined => inner.Quarantined;

        public IReadOnlyList<SimMessage> Process(IReadOnlyList<SimMessage> uplinks, long nowUnixMs) => inner.Process(uplinks, nowUnixMs);

        public IReadOnlyList<SimStoredReading> Stored(string deviceId) =>
            inner.Stored(deviceId == "sim-0000" ? "sim-0001" : deviceId);
    }
}
