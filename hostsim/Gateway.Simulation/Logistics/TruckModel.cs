using System;
using Gateway.Simulation.Environment;
using Gateway.Simulation.Randomness;

namespace Gateway.Simulation.Logistics
{
    /// <summary>What a truck is doing.</summary>
    public enum TruckActivity
    {
        /// <summary>Parked at a waypoint (loading, delivery, rest, toll).</summary>
        Stopped = 0,
        /// <summary>Waiting at a red traffic light.</summary>
        AtTrafficLight = 1,
        /// <summary>Driving.</summary>
        Driving = 2,
    }

    /// <summary>
    /// One truck shuttling along a <see cref="Route"/>, advanced in one-second steps by <see cref="AdvanceTo"/>:
    /// plausible speeds per road kind (city 30–50 km/h with traffic lights and rush-hour congestion, highway 80–100 km/h),
    /// acceleration and braking, stops with the cargo door opened for loading and delivery, road shocks (potholes more
    /// often in town), the reefer's thermostat keeping the cargo at its set point against the ambient temperature, and the
    /// tracker's battery. Faults: <see cref="SetCoolingFailed"/>, <see cref="OpenDoorFor"/> (door opened in transit),
    /// <see cref="Drop"/> (the tracker falls or is hit). Deterministic for its <see cref="SimRandom"/>.
    /// </summary>
    public sealed class TruckModel
    {
        /// <summary>Standard gravity, m/s² (CGPM 1901).</summary>
        public const double StandardGravity = 9.80665;

        private const long StepMs = 1000;
        private const double AccelerationMps2 = 0.7;
        private const double BrakingMps2 = 1.5;
        private const double WallTimeConstantHours = 6.0;
        private const double DoorTimeConstantHours = 3.0;
        private const double CoolingCapacityCPerHour = 12.0;
        private const double HeatingCapacityCPerHour = 4.0;
        private const long AmbientRefreshMs = 60000;
        private const long DoorOpenDelayMs = 60000;
        private const long DoorCloseBeforeDepartureMs = 120000;

        private static readonly double[] s_chargeSteps = new double[] { 0.0, 0.05, 0.1, 0.2, 0.5, 0.8, 0.9, 1.0 };
        private static readonly double[] s_voltageSteps = new double[] { 3.30, 3.55, 3.62, 3.70, 3.80, 3.95, 4.05, 4.15 };

        private readonly Route _route;
        private readonly TruckOptions _options;
        private readonly RegionalWeather _weather;
        private readonly SimRandom _random;
        private readonly ulong _trafficKey;
        private readonly double _mountTiltDeg;

        private long _timeMs;
        private bool _forward = true;
        private int _step = -1;            // leg counter in the current direction, 0 .. LegCount-1; -1 before the first leg
        private double _positionM;         // metres travelled along the current leg
        private double _legTargetMps;
        private double _nextLightM = double.PositiveInfinity;
        private bool _lightRed;
        private long _waitUntilMs;
        private long _doorOpenFromMs = long.MaxValue;
        private long _doorOpenUntilMs = long.MinValue;
        private long _transitDoorUntilMs = long.MinValue;
        private double _peakAccelerationMps2;
        private double _dropTiltDeg;
        private double _ambientC;
        private long _ambientAtMs = long.MinValue;
        private double _chargeFraction;

        /// <summary>Creates a truck parked at the route's origin at <paramref name="startUnixMs"/>.</summary>
        /// <param name="route">The route it shuttles on.</param>
        /// <param name="options">Equipment and departure delay.</param>
        /// <param name="weather">Ambient weather along the route.</param>
        /// <param name="startUnixMs">Start time, ms since the Unix epoch (rounded down to a whole second).</param>
        /// <param name="random">The truck's own generator.</param>
        public TruckModel(Route route, TruckOptions options, RegionalWeather weather, long startUnixMs, SimRandom random)
        {
            _route = route ?? throw new ArgumentNullException(nameof(route));
            _options = options ?? throw new ArgumentNullException(nameof(options));
            _weather = weather ?? throw new ArgumentNullException(nameof(weather));
            _random = random ?? throw new ArgumentNullException(nameof(random));
            _trafficKey = random.NextUInt64();
            _mountTiltDeg = random.Uniform(0.5, 3.0);
            _timeMs = startUnixMs - startUnixMs % StepMs;
            _chargeFraction = Math.Max(0, Math.Min(1, options.InitialCharge));
            OpenSkySinceUnixMs = _timeMs;
            Waypoint origin = route.Waypoint(0);
            LatitudeDeg = origin.LatitudeDeg;
            LongitudeDeg = origin.LongitudeDeg;
            AltitudeM = origin.AltitudeM;
            CourseDeg = route.LegCourseDeg(0);
            Road = route.Road(0);
            RefreshAmbient(true);
            CargoTemperatureC = options.Reefer ? options.SetpointC + random.Uniform(-0.8, 0.8) : _ambientC;
            // Parked at the origin until departure; loading happens in the last part of the wait.
            double loadingMs = Math.Max(origin.StopMinutes, 10) * 60000;
            long departure = _timeMs + Math.Max(0, options.DepartureDelayMs) + (long)loadingMs;
            BeginStop(origin, _timeMs, departure, origin.DoorOpens);
        }

