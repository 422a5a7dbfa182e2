using System;
using Gateway.Simulation.Environment;

namespace Gateway.Simulation.Logistics
{
    /// <summary>Kind of road between two waypoints; decides the speed range and the sky view.</summary>
    public enum RoadKind
    {
        /// <summary>City streets: 30–50 km/h, traffic lights, buildings hide low satellites.</summary>
        City = 0,
        /// <summary>National or provincial road: 60–80 km/h.</summary>
        Rural = 1,
        /// <summary>Expressway: 80–100 km/h (trucks; the car limit is 120).</summary>
        Highway = 2,
        /// <summary>Tunnel: 60–80 km/h, no satellite in view, no cellular coverage.</summary>
        Tunnel = 3,
    }

    /// <summary>A point of a route: where it is, and whether trucks stop there.</summary>
    public sealed class Waypoint
    {
        /// <summary>Creates a waypoint.</summary>
        /// <param name="name">What is there (shown in logs and the README).</param>
        /// <param name="latitudeDeg">Latitude, degrees north (WGS-84).</param>
        /// <param name="longitudeDeg">Longitude, degrees east (WGS-84).</param>
        /// <param name="altitudeM">Altitude above mean sea level, m.</param>
        /// <param name="stopMinutes">How long a truck stops here, minutes (0: drives through).</param>
        /// <param name="doorOpens">Whether the cargo door is opened during the stop (loading, delivery).</param>
        public Waypoint(string name, double latitudeDeg, double longitudeDeg, double altitudeM, double stopMinutes, bool doorOpens)
        {
            Name = name;
            LatitudeDeg = latitudeDeg;
            LongitudeDeg = longitudeDeg;
            AltitudeM = altitudeM;
            StopMinutes = stopMinutes;
            DoorOpens = doorOpens;
        }

        /// <summary>What is there.</summary>
        public string Name { get; }

        /// <summary>Latitude, degrees north.</summary>
        public double LatitudeDeg { get; }

        /// <summary>Longitude, degrees east.</summary>
        public double LongitudeDeg { get; }

        /// <summary>Altitude above mean sea level, m.</summary>
        public double AltitudeM { get; }

        /// <summary>Stop duration, minutes; 0 to drive through.</summary>
        public double StopMinutes { get; }

        /// <summary>True when the cargo door opens during the stop.</summary>
        public bool DoorOpens { get; }
    }

    /// <summary>
    /// A road route between places: waypoints and the kind of road between each pair. Trucks drive it from the first
    /// waypoint to the last, stop, and drive it back (a shuttle), so a route serves a scenario of any length.
    /// </summary>
    public sealed class Route
    {
        private readonly Waypoint[] _waypoints;
        private readonly RoadKind[] _roads;
        private readonly double[] _legLengthM;
        private readonly double[] _legCourseDeg;

        /// <summary>Creates a route.</summary>
        /// <param name="id">Id used in scenario files, e.g. <c>sjz-beijing</c>.</param>
        /// <param name="description">One line: where it goes and on which roads.</param>
        /// <param name="waypoints">At least 2 waypoints.</param>
        /// <param name="roads">One road kind per leg (waypoints − 1).</param>
        /// <exception cref="ArgumentException">When the counts do not fit.</exception>
        public Route(string id, string description, Waypoint[] waypoints, RoadKind[] roads)
        {
            if (waypoints == null || waypoints.Length < 2)
            {
                throw new ArgumentException("a route needs at least 2 waypoints", nameof(waypoints));
            }
            if (roads == null || roads.Length != waypoints.Length - 1)
            {
                throw new ArgumentException("a route needs one road kind per leg (" + (waypoints.Length - 1) + ")", nameof(roads));
            }
            Id = id;
            Description = description;
            _waypoints = waypoints;
            _roads = roads;
            _legLengthM = new double[roads.Length];
            _legCourseDeg = new double[roads.Length];
            for (int i = 0; i < roads.Length; i++)
            {
                Waypoint a = waypoints[i];
                Waypoint b = waypoints[i + 1];
                _legLengthM[i] = Geo.DistanceKm(a.LatitudeDeg, a.LongitudeDeg, b.LatitudeDeg, b.LongitudeDeg) * 1000;
                _legCourseDeg[i] = Geo.BearingDeg(a.LatitudeDeg, a.LongitudeDeg, b.LatitudeDeg, b.LongitudeDeg);
                LengthM += _legLengthM[i];
            }
        }

