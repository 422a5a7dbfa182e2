using System;
using System.Collections.Generic;
using Gateway.Firmware.Core.Config;
using Gateway.Simulation.Environment;
using Gateway.Simulation.Logistics;

namespace Gateway.Simulation.Scenarios
{
    /// <summary>
    /// A validated scenario: the fleet to simulate, the pollution episodes, the fault schedule, the seed that makes the run
    /// reproducible and its default start and duration. Built by <see cref="ScenarioLoader"/> from a JSON file
    /// (format in seeds/README.md); every value in it has been checked.
    /// </summary>
    public sealed class Scenario
    {
        internal Scenario(string name, string description, uint seed, long startUnixMs, long durationMs, string tenant,
            FleetGroup[] groups, PollutionEpisode[] episodes, FaultSpec[] faults, string source)
        {
            Name = name;
            Description = description;
            Seed = seed;
            StartUnixMs = startUnixMs;
            DurationMs = durationMs;
            Tenant = tenant;
            Groups = groups;
            Episodes = episodes;
            Faults = faults;
            Source = source;
            int nodes = 0;
            for (int i = 0; i < groups.Length; i++)
            {
                nodes += groups[i].Count;
            }
            NodeCount = nodes;
        }

        /// <summary>Scenario name (<c>name</c>), e.g. <c>hebei-air-quality</c>.</summary>
        public string Name { get; }

        /// <summary>What the scenario shows (<c>description</c>); the first line is its one-line summary.</summary>
        public string Description { get; }

        /// <summary>First line of <see cref="Description"/>.</summary>
        public string Summary
        {
            get
            {
                int end = Description.IndexOf('\n');
                return (end < 0 ? Description : Description.Substring(0, end)).Trim();
            }
        }

        /// <summary>Seed of every random choice of the run (<c>seed</c>).</summary>
        public uint Seed { get; }

        /// <summary>Simulated start time, ms since the Unix epoch, UTC (<c>start</c>).</summary>
        public long StartUnixMs { get; }

        /// <summary>Default run length, ms (<c>duration</c>); the runtime may run shorter or longer.</summary>
        public long DurationMs { get; }

        /// <summary>Tenant of every device (<c>device.tenant</c>, <c>tenant</c>).</summary>
        public string Tenant { get; }

        /// <summary>Fleet groups, in file order (<c>fleet</c>).</summary>
        public IReadOnlyList<FleetGroup> Groups { get; }

        /// <summary>Pollution episodes with absolute times (<c>episodes</c>).</summary>
        public IReadOnlyList<PollutionEpisode> Episodes { get; }

        /// <summary>Fault schedule entries, in file order (<c>faults</c>); <see cref="FaultPlan"/> turns them into per-node events.</summary>
        public IReadOnlyList<FaultSpec> Faults { get; }

        /// <summary>Number of nodes over all groups.</summary>
        public int NodeCount { get; }

        /// <summary>Where it was loaded from (file path, or a name given to <see cref="ScenarioLoader.Parse"/>).</summary>
        public string Source { get; }

        /// <summary>
        /// The same scenario starting at <paramref name="startUnixMs"/> instead of its file's <c>start</c> (a live run starts
        /// now: ingestion rejects readings whose time is far in the past). Episodes and faults are relative to the start and
        /// move with it.
        /// </summary>
        public Scenario WithStart(long startUnixMs)
        {
            var groups = new FleetGroup[Groups.Count];
            for (int g = 0; g < groups.Length; g++)
            {
                groups[g] = Groups[g];
            }
            long shift = startUnixMs - StartUnixMs;
            var episodes = new PollutionEpisode[Episodes.Count];
            for (int e = 0; e < episodes.Length; e++)
            {
                PollutionEpisode o = Episodes[e];
                episodes[e] = new PollutionEpisode(o.Kind, o.StartUnixMs + shift, o.DurationMs, o.PeakUgM3, o.CityIds);
            }
            var faults = new FaultSpec[Faults.Count];
            for (int f = 0; f < faults.Length; f++)
            {
                faults[f] = Faults[f];
            }
            return new Scenario(Name, Description, Seed, startUnixMs, DurationMs, Tenant, groups, episodes, faults, Source);
        }

