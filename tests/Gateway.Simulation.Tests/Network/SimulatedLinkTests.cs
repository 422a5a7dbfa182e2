using System;
using Gateway.Simulation.Network;
using Gateway.Simulation.Time;
using Xunit;

namespace Gateway.Simulation.Tests.Network
{
    public class SimulatedLinkTests
    {
        private const long Start = 1705276800000;

        [Fact]
        public void Link_comes_up_a_moment_after_the_node_asks()
        {
            VirtualClock clock = new VirtualClock(Start, false);
            SimulatedLink link = new SimulatedLink(clock, 1, -60, 1500);
            Assert.False(link.IsUp);
            Assert.Equal(0, link.RssiDbm);

            link.RequestConnect();
            clock.Advance(1499);
            Assert.False(link.IsUp);
            clock.Advance(1);
            Assert.True(link.IsUp);
            Assert.InRange(link.RssiDbm, -70, -50);
            Assert.Equal(1, link.Connects);
        }

        [Fact]
        public void A_drop_holds_the_link_down_and_requests_during_it_are_ignored()
        {
            VirtualClock clock = new VirtualClock(Start, false);
            SimulatedLink link = new SimulatedLink(clock, 1, -60, 0);
            link.RequestConnect();
            Assert.True(link.IsUp);

            int wentDown = 0;
            link.WentDown += () => wentDown++;
            link.DropFor(60000);
            Assert.False(link.IsUp);
            Assert.Equal(1, wentDown);
            link.RequestConnect();
            clock.Advance(59999);
            Assert.False(link.IsUp);
            clock.Advance(1);
            Assert.False(link.IsUp);
            link.RequestConnect();
            Assert.True(link.IsUp);
            Assert.Equal(1, link.Drops);
        }

        [Fact]
        public void No_coverage_no_link()
        {
            VirtualClock clock = new VirtualClock(Start, false);
            SimulatedLink link = new SimulatedLink(clock, 1, -90, 0);
            link.RequestConnect();
            link.SetCoverage(false);
            Assert.False(link.IsUp);
            link.RequestConnect();
            Assert.False(link.IsUp);
            link.SetCoverage(true);
            link.RequestConnect();
            Assert.True(link.IsUp);
        }

        [Fact]
        public void Out_of_range_settings_are_refused_by_name()
        {
            VirtualClock clock = new VirtualClock(Start, false);
            Assert.Contains("baseRssiDbm", Assert.Throws<ArgumentOutOfRangeException>(() => new SimulatedLink(clock, 1, -10, 0)).Message);
            Assert.Contains("connectDelayMs", Assert.Throws<ArgumentOutOfRangeException>(() => new SimulatedLink(clock, 1, -60, -1)).Message);
        }
    }
}
