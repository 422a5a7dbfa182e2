using System;
using Gateway.Firmware.Core.Readings;
using Gateway.Firmware.Core.Storage;
using Gateway.Firmware.Core.Tests.Fakes;
using nanoFramework.TestFramework;

namespace Gateway.Firmware.Core.Tests.Portable.Storage
{
    [TestClass]
    public class DurableBufferTests
    {
        private const int Frame = DurableBuffer.ReadingFrameBytes;
        private const int Checkpoint = DurableBuffer.CheckpointFrameBytes;

        // A segment that holds its opening checkpoint and exactly three readings.
        private const int ThreeReadingSegmentBytes = DurableBuffer.CheckpointFrameBytes + 3 * DurableBuffer.ReadingFrameBytes;

        [TestMethod]
        public void Frame_sizes_are_the_documented_layout()
        {
            Assert.AreEqual(34L, (long)DurableBuffer.ReadingFrameBytes, "magic+type+length 4, payload 26, CRC 4");
            Assert.AreEqual(48L, (long)DurableBuffer.CheckpointFrameBytes, "magic+type+length 4, payload 40, CRC 4");
        }

        [TestMethod]
        public void Blank_device_starts_at_sequence_one_and_is_empty()
        {
            MemorySegmentStorage storage = new MemorySegmentStorage(4, 200);
            DurableBuffer buffer = BufferTestKit.Boot(storage);
            Assert.AreEqual(1L, buffer.NextSequence);
            Assert.AreEqual(0L, buffer.ConfirmedThrough);
            Assert.AreEqual(0L, buffer.Depth);
            Assert.AreEqual(0L, buffer.EvictedCount);
            Assert.AreEqual(0L, buffer.CorruptBytesSkipped);
            Assert.AreEqual(1L, buffer.OldestUnconfirmedSequence);
            Assert.AreEqual(0L, storage.TotalBytesWritten, "restore writes nothing");
            BufferTestKit.AssertNotReadable(buffer, 1, "blank");
            int count;
            BufferTestKit.ReadAll(buffer, 4, out count);
            Assert.AreEqual(0L, (long)count);
        }

        [TestMethod]
        public void Using_the_buffer_before_Restore_throws()
        {
            DurableBuffer buffer = new DurableBuffer(new MemorySegmentStorage(4, 200));
            Assert.ThrowsException(typeof(InvalidOperationException), () =>
            {
                Reading reading = BufferTestKit.MakeReading(1);
                buffer.Append(ref reading);
            });
            Assert.ThrowsException(typeof(InvalidOperationException), () => buffer.Confirm(1));
            Assert.ThrowsException(typeof(InvalidOperationException), () => buffer.ReadFrom(1, new Reading[1], 0, 1));
        }

        [TestMethod]
        public void Storage_too_small_for_a_checkpoint_and_a_reading_is_rejected()
        {
            Assert.ThrowsException(typeof(ArgumentException), () => new DurableBuffer(new MemorySegmentStorage(4, DurableBuffer.MinimumSegmentCapacityBytes - 1)));
            Assert.ThrowsException(typeof(ArgumentException), () => new DurableBuffer(new MemorySegmentStorage(1, 4096)));
            Assert.ThrowsException(typeof(ArgumentNullException), () => new DurableBuffer(null!));
        }

        [TestMethod]
        public void Append_assigns_consecutive_sequences_and_reads_back_exact_values()
        {
            MemorySegmentStorage storage = new MemorySegmentStorage(4, 400);
            DurableBuffer buffer = BufferTestKit.Boot(storage);
            for (int i = 1; i <= 5; i++)
            {
                Reading reading = BufferTestKit.MakeReading(i);
                long sequence = buffer.Append(ref reading);
                Assert.AreEqual((long)i, sequence, "returned sequence");
                Assert.AreEqual((long)i, reading.Sequence, "sequence written into the reading");
                Assert.AreEqual((long)(i + 1), buffer.NextSequence);
            }
            Assert.AreEqual(5L, buffer.Depth);
            Assert.AreEqual(1L, buffer.OldestUnconfirmedSequence);
            // One opening checkpoint, then exactly one frame per reading.
            Assert.AreEqual((long)(Checkpoint + 5 * Frame), storage.TotalBytesWritten);
            Assert.AreEqual(6L, storage.AppendCalls, "one storage append per reading");

            for (int i = 1; i <= 5; i++)
            {
                Reading expected = BufferTestKit.MakeReading(i);
                expected.Sequence = i;
                BufferTestKit.AssertReadable(buffer, expected, "reading " + i);
            }
            BufferTestKit.AssertNotReadable(buffer, 0, "sequence 0 never exists");
            BufferTestKit.AssertNotReadable(buffer, 6, "not yet written");
        }

