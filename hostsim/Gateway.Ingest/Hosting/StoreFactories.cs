using System.Threading;
using System.Threading.Tasks;
using Gateway.Ingest.Storage;
using Gateway.Ingest.Storage.Postgres;

namespace Gateway.Ingest.Hosting;

/// <summary>Opens stores other than the default SQLite file.</summary>
public static class StoreFactories
{
    /// <summary>Opens the PostgreSQL store named by <paramref name="uri"/> (<c>postgres://user@host:port/database</c>); errors name the wrong part.</summary>
    public static async Task<IReadingStore> OpenPostgresAsync(string uri, CancellationToken cancellationToken) =>
        await PostgresReadingStore.OpenAsync(uri, null, cancellationToken).ConfigureAwait(false);
}
