using Gateway.Firmware.Core.Platform;
using Gateway.Firmware.Core.Readings;

namespace Gateway.Firmware.Core.Sampling
{
    /// <summary>Reports the network link's received signal strength as the <see cref="MetricId.Rssi"/> metric.</summary>
    public sealed class LinkSignalSensor : ISensor
    {
        private static readonly MetricId[] s_metrics = new MetricId[] { MetricId.Rssi };
        private readonly INetworkLink _link;

        /// <summary>Creates the sensor over the node's link.</summary>
        public LinkSignalSensor(INetworkLink link)
        {
            _link = link;
        }

        /// <inheritdoc/>
        public string Name => "link";

        /// <inheritdoc/>
        public MetricId[] Metrics => s_metrics;

        /// <summary>Reads the RSSI; no value (NaN) while the link is down or the platform does not know it.</summary>
        public bool TryRead(double[] values, out SensorError error)
        {
            error = SensorError.None;
            int rssi = _link.RssiDbm;
            values[0] = _link.IsUp && rssi != 0 ? rssi : double.NaN;
            return true;
        }
    }
}
