using System;
using Gateway.Simulation.Environment;
using Gateway.Simulation.Logistics;
using Gateway.Simulation.Randomness;
using Gateway.Simulation.Time;

namespace Gateway.Simulation.Tests.Logistics
{
    internal static class TruckTestKit
    {
        public const long Minute = 60000;
        public const long Hour = 60 * Minute;
        public const long January15 = 1705276800000;  // 2024-01-15T00:00:00Z
        public const long July15 = 1721001600000;     // 2024-07-15T00:00:00Z

        public static TruckModel Truck(string route, long start, ulong seed = 5, bool reefer = true, long departureDelayMs = 0)
        {
            TruckOptions options = new TruckOptions { Reefer = reefer, DepartureDelayMs = departureDelayMs };
            return new TruckModel(RouteCatalog.Get(route), options, new RegionalWeather(seed, Array.Empty<PollutionEpisode>()), start, new SimRandom(seed, 1, 2));
        }

        public static NmeaReceiverModel Receiver(TruckModel truck, VirtualClock clock, GnssTalkerMode mode, long timeToFirstFixMs = 0) =>
            new NmeaReceiverModel(truck, clock, mode, new SimRandom(99, 3, 4), timeToFirstFixMs);
    }
}
