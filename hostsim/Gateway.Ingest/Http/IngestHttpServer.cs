using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Gateway.Ingest.Http;

/// <summary>
/// <see cref="IngestHttpApi"/> on its own Kestrel server, listening on <see cref="IngestHttpOptions.Urls"/> (loopback by default).
/// </summary>
/// <example>
/// <code>
/// await using IngestHttpServer http = await IngestHttpServer.StartAsync(
///     IngestHttpSources.ForProcess(store, pipeline, broker, subscriber), new IngestHttpOptions { Urls = "http://127.0.0.1:8080" });
/// Console.WriteLine($"dashboard: {http.BaseAddress}");
/// </code>
/// </example>
public sealed class IngestHttpServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private int _stopped;

    private IngestHttpServer(WebApplication app, IngestHttpApi api, IReadOnlyList<Uri> addresses)
    {
        _app = app;
        Api = api;
        Addresses = addresses;
    }

    /// <summary>The endpoints served.</summary>
    public IngestHttpApi Api { get; }

    /// <summary>The addresses actually bound (with the real port where 0 was asked for).</summary>
    public IReadOnlyList<Uri> Addresses { get; }

    /// <summary>The first bound address, e.g. <c>http://127.0.0.1:8080/</c>.</summary>
    public Uri BaseAddress => Addresses[0];

    /// <summary>Builds the application, binds it and starts serving.</summary>
    /// <exception cref="ArgumentException">An option is out of range (the message names it).</exception>
    /// <exception cref="System.IO.IOException">An address cannot be bound (in use, not local).</exception>
    public static async Task<IngestHttpServer> StartAsync(IngestHttpSources sources, IngestHttpOptions? options = null, CancellationToken cancellationToken = default)
    {
        var api = new IngestHttpApi(sources, options);
        IReadOnlyList<Uri> urls = IngestHttpOptions.ParseUrls(api.Options.Urls);
        // A library inside another program: no appsettings.json, environment or command line of its own.
        WebApplicationBuilder builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            Args = Array.Empty<string>(),
            ApplicationName = typeof(IngestHttpServer).Assembly.GetName().Name,
            ContentRootPath = AppContext.BaseDirectory,
        });
        builder.Logging.ClearProviders();
        if (sources.LoggerFactory != null)
        {
            builder.Services.AddSingleton(sources.LoggerFactory);
        }
        var addresses = new List<string>(urls.Count);
        foreach (Uri url in urls)
        {
            addresses.Add(url.GetLeftPart(UriPartial.Authority));
        }
        builder.WebHost.UseUrls(addresses.ToArray());
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestHeadersTotalSize = 32 * 1024;
            kestrel.Limits.MaxRequestLineSize = 8 * 1024;
            kestrel.Limits.MaxRequestBodySize = 1024; // every endpoint is a GET
        });
        WebApplication app = builder.Build();
        api.MapEndpoints(app);
        try
        {
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await app.DisposeAsync().ConfigureAwait(false);
            throw;
        }
        var bound = new List<Uri>();
        ICollection<string>? serverAddresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses;
        foreach (string address in serverAddresses ?? (ICollection<string>)addresses)
        {
            bound.Add(new Uri(address.EndsWith('/') ? address : address + "/"));
        }
        return new IngestHttpServer(app, api, bound);
    }

    /// <summary>Stops accepting requests and waits (up to <paramref name="timeout"/>, default 5 s) for those under way.</summary>
    public async Task StopAsync(TimeSpan? timeout = null)
    {
        if (Interlocked.Exchange(ref _stopped, 1) != 0)
        {
            return;
        }
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(5));
        await _app.StopAsync(cts.Token).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }
}
