using System;
using System.Diagnostics.CodeAnalysis;
using System.Text;

namespace Gateway.Firmware.Core.Config
{
    /// <summary>
    /// Parses the downlinks a node receives under gw/v1/{tenant}/{device}/down/: <c>ack</c> and <c>cmd</c> (down/config
    /// goes to <see cref="DeviceConfig.TryApplyChanges(string, out DeviceConfig, out ConfigError[])"/>). Payloads are
    /// UTF-8 text in the same <c>key = value</c> line format as device.conf (docs/CONFIG.md).
    /// </summary>
    public static class DownlinkParser
    {
        /// <summary>The only key of a down/ack message.</summary>
        public const string ConfirmedKey = "confirmed";

        private const string CommandKey = "cmd";
        private const string FromKey = "from";
        private const string CommandRule = "must be status, reboot or resend";
        private const string SequenceRule = "must be a sequence number: an integer from 0 to 999999999999999999";
        private const int MaxCommandErrors = 20;

        private static readonly string[] s_commandWords = new string[] { "status", "reboot", "resend" };
        private static readonly string[] s_commandKeys = new string[] { CommandKey, FromKey, ConfigKeys.RequestIdKey };

        /// <summary>
        /// Parses a down/ack payload, <c>confirmed = &lt;seq&gt;</c> (blank lines, '#' comment lines and spaces around
        /// key and value allowed), straight from the received bytes. Acks arrive after every batch, so this allocates
        /// nothing. <paramref name="confirmedSequence"/> is -1 unless the result is <see cref="AckParseResult.Ok"/>.
        /// </summary>
        public static AckParseResult ParseAck(byte[] payload, int offset, int length, out long confirmedSequence)
        {
            CheckRange(payload, offset, length);
            confirmedSequence = -1;
            int end = offset + length;
            int i = offset;
            if (length >= 3 && payload[i] == 0xEF && payload[i + 1] == 0xBB && payload[i + 2] == 0xBF)
            {
                i += 3; // UTF-8 byte order mark.
            }
            bool found = false;
            long confirmed = -1;
            while (i < end)
            {
                i = SkipBlank(payload, i, end);
                if (i >= end)
                {
                    break;
                }
                if (payload[i] == (byte)'\n')
                {
                    i++;
                    continue;
                }
                if (payload[i] == (byte)'#')
                {
                    while (i < end && payload[i] != (byte)'\n')
                    {
                        i++;
                    }
                    continue;
                }
                int keyStart = i;
                while (i < end && payload[i] != (byte)'=' && payload[i] != (byte)'\n')
                {
                    i++;
                }
                if (i >= end || payload[i] == (byte)'\n')
                {
                    return AckParseResult.NotKeyValue;
                }
                int keyEnd = i;
                while (keyEnd > keyStart && IsBlank(payload[keyEnd - 1]))
                {
                    keyEnd--;
                }
                if (keyEnd == keyStart)
                {
                    return AckParseResult.NotKeyValue;
                }
                if (!IsConfirmedKey(payload, keyStart, keyEnd))
                {
                    return AckParseResult.UnknownKey;
                }
                if (found)
                {
                    return AckParseResult.Duplicate;
                }
                i = SkipBlank(payload, i + 1, end);
                long value = 0;
                int digits = 0;
                while (i < end && payload[i] >= (byte)'0' && payload[i] <= (byte)'9')
                {
                    int digit = payload[i] - '0';
                    if (value > (long.MaxValue - digit) / 10)
                    {
                        return AckParseResult.BadValue; // Beyond 2^63 − 1.
                    }
                    value = (value * 10) + digit;
                    digits++;
                    i++;
                }
                i = SkipBlank(payload, i, end);
                if (digits == 0 || (i < end && payload[i] != (byte)'\n'))
                {
                    return AckParseResult.BadValue;
                }
                found = true;
                confirmed = value;
            }
            if (!found)
            {
                return AckParseResult.Missing;
            }
            confirmedSequence = confirmed;
            return AckParseResult.Ok;
        }

        /// <summary>Parses a whole down/ack payload; see <see cref="ParseAck"/>.</summary>
        public static bool TryParseAck(byte[] payload, out long confirmedSequence) =>
            ParseAck(payload, 0, payload.Length, out confirmedSequence) == AckParseResult.Ok;

