using System;

namespace Gateway.Firmware.Core.Codec
{
    /// <summary>
    /// Minimal CBOR encoder (RFC 8949) that writes into a caller-provided byte array: no allocation, no growth.
    /// Only definite-length items, always in preferred serialization (RFC 8949 §4.2.2): integers and lengths in the
    /// shortest head (§4.2.1), floats in the shortest of half/single/double that holds the value exactly.
    /// </summary>
    /// <remarks>
    /// Every write is all-or-nothing: when an item does not fit between <see cref="Position"/> and the limit, nothing is
    /// written, the method returns false and <see cref="Overflow"/> is set (and stays set until <see cref="Rewind"/> or
    /// <see cref="Reset"/>). The writer never throws <see cref="IndexOutOfRangeException"/> on a full buffer.
    /// Floats are converted with integer arithmetic on the IEEE 754 bit pattern
    /// (<see cref="BitConverter.DoubleToInt64Bits"/>), not with (float) casts, so the result does not depend on the
    /// FPU's rounding mode or on how a platform narrows doubles.
    /// </remarks>
    public sealed class CborWriter
    {
        // Major types, RFC 8949 §3.1 (already shifted into the top 3 bits of the initial byte).
        private const int MajorUnsigned = 0 << 5;
        private const int MajorNegative = 1 << 5;
        private const int MajorByteString = 2 << 5;
        private const int MajorTextString = 3 << 5;
        private const int MajorArray = 4 << 5;
        private const int MajorMap = 5 << 5;

        // Major type 7 initial bytes, RFC 8949 §3.3.
        private const byte SimpleFalse = 0xF4;
        private const byte SimpleTrue = 0xF5;
        private const byte SimpleNull = 0xF6;
        private const byte FloatHalf = 0xF9;
        private const byte FloatSingle = 0xFA;
        private const byte FloatDouble = 0xFB;

        private const long DoubleFractionMask = 0xFFFFFFFFFFFFFL;
        private const long DoubleHiddenBit = 1L << 52;

        private byte[] _buffer;
        private int _start;
        private int _position;
        private int _limit;
        private bool _overflow;

        /// <summary>Creates a writer over the whole of <paramref name="buffer"/>.</summary>
        /// <exception cref="ArgumentNullException"><paramref name="buffer"/> is null.</exception>
        public CborWriter(byte[] buffer)
        {
            if (buffer == null)
            {
                throw new ArgumentNullException(nameof(buffer));
            }
            _buffer = buffer;
            _limit = buffer.Length;
        }

        /// <summary>The array written into.</summary>
        public byte[] Buffer => _buffer;

        /// <summary>Index in <see cref="Buffer"/> where writing started (the <c>offset</c> given to <see cref="Reset"/>).</summary>
        public int Start => _start;

        /// <summary>Index in <see cref="Buffer"/> of the next byte to write.</summary>
        public int Position => _position;

        /// <summary>Bytes written since <see cref="Start"/>.</summary>
        public int Length => _position - _start;

        /// <summary>Index one past the last byte the writer may use.</summary>
        public int Limit => _limit;

        /// <summary>True once a write did not fit (that write wrote nothing). Cleared by <see cref="Rewind"/> and <see cref="Reset"/>.</summary>
        public bool Overflow => _overflow;

        /// <summary>
        /// Starts writing at <paramref name="offset"/> of <paramref name="buffer"/>, using at most <paramref name="maxBytes"/> bytes
        /// (fewer if the array ends first).
        /// </summary>
        /// <exception cref="ArgumentNullException"><paramref name="buffer"/> is null.</exception>
        /// <exception cref="ArgumentOutOfRangeException"><paramref name="offset"/> or <paramref name="maxBytes"/> is negative or past the end.</exception>
        public void Reset(byte[] buffer, int offset, int maxBytes)
        {
            if (buffer == null)
            {
                throw new ArgumentNullException(nameof(buffer));
            }
            if (offset < 0 || offset > buffer.Length)
            {
                throw new ArgumentOutOfRangeException(nameof(offset));
            }
            if (maxBytes < 0)
            {
                throw new ArgumentOutOfRangeException(nameof(maxBytes));
            }
            _buffer = buffer;
            _start = offset;
            _position = offset;
            _limit = maxBytes > buffer.Length - offset ? buffer.Length : offset + maxBytes;
            _overflow = false;
        }

        /// <summary>
        /// Moves the write position back to <paramref name="position"/> (a value of <see cref="Position"/> read earlier), dropping
        /// what was written after it, and clears <see cref="Overflow"/>. Used to undo a partly written item group.
        /// </summary>
        /// <exception cref="ArgumentOutOfRangeException"><paramref name="position"/> is before <see cref="Start"/> or after <see cref="Position"/>.</exception>
        public void Rewind(int position)
        {
            if (position < _start || position > _position)
            {
                throw new ArgumentOutOfRangeException(nameof(position));
            }
            _position = position;
            _overflow = false;
        }

