using System.Text;

namespace Gateway.Firmware.Core.Codec
{
    /// <summary>
    /// Writes a SenML pack in the CBOR representation (RFC 8428 §6, media type application/senml+cbor): a definite-length
    /// array of maps with the integer labels of Table 4 (bn −2, bt −3, bu −4, n 0, u 1, v 2, vs 3, vb 4, t 6) and the text
    /// labels "bseq"/"seq"/"bfloor" of our sequence extension. Record rules, sequence resolution and the fill-up API are described on
    /// <see cref="SenmlPackWriter"/>.
    /// </summary>
    /// <remarks>
    /// The array head is written as 0x80 when the pack begins and rewritten after every record, so the buffer always holds a
    /// complete pack; when the count reaches 24 (and 256) the head grows by a byte and the records move up by one (RFC 8949
    /// §4.2.1 shortest heads). Numbers use <see cref="CborWriter.WriteNumber"/>: an integer when that is shortest, else the
    /// shortest float that is exactly the value, so every value decodes to the same double (RFC 8428 §6).
    /// </remarks>
    public sealed class SenmlCborWriter : SenmlPackWriter
    {
        // RFC 8428 Table 4.
        private const int LabelBaseName = -2;
        private const int LabelBaseTime = -3;
        private const int LabelBaseUnit = -4;
        private const int LabelName = 0;
        private const int LabelUnit = 1;
        private const int LabelValue = 2;
        private const int LabelStringValue = 3;
        private const int LabelBooleanValue = 4;
        private const int LabelTime = 6;

        private static readonly byte[] s_baseSequenceLabel = Encoding.UTF8.GetBytes("bseq");
        private static readonly byte[] s_sequenceLabel = Encoding.UTF8.GetBytes("seq");
        private static readonly byte[] s_floorLabel = Encoding.UTF8.GetBytes("bfloor");

        private readonly CborWriter _cbor = new CborWriter(new byte[0]);
        private int _headIndex;
        private int _headSize;

        /// <summary>
        /// Creates a writer whose packs carry <paramref name="baseName"/> as <c>bn</c> (null or empty: no <c>bn</c>). The node
        /// passes <c>"{deviceId}/"</c>, e.g. <c>"env-0001/"</c>, so that records resolve to <c>env-0001/temp</c>.
        /// </summary>
        public SenmlCborWriter(string? baseName)
            : base(baseName)
        {
        }

        internal override bool BeginOutput(byte[] output, int offset, int maxBytes)
        {
            _cbor.Reset(output, offset, maxBytes);
            _headIndex = offset;
            _headSize = 1;
            return _cbor.WriteArrayHeader(0);
        }

        internal override int OutputLength => _cbor.Length;

        internal override int Mark => _cbor.Position;

        internal override void RollBack(int mark) => _cbor.Rewind(mark);

        internal override bool BeginRecord(int fieldCount, bool first) => _cbor.WriteMapHeader(fieldCount);

        internal override bool EndRecord(int recordCount)
        {
            int size = CborWriter.HeadSize((ulong)recordCount);
            if (size != _headSize)
            {
                if (!_cbor.InsertGap(_headIndex + _headSize, size - _headSize))
                {
                    return false;
                }
                _headSize = size;
            }
            _cbor.PatchArrayHeader(_headIndex, _headSize, recordCount);
            return true;
        }

        internal override bool WriteText(SenmlLabel label, byte[] utf8, int offset, int count) =>
            WriteLabel(label) && _cbor.WriteTextString(utf8, offset, count);

        internal override bool WriteInteger(SenmlLabel label, long value) => WriteLabel(label) && _cbor.WriteInt64(value);

        internal override bool WriteNumber(SenmlLabel label, double value) => WriteLabel(label) && _cbor.WriteNumber(value);

        internal override bool WriteBoolean(SenmlLabel label, bool value) => WriteLabel(label) && _cbor.WriteBoolean(value);

        private bool WriteLabel(SenmlLabel label)
        {
            switch (label)
            {
                case SenmlLabel.BaseName:
                    return _cbor.WriteInt64(LabelBaseName);
                case SenmlLabel.BaseTime:
                    return _cbor.WriteInt64(LabelBaseTime);
                case SenmlLabel.BaseUnit:
                    return _cbor.WriteInt64(LabelBaseUnit);
                case SenmlLabel.BaseSequence:
                    return _cbor.WriteTextString(s_baseSequenceLabel);
                case SenmlLabel.BaseFloor:
                    return _cbor.WriteTextString(s_floorLabel);
                case SenmlLabel.Name:
                    return _cbor.WriteInt64(LabelName);
                case SenmlLabel.Unit:
                    return _cbor.WriteInt64(LabelUnit);
                case SenmlLabel.Time:
                    return _cbor.WriteInt64(LabelTime);
                case SenmlLabel.Sequence:
                    return _cbor.WriteTextString(s_sequenceLabel);
                case SenmlLabel.BooleanValue:
                    return _cbor.WriteInt64(LabelBooleanValue);
                case SenmlLabel.StringValue:
                    return _cbor.WriteInt64(LabelStringValue);
                default:
                    return _cbor.WriteInt64(LabelValue);
            }
        }
    }
}
