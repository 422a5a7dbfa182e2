using Gateway.Firmware.Core.Boards;
using Gateway.Firmware.Core.Platform;
using Gateway.Firmware.Core.Readings;

namespace Gateway.Firmware.Esp32.Sensors
{
    /// <summary>
    /// Stands in for a sensor whose adapter could not be created at boot (part missing, wrong address, bus fault): it
    /// keeps the sensor's name and metrics so the node reports "name:not_responding" in its status instead of the
    /// sensor silently vanishing, and the rest of the board keeps working.
    /// </summary>
    public sealed class UnavailableSensor : ISensor
    {
        /// <summary>Stands in for <paramref name="sensor"/>; <paramref name="reason"/> is for the log.</summary>
        public UnavailableSensor(BoardSensor sensor, string reason)
        {
            Name = sensor.Name;
            Metrics = sensor.Metrics;
            Reason = reason;
        }

        /// <summary>Sensor name from the board profile.</summary>
        public string Name { get; }

        /// <summary>The metrics the sensor would report.</summary>
        public MetricId[] Metrics { get; }

        /// <summary>Why the adapter could not be created.</summary>
        public string Reason { get; }

        /// <summary>Always fails with <see cref="SensorError.NotResponding"/>.</summary>
        public bool TryRead(double[] values, out SensorError error)
        {
            error = SensorError.NotResponding;
            return false;
        }
    }
}