        /// <summary>Writes an unsigned integer (major type 0) in its shortest form.</summary>
        public bool WriteUInt64(ulong value) => WriteHead(MajorUnsigned, value);

        /// <summary>Writes an integer: major type 0 when ≥ 0, else major type 1 carrying −1 − value (RFC 8949 §3.1), shortest form.</summary>
        public bool WriteInt64(long value)
        {
            if (value >= 0)
            {
                return WriteHead(MajorUnsigned, (ulong)value);
            }
            return WriteHead(MajorNegative, (ulong)(~value));
        }

        /// <summary>Writes <paramref name="utf8"/> (already UTF-8, not checked) as a text string (major type 3).</summary>
        public bool WriteTextString(byte[] utf8) => WriteString(MajorTextString, utf8, 0, utf8.Length);

        /// <summary>Writes <paramref name="count"/> bytes of <paramref name="utf8"/> from <paramref name="offset"/> as a text string (major type 3).</summary>
        public bool WriteTextString(byte[] utf8, int offset, int count) => WriteString(MajorTextString, utf8, offset, count);

        /// <summary>
        /// Writes <paramref name="text"/> as a UTF-8 text string (major type 3), encoding on the fly without allocating.
        /// An unpaired surrogate is written as U+FFFD, as <c>Encoding.UTF8</c> does.
        /// </summary>
        public bool WriteTextString(string text)
        {
            int byteCount = Utf8.ByteCount(text);
            int headSize = HeadSize((ulong)byteCount);
            if (!Fits(headSize + byteCount))
            {
                return false;
            }
            WriteHeadUnchecked(MajorTextString, (ulong)byteCount, headSize);
            _position = Utf8.Encode(text, _buffer, _position);
            return true;
        }

        /// <summary>Writes <paramref name="count"/> bytes of <paramref name="data"/> from <paramref name="offset"/> as a byte string (major type 2).</summary>
        public bool WriteByteString(byte[] data, int offset, int count) => WriteString(MajorByteString, data, offset, count);

        /// <summary>
        /// Writes only the head of a text string of <paramref name="byteCount"/> bytes; the caller then writes exactly that many
        /// UTF-8 bytes with <see cref="WriteRaw"/>. Lets a text be assembled from several pieces without a temporary string.
        /// </summary>
        public bool WriteTextStringHeader(int byteCount) => WriteHead(MajorTextString, (ulong)byteCount);

        /// <summary>Copies <paramref name="count"/> bytes as they are (for the body of a string begun with <see cref="WriteTextStringHeader"/>).</summary>
        public bool WriteRaw(byte[] source, int offset, int count)
        {
            if (!Fits(count))
            {
                return false;
            }
            Array.Copy(source, offset, _buffer, _position, count);
            _position += count;
            return true;
        }

        /// <summary>Writes the head of a definite-length array of <paramref name="count"/> items (major type 4).</summary>
        public bool WriteArrayHeader(int count) => WriteHead(MajorArray, (ulong)count);

        /// <summary>Writes the head of a definite-length map of <paramref name="pairCount"/> key/value pairs (major type 5).</summary>
        public bool WriteMapHeader(int pairCount) => WriteHead(MajorMap, (ulong)pairCount);

        /// <summary>Writes <c>true</c> (0xf5) or <c>false</c> (0xf4).</summary>
        public bool WriteBoolean(bool value) => WriteByte(value ? SimpleTrue : SimpleFalse);

        /// <summary>Writes <c>null</c> (0xf6).</summary>
        public bool WriteNull() => WriteByte(SimpleNull);

        /// <summary>
        /// Writes a floating-point number in the shortest of half (0xf9), single (0xfa) or double (0xfb) precision that
        /// decodes to exactly <paramref name="value"/> (RFC 8949 §4.2.2 preferred serialization). −0.0 keeps its sign;
        /// infinities are written as half; every NaN is written as the canonical half NaN 0xf97e00 (§4.2.2), so a NaN payload is not kept.
        /// </summary>
        public bool WriteDouble(double value)
        {
            long bits = BitConverter.DoubleToInt64Bits(value);
            int size = FloatSize(bits, out long encoded);
            return WriteFloatBits(size, encoded);
        }

