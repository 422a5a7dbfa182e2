using System;
using System.Collections.Generic;
using Gateway.Firmware.Core.Config;
using Gateway.Firmware.Core.Gnss;
using Gateway.Firmware.Core.Node;
using Gateway.Firmware.Core.Platform;
using Gateway.Simulation.Board;
using Gateway.Simulation.Environment;
using Gateway.Simulation.Logistics;
using Gateway.Simulation.Network;
using Gateway.Simulation.Power;
using Gateway.Simulation.Scenarios;
using Gateway.Simulation.Sensors;
using Gateway.Simulation.Time;

namespace Gateway.Simulation.Devices
{
    /// <summary>
    /// The simulated hardware of one node: clock, link, power, LED, health, sensors, and the models behind them (the air
    /// around a station, or a truck with its GNSS receiver), plus the node's fault schedule. The runtime plugs it into
    /// the core's <see cref="SensorNode"/> with <see cref="CreatePorts"/> (adding storage and the MQTT transport), sets
    /// the clock, calls <see cref="Advance"/> and then ticks the node. One thread at a time.
    /// </summary>
    public sealed class VirtualDevice
    {
        /// <summary>Time from the link coming up to the SNTP answer that makes the wall-clock time known, ms.</summary>
        public const long SntpDelayMs = 1000;

        /// <summary>Oldest GNSS fix the tracker reports as current, ms (the core's freshness rule).</summary>
        public const long MaxFixAgeMs = 10000;

        private readonly long _scenarioStartUnixMs;
        private readonly IReadOnlyList<FaultEvent> _faults;
        private readonly List<FaultEvent> _active = new List<FaultEvent>();
        private readonly Queue<FaultEvent> _runtimeFaults = new Queue<FaultEvent>();
        private readonly Func<string, int, string> _configText;
        private int _nextFault;
        private long _linkUpSinceMs = -1;

        internal VirtualDevice(NodeAddress address, string deviceId, uint seed, long scenarioStartUnixMs, VirtualClock clock, SimulatedLink link,
            SimulatedHealth health, ISensor[] sensors, EnvironmentalModel? environment, TruckModel? truck, NmeaReceiverModel? gnss,
            GnssReceiverSensor? gnssSensor, IReadOnlyList<FaultEvent> faults, Func<string, int, string> configText)
        {
            Address = address;
            DeviceId = deviceId;
            Seed = seed;
            _scenarioStartUnixMs = scenarioStartUnixMs;
            Clock = clock;
            Link = link;
            Health = health;
            Sensors = sensors;
            Environment = environment;
            Truck = truck;
            Gnss = gnss;
            GnssSensor = gnssSensor;
            _faults = faults;
            _configText = configText;
            Power = new SimulatedPower(ResetCause.PowerOn);
            Indicator = new SimulatedIndicator();
        }

        /// <summary>Where the node sits in the fleet.</summary>
        public NodeAddress Address { get; }

        /// <summary>Index over the whole fleet.</summary>
        public int NodeIndex => Address.NodeIndex;

        /// <summary>Device id, e.g. <c>env-sjz-0001</c>.</summary>
        public string DeviceId { get; }

        /// <summary>The node's group in the scenario.</summary>
        public FleetGroup Group => Address.Group;

        /// <summary>Environmental station or tracker.</summary>
        public DeviceKind Kind => Address.Group.Kind;

        /// <summary>Seed for the core's <see cref="SensorNode"/> (reconnect jitter), per device.</summary>
        public uint Seed { get; }

        /// <summary>The node's clock.</summary>
        public VirtualClock Clock { get; }

        /// <summary>The node's network link.</summary>
        public SimulatedLink Link { get; }

        /// <summary>Sleep and reboot requests.</summary>
        public SimulatedPower Power { get; }

        /// <summary>The status LED.</summary>
        public SimulatedIndicator Indicator { get; }

        /// <summary>Free memory.</summary>
        public SimulatedHealth Health { get; }

        /// <summary>The board's sensors, in board order (the core adds the link's RSSI itself).</summary>
        public ISensor[] Sensors { get; }

        /// <summary>The air around an environmental node (null for trackers).</summary>
        public EnvironmentalModel? Environment { get; }

        /// <summary>The truck a tracker rides on (null for environmental nodes).</summary>
        public TruckModel? Truck { get; }

        /// <summary>The tracker's GNSS receiver (null for environmental nodes or boards without one).</summary>
        public NmeaReceiverModel? Gnss { get; }

        /// <summary>The core's sensor over <see cref="Gnss"/> (null when there is none).</summary>
        public GnssReceiverSensor? GnssSensor { get; }

        /// <summary>The node's fault events, by time.</summary>
        public IReadOnlyList<FaultEvent> Faults => _faults;

        /// <summary>Fault events started so far.</summary>
        public int FaultsStarted => _nextFault;

        /// <summary>Faults in force now (those with a duration that has not run out).</summary>
        public int ActiveFaults => _active.Count;

        /// <summary>The device configuration file text (docs/CONFIG.md) for a broker.</summary>
        public string ConfigText(string brokerHost, int brokerPort) => _configText(brokerHost, brokerPort);

        /// <summary>The ports for the core's <see cref="SensorNode"/>: this device's hardware plus the runtime's storage and transport.</summary>
        public NodePorts CreatePorts(ISegmentStorage bufferStorage, IFileStorage files, IMqttTransport transport)
        {
            return new NodePorts(Clock, bufferStorage, files, transport, Link, Power, Indicator, Health, Sensors);
        }