        /// <summary>The route.</summary>
        public Route Route => _route;

        /// <summary>Time the model has been advanced to, ms since the Unix epoch (whole seconds).</summary>
        public long TimeUnixMs => _timeMs;

        /// <summary>What the truck is doing.</summary>
        public TruckActivity Activity { get; private set; }

        /// <summary>Name of the waypoint the truck is stopped at; empty while driving.</summary>
        public string StoppedAt { get; private set; } = string.Empty;

        /// <summary>True while driving from the first waypoint to the last; false on the way back.</summary>
        public bool Outbound => _forward;

        /// <summary>Latitude, degrees north.</summary>
        public double LatitudeDeg { get; private set; }

        /// <summary>Longitude, degrees east.</summary>
        public double LongitudeDeg { get; private set; }

        /// <summary>Altitude above mean sea level, m.</summary>
        public double AltitudeM { get; private set; }

        /// <summary>Speed over ground, m/s.</summary>
        public double SpeedMps { get; private set; }

        /// <summary>Course over ground, degrees from true north.</summary>
        public double CourseDeg { get; private set; }

        /// <summary>The kind of road the truck is on.</summary>
        public RoadKind Road { get; private set; }

        /// <summary>True inside a tunnel (no sky, no cellular coverage).</summary>
        public bool InTunnel => Road == RoadKind.Tunnel && Activity == TruckActivity.Driving;

        /// <summary>When the truck last came out under the open sky (or started), ms since the Unix epoch.</summary>
        public long OpenSkySinceUnixMs { get; private set; }

        /// <summary>True while the cargo door is open.</summary>
        public bool DoorOpen => (_timeMs >= _doorOpenFromMs && _timeMs < _doorOpenUntilMs) || _timeMs < _transitDoorUntilMs;

        /// <summary>Cargo air temperature at the probe, °C.</summary>
        public double CargoTemperatureC { get; private set; }

        /// <summary>Outdoor temperature where the truck is, °C.</summary>
        public double AmbientTemperatureC => _ambientC;

        /// <summary>True while the reefer's compressor runs.</summary>
        public bool CompressorOn { get; private set; }

        /// <summary>True while the reefer's heater runs (winter).</summary>
        public bool HeaterOn { get; private set; }

        /// <summary>True while the injected cooling failure lasts: the reefer unit neither cools nor heats.</summary>
        public bool CoolingFailed { get; private set; }

        /// <summary>Tilt of the tracker from upright, degrees: mounting, road grade, braking; large after a drop.</summary>
        public double TiltDeg { get; private set; }

        /// <summary>Tracker battery charge, 0 to 1.</summary>
        public double ChargeFraction => _chargeFraction;

        /// <summary>Tracker battery voltage, V (single Li-ion cell: 4.15 V full, 3.3 V empty).</summary>
        public double BatteryVoltage => VoltageForCharge(_chargeFraction);

        /// <summary>Distance driven, m.</summary>
        public double OdometerM { get; private set; }

        /// <summary>One-way trips completed (arrivals at either end of the route).</summary>
        public int TripsCompleted { get; private set; }

        /// <summary>Shocks (potholes, drops) above 1.5 g so far.</summary>
        public long Shocks { get; private set; }

