using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Gateway.Firmware.Core.Config;
using Gateway.Simulation.Environment;
using Gateway.Simulation.Logistics;
using Gateway.Simulation.Scenarios;
using Gateway.Simulation.Tests.Fakes;
using Xunit;

namespace Gateway.Simulation.Tests.Scenarios
{
    public class ScenarioLoaderTests
    {
        private const string Minimal = @"{
  ""name"": ""mini"",
  ""description"": ""Two stations."",
  ""fleet"": [ { ""kind"": ""environmental"", ""count"": 2, ""cities"": [""sjz""] } ]
}";

        public static IEnumerable<object[]> SeedFiles() => RepositoryPaths.SeedFiles();

        [Theory]
        [MemberData(nameof(SeedFiles))]
        public void Every_seed_file_loads_and_validates(string file)
        {
            Scenario scenario = ScenarioLoader.LoadFile(Path.Combine(RepositoryPaths.Seeds, file));

            Assert.Equal(Path.GetFileNameWithoutExtension(file), scenario.Name);
            Assert.True(scenario.NodeCount > 0);
            Assert.False(string.IsNullOrWhiteSpace(scenario.Summary));
            Assert.True(scenario.Summary.Length <= 200, "the first description line is a one-line summary");
        }

        [Fact]
        public void Seed_files_cover_the_scenarios_the_project_promises()
        {
            string[] names = Directory.GetFiles(RepositoryPaths.Seeds, "*.json").Select(Path.GetFileNameWithoutExtension).ToArray()!;
            Assert.Contains("hebei-air-quality", names);
            Assert.Contains("cold-chain", names);
            Assert.Contains("smart-city", names);
            Assert.Contains("stress", names);
            Assert.True(File.Exists(Path.Combine(RepositoryPaths.Seeds, "README.md")));
            Assert.True(ScenarioLoader.LoadFile(Path.Combine(RepositoryPaths.Seeds, "stress.json")).NodeCount >= 5000);
        }

        [Fact]
        public void A_minimal_scenario_takes_the_documented_defaults()
        {
            Scenario scenario = ScenarioLoader.Parse(Minimal, "mini.json");

            Assert.Equal(1u, scenario.Seed);
            Assert.Equal(1705276800000, scenario.StartUnixMs);
            Assert.Equal(86400000, scenario.DurationMs);
            Assert.Equal("hebei", scenario.Tenant);
            FleetGroup group = Assert.Single(scenario.Groups);
            Assert.Equal(DeviceKind.Environmental, group.Kind);
            Assert.Equal(SiteKind.Outdoor, group.Site);
            Assert.Equal("env", group.Prefix);
            Assert.Equal(7, group.Sensors.Count);
            Assert.Empty(group.ConfigLines);
        }

        [Fact]
        public void Group_settings_become_device_configuration_lines()
        {
            Scenario scenario = ScenarioLoader.Parse(@"{
  ""name"": ""trucks"", ""description"": ""d"", ""start"": ""2024-07-15T06:00:00+08:00"", ""duration"": ""1d2h"",
  ""fleet"": [ {
    ""kind"": ""logistics"", ""count"": 3, ""routes"": [""sjz-beijing"", ""hd-sjz""], ""gnss"": ""GB"", ""reefer"": false,
    ""sampling"": { ""period"": ""2m"", ""alarmPeriod"": ""10s"", ""stuckCount"": 0, ""sensors"": { ""gnss"": ""30s"", ""door"": ""off"" } },
    ""alarms"": { ""cargo_temp.band_min"": 2, ""cargo_temp.band_max"": 8, ""cargo_temp.excursion_s"": 600, ""door_in_transit"": true, ""shock_g"": 4.5 },
    ""config"": { ""uplink.format"": ""json"", ""power.deep_sleep"": false }
  } ] }", "trucks.json");

            Assert.Equal(1720994400000, scenario.StartUnixMs);
            Assert.Equal(26 * 3600000L, scenario.DurationMs);
            FleetGroup group = scenario.Groups[0];
            Assert.Equal(GnssTalkerMode.GB, group.Gnss);
            Assert.False(group.Reefer);
            string[] lines = group.ConfigLines.Select(l => l.Key + " = " + l.Value).ToArray();
            Assert.Equal(new[]
            {
                "sample.period_s = 120", "sample.alarm_period_s = 10", "sample.stuck_count = 0", "sample.gnss.period_s = 30", "sample.door.period_s = off",
                "alarm.cargo_temp.band_min = 2", "alarm.cargo_temp.band_max = 8", "alarm.cargo_temp.excursion_s = 600", "alarm.door_in_transit = on",
                "alarm.shock_g = 4.5", "uplink.format = json", "power.deep_sleep = off",
            }, lines);
        }

