using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;
using Gateway.Firmware.Core.Platform;
using Gateway.Simulation.Randomness;
using Gateway.Simulation.Sensors;
using Gateway.Simulation.Time;

namespace Gateway.Simulation.Logistics
{
    /// <summary>
    /// A GNSS receiver on the truck's tracker, as the core's <c>GnssReceiverSensor</c> sees it through
    /// <see cref="ILineSource"/>: once per second (epoch) it writes NMEA 0183 v4.11 sentences for the truck's position:
    /// RMC, GGA, GSA (one per constellation, with the 4.11 system ID) and GSV (satellites in view, with the 4.11
    /// signal ID), with correct <c>*hh</c> checksums and the talker IDs of <see cref="GnssTalkerMode"/>.
    /// </summary>
    /// <remarks>
    /// <para>Sentences are produced when the node reads: only the current epoch is written (a UART driver that keeps
    /// the latest lines), at most <see cref="MaxQueuedLines"/> whole lines are buffered, the oldest dropped first, so
    /// a node that reads rarely costs nothing and never sees a cut line.</para>
    /// <para>No fix before the time to first fix has passed since power-on, inside tunnels, and for a few seconds after
    /// a tunnel (reacquisition): RMC status V, GGA quality 0, GSA fix type 1. Position error is a random walk of about
    /// 2 m; satellites below 10° (20° on city streets, where buildings block the low sky) are not used.</para>
    /// </remarks>
    public sealed class NmeaReceiverModel : ILineSource
    {
        /// <summary>Lines buffered at most (about two epochs in GN mode).</summary>
        public const int MaxQueuedLines = 48;

        /// <summary>Typical cold-start time to first fix, ms.</summary>
        public const long ColdStartMs = 30000;

        /// <summary>Typical hot-start time to first fix (after a reboot with the almanac kept), ms.</summary>
        public const long HotStartMs = 2000;

        /// <summary>Time to reacquire after a tunnel, ms.</summary>
        public const long ReacquireMs = 3000;

        /// <summary>Geoid separation in Hebei (EGM96 geoid below the WGS-84 ellipsoid), m.</summary>
        public const double GeoidSeparationM = -8.0;

        private const double KnotsPerMps = 3600.0 / 1852.0;
        private const double MetresPerDegreeLatitude = 111320.0;

        private static readonly CultureInfo s_invariant = CultureInfo.InvariantCulture;

        private readonly TruckModel _truck;
        private readonly VirtualClock _clock;
        private readonly SimRandom _random;
        private readonly Queue<string> _lines = new Queue<string>();
        private readonly List<string> _lastEpoch = new List<string>();
        private readonly StringBuilder _text = new StringBuilder(96);
        private readonly SatelliteView[] _gps = new SatelliteView[SimulatedSky.MaxSatellites];
        private readonly SatelliteView[] _bds = new SatelliteView[SimulatedSky.MaxSatellites];
        private readonly SatelliteView[] _used = new SatelliteView[SimulatedSky.MaxSatellites];
        private long _poweredOnAtMs;
        private long _firstFixAfterMs;
        private long _lastEpochS = long.MinValue;
        private double _errorNorthM;
        private double _errorEastM;
        private double _errorUpM;

        /// <summary>Creates the receiver; it powers on now (cold start).</summary>
        /// <param name="truck">The truck it rides on.</param>
        /// <param name="clock">The node's clock (its true time is the GNSS time).</param>
        /// <param name="mode">Constellations and talker IDs.</param>
        /// <param name="random">The receiver's own generator (position error, signal strength).</param>
        /// <param name="timeToFirstFixMs">Time from power-on to the first fix, 0 or more ms.</param>
        public NmeaReceiverModel(TruckModel truck, VirtualClock clock, GnssTalkerMode mode, SimRandom random, long timeToFirstFixMs)
        {
            _truck = truck ?? throw new ArgumentNullException(nameof(truck));
            _clock = clock ?? throw new ArgumentNullException(nameof(clock));
            _random = random ?? throw new ArgumentNullException(nameof(random));
            Mode = mode;
            PowerOn(timeToFirstFixMs);
        }

        /// <summary>Constellations and talker IDs.</summary>
        public GnssTalkerMode Mode { get; }

        /// <summary>Epochs written so far.</summary>
        public long Epochs { get; private set; }

        /// <summary>Sentences written so far.</summary>
        public long Sentences { get; private set; }

