using Gateway.Simulation.Scenarios;
using Xunit;

namespace Gateway.Simulation.Tests.Scenarios
{
    public class DurationTextTests
    {
        [Theory]
        [InlineData("90s", 90000)]
        [InlineData("15m", 900000)]
        [InlineData("1h30m", 5400000)]
        [InlineData("30m1h", 5400000)]
        [InlineData("2d", 172800000)]
        [InlineData("0s", 0)]
        public void Durations_are_whole_numbers_with_units(string text, long expectedMs)
        {
            Assert.True(DurationText.TryParse(text, false, out long ms));
            Assert.Equal(expectedMs, ms);
        }

        [Theory]
        [InlineData("1.5h")]
        [InlineData("90")]
        [InlineData("h")]
        [InlineData("1h1h")]
        [InlineData("5x")]
        [InlineData("-2h")]
        [InlineData("")]
        [InlineData("1 h")]
        public void Anything_else_is_not_a_duration(string text)
        {
            Assert.False(DurationText.TryParse(text, false, out _));
        }

        [Fact]
        public void Negative_durations_only_where_allowed_and_formatting_round_trips()
        {
            Assert.True(DurationText.TryParse("-2h", true, out long ms));
            Assert.Equal(-7200000, ms);
            Assert.Equal("-2h", DurationText.Format(ms));
            Assert.Equal("1d2h3m4s", DurationText.Format(((24 + 2) * 3600 + 3 * 60 + 4) * 1000L));
            Assert.Equal("0s", DurationText.Format(0));
        }
    }
}
