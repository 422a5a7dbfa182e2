using System;
using System.Collections.Generic;
using System.IO;
using System.Reflection;
using System.Security.Cryptography;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;

namespace Gateway.Ingest.Http;

/// <summary>
/// The dashboard's files (Http/Dashboard/*), embedded in this assembly as resources named
/// <c>Gateway.Ingest.Http.Dashboard.{file}</c> (see the csproj) and served from memory with their content type, an ETag and
/// a content security policy that allows only this origin: no CDN, no inline script, nothing fetched from elsewhere.
/// </summary>
internal sealed class DashboardAssets
{
    public const string ResourcePrefix = "Gateway.Ingest.Http.Dashboard.";

    private const string SecurityPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    private static readonly Dictionary<string, string> s_contentTypes = new(StringComparer.OrdinalIgnoreCase)
    {
        [".html"] = "text/html; charset=utf-8",
        [".js"] = "text/javascript; charset=utf-8",
        [".css"] = "text/css; charset=utf-8",
        [".svg"] = "image/svg+xml",
        [".ico"] = "image/x-icon",
    };

    private static readonly Lazy<DashboardAssets> s_instance = new(() => new DashboardAssets(typeof(DashboardAssets).Assembly));

    private readonly Dictionary<string, Asset> _files = new(StringComparer.Ordinal);

    private sealed record Asset(byte[] Content, string ContentType, string ETag);

    private DashboardAssets(Assembly assembly)
    {
        foreach (string resource in assembly.GetManifestResourceNames())
        {
            if (!resource.StartsWith(ResourcePrefix, StringComparison.Ordinal))
            {
                continue;
            }
            string file = resource.Substring(ResourcePrefix.Length);
            if (!s_contentTypes.TryGetValue(Path.GetExtension(file), out string? type))
            {
                continue;
            }
            using Stream stream = assembly.GetManifestResourceStream(resource)!;
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            byte[] content = copy.ToArray();
            string etag = "\"" + Convert.ToHexString(SHA256.HashData(content), 0, 8).ToLowerInvariant() + "\"";
            _files[file] = new Asset(content, type, etag);
        }
        if (!_files.ContainsKey("index.html"))
        {
            throw new InvalidOperationException($"the dashboard is missing from {assembly.GetName().Name}: no embedded resource {ResourcePrefix}index.html (see Http/Dashboard and the csproj)");
        }
    }

    /// <summary>Names of the files served.</summary>
    public IReadOnlyCollection<string> Files => _files.Keys;

    /// <summary>The assets of this assembly (loaded once).</summary>
    public static DashboardAssets Load() => s_instance.Value;

    /// <summary>Serves <paramref name="file"/>, 304 when the client has it, 404 when there is no such file.</summary>
    public async Task ServeAsync(HttpContext ctx, string file)
    {
        // Query strings are ignored here (a cache-busting ?v=2 or a tracking parameter must not break the page).
        HttpResponse response = ctx.Response;
        if (!_files.TryGetValue(file, out Asset? asset))
        {
            response.StatusCode = 404;
            response.ContentType = "text/plain; charset=utf-8";
            await response.WriteAsync($"no dashboard file {QueryParameters.Quote(file)}; the dashboard is at /", ctx.RequestAborted).ConfigureAwait(false);
            return;
        }
        response.Headers.ContentSecurityPolicy = SecurityPolicy;
        response.Headers["Referrer-Policy"] = "no-referrer";
        response.Headers.XFrameOptions = "DENY";
        response.Headers.ETag = asset.ETag;
        response.Headers.CacheControl = "no-cache";
        if (ctx.Request.Headers.IfNoneMatch.ToString() == asset.ETag)
        {
            response.StatusCode = 304;
            return;
        }
        response.StatusCode = 200;
        response.ContentType = asset.ContentType;
        response.ContentLength = asset.Content.Length;
        await response.Body.WriteAsync(asset.Content, ctx.RequestAborted).ConfigureAwait(false);
    }
}
