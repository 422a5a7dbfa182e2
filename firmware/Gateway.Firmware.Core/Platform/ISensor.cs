using Gateway.Firmware.Core.Readings;

namespace Gateway.Firmware.Core.Platform
{
    /// <summary>
    /// One physical sensor (BME280, SCD4x, door switch, ...) as the core sees it. The ESP32 shell wraps an
    /// Iot.Device binding; the simulator wraps a model. Reading must not sleep: a sensor that needs a
    /// conversion time starts it on one call and returns the result on a later one (return false with
    /// <see cref="SensorError.NotReady"/> meanwhile).
    /// </summary>
    public interface ISensor
    {
        /// <summary>Short name for status and logs, e.g. <c>bme280</c>.</summary>
        string Name { get; }

        /// <summary>The metrics this sensor measures, in the order <see cref="TryRead"/> fills its values.</summary>
        MetricId[] Metrics { get; }

        /// <summary>
        /// Reads one value per metric into <paramref name="values"/> (length at least <c>Metrics.Length</c>).
        /// A metric that has no value this time is set to <see cref="double.NaN"/>. Booleans are 0 or 1.
        /// Returns false and sets <paramref name="error"/> when the read failed; the values are then ignored.
        /// </summary>
        bool TryRead(double[] values, out SensorError error);
    }

    /// <summary>Why a sensor read failed.</summary>
    public enum SensorError
    {
        /// <summary>No error.</summary>
        None = 0,
        /// <summary>The device did not answer on its bus.</summary>
        NotResponding = 1,
        /// <summary>A checksum (CRC) on the data failed.</summary>
        ChecksumFailed = 2,
        /// <summary>A measurement is still in progress.</summary>
        NotReady = 3,
        /// <summary>The value is outside what the sensor can measure.</summary>
        OutOfRange = 4,
        /// <summary>The sensor repeats the identical value for too long (detected by the core).</summary>
        Stuck = 5,
    }

    /// <summary>
    /// A byte source that yields text lines, such as a GNSS receiver's UART with NMEA 0183 sentences.
    /// </summary>
    public interface ILineSource
    {
        /// <summary>
        /// Copies the next complete line (without CR/LF) into <paramref name="buffer"/> and returns its length,
        /// or returns -1 when no complete line is waiting. Never blocks. Lines longer than the buffer are cut.
        /// </summary>
        int TryReadLine(byte[] buffer);
    }
}
