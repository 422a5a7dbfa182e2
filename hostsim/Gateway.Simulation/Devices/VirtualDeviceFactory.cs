using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;
using Gateway.Firmware.Core.Config;
using Gateway.Firmware.Core.Gnss;
using Gateway.Firmware.Core.Platform;
using Gateway.Simulation.Board;
using Gateway.Simulation.Environment;
using Gateway.Simulation.Logistics;
using Gateway.Simulation.Network;
using Gateway.Simulation.Randomness;
using Gateway.Simulation.Scenarios;
using Gateway.Simulation.Sensors;
using Gateway.Simulation.Time;

namespace Gateway.Simulation.Devices
{
    /// <summary>
    /// Builds the virtual devices of a scenario: for node index i (0-based over the fleet) its device id, its
    /// configuration file, and its simulated hardware. Everything follows from the scenario's seed and i alone, so a node
    /// can be built (or rebuilt after a reboot) in any order, on any thread, with the same result.
    /// </summary>
    public sealed class VirtualDeviceFactory
    {
        private readonly PollutionEpisode[] _episodes;

        /// <summary>Prepares the factory (lays out the fleet and plans the faults).</summary>
        public VirtualDeviceFactory(Scenario scenario)
        {
            Scenario = scenario ?? throw new ArgumentNullException(nameof(scenario));
            Layout = new FleetLayout(scenario.Groups);
            Faults = new FaultPlan(scenario, Layout);
            _episodes = new PollutionEpisode[scenario.Episodes.Count];
            for (int i = 0; i < _episodes.Length; i++)
            {
                _episodes[i] = scenario.Episodes[i];
            }
            Weather = new RegionalWeather(scenario.Seed, _episodes);
        }

        /// <summary>The scenario.</summary>
        public Scenario Scenario { get; }

        /// <summary>Device ids and places.</summary>
        public FleetLayout Layout { get; }

        /// <summary>Fault events per node and fleet-wide.</summary>
        public FaultPlan Faults { get; }

        /// <summary>Weather along the roads (shared by the trucks).</summary>
        public RegionalWeather Weather { get; }

        /// <summary>Number of nodes.</summary>
        public int NodeCount => Layout.NodeCount;

        /// <summary>Device id of node <paramref name="nodeIndex"/>.</summary>
        public string DeviceId(int nodeIndex) => Layout.DeviceId(nodeIndex);

        /// <summary>Seed for node <paramref name="nodeIndex"/>'s core <c>SensorNode</c>.</summary>
        public uint NodeSeed(int nodeIndex) => (uint)StableHash.Mix(Scenario.Seed, 0x4E4F4445UL, (ulong)nodeIndex);

        /// <summary>
        /// The configuration file (<c>device.conf</c>, docs/CONFIG.md) of node <paramref name="nodeIndex"/>: identity, kind,
        /// board, the broker given by the caller, and the group's sampling, alarm and other settings.
        /// </summary>
        /// <exception cref="ArgumentException">When the broker host is empty or contains spaces or control characters, or the port is not 1 to 65535.</exception>
        public string ConfigText(int nodeIndex, string brokerHost, int brokerPort)
        {
            if (string.IsNullOrEmpty(brokerHost) || brokerHost.Length > 253)
            {
                throw new ArgumentException("brokerHost: must be a host name, IPv4 address or IPv6 literal of 1 to 253 characters", nameof(brokerHost));
            }
            for (int i = 0; i < brokerHost.Length; i++)
            {
                if (char.IsWhiteSpace(brokerHost[i]) || char.IsControl(brokerHost[i]))
                {
                    throw new ArgumentException("brokerHost: must not contain spaces or control characters", nameof(brokerHost));
                }
            }
            if (brokerPort < 1 || brokerPort > 65535)
            {
                throw new ArgumentOutOfRangeException(nameof(brokerPort), brokerPort, "brokerPort: must be from 1 to 65535");
            }
            NodeAddress address = Layout.Locate(nodeIndex);
            FleetGroup group = address.Group;
            StringBuilder text = new StringBuilder(512);
            text.Append("# ").Append(DeviceId(nodeIndex)).Append(": scenario ").Append(Scenario.Name).Append(", fleet group ")
                .Append(group.Index.ToString(CultureInfo.InvariantCulture)).Append(", ")
                .Append(group.Kind == DeviceKind.Environmental ? group.Cities[address.PlaceIndex].Name : "route " + group.Routes[address.PlaceIndex].Id)
                .Append('\n');
            Line(text, "device.id", DeviceId(nodeIndex));
            Line(text, "device.tenant", Scenario.Tenant);
            Line(text, "device.kind", group.Kind == DeviceKind.Logistics ? "logistics" : "environmental");
            if (group.Board.Length > 0)
            {
                Line(text, "device.board", group.Board);
            }
            Line(text, "broker.host", brokerHost);
            Line(text, "broker.port", brokerPort.ToString(CultureInfo.InvariantCulture));
            for (int i = 0; i < group.ConfigLines.Count; i++)
            {
                Line(text, group.ConfigLines[i].Key, group.ConfigLines[i].Value);
            }
            return text.ToString();
        }

