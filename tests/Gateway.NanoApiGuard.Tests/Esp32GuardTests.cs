using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Xunit;

namespace Gateway.NanoApiGuard.Tests
{
    /// <summary>
    /// The ESP32 shell (firmware/Gateway.Firmware.Esp32) cannot be built here (no nanoFramework packages), so these
    /// checks stand in for the build and for review: (1) every nanoFramework member it names is in
    /// nanoframework-api.txt; (2) its use of the core compiles and touches only the core's public Platform, Node, Config,
    /// Boards, Gnss and Readings API; (3) it stays a thin layer of adapters: each type implements a core Platform
    /// interface or is one of the named shell roles, no method branches more than <see cref="MaxComplexity"/> times,
    /// pins come from the board profile, and nothing sleeps. Each rule is proven able to fail by a snippet that breaks it.
    /// </summary>
    public class Esp32GuardTests
    {
        /// <summary>Most cyclomatic complexity (1 + decision points) of one method in the shell (McCabe's threshold).</summary>
        public const int MaxComplexity = 10;

        private const string ShellDirectory = "firmware/Gateway.Firmware.Esp32";
        private const string CoreDirectory = "firmware/Gateway.Firmware.Core";
        private const string CoreNamespace = "Gateway.Firmware.Core";

        /// <summary>The core namespaces the shell may use: the ports it implements and the API that wires a node.</summary>
        private static readonly string[] s_allowedCoreNamespaces =
        {
            "Gateway.Firmware.Core.Platform", "Gateway.Firmware.Core.Node", "Gateway.Firmware.Core.Config",
            "Gateway.Firmware.Core.Boards", "Gateway.Firmware.Core.Gnss", "Gateway.Firmware.Core.Readings",
        };

        /// <summary>
        /// Shell types that implement no Platform interface, each for a reason: the entry point, the composition of
        /// the adapters from the board profile, and the watchdog the main loop (not the core) feeds.
        /// </summary>
        private static readonly string[] s_shellRoles = { "Program", "BoardWiring", "SoftwareWatchdog" };

        /// <summary>
        /// Compiler errors and warnings (the nfproj treats warnings as errors) that only mean "nanoFramework-only name": a type (CS0246), namespace member (CS0234) or name
        /// (CS0103) .NET does not have, or a type .NET moved to a package (CS1069, System.IO.Ports). Any other error that
        /// involves an expression of such an unresolved type is a follow-on of the same cause; those calls are checked
        /// against nanoframework-api.txt by the API guard instead. Every remaining diagnostic is a real mistake.
        /// </summary>
        private static readonly string[] s_nanoOnlyDiagnostics = { "CS0246", "CS0234", "CS0103", "CS1069" };

        // ------------------------------------------------------------------ the real shell

        [Fact]
        public void The_shell_names_only_members_in_the_stable_nanoFramework_API_list()
        {
            List<SourceFile> files = ShellWithCore();
            Assert.Contains(files, f => f.Check && f.Path.EndsWith("Program.cs", StringComparison.Ordinal));

            IReadOnlyList<GuardViolation> violations = NanoApiGuard.Check(files, new GuardOptions(GuardTestSupport.Catalog) { AllowUnresolved = true });

            Assert.True(violations.Count == 0, "The ESP32 shell uses APIs stable nanoFramework lacks. " + GuardTestSupport.Describe(violations));
        }

        [Fact]
        public void The_shell_compiles_against_the_core_without_errors_or_warnings_apart_from_nanoFramework_only_names()
        {
            List<string> problems = CompileProblems(Compile(ShellWithCore()));

            Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
        }

        [Fact]
        public void The_shell_uses_only_the_public_core_API_of_the_allowed_namespaces()
        {
            List<string> problems = CoreAccessProblems(Compile(ShellWithCore()));

            Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
        }

