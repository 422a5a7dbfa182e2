using System.Text;
using Gateway.Firmware.Core.Config;
using nanoFramework.TestFramework;

namespace Gateway.Firmware.Core.Tests.Portable.Config
{
    [TestClass]
    public class DownlinkParserTests
    {
        private static AckParseResult Ack(string text, out long confirmed)
        {
            byte[] payload = Encoding.UTF8.GetBytes(text);
            return DownlinkParser.ParseAck(payload, 0, payload.Length, out confirmed);
        }

        private static void AssertAck(string text, long expected)
        {
            long confirmed;
            Assert.AreEqual((long)AckParseResult.Ok, (long)Ack(text, out confirmed), text);
            Assert.AreEqual(expected, confirmed, text);
        }

        private static void AssertAckRejected(string text, AckParseResult expected)
        {
            long confirmed;
            Assert.AreEqual((long)expected, (long)Ack(text, out confirmed), text);
            Assert.AreEqual(-1L, confirmed, "no sequence from a rejected ack: " + text);
        }

        [TestMethod]
        public void An_ack_gives_the_confirmed_sequence()
        {
            AssertAck("confirmed = 123", 123);
            AssertAck("confirmed=0", 0);
            AssertAck("confirmed = 9223372036854775807", long.MaxValue);
            AssertAck("\uFEFF# from ingest-2\r\n\r\n  confirmed\t=  4711  \r\n\n", 4711);
        }

        [TestMethod]
        public void An_ack_is_read_from_a_slice_of_a_larger_buffer()
        {
            byte[] buffer = Encoding.UTF8.GetBytes("xxconfirmed = 77yy");
            long confirmed;

            Assert.AreEqual((long)AckParseResult.Ok, (long)DownlinkParser.ParseAck(buffer, 2, 14, out confirmed));
            Assert.AreEqual(77L, confirmed);
            Assert.IsTrue(DownlinkParser.TryParseAck(Encoding.UTF8.GetBytes("confirmed = 5\n"), out confirmed));
            Assert.AreEqual(5L, confirmed);
        }

        [TestMethod]
        public void A_garbage_ack_is_rejected_with_a_reason()
        {
            AssertAckRejected("", AckParseResult.Missing);
            AssertAckRejected("# only a comment\n\n", AckParseResult.Missing);
            AssertAckRejected("confirmed", AckParseResult.NotKeyValue);
            AssertAckRejected("= 5", AckParseResult.NotKeyValue);
            AssertAckRejected("confimed = 5", AckParseResult.UnknownKey);
            AssertAckRejected("Confirmed = 5", AckParseResult.UnknownKey);
            AssertAckRejected("confirmed = 1\nid = 2", AckParseResult.UnknownKey);
            AssertAckRejected("confirmed = ", AckParseResult.BadValue);
            AssertAckRejected("confirmed = -1", AckParseResult.BadValue);
            AssertAckRejected("confirmed = +1", AckParseResult.BadValue);
            AssertAckRejected("confirmed = 12a", AckParseResult.BadValue);
            AssertAckRejected("confirmed = 1 2", AckParseResult.BadValue);
            AssertAckRejected("confirmed = 9223372036854775808", AckParseResult.BadValue);
            AssertAckRejected("confirmed = 1\nconfirmed = 2", AckParseResult.Duplicate);

            long confirmed;
            byte[] binary = new byte[] { 0xFF, 0x00, 0x3D, 0x31, 0x0A };
            Assert.AreEqual((long)AckParseResult.UnknownKey, (long)DownlinkParser.ParseAck(binary, 0, binary.Length, out confirmed));
        }

        [TestMethod]
        public void An_ack_slice_outside_the_buffer_is_a_programming_error()
        {
            byte[] buffer = new byte[4];
            long confirmed;

            Assert.ThrowsException(typeof(System.ArgumentOutOfRangeException), () => DownlinkParser.ParseAck(buffer, 2, 3, out confirmed));
            Assert.ThrowsException(typeof(System.ArgumentOutOfRangeException), () => DownlinkParser.ParseAck(buffer, -1, 1, out confirmed));
        }

