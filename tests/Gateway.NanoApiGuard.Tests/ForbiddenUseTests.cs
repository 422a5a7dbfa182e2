using System.Collections.Generic;
using System.Linq;
using Xunit;
using static Gateway.NanoApiGuard.Tests.GuardTestSupport;

namespace Gateway.NanoApiGuard.Tests
{
    /// <summary>
    /// Each snippet compiles on .NET but not on a stable nanoFramework device; the guard must name the member or
    /// construct, the reason, and the line (marked in the snippet).
    /// </summary>
    public class ForbiddenUseTests
    {
        private const string Usings = "using System;\nusing System.Collections;\nusing System.Threading;";

        [Fact]
        public void List_of_T_is_flagged_as_generic() =>
            AssertFlagged("using System.Collections.Generic;",
                "        public int F() { List<int> items = new List<int>(); return 0; }",
                marker: "List<int> items", member: "List<int>", reason: GuardReasons.Generic);

        [Fact]
        public void Dictionary_is_flagged_as_generic() =>
            AssertFlagged("using System.Collections.Generic;",
                "        public void F() { var map = new Dictionary<string, int>(); }",
                marker: "Dictionary<string, int>", member: "Dictionary<string, int>", reason: GuardReasons.Generic);

        [Fact]
        public void Generic_method_declaration_is_flagged() =>
            AssertFlagged(Usings,
                "        public T Echo<T>(T value) { return value; }",
                marker: "Echo<T>", member: "Echo<T>", reason: GuardReasons.Generic);

        [Fact]
        public void Nullable_int_is_flagged() =>
            AssertFlagged(Usings,
                "        public int? Find() { return null; }",
                marker: "int? Find", member: "int?", reason: GuardReasons.NullableValueType);

        [Fact]
        public void Tuple_type_and_literal_are_flagged() =>
            AssertFlagged(Usings,
                "        public (int, int) Pair() { return (1, 2); }",
                marker: "Pair()", member: "(int, int)", reason: GuardReasons.Tuple);

        [Fact]
        public void Record_is_flagged() =>
            AssertFlagged(Usings,
                "        public record Point(int X, int Y);",
                marker: "record Point", member: "record Point", reason: GuardReasons.Record);

        [Fact]
        public void Yield_return_is_flagged() =>
            AssertFlagged(Usings,
                "        public IEnumerable Numbers()\n        {\n            yield return 1;\n        }",
                marker: "yield return", member: "yield return", reason: GuardReasons.Iterator);

        [Fact]
        public void Linq_Where_is_flagged() =>
            AssertFlagged("using System.Linq;",
                "        public int[] Positive(int[] values)\n        {\n            return values.Where(v => v > 0).ToArray();\n        }",
                marker: "values.Where", member: "M:System.Linq.Enumerable.Where", reason: GuardReasons.Linq);

        [Fact]
        public void Async_Task_method_is_flagged() =>
            AssertFlagged("using System.Threading.Tasks;",
                "        public async Task Run()\n        {\n            await Task.Delay(1);\n        }",
                marker: "async Task Run", member: "async", reason: GuardReasons.Async);

        [Fact]
        public void Decimal_is_flagged() =>
            AssertFlagged(Usings,
                "        public decimal Price() { return 1.5m; }",
                marker: "decimal Price", member: "decimal", reason: GuardReasons.Decimal);

        [Fact]
        public void Math_Round_with_digits_is_flagged() =>
            AssertFlagged(Usings,
                "        public double Rounded(double x)\n        {\n            return Math.Round(x, 2);\n        }",
                marker: "Math.Round", member: "M:System.Math.Round(System.Double,System.Int32)", reason: GuardReasons.NotInApiList);

        [Fact]
        public void Math_Abs_of_long_is_flagged_although_it_would_widen_to_float_on_the_device() =>
            AssertFlagged(Usings,
                "        public long Magnitude(long ticks)\n        {\n            return Math.Abs(ticks);\n        }",
                marker: "Math.Abs", member: "M:System.Math.Abs(System.Int64)", reason: GuardReasons.NoBindableOverload);

        [Fact]
        public void String_Contains_char_is_flagged() =>
            AssertFlagged(Usings,
                "        public bool HasComma(string text)\n        {\n            return text.Contains(',');\n        }",
                marker: "text.Contains", member: "M:System.String.Contains(System.Char)", reason: GuardReasons.NoBindableOverload);

        [Fact]
        public void WaitOne_with_timeout_only_is_flagged() =>
            AssertFlagged(Usings,
                "        public bool Wait()\n        {\n            return new AutoResetEvent(false).WaitOne(100);\n        }",
                marker: "WaitOne(100)", member: "M:System.Threading.WaitHandle.WaitOne(System.Int32)", reason: GuardReasons.NotInApiList);

