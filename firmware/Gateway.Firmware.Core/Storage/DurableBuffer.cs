using System;
using Gateway.Firmware.Core.Platform;
using Gateway.Firmware.Core.Readings;

namespace Gateway.Firmware.Core.Storage
{
    /// <summary>
    /// Store-and-forward buffer of readings on flash: every reading is framed and appended to an
    /// <see cref="ISegmentStorage"/> segment before it counts as taken, stays there until ingestion confirms it end to
    /// end (<see cref="Confirm"/>), and survives reboots and power cuts at any byte.
    /// </summary>
    /// <remarks>
    /// <para>On-flash format. Each segment is a sequence of frames, all little endian:
    /// <c>magic 0xB5 (u8) | type (u8) | payload length (u16) | payload | CRC-32 (u32)</c>, the CRC (IEEE 802.3,
    /// <see cref="Crc32"/>) covering header and payload. A torn or corrupted frame fails the CRC and is skipped; the scan
    /// resynchronises on the next magic byte whose frame checks out.</para>
    /// <para>Type 0x01, reading (26 bytes): sequence i64, time ms i64, metric u8, kind u8, value f64 (IEEE 754 bits).
    /// Type 0x02, checkpoint (40 bytes): confirmedThrough i64, evictedCount i64, nextSequence i64, evictedThrough i64,
    /// generation i64. Frames of other types with a valid CRC are skipped (room for later record kinds).</para>
    /// <para>Segments are used one at a time as the head; a new head always starts with a checkpoint, and
    /// each new head gets the next generation number, so <see cref="Restore"/> can order segments by content
    /// (sequence and generation stamps) whatever their index. The head is never erased, so the latest checkpoint
    /// and the latest reading are always on flash: <see cref="NextSequence"/> never goes back, even when every
    /// reading has been confirmed and erased.</para>
    /// <para>Flash wear: appends only. One frame per reading; a checkpoint only when a new head is opened or the
    /// confirmed cursor advances; a segment is erased only when it is reused or all it holds is confirmed.</para>
    /// <para>Memory: a fixed summary per segment (first/last sequence, counts, lengths) and one frame buffer, all
    /// allocated in the constructor, so <see cref="Append"/>, <see cref="ReadFrom"/>, <see cref="TryRead"/> and
    /// <see cref="Confirm"/> allocate nothing.</para>
    /// </remarks>
    public sealed class DurableBuffer
    {
        /// <summary>Bytes one reading occupies on flash (header, payload, CRC).</summary>
        public const int ReadingFrameBytes = HeaderBytes + ReadingPayloadBytes + CrcBytes;

        /// <summary>Bytes one checkpoint occupies on flash (header, payload, CRC).</summary>
        public const int CheckpointFrameBytes = HeaderBytes + CheckpointPayloadBytes + CrcBytes;

        /// <summary>Smallest usable segment: a fresh head must hold its opening checkpoint and one reading.</summary>
        public const int MinimumSegmentCapacityBytes = CheckpointFrameBytes + ReadingFrameBytes;

        private const byte Magic = 0xB5;
        private const byte TypeReading = 0x01;
        private const byte TypeCheckpoint = 0x02;
        private const int HeaderBytes = 4;
        private const int CrcBytes = 4;
        private const int ReadingPayloadBytes = 26;
        private const int CheckpointPayloadBytes = 40;

        // Longest payload accepted from flash; frames of unknown type up to this size are skipped, not treated as damage.
        private const int MaxPayloadBytes = 64;
        private const int FrameBufferBytes = HeaderBytes + MaxPayloadBytes + CrcBytes;

        private readonly ISegmentStorage _storage;
        private readonly int _segmentCount;
        private readonly int _capacityBytes;

        // The one frame buffer for encoding, decoding and scanning.
        private readonly byte[] _frame = new byte[FrameBufferBytes];
        private readonly Reading[] _single = new Reading[1];

        // Per-segment summary, O(SegmentCount). End = append position after the last valid frame;
        // Stored = bytes on storage (larger than End when a torn or corrupt tail follows the last valid frame).
        private readonly int[] _segEnd;
        private readonly int[] _segStored;
        private readonly long[] _segFirst;
        private readonly long[] _segLast;
        private readonly long[] _segCount;
        private readonly bool[] _segContiguous;
        private readonly long[] _segLive;
        private readonly long[] _segFirstLive;
        private readonly long[] _segGeneration;
        private readonly long[] _segStamp;
        private readonly int[] _segTailReadings;

