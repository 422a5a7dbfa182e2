using System;
using System.Linq;
using Gateway.Benchmarks.Modes;

namespace Gateway.Benchmarks
{
    /// <summary>Entry point: <c>sizes</c>, <c>alloc</c>, or <c>bench</c> (default; BenchmarkDotNet options may follow).</summary>
    public static class Program
    {
        private const string Usage =
            "usage: dotnet run -c Release --project bench/Gateway.Benchmarks -- [mode]\n" +
            "  sizes   bytes per reading: SenML-CBOR vs SenML JSON vs flat JSON objects (a second)\n" +
            "  alloc   allocated bytes per reading on the sample→buffer→encode path and through SensorNode.Tick (seconds)\n" +
            "  bench   BenchmarkDotNet speed benchmarks with baselines (default; a few minutes); BenchmarkDotNet options\n" +
            "          such as --filter '*Cbor*' or --list flat may follow";

        public static int Main(string[] args)
        {
            string mode = args.Length == 0 || args[0].StartsWith('-') ? "bench" : args[0];
            string[] rest = args.Length == 0 || args[0].StartsWith('-') ? args : args.Skip(1).ToArray();
            if (args.Length > 0 && (args[0] == "-h" || args[0] == "--help" || args[0] == "help"))
            {
                Console.WriteLine(Usage);
                return 0;
            }
            switch (mode)
            {
                case "sizes":
                    return NoMoreArguments(mode, rest) ?? SizesMode.Run();
                case "alloc":
                    return NoMoreArguments(mode, rest) ?? AllocMode.Run();
                case "bench":
                    return BenchMode.Run(rest);
                default:
                    Console.Error.WriteLine($"error: unknown mode '{mode}': accepted modes are sizes, alloc and bench (the default)");
                    Console.Error.WriteLine(Usage);
                    return 2;
            }
        }

        private static int? NoMoreArguments(string mode, string[] rest)
        {
            if (rest.Length == 0)
            {
                return null;
            }
            Console.Error.WriteLine($"error: mode '{mode}' takes no further arguments, got '{string.Join(" ", rest)}'");
            Console.Error.WriteLine(Usage);
            return 2;
        }
    }
}
