using System;
using System.Collections.Generic;

namespace Gateway.Simulation.Logistics
{
    /// <summary>
    /// The built-in truck routes: road-ish polylines along the real expressways between Hebei cities and to Beijing and
    /// Tianjin (waypoints at interchanges, service areas and towns the roads pass; not surveyed road geometry).
    /// </summary>
    public static class RouteCatalog
    {
        private const RoadKind C = RoadKind.City;
        private const RoadKind R = RoadKind.Rural;
        private const RoadKind H = RoadKind.Highway;
        private const RoadKind T = RoadKind.Tunnel;

        private static readonly Route[] s_all = new Route[]
        {
            new Route("sjz-beijing", "Shijiazhuang cold store → G4 Beijing–Hong Kong–Macau expressway via Dingzhou and Baoding → Xinfadi wholesale market, Beijing (260 km as drawn)",
                new Waypoint[]
                {
                    new Waypoint("Shijiazhuang cold-chain logistics park", 38.0000, 114.5600, 70, 25, true),
                    new Waypoint("Heping Road east", 38.0200, 114.6100, 72, 0, false),
                    new Waypoint("G4 Shijiazhuang North interchange", 38.1000, 114.6400, 75, 0, false),
                    new Waypoint("Xinle", 38.3300, 114.7200, 60, 0, false),
                    new Waypoint("Dingzhou", 38.5200, 114.9900, 45, 0, false),
                    new Waypoint("Wangdu service area", 38.7000, 115.1800, 30, 15, false),
                    new Waypoint("Baoding interchange", 38.8800, 115.4200, 20, 0, false),
                    new Waypoint("Xushui", 39.0300, 115.6500, 18, 0, false),
                    new Waypoint("Gaobeidian", 39.3300, 115.8700, 20, 0, false),
                    new Waypoint("Zhuozhou toll station", 39.4900, 115.9800, 35, 2, false),
                    new Waypoint("Doudian, Fangshan", 39.6500, 116.0600, 45, 0, false),
                    new Waypoint("South 5th Ring exit", 39.7600, 116.2800, 45, 0, false),
                    new Waypoint("Xinfadi wholesale market", 39.7940, 116.3450, 42, 30, true),
                },
                new RoadKind[] { C, C, H, H, H, H, H, H, H, H, H, C }),

            new Route("sjz-tianjin", "Shijiazhuang → G4 to Baoding → G18 Rongcheng–Wuhai expressway past Xiong'an and Bazhou → Tianjin cold store (280 km as drawn)",
                new Waypoint[]
                {
                    new Waypoint("Shijiazhuang cold-chain logistics park", 38.0000, 114.5600, 70, 25, true),
                    new Waypoint("G4 Shijiazhuang North interchange", 38.1000, 114.6400, 75, 0, false),
                    new Waypoint("Dingzhou", 38.5200, 114.9900, 45, 0, false),
                    new Waypoint("Baoding interchange", 38.8800, 115.4200, 20, 0, false),
                    new Waypoint("Xiong'an interchange", 39.0000, 115.9500, 10, 0, false),
                    new Waypoint("Bazhou service area", 39.1000, 116.4000, 8, 15, false),
                    new Waypoint("Shengfang", 39.0800, 116.7000, 6, 0, false),
                    new Waypoint("Tianjin Xiqing interchange", 39.1400, 117.0100, 5, 0, false),
                    new Waypoint("Tianjin cold store, Hexi", 39.1100, 117.1700, 4, 30, true),
                },
                new RoadKind[] { C, H, H, H, H, H, H, C }),

            new Route("bd-xiongan", "Baoding distribution centre → provincial road east via Anxin → Xiong'an Rongdong district (52 km as drawn)",
                new Waypoint[]
                {
                    new Waypoint("Baoding distribution centre", 38.8600, 115.4800, 18, 20, true),
                    new Waypoint("Baoding east ring", 38.8800, 115.5600, 17, 0, false),
                    new Waypoint("Anxin road junction", 38.9300, 115.8000, 12, 0, false),
                    new Waypoint("Anxin", 38.9250, 115.9350, 10, 0, false),
                    new Waypoint("Xiong'an Rongdong district", 39.0300, 115.9600, 10, 20, true),
                },
                new RoadKind[] { C, R, R, C }),

            new Route("ts-qinhuangdao", "Tangshan depot → G1 Beijing–Harbin expressway via Luanzhou and Changli → Qinhuangdao port (131 km as drawn)",
                new Waypoint[]
                {
                    new Waypoint("Tangshan depot", 39.6400, 118.1800, 27, 20, true),
                    new Waypoint("Tangshan east interchange", 39.6600, 118.3000, 25, 0, false),
                    new Waypoint("Luanzhou", 39.7400, 118.7000, 40, 0, false),
                    new Waypoint("Changli", 39.7200, 119.1600, 20, 0, false),
                    new Waypoint("Beidaihe interchange", 39.8300, 119.4800, 15, 0, false),
                    new Waypoint("Qinhuangdao port", 39.9200, 119.6200, 3, 30, true),
                },
                new RoadKind[] { C, H, H, H, C }),

            new Route("zjk-beijing", "Zhangjiakou → G6 Beijing–Tibet expressway via Xuanhua and Huailai, through the Badaling tunnels and the Guangou valley → Beijing Haidian (163 km as drawn, 2.1 km of tunnel)",
                new Waypoint[]
                {
                    new Waypoint("Zhangjiakou depot", 40.7700, 114.9000, 720, 20, true),
                    new Waypoint("G6 Zhangjiakou South interchange", 40.7200, 114.9500, 700, 0, false),
                    new Waypoint("Xuanhua", 40.6000, 115.0500, 620, 0, false),
                    new Waypoint("Huailai", 40.4100, 115.5200, 500, 0, false),
                    new Waypoint("Kangzhuang", 40.3900, 115.9500, 530, 0, false),
                    new Waypoint("Badaling", 40.3600, 116.0100, 600, 0, false),
                    new Waypoint("Badaling tunnel north portal", 40.3400, 116.0400, 560, 0, false),
                    new Waypoint("Badaling tunnel south portal", 40.3250, 116.0550, 480, 0, false),
                    new Waypoint("Juyongguan", 40.2900, 116.0700, 300, 0, false),
                    new Waypoint("Changping", 40.2200, 116.2300, 60, 0, false),
                    new Waypoint("Qinghe exit", 40.0300, 116.3300, 50, 0, false),
                    new Waypoint("Haidian depot", 39.9900, 116.3500, 50, 20, true),
                },
                new RoadKind[] { C, H, H, H, H, H, T, H, H, H, C }),

            new Route("hd-sjz", "Handan depot → G4 via Xingtai and Gaoyi → Shijiazhuang distribution centre (163 km as drawn)",
                new Waypoint[]
                {
                    new Waypoint("Handan depot", 36.6200, 114.5000, 60, 20, true),
                    new Waypoint("G4 Handan interchange", 36.6800, 114.5600, 65, 0, false),
                    new Waypoint("Xingtai", 37.0700, 114.5600, 75, 0, false),
                    new Waypoint("Gaoyi service area", 37.6200, 114.6000, 70, 15, false),
                    new Waypoint("Luancheng", 37.8900, 114.6400, 70, 0, false),
                    new Waypoint("Shijiazhuang south ring", 38.0000, 114.5600, 75, 0, false),
                    new Waypoint("Shijiazhuang distribution centre", 38.0400, 114.5200, 80, 25, true),
                },
                new RoadKind[] { C, H, H, H, H, C }),
        };

        /// <summary>Every built-in route.</summary>
        public static IReadOnlyList<Route> All => s_all;

        /// <summary>The accepted route ids, comma-separated, for error messages.</summary>
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

        /// <summary>Finds a route by id, ignoring case.</summary>
        public static bool TryFind(string? id, out Route route)
        {
            route = s_all[0];
            for (int i = 0; i < s_all.Length; i++)
            {
                if (string.Equals(s_all[i].Id, id, StringComparison.OrdinalIgnoreCase))
                {
                    route = s_all[i];
                    return true;
                }
            }
            return false;
        }

        /// <summary>Finds a route by id.</summary>
        /// <exception cref="ArgumentException">When there is no such route; the message lists the accepted ids.</exception>
        public static Route Get(string id)
        {
            Route route;
            if (!TryFind(id, out route))
            {
                throw new ArgumentException("unknown route '" + id + "': accepted are " + AcceptedIds, nameof(id));
            }
            return route;
        }
    }
}
