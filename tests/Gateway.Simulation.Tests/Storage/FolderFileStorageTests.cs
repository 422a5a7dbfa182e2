using System;
using System.IO;
using Gateway.Simulation.Storage;
using Gateway.Simulation.Tests.Fakes;
using Xunit;

namespace Gateway.Simulation.Tests.Storage
{
    public class FolderFileStorageTests
    {
        [Fact]
        public void A_missing_file_reads_as_null()
        {
            using TempFolder folder = new TempFolder();
            FolderFileStorage files = new FolderFileStorage(Path.Combine(folder.Path, "node"));

            Assert.Null(files.ReadAllText("device.conf"));
            Assert.True(Directory.Exists(Path.Combine(folder.Path, "node")));
        }

        [Fact]
        public void Written_text_is_read_back_and_replaced_whole_without_a_temporary_file_left()
        {
            using TempFolder folder = new TempFolder();
            FolderFileStorage files = new FolderFileStorage(folder.Path, StorageDurability.Flush);

            files.WriteAllText("device.conf", "device.id = env-sjz-0001\nwifi.ssid = 雄安\n");
            files.WriteAllText("device.conf", "device.id = env-sjz-0002\n");

            Assert.Equal("device.id = env-sjz-0002\n", files.ReadAllText("device.conf"));
            Assert.False(File.Exists(folder.File("device.conf" + FolderFileStorage.TemporarySuffix)));
            Assert.Equal(2, files.Writes);
            files.WriteAllText("utf8.txt", "wifi.ssid = 雄安");
            Assert.Equal("wifi.ssid = 雄安", new FolderFileStorage(folder.Path).ReadAllText("utf8.txt"));
        }

        [Theory]
        [InlineData("../escape.conf")]
        [InlineData("sub/device.conf")]
        [InlineData(".hidden")]
        [InlineData("")]
        public void Names_that_could_leave_the_folder_are_refused(string name)
        {
            using TempFolder folder = new TempFolder();
            FolderFileStorage files = new FolderFileStorage(folder.Path);

            ArgumentException e = Assert.Throws<ArgumentException>(() => files.WriteAllText(name, "x"));
            Assert.Contains("must be 1 to 64 characters A-Z a-z 0-9 . - _", e.Message);
            Assert.Throws<ArgumentException>(() => files.ReadAllText(name));
        }
    }
}
