using System;
using Gateway.Firmware.Core.Platform;

namespace Gateway.Benchmarks.Fakes
{
    /// <summary>
    /// Segments held in preallocated byte arrays: the storage under the durable buffer in every benchmark. It allocates nothing
    /// after construction, so whatever an allocation measurement finds belongs to the core. It counts what flash would see.
    /// </summary>
    public sealed class InMemorySegmentStorage : ISegmentStorage
    {
        private readonly byte[][] _segments;
        private readonly int[] _lengths;

        /// <summary>Creates <paramref name="segmentCount"/> empty segments of <paramref name="segmentCapacityBytes"/> bytes.</summary>
        public InMemorySegmentStorage(int segmentCount, int segmentCapacityBytes)
        {
            if (segmentCount < 1)
            {
                throw new ArgumentOutOfRangeException(nameof(segmentCount), segmentCount, "segmentCount must be at least 1");
            }
            if (segmentCapacityBytes < 1)
            {
                throw new ArgumentOutOfRangeException(nameof(segmentCapacityBytes), segmentCapacityBytes, "segmentCapacityBytes must be at least 1");
            }
            SegmentCount = segmentCount;
            SegmentCapacityBytes = segmentCapacityBytes;
            _segments = new byte[segmentCount][];
            for (int s = 0; s < segmentCount; s++)
            {
                _segments[s] = new byte[segmentCapacityBytes];
            }
            _lengths = new int[segmentCount];
        }

        public int SegmentCount { get; }

        public int SegmentCapacityBytes { get; }

        /// <summary>Bytes appended since creation (flash writes).</summary>
        public long BytesAppended { get; private set; }

        /// <summary>Erase calls since creation.</summary>
        public long Erases { get; private set; }

        public int GetLength(int segment) => _lengths[segment];

        public int Read(int segment, int offset, byte[] buffer, int bufferOffset, int count)
        {
            int available = _lengths[segment] - offset;
            if (available <= 0)
            {
                return 0;
            }
            int n = Math.Min(count, available);
            Buffer.BlockCopy(_segments[segment], offset, buffer, bufferOffset, n);
            return n;
        }

        public void Append(int segment, byte[] buffer, int bufferOffset, int count)
        {
            int length = _lengths[segment];
            if (length + count > SegmentCapacityBytes)
            {
                // The buffer never asks for this; a message rather than a silent truncation if a core change ever does.
                throw new InvalidOperationException(
                    $"append of {count} bytes overflows segment {segment} ({length} of {SegmentCapacityBytes} bytes used)");
            }
            Buffer.BlockCopy(buffer, bufferOffset, _segments[segment], length, count);
            _lengths[segment] = length + count;
            BytesAppended += count;
        }

        public void Erase(int segment)
        {
            _lengths[segment] = 0;
            Erases++;
        }
    }
}
