using System;
using Gateway.Firmware.Core.Platform;
using Gateway.Simulation.Randomness;
using Gateway.Simulation.Time;

namespace Gateway.Simulation.Network
{
    /// <summary>
    /// A node's Wi-Fi or cellular link. It comes up <see cref="ConnectDelayMs"/> after the core asks for it
    /// (association, DHCP), goes down for injected drops (<see cref="DropFor"/>) and while there is no coverage
    /// (<see cref="SetCoverage"/>: a truck in a tunnel), and reports an RSSI that wanders slowly around
    /// <see cref="BaseRssiDbm"/>. After a drop the link stays down until the core asks again, as a real station does.
    /// Everything is a function of the node's <see cref="VirtualClock"/>.
    /// </summary>
    public sealed class SimulatedLink : INetworkLink
    {
        /// <summary>Weakest RSSI reported, dBm.</summary>
        public const int MinimumRssiDbm = -120;

        /// <summary>Strongest RSSI reported, dBm.</summary>
        public const int MaximumRssiDbm = -30;

        private readonly VirtualClock _clock;
        private readonly ulong _noiseKey;
        private bool _connected;
        private long _connectAtMs = -1;
        private long _droppedUntilMs = long.MinValue;
        private bool _coverage = true;

        /// <summary>Creates a link that is down until the core asks for it.</summary>
        /// <param name="clock">The node's clock.</param>
        /// <param name="noiseKey">Key of the RSSI variation (per node, from the scenario seed).</param>
        /// <param name="baseRssiDbm">Typical signal strength, -120 to -30 dBm.</param>
        /// <param name="connectDelayMs">Time from a request to the link being up, 0 or more ms.</param>
        /// <exception cref="ArgumentOutOfRangeException">A parameter is out of range.</exception>
        public SimulatedLink(VirtualClock clock, ulong noiseKey, int baseRssiDbm, long connectDelayMs)
        {
            if (baseRssiDbm < MinimumRssiDbm || baseRssiDbm > MaximumRssiDbm)
            {
                throw new ArgumentOutOfRangeException(nameof(baseRssiDbm), baseRssiDbm, "baseRssiDbm: must be from " + MinimumRssiDbm + " to " + MaximumRssiDbm);
            }
            if (connectDelayMs < 0)
            {
                throw new ArgumentOutOfRangeException(nameof(connectDelayMs), connectDelayMs, "connectDelayMs: must be 0 or more");
            }
            _clock = clock ?? throw new ArgumentNullException(nameof(clock));
            _noiseKey = noiseKey;
            BaseRssiDbm = baseRssiDbm;
            ConnectDelayMs = connectDelayMs;
        }

        /// <summary>
        /// Raised (on the thread driving the node) when an up link goes down: a drop, lost coverage or a reboot. The
        /// runtime's MQTT transport listens to it to report the lost session to the core, as a real TCP connection would fail.
        /// </summary>
        public event Action? WentDown;

        /// <summary>Typical RSSI, dBm; the runtime may move it (a truck driving away from towers).</summary>
        public int BaseRssiDbm { get; set; }

        /// <summary>Time from a request to the link being up, ms.</summary>
        public long ConnectDelayMs { get; }

        /// <summary>Connect requests received from the core.</summary>
        public long ConnectRequests { get; private set; }

        /// <summary>Times the link came up.</summary>
        public long Connects { get; private set; }

        /// <summary>Drops injected with <see cref="DropFor"/>.</summary>
        public long Drops { get; private set; }

        /// <summary>True while an injected drop lasts.</summary>
        public bool IsDropped => _clock.MonotonicMs < _droppedUntilMs;

        /// <summary>True when the place has coverage (false in a tunnel).</summary>
        public bool HasCoverage => _coverage;

        /// <inheritdoc />
        public bool IsUp
        {
            get
            {
                Update();
                return _connected;
            }
        }

        /// <inheritdoc />
        public int RssiDbm
        {
            get
            {
                if (!IsUp)
                {
                    return 0;
                }
                // Slow fading: a few dB over minutes (shadowing), a little over seconds (multipath).
                double t = _clock.TrueUnixTimeMs / 1000.0;
                double fading = 5 * SmoothNoise.At(_noiseKey, t, 600, 3);
                int rssi = (int)Math.Round(BaseRssiDbm + fading);
                return rssi < MinimumRssiDbm ? MinimumRssiDbm : rssi > MaximumRssiDbm ? MaximumRssiDbm : rssi;
            }
        }

        /// <inheritdoc />
        public void RequestConnect()
        {
            ConnectRequests++;
            Update();
            if (!_connected && _connectAtMs < 0 && !IsDropped && _coverage)
            {
                _connectAtMs = _clock.MonotonicMs + ConnectDelayMs;
                Update();
            }
        }

        /// <summary>Takes the link down now for <paramref name="durationMs"/> (access point or cell outage).</summary>
        /// <exception cref="ArgumentOutOfRangeException">When <paramref name="durationMs"/> is negative.</exception>
        public void DropFor(long durationMs)
        {
            if (durationMs < 0)
            {
                throw new ArgumentOutOfRangeException(nameof(durationMs), durationMs, "durationMs: must be 0 or more");
            }
            _droppedUntilMs = _clock.MonotonicMs + durationMs;
            Disconnect();
            Drops++;
        }

        /// <summary>The node rebooted: the link is down until the core asks for it again (not counted as a drop).</summary>
        public void Reset()
        {
            Disconnect();
        }

        /// <summary>Sets whether the place has coverage; losing it takes the link down.</summary>
        public void SetCoverage(bool coverage)
        {
            _coverage = coverage;
            if (!coverage)
            {
                Disconnect();
            }
        }

        private void Disconnect()
        {
            bool was = _connected;
            _connected = false;
            _connectAtMs = -1;
            if (was)
            {
                WentDown?.Invoke();
            }
        }

        private void Update()
        {
            if (IsDropped || !_coverage)
            {
                Disconnect();
                return;
            }
            if (!_connected && _connectAtMs >= 0 && _clock.MonotonicMs >= _connectAtMs)
            {
                _connected = true;
                _connectAtMs = -1;
                Connects++;
            }
        }
    }
}