        [TestMethod]
        public void Readings_wrap_around_the_segments_and_are_restored_in_sequence_order()
        {
            MemorySegmentStorage storage = new MemorySegmentStorage(4, 200);
            DurableBuffer buffer = BufferTestKit.Boot(storage);
            Reading[] all = new Reading[60];
            int appended = 0;
            for (int round = 0; round < 12; round++)
            {
                Reading[] batch = BufferTestKit.AppendMany(buffer, appended + 1, 5);
                for (int i = 0; i < batch.Length; i++)
                {
                    all[appended++] = batch[i];
                }
                buffer.Confirm(appended - 3);
            }
            Assert.AreEqual(0L, buffer.EvictedCount, "confirmed data makes room, nothing is evicted");
            for (int s = 0; s < 4; s++)
            {
                Assert.IsTrue(storage.FillsOf(s) >= 2, "segment " + s + " was reused after wrapping");
            }
            Assert.AreEqual(57L, buffer.ConfirmedThrough);
            Assert.AreEqual(3L, buffer.Depth);

            for (int boot = 0; boot < 2; boot++)
            {
                int count;
                Reading[] read = BufferTestKit.ReadAll(buffer, 10, out count);
                Assert.AreEqual(3L, (long)count, "boot " + boot);
                for (int i = 0; i < count; i++)
                {
                    BufferTestKit.AssertSame(all[57 + i], read[i], "boot " + boot + " reading " + (58 + i));
                }
                Assert.AreEqual(61L, buffer.NextSequence);
                Assert.AreEqual(57L, buffer.ConfirmedThrough);
                buffer = BufferTestKit.Boot(storage);
            }
        }

        [TestMethod]
        public void Full_buffer_evicts_the_oldest_segment_first_and_counts_it()
        {
            MemorySegmentStorage storage = new MemorySegmentStorage(3, ThreeReadingSegmentBytes);
            DurableBuffer buffer = BufferTestKit.Boot(storage);
            Reading[] all = BufferTestKit.AppendMany(buffer, 1, 9);
            Assert.AreEqual(0L, buffer.EvictedCount, "9 readings fit in 3 segments of 3");

            Reading tenth = BufferTestKit.MakeReading(10);
            buffer.Append(ref tenth);
            Assert.AreEqual(10L, tenth.Sequence, "eviction does not disturb sequences");
            Assert.AreEqual(11L, buffer.NextSequence);
            Assert.AreEqual(3L, buffer.EvictedCount, "readings 1-3 dropped with their segment");
            Assert.AreEqual(7L, buffer.Depth);
            Assert.AreEqual(4L, buffer.OldestUnconfirmedSequence);
            for (int i = 1; i <= 3; i++)
            {
                BufferTestKit.AssertNotReadable(buffer, i, "evicted");
            }
            for (int i = 4; i <= 9; i++)
            {
                BufferTestKit.AssertReadable(buffer, all[i - 1], "kept");
            }
            BufferTestKit.AssertReadable(buffer, tenth, "newest");

            BufferTestKit.AppendMany(buffer, 11, 3);
            Assert.AreEqual(6L, buffer.EvictedCount, "then readings 4-6");
            Assert.AreEqual(7L, buffer.OldestUnconfirmedSequence);

            // Confirmed readings are not counted when their segment is evicted: only reading 9 of 7-9 is lost.
            buffer.Confirm(8);
            Reading fourteenth = BufferTestKit.MakeReading(14);
            buffer.Append(ref fourteenth);
            Assert.AreEqual(7L, buffer.EvictedCount);
            Assert.AreEqual(10L, buffer.OldestUnconfirmedSequence);
            Assert.AreEqual(15L, buffer.NextSequence);

            DurableBuffer rebooted = BufferTestKit.Boot(storage);
            Assert.AreEqual(7L, rebooted.EvictedCount, "eviction counter survives reboot");
            Assert.AreEqual(8L, rebooted.ConfirmedThrough);
            Assert.AreEqual(15L, rebooted.NextSequence);
            Assert.AreEqual(10L, rebooted.OldestUnconfirmedSequence);
            Assert.AreEqual(5L, rebooted.Depth);
            BufferTestKit.AssertNotReadable(rebooted, 9, "evicted unconfirmed");
            BufferTestKit.AssertReadable(rebooted, fourteenth, "newest after reboot");
        }

