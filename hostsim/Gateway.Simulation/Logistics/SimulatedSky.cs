using System;
using Gateway.Simulation.Randomness;

namespace Gateway.Simulation.Logistics
{
    /// <summary>One satellite as a receiver in Hebei sees it at some moment.</summary>
    public struct SatelliteView
    {
        /// <summary>Satellite number as NMEA writes it for its system: GPS PRN 1–32, BeiDou PRN 1–63.</summary>
        public int Id;

        /// <summary>Elevation above the horizon, degrees (0–90).</summary>
        public int ElevationDeg;

        /// <summary>Azimuth, degrees from true north (0–359).</summary>
        public int AzimuthDeg;
    }

    /// <summary>
    /// A believable sky over North China for the GNSS simulation: GPS satellites on 12-hour orbits; BeiDou's geostationary
    /// satellites at fixed points in the southern sky, its inclined geosynchronous (IGSO) satellites drifting high over
    /// China, and its medium orbits. Not orbital mechanics: each satellite's elevation is a smooth function of time with
    /// its orbit's period, which gives the right counts in view (GPS ~8–12, BeiDou ~12–20) and their slow movement.
    /// Pure functions of time, shared by every receiver.
    /// </summary>
    public static class SimulatedSky
    {
        private const double GpsPeriodS = 43082;      // half a sidereal day, 11 h 58 min
        private const double BdsMeoPeriodS = 46382;   // BeiDou-3 MEO, 12 h 53 min
        private const double SiderealDayS = 86164;

        private static readonly int[] s_gps = Range(1, 32);
        private static readonly int[] s_bdsGeo = new int[] { 1, 2, 3, 4, 5 };
        private static readonly int[] s_bdsGeoElevation = new int[] { 40, 38, 46, 24, 20 };
        private static readonly int[] s_bdsGeoAzimuth = new int[] { 145, 235, 190, 125, 245 };
        private static readonly int[] s_bdsIgso = new int[] { 6, 7, 8, 9, 10, 13, 16, 38, 39, 40 };
        private static readonly int[] s_bdsMeo = Concat(Range(19, 37), Range(41, 46));

        /// <summary>GPS satellites above the horizon at <paramref name="unixMs"/>; returns the count written into <paramref name="into"/>.</summary>
        public static int Gps(long unixMs, SatelliteView[] into)
        {
            int n = 0;
            double t = unixMs / 1000.0;
            for (int i = 0; i < s_gps.Length; i++)
            {
                n = AddOrbiting(s_gps[i], 0x475053UL, t, GpsPeriodS, into, n);
            }
            return n;
        }

        /// <summary>BeiDou satellites above the horizon at <paramref name="unixMs"/>; returns the count written into <paramref name="into"/>.</summary>
        public static int BeiDou(long unixMs, SatelliteView[] into)
        {
            int n = 0;
            double t = unixMs / 1000.0;
            for (int i = 0; i < s_bdsGeo.Length; i++)
            {
                into[n].Id = s_bdsGeo[i];
                into[n].ElevationDeg = s_bdsGeoElevation[i];
                into[n].AzimuthDeg = s_bdsGeoAzimuth[i];
                n++;
            }
            for (int i = 0; i < s_bdsIgso.Length; i++)
            {
                // IGSO ground tracks are figure-eights centred on 118° E: high over China much of the day.
                ulong key = StableHash.Mix(0x4947534FUL, (ulong)s_bdsIgso[i]);
                double phase = StableHash.ToUnit(key) * 2 * Math.PI;
                double elevation = 45 + 30 * Math.Sin(2 * Math.PI * t / SiderealDayS + phase);
                double azimuth = 170 + 60 * Math.Sin(2 * Math.PI * t / SiderealDayS * 2 + phase);
                into[n].Id = s_bdsIgso[i];
                into[n].ElevationDeg = (int)Math.Round(elevation);
                into[n].AzimuthDeg = Wrap((int)Math.Round(azimuth));
                n++;
            }
            for (int i = 0; i < s_bdsMeo.Length; i++)
            {
                n = AddOrbiting(s_bdsMeo[i], 0x424453UL, t, BdsMeoPeriodS, into, n);
            }
            return n;
        }

        /// <summary>Largest number of satellites one call can return.</summary>
        public const int MaxSatellites = 64;

        private static int AddOrbiting(int id, ulong system, double t, double periodS, SatelliteView[] into, int n)
        {
            ulong key = StableHash.Mix(system, (ulong)id);
            double phase = StableHash.ToUnit(key) * 2 * Math.PI;
            double reach = 0.6 + 0.4 * StableHash.ToUnit(StableHash.Mix(key, 1));
            double s = Math.Sin(2 * Math.PI * t / periodS + phase) * reach;
            if (s <= 0.02)
            {
                return n;
            }
            double azimuth = 360 * StableHash.ToUnit(StableHash.Mix(key, 2)) + 360 * t / (periodS * 2.1);
            into[n].Id = id;
            into[n].ElevationDeg = (int)Math.Round(Math.Asin(s) * 180 / Math.PI);
            into[n].AzimuthDeg = Wrap((int)Math.Round(azimuth % 360));
            return n + 1;
        }

        private static int Wrap(int degrees)
        {
            int d = degrees % 360;
            return d < 0 ? d + 360 : d;
        }

        private static int[] Range(int from, int to)
        {
            int[] ids = new int[to - from + 1];
            for (int i = 0; i < ids.Length; i++)
            {
                ids[i] = from + i;
            }
            return ids;
        }

        private static int[] Concat(int[] a, int[] b)
        {
            int[] all = new int[a.Length + b.Length];
            a.CopyTo(all, 0);
            b.CopyTo(all, a.Length);
            return all;
        }
    }
}
