using System;
using System.Collections.Generic;
using System.IO;

namespace Gateway.NanoApiGuard
{
    /// <summary>
    /// The public API of the stable nanoFramework libraries, read from <c>nanoframework-api.txt</c>
    /// (documentation-comment IDs of every public/protected member, listed under the type that declares it)
    /// and <c>nanoframework-types.txt</c> (kind, base type and interfaces of every type, to walk inheritance:
    /// <c>FileStream : Stream</c>, a struct inherits <c>System.ValueType</c>, an enum <c>System.Enum</c>).
    /// Type names are doc-ID names without the <c>T:</c> prefix (<c>System.IO.FileStream</c>, nested types with dots).
    /// </summary>
    public sealed class NanoApiCatalog
    {
        /// <summary>File name of the member list inside the shared nanoframework folder.</summary>
        public const string ApiFileName = "nanoframework-api.txt";

        /// <summary>File name of the type hierarchy list inside the shared nanoframework folder.</summary>
        public const string TypesFileName = "nanoframework-types.txt";

        private readonly HashSet<string> _ids = new(StringComparer.Ordinal);
        private readonly Dictionary<string, TypeEntry> _types = new(StringComparer.Ordinal);
        private readonly HashSet<string> _namespaces = new(StringComparer.Ordinal);
        private readonly Dictionary<string, IReadOnlyList<string>> _ancestorCache = new(StringComparer.Ordinal);

        private NanoApiCatalog()
        {
        }

        /// <summary>Number of types (<c>T:</c> entries) in the catalog.</summary>
        public int TypeCount => _types.Count;

        /// <summary>Number of documentation-comment IDs (types and members) in the catalog.</summary>
        public int IdCount => _ids.Count;

        /// <summary>
        /// Loads both files from a folder (normally <c>&lt;repo root&gt;/../shared/nanoframework</c>, see
        /// <see cref="RepositoryLocator.FindNanoFrameworkDirectory"/>).
        /// </summary>
        /// <param name="nanoFrameworkDirectory">Folder holding <see cref="ApiFileName"/> and <see cref="TypesFileName"/>.</param>
        /// <exception cref="FileNotFoundException">A file is missing; the message names the path that was expected.</exception>
        public static NanoApiCatalog Load(string nanoFrameworkDirectory)
        {
            string apiPath = Path.Combine(nanoFrameworkDirectory, ApiFileName);
            string typesPath = Path.Combine(nanoFrameworkDirectory, TypesFileName);
            foreach (string path in new[] { apiPath, typesPath })
            {
                if (!File.Exists(path))
                {
                    throw new FileNotFoundException(
                        $"The nanoFramework API list is missing: expected {path} (shared/nanoframework/ beside the repository root).", path);
                }
            }
            return Parse(File.ReadAllText(apiPath), File.ReadAllText(typesPath));
        }

        /// <summary>Loads the catalog from the shared folder beside the repository that contains the running tests or tool.</summary>
        /// <param name="extraStartDirectories">More folders to walk up from when looking for Gateway.sln.</param>
        public static NanoApiCatalog LoadDefault(params string[] extraStartDirectories) =>
            Load(RepositoryLocator.FindNanoFrameworkDirectory(RepositoryLocator.FindRepositoryRoot(extraStartDirectories)));

        /// <summary>Builds a catalog from the text of the two files.</summary>
        /// <param name="apiText">Content of nanoframework-api.txt: one doc-ID per line, <c>#</c> comments and <c># assembly: NAME VERSION</c> headers.</param>
        /// <param name="typesText">Content of nanoframework-types.txt: <c>T:Name [modifiers] kind [: T:Base, T:Interface...] [[Obsolete]]</c> per line.</param>
        public static NanoApiCatalog Parse(string apiText, string typesText)
        {
            var catalog = new NanoApiCatalog();
            string assembly = "";
            foreach (string rawLine in apiText.Split('\n'))
            {
                string line = rawLine.Trim();
                if (line.Length == 0)
                {
                    continue;
                }
                if (line.StartsWith("# assembly:", StringComparison.Ordinal))
                {
                    string[] parts = line.Substring("# assembly:".Length).Trim().Split(' ');
                    assembly = parts[0];
                    continue;
                }
                if (line[0] == '#' || line.Length < 3 || line[1] != ':')
                {
                    continue;
                }
                catalog.AddId(line, assembly);
            }

            foreach (string rawLine in typesText.Split('\n'))
            {
                string line = rawLine.Trim();
                if (!line.StartsWith("T:", StringComparison.Ordinal))
                {
                    continue;
                }
                catalog.AddHierarchy(line);
            }
            // A dotted prefix that names a type is an outer type of a nested one, not a namespace.
            catalog._namespaces.RemoveWhere(catalog.HasType);
            return catalog;
        }

