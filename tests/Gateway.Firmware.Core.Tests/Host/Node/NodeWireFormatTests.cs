using System.Collections.Generic;
using System.Linq;
using System.Text;
using Gateway.Firmware.Core.Config;
using Gateway.Firmware.Core.Node;
using Gateway.Firmware.Core.Platform;
using Gateway.Firmware.Core.Readings;
using Gateway.Firmware.Core.Tests.Fakes;
using Gateway.Firmware.Core.Tests.Host.Codec;
using Xunit;

namespace Gateway.Firmware.Core.Tests.Host.Node
{
    /// <summary>What a real node puts on the wire, decoded by an independent decoder (System.Formats.Cbor / System.Text.Json).</summary>
    public sealed class NodeWireFormatTests
    {
        private const string Prefix = "gw/v1/hebei/env-0001/";
        private const long Epoch = 1763800000000;

        private static string Config(string extra) =>
            "device.id = env-0001\ndevice.tenant = hebei\ndevice.kind = environmental\nbroker.host = 127.0.0.1\n" +
            "sample.period_s = 60\nalarm.pm2_5.high = 75\n" + extra;

        private sealed class Rig
        {
            public readonly ManualClock Clock = new();
            public readonly ScriptedTransport Transport = new();
            public readonly ScriptedSensor Bme = new("bme280", new[] { MetricId.Temperature, MetricId.RelativeHumidity, MetricId.Pressure });
            public readonly ScriptedSensor Sps = new("sps30", new[] { MetricId.Pm2_5 });
            public readonly FakeLink Link = new();
            public readonly SensorNode Node;

            public Rig(string config)
            {
                var files = new MemoryFileStorage();
                files.WriteAllText(DeviceConfig.FileName, config);
                Node = new SensorNode(new NodePorts(Clock, new MemorySegmentStorage(8, 8192), files, Transport, Link, new FakePower(),
                    new FakeIndicator(), new FakeHealth(), new ISensor[] { Bme, Sps }), "1.2.3", 1);
                Clock.SetUnixTimeMs(Epoch);
            }

            public List<(string Topic, List<ResolvedRecord> Records)> RunMinutes(int minutes, bool json, System.Action<int>? perMinute = null)
            {
                perMinute?.Invoke(0);
                Node.Tick(Clock.MonotonicMs);
                Transport.AcceptConnection();
                for (int minute = 0; minute < minutes; minute++)
                {
                    if (minute > 0)
                    {
                        perMinute?.Invoke(minute);
                    }
                    Node.Tick(Clock.MonotonicMs);
                    Transport.AcknowledgeAll();
                    // Ingestion's end-to-end confirmation of everything published so far.
                    Transport.Deliver(Prefix + "down/ack", Encoding.UTF8.GetBytes("confirmed = " + Node.Uplink!.SentThrough));
                    Clock.Advance(60000);
                }
                return Transport.Published.Cast<PublishedMessage>()
                    .Where(m => m.Topic.EndsWith("telemetry") || m.Topic.EndsWith("alarm"))
                    .Select(m => (m.Topic, json ? SenmlTestDecoder.DecodeJson(m.Payload, m.Payload.Length) : SenmlTestDecoder.DecodeCbor(m.Payload, m.Payload.Length)))
                    .ToList();
            }
        }