        /// <summary>Builds node <paramref name="nodeIndex"/> with its own clock at the scenario start (time not yet known: SNTP answers once the link is up).</summary>
        public VirtualDevice Create(int nodeIndex)
        {
            return Create(nodeIndex, new VirtualClock(Scenario.StartUnixMs, false));
        }

        /// <summary>Builds node <paramref name="nodeIndex"/> on the given clock (its start should be the scenario start).</summary>
        public VirtualDevice Create(int nodeIndex, VirtualClock clock)
        {
            if (clock == null)
            {
                throw new ArgumentNullException(nameof(clock));
            }
            NodeAddress address = Layout.Locate(nodeIndex);
            FleetGroup group = address.Group;
            ulong seed = Scenario.Seed;
            ulong node = (ulong)nodeIndex;
            string id = DeviceId(nodeIndex);
            SimRandom setup = new SimRandom(seed, StableHash.OfText("setup"), node);
            SimulatedHealth health = new SimulatedHealth(SimulatedHealth.TypicalFreeBytes - setup.NextInt(8192), new SimRandom(seed, StableHash.OfText("health"), node));
            ulong linkKey = StableHash.Mix(seed, StableHash.OfText("link"), node);
            List<ISensor> sensors = new List<ISensor>();
            EnvironmentalModel? environment = null;
            TruckModel? truck = null;
            NmeaReceiverModel? gnss = null;
            GnssReceiverSensor? gnssSensor = null;
            SimulatedLink link;

            if (group.Kind == DeviceKind.Environmental)
            {
                bool indoor = group.Site == SiteKind.Office || group.Site == SiteKind.School;
                // Wi-Fi: stations on masts are further from the access point than indoor ones.
                int rssi = indoor ? -45 - setup.NextInt(25) : -55 - setup.NextInt(26);
                link = new SimulatedLink(clock, linkKey, rssi, 1500);
                environment = new EnvironmentalModel(group.Cities[address.PlaceIndex], group.Site, seed,
                    StableHash.Mix(seed, StableHash.OfText("env-node"), node), _episodes);
                for (int s = 0; s < group.Sensors.Count; s++)
                {
                    EnvironmentalPart part;
                    EnvironmentalSensor.TryParsePart(group.Sensors[s], out part);
                    sensors.Add(new EnvironmentalSensor(part, environment, clock, new SimRandom(seed, StableHash.Mix(StableHash.OfText("sensor"), node), (ulong)part)));
                }
            }
            else
            {
                // Cellular (LTE Cat-M / 4G): weaker and slower to attach than Wi-Fi.
                link = new SimulatedLink(clock, linkKey, -70 - setup.NextInt(26), 3000);
                Route route = group.Routes[address.PlaceIndex];
                int places = group.Routes.Count;
                int onRoute = (group.Count - address.PlaceIndex + places - 1) / places;
                int position = address.IndexInGroup / places;
                TruckOptions options = new TruckOptions
                {
                    Reefer = group.Reefer,
                    DepartureDelayMs = onRoute <= 1 ? 0 : group.DepartureSpreadMs * position / onRoute,
                    InitialCharge = setup.Uniform(0.85, 1.0),
                };
                truck = new TruckModel(route, options, Weather, Scenario.StartUnixMs, new SimRandom(seed, StableHash.OfText("truck"), node));
                for (int s = 0; s < group.Sensors.Count; s++)
                {
                    string name = group.Sensors[s];
                    if (name == SensorNames.Gnss)
                    {
                        gnss = new NmeaReceiverModel(truck, clock, group.Gnss, new SimRandom(seed, StableHash.OfText("gnss"), node), NmeaReceiverModel.ColdStartMs);
                        gnssSensor = new GnssReceiverSensor(SensorNames.Gnss, gnss, clock, VirtualDevice.MaxFixAgeMs);
                        sensors.Add(gnssSensor);
                        continue;
                    }
                    TrackerPart part = name == SensorNames.Accelerometer ? TrackerPart.Accelerometer
                        : name == SensorNames.Door ? TrackerPart.Door
                        : name == SensorNames.CargoProbe ? TrackerPart.CargoProbe
                        : TrackerPart.Battery;
                    sensors.Add(new TruckSensor(part, truck, clock, new SimRandom(seed, StableHash.Mix(StableHash.OfText("sensor"), node), 100 + (ulong)part)));
                }
            }
            return new VirtualDevice(address, id, NodeSeed(nodeIndex), Scenario.StartUnixMs, clock, link, health, sensors.ToArray(), environment, truck,
                gnss, gnssSensor, Faults.EventsFor(nodeIndex), (host, port) => ConfigText(nodeIndex, host, port));
        }

        private static void Line(StringBuilder text, string key, string value)
        {
            text.Append(key).Append(" = ").Append(value).Append('\n');
        }
    }
}
