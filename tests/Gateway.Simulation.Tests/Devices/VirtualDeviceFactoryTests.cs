using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using Gateway.Firmware.Core.Config;
using Gateway.Firmware.Core.Gnss;
using Gateway.Firmware.Core.Platform;
using Gateway.Simulation.Devices;
using Gateway.Simulation.Scenarios;
using Gateway.Simulation.Sensors;
using Gateway.Simulation.Tests.Fakes;
using Xunit;

namespace Gateway.Simulation.Tests.Devices
{
    public class VirtualDeviceFactoryTests
    {
        public static IEnumerable<object[]> SeedFiles() => RepositoryPaths.SeedFiles();

        private static VirtualDeviceFactory Factory(string seed) => new VirtualDeviceFactory(ScenarioLoader.LoadFile(Path.Combine(RepositoryPaths.Seeds, seed)));

        [Theory]
        [MemberData(nameof(SeedFiles))]
        public void Every_generated_device_configuration_parses_with_the_core_parser(string seed)
        {
            VirtualDeviceFactory factory = Factory(seed);
            HashSet<string> ids = new HashSet<string>();
            for (int i = 0; i < factory.NodeCount; i++)
            {
                string text = factory.ConfigText(i, "127.0.0.1", 18883);
                bool parsed = DeviceConfigParser.TryParse(text, out DeviceConfig? config, out ConfigError[] errors);
                Assert.True(parsed, factory.DeviceId(i) + ": " + string.Join("; ", errors.Select(e => e.Message)));
                Assert.Equal(factory.DeviceId(i), config!.DeviceId);
                Assert.Equal(factory.Scenario.Tenant, config.Tenant);
                Assert.Equal(factory.Scenario.GroupOf(i).Kind, config.Kind);
                Assert.Equal("127.0.0.1", config.BrokerHost);
                Assert.Equal(18883, config.BrokerPort);
                Assert.True(ids.Add(config.DeviceId), "duplicate device id " + config.DeviceId);
                Assert.Equal(i, factory.Layout.IndexOf(config.DeviceId));
            }
        }

        [Fact]
        public void Device_ids_name_the_kind_city_and_number()
        {
            VirtualDeviceFactory air = Factory("hebei-air-quality.json");
            Assert.Equal("env-sjz-0001", air.DeviceId(0));
            Assert.Equal("env-bd-0001", air.DeviceId(1));
            Assert.Equal("env-sjz-0002", air.DeviceId(12));
            Assert.Equal("road-sjz-0001", air.DeviceId(36));
            Assert.All(Enumerable.Range(0, air.NodeCount), i => Assert.Matches(new Regex("^[a-z]+-[a-z]+-[0-9]{4}$"), air.DeviceId(i)));

            VirtualDeviceFactory trucks = Factory("cold-chain.json");
            Assert.Equal("trk-0001", trucks.DeviceId(0));
            Assert.Equal("trk-0007", trucks.DeviceId(6));
        }

        [Fact]
        public void Group_settings_reach_the_device_configuration()
        {
            VirtualDeviceFactory factory = Factory("cold-chain.json");
            DeviceConfigParser.TryParse(factory.ConfigText(0, "broker.example", 8883), out DeviceConfig? config, out _);

            Assert.Equal(60000, config!.SamplePeriodMs);
            Assert.Equal(30000, config.SamplePeriodMsFor("gnss"));
            Assert.Equal(10000, config.SamplePeriodMsFor("door"));
            Assert.Equal(4.5, config.Alarms.ShockLimitG);
            Assert.True(config.Alarms.DoorOpenInTransit);
            Assert.Equal("esp32-tracker", config.BoardId);
            Assert.Equal(900000, config.StatusPeriodMs);
        }

        [Fact]
        public void Broker_settings_that_would_break_the_file_are_refused()
        {
            VirtualDeviceFactory factory = Factory("cold-chain.json");
            Assert.Contains("brokerHost", Assert.Throws<ArgumentException>(() => factory.ConfigText(0, "host\nwifi.password = x", 8883)).Message);
            Assert.Contains("brokerPort", Assert.Throws<ArgumentOutOfRangeException>(() => factory.ConfigText(0, "localhost", 0)).Message);
        }

        [Fact]
        public void Devices_carry_the_sensors_of_their_group_board()
        {
            VirtualDeviceFactory city = Factory("smart-city.json");
            for (int i = 0; i < city.NodeCount; i++)
            {
                VirtualDevice device = city.Create(i);
                Assert.Equal(device.Group.Sensors, device.Sensors.Select(s => s.Name).ToArray());
                Assert.Equal(device.Kind == DeviceKind.Logistics, device.Truck != null);
                Assert.Equal(device.Kind == DeviceKind.Environmental, device.Environment != null);
                Assert.Equal(device.Group.HasSensor(SensorNames.Gnss), device.GnssSensor != null);
            }
        }

        [Fact]
        public void The_same_node_is_built_the_same_way_every_time()
        {
            VirtualDeviceFactory factory = Factory("smart-city.json");
            int truck = factory.NodeCount - 1;
            double[] a = ReadAll(factory.Create(5), 30);
            double[] b = ReadAll(factory.Create(5), 30);
            double[] c = ReadAll(factory.Create(6), 30);
            Assert.Equal(a, b);
            Assert.NotEqual(a, c);
            Assert.Equal(ReadAll(factory.Create(truck), 30), ReadAll(factory.Create(truck), 30));
            Assert.Equal(factory.NodeSeed(5), factory.Create(5).Seed);
        }

        private static double[] ReadAll(VirtualDevice device, int minutes)
        {
            List<double> series = new List<double>();
            device.Clock.TimeKnown = true;
            for (int m = 0; m < minutes; m++)
            {
                device.Clock.Advance(60000);
                device.Advance();
                foreach (ISensor sensor in device.Sensors)
                {
                    double[] values = new double[sensor.Metrics.Length];
                    sensor.TryRead(values, out _);
                    series.AddRange(values);
                }
            }
            return series.ToArray();
        }
    }
}
