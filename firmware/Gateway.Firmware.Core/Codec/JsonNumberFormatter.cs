using System;

namespace Gateway.Firmware.Core.Codec
{
    /// <summary>
    /// Writes numbers as JSON text (RFC 8259 §6) into a byte array without allocating. Doubles get the shortest (or, rarely, a
    /// near-shortest) decimal that parses back to exactly the same double, by the Grisu2 algorithm (F. Loitsch, "Printing
    /// Floating-Point Numbers Quickly and Accurately with Integers", PLDI 2010) in the form popularised by Milo Yip's dtoa
    /// (RapidJSON): only 64-bit integer arithmetic and a table of 87 cached powers of ten. nanoFramework has no "R" format
    /// and its double.ToString is neither exact nor allocation-free, hence this class.
    /// </summary>
    public static class JsonNumberFormatter
    {
        /// <summary>
        /// Room a call needs at the write offset: "-" + 17 digits + "0." + 5 leading zeros = 25 bytes is the longest double
        /// (e.g. <c>-0.000012345678901234567</c>); a long needs at most 20.
        /// </summary>
        public const int MaxLength = 25;

        private const long FractionMask = 0xFFFFFFFFFFFFFL;
        private const ulong HiddenBit = 1UL << 52;

        private static readonly ulong[] s_pow10 =
        {
            1UL, 10UL, 100UL, 1000UL, 10000UL, 100000UL, 1000000UL, 10000000UL, 100000000UL, 1000000000UL,
            10000000000UL, 100000000000UL, 1000000000000UL, 10000000000000UL, 100000000000000UL, 1000000000000000UL,
            10000000000000000UL, 100000000000000000UL, 1000000000000000000UL, 10000000000000000000UL,
        };

        // Normalised 64-bit significands and binary exponents of 10^k for k = -348, -340, ..., 340 (step 8), each the
        // 64-bit value nearest to 10^k / 2^e. Generated with exact rational arithmetic; the first and last entries match
        // Loitsch's / RapidJSON's published table (0xFA8FD5A0081C0288·2^-1220, 0xAF87023B9BF0EE6B·2^1066).
        private static readonly ulong[] s_cachedPowerSignificands =
        {
            0xFA8FD5A0081C0288, 0xBAAEE17FA23EBF76, 0x8B16FB203055AC76, 0xCF42894A5DCE35EA,
            0x9A6BB0AA55653B2D, 0xE61ACF033D1A45DF, 0xAB70FE17C79AC6CA, 0xFF77B1FCBEBCDC4F,
            0xBE5691EF416BD60C, 0x8DD01FAD907FFC3C, 0xD3515C2831559A83, 0x9D71AC8FADA6C9B5,
            0xEA9C227723EE8BCB, 0xAECC49914078536D, 0x823C12795DB6CE57, 0xC21094364DFB5637,
            0x9096EA6F3848984F, 0xD77485CB25823AC7, 0xA086CFCD97BF97F4, 0xEF340A98172AACE5,
            0xB23867FB2A35B28E, 0x84C8D4DFD2C63F3B, 0xC5DD44271AD3CDBA, 0x936B9FCEBB25C996,
            0xDBAC6C247D62A584, 0xA3AB66580D5FDAF6, 0xF3E2F893DEC3F126, 0xB5B5ADA8AAFF80B8,
            0x87625F056C7C4A8B, 0xC9BCFF6034C13053, 0x964E858C91BA2655, 0xDFF9772470297EBD,
            0xA6DFBD9FB8E5B88F, 0xF8A95FCF88747D94, 0xB94470938FA89BCF, 0x8A08F0F8BF0F156B,
            0xCDB02555653131B6, 0x993FE2C6D07B7FAC, 0xE45C10C42A2B3B06, 0xAA242499697392D3,
            0xFD87B5F28300CA0E, 0xBCE5086492111AEB, 0x8CBCCC096F5088CC, 0xD1B71758E219652C,
            0x9C40000000000000, 0xE8D4A51000000000, 0xAD78EBC5AC620000, 0x813F3978F8940984,
            0xC097CE7BC90715B3, 0x8F7E32CE7BEA5C70, 0xD5D238A4ABE98068, 0x9F4F2726179A2245,
            0xED63A231D4C4FB27, 0xB0DE65388CC8ADA8, 0x83C7088E1AAB65DB, 0xC45D1DF942711D9A,
            0x924D692CA61BE758, 0xDA01EE641A708DEA, 0xA26DA3999AEF774A, 0xF209787BB47D6B85,
            0xB454E4A179DD1877, 0x865B86925B9BC5C2, 0xC83553C5C8965D3D, 0x952AB45CFA97A0B3,
            0xDE469FBD99A05FE3, 0xA59BC234DB398C25, 0xF6C69A72A3989F5C, 0xB7DCBF5354E9BECE,
            0x88FCF317F22241E2, 0xCC20CE9BD35C78A5, 0x98165AF37B2153DF, 0xE2A0B5DC971F303A,
            0xA8D9D1535CE3B396, 0xFB9B7CD9A4A7443C, 0xBB764C4CA7A44410, 0x8BAB8EEFB6409C1A,
            0xD01FEF10A657842C, 0x9B10A4E5E9913129, 0xE7109BFBA19C0C9D, 0xAC2820D9623BF429,
            0x80444B5E7AA7CF85, 0xBF21E44003ACDD2D, 0x8E679C2F5E44FF8F, 0xD433179D9C8CB841,
            0x9E19DB92B4E31BA9, 0xEB96BF6EBADF77D9, 0xAF87023B9BF0EE6B,
        };

