using Gateway.Firmware.Core.Platform;
using Gateway.Firmware.Core.Readings;

namespace Gateway.Firmware.Core.Sampling
{
    /// <summary>
    /// Decides when each sensor is read and turns raw values into measurements that may be stored. A period per
    /// sensor; the alarm period while an alarm watches one of the sensor's metrics. A failed read, an implausible
    /// value or an analog value that stays bit-identical for too long marks the sensor as faulty: the fault is
    /// reported in status and the value is never sent (a stale value must not look like a measurement).
    /// </summary>
    public sealed class SamplingScheduler
    {
        private readonly ISensor[] _sensors;
        private readonly long[] _periodMs;
        private readonly long[] _lastDueMs;
        private readonly bool[] _watching;
        private readonly double[][] _values;
        private readonly double[][] _lastValue;
        private readonly int[][] _repeatCount;
        private readonly SensorError[] _fault;
        private readonly long[] _readCount;
        private readonly long[] _failureCount;
        private long _alarmPeriodMs;
        private int _stuckCount;

        /// <summary>Creates a scheduler; every sensor is first read at the first <see cref="NextDue"/> check.</summary>
        /// <param name="sensors">The node's sensors.</param>
        /// <param name="defaultPeriodMs">Period of every sensor unless set with <see cref="SetPeriod"/>.</param>
        /// <param name="alarmPeriodMs">Period while an alarm watches one of the sensor's metrics.</param>
        /// <param name="stuckCount">Identical consecutive analog values that mark a sensor stuck; 0 disables.</param>
        public SamplingScheduler(ISensor[] sensors, long defaultPeriodMs, long alarmPeriodMs, int stuckCount)
        {
            _sensors = sensors;
            _periodMs = new long[sensors.Length];
            _lastDueMs = new long[sensors.Length];
            _watching = new bool[sensors.Length];
            _values = new double[sensors.Length][];
            _lastValue = new double[sensors.Length][];
            _repeatCount = new int[sensors.Length][];
            _fault = new SensorError[sensors.Length];
            _readCount = new long[sensors.Length];
            _failureCount = new long[sensors.Length];
            for (int i = 0; i < sensors.Length; i++)
            {
                int metrics = sensors[i].Metrics.Length;
                _periodMs[i] = defaultPeriodMs;
                _lastDueMs[i] = long.MinValue;
                _values[i] = new double[metrics];
                _lastValue[i] = new double[metrics];
                _repeatCount[i] = new int[metrics];
                for (int m = 0; m < metrics; m++)
                {
                    _lastValue[i][m] = double.NaN;
                }
            }
            _alarmPeriodMs = alarmPeriodMs;
            _stuckCount = stuckCount;
        }

        /// <summary>Number of sensors.</summary>
        public int SensorCount => _sensors.Length;

        /// <summary>The sensor at <paramref name="index"/>.</summary>
        public ISensor Sensor(int index) => _sensors[index];

        /// <summary>Current fault of a sensor (<see cref="SensorError.None"/> when healthy).</summary>
        public SensorError Fault(int index) => _fault[index];

        /// <summary>Successful reads of a sensor since boot.</summary>
        public long ReadCount(int index) => _readCount[index];

        /// <summary>Failed or rejected reads of a sensor since boot.</summary>
        public long FailureCount(int index) => _failureCount[index];

        /// <summary>Number of sensors currently faulty.</summary>
        public int FaultyCount
        {
            get
            {
                int count = 0;
                for (int i = 0; i < _fault.Length; i++)
                {
                    count += _fault[i] == SensorError.None ? 0 : 1;
                }
                return count;
            }
        }

        /// <summary>Sets the routine period of the sensor called <paramref name="sensorName"/>; false when there is none.</summary>
        public bool SetPeriod(string sensorName, long periodMs)
        {
            for (int i = 0; i < _sensors.Length; i++)
            {
                if (_sensors[i].Name == sensorName)
                {
                    _periodMs[i] = periodMs;
                    return true;
                }
            }
            return false;
        }

        /// <summary>Sets the default period of all sensors, the alarm period and the stuck limit (config change).</summary>
        public void Configure(long defaultPeriodMs, long alarmPeriodMs, int stuckCount)
        {
            for (int i = 0; i < _periodMs.Length; i++)
            {
                _periodMs[i] = defaultPeriodMs;
            }
            _alarmPeriodMs = alarmPeriodMs;
            _stuckCount = stuckCount;
        }

        /// <summary>
        /// Returns the index of a sensor that is due at <paramref name="nowMs"/>, or -1 when none is. Call
        /// <see cref="Read"/> for it, then ask again.
        /// </summary>
        public int NextDue(long nowMs)
        {
            for (int i = 0; i < _sensors.Length; i++)
            {
                if (nowMs >= DueAtMs(i))
                {
                    return i;
                }
            }
            return -1;
        }

