using System.Text;
using Gateway.Firmware.Core.Readings;
using Gateway.Firmware.Core.Uplink;

namespace Gateway.Firmware.Core.Tests.Fakes
{
    /// <summary>
    /// A pack encoder for uplink tests: writes "floor|seq;seq;..." as ASCII so tests can read back exactly which
    /// sequences a publish carried, independent of the SenML codec. Each reading costs its digits plus one byte.
    /// </summary>
    public sealed class TextPackEncoder : IPackEncoder
    {
        public int EncodePrefix(Reading[] readings, int offset, int count, long floorSequence, byte[] output, int maxBytes, out int length)
        {
            string text = floorSequence.ToString() + "|";
            int encoded = 0;
            for (int i = 0; i < count; i++)
            {
                string next = text + readings[offset + i].Sequence.ToString() + ";";
                if (next.Length > maxBytes)
                {
                    break;
                }
                text = next;
                encoded++;
            }
            if (encoded == 0)
            {
                length = 0;
                return 0;
            }
            byte[] bytes = Encoding.UTF8.GetBytes(text);
            System.Array.Copy(bytes, 0, output, 0, bytes.Length);
            length = bytes.Length;
            return encoded;
        }

        /// <summary>The sequences a payload written by this encoder carries.</summary>
        public static long[] Sequences(byte[] payload)
        {
            string text = new string(Encoding.UTF8.GetChars(payload));
            string[] parts = text.Split(new char[] { '|' })[1].Split(new char[] { ';' });
            long[] sequences = new long[parts.Length - 1];
            for (int i = 0; i < sequences.Length; i++)
            {
                sequences[i] = long.Parse(parts[i]);
            }
            return sequences;
        }

        /// <summary>The floor sequence a payload carries.</summary>
        public static long Floor(byte[] payload)
        {
            string text = new string(Encoding.UTF8.GetChars(payload));
            return long.Parse(text.Split(new char[] { '|' })[0]);
        }
    }
}
