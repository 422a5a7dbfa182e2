using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Gateway.Simulation.Scenarios;
using Gateway.Simulation.Tests.Fakes;
using Xunit;

namespace Gateway.Simulation.Tests.Scenarios
{
    public class ScenarioCatalogTests
    {
        [Fact]
        public void Catalog_lists_every_seed_with_a_one_line_description()
        {
            ScenarioCatalog catalog = new ScenarioCatalog(RepositoryPaths.Seeds);
            IReadOnlyList<ScenarioCatalogEntry> entries = catalog.List();

            Assert.Equal(Directory.GetFiles(RepositoryPaths.Seeds, "*.json").Length, entries.Count);
            foreach (ScenarioCatalogEntry entry in entries)
            {
                Assert.False(string.IsNullOrWhiteSpace(entry.Summary));
                Assert.DoesNotContain("\n", entry.Summary);
                Assert.Equal(catalog.Load(entry.Name).Summary, entry.Summary);
            }
        }

        [Fact]
        public void The_default_scenario_is_the_Hebei_air_quality_network()
        {
            Scenario scenario = new ScenarioCatalog(RepositoryPaths.Seeds).LoadDefault();
            Assert.Equal("hebei-air-quality", scenario.Name);
            Assert.Equal(ScenarioCatalog.DefaultName, scenario.Name);
        }

        [Fact]
        public void Seeds_are_found_from_the_binaries_also_outside_the_repository()
        {
            Assert.True(File.Exists(Path.Combine(AppContext.BaseDirectory, "seeds", "hebei-air-quality.json")), "the build copies seeds/*.json next to the binaries");
            ScenarioCatalog located = ScenarioCatalog.Locate();
            Assert.Contains("cold-chain", located.List().Select(e => e.Name));

            string? folder = ScenarioCatalog.FindSeedsFolder(AppContext.BaseDirectory);
            Assert.NotNull(folder);
        }

        [Fact]
        public void A_scenario_loads_by_file_path_too()
        {
            using TempFolder temp = new TempFolder();
            string path = temp.File("mine.json");
            File.WriteAllText(path, "{ \"name\": \"mine\", \"description\": \"d\", \"fleet\": [ { \"kind\": \"environmental\", \"count\": 1, \"cities\": [\"cd\"] } ] }");

            Scenario scenario = new ScenarioCatalog(RepositoryPaths.Seeds).Load(path);
            Assert.Equal("mine", scenario.Name);
            Assert.Equal(path, scenario.Source);
        }

        [Fact]
        public void An_unknown_name_lists_the_built_in_scenarios()
        {
            ScenarioException e = Assert.Throws<ScenarioException>(() => new ScenarioCatalog(RepositoryPaths.Seeds).Load("cold-chian"));
            string message = Assert.Single(e.Errors).Message;
            Assert.Contains("no built-in scenario called 'cold-chian'", message);
            Assert.Contains("cold-chain, hebei-air-quality, smart-city, stress", message);
        }
    }
}