        [Fact]
        public void Every_shell_type_is_a_platform_adapter_or_a_named_shell_role()
        {
            Compilation compilation = Compile(ShellWithCore());

            List<string> problems = AdapterProblems(compilation);

            Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
            Assert.True(ShellTypes(compilation).Count() >= 20, "the shell's types were found");
        }

        [Fact]
        public void No_shell_method_is_more_complex_than_the_limit()
        {
            List<string> problems = ComplexityProblems(Compile(ShellWithCore()));

            Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
        }

        [Fact]
        public void Shell_pins_come_from_the_board_profile_and_nothing_sleeps()
        {
            List<string> problems = PinAndSleepProblems(Compile(ShellWithCore()));

            Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
        }

        // ------------------------------------------------------------------ each rule can fail

        [Fact]
        public void A_member_missing_from_the_API_list_is_flagged_in_a_shell_file()
        {
            string code =
                "using nanoFramework.Hardware.Esp32;\n" +
                "namespace Gateway.Firmware.Esp32 { public static class Program { public static void Main() {\n" +
                "    Sleep.StartDeepSleep();\n" +
                "    Sleep.Hibernate();\n" +
                "} } }\n";

            IReadOnlyList<GuardViolation> violations = NanoApiGuard.Check(WithCore(code), new GuardOptions(GuardTestSupport.Catalog) { AllowUnresolved = true });

            GuardViolation only = Assert.Single(violations);
            Assert.Equal(4, only.Line);
            Assert.Contains("Hibernate", only.Member);
        }

        [Fact]
        public void A_wrong_call_into_the_core_is_a_compile_problem()
        {
            string code =
                "using Gateway.Firmware.Core.Node;\n" +
                "namespace Gateway.Firmware.Esp32 { public static class Program { public static void Main() {\n" +
                "    SensorNode node = new SensorNode(null!, \"1.0\");\n" +
                "    node.Tick(\"now\");\n" +
                "} } }\n";

            List<string> problems = CompileProblems(Compile(WithCore(code)));

            Assert.Contains(problems, p => p.Contains("Snippet.cs:3", StringComparison.Ordinal));
            Assert.Contains(problems, p => p.Contains("Snippet.cs:4", StringComparison.Ordinal));
        }

        [Fact]
        public void Core_internals_and_other_core_namespaces_are_flagged()
        {
            string code =
                "using Gateway.Firmware.Core.Storage;\n" +
                "namespace Gateway.Firmware.Esp32 { public static class Program { public static void Main() {\n" +
                "    uint crc = Crc32.Compute(new byte[1], 0, 1);\n" +
                "    string masked = Gateway.Firmware.Core.Config.ConfigText.Mask;\n" +
                "} } }\n";

            List<string> problems = CoreAccessProblems(Compile(WithCore(code)));

            Assert.Contains(problems, p => p.Contains("Snippet.cs:1", StringComparison.Ordinal) && p.Contains("Gateway.Firmware.Core.Storage", StringComparison.Ordinal));
            Assert.Contains(problems, p => p.Contains("Snippet.cs:3", StringComparison.Ordinal) && p.Contains("Crc32", StringComparison.Ordinal));
            Assert.Contains(problems, p => p.Contains("Snippet.cs:4", StringComparison.Ordinal) && p.Contains("ConfigText", StringComparison.Ordinal) && p.Contains("not public", StringComparison.Ordinal));
        }

        [Fact]
        public void A_helper_type_that_is_no_adapter_is_flagged()
        {
            string code =
                "using Gateway.Firmware.Core.Platform;\n" +
                "namespace Gateway.Firmware.Esp32 {\n" +
                "    public sealed class Clock : IClock { public long MonotonicMs => 0; public bool TryGetUnixTimeMs(out long t) { t = 0; return false; } }\n" +
                "    public static class RetryPolicy { public static int NextDelay(int attempt) => attempt * 2; }\n" +
                "    public sealed class Outer : IClock { public long MonotonicMs => 0; public bool TryGetUnixTimeMs(out long t) { t = 0; return false; } private sealed class Helper { } }\n" +
                "}\n";

            List<string> problems = AdapterProblems(Compile(WithCore(code)));

            Assert.Equal(2, problems.Count);
            Assert.Contains(problems, p => p.Contains("RetryPolicy", StringComparison.Ordinal));
            Assert.Contains(problems, p => p.Contains("Helper", StringComparison.Ordinal) && p.Contains("nested", StringComparison.Ordinal));
        }

