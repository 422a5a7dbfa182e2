using System.IO;
using Gateway.Firmware.Core.Readings;
using Gateway.Firmware.Core.Storage;
using Gateway.Firmware.Core.Tests.Fakes;
using nanoFramework.TestFramework;

namespace Gateway.Firmware.Core.Tests.Portable.Storage
{
    /// <summary>
    /// Power cut at every byte: a script of appends and confirms is replayed on fresh storage once per byte offset of
    /// everything it writes (and once more per offset with the cut landing on an erase instead of the next append);
    /// after each cut the device reboots and the restored buffer is checked against what had completed.
    /// </summary>
    [TestClass]
    public class DurableBufferPowerCutTests
    {
        private const int Append = 0;

        // Appends (0) and confirms (> 0). Confirms advance, repeat (no-op), and overshoot (clamped).
        private static readonly int[] s_withConfirms = new int[]
        {
            Append, Append, Append, Append, Append, 3, Append, Append, Append, Append, 8, 8, Append, Append, Append,
            12, Append, Append, Append, 100, Append, Append,
        };

        // Appends only, on storage that holds 9 readings: several evictions.
        private static readonly int[] s_appendsOnly = new int[]
        {
            Append, Append, Append, Append, Append, Append, Append, Append, Append, Append, Append, Append, Append, Append,
        };

        private const int ThreeReadingSegmentBytes = DurableBuffer.CheckpointFrameBytes + 3 * DurableBuffer.ReadingFrameBytes;

        [TestMethod]
        public void Buffer_survives_power_cut_at_any_byte()
        {
            long total = MeasureScript(s_withConfirms, 6, ThreeReadingSegmentBytes, true);
            Assert.IsTrue(total > 500, "script writes " + total + " bytes");
            for (int variant = 0; variant < 2; variant++)
            {
                bool cutBeforeErase = variant == 1;
                for (long cut = 0; cut < total; cut++)
                {
                    string where = "cut after " + cut + " bytes" + (cutBeforeErase ? " (or before an erase)" : "");
                    MemorySegmentStorage storage = new MemorySegmentStorage(6, ThreeReadingSegmentBytes);
                    ScriptRun run = RunUntilCut(storage, s_withConfirms, cut, cutBeforeErase);
                    Assert.IsTrue(storage.IsDead, where + ": the cut happened");

                    DurableBuffer rebooted = BufferTestKit.Boot(storage);
                    long confirmed = rebooted.ConfirmedThrough;
                    Assert.IsTrue(confirmed == run.Confirmed || (run.ConfirmInProgress > 0 && confirmed == run.ConfirmInProgress),
                        where + ": confirmed " + confirmed + ", expected " + run.Confirmed + " or the interrupted " + run.ConfirmInProgress);
                    Assert.AreEqual(0L, rebooted.EvictedCount, where + ": nothing evicted");
                    VerifyAllAboveConfirmed(rebooted, run, where);

                    // Appending continues correctly, and a second reboot still reads everything.
                    Reading[] more = BufferTestKit.AppendMany(rebooted, 1000, 3);
                    long firstNew = run.LastSequence + 1;
                    for (int i = 0; i < more.Length; i++)
                    {
                        Assert.AreEqual(firstNew + i, more[i].Sequence, where + ": sequences continue");
                        run.Add(more[i]);
                    }
                    run.ConfirmInProgress = 0;
                    run.Confirmed = confirmed;
                    DurableBuffer again = BufferTestKit.Boot(storage);
                    Assert.AreEqual(confirmed, again.ConfirmedThrough, where + ": second reboot");
                    VerifyAllAboveConfirmed(again, run, where + ", second reboot");
                }
            }
        }

