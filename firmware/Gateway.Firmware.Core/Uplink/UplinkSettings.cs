namespace Gateway.Firmware.Core.Uplink
{
    /// <summary>Tuning of the uplink session (from the device configuration, <c>uplink.*</c> keys).</summary>
    public sealed class UplinkSettings
    {
        /// <summary>Creates settings.</summary>
        public UplinkSettings(int maxPayloadBytes, int inflightWindow, long confirmTimeoutMs, long backoffMinimumMs, long backoffMaximumMs)
        {
            MaxPayloadBytes = maxPayloadBytes;
            InflightWindow = inflightWindow;
            ConfirmTimeoutMs = confirmTimeoutMs;
            BackoffMinimumMs = backoffMinimumMs;
            BackoffMaximumMs = backoffMaximumMs;
        }

        /// <summary>Largest MQTT payload the node publishes, bytes.</summary>
        public int MaxPayloadBytes { get; }

        /// <summary>Publishes that may be waiting for their PUBACK at once.</summary>
        public int InflightWindow { get; }

        /// <summary>How long sent data may stay unconfirmed end to end before it is re-sent, ms.</summary>
        public long ConfirmTimeoutMs { get; }

        /// <summary>First reconnect delay, ms.</summary>
        public long BackoffMinimumMs { get; }

        /// <summary>Longest reconnect delay, ms.</summary>
        public long BackoffMaximumMs { get; }
    }
}