        // ---- One test per class of error: each names the JSON path and what is accepted.

        [Fact]
        public void Unknown_property_is_refused_with_a_suggestion()
        {
            ScenarioError error = SingleError(Minimal.Replace("\"count\": 2", "\"count\": 2, \"cout\": 3"));
            Assert.Equal("fleet[0].cout", error.Path);
            Assert.Contains("unknown property; did you mean 'count'?", error.Message);
        }

        [Fact]
        public void Wrong_type_names_the_path_and_what_is_accepted()
        {
            ScenarioError error = SingleError(Minimal.Replace("\"count\": 2", "\"count\": \"ten\""));
            Assert.Equal("fleet[0].count: must be an integer from 1 to 100000 (found \"ten\")", error.ToString());
        }

        [Fact]
        public void Out_of_range_value_names_the_path_and_the_range()
        {
            ScenarioError error = SingleError(Minimal.Replace("\"count\": 2", "\"count\": 0"));
            Assert.Equal("fleet[0].count: must be an integer from 1 to 100000 (found 0)", error.ToString());
            Assert.StartsWith("seed: must be an integer from 0 to 4294967295", SingleError(Minimal.Replace("\"name\"", "\"seed\": -1, \"name\"")).ToString());
        }

        [Fact]
        public void Unknown_city_lists_the_accepted_cities()
        {
            ScenarioError error = SingleError(Minimal.Replace("[\"sjz\"]", "[\"sjz\", \"beijing\"]"));
            Assert.Equal("fleet[0].cities[1]", error.Path);
            Assert.Contains("unknown city \"beijing\": accepted are sjz, bd, ts, hd, zjk, cd, lf, qhd, xt, cz, hs, xa", error.Message);
        }

        [Fact]
        public void Cities_may_be_named_in_full()
        {
            Scenario scenario = ScenarioLoader.Parse(Minimal.Replace("[\"sjz\"]", "[\"Shijiazhuang\", \"Xiong'an\", \"zhangjiakou\"]"), "x");
            Assert.Equal(new[] { "sjz", "xa", "zjk" }, scenario.Groups[0].Cities.Select(c => c.Id).ToArray());
        }

        [Fact]
        public void Unknown_route_lists_the_accepted_routes()
        {
            ScenarioError error = SingleError(@"{ ""name"": ""t"", ""description"": ""d"",
                ""fleet"": [ { ""kind"": ""logistics"", ""count"": 1, ""routes"": [""sjz-shanghai""] } ] }");
            Assert.Equal("fleet[0].routes[0]", error.Path);
            Assert.Contains("unknown route \"sjz-shanghai\": accepted are sjz-beijing, sjz-tianjin, bd-xiongan, ts-qinhuangdao, zjk-beijing, hd-sjz", error.Message);
        }

        [Fact]
        public void Empty_fleet_is_refused()
        {
            ScenarioError error = SingleError(@"{ ""name"": ""t"", ""description"": ""d"", ""fleet"": [] }");
            Assert.Equal("fleet", error.Path);
            Assert.Contains("is empty: must be an array of 1 to 64 fleet groups", error.Message);
        }

        [Fact]
        public void Missing_required_property_says_what_to_write()
        {
            ScenarioError error = SingleError(Minimal.Replace("\"name\": \"mini\",", ""));
            Assert.Equal("name", error.Path);
            Assert.Contains("is missing: must be 1 to 64 characters a-z 0-9 -", error.Message);
        }

        [Fact]
        public void Invalid_JSON_is_refused_with_line_and_position()
        {
            ScenarioError error = SingleError("{\n  \"name\": \"x\"\n  \"description\": \"d\"\n}");
            Assert.Equal(string.Empty, error.Path);
            Assert.StartsWith("not valid JSON at line 3, position 3:", error.Message);
        }

        [Fact]
        public void Comments_and_trailing_commas_are_allowed()
        {
            Scenario scenario = ScenarioLoader.Parse("// a comment\n" + Minimal.Replace("[\"sjz\"]", "[\"sjz\",]"), "x");
            Assert.Equal("mini", scenario.Name);
        }