        [TestMethod]
        public void Commands_status_reboot_and_resend_are_parsed()
        {
            DownlinkCommand? command;
            ConfigError[] errors;

            Assert.IsTrue(DownlinkParser.TryParseCommand("cmd = status\n", out command, out errors));
            Assert.AreEqual((long)CommandKind.Status, (long)command!.Kind);
            Assert.AreEqual(-1L, command.FromSequence);
            Assert.AreEqual("", command.RequestId);

            Assert.IsTrue(DownlinkParser.TryParseCommand("# ingest\nid = r-7\ncmd = reboot", out command, out errors));
            Assert.AreEqual((long)CommandKind.Reboot, (long)command!.Kind);
            Assert.AreEqual("r-7", command.RequestId);

            byte[] payload = Encoding.UTF8.GetBytes("cmd = resend\r\nfrom = 1500\r\n");
            Assert.IsTrue(DownlinkParser.TryParseCommand(payload, 0, payload.Length, out command, out errors));
            Assert.AreEqual((long)CommandKind.Resend, (long)command!.Kind);
            Assert.AreEqual(1500L, command.FromSequence);
            Assert.AreEqual(0L, (long)errors.Length);
        }

        [TestMethod]
        public void A_bad_command_names_line_key_and_accepted_values()
        {
            DownlinkCommand? command;
            ConfigError[] errors;

            Assert.IsFalse(DownlinkParser.TryParseCommand("cmd = explode", out command, out errors));
            Assert.IsNull(command);
            Assert.AreEqual("line 1: cmd = explode: must be status, reboot or resend", ConfigSamples.Single(errors).Message);

            Assert.IsFalse(DownlinkParser.TryParseCommand("cmd = resend", out command, out errors));
            ConfigSamples.AssertError(ConfigSamples.Single(errors), 0, "from", "cmd = resend needs from =");

            Assert.IsFalse(DownlinkParser.TryParseCommand("cmd = status\nfrom = 5", out command, out errors));
            ConfigSamples.AssertError(ConfigSamples.Single(errors), 2, "from", "line 2: from is only used with cmd = resend");

            Assert.IsFalse(DownlinkParser.TryParseCommand("cmd = resend\nfrom = -3", out command, out errors));
            ConfigSamples.AssertError(ConfigSamples.Single(errors), 2, "from", "from = -3: must be a sequence number");

            Assert.IsFalse(DownlinkParser.TryParseCommand("cmdd = status", out command, out errors));
            Assert.AreEqual(2L, (long)errors.Length, ConfigSamples.AllMessages(errors));
            ConfigSamples.AssertError(errors[0], 1, "cmdd", "did you mean cmd?");
            ConfigSamples.AssertError(errors[1], 0, "cmd", "missing required key cmd: must be status, reboot or resend");

            Assert.IsFalse(DownlinkParser.TryParseCommand("cmd = status\ncmd = reboot", out command, out errors));
            ConfigSamples.AssertError(ConfigSamples.Single(errors), 2, "cmd", "duplicate key, already set on line 1");
        }

