using System.Text;
using Gateway.Firmware.Core.Config;
using Gateway.Firmware.Core.Node;
using Gateway.Firmware.Core.Platform;
using Gateway.Firmware.Core.Readings;
using Gateway.Firmware.Core.Tests.Fakes;
using Gateway.Firmware.Core.Uplink;
using nanoFramework.TestFramework;

namespace Gateway.Firmware.Core.Tests.Portable.Node
{
    [TestClass]
    public class SensorNodeTests
    {
        private const string Prefix = "gw/v1/hebei/env-0001/";

        private const string GoodConfig =
            "# test node\n" +
            "device.id = env-0001\n" +
            "device.tenant = hebei\n" +
            "device.kind = environmental\n" +
            "broker.host = 127.0.0.1\n" +
            "wifi.password = s3cret-pass\n" +
            "sample.period_s = 60\n" +
            "sample.alarm_period_s = 10\n" +
            "alarm.pm2_5.high = 75\n" +
            "alarm.pm2_5.hysteresis = 5\n" +
            "uplink.confirm_timeout_s = 30\n" +
            "uplink.status_period_s = 300\n";

        /// <summary>A node with fake hardware; everything a test may poke at is a field.</summary>
        public sealed class Rig
        {
            public readonly ManualClock Clock = new ManualClock();
            public readonly MemorySegmentStorage Storage;
            public readonly MemoryFileStorage Files;
            public readonly ScriptedTransport Transport = new ScriptedTransport();
            public readonly FakeLink Link = new FakeLink();
            public readonly FakePower Power = new FakePower();
            public readonly FakeIndicator Indicator = new FakeIndicator();
            public readonly ScriptedSensor Air = new ScriptedSensor("sps30", new MetricId[] { MetricId.Pm2_5, MetricId.Pm10 });
            public readonly SensorNode Node;

            public Rig(string? config)
                : this(config, new MemorySegmentStorage(8, 4096), new MemoryFileStorage())
            {
            }

            public Rig(string? config, MemorySegmentStorage storage, MemoryFileStorage files)
            {
                Storage = storage;
                Files = files;
                if (config != null)
                {
                    Files.WriteAllText(DeviceConfig.FileName, config);
                }
                Air.Set(0, 12.5);
                Air.Set(1, 20.25);
                Node = new SensorNode(new NodePorts(Clock, Storage, Files, Transport, Link, Power, Indicator, new FakeHealth(),
                    new ISensor[] { Air }), "1.0.0-test", 42);
            }

            public void Tick(long advanceMs)
            {
                Clock.Advance(advanceMs);
                Node.Tick(Clock.MonotonicMs);
            }

            public void BootConnected()
            {
                Clock.SetUnixTimeMs(1763800000000);
                Tick(0);
                Transport.AcceptConnection();
                Tick(0);
            }

            public int CountOn(string topicSuffix)
            {
                int count = 0;
                for (int i = 0; i < Transport.Published.Count; i++)
                {
                    if (((PublishedMessage)Transport.Published[i]!).Topic == Prefix + topicSuffix)
                    {
                        count++;
                    }
                }
                return count;
            }

            public PublishedMessage LastOn(string topicSuffix)
            {
                for (int i = Transport.Published.Count - 1; i >= 0; i--)
                {
                    PublishedMessage m = (PublishedMessage)Transport.Published[i]!;
                    if (m.Topic == Prefix + topicSuffix)
                    {
                        return m;
                    }
                }
                throw new System.Exception("nothing published on " + topicSuffix);
            }

            public void Downlink(string suffix, string text)
            {
                Transport.Deliver(Prefix + "down/" + suffix, Encoding.UTF8.GetBytes(text));
            }

            public string LastReply()
            {
                return new string(Encoding.UTF8.GetChars(LastOn("up/reply").Payload));
            }
        }

        [TestMethod]
        public void Missing_config_file_stops_the_node_with_an_error_that_says_what_to_do()
        {
            Rig rig = new Rig(null);
            rig.Clock.SetUnixTimeMs(1763800000000);
            rig.Tick(0);
            Assert.AreEqual((long)NodeState.ConfigInvalid, (long)rig.Node.State);
            Assert.AreEqual((long)IndicatorCode.ConfigInvalid, (long)rig.Indicator.Current);
            Assert.Contains("device.conf", rig.Node.ConfigErrors[0].Message);
            Assert.AreEqual(0L, (long)rig.Air.ReadCalls, "nothing is sampled without a configuration");

            rig.Files.WriteAllText(DeviceConfig.FileName, GoodConfig);
            rig.Tick(SensorNode.ConfigRetryMs);
            Assert.AreEqual((long)NodeState.Running, (long)rig.Node.State, "picks up a config deployed later");
        }