        /// <summary>
        /// Returns the peak acceleration magnitude (gravity included) since the last call, m/s², and starts a new peak
        /// (the accelerometer's peak-hold register, read and cleared by the sensor).
        /// </summary>
        public double TakePeakAccelerationMps2()
        {
            double peak = _peakAccelerationMps2 > 0 ? _peakAccelerationMps2 : StandardGravity;
            _peakAccelerationMps2 = 0;
            return peak;
        }

        /// <summary>Starts or ends a failure of the reefer unit.</summary>
        public void SetCoolingFailed(bool failed)
        {
            CoolingFailed = failed;
            if (failed)
            {
                CompressorOn = false;
                HeaterOn = false;
            }
        }

        /// <summary>Opens the cargo door now for <paramref name="durationMs"/>, wherever the truck is (the "door opened in transit" fault).</summary>
        public void OpenDoorFor(long durationMs)
        {
            _transitDoorUntilMs = _timeMs + Math.Max(0, durationMs);
        }

        /// <summary>The tracker is dropped or struck: a shock of <paramref name="peakG"/> g, after which it sits tilted by <paramref name="tiltDeg"/>.</summary>
        public void Drop(double peakG, double tiltDeg)
        {
            RecordAcceleration(peakG * StandardGravity);
            _dropTiltDeg = tiltDeg;
            TiltDeg = Math.Min(180, _mountTiltDeg + _dropTiltDeg);
        }

        /// <summary>Advances the truck in one-second steps to <paramref name="unixMs"/> (rounded down to a whole second). Earlier times are ignored.</summary>
        public void AdvanceTo(long unixMs)
        {
            while (_timeMs + StepMs <= unixMs)
            {
                _timeMs += StepMs;
                Step();
            }
        }

        private void Step()
        {
            RefreshAmbient(false);
            double oldSpeed = SpeedMps;
            switch (Activity)
            {
                case TruckActivity.Stopped:
                    SpeedMps = 0;
                    if (_timeMs >= _waitUntilMs)
                    {
                        Depart();
                    }
                    else if (DoorOpen && _random.Chance(0.01))
                    {
                        RecordAcceleration(_random.Uniform(1.2, 1.7) * StandardGravity); // pallet jack over the door sill
                    }
                    break;
                case TruckActivity.AtTrafficLight:
                    SpeedMps = 0;
                    if (_timeMs >= _waitUntilMs)
                    {
                        Activity = TruckActivity.Driving;
                        PlaceNextLight();
                    }
                    break;
                default:
                    Drive();
                    break;
            }
            double accelerationMps2 = SpeedMps - oldSpeed;
            Vibrate();
            UpdateTilt(accelerationMps2);
            UpdateCargo();
            _chargeFraction = Math.Max(0, _chargeFraction - _options.BatteryDrainPerHour / 3600.0);
        }

        private void Drive()
        {
            int leg = RouteLeg;
            double length = _route.LegLengthM(leg);
            double remaining = length - _positionM;
            Waypoint end = EndWaypoint;
            bool stopAhead = end.StopMinutes > 0 || IsLastStep;

            double target = TargetSpeedMps();
            double allowed = target;
            if (stopAhead)
            {
                allowed = Math.Min(allowed, Math.Sqrt(2 * BrakingMps2 * Math.Max(0, remaining - 2)));
            }
            else if (!IsLastStep)
            {
                // Slow down before a slower road (leaving the expressway into town), done 30 m before it starts.
                double nextMin;
                double nextMax;
                Route.SpeedRangeKmh(_route.Road(NextRouteLeg), out nextMin, out nextMax);
                double nextTarget = nextMax / 3.6;
                allowed = Math.Min(allowed, Math.Sqrt(nextTarget * nextTarget + 2 * BrakingMps2 * Math.Max(0, remaining - 30)));
            }
            if (_lightRed && _nextLightM < length)
            {
                allowed = Math.Min(allowed, Math.Sqrt(2 * BrakingMps2 * Math.Max(0, _nextLightM - _positionM - 2)));
            }
            double speed = SpeedMps;
            speed = speed < allowed ? Math.Min(allowed, speed + AccelerationMps2) : Math.Max(allowed, speed - BrakingMps2 * 1.5);
            SpeedMps = speed;
            _positionM += speed;
            OdometerM += speed;

            if (_nextLightM < length && _positionM >= _nextLightM - 3)
            {
                if (_lightRed && speed < 0.5)
                {
                    Activity = TruckActivity.AtTrafficLight;
                    _waitUntilMs = _timeMs + (long)(_random.Uniform(15, 60) * 1000);
                    _nextLightM = double.PositiveInfinity;
                }
                else if (!_lightRed)
                {
                    PlaceNextLight();
                }
            }

            if (_positionM >= length - 3 && (!stopAhead || speed < 0.5))
            {
                double carry = Math.Max(0, _positionM - length);
                if (stopAhead)
                {
                    Arrive(end);
                }
                else
                {
                    _step++;
                    _positionM = carry;
                    EnterLeg();
                }
            }
            UpdatePosition();
        }

