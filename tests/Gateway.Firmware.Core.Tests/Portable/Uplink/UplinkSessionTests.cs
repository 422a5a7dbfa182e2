using Gateway.Firmware.Core.Platform;
using Gateway.Firmware.Core.Readings;
using Gateway.Firmware.Core.Storage;
using Gateway.Firmware.Core.Tests.Fakes;
using Gateway.Firmware.Core.Uplink;
using nanoFramework.TestFramework;

namespace Gateway.Firmware.Core.Tests.Portable.Uplink
{
    [TestClass]
    public class UplinkSessionTests
    {
        private const string Prefix = "gw/v1/hebei/env-0001/";

        private sealed class Rig
        {
            public readonly MemorySegmentStorage Storage = new MemorySegmentStorage(8, 4096);
            public readonly DurableBuffer Buffer;
            public readonly ScriptedTransport Transport = new ScriptedTransport();
            public readonly FakeLink Link = new FakeLink();
            public readonly UplinkSession Session;
            public long Now;

            public Rig(int maxPayloadBytes, int window, long confirmTimeoutMs)
            {
                Buffer = new DurableBuffer(Storage);
                Buffer.Restore();
                Session = new UplinkSession(Transport, Link, Buffer, new TextPackEncoder(),
                    new UplinkSettings(maxPayloadBytes, window, confirmTimeoutMs, 1000, 60000), "env-0001", Prefix, 7);
            }

            public void Sample(int count)
            {
                for (int i = 0; i < count; i++)
                {
                    Reading r = new Reading();
                    r.Metric = MetricId.Temperature;
                    r.TimeUnixMs = 1763800000000 + Now;
                    r.Value = 20 + i * 0.01;
                    Buffer.Append(ref r);
                }
            }

            public long Alarm()
            {
                Reading r = new Reading();
                r.Metric = MetricId.Pm2_5;
                r.Kind = ReadingKind.AlarmHigh;
                r.TimeUnixMs = 1763800000000 + Now;
                r.Value = 1;
                long sequence = Buffer.Append(ref r);
                Session.OnAlarmBuffered(sequence);
                return sequence;
            }

            public void Tick(long advanceMs)
            {
                Now += advanceMs;
                Session.Tick(Now);
            }

            public void Connect()
            {
                Tick(0);
                Transport.AcceptConnection();
                Tick(0);
            }

            public void Confirm(long sequence)
            {
                Session.OnConfirmed(sequence);
            }

            public long[] SequencesOf(int publishIndex) =>
                TextPackEncoder.Sequences(((PublishedMessage)Transport.Published[publishIndex]!).Payload);

            public PublishedMessage Message(int publishIndex) => (PublishedMessage)Transport.Published[publishIndex]!;
        }

        [TestMethod]
        public void Backlog_goes_out_in_packs_no_larger_than_the_payload_limit_and_no_more_than_the_window()
        {
            Rig rig = new Rig(40, 3, 30000);
            rig.Sample(50);
            rig.Connect();
            Assert.AreEqual(3L, (long)rig.Transport.Published.Count, "window of 3");
            for (int i = 0; i < 3; i++)
            {
                Assert.IsTrue(rig.Message(i).Payload.Length <= 40, "payload limit");
                Assert.AreEqual(Prefix + "up/telemetry", rig.Message(i).Topic);
            }
            long[] first = rig.SequencesOf(0);
            Assert.AreEqual(1L, first[0], "starts at the first sequence");
            long[] second = rig.SequencesOf(1);
            Assert.AreEqual(first[first.Length - 1] + 1, second[0], "packs follow each other without gap or overlap");
            rig.Transport.Acknowledge(rig.Message(0).PacketId);
            rig.Tick(10);
            Assert.AreEqual(4L, (long)rig.Transport.Published.Count, "a PUBACK frees one slot");
            Assert.AreEqual(first[first.Length - 1], rig.Session.SentThrough);
        }

        [TestMethod]
        public void Puback_alone_never_evicts_only_the_end_to_end_confirmation_does()
        {
            Rig rig = new Rig(1024, 4, 30000);
            rig.Sample(10);
            rig.Connect();
            rig.Transport.AcknowledgeAll();
            rig.Tick(10);
            Assert.AreEqual(10L, rig.Session.SentThrough);
            Assert.AreEqual(10L, rig.Buffer.Depth, "broker has it, ingestion has not confirmed");
            rig.Confirm(6);
            Assert.AreEqual(4L, rig.Buffer.Depth);
            Assert.AreEqual(6L, rig.Buffer.ConfirmedThrough);
        }

