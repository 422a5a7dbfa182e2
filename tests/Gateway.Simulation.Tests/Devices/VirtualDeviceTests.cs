using System;
using System.IO;
using System.Linq;
using Gateway.Firmware.Core.Node;
using Gateway.Firmware.Core.Platform;
using Gateway.Firmware.Core.Readings;
using Gateway.Simulation.Devices;
using Gateway.Simulation.Scenarios;
using Gateway.Simulation.Sensors;
using Gateway.Simulation.Storage;
using Gateway.Simulation.Tests.Fakes;
using Xunit;

namespace Gateway.Simulation.Tests.Devices
{
    public class VirtualDeviceTests
    {
        private const long Minute = 60000;
        private const long Hour = 60 * Minute;

        private static VirtualDeviceFactory Factory(string seed) => new VirtualDeviceFactory(ScenarioLoader.LoadFile(Path.Combine(RepositoryPaths.Seeds, seed)));

        [Fact]
        public void The_real_core_node_samples_and_buffers_readings_from_virtual_hardware()
        {
            using TempFolder folder = new TempFolder();
            VirtualDeviceFactory factory = Factory("cold-chain.json");
            foreach (int index in new[] { 0, 6 })
            {
                VirtualDevice device = factory.Create(index);
                FolderFileStorage files = new FolderFileStorage(Path.Combine(folder.Path, device.DeviceId));
                files.WriteAllText("device.conf", device.ConfigText("127.0.0.1", 18883));
                using FileSegmentStorage storage = new FileSegmentStorage(Path.Combine(files.Folder, "buffer.seg"), 8, 4096);
                SilentTransport transport = new SilentTransport();
                SensorNode node = new SensorNode(device.CreatePorts(storage, files, transport), "sim-test", device.Seed);

                for (int s = 0; s < 20 * 60; s++)
                {
                    device.Clock.Advance(1000);
                    device.Advance();
                    node.Tick(device.Clock.MonotonicMs);
                }

                Assert.Equal(NodeState.Running, node.State);
                Assert.True(device.Clock.TimeKnown, "SNTP answered once the link was up");
                Assert.True(node.ReadingsSampled > 100, "readings " + node.ReadingsSampled);
                Assert.Equal(node.ReadingsSampled + node.AlarmEvents, node.Buffer!.Depth);
                Assert.True(transport.ConnectAttempts > 0);
                Assert.Equal(0, device.GnssSensor!.Parser.ChecksumErrors);
                Assert.Equal(0, device.GnssSensor.Parser.MalformedSentences);
                Assert.Equal(SensorError.None, Enumerable.Range(0, node.Scheduler!.SensorCount).Select(node.Scheduler.Fault).Max());

                Reading[] readings = new Reading[(int)node.Buffer.Depth];
                int count = node.Buffer.ReadFrom(1, readings, 0, readings.Length);
                MetricId[] seen = readings.Take(count).Select(r => r.Metric).Distinct().ToArray();
                foreach (MetricId metric in new[] { MetricId.Latitude, MetricId.Longitude, MetricId.Speed, MetricId.CargoTemperature, MetricId.DoorOpen, MetricId.Acceleration, MetricId.BatteryVoltage, MetricId.Rssi })
                {
                    Assert.Contains(metric, seen);
                }
                Assert.All(readings.Take(count), r => Assert.True(MetricCatalog.IsPlausible(r.Metric, r.Value) || r.Kind != ReadingKind.Measurement));
            }
        }

        [Fact]
        public void An_air_station_node_buffers_every_metric_of_its_board()
        {
            using TempFolder folder = new TempFolder();
            VirtualDevice device = Factory("hebei-air-quality.json").Create(0);
            FolderFileStorage files = new FolderFileStorage(folder.Path);
            files.WriteAllText("device.conf", device.ConfigText("::1", 8883));
            using FileSegmentStorage storage = new FileSegmentStorage(folder.File("buffer.seg"), 8, 4096);
            SensorNode node = new SensorNode(device.CreatePorts(storage, files, new SilentTransport()), "sim-test", device.Seed);

            for (int s = 0; s < 10 * 60; s++)
            {
                device.Clock.Advance(1000);
                device.Advance();
                node.Tick(device.Clock.MonotonicMs);
            }

            Reading[] readings = new Reading[(int)node.Buffer!.Depth];
            int count = node.Buffer.ReadFrom(1, readings, 0, readings.Length);
            MetricId[] seen = readings.Take(count).Select(r => r.Metric).Distinct().OrderBy(m => m).ToArray();
            Assert.Equal(new[]
            {
                MetricId.Temperature, MetricId.RelativeHumidity, MetricId.Pressure, MetricId.Pm1, MetricId.Pm2_5, MetricId.Pm10, MetricId.Co2,
                MetricId.Tvoc, MetricId.Noise, MetricId.Illuminance, MetricId.BatteryVoltage, MetricId.Rssi,
            }, seen);
            Assert.All(readings.Take(count), r => Assert.True(MetricCatalog.IsPlausible(r.Metric, r.Value), MetricCatalog.Name(r.Metric) + " = " + r.Value));
        }

