using System;
using System.Text;

namespace Gateway.Firmware.Core.Config
{
    /// <summary>How one line of a key = value text splits.</summary>
    internal enum LineShape : byte
    {
        /// <summary>Blank line or a comment line (first non-blank character '#').</summary>
        Skip = 0,
        /// <summary>A key and a value (either may still be invalid).</summary>
        KeyValue = 1,
        /// <summary>Text without '='.</summary>
        NoEquals = 2,
        /// <summary>'=' with nothing before it.</summary>
        EmptyKey = 3,
    }

    /// <summary>
    /// Text helpers shared by the configuration and downlink parsers. Everything here is culture-free on purpose:
    /// on .NET, <c>double.Parse</c>, <c>ToLower</c> and <c>ToString</c> follow the current culture (a German host would
    /// read "1.5" as 15), while nanoFramework has no cultures at all; parsing and formatting by hand gives the same
    /// result on the device, in the simulator and in the tests.
    /// </summary>
    internal static class ConfigText
    {
        /// <summary>What a secret value is shown as.</summary>
        internal const string Mask = "***";

        /// <summary>Longest accepted configuration or downlink text, in characters (the file holds about 6 KB).</summary>
        internal const int MaxTextLength = 65536;

        /// <summary>Most characters of a rejected value quoted back in an error.</summary>
        private const int MaxEcho = 40;

        /// <summary>Most significant digits of a number: 15 decimal digits always survive a trip through a double (IEEE 754 binary64).</summary>
        private const int MaxSignificantDigits = 15;

        private static readonly char[] s_lineBreak = new char[] { '\n' };
        private static readonly char[] s_blank = new char[] { ' ', '\t', '\r' };

        // Powers of ten that a double holds exactly (10^22 < 2^53 · 2^22): dividing a mantissa below 2^53 by one of them
        // is a single correctly rounded IEEE operation, so the parsed value is the double nearest to the decimal text.
        private static readonly double[] s_pow10 = new double[]
        {
            1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
            1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
        };

        /// <summary>Splits text into lines (LF or CRLF), dropping a leading UTF-8 byte order mark.</summary>
        internal static string[] SplitLines(string text)
        {
            if (text.Length > 0 && text[0] == '\uFEFF')
            {
                text = text.Substring(1);
            }
            return text.Split(s_lineBreak);
        }

        /// <summary>Splits one line at its first '=' and trims spaces and tabs around key and value.</summary>
        internal static LineShape SplitLine(string line, out string key, out string value)
        {
            key = string.Empty;
            value = string.Empty;
            string trimmed = line.Trim(s_blank);
            if (trimmed.Length == 0 || trimmed[0] == '#')
            {
                return LineShape.Skip;
            }
            int equals = trimmed.IndexOf('=');
            if (equals < 0)
            {
                return LineShape.NoEquals;
            }
            key = trimmed.Substring(0, equals).Trim(s_blank);
            value = trimmed.Substring(equals + 1).Trim(s_blank);
            return key.Length == 0 ? LineShape.EmptyKey : LineShape.KeyValue;
        }

