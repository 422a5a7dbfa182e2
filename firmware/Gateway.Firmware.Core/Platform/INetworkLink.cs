namespace Gateway.Firmware.Core.Platform
{
    /// <summary>The IP link under MQTT (Wi-Fi today; cellular later). Connection management stays in the shell.</summary>
    public interface INetworkLink
    {
        /// <summary>True when the link has an IP address.</summary>
        bool IsUp { get; }

        /// <summary>Received signal strength in dBm; 0 when unknown.</summary>
        int RssiDbm { get; }

        /// <summary>Asks the shell to (re)establish the link; must not block.</summary>
        void RequestConnect();
    }
}