        [TestMethod]
        public void Power_cut_at_any_byte_while_evicting_keeps_the_eviction_count_exact()
        {
            // Reference run: state before and after every operation.
            int ops = s_appendsOnly.Length;
            long[] evictedAfter = new long[ops + 1];
            long[] oldestAfter = new long[ops + 1];
            MemorySegmentStorage reference = new MemorySegmentStorage(3, ThreeReadingSegmentBytes);
            DurableBuffer buffer = BufferTestKit.Boot(reference);
            oldestAfter[0] = buffer.OldestUnconfirmedSequence;
            for (int op = 0; op < ops; op++)
            {
                Reading reading = BufferTestKit.MakeReading(op + 1);
                buffer.Append(ref reading);
                evictedAfter[op + 1] = buffer.EvictedCount;
                oldestAfter[op + 1] = buffer.OldestUnconfirmedSequence;
            }
            Assert.AreEqual(6L, evictedAfter[ops], "the script evicts twice");
            long total = reference.TotalBytesWritten;

            for (int variant = 0; variant < 2; variant++)
            {
                bool cutBeforeErase = variant == 1;
                for (long cut = 0; cut < total; cut++)
                {
                    string where = "cut after " + cut + " bytes" + (cutBeforeErase ? " (or before an erase)" : "");
                    MemorySegmentStorage storage = new MemorySegmentStorage(3, ThreeReadingSegmentBytes);
                    ScriptRun run = RunUntilCut(storage, s_appendsOnly, cut, cutBeforeErase);
                    int op = run.InterruptedOp;

                    DurableBuffer rebooted = BufferTestKit.Boot(storage);
                    long evicted = rebooted.EvictedCount;
                    long oldest = rebooted.OldestUnconfirmedSequence;
                    Assert.IsTrue(evicted == evictedAfter[op] || evicted == evictedAfter[op + 1],
                        where + ": evicted " + evicted + ", expected " + evictedAfter[op] + " or " + evictedAfter[op + 1]);
                    Assert.IsTrue(oldest == oldestAfter[op] || oldest == oldestAfter[op + 1],
                        where + ": oldest " + oldest + ", expected " + oldestAfter[op] + " or " + oldestAfter[op + 1]);
                    VerifyEvictedPrefix(rebooted, run, where);

                    // Keep going: more evictions, then a second reboot.
                    Reading[] more = BufferTestKit.AppendMany(rebooted, 1000, 5);
                    for (int i = 0; i < more.Length; i++)
                    {
                        run.Add(more[i]);
                    }
                    VerifyEvictedPrefix(rebooted, run, where + ", after more appends");
                    DurableBuffer again = BufferTestKit.Boot(storage);
                    Assert.AreEqual(rebooted.EvictedCount, again.EvictedCount, where + ": second reboot");
                    VerifyEvictedPrefix(again, run, where + ", second reboot");
                }
            }
        }

        // Every completed reading above ConfirmedThrough is readable with its exact values, nothing else is,
        // NextSequence is one past the last completed append (the torn one is not there).
        private static void VerifyAllAboveConfirmed(DurableBuffer buffer, ScriptRun run, string where)
        {
            long confirmed = buffer.ConfirmedThrough;
            Assert.AreEqual(run.LastSequence + 1, buffer.NextSequence, where + ": NextSequence");
            BufferTestKit.AssertNotReadable(buffer, run.LastSequence + 1, where + ": torn reading absent");
            Reading[] read = new Reading[run.Count + 1];
            int count = buffer.ReadFrom(0, read, 0, read.Length);
            int expected = 0;
            for (int i = 0; i < run.Count; i++)
            {
                Reading reading = run.Completed[i];
                if (reading.Sequence > confirmed)
                {
                    BufferTestKit.AssertReadable(buffer, reading, where);
                    Assert.IsTrue(expected < count, where + ": ReadFrom returned too few");
                    BufferTestKit.AssertSame(reading, read[expected], where + ": ReadFrom in order");
                    expected++;
                }
                else
                {
                    BufferTestKit.AssertNotReadable(buffer, reading.Sequence, where + ": confirmed");
                }
            }
            Assert.AreEqual((long)expected, (long)count, where + ": ReadFrom count");
            Assert.AreEqual((long)expected, buffer.Depth, where + ": Depth");
            long oldest = expected > 0 ? read[0].Sequence : buffer.NextSequence;
            Assert.AreEqual(oldest, buffer.OldestUnconfirmedSequence, where + ": OldestUnconfirmedSequence");
        }

