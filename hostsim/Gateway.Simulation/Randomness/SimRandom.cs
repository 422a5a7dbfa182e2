using System;

namespace Gateway.Simulation.Randomness
{
    /// <summary>
    /// Small, fast pseudo-random generator for the models: xoshiro256** (Blackman and Vigna, 2018) seeded through
    /// SplitMix64, as the authors recommend. Unlike <see cref="Random"/> its sequence is fixed by this code alone,
    /// so a scenario seed replays the same run on every .NET version. One instance per node model; not thread-safe.
    /// </summary>
    public sealed class SimRandom
    {
        private ulong _s0;
        private ulong _s1;
        private ulong _s2;
        private ulong _s3;
        private bool _hasSpareGaussian;
        private double _spareGaussian;

        /// <summary>Creates a generator whose sequence is fixed by <paramref name="seed"/>.</summary>
        public SimRandom(ulong seed)
        {
            ulong state = seed;
            _s0 = StableHash.SplitMix(ref state);
            _s1 = StableHash.SplitMix(ref state);
            _s2 = StableHash.SplitMix(ref state);
            _s3 = StableHash.SplitMix(ref state);
        }

        /// <summary>Creates a generator for one part of a run: the seed is mixed with the given stream keys.</summary>
        public SimRandom(ulong seed, ulong stream, ulong substream)
            : this(StableHash.Mix(seed, stream, substream))
        {
        }

        /// <summary>Next 64 random bits.</summary>
        public ulong NextUInt64()
        {
            ulong result = RotateLeft(_s1 * 5, 7) * 9;
            ulong t = _s1 << 17;
            _s2 ^= _s0;
            _s3 ^= _s1;
            _s1 ^= _s2;
            _s0 ^= _s3;
            _s2 ^= t;
            _s3 = RotateLeft(_s3, 45);
            return result;
        }

        /// <summary>Uniform double in [0, 1).</summary>
        public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

        /// <summary>Uniform double in [<paramref name="min"/>, <paramref name="max"/>).</summary>
        public double Uniform(double min, double max) => min + (max - min) * NextDouble();

        /// <summary>Uniform integer in [0, <paramref name="maxExclusive"/>).</summary>
        /// <exception cref="ArgumentOutOfRangeException">When <paramref name="maxExclusive"/> is not positive.</exception>
        public int NextInt(int maxExclusive)
        {
            if (maxExclusive <= 0)
            {
                throw new ArgumentOutOfRangeException(nameof(maxExclusive), maxExclusive, "must be 1 or more");
            }
            return (int)((NextUInt64() >> 33) % (ulong)maxExclusive);
        }

        /// <summary>True with probability <paramref name="probability"/>.</summary>
        public bool Chance(double probability) => NextDouble() < probability;

        /// <summary>Standard normal deviate (Marsaglia polar method).</summary>
        public double NextGaussian()
        {
            if (_hasSpareGaussian)
            {
                _hasSpareGaussian = false;
                return _spareGaussian;
            }
            double u;
            double v;
            double s;
            do
            {
                u = 2 * NextDouble() - 1;
                v = 2 * NextDouble() - 1;
                s = u * u + v * v;
            }
            while (s >= 1 || s == 0);
            double factor = Math.Sqrt(-2 * Math.Log(s) / s);
            _spareGaussian = v * factor;
            _hasSpareGaussian = true;
            return u * factor;
        }

        /// <summary>Normal deviate with the given mean and standard deviation.</summary>
        public double Gaussian(double mean, double standardDeviation) => mean + standardDeviation * NextGaussian();

        /// <summary>Exponentially distributed waiting time with the given mean.</summary>
        public double Exponential(double mean) => -mean * Math.Log(1 - NextDouble());

        private static ulong RotateLeft(ulong x, int k) => (x << k) | (x >> (64 - k));
    }
}
