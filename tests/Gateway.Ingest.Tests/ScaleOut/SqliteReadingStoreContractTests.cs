using System;
using System.Threading.Tasks;
using Gateway.Ingest.Storage;
using Gateway.Ingest.Tests.Storage.Fakes;

namespace Gateway.Ingest.Tests.ScaleOut;

/// <summary>The store contract on the default store: a SQLite file per test.</summary>
public sealed class SqliteReadingStoreContractTests : ReadingStoreContract
{
    private readonly TempDatabase _database = new();

    public override Task InitializeAsync() => Task.CompletedTask;

    public override async Task DisposeAsync() => await _database.DisposeAsync();

    protected override async Task<SqlReadingStore> OpenAsync(TimeProvider? time = null) => await _database.OpenAsync(time);

    protected override SqlReadingStore CreateUninitialized() => new SqliteReadingStore(_database.Path);
}
