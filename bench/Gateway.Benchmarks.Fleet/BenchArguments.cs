using System;
using System.Collections.Generic;
using System.Globalization;

namespace Gateway.Benchmarks.Fleet
{
    /// <summary>A command-line argument that is not accepted; the message names it and what is accepted.</summary>
    public sealed class BenchArgumentException : Exception
    {
        public BenchArgumentException(string message)
            : base(message)
        {
        }
    }

    /// <summary>The mode and its <c>--name value</c> options, checked strictly: unknown, repeated or malformed options are errors.</summary>
    public sealed class BenchArguments
    {
        private static readonly Dictionary<string, string[]> s_optionsByMode = new(StringComparer.Ordinal)
        {
            ["ingest"] = new[] { "--devices", "--packs", "--rounds" },
            ["fleet"] = new[] { "--steps", "--window", "--budget", "--bare-clients", "--bare-seconds" },
        };

        private readonly Dictionary<string, string> _values = new(StringComparer.Ordinal);

        private BenchArguments(string mode)
        {
            Mode = mode;
        }

        public string Mode { get; }

        public static BenchArguments Parse(string[] args)
        {
            string mode = args[0];
            if (!s_optionsByMode.TryGetValue(mode, out string[]? known))
            {
                throw new BenchArgumentException($"unknown mode '{mode}': accepted modes are ingest and fleet");
            }
            var parsed = new BenchArguments(mode);
            for (int i = 1; i < args.Length; i += 2)
            {
                string name = args[i];
                if (Array.IndexOf(known, name) < 0)
                {
                    throw new BenchArgumentException($"mode '{mode}' has no option '{name}': accepted options are {string.Join(", ", known)}");
                }
                if (i + 1 >= args.Length)
                {
                    throw new BenchArgumentException($"option {name} needs a value");
                }
                if (!parsed._values.TryAdd(name, args[i + 1]))
                {
                    throw new BenchArgumentException($"option {name} is given twice");
                }
            }
            return parsed;
        }

        /// <summary>An integer option from <paramref name="min"/> to <paramref name="max"/>, or the default.</summary>
        public int Integer(string name, int min, int max, int defaultValue)
        {
            if (!_values.TryGetValue(name, out string? text))
            {
                return defaultValue;
            }
            if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int value) || value < min || value > max)
            {
                throw new BenchArgumentException($"{name} = '{text}': must be a whole number from {min} to {max}");
            }
            return value;
        }

        /// <summary>A comma-separated, strictly ascending list of integers, each from <paramref name="min"/> to <paramref name="max"/>.</summary>
        public int[] AscendingList(string name, int min, int max, int[] defaultValue)
        {
            if (!_values.TryGetValue(name, out string? text))
            {
                return defaultValue;
            }
            string[] parts = text.Split(',');
            var values = new int[parts.Length];
            for (int i = 0; i < parts.Length; i++)
            {
                if (!int.TryParse(parts[i], NumberStyles.None, CultureInfo.InvariantCulture, out values[i]) || values[i] < min || values[i] > max)
                {
                    throw new BenchArgumentException($"{name} = '{text}': item '{parts[i]}' must be a whole number from {min} to {max} (list like 250,500,1000)");
                }
                if (i > 0 && values[i] <= values[i - 1])
                {
                    throw new BenchArgumentException($"{name} = '{text}': counts must be strictly ascending ({values[i]} follows {values[i - 1]})");
                }
            }
            return values;
        }
    }

    /// <summary>Settings of the <c>ingest</c> mode.</summary>
    public sealed record IngestSettings(int Devices, int Packs, int Rounds)
    {
        public static IngestSettings From(BenchArguments arguments) => new(
            arguments.Integer("--devices", 1, 2000, 200),
            arguments.Integer("--packs", 10, 10_000, 100),
            arguments.Integer("--rounds", 1, 9, 3));
    }

    /// <summary>Settings of the <c>fleet</c> mode.</summary>
    public sealed record FleetSettings(int[] Steps, int WindowSeconds, int BudgetSeconds, int BareClients, int BareSeconds)
    {
        public static readonly int[] DefaultSteps = { 250, 500, 1000, 2000, 3000, 4000, 5000, 6000 };

        public static FleetSettings From(BenchArguments arguments) => new(
            arguments.AscendingList("--steps", 1, 100_000, DefaultSteps),
            arguments.Integer("--window", 20, 600, 20),
            arguments.Integer("--budget", 60, 3600, 220),
            arguments.Integer("--bare-clients", 1, 2000, 200),
            arguments.Integer("--bare-seconds", 5, 120, 15));
    }
}