        [TestMethod]
        public void Missing_confirmation_resends_from_the_confirmed_cursor_after_the_timeout()
        {
            Rig rig = new Rig(1024, 4, 30000);
            rig.Sample(10);
            rig.Connect();
            rig.Transport.AcknowledgeAll();
            rig.Confirm(4);
            rig.Transport.ClearPublished();
            rig.Tick(29000);
            Assert.AreEqual(0L, (long)rig.Transport.Published.Count, "still within the timeout");
            rig.Tick(2000);
            Assert.AreEqual(1L, (long)rig.Transport.Published.Count, "re-sent");
            long[] resent = rig.SequencesOf(0);
            Assert.AreEqual(5L, resent[0], "from the first unconfirmed sequence");
            Assert.AreEqual(10L, resent[resent.Length - 1]);
            Assert.AreEqual(1L, rig.Session.Rewinds);
        }

        [TestMethod]
        public void Duplicate_and_stale_acks_change_nothing()
        {
            Rig rig = new Rig(1024, 4, 30000);
            rig.Sample(10);
            rig.Connect();
            rig.Transport.AcknowledgeAll();
            rig.Transport.AcknowledgeAll();
            rig.Confirm(8);
            rig.Confirm(8);
            rig.Confirm(3);
            Assert.AreEqual(8L, rig.Buffer.ConfirmedThrough);
            Assert.AreEqual(2L, rig.Buffer.Depth);
            Assert.AreEqual(2L, rig.Session.IgnoredAcks);
            rig.Confirm(99);
            Assert.AreEqual(8L, rig.Buffer.ConfirmedThrough, "a confirmation beyond anything written is ignored");
            Assert.AreEqual(3L, rig.Session.IgnoredAcks);
        }

        [TestMethod]
        public void Reconnect_mid_batch_resends_everything_unconfirmed()
        {
            Rig rig = new Rig(30, 2, 30000);
            rig.Sample(20);
            rig.Connect();
            rig.Transport.Acknowledge(rig.Message(0).PacketId);
            rig.Confirm(rig.SequencesOf(0)[rig.SequencesOf(0).Length - 1]);
            long confirmed = rig.Buffer.ConfirmedThrough;
            rig.Transport.DropConnection();
            rig.Transport.ClearPublished();
            rig.Tick(100);
            Assert.AreEqual(0L, (long)rig.Transport.Published.Count, "nothing is sent while disconnected");
            rig.Tick(60000);
            Assert.AreEqual(2L, (long)rig.Transport.ConnectAttempts, "reconnects after the backoff");
            rig.Transport.AcceptConnection();
            rig.Tick(0);
            Assert.AreEqual(confirmed + 1, rig.SequencesOf(0)[0], "starts again right after the confirmed cursor");
            Assert.AreEqual(2L, (long)rig.Transport.Subscriptions.Count, "subscribed again to down/# after the reconnect");
        }

        [TestMethod]
        public void Refused_connections_back_off_exponentially_with_jitter()
        {
            Rig rig = new Rig(1024, 4, 30000);
            rig.Tick(0);
            long[] attemptsAt = new long[6];
            int attempts = 0;
            for (long t = 0; t < 200000 && attempts < 6; t += 100)
            {
                int before = rig.Transport.ConnectAttempts;
                rig.Tick(100);
                if (rig.Transport.ConnectAttempts > before)
                {
                    attemptsAt[attempts++] = rig.Now;
                }
                if (rig.Session.State == UplinkState.Connecting)
                {
                    rig.Transport.RefuseConnection(ConnectFailure.TlsRefused);
                }
            }
            Assert.AreEqual((long)ConnectFailure.TlsRefused, (long)rig.Session.LastConnectFailure);
            Assert.AreEqual(6L, (long)attempts);
            for (int i = 1; i < attempts; i++)
            {
                // The i-th retry waits between half and all of min·2^i (ticks are 100 ms apart).
                long gap = attemptsAt[i] - attemptsAt[i - 1];
                long ceiling = 1000L << i;
                Assert.IsTrue(gap >= ceiling / 2 - 100 && gap <= ceiling + 100, "attempt " + i + " waited " + gap + " ms, expected " + ceiling / 2 + ".." + ceiling);
            }
        }

