using System;
using System.Data;
using System.Data.Common;
using System.Diagnostics.CodeAnalysis;
using System.Threading;
using System.Threading.Tasks;
using Npgsql;

namespace Gateway.Ingest.Storage.Postgres;

/// <summary>
/// An <see cref="NpgsqlConnection"/> whose every transaction starts by taking a transaction-scoped advisory lock
/// (<c>pg_advisory_xact_lock</c>), so that write transactions of all ingestion instances sharing one database run one at a
/// time. PostgreSQL releases the lock at commit or rollback, and when the session ends (a killed instance included).
/// </summary>
/// <remarks>
/// Why: <see cref="SqlReadingStore"/> reads a device's state (<c>device_state</c>, open <c>gaps</c>), computes the new
/// contiguous sequence and writes it back. <c>SELECT … FOR UPDATE</c> serializes that per device once the device's row
/// exists, but a device's very first batches find no row to lock: two instances would each compute the confirmation from
/// an empty state and the later commit would overwrite the earlier one with a wrong <c>contiguous_through</c> and bogus gap
/// rows. Until the store has a per-device lock seam, every write transaction takes this one lock (SQLite serializes writers
/// the same way, with its file lock). Commands are the provider's own: <see cref="CreateDbCommand"/> and the transactions
/// returned are Npgsql objects bound to the inner connection.
/// </remarks>
internal sealed class SerializedWriteConnection : DbConnection
{
    private readonly NpgsqlConnection _inner;
    private readonly long _lockKey;

    public SerializedWriteConnection(NpgsqlConnection inner, long lockKey)
    {
        _inner = inner;
        _lockKey = lockKey;
    }

    [AllowNull]
    public override string ConnectionString
    {
        get => _inner.ConnectionString;
        set => _inner.ConnectionString = value;
    }

    public override string Database => _inner.Database;

    public override string DataSource => _inner.DataSource;

    public override string ServerVersion => _inner.ServerVersion;

    public override ConnectionState State => _inner.State;

    public override int ConnectionTimeout => _inner.ConnectionTimeout;

    public override void ChangeDatabase(string databaseName) => _inner.ChangeDatabase(databaseName);

    public override void Open() => _inner.Open();

    public override Task OpenAsync(CancellationToken cancellationToken) => _inner.OpenAsync(cancellationToken);

    public override void Close() => _inner.Close();

    public override Task CloseAsync() => _inner.CloseAsync();

    protected override DbCommand CreateDbCommand() => _inner.CreateCommand();

    protected override DbTransaction BeginDbTransaction(IsolationLevel isolationLevel)
    {
        NpgsqlTransaction transaction = _inner.BeginTransaction(isolationLevel);
        try
        {
            using NpgsqlCommand command = LockCommand(transaction);
            command.ExecuteNonQuery();
            return transaction;
        }
        catch
        {
            transaction.Dispose();
            throw;
        }
    }

    protected override async ValueTask<DbTransaction> BeginDbTransactionAsync(IsolationLevel isolationLevel, CancellationToken cancellationToken)
    {
        NpgsqlTransaction transaction = await _inner.BeginTransactionAsync(isolationLevel, cancellationToken).ConfigureAwait(false);
        try
        {
            await using NpgsqlCommand command = LockCommand(transaction);
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            return transaction;
        }
        catch
        {
            await transaction.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private NpgsqlCommand LockCommand(NpgsqlTransaction transaction)
    {
        var command = new NpgsqlCommand("SELECT pg_advisory_xact_lock(@key)", _inner, transaction);
        command.Parameters.AddWithValue("key", _lockKey);
        return command;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _inner.Dispose();
        }
        base.Dispose(disposing);
    }

    public override async ValueTask DisposeAsync()
    {
        await _inner.DisposeAsync().ConfigureAwait(false);
        Dispose(); // the inner connection is already closed; this completes the Component disposal

    }
}
