using Gateway.Firmware.Core.Readings;

namespace Gateway.Firmware.Core.Alarms
{
    /// <summary>
    /// Evaluates every measurement against the node's alarm rules and emits alarm events (raised / cleared) as
    /// <see cref="Reading"/> records, which the node buffers and the uplink sends ahead of routine telemetry.
    /// State per rule lives in preallocated arrays: evaluation allocates nothing.
    /// </summary>
    public sealed class AlarmEvaluator
    {
        /// <summary>Standard gravity, m/s² (ISO 80000-3), to convert the shock limit from g.</summary>
        public const double StandardGravityMps2 = 9.80665;

        /// <summary>Most alarm events one measurement can produce (high cleared + low raised + excursion + shock/door).</summary>
        public const int MaxEventsPerMeasurement = 4;

        // Shock clears once acceleration falls below this share of the limit, so one bump is one event.
        private const double ShockClearRatio = 0.8;

        private AlarmSettings _settings;
        private bool[] _thresholdHighActive;
        private bool[] _thresholdLowActive;
        private bool[] _excursionActive;
        private long[] _outsideSinceMs;
        private bool _shockActive;
        private bool _doorAlarmActive;
        private bool _doorOpen;
        private double _lastSpeedMps;

        /// <summary>Creates an evaluator with no alarm active.</summary>
        public AlarmEvaluator(AlarmSettings settings)
        {
            _settings = settings;
            _thresholdHighActive = new bool[settings.Thresholds.Length];
            _thresholdLowActive = new bool[settings.Thresholds.Length];
            _excursionActive = new bool[settings.Excursions.Length];
            _outsideSinceMs = new long[settings.Excursions.Length];
            ResetExcursionTimers();
        }

        /// <summary>The rules in force.</summary>
        public AlarmSettings Settings => _settings;

        /// <summary>Number of alarms currently raised.</summary>
        public int ActiveCount
        {
            get
            {
                int count = (_shockActive ? 1 : 0) + (_doorAlarmActive ? 1 : 0);
                for (int i = 0; i < _thresholdHighActive.Length; i++)
                {
                    count += (_thresholdHighActive[i] ? 1 : 0) + (_thresholdLowActive[i] ? 1 : 0);
                }
                for (int i = 0; i < _excursionActive.Length; i++)
                {
                    count += _excursionActive[i] ? 1 : 0;
                }
                return count;
            }
        }

        /// <summary>
        /// Replaces the rules (downlink config change). An alarm stays raised when the new settings still have a rule
        /// of the same kind for its metric; otherwise it is dropped without a clear event, and re-raised on the next
        /// sample if the new rule says so.
        /// </summary>
        public void UpdateSettings(AlarmSettings settings)
        {
            bool[] high = new bool[settings.Thresholds.Length];
            bool[] low = new bool[settings.Thresholds.Length];
            for (int i = 0; i < settings.Thresholds.Length; i++)
            {
                int old = IndexOfThreshold(_settings, settings.Thresholds[i].Metric);
                if (old >= 0)
                {
                    high[i] = _thresholdHighActive[old] && !double.IsNaN(settings.Thresholds[i].HighLimit);
                    low[i] = _thresholdLowActive[old] && !double.IsNaN(settings.Thresholds[i].LowLimit);
                }
            }
            bool[] excursion = new bool[settings.Excursions.Length];
            long[] since = new long[settings.Excursions.Length];
            for (int i = 0; i < settings.Excursions.Length; i++)
            {
                since[i] = -1;
                int old = IndexOfExcursion(_settings, settings.Excursions[i].Metric);
                if (old >= 0)
                {
                    excursion[i] = _excursionActive[old];
                    since[i] = _outsideSinceMs[old];
                }
            }
            _thresholdHighActive = high;
            _thresholdLowActive = low;
            _excursionActive = excursion;
            _outsideSinceMs = since;
            _shockActive = _shockActive && !double.IsNaN(settings.ShockLimitG);
            _doorAlarmActive = _doorAlarmActive && settings.DoorOpenInTransit;
            _settings = settings;
        }

        /// <summary>
        /// True when sampling of <paramref name="metric"/> should run at the alarm rate: an alarm on it is raised, or
        /// an excursion has started and its duration is being timed.
        /// </summary>
        public bool IsWatching(MetricId metric)
        {
            for (int i = 0; i < _settings.Thresholds.Length; i++)
            {
                if (_settings.Thresholds[i].Metric == metric && (_thresholdHighActive[i] || _thresholdLowActive[i]))
                {
                    return true;
                }
            }
            for (int i = 0; i < _settings.Excursions.Length; i++)
            {
                if (_settings.Excursions[i].Metric == metric && (_excursionActive[i] || _outsideSinceMs[i] >= 0))
                {
                    return true;
                }
            }
            return (metric == MetricId.Acceleration && _shockActive) || (metric == MetricId.DoorOpen && _doorAlarmActive);
        }

