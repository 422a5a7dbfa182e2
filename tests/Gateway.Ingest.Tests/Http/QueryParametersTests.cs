using Gateway.Ingest.Http;
using Xunit;

namespace Gateway.Ingest.Tests.Http;

public class QueryParametersTests
{
    [Theory]
    [InlineData("1714564800000", 1_714_564_800_000)]
    [InlineData("0", 0)]
    [InlineData("2024-05-01T12:00:00Z", 1_714_564_800_000)]
    [InlineData("2024-05-01T12:00:00.250Z", 1_714_564_800_250)]
    [InlineData("2024-05-01T12:00Z", 1_714_564_800_000)]
    [InlineData("2024-05-01T12:00:00", 1_714_564_800_000)]           // no zone: UTC
    [InlineData("2024-05-01T20:00:00+08:00", 1_714_564_800_000)]
    [InlineData("2024-05-01T20:00:00 08:00", 1_714_564_800_000)]     // '+' decoded to a space by the query string
    [InlineData("2024-05-01T07:00:00-05:00", 1_714_564_800_000)]
    [InlineData("2024-05-01", 1_714_521_600_000)]
    public void Accepted_times_are_iso_8601_or_unix_milliseconds(string text, long expected)
    {
        Assert.True(QueryParameters.TryParseTime(text, out long unixMs, out string? problem), problem);
        Assert.Equal(expected, unixMs);
    }

    [Theory]
    [InlineData("yesterday")]
    [InlineData("01/05/2024")]
    [InlineData("2024-5-1")]
    [InlineData("2024-02-30")]
    [InlineData("2024-05-01T12:00:00+8")]
    [InlineData("1969-12-31T23:59:59Z")]
    [InlineData("-1")]
    [InlineData("1e12")]
    public void Other_times_are_refused_with_the_accepted_forms(string text)
    {
        Assert.False(QueryParameters.TryParseTime(text, out _, out string? problem));
        Assert.Contains("accepted: ISO 8601", problem);
    }

    [Theory]
    [InlineData(60_000L, "1m")]
    [InlineData(90_000L, "90s")]
    [InlineData(3_600_000L, "1h")]
    [InlineData(86_400_000L, "1d")]
    public void Steps_are_written_back_in_their_largest_whole_unit(long stepMs, string text)
    {
        Assert.Equal(text, QueryParameters.FormatStep(stepMs));
    }
}