        /// <summary>True if the catalog lists this type.</summary>
        /// <param name="typeName">Doc-ID name, with or without the <c>T:</c> prefix (<c>System.Collections.ArrayList</c>).</param>
        public bool HasType(string typeName) => _ids.Contains("T:" + StripTypePrefix(typeName));

        /// <summary>True if some listed type lives in this namespace or one nested in it (<c>System</c>, <c>nanoFramework.M2Mqtt</c>).</summary>
        /// <param name="namespaceName">Dotted namespace name.</param>
        public bool HasNamespace(string namespaceName) => _namespaces.Contains(namespaceName);

        /// <summary>True if this exact documentation-comment ID is listed (no inheritance).</summary>
        /// <param name="docId">A full doc-ID such as <c>M:System.Math.Round(System.Double)</c>.</param>
        public bool ContainsId(string docId) => _ids.Contains(docId);

        /// <summary>The assembly that declares a type (<c>mscorlib</c>, <c>System.Math</c>...), or null if the type is not listed.</summary>
        /// <param name="typeName">Doc-ID name, with or without the <c>T:</c> prefix.</param>
        public string? AssemblyOf(string typeName) =>
            _types.TryGetValue(StripTypePrefix(typeName), out TypeEntry? entry) ? entry.Assembly : null;

        /// <summary>
        /// The kind nanoframework-types.txt gives a type (<c>class</c>, <c>struct</c>, <c>enum</c>, <c>interface</c>,
        /// <c>delegate</c>), or null if the type is not listed there.
        /// </summary>
        /// <param name="typeName">Doc-ID name, with or without the <c>T:</c> prefix.</param>
        public string? KindOf(string typeName) =>
            _types.TryGetValue(StripTypePrefix(typeName), out TypeEntry? entry) && entry.Kind.Length > 0 ? entry.Kind : null;

        /// <summary>
        /// True if the type named in <paramref name="docId"/>, or one of its base types or interfaces, declares the member
        /// with exactly this signature: <c>M:System.IO.FileStream.Flush</c> is found as <c>M:System.IO.Stream.Flush</c>.
        /// A <c>T:</c> ID asks whether the type exists.
        /// </summary>
        /// <param name="docId">A doc-ID (<c>M:</c>, <c>P:</c>, <c>F:</c>, <c>E:</c> or <c>T:</c>).</param>
        public bool HasMember(string docId)
        {
            if (docId.StartsWith("T:", StringComparison.Ordinal))
            {
                return HasType(docId);
            }
            if (!TrySplitMemberId(docId, out char kind, out string typeName, out string signature, out _))
            {
                return false;
            }
            return HasMember(typeName, kind, signature);
        }

        /// <summary>
        /// True if <paramref name="typeName"/> or an ancestor declares a member of this kind and signature.
        /// Constructors (<c>#ctor</c>) are not inherited and are looked up on the type itself only.
        /// </summary>
        /// <param name="typeName">Doc-ID type name (no prefix).</param>
        /// <param name="kind">'M', 'P', 'F' or 'E'.</param>
        /// <param name="signature">Member part of the doc-ID: <c>Read(System.Byte[],System.Int32,System.Int32)</c>, <c>Length</c>.</param>
        public bool HasMember(string typeName, char kind, string signature)
        {
            if (signature.StartsWith("#ctor", StringComparison.Ordinal) || signature.StartsWith("#cctor", StringComparison.Ordinal))
            {
                return _ids.Contains(kind + ":" + StripTypePrefix(typeName) + "." + signature);
            }
            foreach (string ancestor in Ancestors(typeName))
            {
                if (_ids.Contains(kind + ":" + ancestor + "." + signature))
                {
                    return true;
                }
            }
            return false;
        }

