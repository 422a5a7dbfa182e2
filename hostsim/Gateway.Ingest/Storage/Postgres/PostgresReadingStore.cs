using System;
using System.Data.Common;
using System.Globalization;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Npgsql;

namespace Gateway.Ingest.Storage.Postgres;

/// <summary>
/// The store at scale: PostgreSQL 12+ through Npgsql, selected by a URL <c>postgres://user@host:port/database</c>
/// (<see cref="PostgresConnectionString"/>). Same SQL, schema, migrations and behaviour as <see cref="SqliteReadingStore"/>
/// (<see cref="SqlReadingStore"/> with <see cref="PostgresDialect"/>); several ingestion instances may share one database.
/// </summary>
/// <remarks>
/// <para><b>Durability</b>: the writer session sets <c>synchronous_commit = on</c> whatever the server default, because
/// ingestion confirms to the device after the commit and the device then erases those readings from its flash.</para>
/// <para><b>Several instances</b>: every write transaction first takes one transaction-scoped advisory lock (key
/// <see cref="WriteLockKey"/>), so writers of all instances are serialized — see <see cref="SerializedWriteConnection"/> for
/// why. Decoding, validation and MQTT work still run in parallel; reads never wait (MVCC). Schema creation and migration
/// are serialized with a session advisory lock (key <see cref="MigrationLockKey"/>), so instances may start together on an
/// empty database. A killed instance's locks are released by PostgreSQL when its session ends.</para>
/// <para>The database must exist and the user must be allowed to create tables in it (on first start).</para>
/// </remarks>
public sealed class PostgresReadingStore : SqlReadingStore, IReadingStore
{
    /// <summary>Advisory lock key taken by every write transaction (ASCII "GWINGEST").</summary>
    public const long WriteLockKey = 0x4757_494E_4745_5354;

    /// <summary>Advisory lock key held while the schema is created or migrated (<see cref="WriteLockKey"/> + 1).</summary>
    public const long MigrationLockKey = WriteLockKey + 1;

    private readonly NpgsqlDataSource _dataSource;

    /// <summary>Creates a store for the database named by <paramref name="connectionString"/>; call <see cref="InitializeAsync"/> (or use <see cref="OpenAsync"/>).</summary>
    /// <param name="connectionString"><c>postgres://user[:password]@host[:port]/database[?sslmode=…]</c>.</param>
    /// <param name="timeProvider">Clock for audit times and retention cut-offs; the system clock by default.</param>
    /// <exception cref="ArgumentException">The connection string is not accepted (the message names the part).</exception>
    public PostgresReadingStore(string connectionString, TimeProvider? timeProvider = null)
        : base(PostgresDialect.Instance, timeProvider)
    {
        NpgsqlConnectionStringBuilder builder = PostgresConnectionString.Parse(connectionString);
        if (string.IsNullOrEmpty(builder.ApplicationName))
        {
            builder.ApplicationName = "gateway-ingest";
        }
        Description = PostgresConnectionString.Describe(builder);
        _dataSource = NpgsqlDataSource.Create(builder);
    }

    /// <summary>The database as <c>postgres://user@host:port/database</c>, without the password (for logs).</summary>
    public string Description { get; }

    /// <summary>Creates the store and its schema (or migrates it).</summary>
    /// <exception cref="ArgumentException">The connection string is not accepted (the message names the part).</exception>
    /// <exception cref="NpgsqlException">The server cannot be reached or refuses the login; the message says which.</exception>
    public static async Task<PostgresReadingStore> OpenAsync(string connectionString, TimeProvider? timeProvider = null, CancellationToken cancellationToken = default)
    {
        var store = new PostgresReadingStore(connectionString, timeProvider);
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

    /// <summary>
    /// Creates or migrates the schema while holding the migration advisory lock, so that instances starting together on an
    /// empty database do not both create it. Call once before any other method.
    /// </summary>
    public new async Task InitializeAsync(CancellationToken cancellationToken = default)
    {
        await using NpgsqlConnection gate = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (var take = new NpgsqlCommand("SELECT pg_advisory_lock(@key)", gate))
        {
            take.Parameters.AddWithValue("key", MigrationLockKey);
            await take.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
        try
        {
            await base.InitializeAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            await using var release = new NpgsqlCommand("SELECT pg_advisory_unlock(@key)", gate);
            release.Parameters.AddWithValue("key", MigrationLockKey);
            await release.ExecuteNonQueryAsync(CancellationToken.None).ConfigureAwait(false);
        }
    }

    /// <inheritdoc />
    protected override async Task<DbConnection> OpenConnectionAsync(CancellationToken cancellationToken)
    {
        NpgsqlConnection connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        return new SerializedWriteConnection(connection, WriteLockKey);
    }

    /// <inheritdoc />
    protected override async Task ConfigureWriterAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        // Confirmations follow commits: a commit must be on disk before it returns, whatever the server's default.
        await ExecuteAsync(connection, null, "SET synchronous_commit = on", cancellationToken).ConfigureAwait(false);
        // A writer stuck behind another instance's lock for this long surfaces as an error (the batch is retried) instead of hanging.
        await ExecuteAsync(connection, null, "SET lock_timeout = '30s'", cancellationToken).ConfigureAwait(false);
    }

    /// <summary>A run-time setting as the writer session sees it (<c>SHOW name</c>), for diagnostics and tests.</summary>
    /// <exception cref="ArgumentException"><paramref name="setting"/> is not a setting name (letters, digits, '_', '.').</exception>
    internal Task<string> ShowWriterSettingAsync(string setting, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrEmpty(setting) || !setting.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '.'))
        {
            throw new ArgumentException($"setting '{setting}' is not a setting name (letters, digits, '_' and '.')", nameof(setting));
        }
        return WriteAsync(async (connection, transaction) =>
        {
            await using DbCommand command = Command(connection, transaction, "SHOW " + setting);
            return Convert.ToString(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), CultureInfo.InvariantCulture) ?? string.Empty;
        }, cancellationToken);
    }

    /// <inheritdoc />
    protected override async ValueTask DisposeCoreAsync()
    {
        await _dataSource.DisposeAsync().ConfigureAwait(false);
    }
}
