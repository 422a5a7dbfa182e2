using System;
using Gateway.Simulation.Randomness;

namespace Gateway.Simulation.Environment
{
    /// <summary>
    /// The air around one environmental node: temperature, humidity, pressure, particulates, CO2, TVOC, noise, light and
    /// the node's battery, as functions of the true UTC time. Weather and regional pollution come from stateless smooth
    /// noise keyed by the scenario seed and the city, so every node of a city sees the same weather without sharing
    /// state (thread-safe, any tick order); per-node microclimate and local sources come from the node's own key. Only
    /// indoor CO2 has state (it builds up over hours), advanced by <see cref="AdvanceTo"/>.
    /// </summary>
    /// <remarks>
    /// Shapes follow well-known behaviour rather than data: the daily temperature minimum near sunrise and maximum in the
    /// mid-afternoon; relative humidity from a dew point that changes slowly, so RH falls as the air warms; station
    /// pressure from sea-level pressure by the barometric formula (Zhangjiakou, 724 m, reads about 8 kPa lower than the
    /// plain); North China's winter haze with a night-time PM maximum; CO2 and TVOC following room occupancy.
    /// Sensor noise, calibration errors and faults are added by the sensors, not here.
    /// </remarks>
    public sealed class EnvironmentalModel
    {
        private const double MsPerDay = 86400000.0;
        private const double MsPerHour = 3600000.0;
        private const long Co2StepMs = 60000;
        private const long Co2RestartGapMs = 2L * 86400000;

        private readonly PollutionEpisode[] _episodes;
        private readonly ulong _regionKey;
        private readonly ulong _cityKey;
        private readonly double _heatIslandC;
        private readonly double _localPmFactor;
        private readonly double _furnitureTvocPpb;
        private readonly double _batteryOffsetV;
        private double _co2Ppm = double.NaN;
        private long _co2AtMs;

        /// <summary>Creates the model of one node.</summary>
        /// <param name="city">The city (climate and position).</param>
        /// <param name="site">Where the node is mounted.</param>
        /// <param name="scenarioSeed">The scenario's seed: the weather of the whole run.</param>
        /// <param name="nodeKey">The node's own key (from the seed and the node index): its microclimate.</param>
        /// <param name="episodes">Pollution episodes of the scenario (those not covering this city are ignored).</param>
        public EnvironmentalModel(CityClimate city, SiteKind site, ulong scenarioSeed, ulong nodeKey, PollutionEpisode[] episodes)
        {
            City = city ?? throw new ArgumentNullException(nameof(city));
            Site = site;
            int covering = 0;
            PollutionEpisode[] all = episodes ?? Array.Empty<PollutionEpisode>();
            for (int i = 0; i < all.Length; i++)
            {
                if (all[i].Covers(city.Id))
                {
                    covering++;
                }
            }
            _episodes = new PollutionEpisode[covering];
            covering = 0;
            for (int i = 0; i < all.Length; i++)
            {
                if (all[i].Covers(city.Id))
                {
                    _episodes[covering++] = all[i];
                }
            }
            _regionKey = StableHash.Mix(scenarioSeed, StableHash.OfText("hebei-region"));
            _cityKey = StableHash.Mix(scenarioSeed, StableHash.OfText(city.Id));
            SimRandom node = new SimRandom(nodeKey, 0xE0, 0);
            _heatIslandC = node.Uniform(-0.4, 0.9);
            _localPmFactor = node.Uniform(0.85, 1.2);
            _furnitureTvocPpb = node.Uniform(40, 180);
            _batteryOffsetV = node.Uniform(-0.04, 0.04);
        }

        /// <summary>The node's city.</summary>
        public CityClimate City { get; }

        /// <summary>Where the node is mounted.</summary>
        public SiteKind Site { get; }

        /// <summary>True for indoor sites (office, school).</summary>
        public bool IsIndoor => Site == SiteKind.Office || Site == SiteKind.School;

        /// <summary>Advances the stateful part (indoor CO2) to <paramref name="unixMs"/>; the sensors call it before reading.</summary>
        public void AdvanceTo(long unixMs)
        {
            if (double.IsNaN(_co2Ppm) || unixMs - _co2AtMs > Co2RestartGapMs || unixMs < _co2AtMs)
            {
                // No history (first read, or a gap far longer than the room's time constant): start in equilibrium.
                _co2Ppm = Co2Equilibrium(unixMs);
                _co2AtMs = unixMs;
                return;
            }
            while (_co2AtMs < unixMs)
            {
                long step = Math.Min(Co2StepMs, unixMs - _co2AtMs);
                long mid = _co2AtMs + step / 2;
                double tauH = VentilationTimeConstantHours(mid);
                double target = Co2Equilibrium(mid);
                _co2Ppm = target + (_co2Ppm - target) * Math.Exp(-step / MsPerHour / tauH);
                _co2AtMs += step;
            }
        }

