using System;
using System.Threading;
using System.Threading.Tasks;
using Gateway.Ingest.Storage;

namespace Gateway.Ingest.Hosting;

/// <summary>Opens stores other than the default SQLite file.</summary>
public static class StoreFactories
{
    /// <summary>Opens the PostgreSQL store named by <paramref name="uri"/> (<c>postgres://user@host:port/database</c>).</summary>
    public static Task<IReadingStore> OpenPostgresAsync(string uri, CancellationToken cancellationToken)
    {
        throw new ArgumentException($"store '{uri}': PostgreSQL support is being added; use sqlite:PATH for now");
    }
}