        [TestMethod]
        public void Restore_orders_segments_by_content_not_by_index()
        {
            // After two evictions the newest readings live in segment 0 and 1, the oldest in segment 2.
            MemorySegmentStorage storage = new MemorySegmentStorage(3, ThreeReadingSegmentBytes);
            DurableBuffer buffer = BufferTestKit.Boot(storage);
            Reading[] all = BufferTestKit.AppendMany(buffer, 1, 14);
            Assert.AreEqual(6L, buffer.EvictedCount);

            DurableBuffer rebooted = BufferTestKit.Boot(storage);
            int count;
            Reading[] read = BufferTestKit.ReadAll(rebooted, 20, out count);
            Assert.AreEqual(8L, (long)count);
            for (int i = 0; i < count; i++)
            {
                BufferTestKit.AssertSame(all[6 + i], read[i], "in sequence order");
            }
            Reading[] more = BufferTestKit.AppendMany(rebooted, 15, 2);
            Assert.AreEqual(16L, more[1].Sequence);
            Assert.AreEqual(9L, rebooted.EvictedCount, "the next rollover evicts the oldest (segment 2), not segment 0");
            Assert.AreEqual((long)(Checkpoint + Frame), (long)storage.GetLength(2), "segment 2 is the new head");
            BufferTestKit.AssertNotReadable(rebooted, 9, "7-9 evicted");
            BufferTestKit.AssertReadable(rebooted, all[9], "10 kept");
        }

        [TestMethod]
        public void A_fresh_head_holding_only_its_checkpoint_is_recognised_as_the_head_after_reboot()
        {
            // Segment 1 is full (4-6); the confirm rolls over to segment 2, which then holds only a checkpoint
            // with the same sequence stamp as segment 1. The generation number must make segment 2 the head.
            MemorySegmentStorage storage = new MemorySegmentStorage(3, ThreeReadingSegmentBytes);
            DurableBuffer buffer = BufferTestKit.Boot(storage);
            BufferTestKit.AppendMany(buffer, 1, 6);
            buffer.Confirm(1);
            Assert.AreEqual((long)Checkpoint, (long)storage.GetLength(2), "the confirm opened segment 2");

            DurableBuffer rebooted = BufferTestKit.Boot(storage);
            Reading seventh = BufferTestKit.MakeReading(7);
            rebooted.Append(ref seventh);
            Assert.AreEqual(7L, seventh.Sequence);
            Assert.AreEqual((long)(Checkpoint + Frame), (long)storage.GetLength(2), "appended to the fresh head");
            Assert.AreEqual(0L, (long)storage.ErasesOf(2), "the fresh head was not thrown away");
            Assert.AreEqual(0L, rebooted.EvictedCount);
            Assert.AreEqual(6L, rebooted.Depth);
        }

        [TestMethod]
        public void Confirm_erases_segments_whose_readings_are_all_confirmed()
        {
            MemorySegmentStorage storage = new MemorySegmentStorage(4, ThreeReadingSegmentBytes);
            DurableBuffer buffer = BufferTestKit.Boot(storage);
            BufferTestKit.AppendMany(buffer, 1, 7);

            buffer.Confirm(5);
            Assert.AreEqual(5L, buffer.ConfirmedThrough);
            Assert.AreEqual(1L, (long)storage.ErasesOf(0), "segment 0 (1-3) all confirmed");
            Assert.AreEqual(0L, (long)storage.GetLength(0));
            Assert.AreEqual(0L, (long)storage.ErasesOf(1), "segment 1 still holds unconfirmed 6");
            Assert.AreEqual(2L, buffer.Depth);
            Assert.AreEqual(6L, buffer.OldestUnconfirmedSequence);
            BufferTestKit.AssertNotReadable(buffer, 5, "confirmed");

            buffer.Confirm(7);
            Assert.AreEqual(1L, (long)storage.ErasesOf(1));
            Assert.AreEqual(1L, (long)storage.ErasesOf(2), "the old head is erased once a new head holds the checkpoint");
            Assert.AreEqual(0L, buffer.Depth);
            Assert.AreEqual(8L, buffer.OldestUnconfirmedSequence);
            long stored = 0;
            for (int s = 0; s < 4; s++)
            {
                stored += storage.GetLength(s);
            }
            Assert.AreEqual((long)Checkpoint, stored, "only the head's checkpoint is left");
        }

