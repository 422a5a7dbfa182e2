using System;
using System.IO;

namespace Gateway.Benchmarks.Fleet.Measurement
{
    /// <summary>A fresh folder under the system temp folder for databases, PKI and node flash files; deleted at the end.</summary>
    public sealed class ScratchFolder : IDisposable
    {
        public ScratchFolder(string prefix)
        {
            Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), prefix + "-" + Guid.NewGuid().ToString("N").Substring(0, 8));
            Directory.CreateDirectory(Path);
        }

        public string Path { get; }

        public string File(string name) => System.IO.Path.Combine(Path, name);

        public void Dispose()
        {
            try
            {
                Directory.Delete(Path, recursive: true);
            }
            catch (IOException e)
            {
                Console.Error.WriteLine($"warning: could not delete {Path}: {e.Message}");
            }
            catch (UnauthorizedAccessException e)
            {
                Console.Error.WriteLine($"warning: could not delete {Path}: {e.Message}");
            }
        }
    }
}
