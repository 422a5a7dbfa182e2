using Gateway.Firmware.Core.Platform;

namespace Gateway.Firmware.Core.Tests.Fakes
{
    /// <summary>A clock the test moves by hand. Wall time is unknown until <see cref="SetUnixTimeMs"/>.</summary>
    public sealed class ManualClock : IClock
    {
        private long _unixAtZeroMs;
        private bool _hasTime;

        public long MonotonicMs { get; private set; }

        public void Advance(long ms)
        {
            MonotonicMs += ms;
        }

        public void SetUnixTimeMs(long unixTimeMs)
        {
            _unixAtZeroMs = unixTimeMs - MonotonicMs;
            _hasTime = true;
        }

        public bool TryGetUnixTimeMs(out long unixTimeMs)
        {
            unixTimeMs = _unixAtZeroMs + MonotonicMs;
            return _hasTime;
        }
    }
}