        /// <summary>
        /// Decodes a downlink payload as text. False when the bytes are not well-formed UTF-8 (RFC 3629) or longer
        /// than 64 KiB; such a payload is rejected as a whole.
        /// </summary>
        public static bool TryDecodeText(byte[] payload, int offset, int length, [NotNullWhen(true)] out string? text)
        {
            CheckRange(payload, offset, length);
            text = null;
            if (length > ConfigText.MaxTextLength || !ConfigText.IsWellFormedUtf8(payload, offset, length))
            {
                return false;
            }
            text = length == 0 ? string.Empty : Encoding.UTF8.GetString(payload, offset, length);
            return true;
        }

        /// <summary>Parses a down/cmd payload from its bytes; a payload that is not UTF-8 text gives one error.</summary>
        public static bool TryParseCommand(byte[] payload, int offset, int length, [NotNullWhen(true)] out DownlinkCommand? command,
            out ConfigError[] errors)
        {
            string? text;
            if (!TryDecodeText(payload, offset, length, out text))
            {
                command = null;
                errors = new ConfigError[] { new ConfigError(0, string.Empty, "the payload is not UTF-8 text of at most 65536 bytes") };
                return false;
            }
            return TryParseCommand(text, out command, out errors);
        }

        /// <summary>
        /// Parses a down/cmd payload: <c>cmd = status | reboot | resend</c>, <c>from = &lt;seq&gt;</c> (with resend
        /// only, and required there) and an optional <c>id = &lt;request id&gt;</c>. Collects every error.
        /// </summary>
        public static bool TryParseCommand(string text, [NotNullWhen(true)] out DownlinkCommand? command, out ConfigError[] errors)
        {
            command = null;
            ErrorList list = new ErrorList(MaxCommandErrors);
            if (text == null || text.Length > ConfigText.MaxTextLength)
            {
                list.Add(0, string.Empty, "the command is empty or longer than 65536 characters");
                errors = list.ToArray();
                return false;
            }
            CommandKind kind = CommandKind.None;
            int commandLine = 0;
            bool commandSeen = false;
            long from = -1;
            int fromLine = 0;
            bool fromSeen = false;
            string requestId = string.Empty;
            int idLine = 0;
            string[] lines = ConfigText.SplitLines(text);
            for (int i = 0; i < lines.Length; i++)
            {
                int line = i + 1;
                string where = "line " + ConfigText.FormatInteger(line) + ": ";
                string key;
                string value;
                LineShape shape = ConfigText.SplitLine(lines[i], out key, out value);
                if (shape == LineShape.Skip)
                {
                    continue;
                }
                if (shape != LineShape.KeyValue)
                {
                    list.Add(line, string.Empty, where + "not a 'key = value' line; a command is e.g. 'cmd = status'");
                    continue;
                }
                if (key == CommandKey)
                {
                    if (Duplicate(list, line, key, commandSeen, commandLine))
                    {
                        continue;
                    }
                    commandSeen = true;
                    commandLine = line;
                    for (int w = 0; w < s_commandWords.Length; w++)
                    {
                        if (s_commandWords[w] == value)
                        {
                            kind = (CommandKind)(w + 1);
                        }
                    }
                    if (kind == CommandKind.None)
                    {
                        list.Add(line, key, where + key + " = " + Shown(value) + ": " + CommandRule);
                    }
                }
                else if (key == FromKey)
                {
                    if (Duplicate(list, line, key, fromSeen, fromLine))
                    {
                        continue;
                    }
                    fromSeen = true;
                    fromLine = line;
                    if (!ConfigText.TryParseInteger(value, out from) || from < 0)
                    {
                        from = -1;
                        list.Add(line, key, where + key + " = " + Shown(value) + ": " + SequenceRule);
                    }
                }
                else if (key == ConfigKeys.RequestIdKey)
                {
                    if (Duplicate(list, line, key, idLine > 0, idLine))
                    {
                        continue;
                    }
                    idLine = line;
                    if (ConfigKeys.IsRequestId(value))
                    {
                        requestId = value;
                    }
                    else
                    {
                        list.Add(line, key, where + key + " = " + Shown(value) + ": " + ConfigKeys.RequestIdRule);
                    }
                }
                else if (ConfigText.IsKeyText(key))
                {
                    string? suggestion = Suggest(key);
                    list.Add(line, key, where + "unknown key " + ConfigText.Echo(key) + " (a command has cmd, from and id"
                        + (suggestion != null ? "; did you mean " + suggestion + "?)" : ")"));
                }
                else
                {
                    list.Add(line, string.Empty, where + "unknown key (a command has cmd, from and id)");
                }
            }
            if (!commandSeen)
            {
                list.Add(0, CommandKey, "missing required key cmd: " + CommandRule);
            }
            if (kind == CommandKind.Resend && !fromSeen)
            {
                list.Add(0, FromKey, "missing required key from: cmd = resend needs from = <first sequence number to send again>");
            }
            if (kind != CommandKind.Resend && kind != CommandKind.None && fromSeen)
            {
                list.Add(fromLine, FromKey, "line " + ConfigText.FormatInteger(fromLine) + ": from is only used with cmd = resend");
            }
            errors = list.ToArray();
            if (list.Count > 0)
            {
                return false;
            }
            command = new DownlinkCommand(kind, kind == CommandKind.Resend ? from : -1, requestId);
            return true;
        }