        /// <summary>Air temperature, °C (indoor air for indoor sites).</summary>
        public double TemperatureC(long unixMs)
        {
            double outdoor = OutdoorTemperatureC(unixMs);
            if (!IsIndoor)
            {
                return outdoor;
            }
            double occupancy = Occupancy(unixMs);
            double hour = SkyAndCalendar.ChinaHour(unixMs);
            bool night = hour < 6 || hour >= 22;
            if (SkyAndCalendar.IsHeatingSeason(unixMs))
            {
                return 21.0 + 1.2 * occupancy - (night ? 1.5 : 0.0) + 0.3 * _heatIslandC;
            }
            double free = 0.5 * DailyMeanC(unixMs) + 11 + 0.15 * (outdoor - DailyMeanC(unixMs)) + 1.5 * occupancy;
            // Air conditioning holds 26 °C while people are in.
            if (free > 26 && occupancy > 0.2)
            {
                free = 26 + 0.1 * (free - 26);
            }
            return Math.Max(15, Math.Min(30, free));
        }

        /// <summary>Relative humidity, % (0 to 100).</summary>
        public double RelativeHumidityPercent(long unixMs)
        {
            double dewPointC = DewPointC(unixMs);
            double t;
            if (IsIndoor)
            {
                // Indoor air holds the outdoor water vapour plus what people breathe out; heated winter rooms get dry.
                dewPointC += 2.5 * Occupancy(unixMs);
                t = TemperatureC(unixMs);
            }
            else
            {
                t = OutdoorTemperatureC(unixMs);
            }
            double rh = 100 * SaturationVapourPressureHpa(dewPointC) / SaturationVapourPressureHpa(t);
            return Math.Max(5, Math.Min(100, rh));
        }

        /// <summary>Barometric pressure at the node, Pa.</summary>
        public double PressurePa(long unixMs)
        {
            double winter = SkyAndCalendar.Winterness(unixMs);
            double days = unixMs / MsPerDay;
            double solarHour = SkyAndCalendar.SolarHour(unixMs, City.LongitudeDeg);
            // Sea-level pressure: Siberian high in winter (~1028 hPa), monsoon low in summer (~1004 hPa), passing systems ±8 hPa,
            // and the semidiurnal atmospheric tide (maxima near 10:00 and 22:00 local solar time).
            double seaLevelHpa = 1016.0 + 12.0 * winter - 8.0 * SmoothNoise.At(_regionKey ^ 0x5052455353UL, days, 4, 2)
                + 0.8 * Math.Cos(4 * Math.PI * (solarHour - 10) / 24);
            // Barometric formula with the scale height of the day's mean temperature: H = R T / (g M) ≈ 29.27 m/K · T.
            double meanK = DailyMeanC(unixMs) + 273.15 + 0.0065 * City.ElevationM / 2;
            return seaLevelHpa * 100 * Math.Exp(-City.ElevationM / (29.27 * meanK));
        }

