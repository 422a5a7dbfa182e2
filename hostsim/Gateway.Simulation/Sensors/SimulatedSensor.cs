using System;
using Gateway.Firmware.Core.Platform;
using Gateway.Firmware.Core.Readings;
using Gateway.Simulation.Randomness;

namespace Gateway.Simulation.Sensors
{
    /// <summary>
    /// Base of the simulated sensors: a subclass measures the model's true values with the part's own noise and
    /// resolution; this class adds the fault modes (<see cref="SensorFault"/>) and the read counters. Reads never sleep.
    /// </summary>
    public abstract class SimulatedSensor : ISensor
    {
        private readonly MetricId[] _metrics;
        private readonly double[] _last;
        private bool _hasLast;

        /// <summary>Creates the sensor.</summary>
        /// <param name="name">Name for status and configuration (see <see cref="SensorNames"/>).</param>
        /// <param name="metrics">Metrics in the order <see cref="TryRead"/> fills them.</param>
        /// <param name="random">The sensor's own generator (noise, spikes).</param>
        protected SimulatedSensor(string name, MetricId[] metrics, SimRandom random)
        {
            Name = name ?? throw new ArgumentNullException(nameof(name));
            _metrics = metrics ?? throw new ArgumentNullException(nameof(metrics));
            Random = random ?? throw new ArgumentNullException(nameof(random));
            _last = new double[metrics.Length];
        }

        /// <inheritdoc />
        public string Name { get; }

        /// <inheritdoc />
        public MetricId[] Metrics => _metrics;

        /// <summary>The fault mode in force.</summary>
        public SensorFault Fault { get; private set; }

        /// <summary>Chance that a read returns a spike while <see cref="SensorFault.Spike"/> is in force, 0 to 1.</summary>
        public double SpikeProbability { get; set; } = 0.25;

        /// <summary>Read calls.</summary>
        public long Reads { get; private set; }

        /// <summary>Read calls that failed.</summary>
        public long FailedReads { get; private set; }

        /// <summary>Spikes returned.</summary>
        public long Spikes { get; private set; }

        /// <summary>The sensor's generator.</summary>
        protected SimRandom Random { get; }

        /// <summary>Puts the sensor in a fault mode (or back to <see cref="SensorFault.None"/>).</summary>
        public void SetFault(SensorFault fault)
        {
            Fault = fault;
        }

        /// <inheritdoc />
        public bool TryRead(double[] values, out SensorError error)
        {
            Reads++;
            if (Fault == SensorFault.Fail)
            {
                FailedReads++;
                error = SensorError.NotResponding;
                return false;
            }
            if (Fault == SensorFault.Stuck && _hasLast)
            {
                Array.Copy(_last, values, _metrics.Length);
                error = SensorError.None;
                return true;
            }
            Measure(values);
            if (Fault == SensorFault.Spike && Random.Chance(SpikeProbability))
            {
                Spikes++;
                int m = Random.NextInt(_metrics.Length);
                if (!double.IsNaN(values[m]))
                {
                    values[m] = Spike(_metrics[m], values[m]);
                }
            }
            Array.Copy(values, _last, _metrics.Length);
            _hasLast = true;
            error = SensorError.None;
            return true;
        }

        /// <summary>Fills one value per metric: the model's value with the part's noise, calibration error and resolution.</summary>
        protected abstract void Measure(double[] values);

        /// <summary>
        /// A wild but physically possible value for <paramref name="metric"/>: far off the true value, still inside the
        /// metric's catalogue range, so only plausibility rules downstream can tell (the hard case for ingestion).
        /// </summary>
        protected virtual double Spike(MetricId metric, double value)
        {
            double min = MetricCatalog.Minimum(metric);
            double max = MetricCatalog.Maximum(metric);
            double width = max - min;
            double spiked = Random.Chance(0.5) ? value + width * Random.Uniform(0.05, 0.3) : value - width * Random.Uniform(0.05, 0.3);
            return spiked < min ? min : spiked > max ? max : spiked;
        }

        /// <summary>Rounds to the part's resolution (e.g. 0.01 °C); <paramref name="step"/> 0 leaves the value alone.</summary>
        protected static double Quantize(double value, double step)
        {
            if (step <= 0)
            {
                return value;
            }
            // Second rounding drops binary noise (21.470000000000002 → 21.47) so JSON shows the part's digits.
            return Math.Round(Math.Round(value / step) * step, 6);
        }

        /// <summary>Clamps to the part's measuring range.</summary>
        protected static double Clamp(double value, double min, double max) => value < min ? min : value > max ? max : value;
    }
}
