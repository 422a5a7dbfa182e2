using System.Text;

namespace Gateway.Simulation.Scenarios
{
    /// <summary>
    /// Durations as scenario files write them: whole numbers with units, largest first or in any order, each unit at most
    /// once: <c>90s</c>, <c>15m</c>, <c>1h30m</c>, <c>2d</c>; a leading <c>-</c> where a negative duration is allowed (clock jumps).
    /// </summary>
    public static class DurationText
    {
        /// <summary>How the format is explained in error messages.</summary>
        public const string FormatHelp = "written as whole numbers with the units s, m, h, d (e.g. \"90s\", \"15m\", \"1h30m\", \"2d\")";

        private const long MaxMs = 100L * 365 * 86400000;

        /// <summary>Parses <paramref name="text"/>; returns false when it is not a duration of this form.</summary>
        public static bool TryParse(string? text, bool allowNegative, out long milliseconds)
        {
            milliseconds = 0;
            if (string.IsNullOrEmpty(text))
            {
                return false;
            }
            int i = 0;
            bool negative = false;
            if (text[0] == '-' || text[0] == '+')
            {
                if (!allowNegative)
                {
                    return false;
                }
                negative = text[0] == '-';
                i = 1;
            }
            bool any = false;
            bool seenD = false;
            bool seenH = false;
            bool seenM = false;
            bool seenS = false;
            long total = 0;
            while (i < text.Length)
            {
                long number = 0;
                int digits = 0;
                while (i < text.Length && text[i] >= '0' && text[i] <= '9')
                {
                    number = number * 10 + (text[i] - '0');
                    digits++;
                    i++;
                    if (digits > 12)
                    {
                        return false;
                    }
                }
                if (digits == 0 || i >= text.Length)
                {
                    return false;
                }
                long unitMs;
                switch (text[i])
                {
                    case 'd':
                        if (seenD) { return false; }
                        seenD = true;
                        unitMs = 86400000;
                        break;
                    case 'h':
                        if (seenH) { return false; }
                        seenH = true;
                        unitMs = 3600000;
                        break;
                    case 'm':
                        if (seenM) { return false; }
                        seenM = true;
                        unitMs = 60000;
                        break;
                    case 's':
                        if (seenS) { return false; }
                        seenS = true;
                        unitMs = 1000;
                        break;
                    default:
                        return false;
                }
                i++;
                total += number * unitMs;
                if (total > MaxMs)
                {
                    return false;
                }
                any = true;
            }
            if (!any)
            {
                return false;
            }
            milliseconds = negative ? -total : total;
            return true;
        }

        /// <summary>Writes a duration in the same form, largest units first (<c>1h30m</c>); <c>0s</c> for zero.</summary>
        public static string Format(long milliseconds)
        {
            if (milliseconds == 0)
            {
                return "0s";
            }
            StringBuilder text = new StringBuilder();
            if (milliseconds < 0)
            {
                text.Append('-');
                milliseconds = -milliseconds;
            }
            long seconds = milliseconds / 1000;
            long days = seconds / 86400;
            long hours = seconds / 3600 % 24;
            long minutes = seconds / 60 % 60;
            long rest = seconds % 60;
            if (days > 0)
            {
                text.Append(days).Append('d');
            }
            if (hours > 0)
            {
                text.Append(hours).Append('h');
            }
            if (minutes > 0)
            {
                text.Append(minutes).Append('m');
            }
            if (rest > 0 || text.Length == 0 || (text.Length == 1 && text[0] == '-'))
            {
                text.Append(rest).Append('s');
            }
            return text.ToString();
        }
    }
}