        /// <summary>Particulate matter at the node, µg/m³: PM1, PM2.5 and PM10.</summary>
        public void Particulates(long unixMs, out double pm1, out double pm2_5, out double pm10)
        {
            double winter = SkyAndCalendar.Winterness(unixMs);
            double days = unixMs / MsPerDay;
            double hour = SkyAndCalendar.ChinaHour(unixMs);
            double seasonal = City.SummerPm2_5 + (City.WinterPm2_5 - City.SummerPm2_5) * (1 + winter) / 2;
            // Night-time maximum (shallow mixing layer), afternoon minimum.
            double diurnal = 1 + 0.25 * Math.Cos(2 * Math.PI * hour / 24);
            double synoptic = Math.Exp(0.5 * SmoothNoise.At(_regionKey ^ 0x504DUL, days, 3, 2) + 0.2 * SmoothNoise.At(_cityKey ^ 0x504DUL, days, 1, 2));
            pm2_5 = seasonal * diurnal * synoptic * _localPmFactor;
            if (Site == SiteKind.Roadside)
            {
                pm2_5 += 15 * Traffic(unixMs);
            }
            double dayOfYear = SkyAndCalendar.DayOfYearFraction(unixMs);
            double springDust = Math.Exp(-Math.Pow((dayOfYear - 100) / 25, 2));
            double ratio = 0.62 + 0.08 * winter - 0.12 * springDust;

            double dustAddedPm10 = 0;
            for (int i = 0; i < _episodes.Length; i++)
            {
                PollutionEpisode episode = _episodes[i];
                double s = episode.StrengthAt(unixMs);
                if (s <= 0)
                {
                    continue;
                }
                double peak = episode.PeakUgM3 * _localPmFactor;
                if (episode.Kind == PollutionKind.Haze)
                {
                    pm2_5 += Math.Max(0, peak - pm2_5) * s;
                    ratio += (0.75 - ratio) * s;
                }
                else
                {
                    double pm10Now = pm2_5 / ratio + dustAddedPm10;
                    dustAddedPm10 += Math.Max(0, peak - pm10Now) * s;
                }
            }
            pm10 = pm2_5 / ratio + dustAddedPm10;
            pm2_5 += 0.25 * dustAddedPm10;
            pm1 = pm2_5 * (0.72 + 0.06 * winter);
            if (IsIndoor)
            {
                double occupancy = Occupancy(unixMs);
                double infiltration = Site == SiteKind.Office ? 0.45 : 0.6;
                pm1 = pm1 * infiltration + 1.5 * occupancy;
                pm2_5 = pm2_5 * infiltration + 3 * occupancy;
                pm10 = pm10 * infiltration + 12 * occupancy;
            }
        }

        /// <summary>PM2.5 at the node, µg/m³.</summary>
        public double Pm2_5(long unixMs)
        {
            double pm1;
            double pm2_5;
            double pm10;
            Particulates(unixMs, out pm1, out pm2_5, out pm10);
            return pm2_5;
        }

        /// <summary>CO2, ppm. Indoors this is the state advanced by <see cref="AdvanceTo"/> (call it first).</summary>
        public double Co2Ppm(long unixMs)
        {
            if (!IsIndoor)
            {
                return OutdoorCo2Ppm(unixMs);
            }
            if (double.IsNaN(_co2Ppm) || _co2AtMs != unixMs)
            {
                AdvanceTo(unixMs);
            }
            return _co2Ppm;
        }

        /// <summary>Total volatile organic compounds, ppb.</summary>
        public double TvocPpb(long unixMs)
        {
            if (IsIndoor)
            {
                double excess = Math.Max(0, Co2Ppm(unixMs) - OutdoorCo2Ppm(unixMs));
                return 60 + _furnitureTvocPpb + 0.25 * excess;
            }
            double tvoc = 40 + 0.8 * Math.Pow(Pm2_5(unixMs), 0.8);
            if (Site == SiteKind.Roadside)
            {
                tvoc += 90 * Traffic(unixMs);
            }
            return tvoc;
        }

        /// <summary>A-weighted sound level, dB.</summary>
        public double NoiseDb(long unixMs)
        {
            switch (Site)
            {
                case SiteKind.Roadside:
                    return 55 + 15 * Traffic(unixMs);
                case SiteKind.Office:
                    return 32 + 20 * Occupancy(unixMs);
                case SiteKind.School:
                    return 35 + 32 * Occupancy(unixMs);
                default:
                    return 42 + 14 * Traffic(unixMs);
            }
        }

        /// <summary>Illuminance at the sensor, lx: daylight from the sun's elevation, clouds and haze; street or room lights.</summary>
        public double IlluminanceLux(long unixMs)
        {
            double outdoor = OutdoorIlluminanceLux(unixMs);
            if (!IsIndoor)
            {
                double night = Site == SiteKind.Roadside ? 15 : 8;
                return Math.Max(outdoor, night);
            }
            double lights = 450 * Math.Min(1, 3 * Occupancy(unixMs));
            return 0.015 * outdoor + lights;
        }

        /// <summary>
        /// Battery voltage, V: outdoor nodes run on a solar-charged Li-ion cell (highest in the afternoon, lowest before
        /// dawn, lower in cloudy weather); indoor nodes are mains-powered with a float-charged backup cell.
        /// </summary>
        public double BatteryVoltage(long unixMs)
        {
            if (IsIndoor)
            {
                return 4.12 + _batteryOffsetV / 4;
            }
            double solarHour = SkyAndCalendar.SolarHour(unixMs, City.LongitudeDeg);
            return 3.95 + 0.18 * Math.Cos(2 * Math.PI * (solarHour - 15) / 24) - 0.1 * Cloudiness(unixMs) + _batteryOffsetV;
        }

