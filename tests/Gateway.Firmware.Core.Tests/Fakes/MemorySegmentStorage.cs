using System;
using System.IO;
using Gateway.Firmware.Core.Platform;

namespace Gateway.Firmware.Core.Tests.Fakes
{
    /// <summary>
    /// In-memory <see cref="ISegmentStorage"/> that can lose power at any byte: after a set number of further
    /// appended bytes, the append that crosses the mark stores only the bytes before it and throws
    /// <see cref="IOException"/>; every later call throws too until <see cref="PowerOn"/>. The contents survive,
    /// so a test "reboots" by calling <see cref="PowerOn"/> and building a new buffer over the same instance.
    /// Counts bytes written, fills and erases per segment (flash wear) and bytes read (read cost).
    /// Written in the nanoFramework subset (a portable test double).
    /// </summary>
    public sealed class MemorySegmentStorage : ISegmentStorage
    {
        private readonly byte[][] _data;
        private readonly int[] _length;
        private readonly long[] _bytesWritten;
        private readonly int[] _eraseCount;
        private readonly int[] _fillCount;
        private long _bytesUntilCut = -1;
        private bool _cutBeforeErase;
        private bool _dead;

        /// <summary>Creates <paramref name="segmentCount"/> empty segments of <paramref name="segmentCapacityBytes"/> each.</summary>
        public MemorySegmentStorage(int segmentCount, int segmentCapacityBytes)
        {
            SegmentCount = segmentCount;
            SegmentCapacityBytes = segmentCapacityBytes;
            _data = new byte[segmentCount][];
            for (int s = 0; s < segmentCount; s++)
            {
                _data[s] = new byte[segmentCapacityBytes];
            }
            _length = new int[segmentCount];
            _bytesWritten = new long[segmentCount];
            _eraseCount = new int[segmentCount];
            _fillCount = new int[segmentCount];
        }

        /// <inheritdoc />
        public int SegmentCount { get; }

        /// <inheritdoc />
        public int SegmentCapacityBytes { get; }

        /// <summary>True after a power cut, until <see cref="PowerOn"/>.</summary>
        public bool IsDead => _dead;

        /// <summary>Bytes appended to all segments since creation (torn prefixes included).</summary>
        public long TotalBytesWritten { get; private set; }

        /// <summary>Number of Append calls that stored at least the start of their bytes.</summary>
        public long AppendCalls { get; private set; }

        /// <summary>Bytes returned by Read since creation or <see cref="ResetReadCounter"/>.</summary>
        public long BytesRead { get; private set; }

        /// <summary>Total Erase calls since creation.</summary>
        public int TotalErases { get; private set; }

        /// <summary>
        /// Arms a power cut: after <paramref name="bytes"/> more appended bytes the device dies. The append that
        /// would write byte number bytes+1 stores only its first bytes up to the mark and throws. When
        /// <paramref name="cutBeforeErase"/> is true, an Erase reached with no bytes left dies before erasing
        /// (so a cut between an append and the erase after it can be tested too).
        /// </summary>
        public void PowerCutAfterBytes(long bytes, bool cutBeforeErase)
        {
            _bytesUntilCut = bytes;
            _cutBeforeErase = cutBeforeErase;
        }

        /// <summary>Restores power (the contents are kept, the cut is disarmed): the "reboot" of a test.</summary>
        public void PowerOn()
        {
            _dead = false;
            _bytesUntilCut = -1;
        }

        /// <summary>Flips bits of one stored byte (XOR with <paramref name="mask"/>), like flash bit rot.</summary>
        public void Corrupt(int segment, int offset, byte mask)
        {
            _data[segment][offset] ^= mask;
        }

        /// <summary>Stored byte at an offset (for tests that inspect the format).</summary>
        public byte ByteAt(int segment, int offset)
        {
            return _data[segment][offset];
        }

        /// <summary>Bytes appended to <paramref name="segment"/> since creation.</summary>
        public long BytesWrittenTo(int segment)
        {
            return _bytesWritten[segment];
        }

        /// <summary>Erase calls on <paramref name="segment"/> since creation.</summary>
        public int ErasesOf(int segment)
        {
            return _eraseCount[segment];
        }

        /// <summary>Times <paramref name="segment"/> went from empty to holding data.</summary>
        public int FillsOf(int segment)
        {
            return _fillCount[segment];
        }

        /// <summary>Sets <see cref="BytesRead"/> back to 0.</summary>
        public void ResetReadCounter()
        {
            BytesRead = 0;
        }

        /// <inheritdoc />
        public int GetLength(int segment)
        {
            ThrowIfDead();
            return _length[segment];
        }

        /// <inheritdoc />
        public int Read(int segment, int offset, byte[] buffer, int bufferOffset, int count)
        {
            ThrowIfDead();
            int available = _length[segment] - offset;
            if (available <= 0)
            {
                return 0;
            }
            int n = count < available ? count : available;
            Array.Copy(_data[segment], offset, buffer, bufferOffset, n);
            BytesRead += n;
            return n;
        }

        /// <inheritdoc />
        public void Append(int segment, byte[] buffer, int bufferOffset, int count)
        {
            ThrowIfDead();
            if (_length[segment] + count > SegmentCapacityBytes)
            {
                throw new IOException("append of " + count + " bytes overflows segment " + segment + " (" + _length[segment] + " of " + SegmentCapacityBytes + " used)");
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
                if (_length[segment] == 0)
                {
                    _fillCount[segment]++;
                }
                Array.Copy(buffer, bufferOffset, _data[segment], _length[segment], stored);
                _length[segment] += stored;
                _bytesWritten[segment] += stored;
                TotalBytesWritten += stored;
                AppendCalls++;
            }
            if (_bytesUntilCut >= 0)
            {
                _bytesUntilCut -= stored;
            }
            if (cut)
            {
                _dead = true;
                throw new IOException("power cut");
            }
        }

        /// <inheritdoc />
        public void Erase(int segment)
        {
            ThrowIfDead();
            if (_cutBeforeErase && _bytesUntilCut == 0)
            {
                _dead = true;
                throw new IOException("power cut");
            }
            _length[segment] = 0;
            _eraseCount[segment]++;
            TotalErases++;
        }

        private void ThrowIfDead()
        {
            if (_dead)
            {
                throw new IOException("device is powered off");
            }
        }
    }
}
