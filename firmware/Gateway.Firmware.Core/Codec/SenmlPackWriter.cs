using System;
using System.Text;
using Gateway.Firmware.Core.Gnss;
using Gateway.Firmware.Core.Readings;
using Gateway.Firmware.Core.Uplink;

namespace Gateway.Firmware.Core.Codec
{
    /// <summary>
    /// Encodes a batch of <see cref="Reading"/>s as one SenML pack (RFC 8428), allocation-free, into a caller-provided buffer.
    /// <see cref="SenmlCborWriter"/> writes the CBOR representation (§6, the wire format), <see cref="SenmlJsonWriter"/> the
    /// JSON one (§5, for debugging and interop); both write the same records.
    /// </summary>
    /// <remarks>
    /// <para><b>Compression</b> (RFC 8428 §4.1, §4.5): the first record carries the base fields: <c>bn</c> = the base name given
    /// to the constructor (the node passes <c>"{deviceId}/"</c>; omitted when empty), <c>bt</c> = the time of the first reading
    /// in seconds since the Unix epoch (an integer when its milliseconds are 0, else a float that gives back the milliseconds
    /// when multiplied by 1000 and rounded), and <c>bu</c> = the unit of the first reading (omitted when it has none). Every
    /// record carries <c>n</c> (the <see cref="MetricCatalog"/> name), <c>u</c> only when its unit differs from <c>bu</c>,
    /// <c>t</c> = its time relative to <c>bt</c> in seconds (omitted when 0), and exactly one value field chosen by
    /// <see cref="MetricCatalog.ValueKind"/>: <c>v</c> (numbers, in the shortest form that decodes to exactly the same double),
    /// <c>vb</c> (booleans: Value ≠ 0) or <c>vs</c> (<see cref="MetricId.Constellation"/>: its bit set as text by
    /// <see cref="GnssConstellations.ToUtf8"/>, such as <c>GPS+BDS</c>).</para>
    /// <para><b>No unit under a base unit.</b> §4.5.2 applies <c>bu</c> to every record without <c>u</c>, so a unitless record
    /// (an alarm, a code such as the fix quality) in a pack whose <c>bu</c> is set carries <c>u</c> = <c>""</c>, meaning "no
    /// unit". Decoders resolve an empty unit to none.</para>
    /// <para><b>Alarm records</b> (<see cref="Reading.Kind"/> ≠ Measurement) are named <c>alarm/{metric}/{kind}</c> with kind
    /// <c>high</c>, <c>low</c>, <c>excursion</c>, <c>shock</c> or <c>door_open_in_transit</c>, have no unit and carry
    /// <c>vb</c> = true when raised (Value ≠ 0), false when cleared.</para>
    /// <para><b>Sequence numbers</b> (our extension under RFC 8428 §4.4; the labels do not end in "_", so generic SenML
    /// decoders may ignore them). Each reading's per-device <see cref="Reading.Sequence"/> travels in the pack: the first record
    /// carries the base field <c>bseq</c> (a text label in CBOR too, per §6: extensions use string keys) = the sequence of the
    /// first reading. Resolution (§4.6 asks new base fields to define it): the sequence of the first record is <c>bseq</c>; the
    /// sequence of every later record is the previous record's sequence + 1, unless the record carries the regular field
    /// <c>seq</c> with its absolute sequence, which the writers emit only when it is not previous + 1. A pack of consecutive
    /// readings therefore costs one <c>bseq</c> in total. When the pack is begun with a floor sequence (the uplink always
    /// does, see <see cref="IPackEncoder.EncodePrefix"/>), the first record also carries the base field <c>bfloor</c>: the lowest
    /// sequence the node still holds unconfirmed; every lower one is confirmed or was evicted unsent, so ingestion need not
    /// wait for it. It applies to the whole pack.</para>
    /// <para><b>Filling up to a payload limit.</b> <see cref="BeginPack(byte[], int, int)"/>, then <see cref="TryAdd"/> per reading until it returns
    /// false: a record is written whole or not at all, and after every call the buffer holds a complete, valid pack of
    /// <see cref="Length"/> bytes. <see cref="EncodePrefix"/> does this loop for the uplink.</para>
    /// </remarks>
    public abstract class SenmlPackWriter : IPackEncoder
    {
        /// <summary>Most records one pack may hold (a 3-byte CBOR array head).</summary>
        public const int MaxRecords = 65535;