        private bool _restored;
        private long _nextSequence = 1;
        private long _confirmedThrough;
        private long _evictedCount;
        private long _evictedThrough;
        private long _generation;
        private long _corruptBytesSkipped;
        private int _head = -1;
        private bool _headWritable;

        // Read cursor: every reading stored in _cursorSegment before _cursorOffset has a sequence below _cursorSequence.
        private int _cursorSegment = -1;
        private int _cursorOffset;
        private long _cursorSequence;

        /// <summary>Creates a buffer over <paramref name="storage"/>; call <see cref="Restore"/> before use.</summary>
        /// <exception cref="ArgumentNullException">When <paramref name="storage"/> is null.</exception>
        /// <exception cref="ArgumentException">When the storage has fewer than 2 segments or segments smaller than
        /// <see cref="MinimumSegmentCapacityBytes"/>.</exception>
        public DurableBuffer(ISegmentStorage storage)
        {
            if (storage == null)
            {
                throw new ArgumentNullException(nameof(storage));
            }
            if (storage.SegmentCount < 2)
            {
                throw new ArgumentException("storage needs at least 2 segments (one head plus one to roll over to), has " + storage.SegmentCount, nameof(storage));
            }
            if (storage.SegmentCapacityBytes < MinimumSegmentCapacityBytes)
            {
                throw new ArgumentException("segments must hold at least " + MinimumSegmentCapacityBytes + " bytes (a checkpoint and a reading), have " + storage.SegmentCapacityBytes, nameof(storage));
            }
            _storage = storage;
            _segmentCount = storage.SegmentCount;
            _capacityBytes = storage.SegmentCapacityBytes;
            _segEnd = new int[_segmentCount];
            _segStored = new int[_segmentCount];
            _segFirst = new long[_segmentCount];
            _segLast = new long[_segmentCount];
            _segCount = new long[_segmentCount];
            _segContiguous = new bool[_segmentCount];
            _segLive = new long[_segmentCount];
            _segFirstLive = new long[_segmentCount];
            _segGeneration = new long[_segmentCount];
            _segStamp = new long[_segmentCount];
            _segTailReadings = new int[_segmentCount];
        }

        /// <summary>
        /// Sequence the next <see cref="Append"/> assigns. 1 on a blank device; never repeats, also after everything
        /// was confirmed and erased, across reboots and power cuts. (A reading whose append was cut short never
        /// became durable and was never returned to anyone, so its number may be handed out again.)
        /// </summary>
        public long NextSequence => _nextSequence;

        /// <summary>Highest sequence confirmed end to end by ingestion (0 = none); survives reboot.</summary>
        public long ConfirmedThrough => _confirmedThrough;

        /// <summary>Readings stored and not yet confirmed (evicted ones excluded).</summary>
        public long Depth
        {
            get
            {
                long depth = 0;
                for (int s = 0; s < _segmentCount; s++)
                {
                    depth += _segLive[s];
                }
                return depth;
            }
        }

        /// <summary>
        /// Total readings dropped unconfirmed because the buffer was full (oldest segment first); survives reboot.
        /// When power was cut between erasing the oldest segment and recording it, <see cref="Restore"/> counts the
        /// readings missing below the oldest one still stored.
        /// </summary>
        public long EvictedCount => _evictedCount;

        /// <summary>Bytes of torn or corrupt frames ignored during the last <see cref="Restore"/> (diagnostics).</summary>
        public long CorruptBytesSkipped => _corruptBytesSkipped;

        /// <summary>First sequence still stored and above <see cref="ConfirmedThrough"/>; equals <see cref="NextSequence"/> when none.</summary>
        public long OldestUnconfirmedSequence
        {
            get
            {
                long oldest = _nextSequence;
                for (int s = 0; s < _segmentCount; s++)
                {
                    if (_segLive[s] > 0 && _segFirstLive[s] < oldest)
                    {
                        oldest = _segFirstLive[s];
                    }
                }
                return oldest;
            }
        }

        // Everything at or below this is gone from the buffer's point of view: confirmed, or evicted.
        private long RetainedAfter => _evictedThrough > _confirmedThrough ? _evictedThrough : _confirmedThrough;