        private void Arrive(Waypoint end)
        {
            SpeedMps = 0;
            bool last = IsLastStep;
            _positionM = _route.LegLengthM(RouteLeg);
            UpdatePosition();
            double minutes = end.StopMinutes > 0 ? end.StopMinutes : 10;
            // Real stops vary: ±20 %.
            long until = _timeMs + (long)(minutes * 60000 * _random.Uniform(0.8, 1.2));
            BeginStop(end, _timeMs, until, end.DoorOpens);
            if (last)
            {
                TripsCompleted++;
                _forward = !_forward;
                _step = -1; // Depart() moves to step 0 of the new direction.
            }
        }

        private void BeginStop(Waypoint where, long fromMs, long untilMs, bool doorOpens)
        {
            Activity = TruckActivity.Stopped;
            StoppedAt = where.Name;
            SpeedMps = 0;
            _waitUntilMs = untilMs;
            if (doorOpens && untilMs - fromMs > DoorOpenDelayMs + DoorCloseBeforeDepartureMs)
            {
                long stopMs = (long)(Math.Max(where.StopMinutes, 1) * 60000);
                _doorOpenFromMs = Math.Max(fromMs + DoorOpenDelayMs, untilMs - stopMs + DoorOpenDelayMs);
                _doorOpenUntilMs = untilMs - DoorCloseBeforeDepartureMs;
            }
        }

        private void Depart()
        {
            _step = _step < 0 ? 0 : _step + 1;
            _positionM = 0;
            StoppedAt = string.Empty;
            Activity = TruckActivity.Driving;
            EnterLeg();
        }

        private void EnterLeg()
        {
            RoadKind road = _route.Road(RouteLeg);
            bool wasTunnel = Road == RoadKind.Tunnel;
            Road = road;
            if (wasTunnel && road != RoadKind.Tunnel)
            {
                OpenSkySinceUnixMs = _timeMs;
            }
            double min;
            double max;
            Route.SpeedRangeKmh(road, out min, out max);
            _legTargetMps = _random.Uniform(min, max) / 3.6;
            CourseDeg = _forward ? _route.LegCourseDeg(RouteLeg) : (_route.LegCourseDeg(RouteLeg) + 180) % 360;
            PlaceNextLight();
        }

        private void PlaceNextLight()
        {
            if (Road != RoadKind.City)
            {
                _nextLightM = double.PositiveInfinity;
                _lightRed = false;
                return;
            }
            // Signalised junctions every ~600 m in town; about half of them are red when the truck arrives.
            _nextLightM = _positionM + 50 + _random.Exponential(550);
            _lightRed = _random.Chance(0.5);
        }

        private double TargetSpeedMps()
        {
            double minutes = _timeMs / 60000.0;
            double wander = 0.93 + 0.07 * SmoothNoise.At(_trafficKey, minutes, 5, 2);
            double traffic = EnvironmentalModel.Traffic(_timeMs);
            double congestion = Road == RoadKind.City ? 1 - 0.3 * traffic : 1 - 0.08 * traffic;
            return _legTargetMps * wander * congestion;
        }

        private void UpdatePosition()
        {
            int leg = RouteLeg;
            double along = _forward ? _positionM : _route.LegLengthM(leg) - _positionM;
            double lat;
            double lon;
            double alt;
            _route.PositionOnLeg(leg, along, out lat, out lon, out alt);
            LatitudeDeg = lat;
            LongitudeDeg = lon;
            AltitudeM = alt;
        }