        private static readonly byte[] s_empty = new byte[0];

        private readonly byte[] _baseNameUtf8;
        private readonly byte[] _scratch = new byte[SenmlText.ScratchSize];
        private bool _begun;
        private bool _outputUsable;
        private int _count;
        private long _baseTimeMs;
        private byte[] _baseUnit = s_empty;
        private long _previousSequence;
        private bool _hasFloor;
        private long _floorSequence;

        internal SenmlPackWriter(string? baseName)
        {
            _baseNameUtf8 = baseName == null ? s_empty : Encoding.UTF8.GetBytes(baseName);
        }

        /// <summary>Records in the current pack.</summary>
        public int Count => _count;

        /// <summary>Bytes of the current pack (always a complete pack: array head or brackets included); 0 before <see cref="BeginPack(byte[], int, int)"/>.</summary>
        public int Length => _begun && _outputUsable ? OutputLength : 0;

        /// <summary>
        /// Starts a new, empty pack at <paramref name="offset"/> of <paramref name="output"/>, which may use at most
        /// <paramref name="maxBytes"/> bytes (fewer if the array ends first).
        /// </summary>
        /// <exception cref="ArgumentNullException"><paramref name="output"/> is null.</exception>
        /// <exception cref="ArgumentOutOfRangeException"><paramref name="offset"/> or <paramref name="maxBytes"/> is negative or past the end.</exception>
        public void BeginPack(byte[] output, int offset, int maxBytes)
        {
            Begin(output, offset, maxBytes, false, 0);
        }

        /// <summary>
        /// Starts a new, empty pack like <see cref="BeginPack(byte[], int, int)"/> whose first record will also carry
        /// <c>bfloor</c> = <paramref name="floorSequence"/>, the lowest sequence the node still holds unconfirmed.
        /// </summary>
        /// <exception cref="ArgumentNullException"><paramref name="output"/> is null.</exception>
        /// <exception cref="ArgumentOutOfRangeException"><paramref name="offset"/> or <paramref name="maxBytes"/> is negative or past the end.</exception>
        public void BeginPack(byte[] output, int offset, int maxBytes, long floorSequence)
        {
            Begin(output, offset, maxBytes, true, floorSequence);
        }

        private void Begin(byte[] output, int offset, int maxBytes, bool hasFloor, long floorSequence)
        {
            if (output == null)
            {
                throw new ArgumentNullException(nameof(output));
            }
            if (offset < 0 || offset > output.Length)
            {
                throw new ArgumentOutOfRangeException(nameof(offset));
            }
            if (maxBytes < 0)
            {
                throw new ArgumentOutOfRangeException(nameof(maxBytes));
            }
            _begun = true;
            _hasFloor = hasFloor;
            _floorSequence = floorSequence;
            _count = 0;
            _baseUnit = s_empty;
            _outputUsable = BeginOutput(output, offset, maxBytes);
        }

