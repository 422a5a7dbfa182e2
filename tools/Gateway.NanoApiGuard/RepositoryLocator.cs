using System;
using System.Collections.Generic;
using System.IO;

namespace Gateway.NanoApiGuard
{
    /// <summary>Finds the repository root (the folder holding Gateway.sln) and the shared nanoFramework folder beside it.</summary>
    public static class RepositoryLocator
    {
        /// <summary>The file that marks the repository root.</summary>
        public const string SolutionFileName = "Gateway.sln";

        /// <summary>
        /// Walks up from <see cref="AppContext.BaseDirectory"/>, then from each of <paramref name="extraStartDirectories"/>
        /// (e.g. the test project's source folder, for builds with an artifacts path outside the repository), then from
        /// the current directory, and returns the first folder that contains Gateway.sln.
        /// </summary>
        /// <param name="extraStartDirectories">More folders to walk up from.</param>
        /// <exception cref="DirectoryNotFoundException">No start folder lies inside the repository; the message lists them.</exception>
        public static string FindRepositoryRoot(params string[] extraStartDirectories)
        {
            var starts = new List<string> { AppContext.BaseDirectory };
            starts.AddRange(extraStartDirectories);
            starts.Add(Environment.CurrentDirectory);
            foreach (string start in starts)
            {
                if (string.IsNullOrEmpty(start))
                {
                    continue;
                }
                for (DirectoryInfo? dir = new DirectoryInfo(start); dir != null; dir = dir.Parent)
                {
                    if (File.Exists(Path.Combine(dir.FullName, SolutionFileName)))
                    {
                        return dir.FullName;
                    }
                }
            }
            throw new DirectoryNotFoundException(
                $"Cannot find the repository root: no {SolutionFileName} above any of: {string.Join(", ", starts)}.");
        }

        /// <summary>
        /// <c>&lt;repository root&gt;/../shared/nanoframework</c>, which holds nanoframework-api.txt and nanoframework-types.txt.
        /// </summary>
        /// <param name="repositoryRoot">The folder holding Gateway.sln.</param>
        /// <exception cref="DirectoryNotFoundException">The folder or one of its two lists is missing; the message says where it was expected.</exception>
        public static string FindNanoFrameworkDirectory(string repositoryRoot)
        {
            string dir = Path.GetFullPath(Path.Combine(repositoryRoot, "..", "shared", "nanoframework"));
            if (!File.Exists(Path.Combine(dir, NanoApiCatalog.ApiFileName)) || !File.Exists(Path.Combine(dir, NanoApiCatalog.TypesFileName)))
            {
                throw new DirectoryNotFoundException(
                    $"The nanoFramework API lists are missing: expected {NanoApiCatalog.ApiFileName} and {NanoApiCatalog.TypesFileName} in {dir} " +
                    $"(the shared/ folder beside the repository root {repositoryRoot}).");
            }
            return dir;
        }
    }
}