        /// <summary>
        /// Scans every segment after boot and rebuilds the state: segments are ordered by their content (sequence
        /// and generation stamps), the maximum of every checkpoint field is taken, torn and corrupt frames are
        /// skipped and counted in <see cref="CorruptBytesSkipped"/>. Writes nothing; a head that ends in garbage is
        /// left alone and the next write continues in another segment. Must be called once before any other method.
        /// </summary>
        public void Restore()
        {
            _restored = false;
            _nextSequence = 1;
            _confirmedThrough = 0;
            _evictedCount = 0;
            _evictedThrough = 0;
            _generation = 0;
            _corruptBytesSkipped = 0;
            _head = -1;
            _headWritable = false;
            InvalidateCursor();

            for (int s = 0; s < _segmentCount; s++)
            {
                ScanSegment(s);
            }

            // The head is the newest segment with any valid frame: highest stamp, then highest generation
            // (a freshly opened head holds only its checkpoint and ties with the segment it rolled over from).
            int head = -1;
            for (int s = 0; s < _segmentCount; s++)
            {
                if (_segStamp[s] <= 0)
                {
                    continue;
                }
                if (head < 0 || _segStamp[s] > _segStamp[head] || (_segStamp[s] == _segStamp[head] && _segGeneration[s] > _segGeneration[head]))
                {
                    head = s;
                }
            }

            if (head >= 0)
            {
                long next = _segStamp[head] + _segTailReadings[head];
                if (next > _nextSequence)
                {
                    _nextSequence = next;
                }
                _head = head;
                _headWritable = _segEnd[head] == _segStored[head];
            }
            if (_confirmedThrough > _nextSequence - 1)
            {
                _confirmedThrough = _nextSequence - 1;
            }

            RecountAll();

            // Readings missing between the retained-after mark and the oldest one still stored were lost
            // unconfirmed: an eviction whose record the power cut prevented (erase done, new head not yet written).
            long lowest = OldestUnconfirmedSequence;
            long retainedAfter = RetainedAfter;
            if (lowest - 1 > retainedAfter)
            {
                _evictedCount += lowest - 1 - retainedAfter;
                _evictedThrough = lowest - 1;
            }
            _restored = true;
        }

        /// <summary>
        /// Assigns <c>reading.Sequence = NextSequence</c>, appends one framed record and returns that sequence once
        /// the storage reports it durable. When the buffer is full the oldest segment is evicted (counted in
        /// <see cref="EvictedCount"/>).
        /// </summary>
        /// <exception cref="InvalidOperationException">When <see cref="Restore"/> has not been called.</exception>
        public long Append(ref Reading reading)
        {
            RequireRestored();
            EnsureHeadRoom(ReadingFrameBytes);
            long sequence = _nextSequence;
            reading.Sequence = sequence;
            EncodeReading(ref reading);

            int head = _head;
            // If the append fails part-way the head ends in garbage: never append after it.
            _headWritable = false;
            _storage.Append(head, _frame, 0, ReadingFrameBytes);
            _headWritable = true;
            _nextSequence = sequence + 1;

            _segEnd[head] += ReadingFrameBytes;
            _segStored[head] = _segEnd[head];
            if (_segCount[head] == 0)
            {
                _segFirst[head] = sequence;
            }
            else if (sequence != _segLast[head] + 1)
            {
                _segContiguous[head] = false;
            }
            _segLast[head] = sequence;
            _segCount[head]++;
            if (_segLive[head] == 0)
            {
                _segFirstLive[head] = sequence;
            }
            _segLive[head]++;
            return sequence;
        }

        /// <summary>
        /// Copies the stored reading with this <paramref name="sequence"/> into <paramref name="into"/>. False when it
        /// is confirmed, evicted, not yet written, or its frame is damaged.
        /// </summary>
        /// <exception cref="InvalidOperationException">When <see cref="Restore"/> has not been called.</exception>
        public bool TryRead(long sequence, ref Reading into)
        {
            RequireRestored();
            if (sequence <= RetainedAfter || sequence >= _nextSequence)
            {
                return false;
            }
            if (ReadFrom(sequence, _single, 0, 1) == 1 && _single[0].Sequence == sequence)
            {
                into = _single[0];
                return true;
            }
            return false;
        }

