using System;
using System.Threading;

namespace Gateway.Firmware.Esp32.Power
{
    /// <summary>
    /// A watchdog in software: no managed watchdog API exists in the stable packages (device-api-notes §6), so a
    /// System.Threading.Timer checks that the main loop fed it within the timeout and otherwise reboots through
    /// <see cref="Esp32Power.RebootForWatchdog"/>. It catches a main loop stuck in managed code (a wait that never ends,
    /// an endless loop); a hang inside native code that stops the whole CLR is beyond it, which a deep-sleep cycle or
    /// the hardware watchdog of the nanoFramework image limits instead.
    /// </summary>
    public sealed class SoftwareWatchdog
    {
        /// <summary>How often the timer checks, ms.</summary>
        public const int CheckPeriodMs = 5000;

        private readonly object _lock = new object();
        private readonly Esp32Power _power;
        private readonly long _timeoutMs;
        private readonly Timer _timer;
        private long _fedAtMs;
        private bool _fired;

        /// <summary>Starts watching; the main loop must call <see cref="Feed"/> at least every <paramref name="timeoutMs"/>.</summary>
        public SoftwareWatchdog(Esp32Power power, long timeoutMs)
        {
            _power = power;
            _timeoutMs = timeoutMs;
            _fedAtMs = Environment.TickCount64;
            _timer = new Timer(Check, null, CheckPeriodMs, CheckPeriodMs);
        }

        /// <summary>Tells the watchdog the main loop is alive.</summary>
        public void Feed()
        {
            lock (_lock)
            {
                _fedAtMs = Environment.TickCount64;
            }
        }

        private void Check(object? state)
        {
            long starvedMs;
            lock (_lock)
            {
                starvedMs = Environment.TickCount64 - _fedAtMs;
                if (starvedMs < _timeoutMs || _fired)
                {
                    return;
                }
                _fired = true;
            }
            Console.WriteLine("watchdog: main loop silent for " + (starvedMs / 1000).ToString() + " s, rebooting");
            _timer.Dispose();
            _power.RebootForWatchdog();
        }
    }
}