        /// <summary>
        /// Appends <paramref name="reading"/> as the next record. Returns false, leaving the pack as it was, when the record does not
        /// fit in the remaining space (or the pack already has <see cref="MaxRecords"/> records).
        /// </summary>
        /// <exception cref="InvalidOperationException"><see cref="BeginPack(byte[], int, int)"/> was not called.</exception>
        public bool TryAdd(ref Reading reading)
        {
            if (!_begun)
            {
                throw new InvalidOperationException("BeginPack first");
            }
            if (!_outputUsable || _count >= MaxRecords)
            {
                return false;
            }

            bool first = _count == 0;
            MetricId metric = reading.Metric;
            bool alarm = reading.Kind != ReadingKind.Measurement;
            bool known = MetricCatalog.IsDefined(metric);
            byte[] unit = alarm || !known ? s_empty : MetricCatalog.UnitUtf8(metric);
            SenmlValueKind valueKind = alarm ? SenmlValueKind.Boolean : known ? MetricCatalog.ValueKind(metric) : SenmlValueKind.Number;

            long baseTimeMs = first ? reading.TimeUnixMs : _baseTimeMs;
            byte[] baseUnit = first ? unit : _baseUnit;
            bool writeUnit = !first && !SenmlText.SameBytes(unit, baseUnit);
            long relativeTimeMs = reading.TimeUnixMs - baseTimeMs;
            bool writeTime = relativeTimeMs != 0;
            bool writeSequence = !first && reading.Sequence != _previousSequence + 1;

            int fieldCount = 2; // n and the value
            if (first)
            {
                fieldCount += 2; // bt, bseq
                fieldCount += _hasFloor ? 1 : 0;
                fieldCount += _baseNameUtf8.Length > 0 ? 1 : 0;
                fieldCount += baseUnit.Length > 0 ? 1 : 0;
            }
            fieldCount += writeUnit ? 1 : 0;
            fieldCount += writeTime ? 1 : 0;
            fieldCount += writeSequence ? 1 : 0;

            int mark = Mark;
            bool ok = BeginRecord(fieldCount, first);
            if (first)
            {
                if (_baseNameUtf8.Length > 0)
                {
                    ok = ok && WriteText(SenmlLabel.BaseName, _baseNameUtf8, 0, _baseNameUtf8.Length);
                }
                ok = ok && WriteTime(SenmlLabel.BaseTime, baseTimeMs);
                if (baseUnit.Length > 0)
                {
                    ok = ok && WriteText(SenmlLabel.BaseUnit, baseUnit, 0, baseUnit.Length);
                }
                ok = ok && WriteInteger(SenmlLabel.BaseSequence, reading.Sequence);
                if (_hasFloor)
                {
                    ok = ok && WriteInteger(SenmlLabel.BaseFloor, _floorSequence);
                }
            }
            int nameLength = SenmlText.WriteName(metric, reading.Kind, _scratch);
            ok = ok && WriteText(SenmlLabel.Name, _scratch, 0, nameLength);
            if (writeUnit)
            {
                ok = ok && WriteText(SenmlLabel.Unit, unit, 0, unit.Length);
            }
            if (writeTime)
            {
                ok = ok && WriteTime(SenmlLabel.Time, relativeTimeMs);
            }
            if (writeSequence)
            {
                ok = ok && WriteInteger(SenmlLabel.Sequence, reading.Sequence);
            }
            switch (valueKind)
            {
                case SenmlValueKind.Boolean:
                    ok = ok && WriteBoolean(SenmlLabel.BooleanValue, reading.Value != 0);
                    break;
                case SenmlValueKind.Text:
                    // The only text metric is the constellation set; its texts are prebuilt, so this allocates nothing.
                    byte[] text = GnssConstellations.ToUtf8((GnssConstellation)(byte)((int)reading.Value & 0xFF));
                    ok = ok && WriteText(SenmlLabel.StringValue, text, 0, text.Length);
                    break;
                default:
                    ok = ok && WriteNumber(SenmlLabel.Value, reading.Value);
                    break;
            }
            ok = ok && EndRecord(_count + 1);
            if (!ok)
            {
                RollBack(mark);
                return false;
            }

            if (first)
            {
                _baseTimeMs = baseTimeMs;
                _baseUnit = baseUnit;
            }
            _previousSequence = reading.Sequence;
            _count++;
            return true;
        }