        [TestMethod]
        public void Confirm_ignores_stale_values_and_clamps_future_ones()
        {
            MemorySegmentStorage storage = new MemorySegmentStorage(4, 400);
            DurableBuffer buffer = BufferTestKit.Boot(storage);
            BufferTestKit.AppendMany(buffer, 1, 5);

            buffer.Confirm(2);
            Assert.AreEqual(2L, buffer.ConfirmedThrough);
            long written = storage.TotalBytesWritten;
            buffer.Confirm(2);
            buffer.Confirm(1);
            buffer.Confirm(0);
            buffer.Confirm(-5);
            Assert.AreEqual(2L, buffer.ConfirmedThrough);
            Assert.AreEqual(written, storage.TotalBytesWritten, "no checkpoint when nothing advanced");

            buffer.Confirm(1000);
            Assert.AreEqual(5L, buffer.ConfirmedThrough, "clamped to NextSequence - 1");
            Assert.AreEqual(written + Checkpoint, storage.TotalBytesWritten, "one checkpoint for the advance");
            Assert.AreEqual(6L, buffer.NextSequence);

            Reading sixth = BufferTestKit.MakeReading(6);
            buffer.Append(ref sixth);
            Assert.AreEqual(6L, sixth.Sequence, "a clamped confirm never covers a future reading");
            BufferTestKit.AssertReadable(buffer, sixth, "new reading after clamp");
        }

        [TestMethod]
        public void Reboot_recovers_next_sequence_confirmed_and_evicted_counts()
        {
            MemorySegmentStorage storage = new MemorySegmentStorage(3, ThreeReadingSegmentBytes);
            DurableBuffer buffer = BufferTestKit.Boot(storage);
            BufferTestKit.AppendMany(buffer, 1, 11);
            buffer.Confirm(6);
            long next = buffer.NextSequence;
            long confirmed = buffer.ConfirmedThrough;
            long evicted = buffer.EvictedCount;
            long depth = buffer.Depth;
            Assert.AreEqual(3L, evicted);

            for (int boot = 0; boot < 3; boot++)
            {
                buffer = BufferTestKit.Boot(storage);
                Assert.AreEqual(next, buffer.NextSequence, "boot " + boot);
                Assert.AreEqual(confirmed, buffer.ConfirmedThrough, "boot " + boot);
                Assert.AreEqual(evicted, buffer.EvictedCount, "boot " + boot);
                Assert.AreEqual(depth, buffer.Depth, "boot " + boot);
            }
            Assert.AreEqual(0L, buffer.CorruptBytesSkipped);
        }

        [TestMethod]
        public void Next_sequence_survives_when_everything_was_confirmed_and_erased()
        {
            MemorySegmentStorage storage = new MemorySegmentStorage(3, ThreeReadingSegmentBytes);
            DurableBuffer buffer = BufferTestKit.Boot(storage);
            BufferTestKit.AppendMany(buffer, 1, 10);
            buffer.Confirm(10);
            Assert.AreEqual(0L, buffer.Depth);

            DurableBuffer rebooted = BufferTestKit.Boot(storage);
            Assert.AreEqual(11L, rebooted.NextSequence, "sequence numbers never restart");
            Assert.AreEqual(10L, rebooted.ConfirmedThrough);
            Assert.AreEqual(0L, rebooted.Depth);
            Assert.AreEqual(11L, rebooted.OldestUnconfirmedSequence);
            Reading reading = BufferTestKit.MakeReading(11);
            rebooted.Append(ref reading);
            Assert.AreEqual(11L, reading.Sequence);

            // Confirm everything once more across a rollover, reboot twice.
            rebooted.Confirm(11);
            rebooted = BufferTestKit.Boot(storage);
            rebooted = BufferTestKit.Boot(storage);
            Assert.AreEqual(12L, rebooted.NextSequence);
            Assert.AreEqual(11L, rebooted.ConfirmedThrough);
            Assert.AreEqual(3L, rebooted.EvictedCount, "1-3 were evicted before anything was confirmed");
        }