        // No confirms: the readings kept are exactly the completed ones from OldestUnconfirmedSequence on,
        // and everything older is counted as evicted.
        private static void VerifyEvictedPrefix(DurableBuffer buffer, ScriptRun run, string where)
        {
            long oldest = buffer.OldestUnconfirmedSequence;
            Assert.AreEqual(run.LastSequence + 1, buffer.NextSequence, where + ": NextSequence");
            Assert.AreEqual(0L, buffer.ConfirmedThrough, where);
            Assert.AreEqual(oldest - 1, buffer.EvictedCount, where + ": every reading below the oldest kept was evicted and counted");
            Assert.AreEqual(buffer.NextSequence - oldest, buffer.Depth, where + ": Depth");
            for (int i = 0; i < run.Count; i++)
            {
                Reading reading = run.Completed[i];
                if (reading.Sequence >= oldest)
                {
                    BufferTestKit.AssertReadable(buffer, reading, where);
                }
                else
                {
                    BufferTestKit.AssertNotReadable(buffer, reading.Sequence, where + ": evicted");
                }
            }
        }

        // Runs the script on blank storage without a cut and returns the bytes it writes.
        private static long MeasureScript(int[] script, int segments, int segmentBytes, bool expectNoEviction)
        {
            MemorySegmentStorage storage = new MemorySegmentStorage(segments, segmentBytes);
            ScriptRun run = RunUntilCut(storage, script, -1, false);
            Assert.AreEqual((long)script.Length, (long)run.InterruptedOp, "uncut run completes");
            Assert.IsTrue(storage.TotalErases > 0, "the script exercises erasing");
            if (expectNoEviction)
            {
                DurableBuffer buffer = BufferTestKit.Boot(storage);
                Assert.AreEqual(0L, buffer.EvictedCount, "the script is sized not to evict");
            }
            return storage.TotalBytesWritten;
        }

        private static ScriptRun RunUntilCut(MemorySegmentStorage storage, int[] script, long cutAfterBytes, bool cutBeforeErase)
        {
            ScriptRun run = new ScriptRun(script.Length + 16);
            DurableBuffer buffer = BufferTestKit.Boot(storage);
            if (cutAfterBytes >= 0)
            {
                storage.PowerCutAfterBytes(cutAfterBytes, cutBeforeErase);
            }
            int op = 0;
            try
            {
                for (op = 0; op < script.Length; op++)
                {
                    if (script[op] == Append)
                    {
                        Reading reading = BufferTestKit.MakeReading(op + 1);
                        buffer.Append(ref reading);
                        run.Add(reading);
                    }
                    else
                    {
                        long target = script[op] < run.LastSequence ? script[op] : run.LastSequence;
                        run.ConfirmInProgress = target > run.Confirmed ? target : 0;
                        buffer.Confirm(script[op]);
                        if (target > run.Confirmed)
                        {
                            run.Confirmed = target;
                        }
                        run.ConfirmInProgress = 0;
                    }
                }
            }
            catch (IOException)
            {
                // Power cut: 'op' is the interrupted operation.
            }
            run.InterruptedOp = op;
            return run;
        }

        /// <summary>What a script run completed before the power cut.</summary>
        private sealed class ScriptRun
        {
            public ScriptRun(int capacity)
            {
                Completed = new Reading[capacity];
            }

            public Reading[] Completed;
            public int Count;
            public long LastSequence;
            public long Confirmed;
            public long ConfirmInProgress;
            public int InterruptedOp;

            public void Add(Reading reading)
            {
                Completed[Count++] = reading;
                LastSequence = reading.Sequence;
            }
        }
    }
}