        private void Vibrate()
        {
            double speed = SpeedMps;
            if (Activity != TruckActivity.Driving || speed < 0.1)
            {
                RecordAcceleration(StandardGravity + Math.Abs(_random.Gaussian(0, 0.03)));
                return;
            }
            // Road vibration grows with speed; potholes are more frequent on town streets than on expressways.
            RecordAcceleration(StandardGravity + Math.Abs(_random.Gaussian(0, 0.2 + 0.03 * speed)));
            double potholesPerKm = Road == RoadKind.City ? 0.4 : Road == RoadKind.Rural ? 0.3 : Road == RoadKind.Tunnel ? 0.02 : 0.05;
            if (_random.Chance(potholesPerKm * speed / 1000))
            {
                RecordAcceleration(_random.Uniform(1.6, 3.0) * StandardGravity);
            }
        }

        private void RecordAcceleration(double magnitudeMps2)
        {
            if (magnitudeMps2 > 1.5 * StandardGravity)
            {
                Shocks++;
            }
            if (magnitudeMps2 > _peakAccelerationMps2)
            {
                _peakAccelerationMps2 = magnitudeMps2;
            }
        }

        private void UpdateTilt(double accelerationMps2)
        {
            double gradeDeg = 0;
            if (Activity == TruckActivity.Driving)
            {
                int leg = RouteLeg;
                double length = _route.LegLengthM(leg);
                if (length > 0)
                {
                    double rise = _route.Waypoint(leg + 1).AltitudeM - _route.Waypoint(leg).AltitudeM;
                    gradeDeg = Math.Atan2(_forward ? rise : -rise, length) * 180 / Math.PI;
                }
            }
            // The body pitches back when accelerating and forward when braking: about 1° per m/s².
            double pitchDeg = Math.Atan2(accelerationMps2, StandardGravity) * 180 / Math.PI;
            TiltDeg = Math.Min(180, Math.Abs(_mountTiltDeg + _dropTiltDeg + gradeDeg + pitchDeg));
        }

        private void UpdateCargo()
        {
            double hours = StepMs / 3600000.0;
            double t = CargoTemperatureC;
            double leak = (_ambientC - t) / WallTimeConstantHours;
            if (DoorOpen)
            {
                leak += (_ambientC - t) / DoorTimeConstantHours;
            }
            double unit = 0;
            if (_options.Reefer && !CoolingFailed)
            {
                double setpoint = _options.SetpointC;
                // Thermostat with hysteresis: cool from set point + 1 down to set point − 1.5; heat below set point − 2.5.
                if (t > setpoint + 1.0)
                {
                    CompressorOn = true;
                }
                else if (t < setpoint - 1.5)
                {
                    CompressorOn = false;
                }
                if (t < setpoint - 2.5)
                {
                    HeaterOn = true;
                }
                else if (t > setpoint - 1.0)
                {
                    HeaterOn = false;
                }
                unit = (CompressorOn ? -CoolingCapacityCPerHour : 0) + (HeaterOn ? HeatingCapacityCPerHour : 0);
            }
            else
            {
                CompressorOn = false;
                HeaterOn = false;
            }
            CargoTemperatureC = t + (leak + unit) * hours;
        }

        private void RefreshAmbient(bool force)
        {
            if (!force && _timeMs - _ambientAtMs < AmbientRefreshMs)
            {
                return;
            }
            _ambientC = _weather.AmbientTemperatureC(LatitudeDeg, LongitudeDeg, _timeMs);
            _ambientAtMs = _timeMs;
        }

        private int RouteLeg => _forward ? Math.Max(0, _step) : _route.LegCount - 1 - Math.Max(0, _step);

        private int NextRouteLeg => _forward ? RouteLeg + 1 : RouteLeg - 1;

        private bool IsLastStep => _step >= _route.LegCount - 1;

        private Waypoint EndWaypoint => _route.Waypoint(_forward ? RouteLeg + 1 : RouteLeg);

        /// <summary>Voltage of a single Li-ion cell at rest for a state of charge (typical discharge curve, linear between points).</summary>
        public static double VoltageForCharge(double charge)
        {
            if (charge <= 0)
            {
                return s_voltageSteps[0];
            }
            for (int i = 1; i < s_chargeSteps.Length; i++)
            {
                if (charge <= s_chargeSteps[i])
                {
                    double f = (charge - s_chargeSteps[i - 1]) / (s_chargeSteps[i] - s_chargeSteps[i - 1]);
                    return s_voltageSteps[i - 1] + f * (s_voltageSteps[i] - s_voltageSteps[i - 1]);
                }
            }
            return s_voltageSteps[s_voltageSteps.Length - 1];
        }
    }
}
