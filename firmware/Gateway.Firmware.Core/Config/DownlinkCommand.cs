namespace Gateway.Firmware.Core.Config
{
    /// <summary>A parsed down/cmd message.</summary>
    public sealed class DownlinkCommand
    {
        /// <summary>Creates a command.</summary>
        public DownlinkCommand(CommandKind kind, long fromSequence, string requestId)
        {
            Kind = kind;
            FromSequence = fromSequence;
            RequestId = requestId;
        }

        /// <summary>What is asked.</summary>
        public CommandKind Kind { get; }

        /// <summary>For <see cref="CommandKind.Resend"/>: first sequence number to send again; -1 otherwise.</summary>
        public long FromSequence { get; }

        /// <summary>The message's <c>id</c>, echoed in the reply; empty when absent.</summary>
        public string RequestId { get; }
    }
}
