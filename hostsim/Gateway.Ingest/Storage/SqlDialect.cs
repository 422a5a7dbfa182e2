namespace Gateway.Ingest.Storage;

/// <summary>
/// The few places where the SQL of <see cref="SqlReadingStore"/> differs between databases. Everything else is written in
/// the common subset of SQLite (3.35+) and PostgreSQL (12+): <c>TEXT</c>, <c>BIGINT</c>, <c>INTEGER</c>,
/// <c>DOUBLE PRECISION</c> columns, <c>@name</c> parameters, <c>INSERT … ON CONFLICT (…) DO NOTHING | DO UPDATE SET … = excluded.…</c>,
/// partial indexes, <c>LIMIT @n</c>, <c>CASE</c> instead of two-argument <c>MAX</c>/<c>GREATEST</c>, and booleans stored as
/// <c>BIGINT</c> 0/1. Every integer column that is read back is <c>BIGINT</c>, so readers use <c>GetInt64</c> everywhere.
/// </summary>
public abstract class SqlDialect
{
    /// <summary>Name for messages, e.g. <c>sqlite</c>.</summary>
    public abstract string Name { get; }

    /// <summary>Column type for binary data (<c>BLOB</c> / <c>BYTEA</c>).</summary>
    public abstract string BlobType { get; }

    /// <summary>Column definition of a generated 64-bit row id that is the primary key.</summary>
    public abstract string IdentityPrimaryKey { get; }

    /// <summary>Suffix of a <c>SELECT</c> that reads a row the transaction will update (PostgreSQL: <c> FOR UPDATE</c>).</summary>
    public virtual string ForUpdate => string.Empty;

    /// <summary>
    /// Expression rounding the double <paramref name="expression"/> to <paramref name="digitsParameter"/> decimals, giving a double.
    /// (PostgreSQL has <c>round(numeric, int)</c> only, so it needs casts.)
    /// </summary>
    public abstract string Round(string expression, string digitsParameter);
}

/// <summary>SQLite (Microsoft.Data.Sqlite).</summary>
public sealed class SqliteDialect : SqlDialect
{
    /// <summary>The instance.</summary>
    public static SqliteDialect Instance { get; } = new();

    /// <inheritdoc />
    public override string Name => "sqlite";

    /// <inheritdoc />
    public override string BlobType => "BLOB";

    /// <inheritdoc />
    public override string IdentityPrimaryKey => "INTEGER PRIMARY KEY"; // the rowid alias

    /// <inheritdoc />
    public override string Round(string expression, string digitsParameter) => $"ROUND({expression}, {digitsParameter})";
}
