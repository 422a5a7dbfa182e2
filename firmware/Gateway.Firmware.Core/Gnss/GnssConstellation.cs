using System;
using System.Text;

namespace Gateway.Firmware.Core.Gnss
{
    /// <summary>
    /// Satellite systems, as a bit set: the constellations a receiver used for its fix
    /// (<see cref="GnssFix.Constellations"/>). Stored as the value of <c>MetricId.Constellation</c>
    /// readings, so existing bit values must never change.
    /// </summary>
    [Flags]
    public enum GnssConstellation : byte
    {
        /// <summary>No constellation (no fix, or not known yet).</summary>
        None = 0,
        /// <summary>GPS (USA). NMEA talker <c>GP</c>, NMEA 4.11 system ID 1.</summary>
        Gps = 1,
        /// <summary>GLONASS (Russia). Talker <c>GL</c>, system ID 2.</summary>
        Glonass = 2,
        /// <summary>Galileo (EU). Talker <c>GA</c>, system ID 3.</summary>
        Galileo = 4,
        /// <summary>BeiDou / BDS (China). Talker <c>GB</c> (NMEA 4.11) or <c>BD</c> (older, and the Chinese BDS module standard), system ID 4.</summary>
        BeiDou = 8,
        /// <summary>QZSS (Japan). Talker <c>GQ</c> (or <c>QZ</c> on some receivers), system ID 5.</summary>
        Qzss = 16,
        /// <summary>NavIC / IRNSS (India). Talker <c>GI</c> (or <c>IR</c> on some receivers), system ID 6.</summary>
        NavIc = 32,
    }

    /// <summary>
    /// Text form of a <see cref="GnssConstellation"/> set, as sent in SenML <c>vs</c> for
    /// <c>MetricId.Constellation</c> (e.g. <c>GPS+BDS</c>) and parsed back by ingestion.
    /// Names are the systems' official short names; BeiDou is <c>BDS</c> (BeiDou Navigation Satellite System).
    /// The empty set is <c>none</c>.
    /// </summary>
    public static class GnssConstellations
    {
        /// <summary>Every defined constellation bit.</summary>
        public const GnssConstellation All = GnssConstellation.Gps | GnssConstellation.Glonass | GnssConstellation.Galileo
            | GnssConstellation.BeiDou | GnssConstellation.Qzss | GnssConstellation.NavIc;

        /// <summary>Text of the empty set.</summary>
        public const string NoneText = "none";

        private const int SetCount = 64;
        private static readonly string[] s_names = new string[] { "GPS", "GLONASS", "Galileo", "BDS", "QZSS", "NavIC" };
        private static readonly string[] s_text = new string[SetCount];
        private static readonly byte[][] s_utf8 = new byte[SetCount][];

        static GnssConstellations()
        {
            // Every set is built once here, so ToText/ToUtf8 on the encode path allocate nothing.
            for (int set = 0; set < SetCount; set++)
            {
                string text = string.Empty;
                for (int bit = 0; bit < s_names.Length; bit++)
                {
                    if ((set & (1 << bit)) != 0)
                    {
                        text = text.Length == 0 ? s_names[bit] : text + "+" + s_names[bit];
                    }
                }
                s_text[set] = text.Length == 0 ? NoneText : text;
                s_utf8[set] = Encoding.UTF8.GetBytes(s_text[set]);
            }
        }

        /// <summary>
        /// Text of a set, names joined by <c>+</c> in bit order, e.g. <c>GPS+GLONASS+BDS</c>; <c>none</c> for the
        /// empty set. Bits outside <see cref="All"/> are ignored. Returns a shared string (no allocation).
        /// </summary>
        public static string ToText(GnssConstellation set) => s_text[(int)(set & All)];

        /// <summary>UTF-8 bytes of <see cref="ToText"/>, shared (do not modify).</summary>
        public static byte[] ToUtf8(GnssConstellation set) => s_utf8[(int)(set & All)];

        /// <summary>
        /// Parses the text form back (ingestion). Accepts the names of <see cref="ToText"/> in any order and any
        /// letter case, joined by <c>+</c>, or <c>none</c>. Returns false for null or empty text, an empty or
        /// unknown name, or a name given twice.
        /// </summary>
        public static bool TryParse(string? text, out GnssConstellation set)
        {
            set = GnssConstellation.None;
            if (text == null || text.Length == 0)
            {
                return false;
            }
            if (text.ToUpper() == "NONE")
            {
                return true;
            }
            string[] parts = text.Split(new char[] { '+' });
            int bits = 0;
            for (int i = 0; i < parts.Length; i++)
            {
                string name = parts[i].ToUpper();
                int bit = -1;
                for (int j = 0; j < s_names.Length; j++)
                {
                    if (s_names[j].ToUpper() == name)
                    {
                        bit = j;
                        break;
                    }
                }
                if (bit < 0 || (bits & (1 << bit)) != 0)
                {
                    set = GnssConstellation.None;
                    return false;
                }
                bits |= 1 << bit;
            }
            set = (GnssConstellation)bits;
            return true;
        }
    }
}
