using Gateway.Firmware.Core.Platform;

namespace Gateway.Simulation.Board
{
    /// <summary>The node's status LED: remembers the code shown and counts changes (the simulator's dashboard shows it).</summary>
    public sealed class SimulatedIndicator : IStatusIndicator
    {
        private readonly long[] _shown = new long[8];

        /// <summary>The code shown now (<see cref="IndicatorCode.Booting"/> before the first call).</summary>
        public IndicatorCode Current { get; private set; } = IndicatorCode.Booting;

        /// <summary>Times the code changed.</summary>
        public long Changes { get; private set; }

        /// <inheritdoc />
        public void Show(IndicatorCode code)
        {
            int index = (int)code;
            if (index >= 0 && index < _shown.Length)
            {
                _shown[index]++;
            }
            if (code != Current)
            {
                Current = code;
                Changes++;
            }
        }

        /// <summary>Times <paramref name="code"/> was shown (every call counts, also repeats).</summary>
        public long TimesShown(IndicatorCode code)
        {
            int index = (int)code;
            return index >= 0 && index < _shown.Length ? _shown[index] : 0;
        }
    }
}