        [Fact]
        public void A_method_with_more_branches_than_the_limit_is_flagged()
        {
            string branches = string.Concat(Enumerable.Range(0, MaxComplexity).Select(i => $"        if (x == {i}) {{ return {i}; }}\n"));
            string code =
                "namespace Gateway.Firmware.Esp32 { public static class Program {\n" +
                "    public static int Decide(int x)\n" +
                "    {\n" + branches + "        return -1;\n    }\n" +
                "    public static int Fine(int x) => x > 0 && x < 5 ? 1 : 0;\n" +
                "} }\n";

            List<string> problems = ComplexityProblems(Compile(WithCore(code)));

            string only = Assert.Single(problems);
            Assert.Contains("Decide", only);
            Assert.Contains("complexity 11", only);
        }

        [Fact]
        public void Literal_pin_numbers_and_sleeps_are_flagged()
        {
            string code =
                "using System.Threading;\n" +
                "using nanoFramework.Hardware.Esp32;\n" +
                "namespace Gateway.Firmware.Esp32 { public static class Program { public static void Main() {\n" +
                "    Configuration.SetPinFunction(21, DeviceFunction.I2C1_DATA);\n" +
                "    Thread.Sleep(100);\n" +
                "} } }\n";

            List<string> problems = PinAndSleepProblems(Compile(WithCore(code)));

            Assert.Equal(2, problems.Count);
            Assert.Contains(problems, p => p.Contains("Snippet.cs:4", StringComparison.Ordinal) && p.Contains("literal pin", StringComparison.Ordinal));
            Assert.Contains(problems, p => p.Contains("Snippet.cs:5", StringComparison.Ordinal) && p.Contains("Sleep", StringComparison.Ordinal));
        }

        // ------------------------------------------------------------------ the checks

        private static List<string> CompileProblems(Compilation compilation)
        {
            var problems = new List<string>();
            foreach (SyntaxTree tree in ShellTrees(compilation))
            {
                SemanticModel model = compilation.GetSemanticModel(tree);
                foreach (Diagnostic d in model.GetDiagnostics())
                {
                    if (d.Severity >= DiagnosticSeverity.Warning && !IsNanoOnly(d, model))
                    {
                        problems.Add(Where(d.Location) + ": " + d.Id + " " + d.GetMessage(System.Globalization.CultureInfo.InvariantCulture));
                    }
                }
            }
            return problems;
        }

        private static bool IsNanoOnly(Diagnostic diagnostic, SemanticModel model)
        {
            if (s_nanoOnlyDiagnostics.Contains(diagnostic.Id))
            {
                return true;
            }
            SyntaxNode node = model.SyntaxTree.GetRoot().FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true);
            if (node.DescendantNodesAndSelf().OfType<ExpressionSyntax>().Any(e => ContainsErrorType(model.GetTypeInfo(e).Type)))
            {
                return true;
            }
            // "x has no member M" where x itself is of an unresolved type (the error sits on M, the cause on x).
            if (node.Parent is MemberAccessExpressionSyntax access && access.Name == node && ContainsErrorType(model.GetTypeInfo(access.Expression).Type))
            {
                return true;
            }
            // A nanoFramework overload of a type .NET also has, e.g. X509Certificate2(string certificatePem, string keyPem,
            // string password): only calls whose every candidate is declared outside the sources (library code) qualify.
            SyntaxNode? call = node.AncestorsAndSelf().FirstOrDefault(n => n is InvocationExpressionSyntax || n is BaseObjectCreationExpressionSyntax);
            if (call == null)
            {
                return false;
            }
            SymbolInfo info = model.GetSymbolInfo(call is InvocationExpressionSyntax invocation ? invocation.Expression : call);
            ImmutableArray<ISymbol> targets = info.Symbol != null ? ImmutableArray.Create(info.Symbol) : info.CandidateSymbols;
            return targets.Length > 0 && targets.All(t => !t.Locations.Any(l => l.IsInSource));
        }

