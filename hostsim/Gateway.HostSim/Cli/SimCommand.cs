using System;
using System.CommandLine;
using System.Globalization;
using System.Linq;
using Gateway.HostSim.Deterministic;

namespace Gateway.HostSim.Cli;

/// <summary><c>gateway sim</c>: deterministic runs with fault injection and invariant checks.</summary>
internal static class SimCommand
{
    public static Command Create()
    {
        var seed = new Option<int>("--seed") { Description = "Seed of the first run (every random choice derives from it).", DefaultValueFactory = _ => 1 };
        var runs = new Option<int>("--runs") { Description = "Number of runs, with seeds seed, seed+1, … (1..100000).", DefaultValueFactory = _ => 1 };
        var nodes = new Option<int>("--nodes") { Description = "Virtual nodes per run (1..1000).", DefaultValueFactory = _ => 5 };
        var duration = new Option<string>("--duration") { Description = "Virtual time with faults, e.g. 2h.", DefaultValueFactory = _ => "2h" };
        var drain = new Option<string>("--drain") { Description = "Fault-free virtual time afterwards, e.g. 1h.", DefaultValueFactory = _ => "1h" };
        var noFaults = new Option<bool>("--no-faults") { Description = "Run without fault injection." };
        var command = new Command("sim", "Deterministic simulation: virtual clock, in-memory network and broker, fault injection " +
            "(link drops, partitions, broker restarts, power loss mid-write, clock jumps, duplicated and delayed acks), then invariant checks. " +
            "The same seed gives the same result byte for byte.")
        {
            seed, runs, nodes, duration, drain, noFaults,
        };
        command.SetAction(parse =>
        {
            int first = parse.GetValue(seed);
            int count = parse.GetValue(runs);
            if (count < 1 || count > 100_000)
            {
                Console.Error.WriteLine($"--runs {count}: must be an integer from 1 to 100000");
                return 2;
            }
            if (!DurationText.TryParse(parse.GetValue(duration), out var durationValue, out var error)
                || !DurationText.TryParse(parse.GetValue(drain), out var drainValue, out error))
            {
                Console.Error.WriteLine("--duration/--drain: " + error);
                return 2;
            }
            int failed = 0;
            for (int i = 0; i < count; i++)
            {
                var options = new SimOptions(first + i, parse.GetValue(nodes), (long)durationValue.TotalMilliseconds,
                    (long)drainValue.TotalMilliseconds, !parse.GetValue(noFaults));
                SimResult result;
                try
                {
                    result = DeterministicRun.Execute(options);
                }
                catch (ArgumentException e)
                {
                    Console.Error.WriteLine(e.Message);
                    return 2;
                }
                Console.WriteLine(Describe(result));
                if (!result.Passed)
                {
                    failed++;
                    foreach (var violation in result.Violations.Take(20))
                    {
                        Console.WriteLine("  violation: " + violation);
                    }
                    Console.WriteLine("  replay: " + result.ReplayCommand);
                }
            }
            if (count > 1)
            {
                Console.WriteLine($"{count - failed} passed, {failed} failed");
            }
            return failed == 0 ? 0 : 1;
        });
        return command;
    }

    private static string Describe(SimResult r)
    {
        string faults = string.Join(",", r.Stats.Faults.Select(f => f.Key + "=" + f.Value.ToString(CultureInfo.InvariantCulture)));
        return $"seed {r.Seed}: {(r.Passed ? "ok" : "FAILED")} digest {r.Digest[..16]} " +
               $"written {r.Stats.ReadingsWritten} stored {r.Stats.ReadingsStored} evicted {r.Stats.ReadingsEvicted} " +
               $"dropped-after-ack {r.Stats.UplinksDroppedAfterAck} lost-in-restart {r.Stats.UplinksLostInRestart} " +
               $"reboots {r.Stats.Reboots} faults [{faults}]";
    }
}
