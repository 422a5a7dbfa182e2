using System;
using System.Data.Common;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Data.Sqlite;

namespace Gateway.Ingest.Storage;

/// <summary>
/// The default store: one SQLite file (Microsoft.Data.Sqlite), zero setup.
/// </summary>
/// <remarks>
/// <para><b>Durability</b>: WAL journal with <c>synchronous = FULL</c>. In WAL mode <c>NORMAL</c> syncs only at
/// checkpoints, so the last transactions can be lost on power failure (not corrupted, just gone). Ingestion confirms to the
/// device after the commit and the device then erases those readings from flash, so a committed transaction must survive a
/// power cut: <c>FULL</c> syncs the WAL on every commit. Batching (one transaction per pipeline batch) keeps that cost to
/// one sync per batch.</para>
/// <para><b>Concurrency</b>: one writer connection (writes are serialized anyway); readers use pooled connections and are
/// not blocked by writes (WAL). <c>busy_timeout</c> covers other processes holding the file.</para>
/// </remarks>
public sealed class SqliteReadingStore : SqlReadingStore
{
    private readonly string _connectionString;

    /// <summary>Creates a store on the database file at <paramref name="databasePath"/> (created with its folder when missing).</summary>
    /// <exception cref="ArgumentException"><paramref name="databasePath"/> is empty or names a folder.</exception>
    public SqliteReadingStore(string databasePath, TimeProvider? timeProvider = null)
        : base(SqliteDialect.Instance, timeProvider)
    {
        if (string.IsNullOrWhiteSpace(databasePath))
        {
            throw new ArgumentException("databasePath is required: the path of the SQLite file, e.g. state/ingest.db", nameof(databasePath));
        }
        string full = Path.GetFullPath(databasePath);
        if (Directory.Exists(full))
        {
            throw new ArgumentException($"databasePath {full} is a folder; give the path of the SQLite file, e.g. {Path.Combine(full, "ingest.db")}", nameof(databasePath));
        }
        DatabasePath = full;
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = full,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Cache = SqliteCacheMode.Private,
            Pooling = true,
            DefaultTimeout = 30,
        }.ToString();
    }

    /// <summary>Full path of the database file.</summary>
    public string DatabasePath { get; }

    /// <summary>Creates the store and its schema (or migrates it).</summary>
    public static async Task<SqliteReadingStore> OpenAsync(string databasePath, TimeProvider? timeProvider = null, CancellationToken cancellationToken = default)
    {
        var store = new SqliteReadingStore(databasePath, timeProvider);
        try
        {
            await store.InitializeAsync(cancellationToken).ConfigureAwait(false);
            return store;
        }
        catch
        {
            await store.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <inheritdoc />
    protected override async Task<DbConnection> OpenConnectionAsync(CancellationToken cancellationToken)
    {
        string? folder = Path.GetDirectoryName(DatabasePath);
        if (!string.IsNullOrEmpty(folder))
        {
            Directory.CreateDirectory(folder);
        }
        var connection = new SqliteConnection(_connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            await ExecuteAsync(connection, null, "PRAGMA busy_timeout = 10000", cancellationToken).ConfigureAwait(false);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <inheritdoc />
    protected override async Task ConfigureWriterAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        await using (DbCommand command = Command(connection, null, "PRAGMA journal_mode = WAL"))
        {
            object? mode = await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
            if (!string.Equals(mode as string, "wal", StringComparison.OrdinalIgnoreCase))
            {
                throw new InvalidOperationException($"SQLite database {DatabasePath} could not be switched to WAL journal mode (got {mode}); is it on a file system that supports shared memory?");
            }
        }
        await ExecuteAsync(connection, null, "PRAGMA synchronous = FULL", cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    protected override ValueTask DisposeCoreAsync()
    {
        // Pooled connections keep the file open; release them so the file can be moved, deleted or reopened.
        using var connection = new SqliteConnection(_connectionString);
        SqliteConnection.ClearPool(connection);
        return ValueTask.CompletedTask;
    }
}
