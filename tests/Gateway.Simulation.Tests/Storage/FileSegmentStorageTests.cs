using System;
using System.IO;
using System.Text;
using Gateway.Firmware.Core.Readings;
using Gateway.Firmware.Core.Storage;
using Gateway.Simulation.Storage;
using Gateway.Simulation.Tests.Fakes;
using Xunit;

namespace Gateway.Simulation.Tests.Storage
{
    public class FileSegmentStorageTests
    {
        private const int ThreeReadingSegmentBytes = DurableBuffer.CheckpointFrameBytes + 3 * DurableBuffer.ReadingFrameBytes;

        [Fact]
        public void Appended_bytes_are_there_after_reopening_the_file()
        {
            using TempFolder folder = new TempFolder();
            string path = folder.File("node.seg");
            using (FileSegmentStorage storage = new FileSegmentStorage(path, 4, 256))
            {
                storage.Append(2, Bytes("hello "), 0, 6);
                storage.Append(2, Bytes("world"), 0, 5);
                storage.Append(0, Bytes("x"), 0, 1);
            }

            using FileSegmentStorage rebooted = new FileSegmentStorage(path, 4, 256);
            Assert.Equal(11, rebooted.GetLength(2));
            Assert.Equal(1, rebooted.GetLength(0));
            Assert.Equal(0, rebooted.GetLength(1));
            byte[] read = new byte[20];
            Assert.Equal(11, rebooted.Read(2, 0, read, 0, 20));
            Assert.Equal("hello world", Encoding.ASCII.GetString(read, 0, 11));
            Assert.Equal(5, rebooted.Read(2, 6, read, 3, 5));
            Assert.Equal("world", Encoding.ASCII.GetString(read, 3, 5));
            Assert.Equal(0, rebooted.Read(2, 11, read, 0, 20));
        }

        [Fact]
        public void One_file_holds_a_header_a_length_table_and_every_segment()
        {
            using TempFolder folder = new TempFolder();
            string path = folder.File("node.seg");
            using (FileSegmentStorage storage = new FileSegmentStorage(path, 8, 1024))
            {
                Assert.Equal(512, storage.DataOffset);
                Assert.Equal(512 + 8 * 1024, storage.FileLengthBytes);
                storage.Append(7, new byte[] { 0xAB, 0xCD }, 0, 2);
            }
            byte[] file = File.ReadAllBytes(path);
            Assert.Equal(512 + 8 * 1024, file.Length);
            Assert.Equal("GWSEGS01", Encoding.ASCII.GetString(file, 0, 8));
            Assert.Equal(8, BitConverter.ToInt32(file, 12));
            Assert.Equal(1024, BitConverter.ToInt32(file, 16));
            Assert.Equal(2, BitConverter.ToInt32(file, FileSegmentStorage.HeaderBytes + 4 * 7));
            Assert.Equal(0xAB, file[512 + 7 * 1024]);
        }

        [Fact]
        public void Erase_empties_a_segment_for_good()
        {
            using TempFolder folder = new TempFolder();
            string path = folder.File("node.seg");
            using (FileSegmentStorage storage = new FileSegmentStorage(path, 2, 64, StorageDurability.Flush))
            {
                storage.Append(1, Bytes("abc"), 0, 3);
                storage.Erase(1);
                Assert.Equal(0, storage.GetLength(1));
                storage.Append(1, Bytes("de"), 0, 2);
            }
            using FileSegmentStorage rebooted = new FileSegmentStorage(path, 2, 64);
            byte[] read = new byte[8];
            Assert.Equal(2, rebooted.Read(1, 0, read, 0, 8));
            Assert.Equal("de", Encoding.ASCII.GetString(read, 0, 2));
        }

        [Fact]
        public void Append_beyond_the_segment_capacity_is_refused()
        {
            using TempFolder folder = new TempFolder();
            using FileSegmentStorage storage = new FileSegmentStorage(folder.File("node.seg"), 2, 8);
            storage.Append(0, new byte[6], 0, 6);

            IOException e = Assert.Throws<IOException>(() => storage.Append(0, new byte[3], 0, 3));
            Assert.Contains("overflows segment 0", e.Message);
            Assert.Equal(6, storage.GetLength(0));
        }

