using Gateway.Firmware.Core.Readings;

namespace Gateway.Firmware.Core.Boards
{
    /// <summary>One sensor a board profile declares (<c>sensor.&lt;name&gt;.*</c> keys).</summary>
    public sealed class BoardSensor
    {
        /// <summary>Creates a sensor entry.</summary>
        /// <param name="name">Name for config overrides and status, e.g. <c>bme280</c>.</param>
        /// <param name="kind">Part and adapter.</param>
        /// <param name="bus">I2C bus 1 or 2; 0 for kinds not on I2C.</param>
        /// <param name="address">7-bit I2C address; -1 for kinds not on I2C.</param>
        /// <param name="metrics">Metrics to report, a subset of the kind's in the kind's order.</param>
        /// <param name="lineNumber">Line of the sensor's kind key.</param>
        public BoardSensor(string name, SensorKind kind, int bus, int address, MetricId[] metrics, int lineNumber)
        {
            Name = name;
            Kind = kind;
            Bus = bus;
            Address = address;
            Metrics = metrics;
            LineNumber = lineNumber;
        }

        /// <summary>Name for config overrides (<c>sample.&lt;name&gt;.period_s</c>) and status.</summary>
        public string Name { get; }

        /// <summary>Part and adapter.</summary>
        public SensorKind Kind { get; }

        /// <summary>I2C bus 1 or 2; 0 for kinds not on I2C.</summary>
        public int Bus { get; }

        /// <summary>7-bit I2C address; -1 for kinds not on I2C.</summary>
        public int Address { get; }

        /// <summary>Metrics to report, in the kind's order (see <see cref="SensorKinds.Metrics"/>); do not modify.</summary>
        public MetricId[] Metrics { get; }

        /// <summary>Line of the sensor's kind key in board.conf.</summary>
        public int LineNumber { get; }

        /// <summary>How the sensor is attached.</summary>
        public SensorAttachment Attachment => SensorKinds.Attachment(Kind);
    }
}
