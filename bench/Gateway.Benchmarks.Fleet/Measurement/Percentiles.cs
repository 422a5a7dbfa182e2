using System;
using System.Collections.Generic;
using System.Globalization;

namespace Gateway.Benchmarks.Fleet.Measurement
{
    /// <summary>Nearest-rank percentiles of a sample (ms).</summary>
    public sealed record Percentiles(int Count, double P50, double P99, double Max)
    {
        public static Percentiles Of(IReadOnlyCollection<double> values)
        {
            if (values.Count == 0)
            {
                return new Percentiles(0, double.NaN, double.NaN, double.NaN);
            }
            var sorted = new List<double>(values);
            sorted.Sort();
            return new Percentiles(sorted.Count, Rank(sorted, 0.50), Rank(sorted, 0.99), sorted[sorted.Count - 1]);
        }

        private static double Rank(List<double> sorted, double p) =>
            sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Count) - 1, 0, sorted.Count - 1)];

        public static string Ms(double ms) => double.IsNaN(ms) ? "—"
            : ms.ToString(ms >= 100 ? "#,0" : "0.0", CultureInfo.InvariantCulture) + " ms";
    }
}
