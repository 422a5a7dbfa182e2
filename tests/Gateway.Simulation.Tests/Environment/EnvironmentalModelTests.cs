using System;
using System.Collections.Generic;
using Gateway.Simulation.Environment;
using Xunit;

namespace Gateway.Simulation.Tests.Environment
{
    public class EnvironmentalModelTests
    {
        private const long Hour = 3600000;
        private const long Day = 24 * Hour;
        private const long January15 = 1705276800000;  // 2024-01-15T00:00:00Z, a Monday
        private const long July15 = 1721001600000;     // 2024-07-15T00:00:00Z, a Monday

        private static EnvironmentalModel Model(string city, SiteKind site = SiteKind.Outdoor, ulong seed = 7, PollutionEpisode[]? episodes = null) =>
            new EnvironmentalModel(HebeiCities.Get(city), site, seed, 42, episodes ?? Array.Empty<PollutionEpisode>());

        [Fact]
        public void Same_seed_gives_the_same_weather_and_another_seed_other_weather()
        {
            EnvironmentalModel a = Model("sjz", seed: 1);
            EnvironmentalModel b = Model("sjz", seed: 1);
            EnvironmentalModel c = Model("sjz", seed: 2);
            int differences = 0;
            for (long t = January15; t < January15 + 3 * Day; t += Hour)
            {
                Assert.Equal(a.TemperatureC(t), b.TemperatureC(t));
                Assert.Equal(a.Pm2_5(t), b.Pm2_5(t));
                Assert.Equal(a.PressurePa(t), b.PressurePa(t));
                if (Math.Abs(a.TemperatureC(t) - c.TemperatureC(t)) > 0.01)
                {
                    differences++;
                }
            }
            Assert.True(differences > 60, "other seed differs in " + differences + " of 72 hours");
        }

        [Theory]
        [InlineData("sjz", January15)]
        [InlineData("zjk", January15)]
        [InlineData("qhd", July15)]
        [InlineData("hd", July15)]
        public void Daily_temperature_cycle_is_coldest_near_dawn_and_warmest_in_the_afternoon(string cityId, long dayStart)
        {
            EnvironmentalModel model = Model(cityId);
            CityClimate city = model.City;
            for (int day = 0; day < 3; day++)
            {
                double max = double.MinValue;
                double min = double.MaxValue;
                double maxHour = 0;
                double minHour = 0;
                // Local solar midnight of this day.
                long midnight = dayStart + day * Day - (long)(city.LongitudeDeg / 15 * Hour);
                for (long t = midnight; t < midnight + Day; t += 10 * 60000)
                {
                    double temperature = model.OutdoorTemperatureC(t);
                    double solarHour = SkyAndCalendar.SolarHour(t, city.LongitudeDeg);
                    if (temperature > max)
                    {
                        max = temperature;
                        maxHour = solarHour;
                    }
                    if (temperature < min)
                    {
                        min = temperature;
                        minHour = solarHour;
                    }
                }
                Assert.InRange(maxHour, 12.5, 17.0);
                Assert.True(minHour >= 3.0 && minHour <= 8.5, cityId + " day " + day + ": coldest at solar hour " + minHour);
                Assert.InRange(max - min, 0.6 * city.DailyRangeC, 1.5 * city.DailyRangeC);
            }
        }

        [Fact]
        public void Winter_is_cold_and_summer_hot_around_the_city_normals()
        {
            EnvironmentalModel model = Model("sjz");
            double january = Mean(t => model.OutdoorTemperatureC(t), January15, 10 * Day);
            double july = Mean(t => model.OutdoorTemperatureC(t), July15, 10 * Day);
            Assert.InRange(january, -7, 3);
            Assert.InRange(july, 23, 32);
        }

        [Fact]
        public void Zhangjiakou_on_the_plateau_edge_reads_lower_pressure_than_the_plain()
        {
            double plain = Model("sjz").PressurePa(January15);
            double plateau = Model("zjk").PressurePa(January15);
            Assert.InRange(plain, 100000, 105000);
            Assert.InRange(plateau, 91000, 95500);
            Assert.True(plain - plateau > 6500, "difference " + (plain - plateau) + " Pa");
        }

        [Fact]
        public void Relative_humidity_falls_as_the_air_warms_through_the_day()
        {
            EnvironmentalModel model = Model("bd");
            List<double> temperature = new List<double>();
            List<double> humidity = new List<double>();
            for (long t = July15; t < July15 + 2 * Day; t += 30 * 60000)
            {
                temperature.Add(model.TemperatureC(t));
                humidity.Add(model.RelativeHumidityPercent(t));
                Assert.InRange(humidity[humidity.Count - 1], 5, 100);
            }
            Assert.True(Correlation(temperature, humidity) < -0.7, "correlation " + Correlation(temperature, humidity));
        }

