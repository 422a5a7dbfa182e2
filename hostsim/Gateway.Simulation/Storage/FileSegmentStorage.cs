using System;
using System.Buffers.Binary;
using System.IO;
using Gateway.Firmware.Core.Platform;
using Microsoft.Win32.SafeHandles;

namespace Gateway.Simulation.Storage
{
    /// <summary>
    /// The node's flash ring (<see cref="ISegmentStorage"/>) as ONE file per node, so that a fleet of thousands of nodes
    /// needs thousands of files, not tens of thousands. Opening the same path again is a reboot: everything appended
    /// before is there. <see cref="CutPowerAfterBytes"/> simulates a power cut in the middle of a write.
    /// </summary>
    /// <remarks>
    /// <para>File layout (all integers little endian):</para>
    /// <code>
    /// offset 0              header, 32 bytes: magic "GWSEGS01" (8 ASCII bytes), format version u32 = 1,
    ///                       segment count u32, segment capacity in bytes u32, data offset u32, 8 reserved bytes (0)
    /// offset 32             length table: one i32 per segment, the bytes stored in that segment
    /// data offset           segment 0 (capacity bytes), segment 1, ... segment N-1; data offset = 32 + 4·N
    ///                       rounded up to a multiple of 512
    /// </code>
    /// <para>An append writes the data bytes first and then the segment's length entry, so a crash between the two
    /// leaves the old length (nothing of the append visible). A simulated power cut stores the first n bytes of the
    /// append <i>and</i> their length, i.e. the harder case for the buffer: a torn frame that restore must skip.
    /// Erase sets the length to 0 (the old bytes stay in the file but are never read). A new file is created sparse.</para>
    /// <para>Reads and writes go through <see cref="RandomAccess"/> on one handle: no managed buffering, no shared file
    /// position. Not thread-safe: a node's storage is used by the thread ticking that node.</para>
    /// </remarks>
    public sealed class FileSegmentStorage : ISegmentStorage, IDisposable
    {
        /// <summary>Bytes of the fixed header at the start of the file.</summary>
        public const int HeaderBytes = 32;

        /// <summary>Format version written in the header.</summary>
        public const int FormatVersion = 1;

        /// <summary>Largest segment count accepted.</summary>
        public const int MaxSegments = 4096;

        /// <summary>Largest segment capacity accepted, bytes (16 MiB).</summary>
        public const int MaxSegmentCapacityBytes = 16 * 1024 * 1024;

        private static readonly byte[] s_magic = new byte[] { (byte)'G', (byte)'W', (byte)'S', (byte)'E', (byte)'G', (byte)'S', (byte)'0', (byte)'1' };

        private readonly int[] _lengths;
        private readonly byte[] _lengthBytes = new byte[4];
        private readonly long _dataOffset;
        private SafeFileHandle? _handle;
        private long _bytesUntilCut = -1;
        private bool _cutBeforeErase;
        private bool _poweredOff;