        /// <summary>Room occupancy, 0 (empty) to 1 (full); 0 for outdoor sites.</summary>
        public double Occupancy(long unixMs)
        {
            if (!IsIndoor || !SkyAndCalendar.IsChinaWorkday(unixMs))
            {
                return 0;
            }
            double h = SkyAndCalendar.ChinaHour(unixMs);
            if (Site == SiteKind.Office)
            {
                double lunch = 1 - 0.45 * Ramp(h, 11.9, 12.1) * (1 - Ramp(h, 13.3, 13.5));
                return 0.9 * Ramp(h, 8.0, 9.0) * (1 - Ramp(h, 17.5, 19.0)) * lunch;
            }
            double morning = Ramp(h, 7.6, 7.85) * (1 - Ramp(h, 11.8, 12.0));
            double afternoon = Ramp(h, 13.8, 14.0) * (1 - Ramp(h, 17.4, 17.6));
            double lessons = Math.Max(morning, afternoon);
            // Ten-minute breaks after each 45-minute lesson: part of the class leaves the room.
            double minute = (h - Math.Floor(h)) * 60;
            return minute >= 45 && minute < 55 ? 0.5 * lessons : lessons;
        }

        /// <summary>Road traffic intensity, 0 (deserted) to 1 (peak hour), in China Standard Time.</summary>
        public static double Traffic(long unixMs)
        {
            double h = SkyAndCalendar.ChinaHour(unixMs);
            bool workday = SkyAndCalendar.IsChinaWorkday(unixMs);
            double day = Ramp(h, 5.5, 8.0) * (1 - Ramp(h, 21.0, 24.0));
            double morningPeak = Gauss(h, 8.0, 1.0) * (workday ? 1.0 : 0.3);
            double eveningPeak = Gauss(h, 18.0, 1.2);
            return Math.Min(1, 0.1 + 0.5 * day + 0.4 * morningPeak + 0.4 * eveningPeak);
        }

        /// <summary>Outdoor air temperature, °C: the season, passing weather, and the daily cycle.</summary>
        public double OutdoorTemperatureC(long unixMs)
        {
            double mean = DailyMeanC(unixMs);
            double dayOfYear = SkyAndCalendar.DayOfYearFraction(unixMs);
            // The daily range is largest in the dry, clear spring (peak around mid-April) and smallest in the humid summer.
            double amplitude = City.DailyRangeC / 2 * (1 + 0.15 * Math.Cos(2 * Math.PI * (dayOfYear - 105) / 365.25));
            return mean + amplitude * DailyShape(SkyAndCalendar.SolarHour(unixMs, City.LongitudeDeg));
        }

        /// <summary>
        /// Shape of the daily temperature cycle by local solar hour: -1 at 06:00 (around sunrise), +1 at 14:30, a half
        /// cosine rising over 8.5 hours and falling over 15.5 hours.
        /// </summary>
        public static double DailyShape(double solarHour)
        {
            if (solarHour >= 6 && solarHour < 14.5)
            {
                return -Math.Cos(Math.PI * (solarHour - 6) / 8.5);
            }
            double h = solarHour < 6 ? solarHour + 24 : solarHour;
            return Math.Cos(Math.PI * (h - 14.5) / 15.5);
        }

        private double DailyMeanC(long unixMs)
        {
            double winter = SkyAndCalendar.Winterness(unixMs);
            double days = unixMs / MsPerDay;
            double seasonal = (City.JanuaryMeanC + City.JulyMeanC) / 2 + (City.JanuaryMeanC - City.JulyMeanC) / 2 * winter;
            // Passing weather systems: mostly regional (neighbouring cities move together), a little local.
            double anomaly = 3.0 * (0.7 * SmoothNoise.At(_regionKey, days, 4, 2) + 0.3 * SmoothNoise.At(_cityKey, days, 2, 2));
            return seasonal + anomaly + _heatIslandC;
        }