        /// <summary>Lines dropped because the buffer was full.</summary>
        public long LinesDropped { get; private set; }

        /// <summary>True when the last epoch written had a fix.</summary>
        public bool LastEpochHadFix { get; private set; }

        /// <summary>
        /// Fault mode: <see cref="SensorFault.Fail"/> makes the receiver silent (the core reports it not responding),
        /// <see cref="SensorFault.Stuck"/> repeats the last epoch's sentences unchanged (a hung receiver),
        /// <see cref="SensorFault.Spike"/> now and then puts the position 1–5 km off (multipath, a bad solution).
        /// </summary>
        public SensorFault Fault { get; set; }

        /// <summary>Powers the receiver (back) on: no fix for <paramref name="timeToFirstFixMs"/>; pending lines are lost.</summary>
        public void PowerOn(long timeToFirstFixMs)
        {
            _poweredOnAtMs = _clock.TrueUnixTimeMs;
            _firstFixAfterMs = Math.Max(0, timeToFirstFixMs);
            _lines.Clear();
        }

        /// <inheritdoc />
        public int TryReadLine(byte[] buffer)
        {
            long now = _clock.TrueUnixTimeMs;
            long epochS = FloorDiv(now, 1000);
            if (epochS > _lastEpochS && Fault != SensorFault.Fail)
            {
                _lastEpochS = epochS;
                if (Fault == SensorFault.Stuck && _lastEpoch.Count > 0)
                {
                    for (int i = 0; i < _lastEpoch.Count; i++)
                    {
                        Enqueue(_lastEpoch[i]);
                    }
                }
                else
                {
                    WriteEpoch(epochS * 1000);
                }
            }
            if (Fault == SensorFault.Fail)
            {
                _lines.Clear();
                return -1;
            }
            if (_lines.Count == 0)
            {
                return -1;
            }
            string line = _lines.Dequeue();
            int length = Math.Min(line.Length, buffer.Length);
            for (int i = 0; i < length; i++)
            {
                buffer[i] = (byte)line[i];
            }
            return length;
        }