        /// <summary>
        /// The valid <c>id = ...</c> of a down/cmd or down/config payload, or "" when there is none: lets the node
        /// address its reply even when the rest of the message is rejected.
        /// </summary>
        public static string ReadRequestId(string text)
        {
            if (text == null || text.Length > ConfigText.MaxTextLength)
            {
                return string.Empty;
            }
            string[] lines = ConfigText.SplitLines(text);
            for (int i = 0; i < lines.Length; i++)
            {
                string key;
                string value;
                if (ConfigText.SplitLine(lines[i], out key, out value) == LineShape.KeyValue && key == ConfigKeys.RequestIdKey)
                {
                    return ConfigKeys.IsRequestId(value) ? value : string.Empty;
                }
            }
            return string.Empty;
        }

        /// <summary>
        /// Which downlink <paramref name="topic"/> is, for a node whose topics start with <paramref name="topicPrefix"/>
        /// (<see cref="DeviceConfig.TopicPrefix"/>). Allocates nothing.
        /// </summary>
        public static DownlinkKind ClassifyTopic(string topic, string topicPrefix)
        {
            if (topic == null || topicPrefix == null || !ConfigText.StartsWithOrdinal(topic, topicPrefix))
            {
                return DownlinkKind.Unknown;
            }
            if (IsTopic(topic, topicPrefix, "down/ack"))
            {
                return DownlinkKind.Ack;
            }
            if (IsTopic(topic, topicPrefix, "down/cmd"))
            {
                return DownlinkKind.Command;
            }
            if (IsTopic(topic, topicPrefix, "down/config"))
            {
                return DownlinkKind.Config;
            }
            return DownlinkKind.Unknown;
        }

        private static bool IsTopic(string topic, string prefix, string suffix) =>
            topic.Length == prefix.Length + suffix.Length && ConfigText.EndsWithOrdinal(topic, suffix);

        private static bool Duplicate(ErrorList list, int line, string key, bool seen, int firstLine)
        {
            if (seen)
            {
                list.Add(line, key, "line " + ConfigText.FormatInteger(line) + ": " + key + ": duplicate key, already set on line "
                    + ConfigText.FormatInteger(firstLine));
            }
            return seen;
        }

        private static string Shown(string value) => value.Length == 0 ? "(empty)" : ConfigText.Echo(value);

        private static string? Suggest(string key)
        {
            string? best = null;
            int bestDistance = 3;
            for (int i = 0; i < s_commandKeys.Length; i++)
            {
                int distance = ConfigText.EditDistance(key, s_commandKeys[i]);
                if (distance < bestDistance)
                {
                    best = s_commandKeys[i];
                    bestDistance = distance;
                }
            }
            return best;
        }

        private static bool IsBlank(byte b) => b == (byte)' ' || b == (byte)'\t' || b == (byte)'\r';

        private static int SkipBlank(byte[] payload, int i, int end)
        {
            while (i < end && IsBlank(payload[i]))
            {
                i++;
            }
            return i;
        }

        private static bool IsConfirmedKey(byte[] payload, int start, int end)
        {
            if (end - start != ConfirmedKey.Length)
            {
                return false;
            }
            for (int k = 0; k < ConfirmedKey.Length; k++)
            {
                if (payload[start + k] != (byte)ConfirmedKey[k])
                {
                    return false;
                }
            }
            return true;
        }

        private static void CheckRange(byte[] payload, int offset, int length)
        {
            if (payload == null)
            {
                throw new ArgumentNullException(nameof(payload));
            }
            if (offset < 0 || length < 0 || offset > payload.Length - length)
            {
                throw new ArgumentOutOfRangeException(nameof(length));
            }
        }
    }
}