        [Fact]
        public void Duplicate_property_is_refused()
        {
            ScenarioError error = SingleError(Minimal.Replace("\"count\": 2", "\"count\": 2, \"count\": 3"));
            Assert.Equal("fleet[0].count", error.Path);
            Assert.Contains("duplicate property", error.Message);
        }

        [Fact]
        public void Badly_written_duration_shows_the_accepted_form()
        {
            ScenarioError error = SingleError(Minimal.Replace("\"name\"", "\"duration\": \"1.5h\", \"name\""));
            Assert.Equal("duration", error.Path);
            Assert.Contains("must be a duration from 1m to 366d, written as whole numbers with the units s, m, h, d (e.g. \"90s\", \"15m\", \"1h30m\", \"2d\") (found \"1.5h\")", error.Message);
        }

        [Fact]
        public void Start_time_must_say_its_time_zone()
        {
            ScenarioError error = SingleError(Minimal.Replace("\"name\"", "\"start\": \"2024-01-15T00:00:00\", \"name\""));
            Assert.Equal("start", error.Path);
            Assert.Contains("ending in Z or an offset", error.Message);
        }

        [Fact]
        public void A_setting_the_device_would_refuse_is_reported_at_its_own_path_with_the_core_message()
        {
            ScenarioError error = SingleError(Minimal.Replace("\"count\": 2", "\"count\": 2, \"sampling\": { \"period\": \"2s\" }"));
            Assert.Equal("fleet[0].sampling.period", error.Path);
            Assert.Contains("sample.period_s = 2: must be an integer from 5 to 86400", error.Message);

            ScenarioError alarm = SingleError(Minimal.Replace("\"count\": 2", "\"count\": 2, \"alarms\": { \"pm25.high\": 75 }"));
            Assert.Equal("fleet[0].alarms[\"pm25.high\"]", alarm.Path);
            Assert.Contains("alarm.pm25.high", alarm.Message);

            ScenarioError rule = SingleError(Minimal.Replace("\"count\": 2", "\"count\": 2, \"sampling\": { \"period\": \"30s\", \"alarmPeriod\": \"1m\" }"));
            Assert.Equal("fleet[0].sampling.alarmPeriod", rule.Path);
            Assert.Contains("sample.alarm_period_s = 60: must not be longer than sample.period_s (30, fleet[0].sampling.period)", rule.Message);
        }

        [Fact]
        public void Settings_the_simulator_owns_are_refused_in_config()
        {
            ScenarioError error = SingleError(Minimal.Replace("\"count\": 2", "\"count\": 2, \"config\": { \"broker.host\": \"example.org\" }"));
            Assert.Equal("fleet[0].config[\"broker.host\"]", error.Path);
            Assert.Contains("is set by the simulator", error.Message);
        }

        [Fact]
        public void A_sampling_override_for_a_sensor_the_board_lacks_is_refused()
        {
            ScenarioError error = SingleError(Minimal.Replace("\"count\": 2", "\"count\": 2, \"sensors\": [\"bme280\"], \"sampling\": { \"sensors\": { \"sps30\": \"30s\" } }"));
            Assert.Equal("fleet[0].sampling.sensors.sps30", error.Path);
            Assert.Contains("this group has no sensor 'sps30'", error.Message);
        }

        [Fact]
        public void A_property_of_the_other_kind_of_group_is_refused()
        {
            ScenarioError error = SingleError(Minimal.Replace("\"count\": 2", "\"count\": 2, \"gnss\": \"GN\""));
            Assert.Equal("fleet[0].gnss", error.Path);
            Assert.Contains("only for logistics groups", error.Message);
        }

        [Fact]
        public void Too_many_nodes_in_all_are_refused()
        {
            string json = Minimal.Replace("[ { \"kind\": \"environmental\", \"count\": 2, \"cities\": [\"sjz\"] } ]",
                "[ { \"kind\": \"environmental\", \"count\": 60000, \"cities\": [\"sjz\"] }, { \"kind\": \"environmental\", \"count\": 60000, \"cities\": [\"bd\"] } ]");
            ScenarioError error = SingleError(json);
            Assert.Equal("fleet", error.Path);
            Assert.Contains("has 120000 nodes in all; a scenario may have at most 100000", error.Message);
        }

        [Fact]
        public void Fault_needs_exactly_one_of_at_and_probability()
        {
            ScenarioError both = SingleError(WithFault("{ \"kind\": \"linkDrop\", \"at\": \"1h\", \"probability\": 0.5, \"duration\": \"5m\" }"));
            Assert.Equal("faults[0]", both.Path);
            Assert.Contains("not both", both.Message);
            ScenarioError neither = SingleError(WithFault("{ \"kind\": \"linkDrop\", \"duration\": \"5m\" }"));
            Assert.Contains("give \"at\"", neither.Message);
        }

