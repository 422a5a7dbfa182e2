using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Threading.Tasks;
using Gateway.Firmware.Core.Readings;
using Gateway.Ingest.Storage;
using Microsoft.Data.Sqlite;

namespace Gateway.Benchmarks.Fleet.Workloads
{
    /// <summary>What one timed insertion run did.</summary>
    /// <param name="Elapsed">Wall time of the batches (schema creation excluded).</param>
    /// <param name="RowsOffered">Readings handed to the database, replays included.</param>
    /// <param name="RowsStored">Readings that were new.</param>
    /// <param name="Duplicates">Replayed readings refused by the primary key.</param>
    public sealed record InsertRun(TimeSpan Elapsed, long RowsOffered, long RowsStored, long Duplicates)
    {
        public double OfferedPerSecond => RowsOffered / Elapsed.TotalSeconds;

        public double StoredPerSecond => RowsStored / Elapsed.TotalSeconds;
    }

    /// <summary>
    /// The baseline of the in-process ingestion measurement: the same readings written straight into the same <c>readings</c>
    /// table (schema created by <see cref="SqliteReadingStore"/>, so the primary key and both indexes are there), with the same
    /// pragmas (WAL, <c>synchronous = FULL</c>), one transaction per batch of the same size, and one prepared
    /// <c>INSERT … ON CONFLICT (device, seq) DO NOTHING</c>. No decoding, validation, gap or device bookkeeping: the
    /// least any SQLite ingestion of these rows must do.
    /// </summary>
    public static class RawSqliteInsert
    {
        public static async Task<InsertRun> RunAsync(string databasePath, IReadOnlyList<PackMessage[]> batches)
        {
            // The store's own migrations create the schema, then it is closed again.
            await (await SqliteReadingStore.OpenAsync(databasePath)).DisposeAsync();

            string connectionString = new SqliteConnectionStringBuilder { DataSource = databasePath, Pooling = false }.ToString();
            using var connection = new SqliteConnection(connectionString);
            connection.Open();
            using (var pragma = connection.CreateCommand())
            {
                pragma.CommandText = "PRAGMA journal_mode = WAL";
                string? mode = pragma.ExecuteScalar() as string;
                if (!string.Equals(mode, "wal", StringComparison.OrdinalIgnoreCase))
                {
                    throw new InvalidOperationException($"{databasePath}: journal mode {mode}, expected wal");
                }
                pragma.CommandText = "PRAGMA synchronous = FULL";
                pragma.ExecuteNonQuery();
            }

            using var insert = connection.CreateCommand();
            insert.CommandText = """
                INSERT INTO readings (tenant, device, seq, metric, unit, kind, value, value_bool, value_text, device_time_ms, received_ms)
                VALUES ($tenant, $device, $seq, $metric, $unit, 'measurement', $value, NULL, NULL, $device_time, $received)
                ON CONFLICT (device, seq) DO NOTHING
                """;
            SqliteParameter tenant = insert.Parameters.Add("$tenant", SqliteType.Text);
            SqliteParameter device = insert.Parameters.Add("$device", SqliteType.Text);
            SqliteParameter sequence = insert.Parameters.Add("$seq", SqliteType.Integer);
            SqliteParameter metric = insert.Parameters.Add("$metric", SqliteType.Text);
            SqliteParameter unit = insert.Parameters.Add("$unit", SqliteType.Text);
            SqliteParameter value = insert.Parameters.Add("$value", SqliteType.Real);
            SqliteParameter deviceTime = insert.Parameters.Add("$device_time", SqliteType.Integer);
            SqliteParameter received = insert.Parameters.Add("$received", SqliteType.Integer);
            string[] names = new string[EnvironmentalPacks.Metrics.Length];
            string[] units = new string[EnvironmentalPacks.Metrics.Length];
            for (int i = 0; i < names.Length; i++)
            {
                names[i] = MetricCatalog.Name(EnvironmentalPacks.Metrics[i]);
                units[i] = MetricCatalog.Unit(EnvironmentalPacks.Metrics[i]);
            }
            tenant.Value = TelemetryWorkload.Tenant;
            insert.Prepare();

            long offered = 0;
            long stored = 0;
            var clock = Stopwatch.StartNew();
            foreach (PackMessage[] batch in batches)
            {
                using SqliteTransaction transaction = connection.BeginTransaction();
                insert.Transaction = transaction;
                received.Value = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
                foreach (PackMessage message in batch)
                {
                    device.Value = message.DeviceId;
                    deviceTime.Value = message.TimeUnixMs;
                    long first = (message.Sample * EnvironmentalPacks.ReadingsPerPack) + 1;
                    for (int i = 0; i < EnvironmentalPacks.ReadingsPerPack; i++)
                    {
                        sequence.Value = first + i;
                        metric.Value = names[i];
                        unit.Value = units[i];
                        value.Value = EnvironmentalPacks.Value(EnvironmentalPacks.Metrics[i], message.Device, message.Sample);
                        stored += insert.ExecuteNonQuery();
                        offered++;
                    }
                }
                transaction.Commit();
            }
            clock.Stop();
            return new InsertRun(clock.Elapsed, offered, stored, offered - stored);
        }
    }
}
