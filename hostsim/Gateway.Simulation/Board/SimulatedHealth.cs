using System;
using Gateway.Firmware.Core.Platform;
using Gateway.Simulation.Randomness;

namespace Gateway.Simulation.Board
{
    /// <summary>
    /// Free heap of a simulated ESP32 running nanoFramework: a per-node level with a little variation per read,
    /// lowered by <see cref="SetPressureBytes"/> to simulate a leak or memory pressure.
    /// </summary>
    public sealed class SimulatedHealth : IDeviceHealth
    {
        /// <summary>Typical free managed heap of an ESP32 (no PSRAM) with the Gateway application loaded, bytes.</summary>
        public const long TypicalFreeBytes = 96 * 1024;

        private readonly SimRandom _random;
        private readonly long _baseFreeBytes;

        /// <summary>Creates the health source.</summary>
        /// <param name="baseFreeBytes">Free heap without pressure, bytes (more than 0).</param>
        /// <param name="random">The node's generator for the per-read variation.</param>
        public SimulatedHealth(long baseFreeBytes, SimRandom random)
        {
            if (baseFreeBytes <= 0)
            {
                throw new ArgumentOutOfRangeException(nameof(baseFreeBytes), baseFreeBytes, "baseFreeBytes: must be more than 0");
            }
            _baseFreeBytes = baseFreeBytes;
            _random = random ?? throw new ArgumentNullException(nameof(random));
        }

        /// <summary>Bytes taken away from the free heap by injected memory pressure.</summary>
        public long PressureBytes { get; private set; }

        /// <inheritdoc />
        public long FreeMemoryBytes
        {
            get
            {
                // Allocation churn between garbage collections: up to 4 KiB, in 8-byte blocks.
                long churn = _random.NextInt(512) * 8L;
                long free = _baseFreeBytes - PressureBytes - churn;
                return free < 0 ? 0 : free;
            }
        }

        /// <summary>Simulates memory pressure (a leak): the free heap drops by <paramref name="bytes"/>.</summary>
        public void SetPressureBytes(long bytes)
        {
            PressureBytes = bytes < 0 ? 0 : bytes;
        }
    }
}
