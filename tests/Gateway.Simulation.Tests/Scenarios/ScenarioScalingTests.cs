using System.Collections.Generic;
using System.Linq;
using Gateway.Simulation.Devices;
using Gateway.Simulation.Scenarios;
using Gateway.Simulation.Tests.Fakes;
using Xunit;

namespace Gateway.Simulation.Tests.Scenarios
{
    public sealed class ScenarioScalingTests
    {
        private static Scenario Default() => new ScenarioCatalog(RepositoryPaths.Seeds).LoadDefault();

        [Theory]
        [InlineData(1)]
        [InlineData(7)]
        [InlineData(200)]
        [InlineData(2000)]
        public void Scaled_fleet_has_exactly_the_requested_nodes_with_unique_ids(int nodes)
        {
            var scenario = Default().WithNodeCount(nodes);
            Assert.Equal(nodes, scenario.NodeCount);
            Assert.Equal(nodes, scenario.Groups.Sum(g => g.Count));
            var factory = new VirtualDeviceFactory(scenario);
            var ids = new HashSet<string>(Enumerable.Range(0, nodes).Select(factory.DeviceId));
            Assert.Equal(nodes, ids.Count);
        }

        [Fact]
        public void Scaled_fleet_keeps_every_group_and_its_share()
        {
            var original = Default();
            var scaled = original.WithNodeCount(original.NodeCount * 5);
            Assert.Equal(original.Groups.Count, scaled.Groups.Count);
            for (int g = 0; g < original.Groups.Count; g++)
            {
                Assert.InRange(scaled.Groups[g].Count, original.Groups[g].Count * 5 - 1, original.Groups[g].Count * 5 + 1);
                Assert.Equal(original.Groups[g].Kind, scaled.Groups[g].Kind);
            }
        }

        [Fact]
        public void Moved_start_moves_the_pollution_episodes_with_it()
        {
            var original = Default();
            long now = 1_795_000_000_000;
            var moved = original.WithStart(now);
            Assert.Equal(now, moved.StartUnixMs);
            Assert.Equal(original.Episodes.Count, moved.Episodes.Count);
            for (int e = 0; e < original.Episodes.Count; e++)
            {
                Assert.Equal(original.Episodes[e].StartUnixMs - original.StartUnixMs, moved.Episodes[e].StartUnixMs - now);
            }
        }

        [Fact]
        public void Node_count_out_of_range_names_the_option()
        {
            var e = Assert.Throws<System.ArgumentOutOfRangeException>(() => Default().WithNodeCount(0));
            Assert.Contains("devices", e.Message);
        }
    }
}