        /// <summary>True for a-z and 0-9.</summary>
        internal static bool IsLowerAlphanumeric(char c) => (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');

        /// <summary>True for a-z, A-Z and 0-9.</summary>
        internal static bool IsAlphanumeric(char c) => IsLowerAlphanumeric(c) || (c >= 'A' && c <= 'Z');

        /// <summary>True for 0-9.</summary>
        internal static bool IsDigit(char c) => c >= '0' && c <= '9';

        /// <summary>True for characters allowed in a key: a-z, 0-9, '.', '_' and '-'.</summary>
        internal static bool IsKeyText(string key)
        {
            for (int i = 0; i < key.Length; i++)
            {
                char c = key[i];
                if (!IsLowerAlphanumeric(c) && c != '.' && c != '_' && c != '-')
                {
                    return false;
                }
            }
            return key.Length > 0;
        }

        /// <summary>ASCII lower case (string.ToLower follows the culture on .NET: "I" becomes a dotless "ı" in Turkish).</summary>
        internal static string ToLowerAscii(string text)
        {
            char[] chars = text.ToCharArray();
            for (int i = 0; i < chars.Length; i++)
            {
                if (chars[i] >= 'A' && chars[i] <= 'Z')
                {
                    chars[i] = (char)(chars[i] + ('a' - 'A'));
                }
            }
            return new string(chars);
        }

        /// <summary>True when <paramref name="text"/> starts with <paramref name="prefix"/>, compared ordinally.</summary>
        internal static bool StartsWithOrdinal(string text, string prefix)
        {
            if (text.Length < prefix.Length)
            {
                return false;
            }
            for (int i = 0; i < prefix.Length; i++)
            {
                if (text[i] != prefix[i])
                {
                    return false;
                }
            }
            return true;
        }

        /// <summary>True when <paramref name="text"/> ends with <paramref name="suffix"/>, compared ordinally.</summary>
        internal static bool EndsWithOrdinal(string text, string suffix)
        {
            int start = text.Length - suffix.Length;
            if (start < 0)
            {
                return false;
            }
            for (int i = 0; i < suffix.Length; i++)
            {
                if (text[start + i] != suffix[i])
                {
                    return false;
                }
            }
            return true;
        }

        /// <summary>
        /// A value as quoted back in an error: control characters become '?' (so a reply stays one line) and long
        /// values are cut, so that an error never grows with its input.
        /// </summary>
        internal static string Echo(string value)
        {
            int length = value.Length > MaxEcho ? MaxEcho : value.Length;
            char[] chars = new char[length];
            for (int i = 0; i < length; i++)
            {
                char c = value[i];
                chars[i] = c < ' ' || c == '\u007F' ? '?' : c;
            }
            string echo = new string(chars);
            return value.Length > MaxEcho ? echo + "..." : echo;
        }

        /// <summary>Replaces control characters (line breaks included) with '?', so the text stays one line of a reply.</summary>
        internal static string OneLine(string text)
        {
            char[] chars = text.ToCharArray();
            for (int i = 0; i < chars.Length; i++)
            {
                if (chars[i] < ' ' || chars[i] == '\u007F')
                {
                    chars[i] = '?';
                }
            }
            return new string(chars);
        }

        /// <summary>
        /// Parses a whole number: an optional '-' and 1 to 18 digits (so it cannot overflow a long).
        /// No '+', spaces, exponent, hex or digit grouping.
        /// </summary>
        internal static bool TryParseInteger(string text, out long value)
        {
            value = 0;
            int start = text.Length > 0 && text[0] == '-' ? 1 : 0;
            int digits = text.Length - start;
            if (digits < 1 || digits > 18)
            {
                return false;
            }
            long result = 0;
            for (int i = start; i < text.Length; i++)
            {
                char c = text[i];
                if (!IsDigit(c))
                {
                    return false;
                }
                result = (result * 10) + (c - '0');
            }
            value = start == 1 ? -result : result;
            return true;
        }

        /// <summary>
        /// Parses a decimal number: optional '-', digits, optionally '.' and more digits (e.g. <c>-12.5</c>, <c>0.25</c>),
        /// at most 15 significant digits. No exponent, NaN or infinity: a technician never needs them, and each would
        /// be one more way for a typo to pass. The result is the double nearest to the text.
        /// </summary>
        internal static bool TryParseNumber(string text, out double value)
        {
            value = 0;
            int i = 0;
            bool negative = false;
            if (text.Length > 0 && text[0] == '-')
            {
                negative = true;
                i = 1;
            }
            long mantissa = 0;
            int significant = 0;
            int integerDigits = 0;
            int fractionDigits = 0;
            bool inFraction = false;
            for (; i < text.Length; i++)
            {
                char c = text[i];
                if (c == '.')
                {
                    if (inFraction || integerDigits == 0)
                    {
                        return false;
                    }
                    inFraction = true;
                    continue;
                }
                if (!IsDigit(c))
                {
                    return false;
                }
                if (inFraction)
                {
                    fractionDigits++;
                }
                else
                {
                    integerDigits++;
                }
                if (mantissa == 0 && c == '0')
                {
                    continue; // Leading zeros are not significant.
                }
                significant++;
                if (significant > MaxSignificantDigits)
                {
                    return false;
                }
                mantissa = (mantissa * 10) + (c - '0');
            }
            if (integerDigits == 0 || (inFraction && fractionDigits == 0) || fractionDigits >= s_pow10.Length)
            {
                return false;
            }
            double magnitude = mantissa / s_pow10[fractionDigits];
            value = negative && mantissa != 0 ? -magnitude : magnitude;
            return true;
        }

        /// <summary>
        /// Formats a number as the shortest decimal text that <see cref="TryParseNumber"/> reads back as the same double
        /// (so ToText → TryParse round-trips exactly); values that have no such text of at most 15 digits (computed ones)
        /// are rounded to 6 decimals.
        /// </summary>
        internal static string FormatNumber(double value)
        {
            if (double.IsNaN(value) || double.IsInfinity(value))
            {
                return "off";
            }
            if (value == 0)
            {
                return "0";
            }
            bool negative = value < 0;
            double magnitude = negative ? -value : value;
            for (int decimals = 0; decimals < s_pow10.Length; decimals++)
            {
                double scaled = magnitude * s_pow10[decimals];
                if (scaled >= 1e15)
                {
                    break;
                }
                double mantissa = Math.Round(scaled);
                if (mantissa / s_pow10[decimals] == magnitude)
                {
                    return FormatFixed((long)mantissa, decimals, negative);
                }
            }
            if (magnitude >= 1e15)
            {
                return FormatFixed((long)Math.Round(magnitude), 0, negative);
            }
            long rounded = (long)Math.Round(magnitude * 1e6);
            int fraction = 6;
            while (fraction > 0 && rounded % 10 == 0)
            {
                rounded /= 10;
                fraction--;
            }
            return FormatFixed(rounded, fraction, negative && rounded != 0);
        }

        /// <summary>Formats a whole number without culture (no group separators; '-' for negatives).</summary>
        internal static string FormatInteger(long value)
        {
            if (value == long.MinValue)
            {
                return "-9223372036854775808";
            }
            return value < 0 ? FormatFixed(-value, 0, true) : FormatFixed(value, 0, false);
        }

        /// <summary>Writes <paramref name="mantissa"/> / 10^<paramref name="decimals"/> in plain decimal notation.</summary>
        private static string FormatFixed(long mantissa, int decimals, bool negative)
        {
            char[] buffer = new char[48];
            int position = buffer.Length;
            int written = 0;
            do
            {
                if (written == decimals && decimals > 0)
                {
                    buffer[--position] = '.';
                }
                buffer[--position] = (char)('0' + (int)(mantissa % 10));
                mantissa /= 10;
                written++;
            }
            while (mantissa > 0 || written <= decimals);
            if (negative)
            {
                buffer[--position] = '-';
            }
            return new string(buffer, position, buffer.Length - position);
        }

        /// <summary>Levenshtein distance (insertions, deletions, substitutions), for "did you mean" suggestions.</summary>
        internal static int EditDistance(string a, string b)
        {
            int[] previous = new int[b.Length + 1];
            int[] current = new int[b.Length + 1];
            for (int j = 0; j <= b.Length; j++)
            {
                previous[j] = j;
            }
            for (int i = 1; i <= a.Length; i++)
            {
                current[0] = i;
                for (int j = 1; j <= b.Length; j++)
                {
                    int cost = a[i - 1] == b[j - 1] ? 0 : 1;
                    int best = previous[j - 1] + cost;
                    if (previous[j] + 1 < best)
                    {
                        best = previous[j] + 1;
                    }
                    if (current[j - 1] + 1 < best)
                    {
                        best = current[j - 1] + 1;
                    }
                    current[j] = best;
                }
                int[] swap = previous;
                previous = current;
                current = swap;
            }
            return previous[b.Length];
        }

        /// <summary>Joins choices as "a or b" / "a, b or c".</summary>
        internal static string JoinChoices(string[] choices)
        {
            StringBuilder text = new StringBuilder();
            for (int i = 0; i < choices.Length; i++)
            {
                if (i > 0)
                {
                    text.Append(i == choices.Length - 1 ? " or " : ", ");
                }
                text.Append(choices[i]);
            }
            return text.ToString();
        }

        /// <summary>
        /// True when <paramref name="length"/> bytes at <paramref name="offset"/> are well-formed UTF-8 (RFC 3629 §4:
        /// no overlong forms, no surrogates, nothing above U+10FFFF). Checked by hand so that a corrupt payload is
        /// rejected the same way on the device (whose decoder may throw) and on the host (whose decoder substitutes U+FFFD).
        /// </summary>
        internal static bool IsWellFormedUtf8(byte[] bytes, int offset, int length)
        {
            int end = offset + length;
            int i = offset;
            while (i < end)
            {
                int b = bytes[i];
                if (b < 0x80)
                {
                    i++;
                    continue;
                }
                int continuation;
                int lowest;
                int highest = 0xBF;
                if (b >= 0xC2 && b <= 0xDF)
                {
                    continuation = 1;
                    lowest = 0x80;
                }
                else if (b >= 0xE0 && b <= 0xEF)
                {
                    continuation = 2;
                    lowest = b == 0xE0 ? 0xA0 : 0x80;
                    highest = b == 0xED ? 0x9F : 0xBF;
                }
                else if (b >= 0xF0 && b <= 0xF4)
                {
                    continuation = 3;
                    lowest = b == 0xF0 ? 0x90 : 0x80;
                    highest = b == 0xF4 ? 0x8F : 0xBF;
                }
                else
                {
                    return false;
                }
                if (i + continuation >= end)
                {
                    return false; // Truncated sequence.
                }
                int second = bytes[i + 1];
                if (second < lowest || second > highest)
                {
                    return false;
                }
                for (int k = 2; k <= continuation; k++)
                {
                    int next = bytes[i + k];
                    if (next < 0x80 || next > 0xBF)
                    {
                        return false;
                    }
                }
                i += continuation + 1;
            }
            return true;
        }
    }
}
