using System;
using System.Linq;
using System.Threading.Tasks;
using Gateway.Ingest.Storage.Postgres;
using Gateway.Ingest.Tests.Fixtures;
using Npgsql;
using Xunit;

namespace Gateway.Ingest.Tests.ScaleOut;

/// <summary>What only the PostgreSQL store has: its URL, and several instances on one database.</summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresReadingStoreTests
{
    private readonly PostgresFixture _server;

    public PostgresReadingStoreTests(PostgresFixture server)
    {
        _server = server;
    }

    [Fact]
    public void Store_url_is_parsed_into_host_port_user_password_database_and_options()
    {
        NpgsqlConnectionStringBuilder full = PostgresConnectionString.Parse(
            "postgresql://ingest:s%40cret@db.example.org:6432/city_air?sslmode=verify-full&connect_timeout=5&application_name=ingest-2");
        NpgsqlConnectionStringBuilder minimal = PostgresConnectionString.Parse("postgres://postgres@127.0.0.1/gateway");
        NpgsqlConnectionStringBuilder v6 = PostgresConnectionString.Parse("postgres://u@[::1]:5433/d%20b");

        Assert.Equal(("db.example.org", 6432, "ingest", "s@cret", "city_air"), (full.Host, full.Port, full.Username, full.Password, full.Database));
        Assert.Equal((SslMode.VerifyFull, 5, "ingest-2"), (full.SslMode, full.Timeout, full.ApplicationName));
        Assert.Equal(("127.0.0.1", 5432, "postgres", null, "gateway"), (minimal.Host, minimal.Port, minimal.Username, minimal.Password, minimal.Database));
        Assert.Equal(("::1", 5433, "d b"), (v6.Host, v6.Port, v6.Database));
        Assert.Equal("postgres://ingest@db.example.org:6432/city_air", PostgresConnectionString.Describe(full));
        Assert.Equal("postgres://u@[::1]:5433/d%20b", PostgresConnectionString.Describe(v6));
    }

    [Theory]
    [InlineData("", "empty")]
    [InlineData("Host=localhost;Database=x", "not a URL")]
    [InlineData("mysql://u@h/db", "scheme 'mysql'")]
    [InlineData("postgres://u@localhost:5432", "database is missing")]
    [InlineData("postgres://u@localhost:5432/", "database is empty")]
    [InlineData("postgres://localhost:5432/db", "user is missing")]
    [InlineData("postgres://:pw@localhost/db", "user is empty")]
    [InlineData("postgres://u@:5432/db", "host is missing")]
    [InlineData("postgres://u@bad_host!/db", "host 'bad_host!'")]
    [InlineData("postgres://u@::1:5432/db", "IPv6 address goes in brackets")]
    [InlineData("postgres://u@[::1/db", "not closed")]
    [InlineData("postgres://u@localhost:port/db", "port 'port'")]
    [InlineData("postgres://u@localhost:70000/db", "port '70000'")]
    [InlineData("postgres://u@localhost/a/b", "single path segment")]
    [InlineData("postgres://u@localhost/db?sslmode=sometimes", "sslmode 'sometimes'")]
    [InlineData("postgres://u@localhost/db?connect_timeout=0", "connect_timeout '0'")]
    [InlineData("postgres://u@localhost/db?colour=blue", "option 'colour'")]
    public void Bad_store_urls_are_refused_naming_the_wrong_part_and_the_accepted_form(string url, string expected)
    {
        var e = Assert.Throws<ArgumentException>(() => new PostgresReadingStore(url));

        Assert.Contains(expected, e.Message);
        Assert.Contains(PostgresConnectionString.Form, e.Message);
        Assert.Equal("connectionString", e.ParamName);
    }

    [Fact]
    public void A_password_is_never_repeated_in_an_error()
    {
        var e = Assert.Throws<ArgumentException>(() => PostgresConnectionString.Parse("postgres://ingest:hunter2@localhost:99999/db"));

        Assert.Contains("port '99999'", e.Message);
        Assert.DoesNotContain("hunter2", e.Message);
        Assert.Contains("ingest:***@localhost", e.Message);
    }

    [Fact]
    public void Only_postgres_urls_select_this_store()
    {
        Assert.True(PostgresConnectionString.IsPostgresUrl("postgres://u@h/d"));
        Assert.True(PostgresConnectionString.IsPostgresUrl("PostgreSQL://u@h/d"));
        Assert.False(PostgresConnectionString.IsPostgresUrl("state/ingest.db"));
        Assert.False(PostgresConnectionString.IsPostgresUrl(null));
    }

    [Fact]
    public async Task An_unreachable_server_fails_with_an_error_naming_its_address()
    {
        int closed = ProcessRunner.FreeLoopbackPort();

        var e = await Assert.ThrowsAnyAsync<NpgsqlException>(() => PostgresReadingStore.OpenAsync($"postgres://postgres@127.0.0.1:{closed}/gateway?connect_timeout=2"));

        Assert.Contains($"127.0.0.1:{closed}", e.Message);
    }

    [ServiceFact(ExternalService.PostgreSql)]
    public async Task A_missing_database_is_reported_by_name()
    {
        await _server.StartAsync();

        var e = await Assert.ThrowsAsync<PostgresException>(() => PostgresReadingStore.OpenAsync(_server.Url("no_such_database")));

        Assert.Contains("no_such_database", e.Message);
        Assert.Equal(PostgresErrorCodes.InvalidCatalogName, e.SqlState);
    }

    [ServiceFact(ExternalService.PostgreSql)]
    public async Task Instances_starting_together_on_an_empty_database_create_the_schema_once()
    {
        string url = await _server.CreateDatabaseAsync("startup");

        PostgresReadingStore[] stores = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() => PostgresReadingStore.OpenAsync(url))));
        try
        {
            Assert.All(await Task.WhenAll(stores.Select(s => s.GetSchemaVersionAsync())), version => Assert.Equal(1, version));
            Assert.Equal(1, await PostgresFixture.ScalarAsync(url, "SELECT COUNT(*) FROM schema_version"));
            Assert.Equal("postgres://postgres@127.0.0.1:" + _server.Port + "/" + url.Split('/').Last(), stores[0].Description);
        }
        finally
        {
            foreach (PostgresReadingStore store in stores)
            {
                await store.DisposeAsync();
            }
        }
    }

    [ServiceFact(ExternalService.PostgreSql)]
    public async Task Commits_are_synchronous_even_when_the_database_default_is_not()
    {
        string url = await _server.CreateDatabaseAsync("durable");
        string database = url.Split('/').Last();
        await using (var admin = new NpgsqlConnection(PostgresFixture.ConnectionString(_server.AdminUrl)))
        {
            await admin.OpenAsync();
            await using var alter = new NpgsqlCommand($"ALTER DATABASE \"{database}\" SET synchronous_commit = off", admin);
            await alter.ExecuteNonQueryAsync();
        }
        await using PostgresReadingStore store = await PostgresReadingStore.OpenAsync(url);

        Assert.Equal("off", await PostgresFixture.TextAsync(url, "SHOW synchronous_commit")); // what any other session gets
        Assert.Equal("on", await store.ShowWriterSettingAsync("synchronous_commit"));
        Assert.Equal("30s", await store.ShowWriterSettingAsync("lock_timeout"));
        await Assert.ThrowsAsync<ArgumentException>(() => store.ShowWriterSettingAsync("x; DROP TABLE readings"));
    }
}
