using System;

namespace Gateway.Simulation.Environment
{
    /// <summary>
    /// Sun position and the local calendar of a simulated place, from the true UTC time only (never the machine's clock).
    /// </summary>
    public static class SkyAndCalendar
    {
        /// <summary>China Standard Time, UTC+8, used for office, school and traffic hours.</summary>
        public const long ChinaOffsetMs = 8L * 3600 * 1000;

        private const double MsPerDay = 86400000.0;

        /// <summary>
        /// Sun elevation above the horizon, degrees (negative below), from the NOAA solar calculator's low-accuracy
        /// equations (declination and equation of time as Fourier series of the fractional year; error below 0.5°).
        /// </summary>
        public static double SunElevationDeg(long unixMs, double latitudeDeg, double longitudeDeg)
        {
            double days = unixMs / MsPerDay;
            double dayOfYear = DayOfYearFraction(unixMs);
            double gamma = 2 * Math.PI / 365 * (dayOfYear - 1);
            double declination = 0.006918 - 0.399912 * Math.Cos(gamma) + 0.070257 * Math.Sin(gamma)
                - 0.006758 * Math.Cos(2 * gamma) + 0.000907 * Math.Sin(2 * gamma)
                - 0.002697 * Math.Cos(3 * gamma) + 0.00148 * Math.Sin(3 * gamma);
            double equationOfTimeMin = 229.18 * (0.000075 + 0.001868 * Math.Cos(gamma) - 0.032077 * Math.Sin(gamma)
                - 0.014615 * Math.Cos(2 * gamma) - 0.040849 * Math.Sin(2 * gamma));
            double utcMinutes = (days - Math.Floor(days)) * 1440;
            double trueSolarMinutes = utcMinutes + equationOfTimeMin + 4 * longitudeDeg;
            double hourAngle = (trueSolarMinutes / 4 - 180) * Math.PI / 180;
            double latitude = latitudeDeg * Math.PI / 180;
            double cosZenith = Math.Sin(latitude) * Math.Sin(declination) + Math.Cos(latitude) * Math.Cos(declination) * Math.Cos(hourAngle);
            cosZenith = Math.Max(-1, Math.Min(1, cosZenith));
            return 90 - Math.Acos(cosZenith) * 180 / Math.PI;
        }

        /// <summary>Local mean solar time, hours 0 to 24 (noon when the mean sun is due south).</summary>
        public static double SolarHour(long unixMs, double longitudeDeg)
        {
            double hours = unixMs / 3600000.0 + longitudeDeg / 15.0;
            double h = hours % 24;
            return h < 0 ? h + 24 : h;
        }

        /// <summary>Day of the year, 1 on 1 January 00:00 UTC, with the fraction of the day.</summary>
        public static double DayOfYearFraction(long unixMs)
        {
            DateTime utc = DateTime.UnixEpoch.AddMilliseconds(unixMs);
            return utc.DayOfYear + utc.TimeOfDay.TotalDays;
        }

        /// <summary>Clock hour in China Standard Time (UTC+8), 0 to 24.</summary>
        public static double ChinaHour(long unixMs)
        {
            double h = ((unixMs + ChinaOffsetMs) / 3600000.0) % 24;
            return h < 0 ? h + 24 : h;
        }

        /// <summary>Day of the week in China Standard Time.</summary>
        public static DayOfWeek ChinaDayOfWeek(long unixMs) => DateTime.UnixEpoch.AddMilliseconds(unixMs + ChinaOffsetMs).DayOfWeek;

        /// <summary>True on Monday to Friday in China Standard Time (public holidays are not modelled).</summary>
        public static bool IsChinaWorkday(long unixMs)
        {
            DayOfWeek day = ChinaDayOfWeek(unixMs);
            return day != DayOfWeek.Saturday && day != DayOfWeek.Sunday;
        }

        /// <summary>
        /// Seasonal position: 1 in mid-January (coldest), -1 in mid-July (warmest), a cosine in between.
        /// </summary>
        public static double Winterness(long unixMs) => Math.Cos(2 * Math.PI * (DayOfYearFraction(unixMs) - 15) / 365.25);

        /// <summary>True in North China's central-heating season, 15 November to 15 March.</summary>
        public static bool IsHeatingSeason(long unixMs)
        {
            DateTime utc = DateTime.UnixEpoch.AddMilliseconds(unixMs + ChinaOffsetMs);
            int month = utc.Month;
            int day = utc.Day;
            return month == 12 || month == 1 || month == 2 || (month == 11 && day >= 15) || (month == 3 && day <= 15);
        }
    }
}
