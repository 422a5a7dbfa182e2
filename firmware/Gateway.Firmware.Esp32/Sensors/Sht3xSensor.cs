using System;
using System.Device.I2c;
using Gateway.Firmware.Core.Boards;
using Gateway.Firmware.Core.Platform;
using Gateway.Firmware.Core.Readings;
using Iot.Device.Sht3x;
using UnitsNet;

namespace Gateway.Firmware.Esp32.Sensors
{
    /// <summary>
    /// Sensirion SHT3x through Iot.Device.Sht3x (single-shot, high repeatability: SHT3x-DIS datasheet Table 9, 15 ms).
    /// The binding checks each word's CRC-8 (datasheet §4.12) and yields NaN when it fails; a failed check is reported as
    /// such, never replaced by the previous value.
    /// </summary>
    public sealed class Sht3xSensor : ISensor
    {
        private readonly Sht3x _sht;
        private readonly MetricId[] _metrics;

        /// <summary>Wraps the part at the profile's address.</summary>
        public Sht3xSensor(BoardSensor sensor, I2cDevice device)
        {
            Name = sensor.Name;
            _metrics = sensor.Metrics;
            _sht = new Sht3x(device, Resolution.High);
        }

        /// <summary>Sensor name from the board profile.</summary>
        public string Name { get; }

        /// <summary>Metrics chosen in the board profile, in the kind's order.</summary>
        public MetricId[] Metrics => _metrics;

        /// <summary>Reads temperature and humidity.</summary>
        public bool TryRead(double[] values, out SensorError error)
        {
            double temperature;
            double humidity;
            try
            {
                Temperature t = _sht.Temperature;
                RelativeHumidity h = _sht.Humidity;
                temperature = t.DegreesCelsius;
                humidity = h.Percent;
            }
            catch (Exception)
            {
                error = SensorError.NotResponding;
                return false;
            }
            if (double.IsNaN(temperature) || double.IsNaN(humidity))
            {
                error = SensorError.ChecksumFailed;
                return false;
            }
            for (int i = 0; i < _metrics.Length; i++)
            {
                values[i] = _metrics[i] == MetricId.Temperature ? temperature : humidity;
            }
            error = SensorError.None;
            return true;
        }
    }
}
