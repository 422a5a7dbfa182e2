namespace Gateway.Firmware.Core.Gnss
{
    /// <summary>
    /// Parses NMEA 0183 sentences from a GNSS receiver, one line at a time (as produced by
    /// <see cref="Gateway.Firmware.Core.Platform.ILineSource.TryReadLine"/>), and keeps the latest fix.
    /// Shared by the ESP32 shell (UART receiver) and the simulator (generated or replayed sentences).
    /// </summary>
    /// <remarks>
    /// <para>
    /// Understood: RMC, GGA, GSA, GSV and VTG from talkers GP (GPS), GL (GLONASS), GA (Galileo), GB and BD (BeiDou),
    /// GQ/QZ (QZSS), GI/IR (NavIC) and GN (combined solution). Field layouts follow NMEA 0183 v4.11 and, where
    /// receivers differ from it, the u-blox M8 Receiver Description incl. Protocol Specification (UBX-13003221),
    /// the u-blox F9 Interface Description (NMEA 4.11 system and signal IDs) and real receiver captures (gpsd
    /// regression logs of the SiRF-TriG BeiDou receivers).
    /// </para>
    /// <para>
    /// Every line is checked before anything is used: it must start with <c>$</c>, contain only printable ASCII,
    /// end with <c>*hh</c> (two hex digits, the XOR of every byte between <c>$</c> and <c>*</c>: the NMEA 0183 checksum field),
    /// and every field the sentence defines must be well-formed and in range. A line that fails is counted
    /// (<see cref="ChecksumErrors"/> or <see cref="MalformedSentences"/>) and changes nothing; valid sentences of other
    /// types or talkers, and proprietary <c>$P...</c> sentences, are counted in <see cref="IgnoredSentences"/>.
    /// Nothing here throws on input, and nothing allocates after construction: numbers are parsed directly from
    /// the bytes.
    /// </para>
    /// </remarks>
    public sealed class NmeaParser
    {
        /// <summary>Longest sentence the string overloads of <c>Accept</c> take, in characters (NMEA allows 82).</summary>
        public const int MaxStringSentenceLength = 256;

        private const int MaxFields = 40;
        private const int ConstellationSlots = 6;
        private const long MsPerDay = 86400000L;
        private const long HalfDayMs = MsPerDay / 2;

        // 1 international knot = 1852 m per hour (exact), 1 km/h = 1000 m per hour.
        private const double MetresPerSecondPerKnot = 1852.0 / 3600.0;
        private const double MetresPerSecondPerKmh = 1000.0 / 3600.0;

        // Plausibility limits: beyond what any receiver reports, so only corrupted values fall outside.
        private const double MaxSpeedKnots = 10000.0;
        private const double MaxSpeedKmh = 18520.0;
        private const double MinAltitudeM = -1000.0;
        private const double MaxAltitudeM = 100000.0;
        private const double MaxDop = 9999.0;

        private static readonly double[] s_pow10 = new double[]
        {
            1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18,
        };

        private static readonly byte[] s_noLine = new byte[0];

        private readonly int[] _fieldStart = new int[MaxFields];
        private readonly int[] _fieldEnd = new int[MaxFields];
        private readonly byte[] _stringBuffer = new byte[MaxStringSentenceLength];
        private readonly GnssFix _fix = new GnssFix();
        private readonly int[] _satellitesInView = new int[ConstellationSlots];
        private readonly int[] _satellitesInViewSignal = new int[ConstellationSlots];

        private byte[] _line = s_noLine;
        private int _fieldCount;

        // Date of the last RMC (days since the Unix epoch) and its time of day, to date GGA times.
        private bool _hasRmcDate;
        private long _rmcDays;
        private long _rmcTimeOfDayMs;

        // GSA sentences of one epoch (those since the last GGA/RMC) are OR-ed together.
        private bool _gsaSeen;
        private bool _gsaGroupOpen;
        private GnssConstellation _gsaConstellations;

        // Receivers without GSA: the talkers of the valid GGA/RMC of one epoch (same time of day) are OR-ed.
        private GnssConstellation _talkerConstellations;
        private long _talkerEpochMs = -1;

        private long _accepted;
        private long _checksumErrors;
        private long _malformed;
        private long _ignored;

        /// <summary>Creates a parser with no fix.</summary>
        public NmeaParser()
        {
            for (int i = 0; i < ConstellationSlots; i++)
            {
                _satellitesInView[i] = -1;
                _satellitesInViewSignal[i] = -1;
            }
        }

        /// <summary>
        /// The latest fix, updated in place by every accepted sentence. Owned by the parser: read it, or copy it
        /// with <see cref="TryGetFreshFix"/> or <see cref="GnssFix.CopyTo"/>; do not modify it.
        /// </summary>
        public GnssFix Fix => _fix;

        /// <summary>Sentences that passed every check and were used.</summary>
        public long SentencesAccepted => _accepted;

        /// <summary>Lines rejected because the <c>*hh</c> checksum is missing, unreadable or does not match.</summary>
        public long ChecksumErrors => _checksumErrors;

        /// <summary>
        /// Lines rejected for their content: no leading <c>$</c>, non-printable bytes, too many fields, a bad
        /// address, a wrong field count, or a non-numeric, out-of-range or inconsistent field (a valid fix
        /// without a position).
        /// </summary>
        public long MalformedSentences => _malformed;

        /// <summary>Valid sentences not used: other sentence types, unknown talkers, proprietary <c>$P</c> sentences, GN GSV.</summary>
        public long IgnoredSentences => _ignored;

        /// <summary>Parses one line; the fix is stamped with monotonic time 0 (use when freshness does not matter).</summary>
        public bool Accept(byte[]? line, int length) => Accept(line, length, 0);

        /// <summary>
        /// Parses one line: the first <paramref name="length"/> bytes of <paramref name="line"/>, with or without
        /// the trailing CR/LF. A valid position updates the fix and stamps it with <paramref name="nowMonotonicMs"/>.
        /// Returns true when the sentence was valid and used; false when it was rejected or ignored (see the counters).
        /// Never throws.
        /// </summary>
        public bool Accept(byte[]? line, int length, long nowMonotonicMs)
        {
            if (line == null || length < 0 || length > line.Length)
            {
                return Malformed();
            }
            int end = length;
            while (end > 0 && (line[end - 1] == '\r' || line[end - 1] == '\n'))
            {
                end--;
            }
            if (end == 0 || line[0] != '$')
            {
                return Malformed();
            }

            // One pass: check the characters, compute the checksum, find the field boundaries.
            int checksum = 0;
            int star = -1;
            _fieldCount = 0;
            _fieldStart[0] = 1;
            for (int i = 1; i < end; i++)
            {
                byte c = line[i];
                if (c == '*')
                {
                    star = i;
                    break;
                }
                // NMEA 0183 sentences are printable ASCII; '$' or '!' inside means two sentences ran together.
                if (c < 0x20 || c > 0x7E || c == '$' || c == '!')
                {
                    return Malformed();
                }
                checksum ^= c;
                if (c == ',')
                {
                    if (_fieldCount + 2 > MaxFields)
                    {
                        return Malformed();
                    }
                    _fieldEnd[_fieldCount] = i;
                    _fieldCount++;
                    _fieldStart[_fieldCount] = i + 1;
                }
            }
            if (star < 0 || star + 3 != end)
            {
                _checksumErrors++;
                return false;
            }
            _fieldEnd[_fieldCount] = star;
            _fieldCount++;
            int high = HexValue(line[star + 1]);
            int low = HexValue(line[star + 2]);
            if (high < 0 || low < 0 || ((high << 4) | low) != checksum)
            {
                _checksumErrors++;
                return false;
            }

            _line = line;
            bool used = Dispatch(nowMonotonicMs);
            _line = s_noLine;
            return used;
        }

        /// <summary>Parses one sentence given as text; the fix is stamped with monotonic time 0.</summary>
        public bool Accept(string? sentence) => Accept(sentence, 0);

        /// <summary>
        /// Parses one sentence given as text (simulator, tests). Characters are copied into an internal buffer
        /// (no allocation); text longer than <see cref="MaxStringSentenceLength"/> is rejected as malformed.
        /// </summary>
        public bool Accept(string? sentence, long nowMonotonicMs)
        {
            if (sentence == null || sentence.Length > MaxStringSentenceLength)
            {
                return Malformed();
            }
            for (int i = 0; i < sentence.Length; i++)
            {
                char c = sentence[i];
                // Non-ASCII characters become 0xFF, which the byte parser rejects as non-printable.
                _stringBuffer[i] = c < 0x80 ? (byte)c : (byte)0xFF;
            }
            return Accept(_stringBuffer, sentence.Length, nowMonotonicMs);
        }

        /// <summary>
        /// Copies the latest fix into <paramref name="into"/> (always, so counts and quality can be reported even
        /// without a fix) and returns true when it is a valid fix whose position arrived at most
        /// <paramref name="maxAgeMs"/> before <paramref name="nowMs"/> (both on the monotonic clock passed to
        /// <c>Accept</c>). A stamp later than <paramref name="nowMs"/> means the clocks were mixed up: not fresh.
        /// </summary>
        public bool TryGetFreshFix(long nowMs, long maxAgeMs, GnssFix into)
        {
            _fix.CopyTo(into);
            if (!_fix.FixValid)
            {
                return false;
            }
            long ageMs = nowMs - _fix.UpdatedAtMs;
            return ageMs >= 0 && ageMs <= maxAgeMs;
        }

        /// <summary>
        /// Satellites in view of one constellation, from the latest GSV sentence of its talker; -1 when none has
        /// arrived or <paramref name="constellation"/> is not exactly one constellation. Receivers that report
        /// several signals per constellation (NMEA 4.11 signal ID, e.g. GPS L1 C/A and L2) send one GSV series per
        /// signal; the count follows the signal seen first.
        /// </summary>
        public int GetSatellitesInView(GnssConstellation constellation)
        {
            int slot = Slot(constellation);
            return slot < 0 ? -1 : _satellitesInView[slot];
        }

        private bool Dispatch(long nowMs)
        {
            // NMEA 0183 address field: talker ID (2 characters) + sentence formatter (3).
            int addressStart = _fieldStart[0];
            int addressLength = _fieldEnd[0] - addressStart;
            if (addressLength > 0 && _line[addressStart] == 'P')
            {
                return Ignored(); // Proprietary: 'P' + manufacturer mnemonic (PUBX, PSRF, PSTI...).
            }
            if (addressLength != 5)
            {
                return Malformed();
            }
            for (int i = addressStart; i < addressStart + 5; i++)
            {
                byte c = _line[i];
                if (!((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')))
                {
                    return Malformed();
                }
            }
            GnssConstellation talker;
            if (!TryTalker(_line[addressStart], _line[addressStart + 1], out talker))
            {
                return Ignored();
            }
            byte a = _line[addressStart + 2];
            byte b = _line[addressStart + 3];
            byte c3 = _line[addressStart + 4];
            if (a == 'R' && b == 'M' && c3 == 'C')
            {
                return Rmc(talker, nowMs);
            }
            if (a == 'G' && b == 'G' && c3 == 'A')
            {
                return Gga(talker, nowMs);
            }
            if (a == 'G' && b == 'S' && c3 == 'A')
            {
                return Gsa(talker);
            }
            if (a == 'G' && b == 'S' && c3 == 'V')
            {
                return Gsv(talker);
            }
            if (a == 'V' && b == 'T' && c3 == 'G')
            {
                return Vtg();
            }
            return Ignored();
        }

        // Talker IDs (NMEA 0183 v4.11 talker identifier list; BD from the Chinese BDS module standard, used by many receivers;
        // QZ and IR as some receivers spell QZSS and NavIC). GN, the combined solution, maps to None.
        private static bool TryTalker(byte first, byte second, out GnssConstellation talker)
        {
            talker = GnssConstellation.None;
            if (first == 'G')
            {
                switch (second)
                {
                    case (byte)'P': talker = GnssConstellation.Gps; return true;
                    case (byte)'L': talker = GnssConstellation.Glonass; return true;
                    case (byte)'A': talker = GnssConstellation.Galileo; return true;
                    case (byte)'B': talker = GnssConstellation.BeiDou; return true;
                    case (byte)'Q': talker = GnssConstellation.Qzss; return true;
                    case (byte)'I': talker = GnssConstellation.NavIc; return true;
                    case (byte)'N': return true;
                    default: return false;
                }
            }
            if (first == 'B' && second == 'D')
            {
                talker = GnssConstellation.BeiDou;
                return true;
            }
            if (first == 'Q' && second == 'Z')
            {
                talker = GnssConstellation.Qzss;
                return true;
            }
            if (first == 'I' && second == 'R')
            {
                talker = GnssConstellation.NavIc;
                return true;
            }
            return false;
        }

        // RMC, recommended minimum data (NMEA 0183 v4.11; u-blox M8 protocol spec, NMEA RMC):
        //   $--RMC,hhmmss.ss,A,ddmm.mm,N,dddmm.mm,E,x.x,x.x,ddmmyy,x.x,E,m,s*hh
        //   1 UTC time, 2 status A valid / V warning, 3-4 latitude N/S, 5-6 longitude E/W, 7 speed over ground
        //   (knots), 8 course over ground (degrees true), 9 date, 10-11 magnetic variation E/W,
        //   12 mode indicator (NMEA 2.3+), 13 navigational status (NMEA 4.10+). Hence 11 to 13 fields.
        private bool Rmc(GnssConstellation talker, long nowMs)
        {
            int n = _fieldCount - 1;
            if (n < 11 || n > 13)
            {
                return Malformed();
            }
            long timeOfDayMs;
            byte status;
            bool hasPosition;
            double latitudeDeg;
            double longitudeDeg;
            double speedKnots;
            double courseDeg;
            long days;
            double variationDeg;
            byte variationSide;
            byte mode = 0;
            byte navigationStatus = 0;
            if (!TryTime(1, out timeOfDayMs)
                || !TryChar(2, out status) || (status != 'A' && status != 'V')
                || !TryPosition(3, out hasPosition, out latitudeDeg, out longitudeDeg)
                || !TryOptionalDecimal(7, 0, MaxSpeedKnots, out speedKnots)
                || !TryOptionalDecimal(8, 0, 360, out courseDeg)
                || !TryDate(9, out days)
                || !TryOptionalDecimal(10, 0, 180, out variationDeg)
                || !TryChar(11, out variationSide) || (variationSide != 0 && variationSide != 'E' && variationSide != 'W')
                || (n >= 12 && (!TryChar(12, out mode) || !IsModeIndicator(mode)))
                || (n >= 13 && (!TryChar(13, out navigationStatus) || !IsUpperLetter(navigationStatus))))
            {
                return Malformed();
            }
            // Mode N (data not valid) overrides status A (NMEA 2.3 note on the mode indicator).
            bool valid = status == 'A' && mode != 'N';
            if (valid && !hasPosition)
            {
                return Malformed();
            }

            if (days >= 0 && timeOfDayMs >= 0)
            {
                _hasRmcDate = true;
                _rmcDays = days;
                _rmcTimeOfDayMs = timeOfDayMs;
            }
            if (valid)
            {
                _fix.FixValid = true;
                _fix.LatitudeDeg = latitudeDeg;
                _fix.LongitudeDeg = longitudeDeg;
                _fix.SpeedMps = double.IsNaN(speedKnots) ? double.NaN : speedKnots * MetresPerSecondPerKnot;
                _fix.CourseDeg = courseDeg;
                _fix.TimeValid = days >= 0 && timeOfDayMs >= 0;
                _fix.TimeUnixMs = _fix.TimeValid ? days * MsPerDay + timeOfDayMs : 0;
                _fix.UpdatedAtMs = nowMs;
            }
            else
            {
                _fix.FixValid = false;
            }
            NoteTalker(talker, valid, timeOfDayMs);
            _gsaGroupOpen = false;
            return Accepted();
        }

        // GGA, fix data (NMEA 0183 v4.11; u-blox M8 protocol spec, NMEA GGA):
        //   $--GGA,hhmmss.ss,ddmm.mm,N,dddmm.mm,E,q,nn,h.h,a.a,M,g.g,M,x.x,xxxx*hh
        //   1 UTC time, 2-3 latitude, 4-5 longitude, 6 quality 0..8, 7 satellites in use, 8 HDOP,
        //   9-10 altitude above mean sea level and unit M, 11-12 geoid separation and unit M,
        //   13 age of differential corrections (s), 14 reference station ID. 14 fields; some receivers append more
        //   (SiRF-TriG, gpsd log beidou-bd.log), which are ignored.
        private bool Gga(GnssConstellation talker, long nowMs)
        {
            int n = _fieldCount - 1;
            if (n < 14)
            {
                return Malformed();
            }
            long timeOfDayMs;
            bool hasPosition;
            double latitudeDeg;
            double longitudeDeg;
            int quality;
            int satellites;
            double hdop;
            double altitudeM;
            byte altitudeUnit;
            double separationM;
            byte separationUnit;
            double ageS;
            if (!TryTime(1, out timeOfDayMs)
                || !TryPosition(2, out hasPosition, out latitudeDeg, out longitudeDeg)
                || !TryOptionalUnsigned(6, 0, 8, 0, out quality)
                || !TryOptionalUnsigned(7, 0, 99, -1, out satellites)
                || !TryOptionalDecimal(8, 0, MaxDop, out hdop)
                || !TryOptionalDecimal(9, MinAltitudeM, MaxAltitudeM, out altitudeM)
                || !TryChar(10, out altitudeUnit) || (altitudeUnit != 0 && altitudeUnit != 'M')
                || !TryOptionalDecimal(11, MinAltitudeM, MaxAltitudeM, out separationM)
                || !TryChar(12, out separationUnit) || (separationUnit != 0 && separationUnit != 'M')
                || !TryOptionalDecimal(13, 0, MsPerDay, out ageS))
            {
                return Malformed();
            }
            bool valid = quality > 0;
            if (valid && !hasPosition)
            {
                return Malformed();
            }

            _fix.FixQuality = quality;
            _fix.SatellitesInUse = satellites;
            _fix.Hdop = hdop;
            if (valid)
            {
                _fix.FixValid = true;
                _fix.LatitudeDeg = latitudeDeg;
                _fix.LongitudeDeg = longitudeDeg;
                _fix.AltitudeM = altitudeM;
                long unixMs;
                _fix.TimeValid = TryDateWithRmc(timeOfDayMs, out unixMs);
                _fix.TimeUnixMs = _fix.TimeValid ? unixMs : 0;
                _fix.UpdatedAtMs = nowMs;
            }
            else
            {
                _fix.FixValid = false;
            }
            NoteTalker(talker, valid, timeOfDayMs);
            _gsaGroupOpen = false;
            return Accepted();
        }

        // GSA, DOP and active satellites (NMEA 0183 v4.11; u-blox M8 protocol spec, NMEA GSA):
        //   $--GSA,A,3,ss,ss,ss,ss,ss,ss,ss,ss,ss,ss,ss,ss,p.p,h.h,v.v,i*hh
        //   1 mode M/A, 2 fix type 1 none / 2 2D / 3 3D, 3-14 IDs of satellites used, 15-17 PDOP/HDOP/VDOP,
        //   18 GNSS system ID (NMEA 4.10+: 1 GPS, 2 GLONASS, 3 Galileo, 4 BeiDou, 5 QZSS, 6 NavIC).
        //   A multi-constellation receiver sends one GSA per system: with talker GN and the system ID (NMEA 4.10+),
        //   with talker GN and no system ID (u-blox NMEA 4.0, SiRF-TriG: the system follows from the satellite ID
        //   range), or with per-system talkers (GPGSA + BDGSA). A field 18 that is not one hex digit is a
        //   non-standard extra (SiRF-TriG puts a DOP there, gpsd log beidou-bd.log) and is not used.
        private bool Gsa(GnssConstellation talker)
        {
            int n = _fieldCount - 1;
            if (n < 17 || n > 18)
            {
                return Malformed();
            }
            byte mode;
            int fixType;
            if (!TryChar(1, out mode) || (mode != 0 && mode != 'A' && mode != 'M')
                || !TryUnsigned(2, 1, 3, out fixType))
            {
                return Malformed();
            }
            GnssConstellation used = GnssConstellation.None;
            int systemId = n == 18 ? SingleHexDigit(18) : -1;
            GnssConstellation system = talker != GnssConstellation.None ? talker : FromSystemId(systemId);
            for (int field = 3; field <= 14; field++)
            {
                int satelliteId;
                if (!TryOptionalUnsigned(field, 0, 999, 0, out satelliteId))
                {
                    return Malformed();
                }
                if (satelliteId > 0 && fixType > 1)
                {
                    used |= system != GnssConstellation.None ? system : FromSatelliteId(satelliteId);
                }
            }
            double dop;
            for (int field = 15; field <= 17; field++)
            {
                if (!TryOptionalDecimal(field, 0, MaxDop, out dop))
                {
                    return Malformed();
                }
            }

            if (!_gsaGroupOpen)
            {
                _gsaGroupOpen = true;
                _gsaConstellations = GnssConstellation.None;
            }
            _gsaSeen = true;
            _gsaConstellations |= used;
            _fix.Constellations = _gsaConstellations;
            return Accepted();
        }

        // GSV, satellites in view (NMEA 0183 v4.11; u-blox M8 protocol spec, NMEA GSV):
        //   $--GSV,t,m,nn,ss,ee,aaa,cc,...,i*hh
        //   1 number of sentences, 2 this sentence's number, 3 satellites in view, then up to 4 blocks of
        //   satellite ID, elevation (degrees), azimuth (degrees true), C/N0 (dB-Hz), then the signal ID
        //   (NMEA 4.10+, one hex digit; SiRF-TriG leaves it empty). Hence 3 + 4k (+1) fields, k = 0..4.
        private bool Gsv(GnssConstellation talker)
        {
            if (talker == GnssConstellation.None)
            {
                return Ignored(); // GN GSV cannot be attributed to one constellation.
            }
            int n = _fieldCount - 1;
            int blocks = (n - 3) / 4;
            int extra = (n - 3) % 4;
            if (n < 3 || extra > 1 || blocks > 4)
            {
                return Malformed();
            }
            int sentences;
            int number;
            int inView;
            if (!TryUnsigned(1, 1, 9, out sentences)
                || !TryUnsigned(2, 1, sentences, out number)
                || !TryUnsigned(3, 0, 99, out inView))
            {
                return Malformed();
            }
            for (int block = 0; block < blocks; block++)
            {
                int field = 4 + block * 4;
                int value;
                if (!TryOptionalUnsigned(field, 0, 999, 0, out value)
                    || !TryOptionalUnsigned(field + 1, 0, 90, 0, out value)
                    || !TryOptionalUnsigned(field + 2, 0, 360, 0, out value)
                    || !TryOptionalUnsigned(field + 3, 0, 99, 0, out value))
                {
                    return Malformed();
                }
            }
            int signal = 0;
            if (extra == 1 && !IsEmpty(n))
            {
                signal = SingleHexDigit(n);
                if (signal < 0)
                {
                    return Malformed();
                }
            }

            int slot = Slot(talker);
            if (_satellitesInViewSignal[slot] < 0)
            {
                _satellitesInViewSignal[slot] = signal;
            }
            if (_satellitesInViewSignal[slot] == signal)
            {
                _satellitesInView[slot] = inView;
            }
            return Accepted();
        }

        // VTG, course and speed over ground (NMEA 0183 v4.11; u-blox M8 protocol spec, NMEA VTG):
        //   $--VTG,c.c,T,c.c,M,s.s,N,s.s,K,m*hh
        //   1-2 course true, 3-4 course magnetic, 5-6 speed knots, 7-8 speed km/h, 9 mode indicator (NMEA 2.3+).
        private bool Vtg()
        {
            int n = _fieldCount - 1;
            if (n < 8 || n > 9)
            {
                return Malformed();
            }
            double courseTrueDeg;
            double courseMagneticDeg;
            double speedKnots;
            double speedKmh;
            byte mode = 0;
            if (!TryOptionalDecimal(1, 0, 360, out courseTrueDeg) || !IsEmptyOr(2, 'T')
                || !TryOptionalDecimal(3, 0, 360, out courseMagneticDeg) || !IsEmptyOr(4, 'M')
                || !TryOptionalDecimal(5, 0, MaxSpeedKnots, out speedKnots) || !IsEmptyOr(6, 'N')
                || !TryOptionalDecimal(7, 0, MaxSpeedKmh, out speedKmh) || !IsEmptyOr(8, 'K')
                || (n == 9 && (!TryChar(9, out mode) || !IsModeIndicator(mode))))
            {
                return Malformed();
            }
            if (mode != 'N')
            {
                _fix.CourseDeg = courseTrueDeg;
                _fix.SpeedMps = !double.IsNaN(speedKmh) ? speedKmh * MetresPerSecondPerKmh
                    : !double.IsNaN(speedKnots) ? speedKnots * MetresPerSecondPerKnot
                    : double.NaN;
            }
            return Accepted();
        }

        // Receivers that send no GSA: constellations in use follow from the talkers of the valid RMC/GGA of one
        // epoch (some receivers repeat the solution under each talker). GN alone says nothing specific.
        private void NoteTalker(GnssConstellation talker, bool valid, long timeOfDayMs)
        {
            if (_gsaSeen)
            {
                return;
            }
            if (!valid)
            {
                _talkerConstellations = GnssConstellation.None;
                _talkerEpochMs = -1;
                _fix.Constellations = GnssConstellation.None;
                return;
            }
            if (timeOfDayMs < 0 || timeOfDayMs != _talkerEpochMs)
            {
                _talkerConstellations = GnssConstellation.None;
                _talkerEpochMs = timeOfDayMs;
            }
            _talkerConstellations |= talker;
            _fix.Constellations = _talkerConstellations;
        }

        // GGA carries only the time of day: take the date of the last RMC, moved by a day when the two times are
        // more than 12 h apart (the epoch crossed midnight between them).
        private bool TryDateWithRmc(long timeOfDayMs, out long unixMs)
        {
            unixMs = 0;
            if (timeOfDayMs < 0 || !_hasRmcDate)
            {
                return false;
            }
            long days = _rmcDays;
            long differenceMs = timeOfDayMs - _rmcTimeOfDayMs;
            if (differenceMs < -HalfDayMs)
            {
                days++;
            }
            else if (differenceMs > HalfDayMs)
            {
                days--;
            }
            unixMs = days * MsPerDay + timeOfDayMs;
            return true;
        }

        // Satellite ID ranges of receivers that send GN GSA without a system ID: NMEA 4.0 (GPS 1-32, SBAS 33-64,
        // GLONASS 65-96), u-blox "extended" numbering (QZSS 193-197, Galileo 301-336, BeiDou 401-437; u-blox M8
        // protocol spec, Satellite Numbering) and SiRF-TriG (BeiDou from 201, gpsd log beidou-gb.log).
        // SBAS augments GPS and is not a constellation of its own here.
        private static GnssConstellation FromSatelliteId(int id)
        {
            if (id >= 1 && id <= 32)
            {
                return GnssConstellation.Gps;
            }
            if (id >= 65 && id <= 96)
            {
                return GnssConstellation.Glonass;
            }
            if (id >= 193 && id <= 200)
            {
                return GnssConstellation.Qzss;
            }
            if ((id >= 201 && id <= 263) || (id >= 401 && id <= 463))
            {
                return GnssConstellation.BeiDou;
            }
            if (id >= 301 && id <= 336)
            {
                return GnssConstellation.Galileo;
            }
            return GnssConstellation.None;
        }

        private static GnssConstellation FromSystemId(int systemId)
        {
            switch (systemId)
            {
                case 1: return GnssConstellation.Gps;
                case 2: return GnssConstellation.Glonass;
                case 3: return GnssConstellation.Galileo;
                case 4: return GnssConstellation.BeiDou;
                case 5: return GnssConstellation.Qzss;
                case 6: return GnssConstellation.NavIc;
                default: return GnssConstellation.None;
            }
        }

        private static int Slot(GnssConstellation constellation)
        {
            switch (constellation)
            {
                case GnssConstellation.Gps: return 0;
                case GnssConstellation.Glonass: return 1;
                case GnssConstellation.Galileo: return 2;
                case GnssConstellation.BeiDou: return 3;
                case GnssConstellation.Qzss: return 4;
                case GnssConstellation.NavIc: return 5;
                default: return -1;
            }
        }

        private static bool IsModeIndicator(byte mode)
        {
            // NMEA 0183 v4.11 mode indicator: Autonomous, Differential, Estimated, Float RTK, Manual, data Not
            // valid, Precise, RTK, Simulator; empty on receivers that leave it out.
            switch (mode)
            {
                case 0:
                case (byte)'A':
                case (byte)'D':
                case (byte)'E':
                case (byte)'F':
                case (byte)'M':
                case (byte)'N':
                case (byte)'P':
                case (byte)'R':
                case (byte)'S':
                    return true;
                default:
                    return false;
            }
        }

        private static bool IsUpperLetter(byte c) => c == 0 || (c >= 'A' && c <= 'Z');

        private static int HexValue(byte c)
        {
            if (c >= '0' && c <= '9')
            {
                return c - '0';
            }
            if (c >= 'A' && c <= 'F')
            {
                return c - 'A' + 10;
            }
            if (c >= 'a' && c <= 'f')
            {
                return c - 'a' + 10;
            }
            return -1;
        }

        private bool Accepted()
        {
            _accepted++;
            return true;
        }

        private bool Malformed()
        {
            _malformed++;
            return false;
        }

        private bool Ignored()
        {
            _ignored++;
            return false;
        }

        // ---- Field readers. Field 0 is the address; data fields are 1.._fieldCount-1. A field past the end of
        // the sentence reads as empty. Each reader returns false when the field is malformed or out of range.

        private bool IsEmpty(int field) => field >= _fieldCount || _fieldStart[field] == _fieldEnd[field];

        private bool IsEmptyOr(int field, char expected)
        {
            byte c;
            return TryChar(field, out c) && (c == 0 || c == expected);
        }

        // A field of at most one character; 0 when empty.
        private bool TryChar(int field, out byte value)
        {
            value = 0;
            if (IsEmpty(field))
            {
                return true;
            }
            if (_fieldEnd[field] - _fieldStart[field] != 1)
            {
                return false;
            }
            value = _line[_fieldStart[field]];
            return true;
        }

        private int SingleHexDigit(int field)
        {
            if (field >= _fieldCount || _fieldEnd[field] - _fieldStart[field] != 1)
            {
                return -1;
            }
            return HexValue(_line[_fieldStart[field]]);
        }

        private bool TryUnsigned(int field, int min, int max, out int value)
        {
            value = 0;
            if (IsEmpty(field))
            {
                return false;
            }
            int start = _fieldStart[field];
            int end = _fieldEnd[field];
            if (end - start > 9)
            {
                return false;
            }
            for (int i = start; i < end; i++)
            {
                byte c = _line[i];
                if (c < '0' || c > '9')
                {
                    return false;
                }
                value = value * 10 + (c - '0');
            }
            return value >= min && value <= max;
        }

        private bool TryOptionalUnsigned(int field, int min, int max, int whenEmpty, out int value)
        {
            if (IsEmpty(field))
            {
                value = whenEmpty;
                return true;
            }
            return TryUnsigned(field, min, max, out value);
        }

        // An empty field reads as NaN; otherwise a decimal number ([-]digits[.digits]) within [min, max].
        private bool TryOptionalDecimal(int field, double min, double max, out double value)
        {
            value = double.NaN;
            if (IsEmpty(field))
            {
                return true;
            }
            int start = _fieldStart[field];
            int end = _fieldEnd[field];
            bool negative = false;
            if (_line[start] == '-')
            {
                negative = true;
                start++;
            }
            long mantissa = 0;
            int digits = 0;
            int fractionDigits = 0;
            bool point = false;
            for (int i = start; i < end; i++)
            {
                byte c = _line[i];
                if (c >= '0' && c <= '9')
                {
                    if (digits == 18)
                    {
                        return false;
                    }
                    mantissa = mantissa * 10 + (c - '0');
                    digits++;
                    if (point)
                    {
                        fractionDigits++;
                    }
                }
                else if (c == '.' && !point)
                {
                    point = true;
                }
                else
                {
                    return false;
                }
            }
            if (digits == 0)
            {
                return false;
            }
            // Both operands are exact for up to 15 significant digits, so the division rounds correctly.
            value = mantissa / s_pow10[fractionDigits];
            if (negative && mantissa != 0)
            {
                value = -value;
            }
            return value >= min && value <= max;
        }

        // Latitude/longitude pair: value ddmm.mmmm / dddmm.mmmm and hemisphere letter, NMEA 0183 v4.11 RMC/GGA.
        // All empty (no fix) reads as no position; hemisphere letters alone are tolerated.
        private bool TryPosition(int latitudeField, out bool present, out double latitudeDeg, out double longitudeDeg)
        {
            present = false;
            latitudeDeg = double.NaN;
            longitudeDeg = double.NaN;
            byte north;
            byte east;
            if (!TryChar(latitudeField + 1, out north) || (north != 0 && north != 'N' && north != 'S')
                || !TryChar(latitudeField + 3, out east) || (east != 0 && east != 'E' && east != 'W'))
            {
                return false;
            }
            bool hasLatitude = !IsEmpty(latitudeField);
            bool hasLongitude = !IsEmpty(latitudeField + 2);
            if (!hasLatitude && !hasLongitude)
            {
                return true;
            }
            if (!hasLatitude || !hasLongitude || north == 0 || east == 0
                || !TryCoordinate(latitudeField, 2, 90, out latitudeDeg)
                || !TryCoordinate(latitudeField + 2, 3, 180, out longitudeDeg))
            {
                return false;
            }
            if (north == 'S')
            {
                latitudeDeg = -latitudeDeg;
            }
            if (east == 'W')
            {
                longitudeDeg = -longitudeDeg;
            }
            present = true;
            return true;
        }

        // Degrees and decimal minutes: the last two digits before the point are whole minutes, the digits before
        // them whole degrees (at most degreeDigits of them; receivers differ in leading zeros).
        private bool TryCoordinate(int field, int degreeDigits, double maxDegrees, out double degrees)
        {
            degrees = double.NaN;
            int start = _fieldStart[field];
            int end = _fieldEnd[field];
            int point = end;
            for (int i = start; i < end; i++)
            {
                if (_line[i] == '.')
                {
                    point = i;
                    break;
                }
            }
            int integerDigits = point - start;
            int fractionDigits = point < end ? end - point - 1 : 0;
            if (integerDigits < 3 || integerDigits > degreeDigits + 2 || fractionDigits > 12)
            {
                return false;
            }
            int wholeDegrees = 0;
            int wholeMinutes = 0;
            long fraction = 0;
            for (int i = start; i < end; i++)
            {
                if (i == point)
                {
                    continue;
                }
                byte c = _line[i];
                if (c < '0' || c > '9')
                {
                    return false;
                }
                int digit = c - '0';
                if (i < point - 2)
                {
                    wholeDegrees = wholeDegrees * 10 + digit;
                }
                else if (i < point)
                {
                    wholeMinutes = wholeMinutes * 10 + digit;
                }
                else
                {
                    fraction = fraction * 10 + digit;
                }
            }
            double minutes = wholeMinutes + fraction / s_pow10[fractionDigits];
            if (minutes >= 60)
            {
                return false;
            }
            degrees = wholeDegrees + minutes / 60.0;
            return degrees <= maxDegrees;
        }

        // hhmmss[.s...] UTC, NMEA 0183 v4.11 field type "time". -1 when empty. Second 60 is a leap second.
        private bool TryTime(int field, out long timeOfDayMs)
        {
            timeOfDayMs = -1;
            if (IsEmpty(field))
            {
                return true;
            }
            int start = _fieldStart[field];
            int end = _fieldEnd[field];
            int hours;
            int minutes;
            int seconds;
            if (end - start < 6
                || !TryTwoDigits(start, out hours) || !TryTwoDigits(start + 2, out minutes) || !TryTwoDigits(start + 4, out seconds)
                || hours > 23 || minutes > 59 || seconds > 60)
            {
                return false;
            }
            int milliseconds = 0;
            if (end - start > 6)
            {
                if (_line[start + 6] != '.' || end - start > 16)
                {
                    return false;
                }
                int scale = 100;
                for (int i = start + 7; i < end; i++)
                {
                    byte c = _line[i];
                    if (c < '0' || c > '9')
                    {
                        return false;
                    }
                    milliseconds += (c - '0') * scale;
                    scale /= 10;
                }
            }
            timeOfDayMs = ((hours * 60L + minutes) * 60L + seconds) * 1000L + milliseconds;
            return true;
        }

        // ddmmyy, NMEA 0183 v4.11 RMC field 9, as days since the Unix epoch; -1 when empty. Two-digit years
        // 80-99 are 1980-1999 (GPS time starts in 1980), 00-79 are 2000-2079.
        private bool TryDate(int field, out long days)
        {
            days = -1;
            if (IsEmpty(field))
            {
                return true;
            }
            int start = _fieldStart[field];
            int day;
            int month;
            int year;
            if (_fieldEnd[field] - start != 6
                || !TryTwoDigits(start, out day) || !TryTwoDigits(start + 2, out month) || !TryTwoDigits(start + 4, out year))
            {
                return false;
            }
            year += year >= 80 ? 1900 : 2000;
            if (month < 1 || month > 12 || day < 1 || day > DaysInMonth(year, month))
            {
                return false;
            }
            days = DaysFromCivil(year, month, day);
            return true;
        }

        private bool TryTwoDigits(int index, out int value)
        {
            value = 0;
            byte tens = _line[index];
            byte ones = _line[index + 1];
            if (tens < '0' || tens > '9' || ones < '0' || ones > '9')
            {
                return false;
            }
            value = (tens - '0') * 10 + (ones - '0');
            return true;
        }

        private static int DaysInMonth(int year, int month)
        {
            if (month == 2)
            {
                bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
                return leap ? 29 : 28;
            }
            return month == 4 || month == 6 || month == 9 || month == 11 ? 30 : 31;
        }

        // Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant, "chrono-compatible low-level date
        // algorithms", days_from_civil), valid for the years 1980-2079 used here.
        private static long DaysFromCivil(int year, int month, int day)
        {
            int y = month <= 2 ? year - 1 : year;
            int era = y / 400;
            int yearOfEra = y - era * 400;
            int shiftedMonth = month > 2 ? month - 3 : month + 9;
            int dayOfYear = (153 * shiftedMonth + 2) / 5 + day - 1;
            int dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear;
            return (long)era * 146097 + dayOfEra - 719468;
        }
    }
}
