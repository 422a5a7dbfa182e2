namespace Gateway.NanoApiGuard
{
    /// <summary>One use of something the stable nanoFramework libraries or runtime lack.</summary>
    public sealed class GuardViolation
    {
        /// <summary>Creates a violation.</summary>
        /// <param name="file">Path of the offending file, as given in <see cref="SourceFile.Path"/>.</param>
        /// <param name="line">1-based line.</param>
        /// <param name="column">1-based column.</param>
        /// <param name="member">What was used: a doc-ID (<c>M:System.Math.Round(System.Double,System.Int32)</c>) or the construct's source text.</param>
        /// <param name="reason">Why it is not allowed (one of <see cref="GuardReasons"/>, possibly with detail appended).</param>
        public GuardViolation(string file, int line, int column, string member, string reason)
        {
            File = file;
            Line = line;
            Column = column;
            Member = member;
            Reason = reason;
        }

        /// <summary>Path of the offending file.</summary>
        public string File { get; }

        /// <summary>1-based line.</summary>
        public int Line { get; }

        /// <summary>1-based column.</summary>
        public int Column { get; }

        /// <summary>The member (doc-ID) or construct (source text) that was used.</summary>
        public string Member { get; }

        /// <summary>Why it is not allowed on stable nanoFramework.</summary>
        public string Reason { get; }

        /// <summary>"path:line:col: member — reason", the form compilers use, so editors can jump to it.</summary>
        public override string ToString() => $"{File}:{Line}:{Column}: {Member} — {Reason}";
    }
}
