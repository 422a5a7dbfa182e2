namespace Gateway.Firmware.Core.Tests.Portable.Codec
{
    /// <summary>Hex text of byte ranges, so that a failed byte comparison shows both encodings.</summary>
    internal static class CodecHex
    {
        private const string Digits = "0123456789abcdef";

        public static string ToHex(byte[] bytes, int offset, int count)
        {
            char[] text = new char[count * 2];
            for (int i = 0; i < count; i++)
            {
                byte b = bytes[offset + i];
                text[2 * i] = Digits[b >> 4];
                text[2 * i + 1] = Digits[b & 0xF];
            }
            return new string(text);
        }

        public static string ToHex(byte[] bytes) => ToHex(bytes, 0, bytes.Length);

        /// <summary>Parses lower- or upper-case hex; spaces are ignored so that RFC dumps can be pasted.</summary>
        public static byte[] FromHex(string hex)
        {
            int digits = 0;
            for (int i = 0; i < hex.Length; i++)
            {
                if (hex[i] != ' ')
                {
                    digits++;
                }
            }
            byte[] bytes = new byte[digits / 2];
            int n = 0;
            int high = -1;
            for (int i = 0; i < hex.Length; i++)
            {
                char c = hex[i];
                if (c == ' ')
                {
                    continue;
                }
                int v = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c - 'A' + 10;
                if (high < 0)
                {
                    high = v;
                }
                else
                {
                    bytes[n++] = (byte)((high << 4) | v);
                    high = -1;
                }
            }
            return bytes;
        }
    }
}
