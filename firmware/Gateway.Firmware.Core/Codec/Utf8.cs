namespace Gateway.Firmware.Core.Codec
{
    /// <summary>
    /// UTF-8 encoding of a string straight into a byte array (RFC 3629 §3), without the temporary array that
    /// <c>Encoding.UTF8.GetBytes(string)</c> allocates. An unpaired surrogate becomes U+FFFD, as with <c>Encoding.UTF8</c>.
    /// </summary>
    internal static class Utf8
    {
        /// <summary>Number of UTF-8 bytes <paramref name="text"/> encodes to.</summary>
        public static int ByteCount(string text)
        {
            int count = 0;
            int length = text.Length;
            for (int i = 0; i < length; i++)
            {
                char c = text[i];
                if (c < 0x80)
                {
                    count += 1;
                }
                else if (c < 0x800)
                {
                    count += 2;
                }
                else if (IsHighSurrogate(c) && i + 1 < length && IsLowSurrogate(text[i + 1]))
                {
                    count += 4;
                    i++;
                }
                else
                {
                    count += 3; // BMP character, or an unpaired surrogate written as U+FFFD
                }
            }
            return count;
        }

        /// <summary>Writes the UTF-8 bytes of <paramref name="text"/> at <paramref name="index"/>; returns the index after them. The caller checked the room.</summary>
        public static int Encode(string text, byte[] buffer, int index)
        {
            int length = text.Length;
            for (int i = 0; i < length; i++)
            {
                int c = text[i];
                if (c < 0x80)
                {
                    buffer[index++] = (byte)c;
                    continue;
                }
                if (c < 0x800)
                {
                    buffer[index++] = (byte)(0xC0 | (c >> 6));
                    buffer[index++] = (byte)(0x80 | (c & 0x3F));
                    continue;
                }
                if (IsHighSurrogate((char)c) && i + 1 < length && IsLowSurrogate(text[i + 1]))
                {
                    int codePoint = 0x10000 + ((c - 0xD800) << 10) + (text[i + 1] - 0xDC00);
                    i++;
                    buffer[index++] = (byte)(0xF0 | (codePoint >> 18));
                    buffer[index++] = (byte)(0x80 | ((codePoint >> 12) & 0x3F));
                    buffer[index++] = (byte)(0x80 | ((codePoint >> 6) & 0x3F));
                    buffer[index++] = (byte)(0x80 | (codePoint & 0x3F));
                    continue;
                }
                if (c >= 0xD800 && c <= 0xDFFF)
                {
                    c = 0xFFFD;
                }
                buffer[index++] = (byte)(0xE0 | (c >> 12));
                buffer[index++] = (byte)(0x80 | ((c >> 6) & 0x3F));
                buffer[index++] = (byte)(0x80 | (c & 0x3F));
            }
            return index;
        }

        private static bool IsHighSurrogate(char c) => c >= 0xD800 && c <= 0xDBFF;

        private static bool IsLowSurrogate(char c) => c >= 0xDC00 && c <= 0xDFFF;
    }
}
