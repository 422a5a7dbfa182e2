using System;
using System.Collections.Generic;

namespace Gateway.Simulation.Scenarios
{
    /// <summary>One problem in a scenario file: where (a JSON path such as <c>fleet[1].count</c>) and what is accepted.</summary>
    public sealed class ScenarioError
    {
        /// <summary>Creates an error.</summary>
        public ScenarioError(string path, string message)
        {
            Path = path ?? string.Empty;
            Message = message ?? string.Empty;
        }

        /// <summary>
        /// JSON path of the offending value: property names joined by dots, array indexes in brackets, names that are not
        /// plain identifiers quoted (<c>fleet[0].alarms["pm2_5.high"]</c>); empty for the file as a whole.
        /// </summary>
        public string Path { get; }

        /// <summary>What is wrong and what is accepted.</summary>
        public string Message { get; }

        /// <inheritdoc />
        public override string ToString() => Path.Length == 0 ? Message : Path + ": " + Message;
    }

    /// <summary>A scenario file was rejected; <see cref="Errors"/> lists every problem found (not only the first).</summary>
    public sealed class ScenarioException : Exception
    {
        /// <summary>Creates the exception.</summary>
        /// <param name="source">The file or scenario name the errors are about.</param>
        /// <param name="errors">The problems found.</param>
        public ScenarioException(string source, IReadOnlyList<ScenarioError> errors)
            : base(Describe(source, errors))
        {
            SourceName = source;
            Errors = errors;
        }

        /// <summary>The file or scenario name.</summary>
        public string SourceName { get; }

        /// <summary>Every problem found.</summary>
        public IReadOnlyList<ScenarioError> Errors { get; }

        private static string Describe(string source, IReadOnlyList<ScenarioError> errors)
        {
            string[] lines = new string[errors.Count + 1];
            lines[0] = source + ": " + errors.Count + (errors.Count == 1 ? " problem" : " problems") + " in the scenario";
            for (int i = 0; i < errors.Count; i++)
            {
                lines[i + 1] = "  " + errors[i];
            }
            return string.Join(System.Environment.NewLine, lines);
        }
    }
}
