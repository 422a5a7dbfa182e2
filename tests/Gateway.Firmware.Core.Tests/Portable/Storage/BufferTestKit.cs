using Gateway.Firmware.Core.Readings;
using Gateway.Firmware.Core.Storage;
using Gateway.Firmware.Core.Tests.Fakes;
using nanoFramework.TestFramework;

namespace Gateway.Firmware.Core.Tests.Portable.Storage
{
    /// <summary>Shared helpers of the durable buffer tests (nanoFramework subset).</summary>
    internal static class BufferTestKit
    {
        private static readonly MetricId[] s_metrics = new MetricId[]
        {
            MetricId.Temperature, MetricId.Pm2_5, MetricId.DoorOpen, MetricId.Latitude, MetricId.Rssi,
        };

        /// <summary>A reading whose every field depends on <paramref name="i"/>, with a value that uses all mantissa bits.</summary>
        public static Reading MakeReading(int i)
        {
            Reading reading = new Reading();
            reading.TimeUnixMs = 1700000000000L + i * 1000L + i % 7;
            reading.Metric = s_metrics[i % s_metrics.Length];
            reading.Kind = (ReadingKind)(i % 6);
            reading.Value = i * 1.5 - 40.25 + 1.0 / (i + 3);
            return reading;
        }

        /// <summary>Powers the storage on and builds and restores a fresh buffer over its contents (a reboot).</summary>
        public static DurableBuffer Boot(MemorySegmentStorage storage)
        {
            storage.PowerOn();
            DurableBuffer buffer = new DurableBuffer(storage);
            buffer.Restore();
            return buffer;
        }

        /// <summary>Appends MakeReading(i) for i in [from, from + count) and returns the appended readings (with sequences).</summary>
        public static Reading[] AppendMany(DurableBuffer buffer, int from, int count)
        {
            Reading[] appended = new Reading[count];
            for (int i = 0; i < count; i++)
            {
                Reading reading = MakeReading(from + i);
                buffer.Append(ref reading);
                appended[i] = reading;
            }
            return appended;
        }

        /// <summary>Fails unless both readings are equal in every field (value bit for bit).</summary>
        public static void AssertSame(Reading expected, Reading actual, string message)
        {
            Assert.AreEqual(expected.Sequence, actual.Sequence, message + " sequence");
            Assert.AreEqual(expected.TimeUnixMs, actual.TimeUnixMs, message + " time");
            Assert.AreEqual((long)expected.Metric, (long)actual.Metric, message + " metric");
            Assert.AreEqual((long)expected.Kind, (long)actual.Kind, message + " kind");
            Assert.AreEqual(expected.Value, actual.Value, message + " value");
        }

        /// <summary>Fails unless TryRead finds <paramref name="expected"/> with exactly its values.</summary>
        public static void AssertReadable(DurableBuffer buffer, Reading expected, string message)
        {
            Reading actual = new Reading();
            Assert.IsTrue(buffer.TryRead(expected.Sequence, ref actual), message + ": sequence " + expected.Sequence + " should be readable");
            AssertSame(expected, actual, message);
        }

        /// <summary>Fails if TryRead finds anything for <paramref name="sequence"/>.</summary>
        public static void AssertNotReadable(DurableBuffer buffer, long sequence, string message)
        {
            Reading actual = new Reading();
            Assert.IsFalse(buffer.TryRead(sequence, ref actual), message + ": sequence " + sequence + " should not be readable");
        }

        /// <summary>Reads everything unconfirmed in one go.</summary>
        public static Reading[] ReadAll(DurableBuffer buffer, int max, out int count)
        {
            Reading[] all = new Reading[max];
            count = buffer.ReadFrom(0, all, 0, max);
            return all;
        }
    }
}