        /// <summary>Id used in scenario files.</summary>
        public string Id { get; }

        /// <summary>One-line description.</summary>
        public string Description { get; }

        /// <summary>Number of waypoints.</summary>
        public int WaypointCount => _waypoints.Length;

        /// <summary>Number of legs (waypoints − 1).</summary>
        public int LegCount => _roads.Length;

        /// <summary>Total length one way, m.</summary>
        public double LengthM { get; }

        /// <summary>Waypoint <paramref name="index"/>.</summary>
        public Waypoint Waypoint(int index) => _waypoints[index];

        /// <summary>Road kind of leg <paramref name="leg"/> (from waypoint leg to leg + 1).</summary>
        public RoadKind Road(int leg) => _roads[leg];

        /// <summary>Length of leg <paramref name="leg"/>, m.</summary>
        public double LegLengthM(int leg) => _legLengthM[leg];

        /// <summary>Course from the start of leg <paramref name="leg"/> to its end, degrees from true north.</summary>
        public double LegCourseDeg(int leg) => _legCourseDeg[leg];

        /// <summary>Position <paramref name="metres"/> into leg <paramref name="leg"/> (linear between the waypoints; legs are short enough).</summary>
        public void PositionOnLeg(int leg, double metres, out double latitudeDeg, out double longitudeDeg, out double altitudeM)
        {
            Waypoint a = _waypoints[leg];
            Waypoint b = _waypoints[leg + 1];
            double f = _legLengthM[leg] <= 0 ? 0 : metres / _legLengthM[leg];
            f = f < 0 ? 0 : f > 1 ? 1 : f;
            latitudeDeg = a.LatitudeDeg + (b.LatitudeDeg - a.LatitudeDeg) * f;
            longitudeDeg = a.LongitudeDeg + (b.LongitudeDeg - a.LongitudeDeg) * f;
            altitudeM = a.AltitudeM + (b.AltitudeM - a.AltitudeM) * f;
        }

        /// <summary>Distance from a point to the nearest point of the route's polyline, m (flat-Earth, fine for a few hundred km).</summary>
        public double DistanceFromRouteM(double latitudeDeg, double longitudeDeg)
        {
            double best = double.MaxValue;
            double metresPerDegLat = 111320.0;
            double metresPerDegLon = 111320.0 * Math.Cos(latitudeDeg * Math.PI / 180);
            for (int leg = 0; leg < _roads.Length; leg++)
            {
                Waypoint a = _waypoints[leg];
                Waypoint b = _waypoints[leg + 1];
                double ax = (a.LongitudeDeg - longitudeDeg) * metresPerDegLon;
                double ay = (a.LatitudeDeg - latitudeDeg) * metresPerDegLat;
                double bx = (b.LongitudeDeg - longitudeDeg) * metresPerDegLon;
                double by = (b.LatitudeDeg - latitudeDeg) * metresPerDegLat;
                double dx = bx - ax;
                double dy = by - ay;
                double lengthSquared = dx * dx + dy * dy;
                double t = lengthSquared <= 0 ? 0 : -(ax * dx + ay * dy) / lengthSquared;
                t = t < 0 ? 0 : t > 1 ? 1 : t;
                double px = ax + t * dx;
                double py = ay + t * dy;
                double d = Math.Sqrt(px * px + py * py);
                if (d < best)
                {
                    best = d;
                }
            }
            return best;
        }

        /// <summary>Speed range of a road kind, km/h.</summary>
        public static void SpeedRangeKmh(RoadKind road, out double minimumKmh, out double maximumKmh)
        {
            switch (road)
            {
                case RoadKind.City:
                    minimumKmh = 30;
                    maximumKmh = 50;
                    break;
                case RoadKind.Rural:
                    minimumKmh = 60;
                    maximumKmh = 80;
                    break;
                case RoadKind.Tunnel:
                    minimumKmh = 60;
                    maximumKmh = 80;
                    break;
                default:
                    minimumKmh = 80;
                    maximumKmh = 100;
                    break;
            }
        }
    }
}