        [Fact]
        public void Power_cut_stores_only_the_first_bytes_of_the_write_and_the_device_stays_off_until_reopened()
        {
            using TempFolder folder = new TempFolder();
            string path = folder.File("node.seg");
            FileSegmentStorage storage = new FileSegmentStorage(path, 2, 64);
            storage.Append(0, Bytes("0123"), 0, 4);
            storage.CutPowerAfterBytes(3);

            IOException cut = Assert.Throws<IOException>(() => storage.Append(0, Bytes("ABCDEF"), 0, 6));
            Assert.Contains("power cut after 3 of 6 bytes", cut.Message);
            Assert.True(storage.IsPoweredOff);
            Assert.Throws<IOException>(() => storage.GetLength(0));
            Assert.Throws<IOException>(() => storage.Append(1, Bytes("x"), 0, 1));

            using FileSegmentStorage rebooted = new FileSegmentStorage(path, 2, 64);
            byte[] read = new byte[16];
            Assert.Equal(7, rebooted.Read(0, 0, read, 0, 16));
            Assert.Equal("0123ABC", Encoding.ASCII.GetString(read, 0, 7));
        }

        [Fact]
        public void Power_cut_can_land_before_an_erase()
        {
            using TempFolder folder = new TempFolder();
            string path = folder.File("node.seg");
            FileSegmentStorage storage = new FileSegmentStorage(path, 2, 64);
            storage.Append(1, Bytes("keep"), 0, 4);
            storage.CutPowerAfterBytes(0, cutBeforeErase: true);

            Assert.Throws<IOException>(() => storage.Erase(1));

            using FileSegmentStorage rebooted = new FileSegmentStorage(path, 2, 64);
            Assert.Equal(4, rebooted.GetLength(1));
        }

        [Fact]
        public void Reopening_with_another_layout_is_refused_naming_both_layouts()
        {
            using TempFolder folder = new TempFolder();
            string path = folder.File("node.seg");
            new FileSegmentStorage(path, 4, 256).Dispose();

            InvalidDataException e = Assert.Throws<InvalidDataException>(() => new FileSegmentStorage(path, 6, 256));
            Assert.Contains("holds 4 segments of 256 bytes", e.Message);
            Assert.Contains("6 segments of 256 bytes were asked for", e.Message);
        }

        [Fact]
        public void A_file_that_is_not_segment_storage_is_refused()
        {
            using TempFolder folder = new TempFolder();
            string path = folder.File("notes.txt");
            File.WriteAllText(path, "just some text that is long enough to hold a header");

            InvalidDataException e = Assert.Throws<InvalidDataException>(() => new FileSegmentStorage(path, 2, 64));
            Assert.Contains("not a Gateway segment storage file", e.Message);
        }

        [Fact]
        public void Two_live_storages_on_one_file_are_refused()
        {
            using TempFolder folder = new TempFolder();
            string path = folder.File("node.seg");
            using FileSegmentStorage first = new FileSegmentStorage(path, 2, 64);

            IOException e = Assert.Throws<IOException>(() => new FileSegmentStorage(path, 2, 64));
            Assert.Contains("dispose the old storage before a reboot", e.Message);
        }

        [Fact]
        public void Bad_layout_arguments_name_the_parameter_and_the_accepted_range()
        {
            using TempFolder folder = new TempFolder();
            ArgumentOutOfRangeException count = Assert.Throws<ArgumentOutOfRangeException>(() => new FileSegmentStorage(folder.File("a"), 1, 64));
            Assert.Contains("segmentCount: must be an integer from 2 to 4096", count.Message);
            ArgumentOutOfRangeException capacity = Assert.Throws<ArgumentOutOfRangeException>(() => new FileSegmentStorage(folder.File("b"), 2, 0));
            Assert.Contains("segmentCapacityBytes", capacity.Message);
            using FileSegmentStorage storage = new FileSegmentStorage(folder.File("c"), 2, 64);
            Assert.Throws<ArgumentOutOfRangeException>(() => storage.GetLength(2));
            Assert.Throws<ArgumentOutOfRangeException>(() => storage.Append(0, new byte[4], 2, 3));
        }