        /// <summary>
        /// Appends readings from <paramref name="offset"/> in order until one does not fit or <paramref name="count"/> are added;
        /// returns how many were added.
        /// </summary>
        public int AddRange(Reading[] readings, int offset, int count)
        {
            CheckRange(readings, offset, count);
            int added = 0;
            while (added < count && TryAdd(ref readings[offset + added]))
            {
                added++;
            }
            return added;
        }

        /// <summary>
        /// Encodes all of <paramref name="readings"/>[offset..offset+count) as one pack at the start of <paramref name="output"/>.
        /// Returns the pack length, or −1 when they do not all fit (the content of <paramref name="output"/> is then unspecified).
        /// With <paramref name="count"/> 0 the result is an empty array, which is not a valid SenML pack (RFC 8428 §11: one or more records).
        /// </summary>
        /// <exception cref="ArgumentNullException"><paramref name="readings"/> or <paramref name="output"/> is null.</exception>
        public int Encode(Reading[] readings, int offset, int count, byte[] output)
        {
            if (output == null)
            {
                throw new ArgumentNullException(nameof(output));
            }
            BeginPack(output, 0, output.Length);
            return AddRange(readings, offset, count) == count && _outputUsable ? Length : -1;
        }

        /// <summary>
        /// Encodes as many of <paramref name="readings"/>[offset..offset+count) as fit, in order from the first, into one pack at
        /// the start of <paramref name="output"/> of at most <paramref name="maxBytes"/> bytes, the first record carrying
        /// <c>bfloor</c> = <paramref name="floorSequence"/>. Returns the number of readings encoded and the pack length in
        /// <paramref name="length"/>; when not even one fits, returns 0 with <paramref name="length"/> 0.
        /// </summary>
        public int EncodePrefix(Reading[] readings, int offset, int count, long floorSequence, byte[] output, int maxBytes, out int length)
        {
            BeginPack(output, 0, maxBytes, floorSequence);
            int added = AddRange(readings, offset, count);
            length = added > 0 ? Length : 0;
            return added;
        }

        /// <summary>Length of the current pack; the same as <see cref="Length"/>, named for the end of an incremental encode.</summary>
        public int Finish() => Length;

        private bool WriteTime(SenmlLabel label, long timeMs)
        {
            // SenML time is in seconds (RFC 8428 §4.5.3); whole seconds stay integers, others become the nearest double to
            // ms / 1000, which a decoder turns back into the same ms by multiplying by 1000 and rounding.
            if (timeMs % 1000 == 0)
            {
                return WriteInteger(label, timeMs / 1000);
            }
            return WriteNumber(label, timeMs / 1000.0);
        }

        private static void CheckRange(Reading[] readings, int offset, int count)
        {
            if (readings == null)
            {
                throw new ArgumentNullException(nameof(readings));
            }
            if (offset < 0 || count < 0 || count > readings.Length - offset)
            {
                throw new ArgumentOutOfRangeException(nameof(count));
            }
        }

        /// <summary>Writes an empty pack; false when even that does not fit.</summary>
        internal abstract bool BeginOutput(byte[] output, int offset, int maxBytes);

        /// <summary>Bytes of the complete pack written so far.</summary>
        internal abstract int OutputLength { get; }

        /// <summary>A point to roll back to.</summary>
        internal abstract int Mark { get; }

        /// <summary>Drops everything written after <paramref name="mark"/>, restoring the complete pack as it was there.</summary>
        internal abstract void RollBack(int mark);

        internal abstract bool BeginRecord(int fieldCount, bool first);

        /// <summary>Closes the record and makes the pack complete again with <paramref name="recordCount"/> records.</summary>
        internal abstract bool EndRecord(int recordCount);

        internal abstract bool WriteText(SenmlLabel label, byte[] utf8, int offset, int count);

        internal abstract bool WriteInteger(SenmlLabel label, long value);

        internal abstract bool WriteNumber(SenmlLabel label, double value);

        internal abstract bool WriteBoolean(SenmlLabel label, bool value);
    }
}