        /// <summary>
        /// Writes a number in its shortest exact form: an integer (major type 0/1) when <paramref name="value"/> is integral,
        /// |value| &lt; 2^53 and the integer is not longer than the float form; otherwise as <see cref="WriteDouble"/>.
        /// −0.0 stays a float so that its sign survives. Either way a decoder gets back exactly the same double (RFC 8428 §6).
        /// </summary>
        public bool WriteNumber(double value)
        {
            long bits = BitConverter.DoubleToInt64Bits(value);
            int floatSize = FloatSize(bits, out long encoded);
            long integer;
            if (TryGetSafeInteger(bits, out integer))
            {
                ulong argument = integer >= 0 ? (ulong)integer : (ulong)(~integer);
                if (HeadSize(argument) <= 1 + floatSize)
                {
                    return WriteInt64(integer);
                }
            }
            return WriteFloatBits(floatSize, encoded);
        }

        /// <summary>Bytes the head of an item with argument <paramref name="value"/> takes (RFC 8949 §3: 1, 2, 3, 5 or 9).</summary>
        public static int HeadSize(ulong value)
        {
            if (value < 24)
            {
                return 1;
            }
            if (value <= 0xFF)
            {
                return 2;
            }
            if (value <= 0xFFFF)
            {
                return 3;
            }
            if (value <= 0xFFFFFFFF)
            {
                return 5;
            }
            return 9;
        }

        /// <summary>
        /// Overwrites the array head at <paramref name="index"/> (which must already hold an array head of the same size as the new
        /// one) with a head for <paramref name="count"/> items. Used to fix up a pack's record count after its records are written.
        /// </summary>
        /// <exception cref="ArgumentOutOfRangeException">The new head would not be the same size as <paramref name="existingHeadSize"/>, or lies outside the written bytes.</exception>
        public void PatchArrayHeader(int index, int existingHeadSize, int count)
        {
            int size = HeadSize((ulong)count);
            if (size != existingHeadSize || index < _start || index + size > _position)
            {
                throw new ArgumentOutOfRangeException(nameof(count));
            }
            int saved = _position;
            _position = index;
            WriteHeadUnchecked(MajorArray, (ulong)count, size);
            _position = saved;
        }

        /// <summary>
        /// Moves the bytes from <paramref name="index"/> up to <see cref="Position"/> forward by <paramref name="gapBytes"/>, leaving a gap
        /// (its old content unchanged) and advancing <see cref="Position"/>. Returns false (and sets <see cref="Overflow"/>) when there is no room.
        /// </summary>
        public bool InsertGap(int index, int gapBytes)
        {
            if (index < _start || index > _position || gapBytes < 0)
            {
                throw new ArgumentOutOfRangeException(nameof(index));
            }
            if (!Fits(gapBytes))
            {
                return false;
            }
            // Backwards, so overlapping source and destination are safe whatever Array.Copy does on the platform.
            for (int i = _position - 1; i >= index; i--)
            {
                _buffer[i + gapBytes] = _buffer[i];
            }
            _position += gapBytes;
            return true;
        }

        private bool Fits(int byteCount)
        {
            if (_overflow || byteCount > _limit - _position)
            {
                _overflow = true;
                return false;
            }
            return true;
        }

        private bool WriteByte(byte value)
        {
            if (!Fits(1))
            {
                return false;
            }
            _buffer[_position++] = value;
            return true;
        }

        private bool WriteHead(int major, ulong argument)
        {
            int size = HeadSize(argument);
            if (!Fits(size))
            {
                return false;
            }
            WriteHeadUnchecked(major, argument, size);
            return true;
        }

        private bool WriteString(int major, byte[] data, int offset, int count)
        {
            if (data == null)
            {
                throw new ArgumentNullException(nameof(data));
            }
            if (offset < 0 || count < 0 || count > data.Length - offset)
            {
                throw new ArgumentOutOfRangeException(nameof(count));
            }
            int headSize = HeadSize((ulong)count);
            if (!Fits(headSize + count))
            {
                return false;
            }
            WriteHeadUnchecked(major, (ulong)count, headSize);
            Array.Copy(data, offset, _buffer, _position, count);
            _position += count;
            return true;
        }

        // RFC 8949 §3: additional info 0..23 is the value itself, 24/25/26/27 announce a 1/2/4/8-byte big-endian argument.
        private void WriteHeadUnchecked(int major, ulong argument, int size)
        {
            byte[] b = _buffer;
            int p = _position;
            switch (size)
            {
                case 1:
                    b[p] = (byte)(major | (int)argument);
                    break;
                case 2:
                    b[p] = (byte)(major | 24);
                    b[p + 1] = (byte)argument;
                    break;
                case 3:
                    b[p] = (byte)(major | 25);
                    b[p + 1] = (byte)(argument >> 8);
                    b[p + 2] = (byte)argument;
                    break;
                case 5:
                    b[p] = (byte)(major | 26);
                    PutBigEndian(b, p + 1, argument, 4);
                    break;
                default:
                    b[p] = (byte)(major | 27);
                    PutBigEndian(b, p + 1, argument, 8);
                    break;
            }
            _position = p + size;
        }

