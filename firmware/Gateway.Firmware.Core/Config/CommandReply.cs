using System.Text;

namespace Gateway.Firmware.Core.Config
{
    /// <summary>
    /// The node's reply to a down/config or down/cmd message, in the same key = value text:
    /// <c>id = 42\nresult = accepted\n</c>, or <c>result = rejected</c> followed by one <c>error = ...</c> line per
    /// problem. The <c>id</c> line is left out when the request had no valid id.
    /// </summary>
    public static class CommandReply
    {
        /// <summary>Most error lines in one reply; the reply must fit an MQTT payload of a small node.</summary>
        public const int MaxErrorLines = 20;

        /// <summary>Reply to a request that was applied.</summary>
        public static string Accepted(string requestId)
        {
            StringBuilder text = new StringBuilder(48);
            AppendId(text, requestId);
            text.Append("result = accepted\n");
            return text.ToString();
        }

        /// <summary>Reply to a request that was rejected as a whole, listing why.</summary>
        public static string Rejected(string requestId, ConfigError[] errors)
        {
            StringBuilder text = new StringBuilder(256);
            AppendId(text, requestId);
            text.Append("result = rejected\n");
            int count = errors == null ? 0 : errors.Length;
            int shown = count > MaxErrorLines ? MaxErrorLines - 1 : count;
            for (int i = 0; i < shown; i++)
            {
                text.Append("error = ").Append(ConfigText.OneLine(errors![i].Message)).Append('\n');
            }
            if (shown < count)
            {
                text.Append("error = ... and ").Append(ConfigText.FormatInteger(count - shown)).Append(" more errors\n");
            }
            return text.ToString();
        }

        private static void AppendId(StringBuilder text, string requestId)
        {
            // An id that is not valid is not echoed: it could break the line format of the reply.
            if (requestId != null && ConfigKeys.IsRequestId(requestId))
            {
                text.Append("id = ").Append(requestId).Append('\n');
            }
        }
    }
}
