using System;
using System.Device.I2c;
using Gateway.Firmware.Core.Boards;
using Gateway.Firmware.Core.Platform;
using Gateway.Firmware.Core.Readings;
using Iot.Device.Scd4x;

namespace Gateway.Firmware.Esp32.Sensors
{
    /// <summary>
    /// Sensirion SCD40/SCD41 through Iot.Device.Scd4x in periodic measurement mode: the sensor produces a value every
    /// 5 s (SCD4x datasheet §3.5.1) and a read fetches the latest one. A start refused because the sensor is still
    /// measuring from before an ESP32 reset is retried on the next read (after stop_periodic_measurement the sensor
    /// needs 500 ms, datasheet §3.5.3, which must not be slept away on the main loop).
    /// </summary>
    public sealed class Scd4xSensor : ISensor
    {
        private readonly Scd4x _scd;
        private readonly MetricId[] _metrics;
        private bool _started;

        /// <summary>Starts periodic measurement.</summary>
        public Scd4xSensor(BoardSensor sensor, I2cDevice device)
        {
            Name = sensor.Name;
            _metrics = sensor.Metrics;
            _scd = new Scd4x(device);
            _started = TryStart();
        }

        /// <summary>Sensor name from the board profile.</summary>
        public string Name { get; }

        /// <summary>Metrics chosen in the board profile, in the kind's order.</summary>
        public MetricId[] Metrics => _metrics;

        /// <summary>Reads CO2, temperature and humidity; not ready until the first 5 s period has passed.</summary>
        public bool TryRead(double[] values, out SensorError error)
        {
            if (!_started)
            {
                _started = TryStart();
                error = SensorError.NotReady;
                return false;
            }
            Scd4xSensorData data;
            try
            {
                if (!_scd.IsDataReady())
                {
                    error = SensorError.NotReady;
                    return false;
                }
                data = _scd.ReadData();
            }
            catch (Exception)
            {
                error = SensorError.NotResponding;
                return false;
            }
            double co2 = data.CO2.PartsPerMillion;
            double temperature = data.Temperature.DegreesCelsius;
            double humidity = data.RelativeHumidity.Percent;
            for (int i = 0; i < _metrics.Length; i++)
            {
                values[i] = _metrics[i] == MetricId.Co2 ? co2 : _metrics[i] == MetricId.Temperature ? temperature : humidity;
            }
            error = SensorError.None;
            return true;
        }

        private bool TryStart()
        {
            try
            {
                _scd.StartPeriodicMeasurement();
                return true;
            }
            catch (Exception)
            {
                try
                {
                    _scd.StopPeriodicMeasurement();
                }
                catch (Exception)
                {
                    // Not answering at all: reported as NotReady until it does, then as values.
                }
                return false;
            }
        }
    }
}