        /// <summary>
        /// True if <paramref name="typeName"/> or an ancestor declares any member with this name (any overload, any kind
        /// among methods, properties, fields and events; <c>#ctor</c> only on the type itself).
        /// </summary>
        /// <param name="typeName">Doc-ID type name (no prefix).</param>
        /// <param name="memberName">Simple member name (<c>Publish</c>, <c>Item</c>, <c>#ctor</c>).</param>
        public bool HasMemberNamed(string typeName, string memberName) => MembersNamed(typeName, memberName).Count > 0;

        /// <summary>
        /// Doc-IDs of every member called <paramref name="memberName"/> that <paramref name="typeName"/> declares or inherits
        /// (constructors: the type's own only), nearest type first.
        /// </summary>
        /// <param name="typeName">Doc-ID type name (no prefix).</param>
        /// <param name="memberName">Simple member name; generic arity suffixes are ignored.</param>
        public IReadOnlyList<string> MembersNamed(string typeName, string memberName)
        {
            var result = new List<string>();
            bool constructor = memberName == "#ctor" || memberName == "#cctor";
            foreach (string ancestor in Ancestors(typeName))
            {
                if (_types.TryGetValue(ancestor, out TypeEntry? entry) && entry.MembersByName.TryGetValue(memberName, out List<string>? ids))
                {
                    result.AddRange(ids);
                }
                if (constructor)
                {
                    break;
                }
            }
            return result;
        }

        /// <summary>
        /// The type itself, then its base types and interfaces per nanoframework-types.txt (breadth first), ending at
        /// <c>System.Object</c>. Structs inherit <c>System.ValueType</c>, enums <c>System.Enum</c>, delegates
        /// <c>System.MulticastDelegate</c>, interfaces expose <c>System.Object</c>'s members. A type the catalog does not
        /// list yields only itself.
        /// </summary>
        /// <param name="typeName">Doc-ID type name, with or without the <c>T:</c> prefix.</param>
        public IReadOnlyList<string> Ancestors(string typeName)
        {
            typeName = StripTypePrefix(typeName);
            lock (_ancestorCache)
            {
                if (_ancestorCache.TryGetValue(typeName, out IReadOnlyList<string>? cached))
                {
                    return cached;
                }
            }
            var order = new List<string>();
            var seen = new HashSet<string>(StringComparer.Ordinal);
            var queue = new Queue<string>();
            queue.Enqueue(typeName);
            while (queue.Count > 0)
            {
                string current = queue.Dequeue();
                if (!seen.Add(current))
                {
                    continue;
                }
                order.Add(current);
                if (!_types.TryGetValue(current, out TypeEntry? entry))
                {
                    continue;
                }
                foreach (string parent in entry.Parents)
                {
                    queue.Enqueue(parent);
                }
            }
            // Object's members are reachable from everything that is listed (interfaces included), and come last.
            if (HasType(typeName))
            {
                order.Remove("System.Object");
                order.Add("System.Object");
            }
            lock (_ancestorCache)
            {
                _ancestorCache[typeName] = order;
            }
            return order;
        }

        /// <summary>
        /// Splits a member doc-ID into its kind, declaring type and member signature:
        /// <c>M:System.String.Split(System.Char[])</c> → 'M', <c>System.String</c>, <c>Split(System.Char[])</c>, <c>Split</c>.
        /// </summary>
        /// <param name="docId">A member doc-ID (not <c>T:</c>).</param>
        /// <param name="kind">'M', 'P', 'F' or 'E'.</param>
        /// <param name="typeName">Declaring type's doc-ID name.</param>
        /// <param name="signature">Everything after the type name and its dot (name, parameters, conversion return type).</param>
        /// <param name="memberName">The simple name without parameters or generic arity.</param>
        public static bool TrySplitMemberId(string docId, out char kind, out string typeName, out string signature, out string memberName)
        {
            kind = '\0';
            typeName = signature = memberName = "";
            if (docId.Length < 3 || docId[1] != ':' || docId[0] == 'T')
            {
                return false;
            }
            kind = docId[0];
            string body = docId.Substring(2);
            int end = body.IndexOfAny(new[] { '(', '~' });
            if (end < 0)
            {
                end = body.Length;
            }
            int dot = body.LastIndexOf('.', end - 1);
            if (dot <= 0)
            {
                return false;
            }
            typeName = body.Substring(0, dot);
            signature = body.Substring(dot + 1);
            memberName = body.Substring(dot + 1, end - dot - 1);
            int arity = memberName.IndexOf("``", StringComparison.Ordinal);
            if (arity >= 0)
            {
                memberName = memberName.Substring(0, arity);
            }
            return true;
        }

