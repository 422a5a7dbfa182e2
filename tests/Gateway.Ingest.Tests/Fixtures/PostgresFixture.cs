using System;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using Npgsql;
using Xunit;

namespace Gateway.Ingest.Tests.Fixtures;

/// <summary>
/// A throwaway PostgreSQL server for the tests of one collection: <c>initdb</c> into a temp folder (trust authentication,
/// user <c>postgres</c>), <c>pg_ctl start</c> on a free port of 127.0.0.1 with its socket in that folder, and on dispose
/// <c>pg_ctl stop -m immediate</c> and the folder deleted. Started on first use (<see cref="StartAsync"/>), so a collection
/// whose tests are all skipped never needs the binaries. As root, the binaries run as the <c>postgres</c> user (initdb
/// refuses root) via <c>runuser</c>, and the folder is handed to that user.
/// </summary>
public sealed class PostgresFixture : IAsyncLifetime
{
    private const string ServiceUser = "postgres";
    private readonly SemaphoreSlim _gate = new(1, 1);
    private string? _root;
    private string? _bin;
    private int _databases;
    private Exception? _startFailure;

    /// <summary>Port of the running server (0 before <see cref="StartAsync"/>).</summary>
    public int Port { get; private set; }

    /// <summary>Server log file.</summary>
    public string? LogPath { get; private set; }

    /// <summary>Starts the server unless it runs already. Throws with the install command when PostgreSQL is missing.</summary>
    public async Task StartAsync()
    {
        await _gate.WaitAsync();
        try
        {
            if (Port != 0)
            {
                return;
            }
            if (_startFailure != null)
            {
                // One failed start is reported by every test of the collection, without trying again each time.
                throw new InvalidOperationException("the PostgreSQL test server could not be started: " + _startFailure.Message, _startFailure);
            }
            try
            {
                await StartServerAsync();
            }
            catch (Exception e)
            {
                _startFailure = e;
                if (_root != null)
                {
                    ProcessRunner.DeleteFolder(_root);
                    _root = null;
                }
                throw;
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task StartServerAsync()
    {
        ExternalServices.Require(ExternalService.PostgreSql);
        _bin = ExternalServices.PostgresBinDirectory()!;
        _root = Path.Combine(Path.GetTempPath(), "gw-pg-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(_root);
        string data = Path.Combine(_root, "data");
        string sockets = Path.Combine(_root, "sock");
        Directory.CreateDirectory(sockets);
        LogPath = Path.Combine(_root, "postgres.log");
        string? user = ProcessRunner.IsRoot ? ServiceUser : null;
        if (user != null)
        {
            await ProcessRunner.RunAsync("chown", new[] { "-R", $"{ServiceUser}:{ServiceUser}", _root }, TimeSpan.FromSeconds(10));
        }
        await ProcessRunner.RunAsync(Path.Combine(_bin, "initdb"),
            new[] { "-D", data, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--locale=C", "--no-sync" }, TimeSpan.FromSeconds(60), user);

        // A free port can be taken between the probe and the start: try a few.
        Exception? last = null;
        for (int attempt = 0; attempt < 3 && Port == 0; attempt++)
        {
            int port = ProcessRunner.FreeLoopbackPort();
            try
            {
                // fsync=off: this server holds test data only and is never crashed (ingestion instances are what the tests kill).
                await ProcessRunner.RunAsync(Path.Combine(_bin, "pg_ctl"), new[]
                {
                    "-D", data, "-l", LogPath, "-w", "-t", "30",
                    "-o", $"-p {port} -k {sockets} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200",
                    "start",
                }, TimeSpan.FromSeconds(45), user);
                Port = port;
            }
            catch (InvalidOperationException e)
            {
                last = new InvalidOperationException(e.Message + "\nServer log:\n" + ProcessRunner.Tail(LogPath), e);
            }
        }
        if (Port == 0)
        {
            throw last!;
        }
    }

    /// <summary>URL of the maintenance database <c>postgres</c>.</summary>
    public string AdminUrl => Url("postgres");

    /// <summary>The store URL of database <paramref name="database"/> on this server.</summary>
    public string Url(string database) => $"postgres://postgres@127.0.0.1:{Port}/{database}";

    /// <summary>Starts the server if needed, creates an empty database with a fresh name and returns its store URL.</summary>
    public async Task<string> CreateDatabaseAsync(string prefix = "test")
    {
        await StartAsync();
        string name = $"{prefix}_{Interlocked.Increment(ref _databases)}_{Guid.NewGuid().ToString("N")[..8]}".ToLowerInvariant();
        await using var connection = new NpgsqlConnection(AdminConnectionString());
        await connection.OpenAsync();
        await using var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
        await create.ExecuteNonQueryAsync();
        return Url(name);
    }

    /// <summary>Runs a query returning one number on <paramref name="url"/> (for assertions that look at the tables directly).</summary>
    public static async Task<long> ScalarAsync(string url, string sql)
    {
        await using var connection = new NpgsqlConnection(ConnectionString(url));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>Runs a query returning one text value on <paramref name="url"/>.</summary>
    public static async Task<string?> TextAsync(string url, string sql)
    {
        await using var connection = new NpgsqlConnection(ConnectionString(url));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return Convert.ToString(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>A plain Npgsql connection string for <paramref name="url"/> (pooling off, so nothing lingers after the test).</summary>
    public static string ConnectionString(string url)
    {
        var builder = Gateway.Ingest.Storage.Postgres.PostgresConnectionString.Parse(url);
        builder.Pooling = false;
        return builder.ConnectionString;
    }

    private string AdminConnectionString() => ConnectionString(AdminUrl);

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        if (_root == null)
        {
            return;
        }
        NpgsqlConnection.ClearAllPools();
        if (Port != 0 && _bin != null)
        {
            try
            {
                await ProcessRunner.RunAsync(Path.Combine(_bin, "pg_ctl"), new[] { "-D", Path.Combine(_root, "data"), "-m", "immediate", "-w", "stop" },
                    TimeSpan.FromSeconds(30), ProcessRunner.IsRoot ? ServiceUser : null);
            }
            catch (Exception e) when (e is InvalidOperationException or TimeoutException)
            {
                // Nothing more to do from here: the folder goes, a stray server would notice its data directory is gone.
            }
        }
        ProcessRunner.DeleteFolder(_root);
        _root = null;
        Port = 0;
    }
}

/// <summary>Tests sharing one throwaway PostgreSQL server (they run one class at a time).</summary>
[CollectionDefinition(Name)]
public sealed class PostgresCollection : ICollectionFixture<PostgresFixture>
{
    public const string Name = "PostgreSQL server";
}
