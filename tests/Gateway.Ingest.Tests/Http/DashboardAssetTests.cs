using System.Linq;
using System.Net;
using System.Net.Http;
using System.Text.RegularExpressions;
using System.Threading.Tasks;
using Xunit;

namespace Gateway.Ingest.Tests.Http;

public class DashboardAssetTests : IClassFixture<HttpApiFixture>
{
    private readonly HttpApiFixture _api;

    public DashboardAssetTests(HttpApiFixture api)
    {
        _api = api;
    }

    [Fact]
    public async Task Root_serves_the_dashboard_page_with_a_same_origin_content_security_policy()
    {
        using HttpResponseMessage response = await _api.Client.GetAsync("/");
        string html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html; charset=utf-8", response.Content.Headers.ContentType?.ToString());
        string policy = response.Headers.GetValues("Content-Security-Policy").Single();
        Assert.Contains("script-src 'self'", policy);
        Assert.Contains("connect-src 'self'", policy);
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Contains("data-testid=\"device-list\"", html);
        Assert.Contains("data-testid=\"alarm-list\"", html);
    }

    [Fact]
    public async Task The_page_loads_nothing_from_another_origin()
    {
        string html = await _api.Client.GetStringAsync("/");

        string[] references = Regex.Matches(html, "(?:src|href)=\"([^\"]*)\"").Select(m => m.Groups[1].Value).ToArray();

        Assert.NotEmpty(references);
        Assert.All(references, reference => Assert.StartsWith("/", reference));
        Assert.DoesNotContain("//", string.Join(" ", references));
    }

    [Theory]
    [InlineData("/assets/app.js", "text/javascript; charset=utf-8", "setInterval(refresh, REFRESH_MS)")]
    [InlineData("/assets/app.css", "text/css; charset=utf-8", ".state-alarm")]
    [InlineData("/assets/favicon.svg", "image/svg+xml", "<svg")]
    public async Task Embedded_assets_are_served_with_their_content_type(string path, string contentType, string content)
    {
        using HttpResponseMessage response = await _api.Client.GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(contentType, response.Content.Headers.ContentType?.ToString());
        Assert.Contains(content, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task An_unchanged_asset_is_answered_304_from_its_etag()
    {
        using HttpResponseMessage first = await _api.Client.GetAsync("/assets/app.js");
        string etag = first.Headers.ETag!.Tag;
        using var again = new HttpRequestMessage(HttpMethod.Get, "/assets/app.js");
        again.Headers.TryAddWithoutValidation("If-None-Match", etag);

        using HttpResponseMessage second = await _api.Client.SendAsync(again);

        Assert.Equal(HttpStatusCode.NotModified, second.StatusCode);
    }

    [Theory]
    [InlineData("/assets/missing.js")]
    [InlineData("/assets/..%2Fapp.js")]
    public async Task Unknown_asset_is_404(string path)
    {
        using HttpResponseMessage response = await _api.Client.GetAsync(path);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }
}
