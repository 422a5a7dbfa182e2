using System;
using System.Collections.Generic;

namespace Gateway.Simulation.Environment
{
    /// <summary>
    /// The twelve cities of Hebei province the scenarios place environmental nodes in (the eleven prefecture-level
    /// cities and the Xiong'an New Area), with coordinates and rough climate. Zhangjiakou and Chengde lie on the
    /// plateau edge and in the mountains: colder, higher (lower pressure), cleaner air; the southern plain cities
    /// (Shijiazhuang, Xingtai, Handan) have the worst winter haze.
    /// </summary>
    public static class HebeiCities
    {
        private static readonly CityClimate[] s_all = new CityClimate[]
        {
            //              id     name           chinese   lat     lon      elev  coast  Jan°C  Jul°C  JanRH JulRH PMwin PMsum
            new CityClimate("sjz", "Shijiazhuang", "石家庄", 38.042, 114.515, 81, false, -2.0, 27.3, 55, 75, 120, 45),
            new CityClimate("bd", "Baoding", "保定", 38.874, 115.464, 17, false, -3.2, 26.9, 52, 76, 115, 45),
            new CityClimate("ts", "Tangshan", "唐山", 39.630, 118.180, 27, false, -4.6, 25.6, 50, 78, 95, 40),
            new CityClimate("hd", "Handan", "邯郸", 36.625, 114.539, 58, false, -1.5, 27.2, 56, 77, 120, 50),
            new CityClimate("zjk", "Zhangjiakou", "张家口", 40.768, 114.886, 724, false, -8.3, 23.7, 45, 66, 40, 22),
            new CityClimate("cd", "Chengde", "承德", 40.952, 117.963, 385, false, -8.9, 24.5, 48, 74, 45, 25),
            new CityClimate("lf", "Langfang", "廊坊", 39.538, 116.684, 13, false, -4.0, 26.6, 50, 75, 95, 40),
            new CityClimate("qhd", "Qinhuangdao", "秦皇岛", 39.935, 119.600, 3, true, -4.8, 24.8, 53, 82, 55, 28),
            new CityClimate("xt", "Xingtai", "邢台", 37.070, 114.505, 77, false, -1.8, 27.3, 56, 76, 125, 50),
            new CityClimate("cz", "Cangzhou", "沧州", 38.304, 116.839, 11, false, -3.1, 26.9, 57, 77, 90, 42),
            new CityClimate("hs", "Hengshui", "衡水", 37.739, 115.670, 25, false, -3.0, 27.2, 58, 77, 105, 45),
            new CityClimate("xa", "Xiong'an", "雄安", 39.045, 115.931, 10, false, -4.2, 26.8, 55, 77, 95, 42),
        };

        /// <summary>Every city, in the order of the table above.</summary>
        public static IReadOnlyList<CityClimate> All => s_all;

        /// <summary>The accepted city ids, comma-separated, for error messages.</summary>
        public static string AcceptedIds
        {
            get
            {
                string[] ids = new string[s_all.Length];
                for (int i = 0; i < s_all.Length; i++)
                {
                    ids[i] = s_all[i].Id;
                }
                return string.Join(", ", ids);
            }
        }

        /// <summary>
        /// Finds a city by id (<c>sjz</c>) or English name (<c>Shijiazhuang</c>, <c>Xiong'an</c> or <c>Xiongan</c>), ignoring case.
        /// </summary>
        public static bool TryFind(string? idOrName, out CityClimate city)
        {
            city = s_all[0];
            if (string.IsNullOrEmpty(idOrName))
            {
                return false;
            }
            for (int i = 0; i < s_all.Length; i++)
            {
                CityClimate c = s_all[i];
                if (string.Equals(c.Id, idOrName, StringComparison.OrdinalIgnoreCase)
                    || string.Equals(c.Name, idOrName, StringComparison.OrdinalIgnoreCase)
                    || string.Equals(c.Name.Replace("'", ""), idOrName, StringComparison.OrdinalIgnoreCase))
                {
                    city = c;
                    return true;
                }
            }
            return false;
        }

        /// <summary>Finds a city by id or name.</summary>
        /// <exception cref="ArgumentException">When there is no such city; the message lists the accepted ids.</exception>
        public static CityClimate Get(string idOrName)
        {
            CityClimate city;
            if (!TryFind(idOrName, out city))
            {
                throw new ArgumentException("unknown city '" + idOrName + "': accepted are " + AcceptedIds, nameof(idOrName));
            }
            return city;
        }

        /// <summary>The city nearest to a point (its climate stands in for the open road between cities).</summary>
        public static CityClimate Nearest(double latitudeDeg, double longitudeDeg)
        {
            CityClimate best = s_all[0];
            double bestKm = double.MaxValue;
            for (int i = 0; i < s_all.Length; i++)
            {
                double km = s_all[i].DistanceKm(latitudeDeg, longitudeDeg);
                if (km < bestKm)
                {
                    bestKm = km;
                    best = s_all[i];
                }
            }
            return best;
        }
    }
}
