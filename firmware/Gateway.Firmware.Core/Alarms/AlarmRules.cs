using Gateway.Firmware.Core.Readings;

namespace Gateway.Firmware.Core.Alarms
{
    /// <summary>
    /// Threshold alarm with hysteresis: raised when the value goes above <see cref="HighLimit"/> (or below
    /// <see cref="LowLimit"/>), cleared only once it is back inside by <see cref="Hysteresis"/>, so a value
    /// hovering at the limit does not flap. Example: PM2.5 above 75 µg/m³, cleared below 70.
    /// </summary>
    public sealed class ThresholdRule
    {
        /// <summary>Creates a rule; use <see cref="double.NaN"/> for a limit that is not used.</summary>
        public ThresholdRule(MetricId metric, double highLimit, double lowLimit, double hysteresis)
        {
            Metric = metric;
            HighLimit = highLimit;
            LowLimit = lowLimit;
            Hysteresis = hysteresis;
        }

        /// <summary>The metric watched.</summary>
        public MetricId Metric { get; }

        /// <summary>Upper limit in the metric's unit, or NaN.</summary>
        public double HighLimit { get; }

        /// <summary>Lower limit in the metric's unit, or NaN.</summary>
        public double LowLimit { get; }

        /// <summary>Distance back inside the limit needed to clear, in the metric's unit (≥ 0).</summary>
        public double Hysteresis { get; }
    }

    /// <summary>
    /// Duration-based excursion: raised when the value has been outside [<see cref="BandMinimum"/>,
    /// <see cref="BandMaximum"/>] continuously for longer than <see cref="MaxOutsideMs"/>; cleared when it is
    /// back inside the band. Example: cold-chain cargo outside 2–8 °C for more than 10 minutes.
    /// </summary>
    public sealed class ExcursionRule
    {
        /// <summary>Creates a rule.</summary>
        public ExcursionRule(MetricId metric, double bandMinimum, double bandMaximum, long maxOutsideMs)
        {
            Metric = metric;
            BandMinimum = bandMinimum;
            BandMaximum = bandMaximum;
            MaxOutsideMs = maxOutsideMs;
        }

        /// <summary>The metric watched.</summary>
        public MetricId Metric { get; }

        /// <summary>Lowest allowed value, in the metric's unit.</summary>
        public double BandMinimum { get; }

        /// <summary>Highest allowed value, in the metric's unit.</summary>
        public double BandMaximum { get; }

        /// <summary>How long the value may stay outside the band before the alarm is raised, in ms.</summary>
        public long MaxOutsideMs { get; }
    }

    /// <summary>All alarm settings of a node. Immutable; a downlink config change builds a new instance.</summary>
    public sealed class AlarmSettings
    {
        /// <summary>Creates the settings. Pass <see cref="double.NaN"/> to disable the shock alarm.</summary>
        public AlarmSettings(ThresholdRule[] thresholds, ExcursionRule[] excursions, double shockLimitG,
            bool doorOpenInTransit, double movingSpeedMps)
        {
            Thresholds = thresholds;
            Excursions = excursions;
            ShockLimitG = shockLimitG;
            DoorOpenInTransit = doorOpenInTransit;
            MovingSpeedMps = movingSpeedMps;
        }

        /// <summary>Threshold rules, at most one per metric.</summary>
        public ThresholdRule[] Thresholds { get; }

        /// <summary>Excursion rules, at most one per metric.</summary>
        public ExcursionRule[] Excursions { get; }

        /// <summary>Shock alarm limit in g (standard gravity, 9.80665 m/s²); NaN when disabled.</summary>
        public double ShockLimitG { get; }

        /// <summary>Raise an alarm when the door opens while the vehicle moves.</summary>
        public bool DoorOpenInTransit { get; }

        /// <summary>Speed above which the vehicle counts as moving, m/s.</summary>
        public double MovingSpeedMps { get; }

        /// <summary>No alarms at all.</summary>
        public static AlarmSettings None => new AlarmSettings(new ThresholdRule[0], new ExcursionRule[0], double.NaN, false, 1.5);
    }
}