        /// <summary>An unresolved type, also inside <c>T?</c> (for an unknown T, .NET assumes Nullable&lt;T&gt;) or an array.</summary>
        private static bool ContainsErrorType(ITypeSymbol? type) => type switch
        {
            null => false,
            { TypeKind: TypeKind.Error } => true,
            IArrayTypeSymbol array => ContainsErrorType(array.ElementType),
            INamedTypeSymbol named => named.TypeArguments.Any(ContainsErrorType),
            _ => false,
        };

        private static List<string> CoreAccessProblems(Compilation compilation)
        {
            var problems = new List<string>();
            foreach (SyntaxTree tree in ShellTrees(compilation))
            {
                SemanticModel model = compilation.GetSemanticModel(tree);
                foreach (UsingDirectiveSyntax directive in tree.GetRoot().DescendantNodes().OfType<UsingDirectiveSyntax>())
                {
                    string ns = directive.NamespaceOrType.ToString();
                    if (IsUnder(ns, CoreNamespace) && !s_allowedCoreNamespaces.Any(a => IsUnder(ns, a)))
                    {
                        problems.Add(Where(directive.GetLocation()) + ": using " + ns + ": the shell may use only " + string.Join(", ", s_allowedCoreNamespaces));
                    }
                }
                foreach (SimpleNameSyntax name in tree.GetRoot().DescendantNodes().OfType<SimpleNameSyntax>())
                {
                    if (name.Ancestors().OfType<UsingDirectiveSyntax>().Any())
                    {
                        continue;
                    }
                    ISymbol? symbol = model.GetSymbolInfo(name).Symbol;
                    string? problem = symbol == null ? null : CoreSymbolProblem(symbol);
                    if (problem != null)
                    {
                        problems.Add(Where(name.GetLocation()) + ": " + symbol!.ToDisplayString() + " " + problem);
                    }
                }
            }
            return problems;
        }

        private static string? CoreSymbolProblem(ISymbol symbol)
        {
            if (symbol is INamespaceSymbol || symbol.Kind == SymbolKind.Local || symbol.Kind == SymbolKind.Parameter)
            {
                return null;
            }
            INamedTypeSymbol? type = symbol as INamedTypeSymbol ?? symbol.ContainingType;
            string ns = type?.ContainingNamespace?.ToDisplayString() ?? "";
            if (!IsUnder(ns, CoreNamespace) || type!.Locations.All(l => !IsCoreSource(l)))
            {
                return null;
            }
            if (!s_allowedCoreNamespaces.Any(a => IsUnder(ns, a)))
            {
                return "is in " + ns + ", outside the core API the shell may use";
            }
            for (ISymbol? s = symbol; s != null && s.Kind != SymbolKind.Namespace; s = s.ContainingSymbol)
            {
                if (s.DeclaredAccessibility != Accessibility.Public && s.DeclaredAccessibility != Accessibility.NotApplicable)
                {
                    return "is not public (" + s.DeclaredAccessibility + " " + s.Name + "): the core is a separate assembly on the device";
                }
            }
            return null;
        }

        private static List<string> AdapterProblems(Compilation compilation)
        {
            var problems = new List<string>();
            foreach (INamedTypeSymbol type in ShellTypes(compilation))
            {
                if (type.ContainingType != null)
                {
                    problems.Add(type.ToDisplayString() + ": nested type; the shell keeps one adapter type per file");
                    continue;
                }
                bool adapter = type.AllInterfaces.Any(i => i.ContainingNamespace.ToDisplayString() == "Gateway.Firmware.Core.Platform");
                if (!adapter && !s_shellRoles.Contains(type.Name))
                {
                    problems.Add(type.ToDisplayString() + ": implements no Gateway.Firmware.Core.Platform interface and is not one of "
                        + string.Join(", ", s_shellRoles) + "; logic belongs in the core");
                }
            }
            return problems;
        }

