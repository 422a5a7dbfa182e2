using System;
using Gateway.HostSim.Cli;
using Xunit;

namespace Gateway.HostSim.Tests.Cli;

public sealed class DurationTextTests
{
    [Theory]
    [InlineData("500ms", 500)]
    [InlineData("30s", 30_000)]
    [InlineData("10m", 600_000)]
    [InlineData("2h", 7_200_000)]
    [InlineData("1d", 86_400_000)]
    public void Accepts_a_whole_number_with_a_unit(string text, long ms)
    {
        Assert.True(DurationText.TryParse(text, out var duration, out _));
        Assert.Equal(TimeSpan.FromMilliseconds(ms), duration);
    }

    [Theory]
    [InlineData("")]
    [InlineData("30")]
    [InlineData("1.5h")]
    [InlineData("-5s")]
    [InlineData("10 minutes")]
    [InlineData("9999999999999999999s")]
    public void Rejects_anything_else_saying_what_is_accepted(string text)
    {
        Assert.False(DurationText.TryParse(text, out _, out var error));
        Assert.Contains("ms, s, m, h or d", error);
    }
}