        /// <summary>
        /// Copies up to <paramref name="max"/> stored unconfirmed readings with <c>Sequence &gt;= fromSequence</c>, in
        /// sequence order (skipping evicted or damaged gaps), into <paramref name="into"/> from <paramref name="offset"/>;
        /// returns how many. Sequential calls continue from a cached position, so they cost O(readings read);
        /// going back (re-sending from the confirmed cursor) rescans at most the segment concerned.
        /// </summary>
        /// <exception cref="InvalidOperationException">When <see cref="Restore"/> has not been called.</exception>
        /// <exception cref="ArgumentNullException">When <paramref name="into"/> is null.</exception>
        /// <exception cref="ArgumentOutOfRangeException">When offset and max do not fit in <paramref name="into"/>.</exception>
        public int ReadFrom(long fromSequence, Reading[] into, int offset, int max)
        {
            RequireRestored();
            if (into == null)
            {
                throw new ArgumentNullException(nameof(into));
            }
            if (offset < 0 || max < 0 || offset > into.Length - max)
            {
                throw new ArgumentOutOfRangeException(nameof(max), "offset " + offset + " and max " + max + " must lie within the array of " + into.Length);
            }

            int copied = 0;
            long from = fromSequence;
            long floor = RetainedAfter + 1;
            if (from < floor)
            {
                from = floor;
            }

            while (copied < max && from < _nextSequence)
            {
                int segment = SegmentHolding(from);
                if (segment < 0)
                {
                    break;
                }
                int position = _cursorSegment == segment && _cursorSequence <= from ? _cursorOffset : 0;
                int limit = _segEnd[segment];
                while (copied < max)
                {
                    int frameBytes;
                    int at = FindFrame(segment, position, limit, out frameBytes);
                    if (at < 0)
                    {
                        break;
                    }
                    position = at + frameBytes;
                    if (IsReadingFrame())
                    {
                        long sequence = ReadInt64(_frame, HeaderBytes);
                        if (sequence >= from)
                        {
                            DecodeReading(ref into[offset + copied]);
                            copied++;
                            from = sequence + 1;
                            SetCursor(segment, position, from);
                        }
                    }
                }
                if (copied < max)
                {
                    // Segment exhausted: everything it holds is below 'from' now; go on with the next one.
                    if (from <= _segLast[segment])
                    {
                        from = _segLast[segment] + 1;
                    }
                    SetCursor(segment, limit, from);
                }
            }
            return copied;
        }

        /// <summary>
        /// Ingestion confirmed every reading up to <paramref name="throughSequence"/>. Values at or below
        /// <see cref="ConfirmedThrough"/> are ignored, values at or above <see cref="NextSequence"/> are clamped to
        /// <c>NextSequence - 1</c>. When the cursor advances, a checkpoint is appended (the only write) and then every
        /// segment other than the head whose readings are all confirmed is erased.
        /// </summary>
        /// <exception cref="InvalidOperationException">When <see cref="Restore"/> has not been called.</exception>
        public void Confirm(long throughSequence)
        {
            RequireRestored();
            if (throughSequence >= _nextSequence)
            {
                throughSequence = _nextSequence - 1;
            }
            if (throughSequence <= _confirmedThrough)
            {
                return;
            }
            _confirmedThrough = throughSequence;
            RecountAll();

            // Persist first, erase after: a cut in between leaves confirmed readings on flash, which is harmless.
            if (!EnsureHeadRoom(CheckpointFrameBytes))
            {
                AppendCheckpoint(_head);
            }
            for (int s = 0; s < _segmentCount; s++)
            {
                if (s != _head && _segLive[s] == 0 && _segStored[s] > 0)
                {
                    _storage.Erase(s);
                    ResetSegment(s);
                }
            }
        }

        private void RequireRestored()
        {
            if (!_restored)
            {
                throw new InvalidOperationException("DurableBuffer.Restore must be called once before the buffer is used");
            }
        }

        // Makes sure the head can take frameBytes more; returns true when a new head was opened
        // (its opening checkpoint already carries the current state).
        private bool EnsureHeadRoom(int frameBytes)
        {
            if (_head >= 0 && _headWritable && _segEnd[_head] + frameBytes <= _capacityBytes)
            {
                return false;
            }
            OpenNewHead();
            return true;
        }

        private void OpenNewHead()
        {
            int target = ChooseNewHead();
            if (_segLive[target] > 0)
            {
                // Full: the oldest unconfirmed segment goes (oldest first, whole segments).
                _evictedCount += _segLive[target];
                if (_segLast[target] > _evictedThrough)
                {
                    _evictedThrough = _segLast[target];
                }
            }
            if (_segStored[target] > 0)
            {
                _storage.Erase(target);
            }
            ResetSegment(target);
            RecountAll();

            _generation++;
            _head = target;
            _segGeneration[target] = _generation;
            AppendCheckpoint(target);
        }

