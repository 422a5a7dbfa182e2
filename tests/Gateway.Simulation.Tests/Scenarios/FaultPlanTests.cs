using System.Collections.Generic;
using System.Linq;
using Gateway.Simulation.Scenarios;
using Xunit;

namespace Gateway.Simulation.Tests.Scenarios
{
    public class FaultPlanTests
    {
        private static Scenario Scenario(string faults, uint seed = 4) => ScenarioLoader.Parse(@"{
  ""name"": ""faults"", ""description"": ""d"", ""seed"": " + seed + @", ""duration"": ""10h"",
  ""fleet"": [
    { ""kind"": ""environmental"", ""count"": 100, ""cities"": [""sjz"", ""bd""] },
    { ""kind"": ""logistics"", ""count"": 10, ""routes"": [""sjz-beijing""] }
  ],
  ""faults"": [ " + faults + @" ] }", "faults.json");

        private static List<FaultEvent> All(Scenario scenario)
        {
            FleetLayout layout = new FleetLayout(scenario.Groups);
            FaultPlan plan = new FaultPlan(scenario, layout);
            List<FaultEvent> events = new List<FaultEvent>();
            for (int i = 0; i < scenario.NodeCount; i++)
            {
                events.AddRange(plan.EventsFor(i));
            }
            return events;
        }

        [Fact]
        public void Count_hits_exactly_that_many_nodes_chosen_by_the_seed()
        {
            string fault = "{ \"kind\": \"linkDrop\", \"at\": \"1h\", \"duration\": \"5m\", \"target\": { \"groups\": [0], \"count\": 7 } }";
            List<FaultEvent> a = All(Scenario(fault));
            List<FaultEvent> b = All(Scenario(fault));
            List<FaultEvent> c = All(Scenario(fault, seed: 5));

            Assert.Equal(7, a.Count);
            Assert.All(a, e => Assert.InRange(e.NodeIndex, 0, 99));
            Assert.All(a, e => Assert.Equal(3600000, e.AtMs));
            Assert.Equal(a.Select(e => e.NodeIndex), b.Select(e => e.NodeIndex));
            Assert.NotEqual(a.Select(e => e.NodeIndex), c.Select(e => e.NodeIndex));
        }

        [Fact]
        public void Probability_hits_about_that_share_at_random_times_inside_the_window()
        {
            List<FaultEvent> events = All(Scenario("{ \"kind\": \"sensorFail\", \"probability\": 0.3, \"from\": \"2h\", \"until\": \"4h\", \"sensor\": \"sps30\" }"));

            Assert.InRange(events.Count, 15, 45);
            Assert.All(events, e => Assert.InRange(e.AtMs, 2 * 3600000L, 4 * 3600000L - 1));
            Assert.All(events, e => Assert.InRange(e.NodeIndex, 0, 99));
            Assert.True(events.Select(e => e.AtMs).Distinct().Count() > events.Count / 2);
        }

        [Fact]
        public void Truck_faults_skip_air_stations_and_broker_restarts_are_fleet_wide()
        {
            Scenario scenario = Scenario("{ \"kind\": \"coolingFailure\", \"at\": \"1h\" }, { \"kind\": \"brokerRestart\", \"at\": \"2h\" }, { \"kind\": \"powerLoss\", \"at\": \"3h\", \"target\": { \"groups\": [1], \"count\": 1 } }");
            FaultPlan plan = new FaultPlan(scenario, new FleetLayout(scenario.Groups));
            List<FaultEvent> events = All(scenario);

            Assert.Equal(11, events.Count);
            Assert.All(events, e => Assert.InRange(e.NodeIndex, 100, 109));
            FaultEvent power = Assert.Single(events, e => e.Kind == FaultKind.PowerLoss);
            Assert.True(power.IsRuntimeFault);
            Assert.InRange(power.CutAfterBytes, 0, 33);
            Assert.Equal(10000, power.OffForMs);
            FaultEvent broker = Assert.Single(plan.FleetEvents);
            Assert.Equal(FaultKind.BrokerRestart, broker.Kind);
            Assert.Equal(-1, broker.NodeIndex);
            Assert.Equal(30000, broker.DurationMs);
        }
    }
}
