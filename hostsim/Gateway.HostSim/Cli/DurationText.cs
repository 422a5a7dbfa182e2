using System;
using System.Globalization;

namespace Gateway.HostSim.Cli;

/// <summary>Durations on the command line: a whole number with a unit, e.g. <c>500ms</c>, <c>30s</c>, <c>10m</c>, <c>2h</c>, <c>7d</c>.</summary>
public static class DurationText
{
    /// <summary>What is accepted, for error messages.</summary>
    public const string Accepted = "a whole number followed by ms, s, m, h or d (e.g. 30s, 10m, 2h)";

    /// <summary>Parses <paramref name="text"/>; on failure <paramref name="error"/> names what was wrong and what is accepted.</summary>
    public static bool TryParse(string? text, out TimeSpan duration, out string error)
    {
        duration = TimeSpan.Zero;
        error = "";
        text = text?.Trim() ?? "";
        int split = 0;
        while (split < text.Length && char.IsAsciiDigit(text[split]))
        {
            split++;
        }
        string unit = text[split..];
        if (split == 0 || !long.TryParse(text.AsSpan(0, split), NumberStyles.None, CultureInfo.InvariantCulture, out long amount))
        {
            error = $"'{text}' is not a duration: expected {Accepted}";
            return false;
        }
        long? ms = unit switch
        {
            "ms" => amount,
            "s" => amount * 1000,
            "m" => amount * 60_000,
            "h" => amount * 3_600_000,
            "d" => amount * 86_400_000,
            _ => null,
        };
        if (ms is null || amount > 365L * 86_400_000)
        {
            error = $"'{text}' is not a duration: expected {Accepted}";
            return false;
        }
        duration = TimeSpan.FromMilliseconds(ms.Value);
        return true;
    }
}