        // Prefers a segment without unconfirmed readings, in ring order after the head (spreads wear);
        // when every other segment holds unconfirmed readings, the one with the oldest is evicted.
        private int ChooseNewHead()
        {
            int start = _head < 0 ? 0 : _head + 1;
            for (int i = 0; i < _segmentCount; i++)
            {
                int s = (start + i) % _segmentCount;
                if (s != _head && _segLive[s] == 0)
                {
                    return s;
                }
            }
            int oldest = -1;
            for (int s = 0; s < _segmentCount; s++)
            {
                if (s != _head && (oldest < 0 || _segFirstLive[s] < _segFirstLive[oldest]))
                {
                    oldest = s;
                }
            }
            return oldest;
        }

        private void AppendCheckpoint(int segment)
        {
            EncodeCheckpoint();
            _headWritable = false;
            _storage.Append(segment, _frame, 0, CheckpointFrameBytes);
            _headWritable = true;
            _segEnd[segment] += CheckpointFrameBytes;
            _segStored[segment] = _segEnd[segment];
        }

        private void ResetSegment(int s)
        {
            _segEnd[s] = 0;
            _segStored[s] = 0;
            _segFirst[s] = 0;
            _segLast[s] = 0;
            _segCount[s] = 0;
            _segContiguous[s] = true;
            _segLive[s] = 0;
            _segFirstLive[s] = 0;
            _segGeneration[s] = 0;
            _segStamp[s] = 0;
            _segTailReadings[s] = 0;
            if (_cursorSegment == s)
            {
                InvalidateCursor();
            }
        }

        private void InvalidateCursor()
        {
            _cursorSegment = -1;
            _cursorOffset = 0;
            _cursorSequence = 0;
        }

        private void SetCursor(int segment, int offset, long sequence)
        {
            _cursorSegment = segment;
            _cursorOffset = offset;
            _cursorSequence = sequence;
        }

        // The segment holding the lowest stored sequence >= from (segments hold disjoint sequence ranges), or -1.
        private int SegmentHolding(long from)
        {
            int best = -1;
            for (int s = 0; s < _segmentCount; s++)
            {
                if (_segLive[s] > 0 && _segLast[s] >= from && (best < 0 || _segFirst[s] < _segFirst[best]))
                {
                    best = s;
                }
            }
            return best;
        }

        // Recomputes, per segment, how many readings lie above the retained-after mark and the first of them.
        // Arithmetic for segments with consecutive sequences (the normal case); a rescan only for a segment with a
        // gap left by a damaged frame.
        private void RecountAll()
        {
            long after = RetainedAfter;
            for (int s = 0; s < _segmentCount; s++)
            {
                if (_segCount[s] == 0 || _segLast[s] <= after)
                {
                    _segLive[s] = 0;
                    _segFirstLive[s] = 0;
                }
                else if (_segFirst[s] > after)
                {
                    _segLive[s] = _segCount[s];
                    _segFirstLive[s] = _segFirst[s];
                }
                else if (_segContiguous[s])
                {
                    _segLive[s] = _segLast[s] - after;
                    _segFirstLive[s] = after + 1;
                }
                else
                {
                    CountLiveByScan(s, after);
                }
            }
        }

        private void CountLiveByScan(int segment, long after)
        {
            long live = 0;
            long firstLive = 0;
            int position = 0;
            int limit = _segEnd[segment];
            while (true)
            {
                int frameBytes;
                int at = FindFrame(segment, position, limit, out frameBytes);
                if (at < 0)
                {
                    break;
                }
                position = at + frameBytes;
                if (IsReadingFrame())
                {
                    long sequence = ReadInt64(_frame, HeaderBytes);
                    if (sequence > after)
                    {
                        if (live == 0)
                        {
                            firstLive = sequence;
                        }
                        live++;
                    }
                }
            }
            _segLive[segment] = live;
            _segFirstLive[segment] = firstLive;
        }