        private bool WriteFloatBits(int size, long encoded)
        {
            if (!Fits(1 + size))
            {
                return false;
            }
            _buffer[_position] = size == 2 ? FloatHalf : size == 4 ? FloatSingle : FloatDouble;
            PutBigEndian(_buffer, _position + 1, (ulong)encoded, size);
            _position += 1 + size;
            return true;
        }

        private static void PutBigEndian(byte[] buffer, int index, ulong value, int byteCount)
        {
            for (int i = byteCount - 1; i >= 0; i--)
            {
                buffer[index + i] = (byte)value;
                value >>= 8;
            }
        }

        /// <summary>
        /// Chooses the shortest IEEE 754 format that holds the double with bit pattern <paramref name="bits"/> exactly and returns its
        /// size in bytes (2, 4 or 8) and its bit pattern. Works on the bits alone: a value fits a narrower format when its unbiased
        /// exponent is in that format's range and the significand bits the format lacks are zero (for subnormal targets, the bits
        /// shifted out of the denormalised significand are zero).
        /// </summary>
        private static int FloatSize(long bits, out long encoded)
        {
            long sign = (bits >> 63) & 1;
            int biasedExponent = (int)((bits >> 52) & 0x7FF);
            long fraction = bits & DoubleFractionMask;

            if (biasedExponent == 0x7FF)
            {
                // Infinity keeps its sign; any NaN becomes the canonical quiet half NaN 0x7e00 (RFC 8949 §4.2.2).
                encoded = fraction != 0 ? 0x7E00 : (sign << 15) | 0x7C00;
                return 2;
            }
            if (biasedExponent == 0)
            {
                if (fraction == 0)
                {
                    encoded = sign << 15; // ±0.0
                    return 2;
                }
                encoded = bits; // double subnormals (< 2^-1022) are far below the single range
                return 8;
            }

            int exponent = biasedExponent - 1023;
            long significand = fraction | DoubleHiddenBit; // 53 bits, value = significand · 2^(exponent − 52)

            // Half: 5-bit exponent (bias 15), 10-bit fraction; normal for 2^-14..2^15, subnormal m · 2^-24 below.
            if (exponent >= -14 && exponent <= 15)
            {
                if ((fraction & ((1L << 42) - 1)) == 0)
                {
                    encoded = (sign << 15) | ((long)(exponent + 15) << 10) | (fraction >> 42);
                    return 2;
                }
            }
            else if (exponent >= -24 && exponent < -14)
            {
                int shift = 28 - exponent; // m = significand · 2^(exponent − 52 + 24)
                if ((significand & ((1L << shift) - 1)) == 0)
                {
                    encoded = (sign << 15) | (significand >> shift);
                    return 2;
                }
            }

            // Single: 8-bit exponent (bias 127), 23-bit fraction; normal for 2^-126..2^127, subnormal m · 2^-149 below.
            if (exponent >= -126 && exponent <= 127)
            {
                if ((fraction & ((1L << 29) - 1)) == 0)
                {
                    encoded = (sign << 31) | ((long)(exponent + 127) << 23) | (fraction >> 29);
                    return 4;
                }
            }
            else if (exponent >= -149 && exponent < -126)
            {
                int shift = -97 - exponent; // m = significand · 2^(exponent − 52 + 149)
                if ((significand & ((1L << shift) - 1)) == 0)
                {
                    encoded = (sign << 31) | (significand >> shift);
                    return 4;
                }
            }

            encoded = bits;
            return 8;
        }

        /// <summary>True when the double with bit pattern <paramref name="bits"/> is an integer with |v| &lt; 2^53 (and not −0.0).</summary>
        private static bool TryGetSafeInteger(long bits, out long integer)
        {
            integer = 0;
            int biasedExponent = (int)((bits >> 52) & 0x7FF);
            long fraction = bits & DoubleFractionMask;
            if (biasedExponent == 0)
            {
                return fraction == 0 && bits >= 0; // +0.0 only; −0.0 and subnormals are not integers we may write as such
            }
            int exponent = biasedExponent - 1023;
            if (exponent < 0 || exponent > 52)
            {
                return false;
            }
            int fractionBits = 52 - exponent;
            if ((fraction & ((1L << fractionBits) - 1)) != 0)
            {
                return false;
            }
            // exponent ≤ 52, so the magnitude is below 2^53: every such integer is exact in a double.
            long magnitude = (fraction | DoubleHiddenBit) >> fractionBits;
            integer = bits < 0 ? -magnitude : magnitude;
            return true;
        }
    }
}
