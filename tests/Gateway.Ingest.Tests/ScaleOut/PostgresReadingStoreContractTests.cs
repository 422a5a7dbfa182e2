using System;
using System.Threading.Tasks;
using Gateway.Ingest.Storage;
using Gateway.Ingest.Storage.Postgres;
using Gateway.Ingest.Tests.Fixtures;
using Xunit;

namespace Gateway.Ingest.Tests.ScaleOut;

/// <summary>The store contract on PostgreSQL: a fresh database per test on the collection's throwaway server.</summary>
[Collection(PostgresCollection.Name)]
[NeedsServices(ExternalService.PostgreSql)]
public sealed class PostgresReadingStoreContractTests : ReadingStoreContract
{
    private readonly PostgresFixture _server;
    private string? _url;

    public PostgresReadingStoreContractTests(PostgresFixture server)
    {
        _server = server;
    }

    private string Url => _url ?? throw new InvalidOperationException("the test database was not created");

    public override async Task InitializeAsync() => _url = await _server.CreateDatabaseAsync("contract");

    public override Task DisposeAsync() => Task.CompletedTask; // the whole server folder goes with the fixture

    protected override async Task<SqlReadingStore> OpenAsync(TimeProvider? time = null) => await PostgresReadingStore.OpenAsync(Url, time);

    protected override SqlReadingStore CreateUninitialized() => new PostgresReadingStore(Url);
}
