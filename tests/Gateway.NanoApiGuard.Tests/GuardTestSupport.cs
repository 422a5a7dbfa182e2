using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;

namespace Gateway.NanoApiGuard.Tests
{
    /// <summary>Shared catalog (loaded once per run), repository paths and snippet helpers.</summary>
    internal static class GuardTestSupport
    {
        private static readonly Lazy<string> s_repositoryRoot = new(() => RepositoryLocator.FindRepositoryRoot(SourceDirectory()));
        private static readonly Lazy<NanoApiCatalog> s_catalog = new(() =>
            NanoApiCatalog.Load(RepositoryLocator.FindNanoFrameworkDirectory(s_repositoryRoot.Value)));

        public static string RepositoryRoot => s_repositoryRoot.Value;

        public static NanoApiCatalog Catalog => s_catalog.Value;

        /// <summary>Strict options, as for the portable core.</summary>
        public static GuardOptions CoreOptions => new(Catalog);

        public static IReadOnlyList<GuardViolation> CheckSnippet(string code, bool allowUnresolved = false) =>
            NanoApiGuard.Check(new[] { new SourceFile("Snippet.cs", code) }, new GuardOptions(Catalog) { AllowUnresolved = allowUnresolved });

        /// <summary>1-based line of the first line containing <paramref name="marker"/>.</summary>
        public static int LineOf(string code, string marker)
        {
            string[] lines = code.Split('\n');
            for (int i = 0; i < lines.Length; i++)
            {
                if (lines[i].Contains(marker, StringComparison.Ordinal))
                {
                    return i + 1;
                }
            }
            throw new ArgumentException($"marker '{marker}' not in snippet");
        }

        /// <summary>A compilable file with the given usings and class members.</summary>
        public static string Snippet(string usings, string members) =>
            usings + "\n" +
            "namespace Snippets\n" +
            "{\n" +
            "    public class Sample\n" +
            "    {\n" +
            members + "\n" +
            "    }\n" +
            "}\n";

        /// <summary>Files of a repository folder, with repository-relative paths so failures read well.</summary>
        public static IEnumerable<SourceFile> RepositoryFiles(string relativeDirectory, bool check, Func<SourceFile, bool>? include = null)
        {
            string dir = Path.Combine(RepositoryRoot, relativeDirectory);
            if (!Directory.Exists(dir))
            {
                return Array.Empty<SourceFile>();
            }
            return SourceFile.FromDirectory(dir, check)
                .Where(f => include == null || include(f))
                .Select(f => new SourceFile(Path.GetRelativePath(RepositoryRoot, f.Path), f.Text, f.Check));
        }

        public static string Describe(IReadOnlyList<GuardViolation> violations) =>
            violations.Count == 0 ? "no violations" : $"{violations.Count} violation(s):{Environment.NewLine}{NanoApiGuard.Format(violations)}";

        private static string SourceDirectory() =>
            typeof(GuardTestSupport).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
                .FirstOrDefault(a => a.Key == "GatewaySourceDirectory")?.Value ?? "";
    }
}