        /// <summary>Writes the sentences of one epoch at <paramref name="epochUnixMs"/> (also used by tests directly).</summary>
        public void WriteEpoch(long epochUnixMs)
        {
            _truck.AdvanceTo(epochUnixMs);
            Epochs++;
            _lastEpoch.Clear();
            int gpsCount = UsesGps ? SimulatedSky.Gps(epochUnixMs, _gps) : 0;
            int bdsCount = UsesBeiDou ? SimulatedSky.BeiDou(epochUnixMs, _bds) : 0;
            bool blocked = _truck.InTunnel;
            bool fix = !blocked
                && epochUnixMs - _poweredOnAtMs >= _firstFixAfterMs
                && epochUnixMs - _truck.OpenSkySinceUnixMs >= ReacquireMs;
            int mask = _truck.Road == RoadKind.City ? 20 : 10;
            int usedGps = fix ? CountUsable(_gps, gpsCount, mask) : 0;
            int usedBds = fix ? CountUsable(_bds, bdsCount, mask) : 0;
            if (usedGps + usedBds < 4)
            {
                fix = false;
                usedGps = 0;
                usedBds = 0;
            }
            LastEpochHadFix = fix;
            int used = Math.Min(usedGps, 12) + Math.Min(usedBds, 12);
            double hdop = fix ? Math.Round(0.5 + 6.0 / used, 2) : 99.99;

            string solution = SolutionTalker;
            DateTime utc = DateTime.UnixEpoch.AddMilliseconds(epochUnixMs);
            string time = utc.ToString("HHmmss", s_invariant) + ".00";
            string date = utc.ToString("ddMMyy", s_invariant);
            double latitude = double.NaN;
            double longitude = double.NaN;
            double altitude = double.NaN;
            if (fix)
            {
                // Position error: a slowly wandering offset of about 2 m (σ), 4 m vertically.
                _errorNorthM = 0.95 * _errorNorthM + _random.Gaussian(0, 0.6);
                _errorEastM = 0.95 * _errorEastM + _random.Gaussian(0, 0.6);
                _errorUpM = 0.95 * _errorUpM + _random.Gaussian(0, 1.2);
                latitude = _truck.LatitudeDeg + _errorNorthM / MetresPerDegreeLatitude;
                longitude = _truck.LongitudeDeg + _errorEastM / (MetresPerDegreeLatitude * Math.Cos(_truck.LatitudeDeg * Math.PI / 180));
                altitude = _truck.AltitudeM + _errorUpM;
                if (Fault == SensorFault.Spike && _random.Chance(0.25))
                {
                    double jumpM = _random.Uniform(1000, 5000);
                    double bearing = _random.Uniform(0, 2 * Math.PI);
                    latitude += jumpM * Math.Cos(bearing) / MetresPerDegreeLatitude;
                    longitude += jumpM * Math.Sin(bearing) / (MetresPerDegreeLatitude * Math.Cos(_truck.LatitudeDeg * Math.PI / 180));
                }
            }

            // RMC: time, status, position, speed (knots), course, date, magnetic variation (empty), mode, navigational status.
            Begin(solution, "RMC").Field(time).Field(fix ? "A" : "V");
            if (fix)
            {
                Latitude(latitude).Longitude(longitude);
                double speed = Math.Max(0, _truck.SpeedMps + _random.Gaussian(0, 0.05));
                Field(Format(speed * KnotsPerMps, 3));
                Field(_truck.SpeedMps >= 0.3 ? Format(_truck.CourseDeg, 2) : "");
            }
            else
            {
                Field("").Field("").Field("").Field("").Field("").Field("");
            }
            Field(date).Field("").Field("").Field(fix ? "A" : "N").Field("V").End();

            // GGA: time, position, quality, satellites used, HDOP, altitude, geoid separation, age and station (empty).
            Begin(solution, "GGA").Field(time);
            if (fix)
            {
                Latitude(latitude).Longitude(longitude);
            }
            else
            {
                Field("").Field("").Field("").Field("");
            }
            Field(fix ? "1" : "0").Field(used.ToString("00", s_invariant)).Field(Format(hdop, 2))
                .Field(fix ? Format(altitude, 1) : "").Field(fix ? "M" : "")
                .Field(Format(GeoidSeparationM, 1)).Field("M").Field("").Field("").End();

            // GSA: one per constellation, NMEA 4.11 system ID last (1 GPS, 4 BeiDou).
            if (UsesGps)
            {
                WriteGsa(solution, _gps, gpsCount, mask, fix, hdop, 1);
            }
            if (UsesBeiDou)
            {
                WriteGsa(solution, _bds, bdsCount, mask, fix, hdop, 4);
            }

            // GSV: satellites in view per constellation talker, 4 per sentence, signal ID 1 (GPS L1 C/A, BeiDou B1I).
            if (UsesGps)
            {
                WriteGsv("GP", _gps, gpsCount, blocked);
            }
            if (UsesBeiDou)
            {
                WriteGsv(Mode == GnssTalkerMode.BD ? "BD" : "GB", _bds, bdsCount, blocked);
            }
        }

        /// <summary>
        /// Completes an NMEA sentence: appends <c>*hh</c>, the XOR of every character between <c>$</c> and <c>*</c>
        /// (NMEA 0183 checksum field), to a body that starts with <c>$</c>.
        /// </summary>
        public static string WithChecksum(string body)
        {
            int checksum = 0;
            for (int i = 1; i < body.Length; i++)
            {
                checksum ^= body[i];
            }
            return body + "*" + checksum.ToString("X2", s_invariant);
        }

        private bool UsesGps => Mode == GnssTalkerMode.GN || Mode == GnssTalkerMode.GP;

        private bool UsesBeiDou => Mode != GnssTalkerMode.GP;

        private string SolutionTalker
        {
            get
            {
                switch (Mode)
                {
                    case GnssTalkerMode.GP: return "GP";
                    case GnssTalkerMode.BD: return "BD";
                    case GnssTalkerMode.GB: return "GB";
                    default: return "GN";
                }
            }
        }

        private void WriteGsa(string talker, SatelliteView[] sky, int count, int mask, bool fix, double hdop, int systemId)
        {
            int used = fix ? SelectUsed(sky, count, mask) : 0;
            Begin(talker, "GSA").Field("A").Field(fix ? "3" : "1");
            for (int i = 0; i < 12; i++)
            {
                Field(i < used ? _used[i].Id.ToString("00", s_invariant) : "");
            }
            Field(fix ? Format(Math.Round(hdop * 1.8, 2), 2) : "99.99").Field(Format(hdop, 2))
                .Field(fix ? Format(Math.Round(hdop * 1.5, 2), 2) : "99.99")
                .Field(systemId.ToString(s_invariant)).End();
        }