        [TestMethod]
        public void A_flipped_byte_in_an_older_segment_drops_only_that_frame()
        {
            // Segments of 4 readings: 0 holds 1-4, 1 holds 5-8, 2 holds 9-10. Damage reading 6 at every byte of its frame.
            int segmentBytes = Checkpoint + 4 * Frame;
            for (int at = 0; at < Frame; at++)
            {
                MemorySegmentStorage storage = new MemorySegmentStorage(4, segmentBytes);
                DurableBuffer buffer = BufferTestKit.Boot(storage);
                Reading[] all = BufferTestKit.AppendMany(buffer, 1, 10);
                storage.Corrupt(1, Checkpoint + Frame + at, 0x10);

                DurableBuffer rebooted = BufferTestKit.Boot(storage);
                string where = "flip at byte " + at + " of the frame";
                Assert.AreEqual((long)Frame, rebooted.CorruptBytesSkipped, where);
                Assert.AreEqual(11L, rebooted.NextSequence, where);
                Assert.AreEqual(0L, rebooted.EvictedCount, where);
                Assert.AreEqual(9L, rebooted.Depth, where);
                BufferTestKit.AssertNotReadable(rebooted, 6, where);
                int count;
                Reading[] read = BufferTestKit.ReadAll(rebooted, 20, out count);
                Assert.AreEqual(9L, (long)count, where);
                int k = 0;
                for (int i = 0; i < all.Length; i++)
                {
                    if (all[i].Sequence != 6)
                    {
                        BufferTestKit.AssertSame(all[i], read[k++], where);
                    }
                }

                // Confirming into the damaged segment counts around the gap.
                rebooted.Confirm(5);
                Assert.AreEqual(7L, rebooted.OldestUnconfirmedSequence, where);
                Assert.AreEqual(4L, rebooted.Depth, where);
            }
        }

        [TestMethod]
        public void A_frame_damaged_after_restore_is_never_returned()
        {
            MemorySegmentStorage storage = new MemorySegmentStorage(4, 400);
            DurableBuffer buffer = BufferTestKit.Boot(storage);
            Reading[] all = BufferTestKit.AppendMany(buffer, 1, 4);
            storage.Corrupt(0, Checkpoint + 2 * Frame + 20, 0x01); // value of reading 3

            BufferTestKit.AssertNotReadable(buffer, 3, "CRC rejects the frame");
            Reading[] read = new Reading[4];
            int count = buffer.ReadFrom(1, read, 0, 4);
            Assert.AreEqual(3L, (long)count);
            BufferTestKit.AssertSame(all[0], read[0], "1");
            BufferTestKit.AssertSame(all[1], read[1], "2");
            BufferTestKit.AssertSame(all[3], read[2], "4 follows 2");
        }

        [TestMethod]
        public void A_damaged_last_reading_does_not_get_its_sequence_reused()
        {
            MemorySegmentStorage storage = new MemorySegmentStorage(4, 400);
            DurableBuffer buffer = BufferTestKit.Boot(storage);
            BufferTestKit.AppendMany(buffer, 1, 3);
            storage.Corrupt(0, Checkpoint + 2 * Frame + 15, 0x80); // reading 3 was complete, then rotted

            DurableBuffer rebooted = BufferTestKit.Boot(storage);
            Assert.AreEqual(4L, rebooted.NextSequence, "3 may already have been sent");
            BufferTestKit.AssertNotReadable(rebooted, 3, "damaged");
            Reading reading = BufferTestKit.MakeReading(4);
            rebooted.Append(ref reading);
            Assert.AreEqual(4L, reading.Sequence);
            Assert.AreEqual((long)(Checkpoint + 3 * Frame), (long)storage.GetLength(0), "nothing appended after the damaged tail");
        }

