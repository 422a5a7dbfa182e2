using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

namespace Gateway.Benchmarks.Modes
{
    /// <summary>
    /// <c>bench</c> (the default): BenchmarkDotNet over <see cref="CoreBenchmarks"/> with the memory diagnoser and a short
    /// job: BenchmarkDotNet's ShortRun (1 launch, 3 warm-up iterations) with 10 measured iterations instead of 3, because 3
    /// gave error bars as wide as the means on this 2-core machine. It runs in process, so no per-run project has to be
    /// generated and built (about a minute on 2 cores). The whole run takes about two minutes.
    /// </summary>
    public static class BenchMode
    {
        /// <summary>Where BenchmarkDotNet writes its logs and reports: outside the repository.</summary>
        public static string ArtifactsPath =>
            Environment.GetEnvironmentVariable("GATEWAY_BENCH_ARTIFACTS") is { Length: > 0 } path
                ? path
                : Path.Combine(Path.GetTempPath(), "gateway-bench-artifacts");

        /// <summary>Measured iterations per benchmark (ShortRun has 3).</summary>
        public const int MeasuredIterations = 10;

        public static int Run(string[] benchmarkDotNetArgs)
        {
            IConfig config = ManualConfig.CreateMinimumViable()
                .AddJob(Job.ShortRun.WithIterationCount(MeasuredIterations).WithToolchain(InProcessEmitToolchain.Instance).WithId("Short-InProcess"))
                .AddDiagnoser(MemoryDiagnoser.Default)
                .AddColumn(CategoriesColumn.Default)
                .AddLogicalGroupRules(BenchmarkLogicalGroupRule.ByCategory)
                .WithArtifactsPath(ArtifactsPath)
                .WithOptions(ConfigOptions.JoinSummary);

            Summary summary = BenchmarkRunner.Run<CoreBenchmarks>(config, benchmarkDotNetArgs);
            if (summary.Reports.Length == 0)
            {
                Console.Error.WriteLine("error: no benchmark ran (check the --filter pattern; names are like *EncodeCborPack10*)");
                return 1;
            }

            Console.WriteLine();
            Console.WriteLine($"## Speed (bench: BenchmarkDotNet, 3 warm-up + {MeasuredIterations} iterations, in process)");
            Console.WriteLine();
            Console.Write(ShortTable(summary).ToString());
            Console.WriteLine();
            Console.WriteLine("ours/baseline = our mean time / the category baseline's (System.Formats.Cbor for CBOR, System.Text.Json flat objects for JSON).");
            Console.WriteLine($"Full BenchmarkDotNet reports: {Path.Combine(ArtifactsPath, "results")}");
            bool failed = summary.Reports.Any(r => !r.Success) || summary.HasCriticalValidationErrors;
            return failed ? 1 : 0;
        }

        private static MarkdownTable ShortTable(Summary summary)
        {
            var table = new MarkdownTable("benchmark", "category", "mean>", "per reading>", "allocated/op>", "ours/baseline>");
            var baselines = new Dictionary<string, double>(StringComparer.Ordinal);
            foreach (BenchmarkReport report in summary.Reports)
            {
                if (report.BenchmarkCase.Descriptor.Baseline && report.ResultStatistics != null)
                {
                    baselines[Category(report)] = report.ResultStatistics.Mean;
                }
            }
            foreach (BenchmarkReport report in summary.Reports)
            {
                string name = report.BenchmarkCase.Descriptor.WorkloadMethodDisplayInfo;
                string category = Category(report);
                if (report.ResultStatistics == null)
                {
                    table.Add(name, category, "failed", "", "", "");
                    continue;
                }
                double meanNs = report.ResultStatistics.Mean;
                // Pack benchmarks encode 10 readings per operation; the buffer and path ones are already per reading.
                int readingsPerOperation = category.StartsWith("pack10", StringComparison.Ordinal) ? 10 : 1;
                long? allocated = report.GcStats.GetBytesAllocatedPerOperation(report.BenchmarkCase);
                string ratio = report.BenchmarkCase.Descriptor.Baseline
                    ? "1.00 (baseline)"
                    : baselines.TryGetValue(category, out double baseline) ? (meanNs / baseline).ToString("0.00", CultureInfo.InvariantCulture) : "—";
                table.Add(name, category, Ns(meanNs), Ns(meanNs / readingsPerOperation),
                    allocated.HasValue ? allocated.Value.ToString("#,0", CultureInfo.InvariantCulture) + " B" : "?", ratio);
            }
            return table;
        }

        private static string Category(BenchmarkReport report) => string.Join(",", report.BenchmarkCase.Descriptor.Categories);

        private static string Ns(double ns) => ns.ToString(ns >= 100 ? "#,0" : "0.0", CultureInfo.InvariantCulture) + " ns";
    }
}
