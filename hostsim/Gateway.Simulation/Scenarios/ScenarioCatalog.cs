using System;
using System.Collections.Generic;
using System.IO;
using System.Text.Json;

namespace Gateway.Simulation.Scenarios
{
    /// <summary>One built-in scenario file.</summary>
    public sealed class ScenarioCatalogEntry
    {
        internal ScenarioCatalogEntry(string name, string summary, string path)
        {
            Name = name;
            Summary = summary;
            Path = path;
        }

        /// <summary>Name to load it by (the file name without <c>.json</c>).</summary>
        public string Name { get; }

        /// <summary>One-line description (first line of the file's <c>description</c>).</summary>
        public string Summary { get; }

        /// <summary>The file.</summary>
        public string Path { get; }
    }

    /// <summary>
    /// The built-in scenarios: the <c>*.json</c> files of the repository's <c>seeds/</c> folder. The folder is found by
    /// walking up from the application's directory to the folder holding <c>Gateway.sln</c> (running from a checkout,
    /// edits take effect at once), else in the application's own <c>seeds/</c> folder (the build copies the files there).
    /// Scenarios are loaded by name (<c>cold-chain</c>) or by file path (anything that names an existing file or ends in <c>.json</c>).
    /// </summary>
    public sealed class ScenarioCatalog
    {
        /// <summary>The scenario run when none is named.</summary>
        public const string DefaultName = "hebei-air-quality";

        /// <summary>Uses the scenario files in <paramref name="seedsFolder"/>.</summary>
        public ScenarioCatalog(string seedsFolder)
        {
            if (string.IsNullOrEmpty(seedsFolder))
            {
                throw new ArgumentException("seedsFolder: must name the folder holding the scenario files", nameof(seedsFolder));
            }
            Folder = seedsFolder;
        }

        /// <summary>The folder holding the scenario files.</summary>
        public string Folder { get; }

        /// <summary>The catalog of the repository's or the application's <c>seeds/</c> folder.</summary>
        /// <exception cref="DirectoryNotFoundException">When neither exists; the message says where it looked.</exception>
        public static ScenarioCatalog Locate()
        {
            string? folder = FindSeedsFolder(AppContext.BaseDirectory);
            if (folder == null)
            {
                throw new DirectoryNotFoundException("no seeds/ folder with scenario files: looked beside Gateway.sln above "
                    + AppContext.BaseDirectory + " and in " + Path.Combine(AppContext.BaseDirectory, "seeds")
                    + "; pass a scenario file path instead");
            }
            return new ScenarioCatalog(folder);
        }

        /// <summary>
        /// Finds the seeds folder: the <c>seeds</c> folder beside the first <c>Gateway.sln</c> found walking up from
        /// <paramref name="startDirectory"/>, else <paramref name="startDirectory"/>/seeds; null when neither has scenario files.
        /// </summary>
        public static string? FindSeedsFolder(string startDirectory)
        {
            DirectoryInfo? directory = new DirectoryInfo(startDirectory);
            while (directory != null)
            {
                if (File.Exists(Path.Combine(directory.FullName, "Gateway.sln")))
                {
                    string repoSeeds = Path.Combine(directory.FullName, "seeds");
                    if (HasScenarioFiles(repoSeeds))
                    {
                        return repoSeeds;
                    }
                    break;
                }
                directory = directory.Parent;
            }
            string copied = Path.Combine(startDirectory, "seeds");
            return HasScenarioFiles(copied) ? copied : null;
        }

        /// <summary>Every scenario file in the folder, by name. A file that cannot be read is listed with the reason as its summary.</summary>
        public IReadOnlyList<ScenarioCatalogEntry> List()
        {
            List<ScenarioCatalogEntry> entries = new List<ScenarioCatalogEntry>();
            if (!Directory.Exists(Folder))
            {
                return entries;
            }
            string[] files = Directory.GetFiles(Folder, "*.json");
            Array.Sort(files, StringComparer.Ordinal);
            for (int i = 0; i < files.Length; i++)
            {
                entries.Add(new ScenarioCatalogEntry(Path.GetFileNameWithoutExtension(files[i]), ReadSummary(files[i]), files[i]));
            }
            return entries;
        }

        /// <summary>Names of the scenarios, comma-separated.</summary>
        public string Names
        {
            get
            {
                IReadOnlyList<ScenarioCatalogEntry> entries = List();
                string[] names = new string[entries.Count];
                for (int i = 0; i < names.Length; i++)
                {
                    names[i] = entries[i].Name;
                }
                return string.Join(", ", names);
            }
        }

        /// <summary>Loads the default scenario (<see cref="DefaultName"/>).</summary>
        public Scenario LoadDefault() => Load(DefaultName);

        /// <summary>Loads a scenario by name (a file of the folder) or by file path.</summary>
        /// <exception cref="ScenarioException">Unknown name, missing file, or an invalid scenario; the errors say which and what is accepted.</exception>
        public Scenario Load(string nameOrPath)
        {
            if (string.IsNullOrEmpty(nameOrPath))
            {
                throw new ScenarioException("(no scenario)", new ScenarioError[] { new ScenarioError(string.Empty, "name a scenario (" + Names + ") or a scenario file") });
            }
            if (File.Exists(nameOrPath) || nameOrPath.EndsWith(".json", StringComparison.OrdinalIgnoreCase)
                || nameOrPath.IndexOf('/') >= 0 || nameOrPath.IndexOf('\\') >= 0)
            {
                return ScenarioLoader.LoadFile(nameOrPath);
            }
            string path = Path.Combine(Folder, nameOrPath + ".json");
            if (!File.Exists(path))
            {
                throw new ScenarioException(nameOrPath, new ScenarioError[]
                {
                    new ScenarioError(string.Empty, "no built-in scenario called '" + nameOrPath + "': the built-in ones are " + Names + " (in " + Folder + "); or give a file path"),
                });
            }
            return ScenarioLoader.LoadFile(path);
        }

        private static bool HasScenarioFiles(string folder) => Directory.Exists(folder) && Directory.GetFiles(folder, "*.json").Length > 0;

        private static string ReadSummary(string path)
        {
            try
            {
                using (JsonDocument document = JsonDocument.Parse(File.ReadAllText(path), new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true }))
                {
                    JsonElement description;
                    if (document.RootElement.ValueKind == JsonValueKind.Object
                        && document.RootElement.TryGetProperty("description", out description)
                        && description.ValueKind == JsonValueKind.String)
                    {
                        string text = description.GetString() ?? string.Empty;
                        int end = text.IndexOf('\n');
                        return (end < 0 ? text : text.Substring(0, end)).Trim();
                    }
                    return "(no description)";
                }
            }
            catch (JsonException e)
            {
                return "(not valid JSON: " + e.Message + ")";
            }
            catch (IOException e)
            {
                return "(cannot read: " + e.Message + ")";
            }
        }
    }
}
