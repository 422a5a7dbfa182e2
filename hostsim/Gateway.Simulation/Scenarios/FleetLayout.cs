using System;
using System.Collections.Generic;
using System.Globalization;
using Gateway.Firmware.Core.Config;

namespace Gateway.Simulation.Scenarios
{
    /// <summary>Where one node sits in the fleet.</summary>
    public readonly struct NodeAddress
    {
        /// <summary>Creates an address.</summary>
        public NodeAddress(int nodeIndex, FleetGroup group, int indexInGroup, int placeIndex, int number)
        {
            NodeIndex = nodeIndex;
            Group = group;
            IndexInGroup = indexInGroup;
            PlaceIndex = placeIndex;
            Number = number;
        }

        /// <summary>Index over the whole fleet, 0-based.</summary>
        public int NodeIndex { get; }

        /// <summary>The node's group.</summary>
        public FleetGroup Group { get; }

        /// <summary>Index within the group, 0-based.</summary>
        public int IndexInGroup { get; }

        /// <summary>Index into the group's cities (environmental) or routes (logistics): nodes are spread round-robin.</summary>
        public int PlaceIndex { get; }

        /// <summary>The number in the device id (1-based, per prefix and city across the fleet).</summary>
        public int Number { get; }
    }

    /// <summary>
    /// Device ids and places of every node of a fleet. Environmental nodes are named <c>{prefix}-{city}-{nnnn}</c>
    /// (<c>env-sjz-0001</c>), trackers <c>{prefix}-{nnnn}</c> (<c>trk-0001</c>); numbers count per prefix and city across all
    /// groups in file order, so two groups never produce the same id. Nodes of a group are spread over its cities or
    /// routes round-robin.
    /// </summary>
    public sealed class FleetLayout
    {
        private readonly IReadOnlyList<FleetGroup> _groups;
        private readonly int[][] _numberOffsets;
        private readonly int _nodeCount;
        private Dictionary<string, int>? _byId;

        /// <summary>Lays out the given groups.</summary>
        public FleetLayout(IReadOnlyList<FleetGroup> groups)
        {
            _groups = groups ?? throw new ArgumentNullException(nameof(groups));
            _numberOffsets = new int[groups.Count][];
            Dictionary<string, int> used = new Dictionary<string, int>(StringComparer.Ordinal);
            for (int g = 0; g < groups.Count; g++)
            {
                FleetGroup group = groups[g];
                _nodeCount += group.Count;
                int places = PlaceCount(group);
                _numberOffsets[g] = new int[places];
                for (int p = 0; p < places; p++)
                {
                    string key = Key(group, p);
                    int before;
                    used.TryGetValue(key, out before);
                    _numberOffsets[g][p] = before;
                    // Nodes p, p + places, p + 2·places ... of the group land on place p.
                    int here = (group.Count - p + places - 1) / places;
                    used[key] = before + here;
                }
            }
        }

        /// <summary>Number of nodes.</summary>
        public int NodeCount => _nodeCount;

        /// <summary>Where node <paramref name="nodeIndex"/> sits.</summary>
        /// <exception cref="ArgumentOutOfRangeException">When the index is outside the fleet.</exception>
        public NodeAddress Locate(int nodeIndex)
        {
            if (nodeIndex < 0 || nodeIndex >= _nodeCount)
            {
                throw new ArgumentOutOfRangeException(nameof(nodeIndex), nodeIndex, "node index must be from 0 to " + (_nodeCount - 1));
            }
            int g = _groups.Count - 1;
            while (g > 0 && nodeIndex < _groups[g].FirstNodeIndex)
            {
                g--;
            }
            FleetGroup group = _groups[g];
            int inGroup = nodeIndex - group.FirstNodeIndex;
            int places = PlaceCount(group);
            int place = inGroup % places;
            int number = _numberOffsets[g][place] + inGroup / places + 1;
            return new NodeAddress(nodeIndex, group, inGroup, place, number);
        }

        /// <summary>Device id of node <paramref name="nodeIndex"/>.</summary>
        public string DeviceId(int nodeIndex)
        {
            NodeAddress address = Locate(nodeIndex);
            FleetGroup group = address.Group;
            string number = address.Number.ToString("0000", CultureInfo.InvariantCulture);
            if (group.Kind == DeviceKind.Environmental)
            {
                return group.Prefix + "-" + group.Cities[address.PlaceIndex].Id + "-" + number;
            }
            return group.Prefix + "-" + number;
        }

        /// <summary>Index of the node with device id <paramref name="deviceId"/>, or -1.</summary>
        public int IndexOf(string deviceId)
        {
            if (_byId == null)
            {
                Dictionary<string, int> byId = new Dictionary<string, int>(_nodeCount, StringComparer.Ordinal);
                for (int i = 0; i < _nodeCount; i++)
                {
                    byId[DeviceId(i)] = i;
                }
                _byId = byId;
            }
            int index;
            return deviceId != null && _byId.TryGetValue(deviceId, out index) ? index : -1;
        }

        private static int PlaceCount(FleetGroup group)
        {
            int places = group.Kind == DeviceKind.Environmental ? group.Cities.Count : group.Routes.Count;
            return places < 1 ? 1 : places;
        }

        private static string Key(FleetGroup group, int place)
        {
            return group.Kind == DeviceKind.Environmental ? "e:" + group.Prefix + "-" + group.Cities[place].Id : "l:" + group.Prefix;
        }
    }
}