        private static readonly short[] s_cachedPowerExponents =
        {
            -1220, -1193, -1166, -1140, -1113, -1087, -1060, -1034, -1007, -980, -954, -927, -901, -874, -847, -821,
            -794, -768, -741, -715, -688, -661, -635, -608, -582, -555, -529, -502, -475, -449, -422, -396,
            -369, -343, -316, -289, -263, -236, -210, -183, -157, -130, -103, -77, -50, -24, 3, 30,
            56, 83, 109, 136, 162, 189, 216, 242, 269, 295, 322, 348, 375, 402, 428, 455,
            481, 508, 534, 561, 588, 614, 641, 667, 694, 720, 747, 774, 800, 827, 853, 880,
            907, 933, 960, 986, 1013, 1039, 1066,
        };

        /// <summary>
        /// Writes <paramref name="value"/> at <paramref name="offset"/> and returns the number of bytes written; 0 (nothing written)
        /// when the value is NaN or infinite, which JSON cannot represent (RFC 8259 §6). Integral values print without a fraction
        /// (<c>101325</c>), others in plain decimal (<c>21.53</c>, <c>0.001234</c>) while the decimal exponent is in −6..20, else in
        /// exponent form with a lower-case "e" (RFC 8428 §5: <c>1.5e-7</c>, <c>1e+21</c> is written <c>1e21</c>).
        /// </summary>
        /// <exception cref="ArgumentOutOfRangeException">Fewer than <see cref="MaxLength"/> bytes from <paramref name="offset"/> to the end of <paramref name="buffer"/>.</exception>
        public static int Format(double value, byte[] buffer, int offset)
        {
            CheckRoom(buffer, offset);
            long bits = BitConverter.DoubleToInt64Bits(value);
            if (((bits >> 52) & 0x7FF) == 0x7FF)
            {
                return 0;
            }
            int position = offset;
            if (bits < 0)
            {
                buffer[position++] = (byte)'-';
                bits &= long.MaxValue;
            }
            if (bits == 0)
            {
                buffer[position++] = (byte)'0';
                return position - offset;
            }
            int length;
            int decimalExponent;
            Grisu2(bits, buffer, position, out length, out decimalExponent);
            return position + Prettify(buffer, position, length, decimalExponent) - offset;
        }

        /// <summary>Writes <paramref name="value"/> in decimal at <paramref name="offset"/> and returns the number of bytes written.</summary>
        /// <exception cref="ArgumentOutOfRangeException">Fewer than <see cref="MaxLength"/> bytes from <paramref name="offset"/> to the end of <paramref name="buffer"/>.</exception>
        public static int FormatInt64(long value, byte[] buffer, int offset)
        {
            CheckRoom(buffer, offset);
            int position = offset;
            ulong magnitude;
            if (value < 0)
            {
                buffer[position++] = (byte)'-';
                magnitude = (ulong)(~value) + 1; // also right for long.MinValue
            }
            else
            {
                magnitude = (ulong)value;
            }
            int digits = 1;
            while (digits < 20 && magnitude >= s_pow10[digits])
            {
                digits++;
            }
            for (int i = digits - 1; i >= 0; i--)
            {
                buffer[position + i] = (byte)('0' + (int)(magnitude % 10));
                magnitude /= 10;
            }
            return position + digits - offset;
        }