        [TestMethod]
        public void Connect_attempt_the_transport_never_answers_times_out_and_is_retried()
        {
            Rig rig = new Rig(1024, 4, 30000);
            rig.Tick(0);
            Assert.AreEqual(1L, (long)rig.Transport.ConnectAttempts);
            rig.Tick(UplinkSession.ConnectTimeoutMs);
            Assert.AreEqual((long)UplinkState.Connecting, (long)rig.Session.State, "not yet");
            rig.Tick(1);
            Assert.AreEqual((long)UplinkState.Waiting, (long)rig.Session.State);
            Assert.AreEqual((long)ConnectFailure.BrokerUnreachable, (long)rig.Session.LastConnectFailure);
            rig.Tick(2000);
            Assert.AreEqual(2L, (long)rig.Transport.ConnectAttempts, "tries again after the backoff");
        }

        [TestMethod]
        public void Link_down_asks_the_shell_for_the_network_and_does_not_try_mqtt()
        {
            Rig rig = new Rig(1024, 4, 30000);
            rig.Link.IsUp = false;
            rig.Tick(0);
            Assert.AreEqual(0L, (long)rig.Transport.ConnectAttempts);
            Assert.IsTrue(rig.Link.ConnectRequests > 0);
            Assert.AreEqual((long)ConnectFailure.NoNetwork, (long)rig.Session.LastConnectFailure);
        }

        [TestMethod]
        public void Alarm_is_published_ahead_of_the_backlog_and_not_repeated_in_the_stream()
        {
            Rig rig = new Rig(40, 1, 30000);
            rig.Sample(30);
            long alarm = rig.Alarm();
            rig.Sample(5);
            rig.Connect();
            Assert.AreEqual(Prefix + "up/alarm", rig.Message(0).Topic, "the alarm goes first");
            Assert.AreEqual(alarm, rig.SequencesOf(0)[0]);
            int seen = 0;
            for (int round = 0; round < 40 && rig.Buffer.ConfirmedThrough < 36; round++)
            {
                rig.Transport.Acknowledge(rig.Transport.Last.PacketId);
                rig.Tick(10);
                if (rig.Transport.Last.Topic == Prefix + "up/telemetry")
                {
                    long[] s = rig.SequencesOf(rig.Transport.Published.Count - 1);
                    for (int i = 0; i < s.Length; i++)
                    {
                        Assert.AreNotEqual(alarm, s[i], "alarm is not sent twice in the same epoch");
                        seen++;
                    }
                    rig.Confirm(s[s.Length - 1]);
                }
            }
            Assert.AreEqual(35L, (long)seen, "every routine reading went out once");
            Assert.AreEqual(36L, rig.Buffer.ConfirmedThrough);
        }

        [TestMethod]
        public void Pack_carries_the_floor_below_which_nothing_is_outstanding()
        {
            Rig rig = new Rig(1024, 4, 30000);
            rig.Sample(5);
            rig.Connect();
            Assert.AreEqual(1L, TextPackEncoder.Floor(rig.Message(0).Payload));
        }

        [TestMethod]
        public void Resend_request_rewinds_to_the_requested_sequence()
        {
            Rig rig = new Rig(1024, 4, 30000);
            rig.Sample(10);
            rig.Connect();
            rig.Transport.AcknowledgeAll();
            rig.Confirm(3);
            rig.Transport.ClearPublished();
            rig.Session.ResendFrom(6);
            rig.Tick(10);
            Assert.AreEqual(6L, rig.SequencesOf(0)[0]);
        }

        [TestMethod]
        public void Refused_publish_is_retried_on_the_next_tick_without_losing_the_pack()
        {
            Rig rig = new Rig(1024, 4, 30000);
            rig.Sample(3);
            rig.Transport.RefusePublishes = true;
            rig.Connect();
            Assert.AreEqual(0L, (long)rig.Transport.Published.Count);
            rig.Transport.RefusePublishes = false;
            rig.Tick(10);
            Assert.AreEqual(1L, rig.SequencesOf(0)[0]);
        }
    }
}
