namespace Gateway.Firmware.Core.Config
{
    /// <summary>What a down/cmd message asks for (<c>cmd = ...</c>).</summary>
    public enum CommandKind : byte
    {
        /// <summary>No command.</summary>
        None = 0,
        /// <summary><c>cmd = status</c>: publish a status message now.</summary>
        Status = 1,
        /// <summary><c>cmd = reboot</c>: restart the node (after replying).</summary>
        Reboot = 2,
        /// <summary><c>cmd = resend</c> with <c>from = &lt;seq&gt;</c>: send the buffered records again, starting at that sequence.</summary>
        Resend = 3,
    }
}
