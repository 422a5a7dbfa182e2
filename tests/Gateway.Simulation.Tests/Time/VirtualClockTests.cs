using System;
using Gateway.Simulation.Time;
using Xunit;

namespace Gateway.Simulation.Tests.Time
{
    public class VirtualClockTests
    {
        private const long Start = 1705276800000; // 2024-01-15T00:00:00Z

        [Fact]
        public void Wall_clock_is_unknown_until_the_time_is_known()
        {
            VirtualClock clock = new VirtualClock(Start, false);
            clock.Advance(5000);

            Assert.False(clock.TryGetUnixTimeMs(out _));
            clock.TimeKnown = true;
            Assert.True(clock.TryGetUnixTimeMs(out long wall));
            Assert.Equal(Start + 5000, wall);
            Assert.Equal(5000, clock.MonotonicMs);
        }

        [Fact]
        public void Monotonic_time_never_goes_backwards()
        {
            VirtualClock clock = new VirtualClock(Start, true);
            clock.SetMonotonicMs(10000);

            ArgumentOutOfRangeException e = Assert.Throws<ArgumentOutOfRangeException>(() => clock.SetMonotonicMs(9999));
            Assert.Contains("must not go backwards", e.Message);
            Assert.Throws<ArgumentOutOfRangeException>(() => clock.Advance(-1));
            Assert.Equal(10000, clock.MonotonicMs);
        }

        [Fact]
        public void Clock_jump_moves_the_wall_clock_but_not_the_true_time()
        {
            VirtualClock clock = new VirtualClock(Start, true);
            clock.SetTrueUnixTimeMs(Start + 3600000);

            clock.SetWallOffset(-7200000);

            Assert.Equal(Start + 3600000, clock.TrueUnixTimeMs);
            Assert.True(clock.TryGetUnixTimeMs(out long wall));
            Assert.Equal(Start - 3600000, wall);
            Assert.Equal(1, clock.WallJumps);
            clock.Advance(1000);
            Assert.True(clock.TryGetUnixTimeMs(out wall));
            Assert.Equal(Start - 3600000 + 1000, wall);
        }
    }
}
