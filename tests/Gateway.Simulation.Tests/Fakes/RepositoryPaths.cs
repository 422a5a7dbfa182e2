using System;
using System.Collections.Generic;
using System.IO;
using System.Reflection;

namespace Gateway.Simulation.Tests.Fakes
{
    /// <summary>The repository's folders: above the test binaries, or where the build recorded the repository to be.</summary>
    public static class RepositoryPaths
    {
        public static string Root
        {
            get
            {
                DirectoryInfo? directory = new DirectoryInfo(AppContext.BaseDirectory);
                while (directory != null && !File.Exists(Path.Combine(directory.FullName, "Gateway.sln")))
                {
                    directory = directory.Parent;
                }
                if (directory != null)
                {
                    return directory.FullName;
                }
                foreach (AssemblyMetadataAttribute metadata in typeof(RepositoryPaths).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>())
                {
                    if (metadata.Key == "RepositoryRoot" && metadata.Value != null && File.Exists(Path.Combine(metadata.Value, "Gateway.sln")))
                    {
                        return metadata.Value;
                    }
                }
                throw new InvalidOperationException("Gateway.sln not found above " + AppContext.BaseDirectory + " nor where the build recorded it");
            }
        }

        public static string Seeds => Path.Combine(Root, "seeds");

        public static IEnumerable<object[]> SeedFiles()
        {
            string[] files = Directory.GetFiles(Seeds, "*.json");
            Array.Sort(files, StringComparer.Ordinal);
            foreach (string file in files)
            {
                yield return new object[] { Path.GetFileName(file) };
            }
        }
    }
}