        [Theory]
        [InlineData(false)]
        [InlineData(true)]
        public void Every_sampled_value_arrives_once_with_its_name_unit_time_and_sequence(bool json)
        {
            var rig = new Rig(Config(json ? "uplink.format = json\n" : ""));
            var sent = new List<(double Temp, double Rh, double Press, double Pm)>();
            var packs = rig.RunMinutes(5, json, minute =>
            {
                double temp = 21.53 + minute * 0.17, rh = 40.1 + minute, press = 101325 - minute * 12.5, pm = 12.4 + minute;
                rig.Bme.Set(0, temp);
                rig.Bme.Set(1, rh);
                rig.Bme.Set(2, press);
                rig.Sps.Set(0, pm);
                sent.Add((temp, rh, press, pm));
            });

            var records = packs.SelectMany(p => p.Records).ToList();
            Assert.All(records, r => Assert.StartsWith("env-0001/", r.Name));
            var sequences = records.Select(r => r.Sequence!.Value).ToList();
            Assert.Equal(sequences.Distinct().Count(), sequences.Count);
            Assert.Equal(Enumerable.Range(1, sequences.Count).Select(i => (long)i), sequences.OrderBy(s => s));

            for (int minute = 0; minute < sent.Count; minute++)
            {
                double time = (Epoch + minute * 60000L) / 1000.0;
                var at = records.Where(r => System.Math.Abs(r.Time - time) < 0.0005).ToDictionary(r => r.Name);
                Assert.Equal(sent[minute].Temp, at["env-0001/temp"].Value);
                Assert.Equal("Cel", at["env-0001/temp"].Unit);
                Assert.Equal(sent[minute].Rh, at["env-0001/rh"].Value);
                Assert.Equal("%RH", at["env-0001/rh"].Unit);
                Assert.Equal(sent[minute].Press, at["env-0001/press"].Value);
                Assert.Equal("Pa", at["env-0001/press"].Unit);
                Assert.Equal(sent[minute].Pm, at["env-0001/pm2_5"].Value);
                Assert.Equal("ug/m3", at["env-0001/pm2_5"].Unit);
                Assert.Equal(-61, at["env-0001/rssi"].Value);
                Assert.Equal("dBm", at["env-0001/rssi"].Unit);
            }
        }

        [Fact]
        public void Alarm_event_is_a_senml_boolean_on_the_alarm_topic_with_its_own_sequence()
        {
            var rig = new Rig(Config(""));
            rig.Bme.Set(0, 20);
            rig.Bme.Set(1, 50);
            rig.Bme.Set(2, 100000);
            var packs = rig.RunMinutes(2, false, minute => rig.Sps.Set(0, minute == 0 ? 10 : 90.5));
            var alarm = Assert.Single(packs, p => p.Topic == Prefix + "up/alarm").Records;
            var record = Assert.Single(alarm);
            Assert.Equal("env-0001/alarm/pm2_5/high", record.Name);
            Assert.True(record.BoolValue);
            Assert.NotNull(record.Sequence);
            var measurement = packs.SelectMany(p => p.Records).Single(r => r.Name == "env-0001/pm2_5" && r.Value == 90.5);
            Assert.Equal(measurement.Sequence + 1, record.Sequence);
        }

        [Fact]
        public void Status_message_decodes_and_reports_buffer_faults_and_reset_cause()
        {
            var rig = new Rig(Config(""));
            rig.Bme.FailWith = SensorError.ChecksumFailed;
            rig.Sps.Set(0, 10);
            rig.RunMinutes(1, false);
            var status = rig.Transport.Published.Cast<PublishedMessage>().Last(m => m.Topic == Prefix + "up/status");
            var records = SenmlTestDecoder.DecodeCbor(status.Payload, status.Payload.Length).ToDictionary(r => r.Name);
            Assert.Equal("1.2.3", records["env-0001/fw"].StringValue);
            Assert.Equal("power_on", records["env-0001/reset"].StringValue);
            Assert.Equal("bme280:checksum_failed", records["env-0001/sensor_faults"].StringValue);
            Assert.Equal("warning", records["env-0001/status"].StringValue);
            Assert.Equal(2, records["env-0001/buffer_depth"].Value);
            Assert.Equal("count", records["env-0001/buffer_depth"].Unit);
            Assert.Equal(61440, records["env-0001/mem_free"].Value);
            Assert.Equal(Epoch / 1000.0, records["env-0001/fw"].Time);
        }

        [Fact]
        public void Status_pack_has_the_advertised_record_count()
        {
            var report = new Gateway.Firmware.Core.Status.StatusReport { FirmwareVersion = "x", SensorFaults = new string('a', 100), LastError = new string('b', 100) };
            var buffer = new byte[512];
            int length = new Gateway.Firmware.Core.Status.StatusEncoder("dev/").Encode(report, buffer);
            Assert.True(length > 0);
            Assert.Equal(14, SenmlTestDecoder.DecodeCbor(buffer, length).Count);
            Assert.Equal(-1, new Gateway.Firmware.Core.Status.StatusEncoder("dev/").Encode(report, new byte[64]));
        }
    }
}
