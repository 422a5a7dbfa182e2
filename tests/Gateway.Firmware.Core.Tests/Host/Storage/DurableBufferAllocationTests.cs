using System;
using Gateway.Firmware.Core.Readings;
using Gateway.Firmware.Core.Storage;
using Gateway.Firmware.Core.Tests.Fakes;
using Xunit;

namespace Gateway.Firmware.Core.Tests.Host.Storage
{
    /// <summary>
    /// The sample → buffer → encode path must not allocate in steady state (a nanoFramework device has a small heap
    /// and a stop-the-world GC). Measured with the host runtime's per-thread allocation counter.
    /// </summary>
    public class DurableBufferAllocationTests
    {
        [Fact]
        public void Append_ReadFrom_TryRead_and_Confirm_allocate_nothing_in_steady_state()
        {
            var storage = new MemorySegmentStorage(4, DurableBuffer.CheckpointFrameBytes + 10 * DurableBuffer.ReadingFrameBytes);
            var buffer = new DurableBuffer(storage);
            buffer.Restore();
            var batch = new Reading[8];

            // Warm up every path once (JIT, static tables), including rollover, eviction and erasing.
            Exercise(buffer, batch, 200);

            long before = GC.GetAllocatedBytesForCurrentThread();
            Exercise(buffer, batch, 2000);
            long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

            Assert.Equal(0, allocated);
            Assert.True(storage.TotalErases > 10, "the measured loop rolled over and erased segments");
            Assert.True(buffer.EvictedCount > 0, "the measured loop evicted");
        }

        private static void Exercise(DurableBuffer buffer, Reading[] batch, int rounds)
        {
            Reading reading = default;
            Reading into = default;
            for (int i = 0; i < rounds; i++)
            {
                reading.TimeUnixMs = 1_700_000_000_000L + i;
                reading.Metric = MetricId.Pm2_5;
                reading.Kind = ReadingKind.Measurement;
                reading.Value = i * 0.5;
                buffer.Append(ref reading);
                buffer.Append(ref reading);
                buffer.Append(ref reading);
                buffer.ReadFrom(buffer.ConfirmedThrough + 1, batch, 0, batch.Length);
                buffer.TryRead(reading.Sequence - 1, ref into);
                if (i % 5 == 0)
                {
                    // Sometimes confirm, sometimes let the buffer fill up and evict.
                    buffer.Confirm(i % 20 == 0 ? reading.Sequence - 2 : buffer.ConfirmedThrough);
                }
            }
        }
    }
}