        /// <summary>Monotonic time at which the next sensor is due.</summary>
        public long NextDueAtMs
        {
            get
            {
                long earliest = long.MaxValue;
                for (int i = 0; i < _sensors.Length; i++)
                {
                    long due = DueAtMs(i);
                    if (due < earliest)
                    {
                        earliest = due;
                    }
                }
                return earliest;
            }
        }

        /// <summary>
        /// Tells the scheduler whether an alarm watches one of sensor <paramref name="index"/>'s metrics; the alarm
        /// period applies from its last read on, so a freshly raised alarm speeds up the very next read.
        /// </summary>
        public void SetWatching(int index, bool alarmWatching)
        {
            _watching[index] = alarmWatching;
        }

        /// <summary>Monotonic time at which sensor <paramref name="index"/> is due (long.MinValue before its first read).</summary>
        public long DueAtMs(int index)
        {
            long last = _lastDueMs[index];
            return last == long.MinValue ? long.MinValue : last + EffectivePeriodMs(index);
        }

        private long EffectivePeriodMs(int index)
        {
            long period = _periodMs[index];
            return _watching[index] && _alarmPeriodMs < period ? _alarmPeriodMs : period;
        }

        /// <summary>
        /// Reads sensor <paramref name="index"/> and schedules its next read. Accepted values land in
        /// <see cref="Values"/> (NaN for metrics without a usable value). Returns the number of usable values.
        /// </summary>
        /// <param name="index">Sensor index from <see cref="NextDue"/>.</param>
        /// <param name="nowMs">Monotonic time now.</param>
        /// <param name="alarmWatching">True when an alarm watches one of this sensor's metrics (use the alarm period).</param>
        public int Read(int index, long nowMs, bool alarmWatching)
        {
            ISensor sensor = _sensors[index];
            double[] values = _values[index];
            // Keep a fixed cadence (the next read is due one period after this one was due, not after it ran); after
            // a stall of a whole period or more (sleep, clock jump) restart from now instead of bursting.
            long due = DueAtMs(index);
            _lastDueMs[index] = due == long.MinValue || nowMs - due >= EffectivePeriodMs(index) ? nowMs : due;
            _watching[index] = alarmWatching;

            ClearValues(values);
            SensorError error;
            if (!sensor.TryRead(values, out error))
            {
                if (error != SensorError.NotReady)
                {
                    _fault[index] = error == SensorError.None ? SensorError.NotResponding : error;
                    _failureCount[index]++;
                }
                ClearValues(values);
                return 0;
            }

            MetricId[] metrics = sensor.Metrics;
            SensorError fault = SensorError.None;
            int usable = 0;
            for (int m = 0; m < values.Length; m++)
            {
                double value = values[m];
                if (double.IsNaN(value))
                {
                    continue;
                }
                if (!MetricCatalog.IsPlausible(metrics[m], value))
                {
                    fault = SensorError.OutOfRange;
                    values[m] = double.NaN;
                    continue;
                }
                if (_stuckCount > 0 && IsAnalog(metrics[m]))
                {
                    if (value.Equals(_lastValue[index][m]))
                    {
                        _repeatCount[index][m]++;
                    }
                    else
                    {
                        _repeatCount[index][m] = 1;
                        _lastValue[index][m] = value;
                    }
                    if (_repeatCount[index][m] >= _stuckCount)
                    {
                        fault = SensorError.Stuck;
                        values[m] = double.NaN;
                        continue;
                    }
                }
                usable++;
            }
            _fault[index] = fault;
            if (fault == SensorError.None)
            {
                _readCount[index]++;
            }
            else
            {
                _failureCount[index]++;
            }
            return usable;
        }

        /// <summary>Values of the last <see cref="Read"/> of sensor <paramref name="index"/>, in its metric order.</summary>
        public double[] Values(int index) => _values[index];

        /// <summary>
        /// True for metrics whose real signal always carries noise, so a long run of bit-identical values means the
        /// sensor is stuck. Counts, codes, booleans and quantities that may legitimately sit at one value (dark = 0 lx,
        /// clean air = 0 µg/m³ on integer PM sensors) are excluded.
        /// </summary>
        public static bool IsAnalog(MetricId metric)
        {
            return metric == MetricId.Temperature || metric == MetricId.RelativeHumidity || metric == MetricId.Pressure
                || metric == MetricId.Co2 || metric == MetricId.CargoTemperature;
        }

        private static void ClearValues(double[] values)
        {
            for (int m = 0; m < values.Length; m++)
            {
                values[m] = double.NaN;
            }
        }
    }
}
