using System.Collections.Generic;
using Xunit;
using static Gateway.NanoApiGuard.Tests.GuardTestSupport;

namespace Gateway.NanoApiGuard.Tests
{
    /// <summary>
    /// Stable nanoFramework has these (subset-notes §4-§7); on .NET some bind to other overloads or to compiler
    /// helpers (§11), and the guard must not flag them.
    /// </summary>
    public class AllowedUseTests
    {
        private const string Usings = "using System;\nusing System.Collections;\nusing System.Text;\nusing System.Threading;";

        [Theory]
        [InlineData("string s = string.Format(\"{0}\", x);")]
        [InlineData("string s = string.Format(\"{0} {1} {2} {3}\", x, y, o, x);")]
        [InlineData("string[] parts = \"a,b\".Split(',');")]
        [InlineData("string s = $\"x{y}\";")]
        [InlineData("string s = \"n=\" + y + \" x=\" + x.ToString(\"F2\") + o;")]
        [InlineData("lock (o) { }")]
        [InlineData("int sum = 0; foreach (int v in arr) { sum += v; }")]
        [InlineData("double r = Math.Round(x);")]
        [InlineData("DateTime now = DateTime.UtcNow;")]
        [InlineData("bool signalled = new ManualResetEvent(false).WaitOne(100, false);")]
        [InlineData("ArrayList list = new ArrayList(); list.Add(o); int n = list.Count; object first = list[0];")]
        [InlineData("Hashtable table = new Hashtable(); table[\"k\"] = o; object v = table[\"k\"]; bool has = table.Contains(\"k\");")]
        [InlineData("long bits = BitConverter.DoubleToInt64Bits(x);")]
        [InlineData("byte[] bytes = Encoding.UTF8.GetBytes(\"abc\");")]
        [InlineData("StringBuilder sb = new StringBuilder(); sb.Append(\"a\").Append(y); string s = sb.ToString();")]
        [InlineData("string s = o.ToString() + arr.Length + \"abc\".Length + \"abc\"[1];")]
        [InlineData("int i = Array.IndexOf(arr, 3);")]
        [InlineData("if (o is string text && text.StartsWith(\"a\")) { throw new ArgumentException(\"bad \" + text, nameof(o)); }")]
        [InlineData("using (var stream = new System.IO.MemoryStream()) { stream.WriteByte(1); }")]
        [InlineData("int h = DayOfWeek.Monday.GetHashCode(); string d = DayOfWeek.Monday.ToString();")]
        [InlineData("Thread.Sleep(TimeSpan.FromMilliseconds(1)); Interlocked.Increment(ref y);")]
        public void Stable_API_uses_are_not_flagged(string statement)
        {
            string code = Snippet(Usings,
                "        public object Run(double x, int y, object o, int[] arr)\n" +
                "        {\n" +
                "            " + statement + "\n" +
                "            return o;\n" +
                "        }");

            IReadOnlyList<GuardViolation> violations = CheckSnippet(code);

            Assert.True(violations.Count == 0, Describe(violations));
        }

        [Fact]
        public void Members_inherited_from_external_bases_resolve_through_the_type_hierarchy()
        {
            string code = Snippet(Usings,
                "        public sealed class Broken : Exception\n" +
                "        {\n" +
                "            public Broken(string message) : base(message) { }\n" +
                "            public string Describe() => Message + GetType() + GetHashCode() + ToString();\n" +
                "        }\n" +
                "        public struct Pair { public int A; }\n" +
                "        public bool Same(Pair a, object b) => a.Equals(b) && a.GetHashCode() == 0 && a.ToString() != null;");

            IReadOnlyList<GuardViolation> violations = CheckSnippet(code);

            Assert.True(violations.Count == 0, Describe(violations));
        }
    }
}