        private static void CheckRoom(byte[] buffer, int offset)
        {
            if (buffer == null)
            {
                throw new ArgumentNullException(nameof(buffer));
            }
            if (offset < 0 || buffer.Length - offset < MaxLength)
            {
                throw new ArgumentOutOfRangeException(nameof(offset));
            }
        }

        /// <summary>
        /// Grisu2 for a positive finite double given by its bits: writes digits d1..dn at <paramref name="start"/> such that
        /// d1..dn · 10^<paramref name="decimalExponent"/> lies strictly inside the rounding interval of the double, so it parses back
        /// to the same double.
        /// </summary>
        private static void Grisu2(long bits, byte[] buffer, int start, out int length, out int decimalExponent)
        {
            int biasedExponent = (int)((bits >> 52) & 0x7FF);
            ulong significand = (ulong)(bits & FractionMask);
            ulong vF;
            int vE;
            if (biasedExponent != 0)
            {
                vF = significand + HiddenBit;
                vE = biasedExponent - 1075;
            }
            else
            {
                vF = significand;
                vE = -1074;
            }

            // Boundaries m+ = (2f+1)·2^(e-1) and m- = (2f-1)·2^(e-1) (or (4f-1)·2^(e-2) at a power of two, where the gap
            // below is half the gap above), both normalised to the exponent of m+.
            ulong plusF = (vF << 1) + 1;
            int plusE = vE - 1;
            while ((plusF & (HiddenBit << 1)) == 0)
            {
                plusF <<= 1;
                plusE--;
            }
            plusF <<= 10;
            plusE -= 10;
            ulong minusF;
            int minusE;
            if (vF == HiddenBit)
            {
                minusF = (vF << 2) - 1;
                minusE = vE - 2;
            }
            else
            {
                minusF = (vF << 1) - 1;
                minusE = vE - 1;
            }
            minusF <<= minusE - plusE;

            // Cached power c = 10^-k chosen so that the products have binary exponent in [-60, -32].
            double dk = (-61 - plusE) * 0.30102999566398114 + 347; // log10(2)
            int k = (int)dk;
            if (dk - k > 0.0)
            {
                k++;
            }
            int index = (k >> 3) + 1;
            decimalExponent = -(-348 + (index << 3));
            ulong cF = s_cachedPowerSignificands[index];
            int cE = s_cachedPowerExponents[index];

            ulong wF = vF;
            int wE = vE;
            while ((wF & (1UL << 63)) == 0)
            {
                wF <<= 1;
                wE--;
            }
            ulong scaledW = MultiplyHigh(wF, cF);
            ulong scaledPlus = MultiplyHigh(plusF, cF) - 1; // shrink the interval by the error of the approximation
            ulong scaledMinus = MultiplyHigh(minusF, cF) + 1;
            int scaledE = plusE + cE + 64;

            DigitGen(scaledW, scaledPlus, scaledE, scaledPlus - scaledMinus, buffer, start, out length, ref decimalExponent);
        }

        /// <summary>Upper 64 bits of the 128-bit product, rounded (the DiyFp multiplication of Grisu).</summary>
        private static ulong MultiplyHigh(ulong x, ulong y)
        {
            const ulong Mask32 = 0xFFFFFFFFUL;
            ulong a = x >> 32;
            ulong b = x & Mask32;
            ulong c = y >> 32;
            ulong d = y & Mask32;
            ulong ac = a * c;
            ulong bc = b * c;
            ulong ad = a * d;
            ulong bd = b * d;
            ulong middle = (bd >> 32) + (ad & Mask32) + (bc & Mask32);
            middle += 1UL << 31;
            return ac + (ad >> 32) + (bc >> 32) + (middle >> 32);
        }

