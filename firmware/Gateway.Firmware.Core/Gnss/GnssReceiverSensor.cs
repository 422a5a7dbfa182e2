using Gateway.Firmware.Core.Platform;
using Gateway.Firmware.Core.Readings;

namespace Gateway.Firmware.Core.Gnss
{
    /// <summary>
    /// A GNSS receiver as a sensor: drains the NMEA 0183 lines its UART produced since the last read through
    /// <see cref="NmeaParser"/> and reports the latest fix. Lives in the core so that the ESP32 shell (UART) and
    /// the simulator (generated sentences) share the parsing and the freshness rules.
    /// </summary>
    public sealed class GnssReceiverSensor : ISensor
    {
        // Bounded per read so that a chattering receiver cannot starve the node's tick.
        private const int MaxLinesPerRead = 128;

        private static readonly MetricId[] s_metrics = new MetricId[]
        {
            MetricId.Latitude, MetricId.Longitude, MetricId.Altitude, MetricId.Speed, MetricId.Course,
            MetricId.FixQuality, MetricId.SatellitesInUse, MetricId.Constellation,
        };

        private readonly ILineSource _source;
        private readonly IClock _clock;
        private readonly long _maxFixAgeMs;
        private readonly NmeaParser _parser = new NmeaParser();
        private readonly GnssFix _fix = new GnssFix();
        private readonly byte[] _line = new byte[NmeaParser.MaxStringSentenceLength];

        /// <summary>Creates the sensor.</summary>
        /// <param name="name">Sensor name for config and status, e.g. <c>gnss</c>.</param>
        /// <param name="source">The receiver's line source.</param>
        /// <param name="clock">Clock, to time-stamp sentences and judge freshness.</param>
        /// <param name="maxFixAgeMs">A fix older than this is not reported as a position.</param>
        public GnssReceiverSensor(string name, ILineSource source, IClock clock, long maxFixAgeMs)
        {
            Name = name;
            _source = source;
            _clock = clock;
            _maxFixAgeMs = maxFixAgeMs;
        }

        /// <inheritdoc/>
        public string Name { get; }

        /// <inheritdoc/>
        public MetricId[] Metrics => s_metrics;

        /// <summary>The parser, for its counters (checksum errors, malformed sentences).</summary>
        public NmeaParser Parser => _parser;

        /// <summary>
        /// Reads the latest fix. Without a fresh valid fix (tunnel, cold start) only fix quality 0 and the
        /// satellites in use are reported: a stale position is never sent as a current one. When the receiver
        /// sent no valid sentence at all since the last read, the read fails with <see cref="SensorError.NotResponding"/>.
        /// </summary>
        public bool TryRead(double[] values, out SensorError error)
        {
            long acceptedBefore = _parser.SentencesAccepted;
            long now = _clock.MonotonicMs;
            for (int i = 0; i < MaxLinesPerRead; i++)
            {
                int length = _source.TryReadLine(_line);
                if (length < 0)
                {
                    break;
                }
                _parser.Accept(_line, length, now);
            }
            if (_parser.SentencesAccepted == acceptedBefore)
            {
                error = SensorError.NotResponding;
                return false;
            }
            error = SensorError.None;
            if (!_parser.TryGetFreshFix(now, _maxFixAgeMs, _fix) || !_fix.FixValid)
            {
                for (int i = 0; i < values.Length; i++)
                {
                    values[i] = double.NaN;
                }
                values[5] = 0;
                int satellites = _parser.Fix.SatellitesInUse;
                values[6] = satellites < 0 ? double.NaN : satellites;
                return true;
            }
            values[0] = _fix.LatitudeDeg;
            values[1] = _fix.LongitudeDeg;
            values[2] = _fix.AltitudeM;
            values[3] = _fix.SpeedMps;
            values[4] = _fix.CourseDeg;
            values[5] = _fix.FixQuality;
            values[6] = _fix.SatellitesInUse;
            values[7] = (int)_fix.Constellations;
            return true;
        }
    }
}
