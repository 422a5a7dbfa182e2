using System;
using System.Device.I2c;
using Gateway.Firmware.Core.Boards;
using Gateway.Firmware.Core.Platform;
using Gateway.Firmware.Core.Readings;
using Iot.Device.Ahtxx;
using UnitsNet;

namespace Gateway.Firmware.Esp32.Sensors
{
    /// <summary>
    /// Aosong AHT20 through Iot.Device.Ahtxx. Each value triggers a measurement the binding waits for (AHT20 datasheet
    /// §5.4: 80 ms), so a read takes about 160 ms of the main loop.
    /// </summary>
    public sealed class Aht20Sensor : ISensor
    {
        private readonly Aht20 _aht;
        private readonly MetricId[] _metrics;

        /// <summary>Wraps the part (address 0x38).</summary>
        public Aht20Sensor(BoardSensor sensor, I2cDevice device)
        {
            Name = sensor.Name;
            _metrics = sensor.Metrics;
            _aht = new Aht20(device);
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
                Temperature t = _aht.GetTemperature();
                RelativeHumidity h = _aht.GetHumidity();
                temperature = t.DegreesCelsius;
                humidity = h.Percent;
            }
            catch (Exception)
            {
                error = SensorError.NotResponding;
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
