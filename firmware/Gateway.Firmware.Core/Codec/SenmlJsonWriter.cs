using System;
using System.Text;

namespace Gateway.Firmware.Core.Codec
{
    /// <summary>
    /// Writes a SenML pack in the JSON representation (RFC 8428 §5, media type application/senml+json) as UTF-8 into a byte
    /// array, without allocating: the same records as <see cref="SenmlCborWriter"/> with the labels "bn", "bt", "bu", "n", "u",
    /// "v", "vb", "vs", "t" and the extension labels "bseq"/"seq"/"bfloor" (see <see cref="SenmlPackWriter"/>). Meant for debugging and
    /// interop; the wire format is CBOR.
    /// </summary>
    /// <remarks>
    /// Numbers are written by <see cref="JsonNumberFormatter"/> (shortest text that parses back to the same double). JSON has no
    /// NaN or infinities (RFC 8259 §6), so such a value, which the sampler should never let through, is sent as the string value
    /// <c>"vs":"NaN"</c>, <c>"Infinity"</c> or <c>"-Infinity"</c>: the pack stays valid and the oddity visible. Strings are escaped per
    /// RFC 8259 §7. The closing bracket is written after every record, so the buffer always holds a complete pack.
    /// </remarks>
    public sealed class SenmlJsonWriter : SenmlPackWriter
    {
        private static readonly byte[][] s_keys =
        {
            Encoding.UTF8.GetBytes("\"bn\":"),
            Encoding.UTF8.GetBytes("\"bt\":"),
            Encoding.UTF8.GetBytes("\"bu\":"),
            Encoding.UTF8.GetBytes("\"bseq\":"),
            Encoding.UTF8.GetBytes("\"bfloor\":"),
            Encoding.UTF8.GetBytes("\"n\":"),
            Encoding.UTF8.GetBytes("\"u\":"),
            Encoding.UTF8.GetBytes("\"t\":"),
            Encoding.UTF8.GetBytes("\"seq\":"),
            Encoding.UTF8.GetBytes("\"v\":"),
            Encoding.UTF8.GetBytes("\"vb\":"),
            Encoding.UTF8.GetBytes("\"vs\":"),
        };

        private static readonly byte[] s_true = Encoding.UTF8.GetBytes("true");
        private static readonly byte[] s_false = Encoding.UTF8.GetBytes("false");
        private static readonly byte[] s_nan = Encoding.UTF8.GetBytes("NaN");
        private static readonly byte[] s_infinity = Encoding.UTF8.GetBytes("Infinity");
        private static readonly byte[] s_negativeInfinity = Encoding.UTF8.GetBytes("-Infinity");
        private static readonly byte[] s_hex = Encoding.UTF8.GetBytes("0123456789abcdef");

        private readonly byte[] _number = new byte[JsonNumberFormatter.MaxLength];
        private byte[] _output = new byte[0];
        private int _start;
        private int _position; // index of the closing ']'
        private int _contentLimit; // content must end before this, leaving room for the ']'
        private bool _firstField;
        private bool _overflow;

        /// <summary>Creates a writer whose packs carry <paramref name="baseName"/> as <c>bn</c> (null or empty: no <c>bn</c>).</summary>
        public SenmlJsonWriter(string? baseName)
            : base(baseName)
        {
        }

        internal override bool BeginOutput(byte[] output, int offset, int maxBytes)
        {
            _output = output;
            _start = offset;
            int limit = maxBytes > output.Length - offset ? output.Length : offset + maxBytes;
            if (limit - offset < 2)
            {
                return false;
            }
            _contentLimit = limit - 1;
            _output[offset] = (byte)'[';
            _position = offset + 1;
            _output[_position] = (byte)']';
            _overflow = false;
            return true;
        }

        internal override int OutputLength => _position + 1 - _start;

        internal override int Mark => _position;

        internal override void RollBack(int mark)
        {
            _position = mark;
            _output[_position] = (byte)']';
            _overflow = false;
        }

        internal override bool BeginRecord(int fieldCount, bool first)
        {
            _firstField = true;
            return (first || Put((byte)',')) && Put((byte)'{');
        }

        internal override bool EndRecord(int recordCount)
        {
            if (!Put((byte)'}'))
            {
                return false;
            }
            _output[_position] = (byte)']';
            return true;
        }

        internal override bool WriteText(SenmlLabel label, byte[] utf8, int offset, int count)
        {
            if (!Key(label) || !Put((byte)'"'))
            {
                return false;
            }
            for (int i = offset; i < offset + count; i++)
            {
                byte b = utf8[i];
                bool ok;
                if (b == (byte)'"' || b == (byte)'\\')
                {
                    ok = Put((byte)'\\') && Put(b);
                }
                else if (b < 0x20)
                {
                    // RFC 8259 §7: control characters must be escaped; \u00XX works for all of them.
                    ok = Put((byte)'\\') && Put((byte)'u') && Put((byte)'0') && Put((byte)'0') && Put(s_hex[b >> 4]) && Put(s_hex[b & 0xF]);
                }
                else
                {
                    ok = Put(b); // UTF-8 multi-byte sequences pass through unchanged (RFC 8259 §8.1)
                }
                if (!ok)
                {
                    return false;
                }
            }
            return Put((byte)'"');
        }

        internal override bool WriteInteger(SenmlLabel label, long value)
        {
            int length = JsonNumberFormatter.FormatInt64(value, _number, 0);
            return Key(label) && PutBytes(_number, length);
        }

        internal override bool WriteNumber(SenmlLabel label, double value)
        {
            int length = JsonNumberFormatter.Format(value, _number, 0);
            if (length == 0)
            {
                byte[] text = double.IsNaN(value) ? s_nan : value > 0 ? s_infinity : s_negativeInfinity;
                return WriteText(SenmlLabel.StringValue, text, 0, text.Length);
            }
            return Key(label) && PutBytes(_number, length);
        }

        internal override bool WriteBoolean(SenmlLabel label, bool value)
        {
            byte[] text = value ? s_true : s_false;
            return Key(label) && PutBytes(text, text.Length);
        }

        private bool Key(SenmlLabel label)
        {
            if (!_firstField && !Put((byte)','))
            {
                return false;
            }
            _firstField = false;
            byte[] key = s_keys[(int)label];
            return PutBytes(key, key.Length);
        }

        private bool Put(byte value)
        {
            if (_overflow || _position >= _contentLimit)
            {
                _overflow = true;
                return false;
            }
            _output[_position++] = value;
            return true;
        }

        private bool PutBytes(byte[] source, int count)
        {
            if (_overflow || count > _contentLimit - _position)
            {
                _overflow = true;
                return false;
            }
            Array.Copy(source, 0, _output, _position, count);
            _position += count;
            return true;
        }
    }
}
