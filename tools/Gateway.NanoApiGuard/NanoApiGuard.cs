using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Gateway.NanoApiGuard
{
    /// <summary>
    /// Checks that C# meant for a stable nanoFramework (1.x) device names only what nanoframework-api.txt lists and
    /// uses no language feature the device toolchain/runtime lacks (generics, nullable value types, tuples, records,
    /// iterators, LINQ, async, decimal, stackalloc, dynamic...). The sources are compiled together with Roslyn against
    /// the running .NET runtime; every symbol the source names explicitly is mapped to its documentation-comment ID and
    /// looked up in the catalog, with the overload and inheritance rules of shared/nanoframework/subset-notes.md §11.
    /// Compiler-synthesised calls (interpolation handlers, foreach enumerators, lock, using) are not checked.
    /// This is a fast approximation; the definitive check is building against the real nanoFramework assemblies.
    /// </summary>
    public static class NanoApiGuard
    {
        private static readonly Lazy<ImmutableArray<MetadataReference>> s_runtimeReferences = new(LoadRuntimeReferences);

        /// <summary>Compiles <paramref name="files"/> together and returns every violation in the files marked for checking.</summary>
        /// <param name="files">All sources needed to compile; those with <see cref="SourceFile.Check"/> false are compiled only.</param>
        /// <param name="options">Catalog and modes.</param>
        /// <returns>Violations ordered by file, line and column; empty when the sources are clean.</returns>
        public static IReadOnlyList<GuardViolation> Check(IReadOnlyList<SourceFile> files, GuardOptions options)
        {
            ArgumentNullException.ThrowIfNull(files);
            ArgumentNullException.ThrowIfNull(options);

            var parseOptions = new CSharpParseOptions(LanguageVersion.Latest, DocumentationMode.None);
            var trees = new List<SyntaxTree>(files.Count);
            var checkedTrees = new Dictionary<SyntaxTree, SourceFile>();
            foreach (SourceFile file in files)
            {
                SyntaxTree tree = CSharpSyntaxTree.ParseText(file.Text, parseOptions, file.Path);
                trees.Add(tree);
                if (file.Check)
                {
                    checkedTrees.Add(tree, file);
                }
            }

            CSharpCompilation compilation = CSharpCompilation.Create(
                "NanoApiGuardCheck",
                trees,
                s_runtimeReferences.Value,
                new CSharpCompilationOptions(
                    OutputKind.DynamicallyLinkedLibrary,
                    nullableContextOptions: NullableContextOptions.Enable,
                    allowUnsafe: true,
                    concurrentBuild: false));

            var sink = new ViolationSink();
            foreach (KeyValuePair<SyntaxTree, SourceFile> pair in checkedTrees)
            {
                SemanticModel model = compilation.GetSemanticModel(pair.Key);
                if (!options.AllowUnresolved)
                {
                    // The core must build for .NET as it is; a compile error also means names the guard cannot check.
                    // (Per checked tree: reference-only files are bound only as far as the checked ones need.)
                    foreach (Diagnostic diagnostic in model.GetDiagnostics())
                    {
                        if (diagnostic.Severity != DiagnosticSeverity.Error)
                        {
                            continue;
                        }
                        FileLinePositionSpan span = diagnostic.Location.GetLineSpan();
                        sink.Add(new GuardViolation(
                            pair.Value.Path, span.StartLinePosition.Line + 1, span.StartLinePosition.Character + 1, diagnostic.Id,
                            GuardReasons.DoesNotCompile + ": " + diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture)));
                    }
                }
                var checker = new FileChecker(compilation, model, options, pair.Value.Path, sink);
                checker.Visit(pair.Key.GetRoot());
            }
            return sink.Ordered();
        }

        /// <summary>
        /// Checks every <c>*.cs</c> file under <paramref name="directory"/> (skipping bin/ and obj/), compiled together;
        /// the entry point for a device project such as the ESP32 shell (with <see cref="GuardOptions.AllowUnresolved"/>).
        /// </summary>
        /// <param name="directory">Folder to check.</param>
        /// <param name="options">Catalog and modes.</param>
        public static IReadOnlyList<GuardViolation> CheckDirectory(string directory, GuardOptions options) =>
            Check(SourceFile.FromDirectory(directory), options);

        /// <summary>Formats violations one per line (for test failure messages and tool output).</summary>
        /// <param name="violations">Violations to format.</param>
        public static string Format(IEnumerable<GuardViolation> violations) =>
            string.Join(Environment.NewLine, violations.Select(v => v.ToString()));

        private static ImmutableArray<MetadataReference> LoadRuntimeReferences()
        {
            // The running runtime's own assemblies (not the test's NuGet dependencies such as xunit or Roslyn):
            // the trusted platform assemblies that live in the shared framework folder beside System.Private.CoreLib.
            string tpa = AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES") as string ?? "";
            string frameworkDir = Path.GetDirectoryName(typeof(object).Assembly.Location) ?? "";
            var references = ImmutableArray.CreateBuilder<MetadataReference>();
            foreach (string path in tpa.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
            {
                if (string.Equals(Path.GetDirectoryName(path), frameworkDir, StringComparison.Ordinal) &&
                    path.EndsWith(".dll", StringComparison.OrdinalIgnoreCase))
                {
                    references.Add(MetadataReference.CreateFromFile(path));
                }
            }
            if (references.Count == 0)
            {
                throw new InvalidOperationException("No runtime assemblies found in TRUSTED_PLATFORM_ASSEMBLIES for " + frameworkDir + ".");
            }
            return references.ToImmutable();
        }

        internal sealed class ViolationSink
        {
            private readonly List<GuardViolation> _items = new();
            private readonly HashSet<string> _seen = new(StringComparer.Ordinal);

            public void Add(GuardViolation violation)
            {
                if (_seen.Add(violation.ToString()))
                {
                    _items.Add(violation);
                }
            }

            public IReadOnlyList<GuardViolation> Ordered() =>
                _items.OrderBy(v => v.File, StringComparer.Ordinal).ThenBy(v => v.Line).ThenBy(v => v.Column).ToList();
        }
    }
}
