using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Runtime.CompilerServices;
using Gateway.Firmware.Core.Boards;
using Gateway.Firmware.Core.Config;
using Xunit;

namespace Gateway.Firmware.Core.Tests.Host.Boards
{
    /// <summary>The board profiles shipped in boards/: each parses, validates, and matches its folder and README.</summary>
    public class BoardFilesTests
    {
        public static IEnumerable<object[]> BoardFolders() =>
            Directory.GetDirectories(Path.Combine(RepositoryRoot(), "boards"))
                .Select(dir => new object[] { Path.GetFileName(dir) })
                .OrderBy(row => (string)row[0], StringComparer.Ordinal);

        [Fact]
        public void The_four_supported_boards_have_a_profile()
        {
            string[] expected = { "esp32-devkitc", "esp32-s3-devkitc", "lilygo-t-sim7000g", "m5stack-core2" };

            string[] found = BoardFolders().Select(row => (string)row[0]).ToArray();

            Assert.Equal(expected, found);
        }

        [Theory]
        [MemberData(nameof(BoardFolders))]
        public void Every_board_profile_is_valid(string board)
        {
            string text = File.ReadAllText(Path.Combine(RepositoryRoot(), "boards", board, BoardProfile.FileName));

            bool loaded = BoardProfileParser.TryLoad(text, out BoardProfile? profile, out ConfigError[] errors, out ConfigError[] warnings);

            Assert.True(loaded, $"boards/{board}/board.conf is rejected:{Environment.NewLine}" +
                string.Join(Environment.NewLine, errors.Select(e => e.Message)));
            Assert.NotNull(profile);
            Assert.Equal(board, profile!.Id);
            Assert.True(profile.SensorCount > 0, "a shipped board declares its sensors");
            // Warnings are allowed only where the board maker wired a strapping pin (e.g. the T-SIM7000G's LED on GPIO12).
            Assert.All(warnings, w => Assert.Contains("strapping pin", w.Message));
        }

        [Theory]
        [MemberData(nameof(BoardFolders))]
        public void Every_board_readme_gives_the_nanoff_command_for_its_target(string board)
        {
            string dir = Path.Combine(RepositoryRoot(), "boards", board);
            BoardProfileParser.TryParse(File.ReadAllText(Path.Combine(dir, BoardProfile.FileName)), out BoardProfile? profile, out _);
            string readme = File.ReadAllText(Path.Combine(dir, "README.md"));

            Assert.NotNull(profile);
            Assert.Contains("nanoff --target " + profile!.NanoffTarget + " ", readme);
            for (int i = 0; i < profile.SensorCount; i++)
            {
                BoardSensor sensor = profile.Sensor(i);
                Assert.Contains(sensor.Name, readme);
                if (sensor.Address >= 0)
                {
                    Assert.Contains(SensorKinds.FormatAddress(sensor.Address), readme, StringComparison.OrdinalIgnoreCase);
                }
            }
        }

        private static string RepositoryRoot([CallerFilePath] string sourceFile = "")
        {
            // Builds may run from an artifacts folder outside the repository: start from this source file, then from the
            // test binary and the working directory.
            string[] starts = { Path.GetDirectoryName(sourceFile) ?? "", AppContext.BaseDirectory, Environment.CurrentDirectory };
            foreach (string start in starts)
            {
                for (DirectoryInfo? dir = start.Length > 0 ? new DirectoryInfo(start) : null; dir != null; dir = dir.Parent)
                {
                    if (File.Exists(Path.Combine(dir.FullName, "Gateway.sln")))
                    {
                        return dir.FullName;
                    }
                }
            }
            throw new DirectoryNotFoundException("Gateway.sln not found above " + string.Join(", ", starts));
        }
    }
}
