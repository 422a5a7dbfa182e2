namespace Gateway.Firmware.Core.Readings
{
    /// <summary>
    /// One stored and transmitted measurement (or alarm event). A value type so that batches are plain arrays
    /// and the sample→buffer→encode path allocates nothing.
    /// </summary>
    public struct Reading
    {
        /// <summary>
        /// Per-device sequence number, assigned when the reading is written to the durable buffer.
        /// Strictly increasing, never reused, also across reboots. Travels in the SenML pack as the
        /// <c>bseq</c> base field (see <c>Codec.SenmlCborWriter</c>).
        /// </summary>
        public long Sequence;

        /// <summary>Device wall-clock time of the measurement, ms since the Unix epoch (UTC).</summary>
        public long TimeUnixMs;

        /// <summary>What was measured.</summary>
        public MetricId Metric;

        /// <summary>Kind of record: a routine measurement or an alarm event about <see cref="Metric"/>.</summary>
        public ReadingKind Kind;

        /// <summary>
        /// The value in the metric's unit (see <see cref="MetricCatalog"/>). Booleans are 0 or 1; for an alarm
        /// event, 1 means raised and 0 cleared.
        /// </summary>
        public double Value;
    }

    /// <summary>What a buffered record is. Stored on flash: never renumber.</summary>
    public enum ReadingKind : byte
    {
        /// <summary>A routine measurement.</summary>
        Measurement = 0,
        /// <summary>Threshold alarm: the metric crossed its high limit (with hysteresis).</summary>
        AlarmHigh = 1,
        /// <summary>Threshold alarm: the metric crossed its low limit (with hysteresis).</summary>
        AlarmLow = 2,
        /// <summary>The metric stayed outside its allowed band for longer than allowed (cold chain).</summary>
        AlarmExcursion = 3,
        /// <summary>Acceleration above the shock limit.</summary>
        AlarmShock = 4,
        /// <summary>Door opened while the vehicle is moving.</summary>
        AlarmDoorOpenInTransit = 5,
    }
}