        [TestMethod]
        public void Invalid_config_names_the_key_and_keeps_secrets_out_of_the_errors()
        {
            Rig rig = new Rig(GoodConfig + "sample.period_s = 2\n");
            rig.Tick(0);
            Assert.AreEqual((long)NodeState.ConfigInvalid, (long)rig.Node.State);
            bool named = false;
            for (int i = 0; i < rig.Node.ConfigErrors.Length; i++)
            {
                named = named || rig.Node.ConfigErrors[i].Key == "sample.period_s";
                Assert.IsFalse(rig.Node.ConfigErrors[i].Message.IndexOf("s3cret-pass") >= 0, "secret leaked");
            }
            Assert.IsTrue(named, "error names the key");
        }

        [TestMethod]
        public void Nothing_is_sampled_before_wall_clock_time_is_known()
        {
            Rig rig = new Rig(GoodConfig);
            rig.Tick(0);
            rig.Tick(120000);
            Assert.AreEqual((long)NodeState.AwaitingTime, (long)rig.Node.State);
            Assert.AreEqual((long)IndicatorCode.NoTime, (long)rig.Indicator.Current);
            Assert.AreEqual(0L, (long)rig.Air.ReadCalls);
            rig.Clock.SetUnixTimeMs(1763800000000);
            rig.Tick(10);
            Assert.AreEqual((long)NodeState.Running, (long)rig.Node.State);
            Assert.AreEqual(1L, (long)rig.Air.ReadCalls);
        }

        [TestMethod]
        public void Readings_are_buffered_published_and_released_only_after_confirmation()
        {
            Rig rig = new Rig(GoodConfig);
            rig.BootConnected();
            Assert.AreEqual(3L, rig.Node.ReadingsSampled, "pm2_5, pm10 and the link RSSI");
            Assert.AreEqual(3L, rig.Node.Buffer!.Depth);
            Assert.AreEqual(1L, (long)rig.CountOn("up/telemetry"));
            Assert.AreEqual(Prefix + "down/#", (string)rig.Transport.Subscriptions[0]!);

            rig.Transport.AcknowledgeAll();
            rig.Tick(10);
            Assert.AreEqual(3L, rig.Node.Buffer.Depth, "a PUBACK is not a confirmation");
            rig.Downlink("ack", "confirmed = 3");
            Assert.AreEqual(0L, rig.Node.Buffer.Depth);
            rig.Tick(10);
            Assert.AreEqual((long)IndicatorCode.Ok, (long)rig.Indicator.Current);
        }

        [TestMethod]
        public void Alarm_goes_out_on_the_alarm_topic_before_the_telemetry_backlog()
        {
            Rig rig = new Rig(GoodConfig);
            rig.Clock.SetUnixTimeMs(1763800000000);
            rig.Link.IsUp = false;
            for (int i = 0; i < 10; i++)
            {
                rig.Tick(60000);
            }
            rig.Air.Set(0, 180);
            rig.Tick(60000);
            Assert.AreEqual(1L, rig.Node.AlarmEvents);
            rig.Link.IsUp = true;
            rig.Tick(60000);
            rig.Transport.AcceptConnection();
            rig.Tick(0);
            Assert.AreEqual(Prefix + "up/alarm", ((PublishedMessage)rig.Transport.Published[0]!).Topic);
            Assert.IsTrue(rig.CountOn("up/telemetry") >= 1);
        }

        [TestMethod]
        public void Indicator_tells_the_technician_what_is_wrong()
        {
            Rig rig = new Rig(GoodConfig);
            rig.Clock.SetUnixTimeMs(1763800000000);
            rig.Link.IsUp = false;
            rig.Tick(0);
            Assert.AreEqual((long)IndicatorCode.NoNetwork, (long)rig.Indicator.Current);
            rig.Link.IsUp = true;
            rig.Tick(60000);
            rig.Transport.RefuseConnection(ConnectFailure.TlsRefused);
            rig.Tick(10);
            Assert.AreEqual((long)IndicatorCode.TlsRefused, (long)rig.Indicator.Current);
            rig.Tick(60000);
            rig.Transport.RefuseConnection(ConnectFailure.BrokerUnreachable);
            rig.Tick(10);
            Assert.AreEqual((long)IndicatorCode.BrokerUnreachable, (long)rig.Indicator.Current);
            rig.Tick(60000);
            rig.Transport.AcceptConnection();
            rig.Transport.RefusePublishes = true;
            rig.Tick(10);
            Assert.AreEqual((long)IndicatorCode.Buffering, (long)rig.Indicator.Current, "connected with readings not yet sent");
            rig.Transport.RefusePublishes = false;
            rig.Tick(10);
            Assert.AreEqual((long)IndicatorCode.Ok, (long)rig.Indicator.Current);
        }

        [TestMethod]
        public void Alarm_switches_the_sensor_to_the_alarm_sampling_period()
        {
            Rig rig = new Rig(GoodConfig);
            rig.BootConnected();
            rig.Air.Set(0, 180);
            rig.Tick(60000);
            int before = rig.Air.ReadCalls;
            rig.Tick(10000);
            Assert.AreEqual((long)before + 1, (long)rig.Air.ReadCalls, "read again after 10 s, not 60 s");
        }