        [TestMethod]
        public void After_a_torn_append_writing_continues_in_another_segment()
        {
            MemorySegmentStorage storage = new MemorySegmentStorage(4, 400);
            DurableBuffer buffer = BufferTestKit.Boot(storage);
            Reading[] all = BufferTestKit.AppendMany(buffer, 1, 2);
            storage.PowerCutAfterBytes(10, false);
            Reading torn = BufferTestKit.MakeReading(3);
            Assert.ThrowsException(typeof(System.IO.IOException), () => buffer.Append(ref torn));

            DurableBuffer rebooted = BufferTestKit.Boot(storage);
            Assert.AreEqual(10L, rebooted.CorruptBytesSkipped);
            Assert.AreEqual(3L, rebooted.NextSequence);
            Assert.AreEqual(2L, rebooted.Depth);
            BufferTestKit.AssertNotReadable(rebooted, 3, "torn");
            int tornLength = storage.GetLength(0);
            Assert.AreEqual((long)(Checkpoint + 2 * Frame + 10), (long)tornLength);

            Reading third = BufferTestKit.MakeReading(30);
            rebooted.Append(ref third);
            Assert.AreEqual(3L, third.Sequence);
            Assert.AreEqual((long)tornLength, (long)storage.GetLength(0), "never append after garbage");
            Assert.AreEqual((long)(Checkpoint + Frame), (long)storage.GetLength(1), "new head: checkpoint, then the reading");

            DurableBuffer again = BufferTestKit.Boot(storage);
            BufferTestKit.AssertReadable(again, all[0], "prefix of the torn segment");
            BufferTestKit.AssertReadable(again, all[1], "prefix of the torn segment");
            BufferTestKit.AssertReadable(again, third, "continued");
            Assert.AreEqual(4L, again.NextSequence);
        }

        [TestMethod]
        public void ReadFrom_skips_gaps_and_fills_only_the_requested_slots()
        {
            // Evict 1-3, damage 8: stored are 4-7 and 9-11.
            MemorySegmentStorage storage = new MemorySegmentStorage(3, ThreeReadingSegmentBytes);
            DurableBuffer buffer = BufferTestKit.Boot(storage);
            Reading[] all = BufferTestKit.AppendMany(buffer, 1, 11);
            storage.Corrupt(2, Checkpoint + Frame + 5, 0x04); // segment 2 holds 7, 8, 9
            buffer = BufferTestKit.Boot(storage);
            Assert.AreEqual(3L, buffer.EvictedCount);

            Reading[] into = new Reading[8];
            int count = buffer.ReadFrom(1, into, 2, 3);
            Assert.AreEqual(3L, (long)count);
            Assert.AreEqual(0L, into[0].Sequence, "slots before offset untouched");
            Assert.AreEqual(0L, into[1].Sequence);
            BufferTestKit.AssertSame(all[3], into[2], "starts at the oldest kept (4)");
            BufferTestKit.AssertSame(all[4], into[3], "5");
            BufferTestKit.AssertSame(all[5], into[4], "6");
            Assert.AreEqual(0L, into[5].Sequence, "slots after max untouched");

            count = buffer.ReadFrom(7, into, 0, 8);
            Assert.AreEqual(4L, (long)count);
            Assert.AreEqual(7L, into[0].Sequence);
            Assert.AreEqual(9L, into[1].Sequence, "8 is damaged, skipped");
            Assert.AreEqual(10L, into[2].Sequence);
            Assert.AreEqual(11L, into[3].Sequence);

            Assert.AreEqual(0L, (long)buffer.ReadFrom(12, into, 0, 8), "nothing beyond NextSequence");
            Assert.AreEqual(0L, (long)buffer.ReadFrom(5, into, 0, 0), "max 0");
            Assert.ThrowsException(typeof(ArgumentOutOfRangeException), () => buffer.ReadFrom(5, into, 6, 3));
        }