        private static List<string> ComplexityProblems(Compilation compilation)
        {
            var problems = new List<string>();
            foreach (SyntaxTree tree in ShellTrees(compilation))
            {
                foreach (SyntaxNode body in tree.GetRoot().DescendantNodes().Where(IsCodeBlockOwner))
                {
                    int complexity = 1 + body.DescendantNodes().Count(IsDecision) + body.DescendantTokens().Count(IsDecisionToken);
                    if (complexity > MaxComplexity)
                    {
                        problems.Add(Where(body.GetLocation()) + ": " + Describe(body) + " has cyclomatic complexity " + complexity
                            + " (limit " + MaxComplexity + "): split it, or move the decision into the core where it can be tested");
                    }
                }
            }
            return problems;
        }

        private static List<string> PinAndSleepProblems(Compilation compilation)
        {
            string[] pinTakers = { "SetPinFunction", "OpenPin", "I2cConnectionSettings", "Ws2812c", "Ws2812b" };
            var problems = new List<string>();
            foreach (SyntaxTree tree in ShellTrees(compilation))
            {
                foreach (SyntaxNode node in tree.GetRoot().DescendantNodes())
                {
                    string? callee = Callee(node);
                    ArgumentListSyntax? args = (node as InvocationExpressionSyntax)?.ArgumentList ?? (node as BaseObjectCreationExpressionSyntax)?.ArgumentList;
                    if (callee == null || args == null)
                    {
                        continue;
                    }
                    if (pinTakers.Contains(callee) && args.Arguments.Count > 0 && args.Arguments[0].Expression is LiteralExpressionSyntax)
                    {
                        problems.Add(Where(node.GetLocation()) + ": " + callee + " with a literal pin number; pins come from the board profile");
                    }
                    if (callee == "Sleep" && node.ToString().StartsWith("Thread.", StringComparison.Ordinal))
                    {
                        problems.Add(Where(node.GetLocation()) + ": Thread.Sleep; the main loop waits on the transport's event queue (WaitOne) so events wake it");
                    }
                }
            }
            return problems;
        }

        // ------------------------------------------------------------------ helpers

        private static List<SourceFile> ShellWithCore()
        {
            var files = new List<SourceFile>();
            files.AddRange(GuardTestSupport.RepositoryFiles(CoreDirectory, check: false));
            files.AddRange(GuardTestSupport.RepositoryFiles(ShellDirectory, check: true));
            Assert.True(files.Count(f => f.Check) >= 20, "the shell's sources were found under " + ShellDirectory);
            return files;
        }

        private static List<SourceFile> WithCore(string snippet)
        {
            var files = new List<SourceFile>();
            files.AddRange(GuardTestSupport.RepositoryFiles(CoreDirectory, check: false));
            files.Add(new SourceFile("Snippet.cs", snippet));
            return files;
        }

