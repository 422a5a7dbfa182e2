namespace Gateway.Firmware.Core.Storage
{
    /// <summary>
    /// CRC-32 of the IEEE 802.3 frame check sequence (IEEE 802.3 §3.2.9; also zlib, PNG): polynomial 0x04C11DB7
    /// processed bit-reflected (0xEDB88320), initial value 0xFFFFFFFF, final XOR 0xFFFFFFFF. Its check value for the
    /// ASCII bytes "123456789" is 0xCBF43926 (entry CRC-32/ISO-HDLC of Greg Cook's "Catalogue of parametrised CRC
    /// algorithms").
    /// Table-driven, one byte per step; the 256-entry table is built once per process.
    /// </summary>
    public static class Crc32
    {
        /// <summary>Reflected form of the IEEE 802.3 generator polynomial 0x04C11DB7.</summary>
        public const uint ReflectedPolynomial = 0xEDB88320;

        /// <summary>Register value before the first byte (and the final XOR mask).</summary>
        private const uint InitialValue = 0xFFFFFFFF;

        private static readonly uint[] s_table = BuildTable();

        private static uint[] BuildTable()
        {
            uint[] table = new uint[256];
            for (uint n = 0; n < 256; n++)
            {
                uint c = n;
                for (int bit = 0; bit < 8; bit++)
                {
                    c = (c & 1) != 0 ? ReflectedPolynomial ^ (c >> 1) : c >> 1;
                }
                table[n] = c;
            }
            return table;
        }

        /// <summary>CRC-32 of <paramref name="count"/> bytes of <paramref name="buffer"/> starting at <paramref name="offset"/>.</summary>
        public static uint Compute(byte[] buffer, int offset, int count)
        {
            return Finish(Update(Start(), buffer, offset, count));
        }

        /// <summary>Register value to start an incremental computation with (pass it to <see cref="Update"/>).</summary>
        public static uint Start()
        {
            return InitialValue;
        }

        /// <summary>
        /// Feeds more bytes into a running register (from <see cref="Start"/> or a previous <see cref="Update"/>);
        /// finish with <see cref="Finish"/>. Lets a frame be checked in pieces without copying it together.
        /// </summary>
        public static uint Update(uint register, byte[] buffer, int offset, int count)
        {
            uint[] table = s_table;
            int end = offset + count;
            for (int i = offset; i < end; i++)
            {
                register = table[(register ^ buffer[i]) & 0xFF] ^ (register >> 8);
            }
            return register;
        }

        /// <summary>Final XOR that turns a running register into the CRC value.</summary>
        public static uint Finish(uint register)
        {
            return register ^ InitialValue;
        }
    }
}
