using Gateway.Firmware.Core.Platform;
using Gateway.Firmware.Core.Readings;

namespace Gateway.Firmware.Core.Tests.Fakes
{
    /// <summary>A sensor whose next values or failure the test sets.</summary>
    public sealed class ScriptedSensor : ISensor
    {
        private readonly double[] _next;

        public ScriptedSensor(string name, MetricId[] metrics)
        {
            Name = name;
            Metrics = metrics;
            _next = new double[metrics.Length];
        }

        public string Name { get; }

        public MetricId[] Metrics { get; }

        public SensorError FailWith { get; set; }

        public int ReadCalls { get; private set; }

        public void Set(int index, double value)
        {
            _next[index] = value;
        }

        public bool TryRead(double[] values, out SensorError error)
        {
            ReadCalls++;
            if (FailWith != SensorError.None)
            {
                error = FailWith;
                return false;
            }
            for (int i = 0; i < _next.Length; i++)
            {
                values[i] = _next[i];
            }
            error = SensorError.None;
            return true;
        }
    }
}
