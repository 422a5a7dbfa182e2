using System;

namespace Gateway.Simulation.Environment
{
    /// <summary>
    /// Where a city is and its rough climate: the inputs of <see cref="EnvironmentalModel"/>. Values are rounded
    /// approximations of published climate normals and of the PM2.5 levels Hebei's air-quality bulletins reported in
    /// the late 2010s: good enough for plausible data, not for science.
    /// </summary>
    public sealed class CityClimate
    {
        /// <summary>Creates a city entry.</summary>
        public CityClimate(string id, string name, string chineseName, double latitudeDeg, double longitudeDeg, double elevationM,
            bool coastal, double januaryMeanC, double julyMeanC, double januaryHumidityPercent, double julyHumidityPercent,
            double winterPm2_5, double summerPm2_5)
        {
            Id = id;
            Name = name;
            ChineseName = chineseName;
            LatitudeDeg = latitudeDeg;
            LongitudeDeg = longitudeDeg;
            ElevationM = elevationM;
            Coastal = coastal;
            JanuaryMeanC = januaryMeanC;
            JulyMeanC = julyMeanC;
            JanuaryHumidityPercent = januaryHumidityPercent;
            JulyHumidityPercent = julyHumidityPercent;
            WinterPm2_5 = winterPm2_5;
            SummerPm2_5 = summerPm2_5;
        }

        /// <summary>Short id used in scenario files and device ids, e.g. <c>sjz</c>.</summary>
        public string Id { get; }

        /// <summary>English (pinyin) name, e.g. <c>Shijiazhuang</c>.</summary>
        public string Name { get; }

        /// <summary>Chinese name, e.g. 石家庄.</summary>
        public string ChineseName { get; }

        /// <summary>Latitude of the city centre, degrees north (WGS-84).</summary>
        public double LatitudeDeg { get; }

        /// <summary>Longitude of the city centre, degrees east (WGS-84).</summary>
        public double LongitudeDeg { get; }

        /// <summary>Elevation of the city's weather station, m above sea level.</summary>
        public double ElevationM { get; }

        /// <summary>On the Bohai coast (smaller daily range, more humid).</summary>
        public bool Coastal { get; }

        /// <summary>Mean air temperature in January, °C.</summary>
        public double JanuaryMeanC { get; }

        /// <summary>Mean air temperature in July, °C.</summary>
        public double JulyMeanC { get; }

        /// <summary>Mean relative humidity in January, %.</summary>
        public double JanuaryHumidityPercent { get; }

        /// <summary>Mean relative humidity in July, %.</summary>
        public double JulyHumidityPercent { get; }

        /// <summary>Typical winter (heating season) PM2.5 background, µg/m³.</summary>
        public double WinterPm2_5 { get; }

        /// <summary>Typical summer PM2.5 background, µg/m³.</summary>
        public double SummerPm2_5 { get; }

        /// <summary>
        /// Mean daily temperature range (max − min), °C: larger further north and higher up (drier air, clearer
        /// nights), smaller on the coast. 9 °C at 36.5° N on the plain, +0.35 °C per degree of latitude,
        /// +1.5 °C per km of elevation, −2.5 °C on the coast.
        /// </summary>
        public double DailyRangeC => 9.0 + 0.35 * (LatitudeDeg - 36.5) + 1.5 * ElevationM / 1000.0 - (Coastal ? 2.5 : 0.0);

        /// <summary>Great-circle distance to a point, km (haversine, mean Earth radius 6371 km).</summary>
        public double DistanceKm(double latitudeDeg, double longitudeDeg) => Geo.DistanceKm(LatitudeDeg, LongitudeDeg, latitudeDeg, longitudeDeg);

        /// <inheritdoc />
        public override string ToString() => Id + " (" + Name + ")";
    }

    /// <summary>Small geodesy helpers on a spherical Earth (errors of 0.5 % are irrelevant here).</summary>
    public static class Geo
    {
        /// <summary>Mean Earth radius, km (IUGG).</summary>
        public const double EarthRadiusKm = 6371.0088;

        /// <summary>Great-circle distance, km (haversine).</summary>
        public static double DistanceKm(double lat1, double lon1, double lat2, double lon2)
        {
            double p1 = lat1 * Math.PI / 180;
            double p2 = lat2 * Math.PI / 180;
            double dp = p2 - p1;
            double dl = (lon2 - lon1) * Math.PI / 180;
            double a = Math.Sin(dp / 2) * Math.Sin(dp / 2) + Math.Cos(p1) * Math.Cos(p2) * Math.Sin(dl / 2) * Math.Sin(dl / 2);
            return 2 * EarthRadiusKm * Math.Asin(Math.Min(1, Math.Sqrt(a)));
        }

        /// <summary>Initial bearing from point 1 to point 2, degrees from true north, 0 to 360.</summary>
        public static double BearingDeg(double lat1, double lon1, double lat2, double lon2)
        {
            double p1 = lat1 * Math.PI / 180;
            double p2 = lat2 * Math.PI / 180;
            double dl = (lon2 - lon1) * Math.PI / 180;
            double y = Math.Sin(dl) * Math.Cos(p2);
            double x = Math.Cos(p1) * Math.Sin(p2) - Math.Sin(p1) * Math.Cos(p2) * Math.Cos(dl);
            double bearing = Math.Atan2(y, x) * 180 / Math.PI;
            return bearing < 0 ? bearing + 360 : bearing;
        }
    }
}
