using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;

namespace Gateway.NanoApiGuard
{
    /// <summary>One C# file handed to the guard: compiled always, checked only when <see cref="Check"/> is true.</summary>
    public sealed class SourceFile
    {
        /// <summary>Creates a source file.</summary>
        /// <param name="path">Path used in violations (any form: absolute or repository-relative).</param>
        /// <param name="text">The C# source text.</param>
        /// <param name="check">
        /// False for files compiled only so that the checked files resolve (host stand-ins such as the
        /// nanoFramework.TestFramework adapter): their own code is not checked.
        /// </param>
        public SourceFile(string path, string text, bool check = true)
        {
            Path = path ?? throw new ArgumentNullException(nameof(path));
            Text = text ?? throw new ArgumentNullException(nameof(text));
            Check = check;
        }

        /// <summary>Path used in violations.</summary>
        public string Path { get; }

        /// <summary>The C# source text.</summary>
        public string Text { get; }

        /// <summary>Whether the guard checks this file (false: compiled for reference only).</summary>
        public bool Check { get; }

        /// <summary>
        /// Every <c>*.cs</c> file under <paramref name="directory"/> (recursively), skipping <c>bin/</c> and <c>obj/</c>
        /// build output, in ordinal path order.
        /// </summary>
        /// <param name="directory">Folder to read.</param>
        /// <param name="check">Whether the files are checked or only compiled for reference.</param>
        /// <exception cref="DirectoryNotFoundException">The folder does not exist.</exception>
        public static IReadOnlyList<SourceFile> FromDirectory(string directory, bool check = true)
        {
            if (!Directory.Exists(directory))
            {
                throw new DirectoryNotFoundException($"No source folder at {directory}.");
            }
            string root = System.IO.Path.GetFullPath(directory);
            return Directory.EnumerateFiles(root, "*.cs", SearchOption.AllDirectories)
                .Where(path => !IsBuildOutput(System.IO.Path.GetRelativePath(root, path)))
                .OrderBy(path => path, StringComparer.Ordinal)
                .Select(path => new SourceFile(path, File.ReadAllText(path), check))
                .ToList();
        }

        private static bool IsBuildOutput(string relativePath)
        {
            foreach (string segment in relativePath.Split(System.IO.Path.DirectorySeparatorChar, System.IO.Path.AltDirectorySeparatorChar))
            {
                if (segment == "bin" || segment == "obj")
                {
                    return true;
                }
            }
            return false;
        }
    }
}
