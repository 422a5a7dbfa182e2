namespace Gateway.Firmware.Core.Config
{
    /// <summary>Which downlink a topic under gw/v1/{tenant}/{device}/down/ is.</summary>
    public enum DownlinkKind : byte
    {
        /// <summary>Not a downlink topic of this node.</summary>
        Unknown = 0,
        /// <summary><c>down/ack</c>: ingestion's end-to-end confirmation (<see cref="DownlinkParser.ParseAck"/>).</summary>
        Ack = 1,
        /// <summary><c>down/cmd</c>: a command (<see cref="DownlinkParser.TryParseCommand(string, out DownlinkCommand, out ConfigError[])"/>).</summary>
        Command = 2,
        /// <summary><c>down/config</c>: a configuration change (<see cref="DeviceConfig.TryApplyChanges(string, out DeviceConfig, out ConfigError[])"/>).</summary>
        Config = 3,
    }
}
