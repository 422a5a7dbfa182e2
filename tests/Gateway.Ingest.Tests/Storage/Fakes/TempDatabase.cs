using System;
using System.IO;
using System.Threading.Tasks;
using Gateway.Ingest.Storage;

namespace Gateway.Ingest.Tests.Storage.Fakes;

/// <summary>A SQLite file in a fresh temporary folder, deleted with the folder on dispose.</summary>
public sealed class TempDatabase : IAsyncDisposable
{
    public TempDatabase()
    {
        Folder = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "gw-ingest-test-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Folder);
        Path = System.IO.Path.Combine(Folder, "ingest.db");
    }

    public string Folder { get; }

    public string Path { get; }

    public Task<SqliteReadingStore> OpenAsync(TimeProvider? time = null) => SqliteReadingStore.OpenAsync(Path, time);

    public ValueTask DisposeAsync()
    {
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: a temp folder left behind is harmless.
        }
        return ValueTask.CompletedTask;
    }
}