        private static Compilation Compile(IEnumerable<SourceFile> files)
        {
            var parseOptions = new CSharpParseOptions(LanguageVersion.Latest);
            IEnumerable<SyntaxTree> trees = files.Select(f => CSharpSyntaxTree.ParseText(f.Text, parseOptions,
                (f.Check ? "shell:" : "core:") + f.Path));
            return CSharpCompilation.Create("Esp32ShellCheck", trees, RuntimeReferences.Value,
                new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
        }

        private static readonly Lazy<ImmutableArray<MetadataReference>> RuntimeReferences = new(() =>
        {
            string tpa = AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES") as string ?? "";
            string frameworkDir = Path.GetDirectoryName(typeof(object).Assembly.Location) ?? "";
            return tpa.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
                .Where(p => string.Equals(Path.GetDirectoryName(p), frameworkDir, StringComparison.Ordinal) && p.EndsWith(".dll", StringComparison.OrdinalIgnoreCase))
                .Select(p => (MetadataReference)MetadataReference.CreateFromFile(p))
                .ToImmutableArray();
        });

        private static IEnumerable<SyntaxTree> ShellTrees(Compilation compilation) =>
            compilation.SyntaxTrees.Where(t => t.FilePath.StartsWith("shell:", StringComparison.Ordinal));

        private static bool IsCoreSource(Location location) =>
            location.IsInSource && location.SourceTree!.FilePath.StartsWith("core:", StringComparison.Ordinal);

        private static IEnumerable<INamedTypeSymbol> ShellTypes(Compilation compilation)
        {
            foreach (SyntaxTree tree in ShellTrees(compilation))
            {
                SemanticModel model = compilation.GetSemanticModel(tree);
                foreach (BaseTypeDeclarationSyntax declaration in tree.GetRoot().DescendantNodes().OfType<BaseTypeDeclarationSyntax>())
                {
                    if (model.GetDeclaredSymbol(declaration) is INamedTypeSymbol type)
                    {
                        yield return type;
                    }
                }
            }
        }

        private static bool IsCodeBlockOwner(SyntaxNode node) =>
            node is BaseMethodDeclarationSyntax || node is AccessorDeclarationSyntax || node is LocalFunctionStatementSyntax
            || (node is PropertyDeclarationSyntax property && property.ExpressionBody != null);

        /// <summary>McCabe decision points: branches, loops, case labels, catch clauses, conditional expressions.</summary>
        private static bool IsDecision(SyntaxNode node) =>
            node is IfStatementSyntax || node is WhileStatementSyntax || node is DoStatementSyntax || node is ForStatementSyntax
            || node is CommonForEachStatementSyntax || node is CatchClauseSyntax || node is ConditionalExpressionSyntax
            || node is CaseSwitchLabelSyntax || node is CasePatternSwitchLabelSyntax || node is SwitchExpressionArmSyntax
            || node is ConditionalAccessExpressionSyntax;

        /// <summary>Short-circuit operators add a path each.</summary>
        private static bool IsDecisionToken(SyntaxToken token) =>
            token.IsKind(SyntaxKind.AmpersandAmpersandToken) || token.IsKind(SyntaxKind.BarBarToken) || token.IsKind(SyntaxKind.QuestionQuestionToken);

        private static string Describe(SyntaxNode body) => body switch
        {
            MethodDeclarationSyntax m => "method " + m.Identifier.ValueText,
            ConstructorDeclarationSyntax c => "constructor " + c.Identifier.ValueText,
            AccessorDeclarationSyntax a => a.Keyword.ValueText + " accessor",
            LocalFunctionStatementSyntax l => "local function " + l.Identifier.ValueText,
            PropertyDeclarationSyntax p => "property " + p.Identifier.ValueText,
            _ => body.Kind().ToString(),
        };

        private static string? Callee(SyntaxNode node) => node switch
        {
            InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax access } => access.Name.Identifier.ValueText,
            InvocationExpressionSyntax { Expression: IdentifierNameSyntax identifier } => identifier.Identifier.ValueText,
            ObjectCreationExpressionSyntax creation => creation.Type is QualifiedNameSyntax q ? q.Right.Identifier.ValueText : creation.Type.ToString(),
            _ => null,
        };

        private static bool IsUnder(string ns, string root) => ns == root || ns.StartsWith(root + ".", StringComparison.Ordinal);

        private static string Where(Location location)
        {
            FileLinePositionSpan span = location.GetLineSpan();
            string path = span.Path.Substring(span.Path.IndexOf(':') + 1);
            return path + ":" + (span.StartLinePosition.Line + 1);
        }
    }
}
