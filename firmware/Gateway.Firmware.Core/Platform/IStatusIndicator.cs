namespace Gateway.Firmware.Core.Platform
{
    /// <summary>Status LED (or any indicator). The shell maps each code to a blink pattern.</summary>
    public interface IStatusIndicator
    {
        /// <summary>Shows the given code until another one is shown.</summary>
        void Show(IndicatorCode code);
    }

    /// <summary>What the node is doing or waiting for, in priority order of what a technician must fix first.</summary>
    public enum IndicatorCode
    {
        /// <summary>Starting up.</summary>
        Booting = 0,
        /// <summary>The configuration file is missing or invalid.</summary>
        ConfigInvalid = 1,
        /// <summary>No Wi-Fi / network link.</summary>
        NoNetwork = 2,
        /// <summary>Network up but wall-clock time unknown (SNTP/GNSS); TLS cannot validate certificates.</summary>
        NoTime = 3,
        /// <summary>The TLS handshake was refused.</summary>
        TlsRefused = 4,
        /// <summary>The broker is unreachable or refused the session.</summary>
        BrokerUnreachable = 5,
        /// <summary>Connected but a backlog is being sent, or offline with readings buffered.</summary>
        Buffering = 6,
        /// <summary>Connected and up to date.</summary>
        Ok = 7,
    }
}
