using System;
using System.Collections.Generic;
using Gateway.Firmware.Core.Config;
using Gateway.Simulation.Randomness;

namespace Gateway.Simulation.Scenarios
{
    /// <summary>One fault that happens to one node (or to the whole fleet: a broker restart) at one time.</summary>
    public sealed class FaultEvent
    {
        internal FaultEvent(FaultSpec spec, int nodeIndex, long atMs, int cutAfterBytes)
        {
            Spec = spec;
            NodeIndex = nodeIndex;
            AtMs = atMs;
            CutAfterBytes = cutAfterBytes;
        }

        /// <summary>The schedule entry it comes from.</summary>
        public FaultSpec Spec { get; }

        /// <summary>What happens.</summary>
        public FaultKind Kind => Spec.Kind;

        /// <summary>The node it happens to; -1 for a fleet-wide fault.</summary>
        public int NodeIndex { get; }

        /// <summary>When, ms after the scenario start.</summary>
        public long AtMs { get; }

        /// <summary>How long it lasts, ms (<see cref="long.MaxValue"/>: until the end; 0: instantaneous).</summary>
        public long DurationMs => Spec.DurationMs;

        /// <summary>Sensor of a sensor fault.</summary>
        public string Sensor => Spec.Sensor;

        /// <summary>Clock jump, ms.</summary>
        public long OffsetMs => Spec.OffsetMs;

        /// <summary>Power loss: bytes of the interrupted flash write that are stored (chosen per node when the file leaves it open).</summary>
        public int CutAfterBytes { get; }

        /// <summary>Power loss: how long the node stays off, ms.</summary>
        public long OffForMs => Spec.OffForMs;

        /// <summary>Drop: shock peak, g.</summary>
        public double PeakG => Spec.PeakG;

        /// <summary>Drop: tilt afterwards, degrees.</summary>
        public double TiltDeg => Spec.TiltDeg;

        /// <summary>True for faults the runtime carries out (power loss, broker restart) rather than the virtual device.</summary>
        public bool IsRuntimeFault => FaultKinds.IsRuntimeFault(Kind);

        /// <inheritdoc />
        public override string ToString() =>
            FaultKinds.NameOf(Kind) + " at " + DurationText.Format(AtMs) + (NodeIndex >= 0 ? " on node " + NodeIndex : " (fleet)");
    }

    /// <summary>
    /// The scenario's fault schedule turned into concrete events: which nodes each entry hits (a deterministic choice
    /// from the seed for <c>fraction</c> and <c>count</c>), and when (fixed <c>at</c>, or a seeded random time for
    /// <c>probability</c>). Nodes that lack the named sensor, or are not trackers for truck faults, are skipped.
    /// Built once per run; thread-safe to read.
    /// </summary>
    public sealed class FaultPlan
    {
        private static readonly FaultEvent[] s_none = Array.Empty<FaultEvent>();

        private readonly Dictionary<int, FaultEvent[]> _byNode = new Dictionary<int, FaultEvent[]>();
        private readonly FaultEvent[] _fleet;

        /// <summary>Plans the faults of <paramref name="scenario"/>.</summary>
        public FaultPlan(Scenario scenario, FleetLayout layout)
        {
            if (scenario == null)
            {
                throw new ArgumentNullException(nameof(scenario));
            }
            if (layout == null)
            {
                throw new ArgumentNullException(nameof(layout));
            }
            Dictionary<int, List<FaultEvent>> byNode = new Dictionary<int, List<FaultEvent>>();
            List<FaultEvent> fleet = new List<FaultEvent>();
            for (int f = 0; f < scenario.Faults.Count; f++)
            {
                FaultSpec spec = scenario.Faults[f];
                if (spec.Kind == FaultKind.BrokerRestart)
                {
                    fleet.Add(new FaultEvent(spec, -1, spec.AtMs, -1));
                    continue;
                }
                int[] chosen = Choose(scenario, layout, spec);
                for (int i = 0; i < chosen.Length; i++)
                {
                    int node = chosen[i];
                    SimRandom random = new SimRandom(scenario.Seed, StableHash.Mix(0xFA017UL, (ulong)f), (ulong)node);
                    long at = spec.AtMs;
                    if (at < 0)
                    {
                        if (!random.Chance(spec.Probability))
                        {
                            continue;
                        }
                        at = spec.FromMs + (long)(random.NextDouble() * (spec.UntilMs - spec.FromMs));
                    }
                    // A power cut lands inside a reading frame (34 bytes) unless the file fixes the byte.
                    int cut = spec.CutAfterBytes >= 0 ? spec.CutAfterBytes : random.NextInt(34);
                    List<FaultEvent>? list;
                    if (!byNode.TryGetValue(node, out list))
                    {
                        list = new List<FaultEvent>();
                        byNode.Add(node, list);
                    }
                    list.Add(new FaultEvent(spec, node, at, cut));
                }
            }
            foreach (KeyValuePair<int, List<FaultEvent>> entry in byNode)
            {
                FaultEvent[] events = entry.Value.ToArray();
                Array.Sort(events, CompareByTime);
                _byNode.Add(entry.Key, events);
            }
            _fleet = fleet.ToArray();
            Array.Sort(_fleet, CompareByTime);
        }

