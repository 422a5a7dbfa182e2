using System;

namespace Gateway.Simulation.Randomness
{
    /// <summary>
    /// Hashes that are the same on every machine and run (unlike <see cref="string.GetHashCode()"/>), used to derive
    /// per-node seeds and stateless noise that any thread can evaluate in any order with the same result.
    /// </summary>
    public static class StableHash
    {
        /// <summary>One SplitMix64 step (Steele, Lea and Flood, 2014): advances <paramref name="state"/> and returns a mixed value.</summary>
        public static ulong SplitMix(ref ulong state)
        {
            state += 0x9E3779B97F4A7C15UL;
            return Finalize(state);
        }

        /// <summary>The SplitMix64 finaliser: a bijective mix of 64 bits.</summary>
        public static ulong Finalize(ulong z)
        {
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            return z ^ (z >> 31);
        }

        /// <summary>Mixes two values into one hash.</summary>
        public static ulong Mix(ulong a, ulong b) => Finalize(a ^ Finalize(b + 0x9E3779B97F4A7C15UL));

        /// <summary>Mixes three values into one hash.</summary>
        public static ulong Mix(ulong a, ulong b, ulong c) => Mix(Mix(a, b), c);

        /// <summary>Mixes four values into one hash.</summary>
        public static ulong Mix(ulong a, ulong b, ulong c, ulong d) => Mix(Mix(Mix(a, b), c), d);

        /// <summary>FNV-1a 64-bit hash of a string's UTF-16 code units, for keys such as city ids.</summary>
        public static ulong OfText(string text)
        {
            ulong hash = 0xCBF29CE484222325UL;
            for (int i = 0; i < text.Length; i++)
            {
                hash ^= text[i];
                hash *= 0x100000001B3UL;
            }
            return Finalize(hash);
        }

        /// <summary>Uniform double in [0, 1) from a hash.</summary>
        public static double ToUnit(ulong hash) => (hash >> 11) * (1.0 / (1UL << 53));

        /// <summary>Uniform double in [-1, 1) from a hash.</summary>
        public static double ToSigned(ulong hash) => ToUnit(hash) * 2 - 1;
    }

    /// <summary>
    /// Smooth random variation over time (one-dimensional value noise): random values at whole multiples of a period,
    /// joined by a smooth (cubic Hermite) curve, summed over octaves. A pure function of (key, time), so weather shared
    /// by every node of a city is evaluated per node without shared state and still agrees exactly.
    /// </summary>
    public static class SmoothNoise
    {
        /// <summary>
        /// Noise in about [-1, 1] at time <paramref name="t"/>, varying on the scale of <paramref name="period"/>
        /// (same unit as <paramref name="t"/>); <paramref name="octaves"/> layers of half the period and half the amplitude.
        /// </summary>
        public static double At(ulong key, double t, double period, int octaves)
        {
            double sum = 0;
            double amplitude = 1;
            double norm = 0;
            double p = period;
            for (int octave = 0; octave < octaves; octave++)
            {
                sum += amplitude * Single(StableHash.Mix(key, (ulong)octave), t / p);
                norm += amplitude;
                amplitude *= 0.5;
                p *= 0.5;
            }
            return sum / norm;
        }

        private static double Single(ulong key, double x)
        {
            double floor = Math.Floor(x);
            long i = (long)floor;
            double f = x - floor;
            double a = StableHash.ToSigned(StableHash.Mix(key, (ulong)i));
            double b = StableHash.ToSigned(StableHash.Mix(key, (ulong)(i + 1)));
            double s = f * f * (3 - 2 * f);
            return a + (b - a) * s;
        }
    }
}