        /// <summary>
        /// Evaluates one measurement. Alarm events are written to <paramref name="events"/> from <paramref name="offset"/>;
        /// returns how many were written (at most <see cref="MaxEventsPerMeasurement"/>: the array must have room).
        /// </summary>
        /// <param name="measurement">The measurement (its time is copied to the events).</param>
        /// <param name="nowMs">Monotonic time, for excursion durations.</param>
        /// <param name="events">Output array.</param>
        /// <param name="offset">First index to write.</param>
        public int Evaluate(ref Reading measurement, long nowMs, Reading[] events, int offset)
        {
            int written = 0;
            MetricId metric = measurement.Metric;
            double value = measurement.Value;

            int t = IndexOfThreshold(_settings, metric);
            if (t >= 0)
            {
                ThresholdRule rule = _settings.Thresholds[t];
                if (!double.IsNaN(rule.HighLimit))
                {
                    if (!_thresholdHighActive[t] && value > rule.HighLimit)
                    {
                        _thresholdHighActive[t] = true;
                        written += Emit(ref measurement, ReadingKind.AlarmHigh, true, events, offset + written);
                    }
                    else if (_thresholdHighActive[t] && value <= rule.HighLimit - rule.Hysteresis)
                    {
                        _thresholdHighActive[t] = false;
                        written += Emit(ref measurement, ReadingKind.AlarmHigh, false, events, offset + written);
                    }
                }
                if (!double.IsNaN(rule.LowLimit))
                {
                    if (!_thresholdLowActive[t] && value < rule.LowLimit)
                    {
                        _thresholdLowActive[t] = true;
                        written += Emit(ref measurement, ReadingKind.AlarmLow, true, events, offset + written);
                    }
                    else if (_thresholdLowActive[t] && value >= rule.LowLimit + rule.Hysteresis)
                    {
                        _thresholdLowActive[t] = false;
                        written += Emit(ref measurement, ReadingKind.AlarmLow, false, events, offset + written);
                    }
                }
            }

            int e = IndexOfExcursion(_settings, metric);
            if (e >= 0)
            {
                ExcursionRule rule = _settings.Excursions[e];
                bool outside = value < rule.BandMinimum || value > rule.BandMaximum;
                if (!outside)
                {
                    _outsideSinceMs[e] = -1;
                    if (_excursionActive[e])
                    {
                        _excursionActive[e] = false;
                        written += Emit(ref measurement, ReadingKind.AlarmExcursion, false, events, offset + written);
                    }
                }
                else
                {
                    if (_outsideSinceMs[e] < 0)
                    {
                        _outsideSinceMs[e] = nowMs;
                    }
                    if (!_excursionActive[e] && nowMs - _outsideSinceMs[e] > rule.MaxOutsideMs)
                    {
                        _excursionActive[e] = true;
                        written += Emit(ref measurement, ReadingKind.AlarmExcursion, true, events, offset + written);
                    }
                }
            }

            if (metric == MetricId.Acceleration && !double.IsNaN(_settings.ShockLimitG))
            {
                double limitMps2 = _settings.ShockLimitG * StandardGravityMps2;
                if (!_shockActive && value > limitMps2)
                {
                    _shockActive = true;
                    written += Emit(ref measurement, ReadingKind.AlarmShock, true, events, offset + written);
                }
                else if (_shockActive && value < limitMps2 * ShockClearRatio)
                {
                    _shockActive = false;
                    written += Emit(ref measurement, ReadingKind.AlarmShock, false, events, offset + written);
                }
            }

            if (metric == MetricId.Speed)
            {
                _lastSpeedMps = value;
            }
            else if (metric == MetricId.DoorOpen)
            {
                bool open = value != 0;
                if (open && !_doorOpen && _settings.DoorOpenInTransit && _lastSpeedMps > _settings.MovingSpeedMps && !_doorAlarmActive)
                {
                    _doorAlarmActive = true;
                    written += Emit(ref measurement, ReadingKind.AlarmDoorOpenInTransit, true, events, offset + written);
                }
                else if (!open && _doorAlarmActive)
                {
                    _doorAlarmActive = false;
                    written += Emit(ref measurement, ReadingKind.AlarmDoorOpenInTransit, false, events, offset + written);
                }
                _doorOpen = open;
            }
            return written;
        }

        private static int Emit(ref Reading measurement, ReadingKind kind, bool raised, Reading[] events, int index)
        {
            events[index].Sequence = 0;
            events[index].TimeUnixMs = measurement.TimeUnixMs;
            events[index].Metric = measurement.Metric;
            events[index].Kind = kind;
            events[index].Value = raised ? 1 : 0;
            return 1;
        }

        private void ResetExcursionTimers()
        {
            for (int i = 0; i < _outsideSinceMs.Length; i++)
            {
                _outsideSinceMs[i] = -1;
            }
        }

        private static int IndexOfThreshold(AlarmSettings settings, MetricId metric)
        {
            for (int i = 0; i < settings.Thresholds.Length; i++)
            {
                if (settings.Thresholds[i].Metric == metric)
                {
                    return i;
                }
            }
            return -1;
        }

        private static int IndexOfExcursion(AlarmSettings settings, MetricId metric)
        {
            for (int i = 0; i < settings.Excursions.Length; i++)
            {
                if (settings.Excursions[i].Metric == metric)
                {
                    return i;
                }
            }
            return -1;
        }
    }
}