        [Fact]
        public void DateTime_Now_is_flagged() =>
            AssertFlagged(Usings,
                "        public DateTime When()\n        {\n            return DateTime.Now;\n        }",
                marker: "DateTime.Now", member: "P:System.DateTime.Now", reason: GuardReasons.NotInApiList);

        [Fact]
        public void String_Replace_is_flagged() =>
            AssertFlagged(Usings,
                "        public string Swap()\n        {\n            return \"a\".Replace(\"a\", \"b\");\n        }",
                marker: "Replace", member: "M:System.String.Replace(System.String,System.String)", reason: GuardReasons.NotInApiList);

        [Fact]
        public void String_Join_is_flagged() =>
            AssertFlagged(Usings,
                "        public string Csv(string[] parts)\n        {\n            return string.Join(\",\", parts);\n        }",
                marker: "string.Join", member: "M:System.String.Join(", reason: GuardReasons.NotInApiList);

        [Fact]
        public void Char_IsDigit_is_flagged() =>
            AssertFlagged(Usings,
                "        public bool Digit(char c)\n        {\n            return char.IsDigit(c);\n        }",
                marker: "char.IsDigit", member: "M:System.Char.IsDigit(System.Char)", reason: GuardReasons.NotInApiList);

        [Fact]
        public void Array_Sort_is_flagged() =>
            AssertFlagged(Usings,
                "        public void Order(int[] values)\n        {\n            Array.Sort(values);\n        }",
                marker: "Array.Sort", member: "M:System.Array.Sort", reason: GuardReasons.NotInApiList);

        [Fact]
        public void ArrayList_Sort_is_flagged() =>
            AssertFlagged(Usings,
                "        public void Order(ArrayList values)\n        {\n            values.Sort();\n        }",
                marker: "values.Sort", member: "M:System.Collections.ArrayList.Sort", reason: GuardReasons.NotInApiList);

        [Fact]
        public void Enum_GetValues_is_flagged() =>
            AssertFlagged(Usings,
                "        public Array Days()\n        {\n            return Enum.GetValues(typeof(DayOfWeek));\n        }",
                marker: "Enum.GetValues", member: "M:System.Enum.GetValues", reason: GuardReasons.NotInApiList);

        [Fact]
        public void Stackalloc_is_flagged() =>
            AssertFlagged(Usings,
                "        public int Scratch()\n        {\n            var buffer = stackalloc byte[4];\n            return 0;\n        }",
                marker: "stackalloc", member: "stackalloc", reason: GuardReasons.Stackalloc);

        [Fact]
        public void Dynamic_is_flagged() =>
            AssertFlagged(Usings,
                "        public object Late(object o)\n        {\n            dynamic d = o;\n            return o;\n        }",
                marker: "dynamic d", member: "dynamic", reason: GuardReasons.Dynamic);

        [Fact]
        public void Missing_members_are_reported_with_file_line_and_column() =>
            Assert.Equal(
                "Snippet.cs:8:43: M:System.Math.Round(System.Double,System.Int32) — " + GuardReasons.NoBindableOverload +
                "; nanoFramework has M:System.Math.Round(System.Double)",
                Assert.Single(CheckSnippet(Snippet(Usings, "        public double R(double x) => Math.Round(x, 2);"))).ToString());

        /// <summary>
        /// The snippet must yield a violation on the marked line naming <paramref name="member"/> with
        /// <paramref name="reason"/>; any other violation must be on that line too or carry the same reason
        /// (e.g. the using directive of a forbidden namespace), so nothing legitimate in the snippet is flagged.
        /// </summary>
        private static void AssertFlagged(string usings, string members, string marker, string member, string reason)
        {
            string code = Snippet(usings, members);
            int line = LineOf(code, marker);
            IReadOnlyList<GuardViolation> violations = CheckSnippet(code);

            Assert.True(
                violations.Any(v => v.Line == line && v.Member.Contains(member, System.StringComparison.Ordinal) &&
                                    v.Reason.Contains(reason, System.StringComparison.Ordinal)),
                $"expected '{member}' — '{reason}' on line {line}; got {Describe(violations)}");
            List<GuardViolation> unexpected = violations
                .Where(v => v.Line != line && !v.Reason.Contains(reason, System.StringComparison.Ordinal))
                .ToList();
            Assert.True(unexpected.Count == 0, "unexpected: " + Describe(unexpected));
            Assert.All(violations, v => Assert.Equal("Snippet.cs", v.File));
        }
    }
}