        /// <summary>
        /// Opens the node's storage file, creating it blank when it does not exist (or is empty). An existing file must
        /// have the same layout.
        /// </summary>
        /// <param name="path">The file, e.g. <c>state/env-sjz-0001/buffer.seg</c>; its folder must exist.</param>
        /// <param name="segmentCount">Number of segments, 2 to <see cref="MaxSegments"/>.</param>
        /// <param name="segmentCapacityBytes">Capacity of each segment, 1 to <see cref="MaxSegmentCapacityBytes"/> bytes.</param>
        /// <param name="durability">Whether each write is also flushed to disk.</param>
        /// <exception cref="ArgumentException">A parameter is out of range (the message says what is accepted).</exception>
        /// <exception cref="InvalidDataException">The file exists with another layout or is not a segment file.</exception>
        /// <exception cref="IOException">The file cannot be opened (for example it is open by another storage instance).</exception>
        public FileSegmentStorage(string path, int segmentCount, int segmentCapacityBytes, StorageDurability durability = StorageDurability.OsBuffered)
        {
            if (string.IsNullOrEmpty(path))
            {
                throw new ArgumentException("path: must name the node's storage file", nameof(path));
            }
            if (segmentCount < 2 || segmentCount > MaxSegments)
            {
                throw new ArgumentOutOfRangeException(nameof(segmentCount), segmentCount, "segmentCount: must be an integer from 2 to " + MaxSegments);
            }
            if (segmentCapacityBytes < 1 || segmentCapacityBytes > MaxSegmentCapacityBytes)
            {
                throw new ArgumentOutOfRangeException(nameof(segmentCapacityBytes), segmentCapacityBytes,
                    "segmentCapacityBytes: must be an integer from 1 to " + MaxSegmentCapacityBytes);
            }
            if (durability != StorageDurability.OsBuffered && durability != StorageDurability.Flush)
            {
                throw new ArgumentOutOfRangeException(nameof(durability), durability, "durability: must be OsBuffered or Flush");
            }
            Path = path;
            SegmentCount = segmentCount;
            SegmentCapacityBytes = segmentCapacityBytes;
            Durability = durability;
            _lengths = new int[segmentCount];
            _dataOffset = DataOffsetFor(segmentCount);

            SafeFileHandle handle;
            try
            {
                // FileShare.None: two live storages on one file would be two devices sharing one flash chip, a runtime bug.
                handle = File.OpenHandle(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException e)
            {
                throw new IOException(path + ": cannot open the node's storage file (is the node still running? dispose the old storage before a reboot): " + e.Message, e);
            }
            try
            {
                long fileLength = RandomAccess.GetLength(handle);
                if (fileLength == 0)
                {
                    Format(handle);
                }
                else
                {
                    Load(handle, fileLength);
                }
            }
            catch
            {
                handle.Dispose();
                throw;
            }
            _handle = handle;
        }

        /// <summary>The storage file.</summary>
        public string Path { get; }

        /// <inheritdoc />
        public int SegmentCount { get; }

        /// <inheritdoc />
        public int SegmentCapacityBytes { get; }

        /// <summary>Whether writes are flushed to disk.</summary>
        public StorageDurability Durability { get; }

        /// <summary>True after a simulated power cut (every call then throws until the file is opened again) or after <see cref="Dispose"/>.</summary>
        public bool IsPoweredOff => _poweredOff || _handle == null;

        /// <summary>Bytes appended since opening (torn prefixes included).</summary>
        public long BytesWritten { get; private set; }

        /// <summary>Append calls that stored at least part of their bytes since opening.</summary>
        public long Appends { get; private set; }

        /// <summary>Erase calls since opening.</summary>
        public long Erases { get; private set; }

        /// <summary>Length-table entries found out of range when the file was opened and clamped (damaged file).</summary>
        public int RepairedLengths { get; private set; }

        /// <summary>Byte offset of segment 0 in the file (see the layout in the remarks).</summary>
        public long DataOffset => _dataOffset;

        /// <summary>Total size of a storage file with this layout, bytes.</summary>
        public long FileLengthBytes => _dataOffset + (long)SegmentCount * SegmentCapacityBytes;

        /// <summary>
        /// Arms a power cut: after <paramref name="bytes"/> more appended bytes the device dies. The append that would
        /// write byte number <paramref name="bytes"/> + 1 stores only the bytes before the mark and throws
        /// <see cref="IOException"/>; every later call throws too. When <paramref name="cutBeforeErase"/> is true, an erase
        /// reached with no bytes left dies before erasing. Open the same path again to reboot.
        /// </summary>
        /// <exception cref="ArgumentOutOfRangeException">When <paramref name="bytes"/> is negative.</exception>
        public void CutPowerAfterBytes(long bytes, bool cutBeforeErase = false)
        {
            if (bytes < 0)
            {
                throw new ArgumentOutOfRangeException(nameof(bytes), bytes, "bytes: must be 0 or more");
            }
            _bytesUntilCut = bytes;
            _cutBeforeErase = cutBeforeErase;
        }

        /// <summary>Cuts the power now (no write in progress): every later call throws; the file is closed.</summary>
        public void CutPowerNow() => PowerOff();

        /// <inheritdoc />
        public int GetLength(int segment)
        {
            ThrowIfOff();
            CheckSegment(segment);
            return _lengths[segment];
        }

        /// <inheritdoc />
        public int Read(int segment, int offset, byte[] buffer, int bufferOffset, int count)
        {
            ThrowIfOff();
            CheckSegment(segment);
            CheckBuffer(buffer, bufferOffset, count);
            if (offset < 0)
            {
                throw new ArgumentOutOfRangeException(nameof(offset), offset, "offset: must be 0 or more");
            }
            int available = _lengths[segment] - offset;
            if (available <= 0 || count == 0)
            {
                return 0;
            }
            int wanted = count < available ? count : available;
            long position = SegmentStart(segment) + offset;
            int done = 0;
            while (done < wanted)
            {
                int n = RandomAccess.Read(_handle!, new Span<byte>(buffer, bufferOffset + done, wanted - done), position + done);
                if (n <= 0)
                {
                    // Sparse tail never written (file cut short by hand): reads as erased flash.
                    new Span<byte>(buffer, bufferOffset + done, wanted - done).Fill(0xFF);
                    break;
                }
                done += n;
            }
            return wanted;
        }

        /// <inheritdoc />
        public void Append(int segment, byte[] buffer, int bufferOffset, int count)
        {
            ThrowIfOff();
            CheckSegment(segment);
            CheckBuffer(buffer, bufferOffset, count);
            int length = _lengths[segment];
            if (length + count > SegmentCapacityBytes)
            {
                throw new IOException(Path + ": append of " + count + " bytes overflows segment " + segment + " (" + length + " of " + SegmentCapacityBytes + " bytes used)");
            }
            int stored = count;
            bool cut = false;
            if (_bytesUntilCut >= 0 && count > _bytesUntilCut)
            {
                stored = (int)_bytesUntilCut;
                cut = true;
            }
            if (stored > 0)
            {
                RandomAccess.Write(_handle!, new ReadOnlySpan<byte>(buffer, bufferOffset, stored), SegmentStart(segment) + length);
                WriteLength(segment, length + stored);
                BytesWritten += stored;
                Appends++;
                if (Durability == StorageDurability.Flush)
                {
                    RandomAccess.FlushToDisk(_handle!);
                }
            }
            if (_bytesUntilCut >= 0)
            {
                _bytesUntilCut -= stored;
            }
            if (cut)
            {
                PowerOff();
                throw new IOException(Path + ": simulated power cut after " + stored + " of " + count + " bytes of an append to segment " + segment);
            }
        }

        /// <inheritdoc />
        public void Erase(int segment)
        {
            ThrowIfOff();
            CheckSegment(segment);
            if (_cutBeforeErase && _bytesUntilCut == 0)
            {
                PowerOff();
                throw new IOException(Path + ": simulated power cut before erasing segment " + segment);
            }
            WriteLength(segment, 0);
            Erases++;
            if (Durability == StorageDurability.Flush)
            {
                RandomAccess.FlushToDisk(_handle!);
            }
        }

        /// <summary>Closes the file. The content stays; opening the path again is a reboot.</summary>
        public void Dispose()
        {
            _handle?.Dispose();
            _handle = null;
        }

        /// <summary>Offset of segment 0 in a file with <paramref name="segmentCount"/> segments.</summary>
        public static long DataOffsetFor(int segmentCount)
        {
            long table = HeaderBytes + 4L * segmentCount;
            return (table + 511) / 512 * 512;
        }

        private long SegmentStart(int segment) => _dataOffset + (long)segment * SegmentCapacityBytes;

        private void Format(SafeFileHandle handle)
        {
            byte[] head = new byte[_dataOffset];
            s_magic.CopyTo(head, 0);
            BinaryPrimitives.WriteInt32LittleEndian(head.AsSpan(8), FormatVersion);
            BinaryPrimitives.WriteInt32LittleEndian(head.AsSpan(12), SegmentCount);
            BinaryPrimitives.WriteInt32LittleEndian(head.AsSpan(16), SegmentCapacityBytes);
            BinaryPrimitives.WriteInt32LittleEndian(head.AsSpan(20), (int)_dataOffset);
            RandomAccess.SetLength(handle, FileLengthBytes);
            RandomAccess.Write(handle, head, 0);
            if (Durability == StorageDurability.Flush)
            {
                RandomAccess.FlushToDisk(handle);
            }
        }

        private void Load(SafeFileHandle handle, long fileLength)
        {
            byte[] header = new byte[HeaderBytes];
            int read = RandomAccess.Read(handle, header, 0);
            if (read == HeaderBytes && header.AsSpan().IndexOfAnyExcept((byte)0) < 0)
            {
                // Created but the header never written (crash right after creating the file): still blank.
                Format(handle);
                return;
            }
            if (read < HeaderBytes || !header.AsSpan(0, 8).SequenceEqual(s_magic))
            {
                throw new InvalidDataException(Path + ": not a Gateway segment storage file (no GWSEGS01 header); delete it to start a blank device");
            }
            int version = BinaryPrimitives.ReadInt32LittleEndian(header.AsSpan(8));
            int count = BinaryPrimitives.ReadInt32LittleEndian(header.AsSpan(12));
            int capacity = BinaryPrimitives.ReadInt32LittleEndian(header.AsSpan(16));
            int dataOffset = BinaryPrimitives.ReadInt32LittleEndian(header.AsSpan(20));
            if (version != FormatVersion)
            {
                throw new InvalidDataException(Path + ": segment file format version " + version + ", this simulator reads version " + FormatVersion);
            }
            if (count != SegmentCount || capacity != SegmentCapacityBytes || dataOffset != _dataOffset)
            {
                throw new InvalidDataException(Path + ": holds " + count + " segments of " + capacity + " bytes, but " + SegmentCount
                    + " segments of " + SegmentCapacityBytes + " bytes were asked for; open it with the layout it has, or delete it to start a blank device");
            }
            if (fileLength < FileLengthBytes)
            {
                RandomAccess.SetLength(handle, FileLengthBytes);
            }
            byte[] table = new byte[4 * SegmentCount];
            RandomAccess.Read(handle, table, HeaderBytes);
            for (int s = 0; s < SegmentCount; s++)
            {
                int length = BinaryPrimitives.ReadInt32LittleEndian(table.AsSpan(4 * s));
                if (length < 0 || length > SegmentCapacityBytes)
                {
                    length = length < 0 ? 0 : SegmentCapacityBytes;
                    RepairedLengths++;
                }
                _lengths[s] = length;
            }
        }

        private void WriteLength(int segment, int length)
        {
            BinaryPrimitives.WriteInt32LittleEndian(_lengthBytes, length);
            RandomAccess.Write(_handle!, _lengthBytes, HeaderBytes + 4L * segment);
            _lengths[segment] = length;
        }

        private void PowerOff()
        {
            _poweredOff = true;
            _bytesUntilCut = -1;
            Dispose();
        }

        private void ThrowIfOff()
        {
            if (_poweredOff)
            {
                throw new IOException(Path + ": the device is powered off (simulated power cut); open the file again to reboot");
            }
            if (_handle == null)
            {
                throw new ObjectDisposedException(nameof(FileSegmentStorage), Path + ": the storage was closed");
            }
        }

        private void CheckSegment(int segment)
        {
            if (segment < 0 || segment >= SegmentCount)
            {
                throw new ArgumentOutOfRangeException(nameof(segment), segment, "segment: must be from 0 to " + (SegmentCount - 1));
            }
        }

        private static void CheckBuffer(byte[] buffer, int bufferOffset, int count)
        {
            if (buffer == null)
            {
                throw new ArgumentNullException(nameof(buffer));
            }
            if (bufferOffset < 0 || count < 0 || bufferOffset > buffer.Length - count)
            {
                throw new ArgumentOutOfRangeException(nameof(count), count,
                    "bufferOffset " + bufferOffset + " and count " + count + " must lie within the buffer of " + buffer.Length + " bytes");
            }
        }
    }
}