        private void WriteGsv(string talker, SatelliteView[] sky, int count, bool blocked)
        {
            int visible = 0;
            for (int i = 0; i < count; i++)
            {
                if (sky[i].ElevationDeg >= 5)
                {
                    _used[visible++] = sky[i];
                }
            }
            int sentences = Math.Max(1, (visible + 3) / 4);
            for (int s = 0; s < sentences; s++)
            {
                Begin(talker, "GSV").Field(sentences.ToString(s_invariant)).Field((s + 1).ToString(s_invariant))
                    .Field(visible.ToString("00", s_invariant));
                for (int k = s * 4; k < Math.Min(visible, s * 4 + 4); k++)
                {
                    SatelliteView sat = _used[k];
                    // Carrier-to-noise density rises with elevation (less atmosphere, no multipath); none in a tunnel.
                    string cn0 = blocked ? "" : ((int)Math.Max(20, Math.Min(50, 26 + 20 * Math.Sin(sat.ElevationDeg * Math.PI / 180) + _random.Gaussian(0, 1.5)))).ToString("00", s_invariant);
                    Field(sat.Id.ToString("00", s_invariant)).Field(sat.ElevationDeg.ToString("00", s_invariant))
                        .Field(sat.AzimuthDeg.ToString("000", s_invariant)).Field(cn0);
                }
                Field("1").End();
            }
        }

        private static int CountUsable(SatelliteView[] sky, int count, int mask)
        {
            int n = 0;
            for (int i = 0; i < count; i++)
            {
                if (sky[i].ElevationDeg >= mask)
                {
                    n++;
                }
            }
            return n;
        }

        // Copies the usable satellites, highest first, into _used; returns how many (at most 12, the GSA's slots).
        private int SelectUsed(SatelliteView[] sky, int count, int mask)
        {
            int n = 0;
            for (int i = 0; i < count; i++)
            {
                if (sky[i].ElevationDeg >= mask)
                {
                    _used[n++] = sky[i];
                }
            }
            for (int i = 1; i < n; i++)
            {
                SatelliteView v = _used[i];
                int j = i - 1;
                while (j >= 0 && _used[j].ElevationDeg < v.ElevationDeg)
                {
                    _used[j + 1] = _used[j];
                    j--;
                }
                _used[j + 1] = v;
            }
            return Math.Min(n, 12);
        }

        private NmeaReceiverModel Begin(string talker, string formatter)
        {
            _text.Clear();
            _text.Append('$').Append(talker).Append(formatter);
            return this;
        }

        private NmeaReceiverModel Field(string value)
        {
            _text.Append(',').Append(value);
            return this;
        }

        private NmeaReceiverModel Latitude(double degrees)
        {
            AppendAngle(degrees, 2);
            _text.Append(',').Append(degrees < 0 ? 'S' : 'N');
            return this;
        }

        private NmeaReceiverModel Longitude(double degrees)
        {
            AppendAngle(degrees, 3);
            _text.Append(',').Append(degrees < 0 ? 'W' : 'E');
            return this;
        }

        // ddmm.mmmmm / dddmm.mmmmm: whole degrees, then minutes with 5 decimals (1.8 cm), computed in integers so
        // that rounding can never print 60 minutes.
        private void AppendAngle(double degrees, int degreeDigits)
        {
            long units = (long)Math.Round(Math.Abs(degrees) * 60 * 100000);
            long whole = units / (60 * 100000);
            long minuteUnits = units % (60 * 100000);
            _text.Append(',');
            _text.Append(whole.ToString(degreeDigits == 2 ? "00" : "000", s_invariant));
            _text.Append((minuteUnits / 100000).ToString("00", s_invariant));
            _text.Append('.');
            _text.Append((minuteUnits % 100000).ToString("00000", s_invariant));
        }

        private void End()
        {
            string line = WithChecksum(_text.ToString());
            _lastEpoch.Add(line);
            Enqueue(line);
        }

        private void Enqueue(string line)
        {
            if (_lines.Count >= MaxQueuedLines)
            {
                _lines.Dequeue();
                LinesDropped++;
            }
            _lines.Enqueue(line);
            Sentences++;
        }

        private static string Format(double value, int decimals)
        {
            return value.ToString(decimals == 1 ? "0.0" : decimals == 2 ? "0.00" : "0.000", s_invariant);
        }

        private static long FloorDiv(long a, long b)
        {
            long q = a / b;
            return (a % b != 0 && ((a < 0) != (b < 0))) ? q - 1 : q;
        }
    }
}