        private static void DigitGen(ulong wF, ulong plusF, int exponent, ulong delta, byte[] buffer, int start,
            out int length, ref int decimalExponent)
        {
            int oneShift = -exponent;
            ulong one = 1UL << oneShift;
            ulong plusMinusW = plusF - wF;
            uint integral = (uint)(plusF >> oneShift);
            ulong fractional = plusF & (one - 1);
            int kappa = CountDecimalDigits(integral);
            length = 0;
            while (kappa > 0)
            {
                uint power = (uint)s_pow10[kappa - 1];
                uint digit = integral / power;
                integral %= power;
                if (digit != 0 || length != 0)
                {
                    buffer[start + length++] = (byte)('0' + (int)digit);
                }
                kappa--;
                ulong rest = ((ulong)integral << oneShift) + fractional;
                if (rest <= delta)
                {
                    decimalExponent += kappa;
                    GrisuRound(buffer, start + length - 1, delta, rest, s_pow10[kappa] << oneShift, plusMinusW);
                    return;
                }
            }
            while (true)
            {
                fractional *= 10;
                delta *= 10;
                int digit = (int)(fractional >> oneShift);
                if (digit != 0 || length != 0)
                {
                    buffer[start + length++] = (byte)('0' + digit);
                }
                fractional &= one - 1;
                kappa--;
                if (fractional < delta)
                {
                    decimalExponent += kappa;
                    int scale = -kappa;
                    GrisuRound(buffer, start + length - 1, delta, fractional, one, plusMinusW * (scale < 20 ? s_pow10[scale] : 0));
                    return;
                }
            }
        }

        /// <summary>Moves the last digit down while that brings the result closer to the exact value and stays inside the interval.</summary>
        private static void GrisuRound(byte[] buffer, int lastDigit, ulong delta, ulong rest, ulong tenKappa, ulong plusMinusW)
        {
            while (rest < plusMinusW && delta - rest >= tenKappa &&
                   (rest + tenKappa < plusMinusW || plusMinusW - rest > rest + tenKappa - plusMinusW))
            {
                buffer[lastDigit]--;
                rest += tenKappa;
            }
        }

        private static int CountDecimalDigits(uint value)
        {
            int digits = 1;
            while (digits < 10 && value >= s_pow10[digits])
            {
                digits++;
            }
            return digits;
        }

        /// <summary>Lays out digits d1..dn · 10^k (already at <paramref name="start"/>) as JSON text; returns its length.</summary>
        private static int Prettify(byte[] buffer, int start, int length, int k)
        {
            int kk = length + k; // 10^(kk-1) <= v < 10^kk
            if (k >= 0 && kk <= 21)
            {
                // 1234e7 -> 12340000000
                for (int i = length; i < kk; i++)
                {
                    buffer[start + i] = (byte)'0';
                }
                return kk;
            }
            if (kk > 0 && kk <= 21)
            {
                // 1234e-2 -> 12.34
                for (int i = length - 1; i >= kk; i--)
                {
                    buffer[start + i + 1] = buffer[start + i];
                }
                buffer[start + kk] = (byte)'.';
                return length + 1;
            }
            if (kk > -6 && kk <= 0)
            {
                // 1234e-6 -> 0.001234
                int shift = 2 - kk;
                for (int i = length - 1; i >= 0; i--)
                {
                    buffer[start + i + shift] = buffer[start + i];
                }
                buffer[start] = (byte)'0';
                buffer[start + 1] = (byte)'.';
                for (int i = 2; i < shift; i++)
                {
                    buffer[start + i] = (byte)'0';
                }
                return length + shift;
            }
            int position;
            if (length == 1)
            {
                // 1e30
                position = start + 1;
            }
            else
            {
                // 1234e30 -> 1.234e33
                for (int i = length - 1; i >= 1; i--)
                {
                    buffer[start + i + 1] = buffer[start + i];
                }
                buffer[start + 1] = (byte)'.';
                position = start + length + 1;
            }
            buffer[position++] = (byte)'e';
            int exponent = kk - 1;
            if (exponent < 0)
            {
                buffer[position++] = (byte)'-';
                exponent = -exponent;
            }
            if (exponent >= 100)
            {
                buffer[position++] = (byte)('0' + exponent / 100);
                exponent %= 100;
                buffer[position++] = (byte)('0' + exponent / 10);
            }
            else if (exponent >= 10)
            {
                buffer[position++] = (byte)('0' + exponent / 10);
            }
            buffer[position++] = (byte)('0' + exponent % 10);
            return position - start;
        }
    }
}