        /// <summary>
        /// The same scenario with <paramref name="nodeCount"/> nodes in all (<c>run --devices N</c>): every group keeps its
        /// share of the fleet (largest remainders), and every group keeps at least one node while there are enough nodes.
        /// Fault targets select groups, device ids and fractions, so they carry over.
        /// </summary>
        /// <exception cref="ArgumentOutOfRangeException">When <paramref name="nodeCount"/> is not from 1 to 100000.</exception>
        public Scenario WithNodeCount(int nodeCount)
        {
            if (nodeCount < 1 || nodeCount > 100000)
            {
                throw new ArgumentOutOfRangeException(nameof(nodeCount), nodeCount, "devices: must be from 1 to 100000");
            }
            int groups = Groups.Count;
            int[] counts = new int[groups];
            double[] remainders = new double[groups];
            int assigned = 0;
            for (int g = 0; g < groups; g++)
            {
                double exact = (double)nodeCount * Groups[g].Count / NodeCount;
                counts[g] = (int)Math.Floor(exact);
                if (counts[g] == 0 && nodeCount >= groups)
                {
                    counts[g] = 1;
                }
                remainders[g] = exact - Math.Floor(exact);
                assigned += counts[g];
            }
            while (assigned != nodeCount)
            {
                int pick = -1;
                for (int g = 0; g < groups; g++)
                {
                    bool eligible = assigned < nodeCount ? true : counts[g] > 1 || nodeCount < groups && counts[g] > 0;
                    if (eligible && (pick < 0 || (assigned < nodeCount ? remainders[g] > remainders[pick] : remainders[g] < remainders[pick])))
                    {
                        pick = g;
                    }
                }
                counts[pick] += assigned < nodeCount ? 1 : -1;
                remainders[pick] = assigned < nodeCount ? -1 : 2;
                assigned += assigned < nodeCount ? 1 : -1;
            }
            var scaled = new System.Collections.Generic.List<FleetGroup>();
            int first = 0;
            for (int g = 0; g < groups; g++)
            {
                if (counts[g] == 0)
                {
                    continue;
                }
                FleetGroup o = Groups[g];
                var cities = new CityClimate[o.Cities.Count];
                for (int c = 0; c < cities.Length; c++)
                {
                    cities[c] = o.Cities[c];
                }
                var routes = new Route[o.Routes.Count];
                for (int r = 0; r < routes.Length; r++)
                {
                    routes[r] = o.Routes[r];
                }
                var sensors = new string[o.Sensors.Count];
                for (int n = 0; n < sensors.Length; n++)
                {
                    sensors[n] = o.Sensors[n];
                }
                var lines = new KeyValuePair<string, string>[o.ConfigLines.Count];
                for (int l = 0; l < lines.Length; l++)
                {
                    lines[l] = o.ConfigLines[l];
                }
                scaled.Add(new FleetGroup(o.Index, o.Kind, counts[g], first, cities, routes, o.Site, sensors, o.Board, o.Prefix, o.Gnss,
                    o.Reefer, o.DepartureSpreadMs, lines));
                first += counts[g];
            }
            var episodes = new PollutionEpisode[Episodes.Count];
            for (int e = 0; e < episodes.Length; e++)
            {
                episodes[e] = Episodes[e];
            }
            var faults = new FaultSpec[Faults.Count];
            for (int f = 0; f < faults.Length; f++)
            {
                faults[f] = Faults[f];
            }
            return new Scenario(Name, Description, Seed, StartUnixMs, DurationMs, Tenant, scaled.ToArray(), episodes, faults, Source);
        }

