using System.Text;
using Gateway.Firmware.Core.Readings;

namespace Gateway.Firmware.Core.Codec
{
    /// <summary>SenML field labels used by the pack writers; each format maps them to its own keys.</summary>
    internal enum SenmlLabel : byte
    {
        BaseName,
        BaseTime,
        BaseUnit,
        BaseSequence,
        BaseFloor,
        Name,
        Unit,
        Time,
        Sequence,
        Value,
        BooleanValue,
        StringValue,
    }

    /// <summary>
    /// Texts the pack writers assemble into a scratch buffer (record names of alarms), as UTF-8, so
    /// that encoding a record allocates nothing.
    /// </summary>
    internal static class SenmlText
    {
        /// <summary>Longest text <see cref="WriteName"/> produces, with room to spare.</summary>
        public const int ScratchSize = 64;

        private static readonly byte[] s_alarmPrefix = Encoding.UTF8.GetBytes("alarm/");
        private static readonly byte[] s_unknownPrefix = Encoding.UTF8.GetBytes("unknown/");

        // Indexed by ReadingKind (stored on flash, never renumbered).
        private static readonly byte[][] s_alarmKinds =
        {
            Encoding.UTF8.GetBytes("measurement"),
            Encoding.UTF8.GetBytes("high"),
            Encoding.UTF8.GetBytes("low"),
            Encoding.UTF8.GetBytes("excursion"),
            Encoding.UTF8.GetBytes("shock"),
            Encoding.UTF8.GetBytes("door_open_in_transit"),
        };

        /// <summary>
        /// Writes the record name of <paramref name="metric"/>/<paramref name="kind"/> into <paramref name="scratch"/> and returns its
        /// length: the catalog name (<c>pm2_5</c>) for a measurement, <c>alarm/{metric}/{kind}</c> for an alarm event, and
        /// <c>unknown/{id}</c> in place of the metric name for an id the catalog does not define (so a corrupted record still encodes).
        /// </summary>
        public static int WriteName(MetricId metric, ReadingKind kind, byte[] scratch)
        {
            int length = 0;
            if (kind != ReadingKind.Measurement)
            {
                length = Append(s_alarmPrefix, scratch, length);
            }
            if (MetricCatalog.IsDefined(metric))
            {
                length = Append(MetricCatalog.NameUtf8(metric), scratch, length);
            }
            else
            {
                length = Append(s_unknownPrefix, scratch, length);
                length = AppendDecimal((int)metric, scratch, length);
            }
            if (kind != ReadingKind.Measurement)
            {
                scratch[length++] = (byte)'/';
                int k = (int)kind;
                length = k < s_alarmKinds.Length ? Append(s_alarmKinds[k], scratch, length) : AppendDecimal(k, scratch, length);
            }
            return length;
        }

        /// <summary>True when the two byte arrays hold the same bytes.</summary>
        public static bool SameBytes(byte[] a, byte[] b)
        {
            if (a.Length != b.Length)
            {
                return false;
            }
            for (int i = 0; i < a.Length; i++)
            {
                if (a[i] != b[i])
                {
                    return false;
                }
            }
            return true;
        }

        private static int Append(byte[] source, byte[] scratch, int length)
        {
            for (int i = 0; i < source.Length; i++)
            {
                scratch[length + i] = source[i];
            }
            return length + source.Length;
        }

        private static int AppendDecimal(int value, byte[] scratch, int length)
        {
            // Metric ids and kinds are bytes: at most three digits.
            if (value >= 100)
            {
                scratch[length++] = (byte)('0' + value / 100);
            }
            if (value >= 10)
            {
                scratch[length++] = (byte)('0' + value / 10 % 10);
            }
            scratch[length++] = (byte)('0' + value % 10);
            return length;
        }
    }
}
