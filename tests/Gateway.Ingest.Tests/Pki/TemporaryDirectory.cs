using System;
using System.IO;

namespace Gateway.Ingest.Tests.Pki;

/// <summary>A fresh folder under the system temp folder, deleted on dispose. Certificates are generated into it at test time.</summary>
internal sealed class TemporaryDirectory : IDisposable
{
    public TemporaryDirectory()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "gw-pki-test-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public string PkiFile(string name) => System.IO.Path.Combine(Path, "pki", name);

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