        [Fact]
        public void Fault_of_an_unknown_kind_lists_the_kinds()
        {
            ScenarioError error = SingleError(WithFault("{ \"kind\": \"meteorStrike\", \"at\": \"1h\" }"));
            Assert.Equal("faults[0].kind", error.Path);
            Assert.Contains("must be one of linkDrop, powerLoss, sensorStuck, sensorFail, sensorSpike, coolingFailure, doorOpenInTransit, drop, clockJump, brokerRestart", error.Message);
        }

        [Fact]
        public void Fault_property_its_kind_does_not_take_is_refused()
        {
            ScenarioError error = SingleError(WithFault("{ \"kind\": \"linkDrop\", \"at\": \"1h\", \"duration\": \"5m\", \"sensor\": \"sps30\" }"));
            Assert.Equal("faults[0].sensor", error.Path);
            Assert.Contains("not used by a linkDrop fault; it takes kind, at, probability, from, until, target, duration", error.Message);
        }

        [Fact]
        public void Sensor_fault_on_a_sensor_no_targeted_node_has_is_refused()
        {
            ScenarioError error = SingleError(WithFault("{ \"kind\": \"sensorStuck\", \"at\": \"1h\", \"sensor\": \"ds18b20\" }"));
            Assert.Equal("faults[0].sensor", error.Path);
            Assert.Contains("no targeted node has a sensor 'ds18b20'; the targeted nodes have bme280, sps30, scd4x, sgp, noise, light, battery", error.Message);
        }

        [Fact]
        public void Truck_fault_aimed_at_air_stations_only_is_refused()
        {
            ScenarioError error = SingleError(WithFault("{ \"kind\": \"coolingFailure\", \"at\": \"1h\" }"));
            Assert.Equal("faults[0].kind", error.Path);
            Assert.Contains("applies to logistics trackers only", error.Message);
        }

        [Fact]
        public void Fault_target_naming_a_device_the_fleet_does_not_have_is_refused()
        {
            ScenarioError error = SingleError(WithFault("{ \"kind\": \"linkDrop\", \"at\": \"1h\", \"duration\": \"5m\", \"target\": { \"devices\": [\"env-sjz-0003\"] } }"));
            Assert.Equal("faults[0].target.devices[0]", error.Path);
            Assert.Contains("no device \"env-sjz-0003\" in this fleet", error.Message);
            ScenarioError group = SingleError(WithFault("{ \"kind\": \"linkDrop\", \"at\": \"1h\", \"duration\": \"5m\", \"target\": { \"groups\": [1] } }"));
            Assert.Equal("faults[0].target.groups[0]", group.Path);
            Assert.Contains("must be a fleet group index from 0 to 0", group.Message);
        }

        [Fact]
        public void Every_problem_is_reported_at_once()
        {
            string json = @"{ ""name"": ""Bad Name"", ""description"": ""d"", ""colour"": 1,
                ""fleet"": [ { ""kind"": ""environmental"", ""count"": -1, ""cities"": [""paris""] } ],
                ""episodes"": [ { ""kind"": ""smog"", ""start"": ""0s"", ""duration"": ""1d"", ""peak"": 5 } ] }";
            ScenarioException e = Assert.Throws<ScenarioException>(() => ScenarioLoader.Parse(json, "bad.json"));
            string[] paths = e.Errors.Select(x => x.Path).ToArray();
            Assert.Equal(new[] { "name", "fleet[0].count", "fleet[0].cities[0]", "episodes[0].kind", "episodes[0].peak", "colour" }, paths);
            Assert.StartsWith("bad.json: 6 problems in the scenario", e.Message);
        }

        [Fact]
        public void A_missing_file_is_reported_with_its_full_path()
        {
            ScenarioException e = Assert.Throws<ScenarioException>(() => ScenarioLoader.LoadFile("no-such-scenario.json"));
            Assert.Contains("file not found", e.Errors[0].Message);
        }

        private static string WithFault(string fault) => Minimal.Replace("\"fleet\"", "\"faults\": [ " + fault + " ], \"fleet\"");

        private static ScenarioError SingleError(string json)
        {
            ScenarioException e = Assert.Throws<ScenarioException>(() => ScenarioLoader.Parse(json, "test.json"));
            return Assert.Single(e.Errors);
        }
    }
}
