using System;
using System.Collections.Generic;
using Gateway.Simulation.Randomness;

namespace Gateway.Simulation.Environment
{
    /// <summary>
    /// Outdoor weather anywhere in the region, for models that move (trucks): the weather of the nearest city of
    /// <see cref="HebeiCities"/>. Uses only the stateless parts of <see cref="EnvironmentalModel"/>, so one instance can be
    /// shared by every truck of a scenario and read from several threads.
    /// </summary>
    public sealed class RegionalWeather
    {
        private readonly EnvironmentalModel[] _cities;

        /// <summary>Creates the weather of a scenario.</summary>
        /// <param name="scenarioSeed">The scenario's seed (the same weather as the scenario's environmental nodes).</param>
        /// <param name="episodes">The scenario's pollution episodes.</param>
        public RegionalWeather(ulong scenarioSeed, PollutionEpisode[] episodes)
        {
            IReadOnlyList<CityClimate> all = HebeiCities.All;
            _cities = new EnvironmentalModel[all.Count];
            for (int i = 0; i < all.Count; i++)
            {
                ulong key = StableHash.Mix(scenarioSeed, StableHash.OfText("weather-station-" + all[i].Id));
                _cities[i] = new EnvironmentalModel(all[i], SiteKind.Outdoor, scenarioSeed, key, episodes ?? Array.Empty<PollutionEpisode>());
            }
        }

        /// <summary>Outdoor air temperature at a place, °C (that of the nearest city).</summary>
        public double AmbientTemperatureC(double latitudeDeg, double longitudeDeg, long unixMs)
        {
            CityClimate nearest = HebeiCities.Nearest(latitudeDeg, longitudeDeg);
            IReadOnlyList<CityClimate> all = HebeiCities.All;
            for (int i = 0; i < all.Count; i++)
            {
                if (ReferenceEquals(all[i], nearest))
                {
                    return _cities[i].OutdoorTemperatureC(unixMs);
                }
            }
            return _cities[0].OutdoorTemperatureC(unixMs);
        }
    }
}