        [TestMethod]
        public void Sequential_reads_continue_from_a_cursor_instead_of_rescanning()
        {
            int segmentBytes = Checkpoint + 13 * Frame;
            MemorySegmentStorage storage = new MemorySegmentStorage(8, segmentBytes);
            DurableBuffer buffer = BufferTestKit.Boot(storage);
            Reading[] all = BufferTestKit.AppendMany(buffer, 1, 100);
            Assert.AreEqual(0L, buffer.EvictedCount);
            long storedBytes = storage.TotalBytesWritten;

            // One reading per call, as an uplink refilling a window would do.
            storage.ResetReadCounter();
            Reading[] batch = new Reading[1];
            long from = 1;
            int total = 0;
            while (true)
            {
                int count = buffer.ReadFrom(from, batch, 0, batch.Length);
                if (count == 0)
                {
                    break;
                }
                for (int i = 0; i < count; i++)
                {
                    BufferTestKit.AssertSame(all[total + i], batch[i], "batch read");
                }
                total += count;
                from = batch[count - 1].Sequence + 1;
            }
            Assert.AreEqual(100L, (long)total);
            // Each frame is read about once (a frame read fetches at most 72 bytes); rescanning even just the
            // current segment on every call would read about 7 times the stored bytes here.
            Assert.IsTrue(storage.BytesRead <= 3 * storedBytes, "read " + storage.BytesRead + " bytes for " + storedBytes + " stored");

            // Jumping back to re-send from the confirmed cursor works and returns the same data.
            buffer.Confirm(40);
            Reading[] window = new Reading[5];
            int again = buffer.ReadFrom(buffer.ConfirmedThrough + 1, window, 0, window.Length);
            Assert.AreEqual(5L, (long)again);
            for (int i = 0; i < again; i++)
            {
                BufferTestKit.AssertSame(all[40 + i], window[i], "re-send starts after the confirmed cursor");
            }
        }

        [TestMethod]
        public void Flash_wear_is_one_frame_per_reading_and_segments_are_erased_at_most_once_per_fill()
        {
            MemorySegmentStorage storage = new MemorySegmentStorage(4, 300);
            DurableBuffer buffer = BufferTestKit.Boot(storage);
            int readings = 0;
            int advancingConfirms = 0;
            for (int round = 0; round < 40; round++)
            {
                BufferTestKit.AppendMany(buffer, readings + 1, 5);
                readings += 5;
                buffer.Confirm(readings);
                buffer.Confirm(readings); // repeated: must cost nothing
                advancingConfirms++;
            }
            int fills = 0;
            for (int s = 0; s < 4; s++)
            {
                fills += storage.FillsOf(s);
                Assert.IsTrue(storage.ErasesOf(s) <= storage.FillsOf(s), "segment " + s + " erased " + storage.ErasesOf(s) + " times, filled " + storage.FillsOf(s));
                Assert.IsTrue(storage.FillsOf(s) >= 5, "wear is spread over segment " + s);
            }
            // Every byte written is a reading frame, a checkpoint per confirm that advanced, or a new head's checkpoint.
            long bound = (long)readings * Frame + (long)(advancingConfirms + fills) * Checkpoint;
            Assert.IsTrue(storage.TotalBytesWritten <= bound, "wrote " + storage.TotalBytesWritten + ", bound " + bound);
            Assert.IsTrue(storage.TotalBytesWritten / readings <= Frame + Checkpoint / 5 + Checkpoint / 3, "bytes per reading " + storage.TotalBytesWritten / readings);
        }

        [TestMethod]
        public void Appends_without_confirms_write_exactly_one_frame_each_plus_one_checkpoint_per_segment()
        {
            MemorySegmentStorage storage = new MemorySegmentStorage(3, ThreeReadingSegmentBytes);
            DurableBuffer buffer = BufferTestKit.Boot(storage);
            BufferTestKit.AppendMany(buffer, 1, 30);
            int fills = 0;
            for (int s = 0; s < 3; s++)
            {
                fills += storage.FillsOf(s);
                Assert.IsTrue(storage.ErasesOf(s) <= storage.FillsOf(s), "segment " + s);
            }
            Assert.AreEqual(10L, (long)fills, "one head per three readings");
            Assert.AreEqual(30L * Frame + 10L * Checkpoint, storage.TotalBytesWritten);
            Assert.AreEqual(21L, buffer.EvictedCount, "30 written, the last 3 segments (22-30) kept");
            Assert.AreEqual(9L, buffer.Depth);
        }
    }
}
