using System;
using Gateway.Benchmarks.Fleet.Modes;

namespace Gateway.Benchmarks.Fleet
{
    /// <summary>Entry point: <c>ingest</c> or <c>fleet</c>, each followed by its options.</summary>
    public static class Program
    {
        public const string Usage =
            "usage: dotnet run -c Release --project bench/Gateway.Benchmarks.Fleet -- <mode> [options]\n" +
            "  ingest   readings/s through IngestPipeline + SQLite against a raw batched SQLite insert, and end to end over TLS MQTT\n" +
            "           (publish → IngestClient → commit) against a bare MQTTnet subscriber; latency p50/p99 (about 2-3 minutes)\n" +
            "           --devices N   publishing devices, 1 to 2000 (default 200)\n" +
            "           --packs N     messages per device, 10 to 10000 (default 100; about 10 % of them replays)\n" +
            "           --rounds N    alternating measurement rounds, 1 to 9 (default 3)\n" +
            "  fleet    most nodes one process sustains: real SensorNode + MqttNetTransport per node, one TLS connection each,\n" +
            "           a pack every 10 s; CPU and memory per node; publish rate against a bare MQTTnet publisher loop (about 5 minutes)\n" +
            "           --steps A,B,..    node counts to try, ascending, each 1 to 100000 (default 250,500,...,6000)\n" +
            "           --window S        measured seconds per step, 20 to 600 (default 20)\n" +
            "           --budget S        start no step after this many seconds, 60 to 3600 (default 220)\n" +
            "           --bare-clients N  connections of the bare publisher loop, 1 to 2000 (default 200)\n" +
            "           --bare-seconds S  length of the bare publisher loop, 5 to 120 (default 15)";

        public static int Main(string[] args)
        {
            if (args.Length == 0)
            {
                Console.Error.WriteLine("error: a mode is required: ingest or fleet");
                Console.Error.WriteLine(Usage);
                return 2;
            }
            if (args[0] is "-h" or "--help" or "help")
            {
                Console.WriteLine(Usage);
                return 0;
            }
            try
            {
                var arguments = BenchArguments.Parse(args);
                switch (arguments.Mode)
                {
                    case "ingest":
                        return IngestMode.RunAsync(IngestSettings.From(arguments)).GetAwaiter().GetResult();
                    case "fleet":
                        return FleetMode.RunAsync(FleetSettings.From(arguments)).GetAwaiter().GetResult();
                    default:
                        throw new BenchArgumentException($"unknown mode '{arguments.Mode}': accepted modes are ingest and fleet");
                }
            }
            catch (BenchArgumentException e)
            {
                Console.Error.WriteLine("error: " + e.Message);
                Console.Error.WriteLine(Usage);
                return 2;
            }
            catch (Exception e) when (e is TimeoutException or InvalidOperationException or System.IO.IOException or OperationCanceledException)
            {
                // A run that could not be measured (a wait timed out, a check failed, the broker port or a file was unusable).
                Console.Error.WriteLine($"error: {e.GetType().Name}: {e.Message}");
                return 1;
            }
        }
    }
}
