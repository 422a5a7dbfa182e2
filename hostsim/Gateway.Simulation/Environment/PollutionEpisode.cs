using System;

namespace Gateway.Simulation.Environment
{
    /// <summary>What causes a pollution episode.</summary>
    public enum PollutionKind
    {
        /// <summary>
        /// Winter haze: stagnant air under an inversion lets fine particles accumulate over days, then a cold front
        /// clears them in hours. Raises PM2.5 most (PM2.5/PM10 about 0.75).
        /// </summary>
        Haze = 0,

        /// <summary>Spring dust storm from the north-west: coarse particles rise within hours and settle over a day or two (PM2.5/PM10 about 0.25).</summary>
        Dust = 1,
    }

    /// <summary>A multi-day pollution episode over some cities, as a scenario describes it.</summary>
    public sealed class PollutionEpisode
    {
        /// <summary>Creates an episode.</summary>
        /// <param name="kind">Haze or dust.</param>
        /// <param name="startUnixMs">When it starts, ms since the Unix epoch (UTC).</param>
        /// <param name="durationMs">How long it lasts, more than 0 ms.</param>
        /// <param name="peakUgM3">Peak concentration, µg/m³: PM2.5 for haze, PM10 for dust.</param>
        /// <param name="cityIds">Ids of the cities affected; empty for every city.</param>
        public PollutionEpisode(PollutionKind kind, long startUnixMs, long durationMs, double peakUgM3, string[] cityIds)
        {
            if (durationMs <= 0)
            {
                throw new ArgumentOutOfRangeException(nameof(durationMs), durationMs, "durationMs: must be more than 0");
            }
            Kind = kind;
            StartUnixMs = startUnixMs;
            DurationMs = durationMs;
            PeakUgM3 = peakUgM3;
            CityIds = cityIds ?? Array.Empty<string>();
        }

        /// <summary>Haze or dust.</summary>
        public PollutionKind Kind { get; }

        /// <summary>Start, ms since the Unix epoch (UTC).</summary>
        public long StartUnixMs { get; }

        /// <summary>Duration, ms.</summary>
        public long DurationMs { get; }

        /// <summary>Peak concentration, µg/m³ (PM2.5 for haze, PM10 for dust).</summary>
        public double PeakUgM3 { get; }

        /// <summary>Ids of the affected cities; empty means all.</summary>
        public string[] CityIds { get; }

        /// <summary>True when the episode covers the city with id <paramref name="cityId"/>.</summary>
        public bool Covers(string cityId)
        {
            if (CityIds.Length == 0)
            {
                return true;
            }
            for (int i = 0; i < CityIds.Length; i++)
            {
                if (string.Equals(CityIds[i], cityId, StringComparison.OrdinalIgnoreCase))
                {
                    return true;
                }
            }
            return false;
        }

        /// <summary>
        /// Strength of the episode at <paramref name="unixMs"/>, 0 (not active) to 1 (peak). Haze builds up over the
        /// first 70 % of the duration, holds until 90 % and clears in the last 10 %; dust peaks after 15 % and decays.
        /// </summary>
        public double StrengthAt(long unixMs)
        {
            if (unixMs < StartUnixMs || unixMs >= StartUnixMs + DurationMs)
            {
                return 0;
            }
            double f = (double)(unixMs - StartUnixMs) / DurationMs;
            if (Kind == PollutionKind.Haze)
            {
                if (f < 0.7)
                {
                    return SmoothStep(f / 0.7);
                }
                if (f < 0.9)
                {
                    return 1;
                }
                return 1 - SmoothStep((f - 0.9) / 0.1);
            }
            if (f < 0.15)
            {
                return SmoothStep(f / 0.15);
            }
            // exp(-3) at the end, then a short fade to 0 so the curve is continuous.
            double decay = Math.Exp(-3 * (f - 0.15) / 0.85);
            return f < 0.95 ? decay : decay * (1 - f) / 0.05;
        }

        private static double SmoothStep(double x)
        {
            x = x < 0 ? 0 : x > 1 ? 1 : x;
            return x * x * (3 - 2 * x);
        }
    }
}
