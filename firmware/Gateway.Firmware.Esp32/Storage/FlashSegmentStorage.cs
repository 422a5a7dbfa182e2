using System;
using System.IO;
using Gateway.Firmware.Core.Platform;

namespace Gateway.Firmware.Esp32.Storage
{
    /// <summary>
    /// The durable buffer's segments as files on the internal flash file system (I:\, littlefs on ESP32):
    /// <c>I:\gateway\buffer\seg-00.bin</c>, <c>seg-01.bin</c>... Appends open the file in append mode, write, flush and
    /// close it, so each append is committed before the call returns (littlefs commits on close and never leaves a
    /// half-written block visible; a power cut keeps a prefix of the append at worst, which the core's CRC framing
    /// detects). Segments are only appended to and deleted, never rewritten in place.
    /// </summary>
    public sealed class FlashSegmentStorage : ISegmentStorage
    {
        private readonly string[] _paths;
        private readonly int[] _lengths;
        private readonly int _capacityBytes;

        /// <summary>Opens (or creates) the segment folder and learns the current segment lengths.</summary>
        /// <param name="directory">Folder with a trailing backslash, e.g. <c>I:\gateway\buffer\</c>.</param>
        /// <param name="segmentCount">Number of segments.</param>
        /// <param name="capacityBytes">Largest size of one segment.</param>
        public FlashSegmentStorage(string directory, int segmentCount, int capacityBytes)
        {
            _capacityBytes = capacityBytes;
            if (!Directory.Exists(directory))
            {
                Directory.CreateDirectory(directory);
            }
            _paths = new string[segmentCount];
            _lengths = new int[segmentCount];
            for (int i = 0; i < segmentCount; i++)
            {
                // Paths are built once: appends on the sample path allocate no strings.
                _paths[i] = directory + "seg-" + (i < 10 ? "0" : "") + i.ToString() + ".bin";
                _lengths[i] = LengthOnFlash(_paths[i]);
            }
        }

        /// <summary>Number of segments.</summary>
        public int SegmentCount => _paths.Length;

        /// <summary>Largest size of one segment, bytes.</summary>
        public int SegmentCapacityBytes => _capacityBytes;

        /// <summary>Bytes stored in the segment (kept in RAM, learnt from the files at boot).</summary>
        public int GetLength(int segment) => _lengths[segment];

        /// <summary>Reads up to <paramref name="count"/> bytes at <paramref name="offset"/>.</summary>
        public int Read(int segment, int offset, byte[] buffer, int bufferOffset, int count)
        {
            int available = _lengths[segment] - offset;
            if (available <= 0 || count <= 0)
            {
                return 0;
            }
            int wanted = count < available ? count : available;
            using (FileStream file = new FileStream(_paths[segment], FileMode.Open, FileAccess.Read))
            {
                file.Seek(offset, SeekOrigin.Begin);
                int total = 0;
                while (total < wanted)
                {
                    int read = file.Read(buffer, bufferOffset + total, wanted - total);
                    if (read <= 0)
                    {
                        break;
                    }
                    total += read;
                }
                return total;
            }
        }

        /// <summary>Appends and commits the bytes before returning.</summary>
        public void Append(int segment, byte[] buffer, int bufferOffset, int count)
        {
            using (FileStream file = new FileStream(_paths[segment], FileMode.Append, FileAccess.Write))
            {
                file.Write(buffer, bufferOffset, count);
                file.Flush();
            }
            _lengths[segment] += count;
        }

        /// <summary>Deletes the segment's file.</summary>
        public void Erase(int segment)
        {
            if (File.Exists(_paths[segment]))
            {
                File.Delete(_paths[segment]);
            }
            _lengths[segment] = 0;
        }

        private static int LengthOnFlash(string path)
        {
            if (!File.Exists(path))
            {
                return 0;
            }
            using (FileStream file = new FileStream(path, FileMode.Open, FileAccess.Read))
            {
                return (int)file.Length;
            }
        }
    }
}
