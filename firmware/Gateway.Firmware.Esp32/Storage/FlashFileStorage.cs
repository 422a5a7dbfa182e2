using System;
using System.IO;
using Gateway.Firmware.Core.Platform;

namespace Gateway.Firmware.Esp32.Storage
{
    /// <summary>
    /// Small named files under <c>I:\gateway\</c>: device.conf, board.conf, the certificates and key. Replacing a file
    /// is made atomic with what the stable System.IO.FileSystem offers (File.Move does not overwrite, as on .NET):
    /// write <c>name.tmp</c>, delete <c>name</c>, move <c>name.tmp</c> to <c>name</c>. A power cut between the delete and
    /// the move leaves only <c>name.tmp</c>, complete; <see cref="ReadAllText"/> finishes the move first.
    /// </summary>
    public sealed class FlashFileStorage : IFileStorage
    {
        private const string TemporarySuffix = ".tmp";

        private readonly string _directory;

        /// <summary>Uses <paramref name="directory"/> (with a trailing backslash), creating it if needed.</summary>
        public FlashFileStorage(string directory)
        {
            _directory = directory;
            if (!Directory.Exists(directory))
            {
                Directory.CreateDirectory(directory);
            }
        }

        /// <summary>The whole file as text, or null when it does not exist.</summary>
        public string? ReadAllText(string name)
        {
            string path = _directory + name;
            string temporary = path + TemporarySuffix;
            if (!File.Exists(path) && File.Exists(temporary))
            {
                File.Move(temporary, path);
            }
            return File.Exists(path) ? File.ReadAllText(path) : null;
        }

        /// <summary>Replaces the file: temporary file, then rename.</summary>
        public void WriteAllText(string name, string content)
        {
            string path = _directory + name;
            string temporary = path + TemporarySuffix;
            File.WriteAllText(temporary, content);
            if (File.Exists(path))
            {
                File.Delete(path);
            }
            File.Move(temporary, path);
        }

        /// <summary>Deletes the file if it exists (the reset-cause marker).</summary>
        public void Delete(string name)
        {
            string path = _directory + name;
            if (File.Exists(path))
            {
                File.Delete(path);
            }
        }
    }
}