        // Restore pass over one segment: summary, checkpoint maxima, stamp, damaged bytes.
        private void ScanSegment(int s)
        {
            ResetSegment(s);
            int stored = _storage.GetLength(s);
            _segStored[s] = stored;
            long stamp = 0;
            long generation = 0;
            int position = 0;
            int validEnd = 0;
            while (position < stored)
            {
                int frameBytes;
                int at = FindFrame(s, position, stored, out frameBytes);
                if (at < 0)
                {
                    _corruptBytesSkipped += stored - position;
                    break;
                }
                _corruptBytesSkipped += at - position;
                position = at + frameBytes;
                validEnd = position;

                if (IsReadingFrame())
                {
                    long sequence = ReadInt64(_frame, HeaderBytes);
                    // Sequences only grow within a segment; anything else is not ours to trust.
                    if (sequence > 0 && (_segCount[s] == 0 || sequence > _segLast[s]))
                    {
                        if (_segCount[s] == 0)
                        {
                            _segFirst[s] = sequence;
                        }
                        else if (sequence != _segLast[s] + 1)
                        {
                            _segContiguous[s] = false;
                        }
                        _segLast[s] = sequence;
                        _segCount[s]++;
                        if (sequence + 1 > stamp)
                        {
                            stamp = sequence + 1;
                        }
                    }
                }
                else if (IsCheckpointFrame())
                {
                    long confirmed = ReadInt64(_frame, HeaderBytes);
                    long evicted = ReadInt64(_frame, HeaderBytes + 8);
                    long next = ReadInt64(_frame, HeaderBytes + 16);
                    long evictedThrough = ReadInt64(_frame, HeaderBytes + 24);
                    long frameGeneration = ReadInt64(_frame, HeaderBytes + 32);
                    if (confirmed > _confirmedThrough)
                    {
                        _confirmedThrough = confirmed;
                    }
                    if (evicted > _evictedCount)
                    {
                        _evictedCount = evicted;
                    }
                    if (evictedThrough > _evictedThrough)
                    {
                        _evictedThrough = evictedThrough;
                    }
                    if (frameGeneration > generation)
                    {
                        generation = frameGeneration;
                    }
                    if (frameGeneration > _generation)
                    {
                        _generation = frameGeneration;
                    }
                    if (next > stamp)
                    {
                        stamp = next;
                    }
                }
            }
            _segEnd[s] = validEnd;
            _segStamp[s] = stamp;
            _segGeneration[s] = generation;
            _segTailReadings[s] = CountCompleteDamagedReadings(s, validEnd, stored);
        }

        // A torn append always stores less than a whole frame. A whole reading-shaped frame after the last valid one
        // that fails its CRC was therefore written completely and damaged later: its sequence may have been handed out
        // and sent, so it must not be handed out again.
        private int CountCompleteDamagedReadings(int segment, int position, int stored)
        {
            int count = 0;
            while (position + ReadingFrameBytes <= stored)
            {
                if (_storage.Read(segment, position, _frame, 0, HeaderBytes) != HeaderBytes)
                {
                    break;
                }
                if (_frame[0] != Magic || _frame[1] != TypeReading || (_frame[2] | (_frame[3] << 8)) != ReadingPayloadBytes)
                {
                    break;
                }
                count++;
                position += ReadingFrameBytes;
            }
            return count;
        }

        // Finds the first valid frame at or after position (ending at or before limit), leaves it in _frame and
        // returns its offset (its length in frameBytes); -1 when there is none. Damaged bytes are skipped by
        // resynchronising on the next magic byte.
        private int FindFrame(int segment, int position, int limit, out int frameBytes)
        {
            while (position < limit)
            {
                int length = ParseFrameAt(segment, position, limit);
                if (length > 0)
                {
                    frameBytes = length;
                    return position;
                }
                position = NextMagic(segment, position + 1, limit);
            }
            frameBytes = 0;
            return -1;
        }

        // Length of the valid frame at position, or 0 when there is none (bad magic, bad length, short, CRC mismatch).
        private int ParseFrameAt(int segment, int position, int limit)
        {
            int available = limit - position;
            if (available < HeaderBytes + CrcBytes)
            {
                return 0;
            }
            int wanted = available < FrameBufferBytes ? available : FrameBufferBytes;
            int read = _storage.Read(segment, position, _frame, 0, wanted);
            if (read < HeaderBytes + CrcBytes || _frame[0] != Magic)
            {
                return 0;
            }
            int payloadBytes = _frame[2] | (_frame[3] << 8);
            if (payloadBytes > MaxPayloadBytes)
            {
                return 0;
            }
            int frameBytes = HeaderBytes + payloadBytes + CrcBytes;
            if (frameBytes > read)
            {
                return 0;
            }
            uint expected = ReadUInt32(_frame, HeaderBytes + payloadBytes);
            if (Crc32.Compute(_frame, 0, HeaderBytes + payloadBytes) != expected)
            {
                return 0;
            }
            return frameBytes;
        }