        /// <summary>The group that node <paramref name="nodeIndex"/> (0-based over the whole fleet) belongs to.</summary>
        /// <exception cref="ArgumentOutOfRangeException">When the index is outside the fleet.</exception>
        public FleetGroup GroupOf(int nodeIndex)
        {
            if (nodeIndex < 0 || nodeIndex >= NodeCount)
            {
                throw new ArgumentOutOfRangeException(nameof(nodeIndex), nodeIndex, "node index must be from 0 to " + (NodeCount - 1));
            }
            for (int i = Groups.Count - 1; i >= 0; i--)
            {
                if (nodeIndex >= Groups[i].FirstNodeIndex)
                {
                    return Groups[i];
                }
            }
            return Groups[0];
        }
    }

    /// <summary>One group of identical nodes in a scenario's fleet (<c>fleet[i]</c>).</summary>
    public sealed class FleetGroup
    {
        internal FleetGroup(int index, DeviceKind kind, int count, int firstNodeIndex, CityClimate[] cities, Route[] routes,
            SiteKind site, string[] sensors, string board, string prefix, GnssTalkerMode gnss, bool reefer, long departureSpreadMs,
            KeyValuePair<string, string>[] configLines)
        {
            Index = index;
            Kind = kind;
            Count = count;
            FirstNodeIndex = firstNodeIndex;
            Cities = cities;
            Routes = routes;
            Site = site;
            Sensors = sensors;
            Board = board;
            Prefix = prefix;
            Gnss = gnss;
            Reefer = reefer;
            DepartureSpreadMs = departureSpreadMs;
            ConfigLines = configLines;
        }

        /// <summary>Position in the fleet array.</summary>
        public int Index { get; }

        /// <summary>Environmental station or logistics tracker (<c>kind</c>).</summary>
        public DeviceKind Kind { get; }

        /// <summary>Number of nodes (<c>count</c>).</summary>
        public int Count { get; }

        /// <summary>Fleet-wide index of the group's first node.</summary>
        public int FirstNodeIndex { get; }

        /// <summary>Cities the nodes are spread over, round-robin (<c>cities</c>; environmental groups).</summary>
        public IReadOnlyList<CityClimate> Cities { get; }

        /// <summary>Routes the trucks are spread over, round-robin (<c>routes</c>; logistics groups).</summary>
        public IReadOnlyList<Route> Routes { get; }

        /// <summary>Where environmental nodes are mounted (<c>site</c>).</summary>
        public SiteKind Site { get; }

        /// <summary>Sensor names on the board, in board order (<c>sensors</c>, default all of the kind).</summary>
        public IReadOnlyList<string> Sensors { get; }

        /// <summary>Board profile id (<c>device.board</c>; <c>board</c>), possibly empty.</summary>
        public string Board { get; }

        /// <summary>Device id prefix (<c>prefix</c>; default <c>env</c> or <c>trk</c>).</summary>
        public string Prefix { get; }

        /// <summary>GNSS constellations and talkers of trackers (<c>gnss</c>).</summary>
        public GnssTalkerMode Gnss { get; }

        /// <summary>Refrigerated trucks (<c>reefer</c>).</summary>
        public bool Reefer { get; }

        /// <summary>First departures of the group's trucks are spread over this time, ms (<c>departureSpread</c>).</summary>
        public long DepartureSpreadMs { get; }

        /// <summary>
        /// Device configuration lines the group adds (from <c>sampling</c>, <c>alarms</c> and <c>config</c>), as key and
        /// value text per docs/CONFIG.md, already checked with the core's parser.
        /// </summary>
        public IReadOnlyList<KeyValuePair<string, string>> ConfigLines { get; }

        /// <summary>True when the group's board has the sensor called <paramref name="name"/>.</summary>
        public bool HasSensor(string name)
        {
            for (int i = 0; i < Sensors.Count; i++)
            {
                if (Sensors[i] == name)
                {
                    return true;
                }
            }
            return false;
        }
    }