        /// <summary>The simulated sensor called <paramref name="name"/>, or null (also for <c>gnss</c>, which is the core's sensor).</summary>
        public SimulatedSensor? FindSensor(string name)
        {
            for (int i = 0; i < Sensors.Length; i++)
            {
                SimulatedSensor? sensor = Sensors[i] as SimulatedSensor;
                if (sensor != null && sensor.Name == name)
                {
                    return sensor;
                }
            }
            return null;
        }

        /// <summary>Puts the named sensor (including <c>gnss</c>) in a fault mode; returns false when the board has no such sensor.</summary>
        public bool SetSensorFault(string name, SensorFault fault)
        {
            if (name == SensorNames.Gnss && Gnss != null)
            {
                Gnss.Fault = fault;
                return true;
            }
            SimulatedSensor? sensor = FindSensor(name);
            if (sensor == null)
            {
                return false;
            }
            sensor.SetFault(fault);
            return true;
        }

        /// <summary>
        /// Brings the hardware to the clock's time: moves the truck (and takes the link down in tunnels), answers SNTP a
        /// moment after the link comes up, starts the fault events that are due and ends those that ran out. Power losses
        /// and broker restarts are queued for the runtime (<see cref="TryTakeRuntimeFault"/>).
        /// </summary>
        public void Advance()
        {
            long now = Clock.TrueUnixTimeMs;
            if (Truck != null)
            {
                Truck.AdvanceTo(now);
                Link.SetCoverage(!Truck.InTunnel);
            }
            long sinceStart = now - _scenarioStartUnixMs;
            for (int i = _active.Count - 1; i >= 0; i--)
            {
                FaultEvent active = _active[i];
                if (sinceStart >= active.AtMs + active.DurationMs)
                {
                    End(active);
                    _active.RemoveAt(i);
                }
            }
            while (_nextFault < _faults.Count && _faults[_nextFault].AtMs <= sinceStart)
            {
                Start(_faults[_nextFault]);
                _nextFault++;
            }
            if (Link.IsUp)
            {
                if (_linkUpSinceMs < 0)
                {
                    _linkUpSinceMs = now;
                }
                if (!Clock.TimeKnown && now - _linkUpSinceMs >= SntpDelayMs)
                {
                    Clock.TimeKnown = true;
                }
            }
            else
            {
                _linkUpSinceMs = -1;
            }
        }

        /// <summary>Takes the next power loss or broker restart that came due, for the runtime to carry out.</summary>
        public bool TryTakeRuntimeFault(out FaultEvent fault)
        {
            if (_runtimeFaults.Count > 0)
            {
                fault = _runtimeFaults.Dequeue();
                return true;
            }
            fault = null!;
            return false;
        }

        /// <summary>
        /// The node restarts (after a reboot request, a power loss or waking from sleep): the wall-clock time is unknown
        /// until SNTP answers again, the link must reconnect, the GNSS receiver starts over (cold after a power loss, hot
        /// otherwise). Hardware faults in force stay in force.
        /// </summary>
        public void Reboot(ResetCause cause, bool powerWasLost)
        {
            Power.OnBoot(cause);
            Clock.TimeKnown = false;
            Link.Reset();
            _linkUpSinceMs = -1;
            Gnss?.PowerOn(powerWasLost ? NmeaReceiverModel.ColdStartMs : NmeaReceiverModel.HotStartMs);
        }

        private void Start(FaultEvent fault)
        {
            switch (fault.Kind)
            {
                case FaultKind.LinkDrop:
                    Link.DropFor(fault.DurationMs);
                    return;
                case FaultKind.SensorStuck:
                    Track(fault, SetSensorFault(fault.Sensor, SensorFault.Stuck));
                    return;
                case FaultKind.SensorFail:
                    Track(fault, SetSensorFault(fault.Sensor, SensorFault.Fail));
                    return;
                case FaultKind.SensorSpike:
                    Track(fault, SetSensorFault(fault.Sensor, SensorFault.Spike));
                    return;
                case FaultKind.CoolingFailure:
                    if (Truck != null)
                    {
                        Truck.SetCoolingFailed(true);
                        Track(fault, true);
                    }
                    return;
                case FaultKind.DoorOpenInTransit:
                    Truck?.OpenDoorFor(fault.DurationMs);
                    return;
                case FaultKind.Drop:
                    Truck?.Drop(fault.PeakG, fault.TiltDeg);
                    return;
                case FaultKind.ClockJump:
                    Clock.SetWallOffset(Clock.WallOffsetMs + fault.OffsetMs);
                    return;
                default:
                    _runtimeFaults.Enqueue(fault);
                    return;
            }
        }

        private void Track(FaultEvent fault, bool started)
        {
            if (started && fault.DurationMs != long.MaxValue)
            {
                _active.Add(fault);
            }
        }

        private void End(FaultEvent fault)
        {
            switch (fault.Kind)
            {
                case FaultKind.SensorStuck:
                case FaultKind.SensorFail:
                case FaultKind.SensorSpike:
                    SetSensorFault(fault.Sensor, SensorFault.None);
                    break;
                case FaultKind.CoolingFailure:
                    Truck?.SetCoolingFailed(false);
                    break;
            }
        }
    }
}