        [TestMethod]
        public void Valid_config_downlink_is_applied_persisted_and_acknowledged()
        {
            Rig rig = new Rig(GoodConfig);
            rig.BootConnected();
            rig.Downlink("config", "id = req-7\nsample.period_s = 30\n");
            Assert.Contains("accepted", rig.LastReply());
            Assert.Contains("req-7", rig.LastReply());
            Assert.AreEqual(30000L, rig.Node.Config!.SamplePeriodMs);
            Assert.Contains("sample.period_s = 30", rig.Files.ReadAllText(DeviceConfig.FileName)!);
            Assert.Contains("s3cret-pass", rig.Files.ReadAllText(DeviceConfig.FileName)!, "the persisted file keeps the secret");
            int before = rig.Air.ReadCalls;
            rig.Tick(30000);
            Assert.AreEqual((long)before + 1, (long)rig.Air.ReadCalls, "new period in force");
        }

        [TestMethod]
        public void Invalid_config_downlink_is_rejected_whole_naming_the_field_and_the_node_keeps_running()
        {
            Rig rig = new Rig(GoodConfig);
            rig.BootConnected();
            rig.Downlink("config", "id = req-8\nsample.period_s = 30\nalarm.pm2_5.high = 9000\n");
            string reply = rig.LastReply();
            Assert.Contains("rejected", reply);
            Assert.Contains("alarm.pm2_5.high", reply);
            Assert.AreEqual(60000L, rig.Node.Config!.SamplePeriodMs, "nothing of the change applied");
            Assert.AreEqual(1L, rig.Node.DownlinksRejected);
            rig.Tick(60000);
            Assert.AreEqual((long)NodeState.Running, (long)rig.Node.State);
        }

        [TestMethod]
        public void Commands_status_reboot_and_resend_are_carried_out()
        {
            Rig rig = new Rig(GoodConfig);
            rig.BootConnected();
            int statusBefore = rig.CountOn("up/status");
            rig.Downlink("cmd", "cmd = status\n");
            rig.Tick(10);
            Assert.AreEqual((long)statusBefore + 1, (long)rig.CountOn("up/status"));

            rig.Transport.AcknowledgeAll();
            rig.Downlink("ack", "confirmed = 1");
            rig.Transport.ClearPublished();
            rig.Downlink("cmd", "cmd = resend\nfrom = 2\n");
            rig.Tick(10);
            Assert.IsTrue(rig.CountOn("up/telemetry") >= 1, "re-sent from 2");

            rig.Downlink("cmd", "cmd = reboot\n");
            rig.Tick(10);
            Assert.AreEqual(1L, (long)rig.Power.RebootRequests);
        }

        [TestMethod]
        public void Garbage_downlinks_are_rejected_and_counted_without_disturbing_the_node()
        {
            Rig rig = new Rig(GoodConfig);
            rig.BootConnected();
            rig.Downlink("ack", "confirmed = banana");
            rig.Downlink("cmd", "cmd = selfdestruct");
            rig.Downlink("nonsense", "x");
            Assert.AreEqual(3L, rig.Node.DownlinksRejected);
            Assert.Contains("rejected", rig.LastReply());
            Assert.AreEqual(3L, rig.Node.Buffer!.Depth, "nothing released");
        }

        [TestMethod]
        public void Reboot_continues_the_sequence_and_resends_what_was_never_confirmed()
        {
            MemorySegmentStorage storage = new MemorySegmentStorage(8, 4096);
            MemoryFileStorage files = new MemoryFileStorage();
            Rig first = new Rig(GoodConfig, storage, files);
            first.BootConnected();
            first.Transport.AcknowledgeAll();
            first.Downlink("ack", "confirmed = 2");
            long next = first.Node.Buffer!.NextSequence;

            Rig second = new Rig(null, storage, files);
            second.BootConnected();
            Assert.IsTrue(second.Node.Buffer!.NextSequence > next, "sequence never repeats across a reboot");
            Assert.AreEqual(2L, second.Node.Buffer.ConfirmedThrough);
            Assert.AreEqual(1L + 3, second.Node.Buffer.Depth, "the unconfirmed reading from before plus the new sample");
            Assert.AreEqual(1L, (long)second.CountOn("up/telemetry"));
        }

        [TestMethod]
        public void Battery_node_sleeps_until_the_next_sample_once_everything_is_confirmed()
        {
            Rig rig = new Rig(GoodConfig + "power.deep_sleep = on\n");
            rig.BootConnected();
            Assert.AreEqual(-1L, rig.Power.LastSleepRequestMs, "not while data is unconfirmed");
            rig.Transport.AcknowledgeAll();
            rig.Downlink("ack", "confirmed = " + (rig.Node.Buffer!.NextSequence - 1));
            rig.Tick(1000);
            Assert.AreEqual((long)NodeState.Sleeping, (long)rig.Node.State);
            Assert.AreEqual(59000L, rig.Power.LastSleepRequestMs);
        }
    }
}