        private double DewPointC(long unixMs)
        {
            double winter = SkyAndCalendar.Winterness(unixMs);
            double days = unixMs / MsPerDay;
            double rh = (City.JanuaryHumidityPercent + City.JulyHumidityPercent) / 2
                + (City.JanuaryHumidityPercent - City.JulyHumidityPercent) / 2 * winter
                + 10 * SmoothNoise.At(_cityKey ^ 0x5248UL, days, 3, 2);
            rh = Math.Max(15, Math.Min(95, rh));
            // Magnus formula inverted (WMO constants 17.62 and 243.12 °C): the dew point of the day's mean air.
            double t = DailyMeanC(unixMs);
            double gamma = Math.Log(rh / 100) + 17.62 * t / (243.12 + t);
            return 243.12 * gamma / (17.62 - gamma);
        }

        private static double SaturationVapourPressureHpa(double temperatureC) => 6.112 * Math.Exp(17.62 * temperatureC / (243.12 + temperatureC));

        private double OutdoorCo2Ppm(long unixMs)
        {
            double hour = SkyAndCalendar.ChinaHour(unixMs);
            // Global background (~425 ppm in 2024), urban excess, night-time inversion trapping, traffic at the kerb.
            double co2 = 425 + 15 + 25 * (0.5 + 0.5 * Math.Cos(2 * Math.PI * (hour - 4) / 24)) + 10 * SkyAndCalendar.Winterness(unixMs);
            if (Site == SiteKind.Roadside)
            {
                co2 += 40 * Traffic(unixMs);
            }
            return co2;
        }

        private double Co2Equilibrium(long unixMs)
        {
            double outdoor = OutdoorCo2Ppm(unixMs);
            if (!IsIndoor)
            {
                return outdoor;
            }
            // Steady state = outdoor + generation × time constant. Full occupancy in winter (windows shut):
            // office +700 ppm, classroom +1800 ppm (classrooms are dense and poorly ventilated).
            double generationPpmPerHour = Site == SiteKind.Office ? 700 / 1.5 : 1800 / 1.5;
            return outdoor + generationPpmPerHour * VentilationTimeConstantHours(unixMs) * Occupancy(unixMs);
        }

        private static double VentilationTimeConstantHours(long unixMs) => SkyAndCalendar.IsHeatingSeason(unixMs) ? 1.5 : 0.6;

        private double OutdoorIlluminanceLux(long unixMs)
        {
            double elevation = SkyAndCalendar.SunElevationDeg(unixMs, City.LatitudeDeg, City.LongitudeDeg);
            double lux;
            if (elevation > 0)
            {
                double s = Math.Sin(elevation * Math.PI / 180);
                // Direct beam through an air mass of 1/sin(e) plus diffuse sky light; about 100 klx at zenith, 400 lx at sunrise.
                lux = 110000 * s * Math.Pow(0.8, 1 / s) + 15000 * Math.Sqrt(s) + 400;
            }
            else if (elevation > -6)
            {
                double f = (elevation + 6) / 6;
                lux = 400 * f * f * f;
            }
            else
            {
                return 0;
            }
            double clouds = 1 - 0.7 * Cloudiness(unixMs);
            double haze = Math.Exp(-Pm2_5OutdoorRough(unixMs) / 500);
            return lux * clouds * haze;
        }

        private double Pm2_5OutdoorRough(long unixMs)
        {
            double winter = SkyAndCalendar.Winterness(unixMs);
            double seasonal = City.SummerPm2_5 + (City.WinterPm2_5 - City.SummerPm2_5) * (1 + winter) / 2;
            double strongest = 0;
            for (int i = 0; i < _episodes.Length; i++)
            {
                if (_episodes[i].Kind == PollutionKind.Haze)
                {
                    strongest = Math.Max(strongest, _episodes[i].StrengthAt(unixMs) * _episodes[i].PeakUgM3);
                }
            }
            return Math.Max(seasonal, strongest);
        }

        private double Cloudiness(long unixMs)
        {
            double hours = unixMs / MsPerHour;
            // More cloud in the summer monsoon than in the dry winter.
            double mean = 0.35 - 0.15 * SkyAndCalendar.Winterness(unixMs);
            double c = mean + 0.4 * SmoothNoise.At(_cityKey ^ 0x434C4F554455UL, hours, 8, 2);
            return Math.Max(0, Math.Min(1, c));
        }

        private static double Ramp(double x, double from, double to)
        {
            double f = (x - from) / (to - from);
            f = f < 0 ? 0 : f > 1 ? 1 : f;
            return f * f * (3 - 2 * f);
        }

        private static double Gauss(double x, double centre, double width)
        {
            double d = (x - centre) / width;
            return Math.Exp(-0.5 * d * d);
        }
    }
}