        /// <summary>Fleet-wide events (broker restarts), by time.</summary>
        public IReadOnlyList<FaultEvent> FleetEvents => _fleet;

        /// <summary>Number of nodes with at least one fault.</summary>
        public int NodesWithFaults => _byNode.Count;

        /// <summary>Events of node <paramref name="nodeIndex"/>, by time (empty when none).</summary>
        public IReadOnlyList<FaultEvent> EventsFor(int nodeIndex)
        {
            FaultEvent[]? events;
            return _byNode.TryGetValue(nodeIndex, out events) ? events : s_none;
        }

        private static int CompareByTime(FaultEvent a, FaultEvent b)
        {
            int byTime = a.AtMs.CompareTo(b.AtMs);
            return byTime != 0 ? byTime : a.Spec.Index.CompareTo(b.Spec.Index);
        }

        private static int[] Choose(Scenario scenario, FleetLayout layout, FaultSpec spec)
        {
            List<int> candidates = new List<int>();
            FaultTarget target = spec.Target;
            if (target.Devices.Count > 0)
            {
                for (int i = 0; i < target.Devices.Count; i++)
                {
                    int node = layout.IndexOf(target.Devices[i]);
                    if (node >= 0 && Applies(spec, scenario.GroupOf(node)))
                    {
                        candidates.Add(node);
                    }
                }
            }
            else
            {
                for (int g = 0; g < scenario.Groups.Count; g++)
                {
                    FleetGroup group = scenario.Groups[g];
                    bool selected = target.Groups.Count == 0;
                    for (int i = 0; i < target.Groups.Count && !selected; i++)
                    {
                        selected = target.Groups[i] == g;
                    }
                    if (!selected || !Applies(spec, group))
                    {
                        continue;
                    }
                    for (int i = 0; i < group.Count; i++)
                    {
                        candidates.Add(group.FirstNodeIndex + i);
                    }
                }
            }
            int take = candidates.Count;
            if (target.Count > 0)
            {
                take = Math.Min(target.Count, candidates.Count);
            }
            else if (target.Fraction < 1)
            {
                take = (int)Math.Round(target.Fraction * candidates.Count);
            }
            if (take == candidates.Count)
            {
                return candidates.ToArray();
            }
            // Partial Fisher–Yates shuffle with the fault's own generator: the same nodes for the same seed.
            SimRandom random = new SimRandom(scenario.Seed, StableHash.Mix(0x5E1EC7UL, (ulong)spec.Index), 0);
            int[] pool = candidates.ToArray();
            for (int i = 0; i < take; i++)
            {
                int j = i + random.NextInt(pool.Length - i);
                int swap = pool[i];
                pool[i] = pool[j];
                pool[j] = swap;
            }
            int[] chosen = new int[take];
            Array.Copy(pool, chosen, take);
            Array.Sort(chosen);
            return chosen;
        }

        private static bool Applies(FaultSpec spec, FleetGroup group)
        {
            if (FaultKinds.IsSensorFault(spec.Kind))
            {
                return group.HasSensor(spec.Sensor);
            }
            if (FaultKinds.IsLogisticsOnly(spec.Kind))
            {
                return group.Kind == DeviceKind.Logistics;
            }
            return true;
        }
    }
}