        /// <summary>
        /// The parameter type names of a method or indexer doc-ID (<c>M:T.F(System.String,System.Object[])</c> →
        /// <c>System.String</c>, <c>System.Object[]</c>); by-reference parameters keep their trailing <c>@</c>.
        /// </summary>
        /// <param name="docId">A member doc-ID.</param>
        public static IReadOnlyList<string> ParameterTypes(string docId)
        {
            int open = docId.IndexOf('(');
            if (open < 0)
            {
                return Array.Empty<string>();
            }
            int close = docId.LastIndexOf(')');
            string list = docId.Substring(open + 1, close - open - 1);
            var result = new List<string>();
            int depth = 0;
            int start = 0;
            for (int i = 0; i < list.Length; i++)
            {
                char c = list[i];
                if (c == '{' || c == '[')
                {
                    depth++;
                }
                else if (c == '}' || c == ']')
                {
                    depth--;
                }
                else if (c == ',' && depth == 0)
                {
                    result.Add(list.Substring(start, i - start));
                    start = i + 1;
                }
            }
            if (list.Length > 0)
            {
                result.Add(list.Substring(start));
            }
            return result;
        }

        private static string StripTypePrefix(string typeName) =>
            typeName.StartsWith("T:", StringComparison.Ordinal) ? typeName.Substring(2) : typeName;

        private TypeEntry GetOrAddType(string name)
        {
            if (!_types.TryGetValue(name, out TypeEntry? entry))
            {
                entry = new TypeEntry(name);
                _types.Add(name, entry);
            }
            return entry;
        }

        private void AddId(string id, string assembly)
        {
            _ids.Add(id);
            if (id[0] == 'T')
            {
                string name = id.Substring(2);
                GetOrAddType(name).Assembly = assembly;
                // Every dotted prefix is a candidate namespace; a prefix that is itself a type (nesting) is not one.
                for (int dot = name.IndexOf('.'); dot > 0; dot = name.IndexOf('.', dot + 1))
                {
                    _namespaces.Add(name.Substring(0, dot));
                }
                return;
            }
            if (TrySplitMemberId(id, out _, out string typeName, out _, out string memberName))
            {
                TypeEntry entry = GetOrAddType(typeName);
                if (!entry.MembersByName.TryGetValue(memberName, out List<string>? list))
                {
                    list = new List<string>();
                    entry.MembersByName.Add(memberName, list);
                }
                list.Add(id);
            }
        }

        private void AddHierarchy(string line)
        {
            // T:Name [abstract|sealed|static] kind [: T:Base, T:I1, ...] [[Obsolete]]
            int obsolete = line.IndexOf(" [", StringComparison.Ordinal);
            if (obsolete > 0)
            {
                line = line.Substring(0, obsolete);
            }
            string head = line;
            string tail = "";
            int colon = line.IndexOf(" : ", StringComparison.Ordinal);
            if (colon > 0)
            {
                head = line.Substring(0, colon);
                tail = line.Substring(colon + 3);
            }
            string[] words = head.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            string name = words[0].Substring(2);
            string kind = words[words.Length - 1];
            var listed = new List<string>();
            foreach (string part in tail.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                if (part.StartsWith("T:", StringComparison.Ordinal))
                {
                    listed.Add(part.Substring(2));
                }
            }

            TypeEntry entry = GetOrAddType(name);
            entry.Kind = kind;
            switch (kind)
            {
                case "enum":
                    // The listed type is the underlying integer type, not a base: enum members come from System.Enum.
                    entry.Parents.Add("System.Enum");
                    break;
                case "struct":
                    entry.Parents.Add("System.ValueType");
                    entry.Parents.AddRange(listed);
                    break;
                case "delegate":
                    entry.Parents.Add("System.MulticastDelegate");
                    break;
                default:
                    entry.Parents.AddRange(listed);
                    break;
            }
        }

        private sealed class TypeEntry
        {
            public TypeEntry(string name)
            {
                Name = name;
            }

            public string Name { get; }

            public string Assembly { get; set; } = "";

            public string Kind { get; set; } = "";

            public List<string> Parents { get; } = new();

            public Dictionary<string, List<string>> MembersByName { get; } = new(StringComparer.Ordinal);
        }
    }
}
