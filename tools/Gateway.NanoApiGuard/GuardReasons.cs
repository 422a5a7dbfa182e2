namespace Gateway.NanoApiGuard
{
    /// <summary>
    /// The reason texts of <see cref="GuardViolation.Reason"/>. Each forbidden construct has its own, citing
    /// shared/nanoframework/subset-notes.md; API misses all contain "not in nanoframework-api.txt".
    /// </summary>
    public static class GuardReasons
    {
        /// <summary>Text common to every API miss.</summary>
        public const string NotInApiList = "not in nanoframework-api.txt";

        /// <summary>A type the stable libraries do not have.</summary>
        public const string MissingType = "type " + NotInApiList;

        /// <summary>A member with no declaration of that name on the type or its ancestors.</summary>
        public const string MissingMember = "member " + NotInApiList;

        /// <summary>Members of that name exist, but no overload could bind the arguments (subset-notes §11).</summary>
        public const string NoBindableOverload = "overload " + NotInApiList + " (no overload there binds these arguments)";

        /// <summary>A namespace no stable library declares (a using directive for it fails to compile on the device).</summary>
        public const string MissingNamespace = "namespace " + NotInApiList;

        /// <summary>Generic type or method use or declaration (subset-notes §1).</summary>
        public const string Generic = "generics are not supported by stable nanoFramework 1.x (subset-notes §1)";

        /// <summary>Anonymous types compile to generic classes.</summary>
        public const string AnonymousType = "anonymous types compile to generic classes, unsupported by stable nanoFramework 1.x (subset-notes §1)";

        /// <summary><c>int?</c> / <c>Nullable&lt;T&gt;</c> (subset-notes §1, §2).</summary>
        public const string NullableValueType = "nullable value types need System.Nullable<T>, absent on stable nanoFramework (subset-notes §2)";

        /// <summary>Tuples and deconstruction (subset-notes §2).</summary>
        public const string Tuple = "tuples and deconstruction need System.ValueTuple, absent on nanoFramework (subset-notes §2)";

        /// <summary>Records (subset-notes §2).</summary>
        public const string Record = "records need IEquatable<T>, absent on nanoFramework (subset-notes §2)";

        /// <summary>Iterators (subset-notes §2).</summary>
        public const string Iterator = "iterators (yield) need IEnumerator<T>, absent on nanoFramework (subset-notes §2)";

        /// <summary>LINQ (subset-notes §2).</summary>
        public const string Linq = "LINQ (System.Linq) is not available on nanoFramework (subset-notes §2)";

        /// <summary>async/await and tasks (subset-notes §2, §7).</summary>
        public const string Async = "async/await and System.Threading.Tasks are not available on nanoFramework (subset-notes §2)";

        /// <summary>decimal (subset-notes §2).</summary>
        public const string Decimal = "decimal is not available on nanoFramework (subset-notes §2)";

        /// <summary>stackalloc (subset-notes §2).</summary>
        public const string Stackalloc = "stackalloc needs Span<T>, absent on nanoFramework; use a preallocated byte[] or SpanByte (subset-notes §2)";

        /// <summary>dynamic.</summary>
        public const string Dynamic = "dynamic needs the DLR (Microsoft.CSharp), absent on nanoFramework";

        /// <summary>Multidimensional arrays (subset-notes §2).</summary>
        public const string MultidimensionalArray = "multidimensional arrays are not supported by the nanoFramework runtime; use jagged arrays (subset-notes §2)";

        /// <summary>Index/range operators.</summary>
        public const string IndexOrRange = "index (^) and range (..) operators need System.Index/System.Range, absent on nanoFramework";

        /// <summary>Required members.</summary>
        public const string RequiredMember = "required members need RequiredMemberAttribute, absent on nanoFramework";

        /// <summary>The sources do not compile on .NET (an unresolved name in code that must build for both targets).</summary>
        public const string DoesNotCompile = "does not compile on .NET";
    }
}
