namespace Gateway.Firmware.Core.Uplink
{
    /// <summary>
    /// Exponential backoff with jitter for reconnect attempts: the n-th consecutive failure waits a random time
    /// between half and all of min(max, min·2ⁿ), so a fleet that lost its broker does not reconnect in lockstep
    /// ("equal jitter", as in AWS's architecture note on backoff). Deterministic for a given seed.
    /// </summary>
    public sealed class JitteredBackoff
    {
        private readonly long _minimumMs;
        private readonly long _maximumMs;
        private uint _state;
        private int _failures;

        /// <summary>Creates a backoff; <paramref name="seed"/> makes the jitter reproducible (0 is replaced).</summary>
        public JitteredBackoff(long minimumMs, long maximumMs, uint seed)
        {
            _minimumMs = minimumMs;
            _maximumMs = maximumMs < minimumMs ? minimumMs : maximumMs;
            _state = seed == 0 ? 0x9E3779B9u : seed;
        }

        /// <summary>Consecutive failures since the last success.</summary>
        public int Failures => _failures;

        /// <summary>Records a failure and returns how long to wait before the next attempt, in ms.</summary>
        public long NextDelayMs()
        {
            long ceiling = _minimumMs;
            for (int i = 0; i < _failures && ceiling < _maximumMs; i++)
            {
                ceiling *= 2;
            }
            if (ceiling > _maximumMs)
            {
                ceiling = _maximumMs;
            }
            _failures++;
            long half = ceiling / 2;
            return half + (long)(NextRandom() % (uint)(ceiling - half + 1));
        }

        /// <summary>Records a success: the next failure starts from the minimum again.</summary>
        public void Reset() => _failures = 0;

        // xorshift32 (Marsaglia 2003): tiny, allocation-free, identical on every platform.
        private uint NextRandom()
        {
            uint x = _state;
            x ^= x << 13;
            x ^= x >> 17;
            x ^= x << 5;
            _state = x;
            return x;
        }
    }
}