        [Fact]
        public void Durable_buffer_on_the_file_survives_a_power_cut_at_every_byte_of_a_write_script()
        {
            using TempFolder folder = new TempFolder();
            long total = RunScript(folder.File("measure.seg"), long.MaxValue, out _);
            Assert.True(total > 500, "the script writes " + total + " bytes");

            for (long cut = 0; cut < total; cut += 1)
            {
                string path = folder.File("cut-" + cut + ".seg");
                long completed;
                RunScript(path, cut, out completed);

                // Reboot: open the same file, restore, and find every reading whose append completed.
                using (FileSegmentStorage rebooted = new FileSegmentStorage(path, 4, ThreeReadingSegmentBytes))
                {
                    DurableBuffer buffer = new DurableBuffer(rebooted);
                    buffer.Restore();
                    Assert.True(buffer.NextSequence == completed + 1, "cut after " + cut + " bytes: next sequence " + buffer.NextSequence + ", expected " + (completed + 1));
                    for (long sequence = buffer.OldestUnconfirmedSequence; sequence <= completed; sequence++)
                    {
                        Reading reading = new Reading();
                        Assert.True(buffer.TryRead(sequence, ref reading), "cut after " + cut + " bytes: reading " + sequence + " lost");
                        Assert.Equal(ValueOf(sequence), reading.Value);
                    }
                    Assert.True(buffer.OldestUnconfirmedSequence <= Math.Max(1, completed - 5), "cut after " + cut + ": too much evicted");

                    // Life goes on: more readings, another reboot, all still there.
                    for (int i = 0; i < 2; i++)
                    {
                        Reading more = MakeReading(completed + 1 + i);
                        buffer.Append(ref more);
                    }
                }
                using (FileSegmentStorage again = new FileSegmentStorage(path, 4, ThreeReadingSegmentBytes))
                {
                    DurableBuffer buffer = new DurableBuffer(again);
                    buffer.Restore();
                    Assert.Equal(completed + 3, buffer.NextSequence);
                    Reading last = new Reading();
                    Assert.True(buffer.TryRead(completed + 2, ref last));
                    Assert.Equal(ValueOf(completed + 2), last.Value);
                }
                File.Delete(path);
            }
        }

        // Appends 10 readings (4 segments of 3 readings: one roll-over), with a power cut armed after cutAfter bytes.
        // Returns the bytes written; completed = the last sequence whose append returned.
        private static long RunScript(string path, long cutAfter, out long completed)
        {
            completed = 0;
            FileSegmentStorage storage = new FileSegmentStorage(path, 4, ThreeReadingSegmentBytes);
            try
            {
                if (cutAfter != long.MaxValue)
                {
                    storage.CutPowerAfterBytes(cutAfter);
                }
                DurableBuffer buffer = new DurableBuffer(storage);
                buffer.Restore();
                for (int i = 1; i <= 10; i++)
                {
                    Reading reading = MakeReading(i);
                    buffer.Append(ref reading);
                    completed = i;
                }
                return storage.BytesWritten;
            }
            catch (IOException)
            {
                Assert.True(storage.IsPoweredOff);
                return storage.BytesWritten;
            }
            finally
            {
                storage.Dispose();
            }
        }

        private static Reading MakeReading(long sequence)
        {
            Reading reading = new Reading();
            reading.TimeUnixMs = 1705276800000 + sequence * 60000;
            reading.Metric = MetricId.Pm2_5;
            reading.Kind = ReadingKind.Measurement;
            reading.Value = ValueOf(sequence);
            return reading;
        }

        private static double ValueOf(long sequence) => 10.5 + sequence;

        private static byte[] Bytes(string text) => Encoding.ASCII.GetBytes(text);
    }
}