        [Fact]
        public void Scheduled_faults_start_and_end_on_time()
        {
            VirtualDeviceFactory factory = Factory("cold-chain.json");
            VirtualDevice reefer = factory.Create(factory.Layout.IndexOf("trk-0002"));
            Step(reefer, 3 * Hour - Minute);
            Assert.False(reefer.Truck!.CoolingFailed);
            Step(reefer, 2 * Minute);
            Assert.True(reefer.Truck.CoolingFailed);
            Assert.Equal(1, reefer.ActiveFaults);
            Step(reefer, 6 * Hour);
            Assert.False(reefer.Truck.CoolingFailed);
            Assert.Equal(0, reefer.ActiveFaults);

            VirtualDevice spiking = factory.Create(factory.Layout.IndexOf("trk-0007"));
            Step(spiking, 5 * Hour + Minute);
            Assert.Equal(SensorFault.Spike, spiking.Gnss!.Fault);
            Step(spiking, 20 * Minute);
            Assert.Equal(SensorFault.None, spiking.Gnss.Fault);
        }

        [Fact]
        public void Stuck_sensor_and_clock_jump_faults_reach_the_hardware()
        {
            VirtualDeviceFactory factory = Factory("hebei-air-quality.json");
            VirtualDevice stuck = factory.Create(factory.Layout.IndexOf("env-sjz-0002"));
            Step(stuck, 20 * Hour + Minute);
            Assert.Equal(SensorFault.Stuck, stuck.FindSensor("sps30")!.Fault);

            VirtualDevice jumped = factory.Create(factory.Layout.IndexOf("env-ts-0003"));
            Step(jumped, 2 * 24 * Hour + Minute);
            Assert.Equal(-Hour, jumped.Clock.WallOffsetMs);
        }

        [Fact]
        public void Power_loss_is_handed_to_the_runtime_with_the_byte_to_cut_at()
        {
            VirtualDeviceFactory factory = Factory("hebei-air-quality.json");
            VirtualDevice device = factory.Create(factory.Layout.IndexOf("env-hd-0001"));
            Step(device, 9 * Hour - Minute);
            Assert.False(device.TryTakeRuntimeFault(out _));
            Step(device, 2 * Minute);

            Assert.True(device.TryTakeRuntimeFault(out FaultEvent fault));
            Assert.Equal(FaultKind.PowerLoss, fault.Kind);
            Assert.Equal(17, fault.CutAfterBytes);
            Assert.Equal(2 * Minute, fault.OffForMs);
            Assert.False(device.TryTakeRuntimeFault(out _));

            device.Reboot(ResetCause.PowerOn, powerWasLost: true);
            Assert.False(device.Clock.TimeKnown);
            Assert.False(device.Link.IsUp);
            Assert.Equal(1, device.Power.Boots);
        }

        [Fact]
        public void Link_drop_takes_the_link_down_until_it_ends_and_the_node_asks_again()
        {
            VirtualDeviceFactory factory = Factory("hebei-air-quality.json");
            VirtualDevice device = factory.Create(factory.Layout.IndexOf("env-zjk-0001"));
            device.Link.RequestConnect();
            Step(device, 6 * Hour + Minute);
            Assert.False(device.Link.IsUp);
            device.Link.RequestConnect();
            Assert.False(device.Link.IsUp);
            Step(device, 2 * Hour);
            device.Link.RequestConnect();
            Step(device, 2000);
            Assert.True(device.Link.IsUp);
            Assert.InRange(device.Link.RssiDbm, -120, -30);
        }

        [Fact]
        public void A_tracker_loses_coverage_in_the_tunnel()
        {
            VirtualDeviceFactory factory = Factory("smart-city.json");
            int truckIndex = Enumerable.Range(0, factory.NodeCount).First(i => factory.Scenario.GroupOf(i).Routes.Any(r => r.Id == "zjk-beijing"));
            VirtualDevice device = factory.Create(truckIndex);
            bool sawTunnel = false;
            for (int s = 0; s < 5 * 3600 && !sawTunnel; s++)
            {
                device.Clock.Advance(1000);
                device.Advance();
                if (!device.Link.IsUp && !device.Link.IsDropped)
                {
                    device.Link.RequestConnect();
                }
                if (device.Truck!.InTunnel)
                {
                    sawTunnel = true;
                    Assert.False(device.Link.HasCoverage);
                    Assert.False(device.Link.IsUp);
                }
            }
            Assert.True(sawTunnel);
        }

        private static void Step(VirtualDevice device, long durationMs)
        {
            long end = device.Clock.MonotonicMs + durationMs;
            while (device.Clock.MonotonicMs < end)
            {
                device.Clock.SetMonotonicMs(Math.Min(end, device.Clock.MonotonicMs + Minute));
                device.Advance();
            }
        }
    }
}
