namespace Gateway.Firmware.Core.Gnss
{
    /// <summary>
    /// The latest position fix of a GNSS receiver as assembled by <see cref="NmeaParser"/> from RMC, GGA, GSA and
    /// VTG sentences. A class that is filled in place (<see cref="CopyTo"/>), so reading a fix allocates nothing.
    /// Values that the receiver has not reported are <see cref="double.NaN"/> (doubles) or -1 (counts).
    /// </summary>
    public sealed class GnssFix
    {
        /// <summary>Creates an empty fix (no position, nothing known).</summary>
        public GnssFix()
        {
            Clear();
        }

        /// <summary>
        /// True when the most recent position sentence reported a usable fix: RMC status <c>A</c> (and mode
        /// indicator not <c>N</c>) or GGA quality above 0. A later no-fix sentence sets it false and leaves the
        /// last position in place, so the position is the last known one.
        /// </summary>
        public bool FixValid { get; set; }

        /// <summary>Latitude, degrees, WGS-84, south negative; NaN before the first fix.</summary>
        public double LatitudeDeg { get; set; }

        /// <summary>Longitude, degrees, WGS-84, west negative; NaN before the first fix.</summary>
        public double LongitudeDeg { get; set; }

        /// <summary>Altitude above mean sea level (geoid), metres, from GGA; NaN when not reported.</summary>
        public double AltitudeM { get; set; }

        /// <summary>Speed over ground, m/s (RMC knots × 1852/3600, or VTG km/h ÷ 3.6); NaN when not reported.</summary>
        public double SpeedMps { get; set; }

        /// <summary>
        /// Course over ground, degrees from true north; NaN when not reported (receivers leave it empty when
        /// standing still).
        /// </summary>
        public double CourseDeg { get; set; }

        /// <summary>
        /// GGA quality indicator (NMEA 0183 v4.11 GGA field 6): 0 no fix, 1 autonomous, 2 differential,
        /// 3 PPS, 4 RTK fixed, 5 RTK float, 6 estimated (dead reckoning), 7 manual, 8 simulator; 0 until a GGA arrives.
        /// </summary>
        public int FixQuality { get; set; }

        /// <summary>Satellites used in the fix (GGA field 7); -1 when not reported.</summary>
        public int SatellitesInUse { get; set; }

        /// <summary>Horizontal dilution of precision (GGA field 8); NaN when not reported.</summary>
        public double Hdop { get; set; }

        /// <summary>True when <see cref="TimeUnixMs"/> holds the UTC time of this fix.</summary>
        public bool TimeValid { get; set; }

        /// <summary>
        /// UTC time of the fix, ms since the Unix epoch: RMC date and time, or GGA time with the date of the
        /// last RMC. Meaningful only when <see cref="TimeValid"/> is true.
        /// </summary>
        public long TimeUnixMs { get; set; }

        /// <summary>Constellations used in the fix (from GSA sentences, or the talker ID when a receiver sends no GSA).</summary>
        public GnssConstellation Constellations { get; set; }

        /// <summary>
        /// Monotonic time (the caller's clock, ms) at which the last valid position arrived; compare with the
        /// current monotonic time to tell a stale fix from a fresh one.
        /// </summary>
        public long UpdatedAtMs { get; set; }

        /// <summary>Forgets everything: no fix, no position, nothing known.</summary>
        public void Clear()
        {
            FixValid = false;
            LatitudeDeg = double.NaN;
            LongitudeDeg = double.NaN;
            AltitudeM = double.NaN;
            SpeedMps = double.NaN;
            CourseDeg = double.NaN;
            FixQuality = 0;
            SatellitesInUse = -1;
            Hdop = double.NaN;
            TimeValid = false;
            TimeUnixMs = 0;
            Constellations = GnssConstellation.None;
            UpdatedAtMs = 0;
        }

        /// <summary>Copies every value into <paramref name="target"/> (no allocation).</summary>
        public void CopyTo(GnssFix target)
        {
            target.FixValid = FixValid;
            target.LatitudeDeg = LatitudeDeg;
            target.LongitudeDeg = LongitudeDeg;
            target.AltitudeM = AltitudeM;
            target.SpeedMps = SpeedMps;
            target.CourseDeg = CourseDeg;
            target.FixQuality = FixQuality;
            target.SatellitesInUse = SatellitesInUse;
            target.Hdop = Hdop;
            target.TimeValid = TimeValid;
            target.TimeUnixMs = TimeUnixMs;
            target.Constellations = Constellations;
            target.UpdatedAtMs = UpdatedAtMs;
        }
    }
}