        [Fact]
        public void Haze_episode_raises_PM2_5_in_the_cities_it_covers_and_then_clears()
        {
            PollutionEpisode haze = new PollutionEpisode(PollutionKind.Haze, January15 + Day, 3 * Day, 350, new string[] { "sjz" });
            EnvironmentalModel covered = Model("sjz", episodes: new PollutionEpisode[] { haze });
            EnvironmentalModel clean = Model("sjz");
            EnvironmentalModel elsewhere = Model("zjk", episodes: new PollutionEpisode[] { haze });
            EnvironmentalModel elsewhereClean = Model("zjk");

            long plateau = January15 + Day + (long)(0.8 * 3 * Day);
            Assert.Equal(clean.Pm2_5(January15 + 12 * Hour), covered.Pm2_5(January15 + 12 * Hour));
            Assert.True(covered.Pm2_5(plateau) >= 0.8 * 350, "PM2.5 at the peak " + covered.Pm2_5(plateau));
            Assert.True(covered.Pm2_5(plateau) > 1.5 * clean.Pm2_5(plateau));
            Assert.Equal(elsewhereClean.Pm2_5(plateau), elsewhere.Pm2_5(plateau));
            Assert.Equal(clean.Pm2_5(January15 + 5 * Day), covered.Pm2_5(January15 + 5 * Day));

            covered.Particulates(plateau, out double pm1, out double pm2_5, out double pm10);
            Assert.True(pm1 < pm2_5 && pm2_5 < pm10, pm1 + " < " + pm2_5 + " < " + pm10);
            Assert.InRange(pm2_5 / pm10, 0.6, 0.85);
        }

        [Fact]
        public void Dust_storm_raises_PM10_far_more_than_PM2_5()
        {
            long march20 = 1710892800000; // 2024-03-20T00:00:00Z
            PollutionEpisode dust = new PollutionEpisode(PollutionKind.Dust, march20, Day, 800, Array.Empty<string>());
            EnvironmentalModel model = Model("zjk", episodes: new PollutionEpisode[] { dust });
            long peak = march20 + (long)(0.15 * Day);

            model.Particulates(peak, out _, out double pm2_5, out double pm10);
            Assert.True(pm10 > 700, "PM10 " + pm10);
            Assert.True(pm2_5 / pm10 < 0.4, "PM2.5/PM10 " + pm2_5 / pm10);
        }

        [Fact]
        public void Classroom_CO2_builds_up_in_lessons_and_airs_out_at_night_and_at_weekends()
        {
            EnvironmentalModel classroom = Model("xa", SiteKind.School);
            double Co2At(long t)
            {
                classroom.AdvanceTo(t);
                return classroom.Co2Ppm(t);
            }
            // 2024-01-15 is a Monday: 02:30 UTC is 10:30 in China, mid-morning lessons; 19:00 UTC is 03:00.
            double night = Co2At(January15 - 5 * Hour);
            double lesson = Co2At(January15 + 2 * Hour + 30 * 60000);
            double afterSchool = Co2At(January15 + 19 * Hour);
            double saturday = Co2At(January15 + 5 * Day + 2 * Hour + 30 * 60000);

            Assert.InRange(night, 420, 520);
            Assert.True(lesson > 1300, "mid-lesson CO2 " + lesson);
            Assert.True(afterSchool < 600, "03:00 CO2 " + afterSchool);
            Assert.True(saturday < 600, "Saturday CO2 " + saturday);
            Assert.True(classroom.TvocPpb(January15 + 2 * Hour + 30 * 60000) > classroom.TvocPpb(January15 + 19 * Hour));
        }

        [Fact]
        public void Roadside_noise_follows_the_rush_hours()
        {
            EnvironmentalModel kerb = Model("sjz", SiteKind.Roadside);
            double rush = kerb.NoiseDb(January15 + 10 * Hour);   // 18:00 in China
            double night = kerb.NoiseDb(January15 - 4 * Hour);   // 04:00 in China
            Assert.True(rush > night + 8, "rush " + rush + " dB, night " + night + " dB");
        }

        [Fact]
        public void Daylight_follows_the_sun()
        {
            EnvironmentalModel model = Model("sjz");
            double noon = model.IlluminanceLux(July15 + 4 * Hour + 20 * 60000);     // about 12:20 local solar time
            double midnight = model.IlluminanceLux(July15 + 16 * Hour + 20 * 60000);
            Assert.True(noon > 20000, "noon " + noon + " lx");
            Assert.True(midnight < 20, "midnight " + midnight + " lx");
            Assert.InRange(SkyAndCalendar.SunElevationDeg(1718928000000 + 4 * Hour + 20 * 60000, 38.04, 114.51), 73, 77); // 21 June, ~12:20 solar: 90 - 38.0 + 23.4
        }

        private static double Mean(Func<long, double> f, long from, long length)
        {
            double sum = 0;
            int n = 0;
            for (long t = from; t < from + length; t += Hour)
            {
                sum += f(t);
                n++;
            }
            return sum / n;
        }

        private static double Correlation(List<double> x, List<double> y)
        {
            double mx = 0;
            double my = 0;
            for (int i = 0; i < x.Count; i++)
            {
                mx += x[i];
                my += y[i];
            }
            mx /= x.Count;
            my /= y.Count;
            double sxy = 0;
            double sxx = 0;
            double syy = 0;
            for (int i = 0; i < x.Count; i++)
            {
                sxy += (x[i] - mx) * (y[i] - my);
                sxx += (x[i] - mx) * (x[i] - mx);
                syy += (y[i] - my) * (y[i] - my);
            }
            return sxy / Math.Sqrt(sxx * syy);
        }
    }
}
