using Gateway.Firmware.Core.Platform;

namespace Gateway.Firmware.Core.Node
{
    /// <summary>
    /// Everything platform-specific a node needs, passed in once. The ESP32 shell fills it with real hardware
    /// adapters, the simulator with simulated ones; the core never reaches for anything else.
    /// </summary>
    public sealed class NodePorts
    {
        /// <summary>Bundles the ports.</summary>
        public NodePorts(IClock clock, ISegmentStorage bufferStorage, IFileStorage files, IMqttTransport transport,
            INetworkLink link, IPowerControl power, IStatusIndicator indicator, IDeviceHealth health, ISensor[] sensors)
        {
            Clock = clock;
            BufferStorage = bufferStorage;
            Files = files;
            Transport = transport;
            Link = link;
            Power = power;
            Indicator = indicator;
            Health = health;
            Sensors = sensors;
        }

        /// <summary>Monotonic and wall-clock time.</summary>
        public IClock Clock { get; }

        /// <summary>Segments of the durable reading buffer.</summary>
        public ISegmentStorage BufferStorage { get; }

        /// <summary>Small files: the device configuration.</summary>
        public IFileStorage Files { get; }

        /// <summary>MQTT over mutual TLS.</summary>
        public IMqttTransport Transport { get; }

        /// <summary>Wi-Fi or cellular link.</summary>
        public INetworkLink Link { get; }

        /// <summary>Sleep and reboot.</summary>
        public IPowerControl Power { get; }

        /// <summary>Status LED.</summary>
        public IStatusIndicator Indicator { get; }

        /// <summary>Free memory and similar platform facts.</summary>
        public IDeviceHealth Health { get; }

        /// <summary>The board's sensors (the node adds the link's RSSI itself).</summary>
        public ISensor[] Sensors { get; }
    }
}