        // Offset of the next magic byte at or after position (limit when none).
        private int NextMagic(int segment, int position, int limit)
        {
            while (position < limit)
            {
                int wanted = limit - position < FrameBufferBytes ? limit - position : FrameBufferBytes;
                int read = _storage.Read(segment, position, _frame, 0, wanted);
                if (read <= 0)
                {
                    return limit;
                }
                for (int i = 0; i < read; i++)
                {
                    if (_frame[i] == Magic)
                    {
                        return position + i;
                    }
                }
                position += read;
            }
            return limit;
        }

        private bool IsReadingFrame()
        {
            return _frame[1] == TypeReading && (_frame[2] | (_frame[3] << 8)) == ReadingPayloadBytes;
        }

        private bool IsCheckpointFrame()
        {
            return _frame[1] == TypeCheckpoint && (_frame[2] | (_frame[3] << 8)) == CheckpointPayloadBytes;
        }

        private void WriteHeader(byte type, int payloadBytes)
        {
            _frame[0] = Magic;
            _frame[1] = type;
            _frame[2] = (byte)payloadBytes;
            _frame[3] = (byte)(payloadBytes >> 8);
        }

        private void WriteCrc(int payloadBytes)
        {
            WriteUInt32(_frame, HeaderBytes + payloadBytes, Crc32.Compute(_frame, 0, HeaderBytes + payloadBytes));
        }

        private void EncodeReading(ref Reading reading)
        {
            WriteHeader(TypeReading, ReadingPayloadBytes);
            WriteInt64(_frame, HeaderBytes, reading.Sequence);
            WriteInt64(_frame, HeaderBytes + 8, reading.TimeUnixMs);
            _frame[HeaderBytes + 16] = (byte)reading.Metric;
            _frame[HeaderBytes + 17] = (byte)reading.Kind;
            WriteInt64(_frame, HeaderBytes + 18, BitConverter.DoubleToInt64Bits(reading.Value));
            WriteCrc(ReadingPayloadBytes);
        }

        private void DecodeReading(ref Reading into)
        {
            into.Sequence = ReadInt64(_frame, HeaderBytes);
            into.TimeUnixMs = ReadInt64(_frame, HeaderBytes + 8);
            into.Metric = (MetricId)_frame[HeaderBytes + 16];
            into.Kind = (ReadingKind)_frame[HeaderBytes + 17];
            into.Value = BitConverter.Int64BitsToDouble(ReadInt64(_frame, HeaderBytes + 18));
        }

        private void EncodeCheckpoint()
        {
            WriteHeader(TypeCheckpoint, CheckpointPayloadBytes);
            WriteInt64(_frame, HeaderBytes, _confirmedThrough);
            WriteInt64(_frame, HeaderBytes + 8, _evictedCount);
            WriteInt64(_frame, HeaderBytes + 16, _nextSequence);
            WriteInt64(_frame, HeaderBytes + 24, _evictedThrough);
            WriteInt64(_frame, HeaderBytes + 32, _generation);
            WriteCrc(CheckpointPayloadBytes);
        }

        private static void WriteInt64(byte[] buffer, int at, long value)
        {
            for (int i = 0; i < 8; i++)
            {
                buffer[at + i] = (byte)(value >> (8 * i));
            }
        }

        private static long ReadInt64(byte[] buffer, int at)
        {
            long value = 0;
            for (int i = 7; i >= 0; i--)
            {
                value = (value << 8) | buffer[at + i];
            }
            return value;
        }

        private static void WriteUInt32(byte[] buffer, int at, uint value)
        {
            buffer[at] = (byte)value;
            buffer[at + 1] = (byte)(value >> 8);
            buffer[at + 2] = (byte)(value >> 16);
            buffer[at + 3] = (byte)(value >> 24);
        }

        private static uint ReadUInt32(byte[] buffer, int at)
        {
            return (uint)(buffer[at] | (buffer[at + 1] << 8) | (buffer[at + 2] << 16) | (buffer[at + 3] << 24));
        }
    }
}