        [TestMethod]
        public void Garbage_commands_are_rejected_not_thrown()
        {
            DownlinkCommand? command;
            ConfigError[] errors;

            Assert.IsFalse(DownlinkParser.TryParseCommand("", out command, out errors));
            ConfigSamples.AssertError(ConfigSamples.Single(errors), 0, "cmd", "missing required key cmd");

            Assert.IsFalse(DownlinkParser.TryParseCommand("reboot now!", out command, out errors));
            Assert.AreEqual(2L, (long)errors.Length, ConfigSamples.AllMessages(errors));
            ConfigSamples.AssertError(errors[0], 1, "", "not a 'key = value' line");

            byte[] notUtf8 = new byte[] { 0x63, 0x6D, 0x64, 0x3D, 0xC3, 0x28 };
            Assert.IsFalse(DownlinkParser.TryParseCommand(notUtf8, 0, notUtf8.Length, out command, out errors));
            ConfigSamples.AssertError(ConfigSamples.Single(errors), 0, "", "not UTF-8 text");

            string? text;
            Assert.IsFalse(DownlinkParser.TryDecodeText(new byte[] { 0xED, 0xA0, 0x80 }, 0, 3, out text), "UTF-16 surrogate in UTF-8");
            Assert.IsFalse(DownlinkParser.TryDecodeText(new byte[] { 0xC0, 0xAF }, 0, 2, out text), "overlong '/'");
            Assert.IsFalse(DownlinkParser.TryDecodeText(new byte[] { 0xE2, 0x82 }, 0, 2, out text), "truncated");
            byte[] utf8 = Encoding.UTF8.GetBytes("id = 1\n# Grüße €");
            Assert.IsTrue(DownlinkParser.TryDecodeText(utf8, 0, utf8.Length, out text));
            Assert.AreEqual("id = 1\n# Grüße €", text);
        }

        [TestMethod]
        public void The_request_id_is_found_even_in_a_rejected_message()
        {
            Assert.AreEqual("a-1_B", DownlinkParser.ReadRequestId("cmd = explode\n id = a-1_B \n"));
            Assert.AreEqual("", DownlinkParser.ReadRequestId("cmd = status\n"));
            Assert.AreEqual("", DownlinkParser.ReadRequestId("id = two words\n"));
            Assert.AreEqual("", DownlinkParser.ReadRequestId("id = 0123456789012345678901234567890123456\n"), "37 characters");
        }

        [TestMethod]
        public void Topics_are_classified_by_their_exact_suffix()
        {
            const string Prefix = "gw/v1/acme/truck-0042/";

            Assert.AreEqual((long)DownlinkKind.Ack, (long)DownlinkParser.ClassifyTopic(Prefix + "down/ack", Prefix));
            Assert.AreEqual((long)DownlinkKind.Command, (long)DownlinkParser.ClassifyTopic(Prefix + "down/cmd", Prefix));
            Assert.AreEqual((long)DownlinkKind.Config, (long)DownlinkParser.ClassifyTopic(Prefix + "down/config", Prefix));
            Assert.AreEqual((long)DownlinkKind.Unknown, (long)DownlinkParser.ClassifyTopic(Prefix + "down/ack/x", Prefix));
            Assert.AreEqual((long)DownlinkKind.Unknown, (long)DownlinkParser.ClassifyTopic(Prefix + "up/status", Prefix));
            Assert.AreEqual((long)DownlinkKind.Unknown, (long)DownlinkParser.ClassifyTopic("gw/v1/acme/truck-0043/down/ack", Prefix));
        }

        [TestMethod]
        public void A_reply_keeps_one_error_per_line_and_is_bounded()
        {
            ConfigError[] errors = new ConfigError[30];
            for (int i = 0; i < errors.Length; i++)
            {
                errors[i] = new ConfigError(i + 1, "k", "line " + (i + 1) + ": bad\nvalue");
            }
            string reply = CommandReply.Rejected("7", errors);
            string[] lines = reply.Split(new char[] { '\n' });

            Assert.AreEqual("id = 7", lines[0]);
            Assert.AreEqual("result = rejected", lines[1]);
            Assert.AreEqual("error = line 1: bad?value", lines[2], "a line break inside a message cannot split the reply");
            Assert.AreEqual((long)(2 + CommandReply.MaxErrorLines + 1), (long)lines.Length, "20 error lines, then the final newline");
            Assert.AreEqual("error = ... and 11 more errors", lines[lines.Length - 2]);
            Assert.AreEqual("result = accepted\n", CommandReply.Accepted(""), "no id line without an id");
            Assert.AreEqual("result = accepted\n", CommandReply.Accepted("x\ny"), "an invalid id is not echoed");
        }
    }
}