    /// <summary>Which nodes a fault applies to (<c>faults[i].target</c>); empty selectors mean the whole fleet.</summary>
    public sealed class FaultTarget
    {
        internal FaultTarget(int[] groups, string[] devices, double fraction, int count)
        {
            Groups = groups;
            Devices = devices;
            Fraction = fraction;
            Count = count;
        }

        /// <summary>Indexes of the fleet groups selected (<c>groups</c>); empty for all.</summary>
        public IReadOnlyList<int> Groups { get; }

        /// <summary>Device ids selected (<c>devices</c>); empty for all nodes of the selected groups.</summary>
        public IReadOnlyList<string> Devices { get; }

        /// <summary>Share of the selected nodes hit, 0 to 1 (<c>fraction</c>); 1 when not given.</summary>
        public double Fraction { get; }

        /// <summary>Exact number of the selected nodes hit (<c>count</c>); 0 when not given.</summary>
        public int Count { get; }
    }

    /// <summary>One entry of a scenario's fault schedule (<c>faults[i]</c>).</summary>
    public sealed class FaultSpec
    {
        internal FaultSpec(int index, FaultKind kind, long atMs, double probability, long fromMs, long untilMs, long durationMs,
            string sensor, long offsetMs, int cutAfterBytes, long offForMs, double peakG, double tiltDeg, FaultTarget target)
        {
            Index = index;
            Kind = kind;
            AtMs = atMs;
            Probability = probability;
            FromMs = fromMs;
            UntilMs = untilMs;
            DurationMs = durationMs;
            Sensor = sensor;
            OffsetMs = offsetMs;
            CutAfterBytes = cutAfterBytes;
            OffForMs = offForMs;
            PeakG = peakG;
            TiltDeg = tiltDeg;
            Target = target;
        }

        /// <summary>Position in the faults array.</summary>
        public int Index { get; }

        /// <summary>What happens (<c>kind</c>).</summary>
        public FaultKind Kind { get; }

        /// <summary>When, ms after the scenario start (<c>at</c>); -1 for a probabilistic fault.</summary>
        public long AtMs { get; }

        /// <summary>Chance that a targeted node gets the fault once, at a random time in [<see cref="FromMs"/>, <see cref="UntilMs"/>) (<c>probability</c>); 0 for a timed fault.</summary>
        public double Probability { get; }

        /// <summary>Start of the window of a probabilistic fault, ms after the scenario start (<c>from</c>).</summary>
        public long FromMs { get; }

        /// <summary>End of the window of a probabilistic fault, ms after the scenario start (<c>until</c>).</summary>
        public long UntilMs { get; }

        /// <summary>How long the fault lasts, ms (<c>duration</c>); <see cref="long.MaxValue"/> for "until the end"; 0 for instantaneous faults.</summary>
        public long DurationMs { get; }

        /// <summary>Sensor name of sensor faults (<c>sensor</c>); empty otherwise.</summary>
        public string Sensor { get; }

        /// <summary>Clock jump, ms (<c>offset</c>, clockJump).</summary>
        public long OffsetMs { get; }

        /// <summary>Bytes of the interrupted write that reach flash (<c>cutAfterBytes</c>, powerLoss); -1 to let the plan choose per node.</summary>
        public int CutAfterBytes { get; }

        /// <summary>How long the power stays off, ms (<c>offFor</c>, powerLoss).</summary>
        public long OffForMs { get; }

        /// <summary>Shock peak, g (<c>peakG</c>, drop).</summary>
        public double PeakG { get; }

        /// <summary>Tilt after the drop, degrees (<c>tilt</c>, drop).</summary>
        public double TiltDeg { get; }

        /// <summary>Which nodes (<c>target</c>).</summary>
        public FaultTarget Target { get; }
    }
}
