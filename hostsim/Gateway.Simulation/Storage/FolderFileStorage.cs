using System;
using System.IO;
using System.Text;
using Gateway.Firmware.Core.Platform;

namespace Gateway.Simulation.Storage
{
    /// <summary>
    /// The node's small files (<c>device.conf</c>, certificates) as files in the node's state folder, the host
    /// counterpart of the ESP32's <c>I:\gateway\</c>. Writes are atomic: the text goes to <c>name.tmp</c> first and is then
    /// renamed over the old file, so a crash leaves either the old or the new content, never a mix.
    /// </summary>
    public sealed class FolderFileStorage : IFileStorage
    {
        /// <summary>Suffix of the temporary file used by <see cref="WriteAllText"/>.</summary>
        public const string TemporarySuffix = ".tmp";

        private static readonly UTF8Encoding s_utf8 = new UTF8Encoding(false, false);

        /// <summary>Uses <paramref name="folder"/>, creating it when missing.</summary>
        /// <param name="folder">The node's state folder.</param>
        /// <param name="durability">Whether written files are also flushed to disk.</param>
        /// <exception cref="ArgumentException">When <paramref name="folder"/> is empty.</exception>
        public FolderFileStorage(string folder, StorageDurability durability = StorageDurability.OsBuffered)
        {
            if (string.IsNullOrEmpty(folder))
            {
                throw new ArgumentException("folder: must name the node's state folder", nameof(folder));
            }
            Folder = folder;
            Durability = durability;
            Directory.CreateDirectory(folder);
        }

        /// <summary>The folder holding the files.</summary>
        public string Folder { get; }

        /// <summary>Whether written files are flushed to disk.</summary>
        public StorageDurability Durability { get; }

        /// <summary>Number of completed <see cref="WriteAllText"/> calls.</summary>
        public int Writes { get; private set; }

        /// <summary>Full path of the file called <paramref name="name"/>.</summary>
        /// <exception cref="ArgumentException">When <paramref name="name"/> is not a plain file name (see <see cref="IsValidName"/>).</exception>
        public string PathOf(string name)
        {
            CheckName(name);
            return Path.Combine(Folder, name);
        }

        /// <inheritdoc />
        public string? ReadAllText(string name)
        {
            string path = PathOf(name);
            if (!File.Exists(path))
            {
                return null;
            }
            return File.ReadAllText(path, s_utf8);
        }

        /// <inheritdoc />
        public void WriteAllText(string name, string content)
        {
            if (content == null)
            {
                throw new ArgumentNullException(nameof(content));
            }
            string path = PathOf(name);
            string temporary = path + TemporarySuffix;
            byte[] bytes = s_utf8.GetBytes(content);
            using (FileStream stream = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None))
            {
                stream.Write(bytes, 0, bytes.Length);
                stream.Flush(Durability == StorageDurability.Flush);
            }
            File.Move(temporary, path, true);
            Writes++;
        }

        /// <summary>Deletes the file when it exists (a test or the provisioning tool starting over).</summary>
        public void Delete(string name)
        {
            string path = PathOf(name);
            if (File.Exists(path))
            {
                File.Delete(path);
            }
        }

        /// <summary>
        /// True for a plain file name: 1 to 64 characters <c>A-Z a-z 0-9 . - _</c>, not starting with <c>.</c>
        /// (the rule of <c>tls.*_file</c> in docs/CONFIG.md), so no name can reach outside the node's folder.
        /// </summary>
        public static bool IsValidName(string? name)
        {
            if (name == null || name.Length < 1 || name.Length > 64 || name[0] == '.')
            {
                return false;
            }
            for (int i = 0; i < name.Length; i++)
            {
                char c = name[i];
                bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '-' || c == '_';
                if (!ok)
                {
                    return false;
                }
            }
            return true;
        }

        private static void CheckName(string name)
        {
            if (!IsValidName(name))
            {
                throw new ArgumentException("file name '" + name + "': must be 1 to 64 characters A-Z a-z 0-9 . - _, not starting with '.', no folders", nameof(name));
            }
        }
    }
}
