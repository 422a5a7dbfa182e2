using System;
using System.Device.I2c;
using Gateway.Firmware.Core.Boards;
using Gateway.Firmware.Core.Platform;
using Gateway.Firmware.Core.Readings;
using Iot.Device.Bmxx80;
using Iot.Device.Bmxx80.PowerMode;
using Iot.Device.Bmxx80.ReadResult;

namespace Gateway.Firmware.Esp32.Sensors
{
    /// <summary>
    /// Bosch BME280 through Iot.Device.Bmxx80. Runs in normal mode (BME280 datasheet §3.3.4: the sensor measures
    /// continuously), so a read returns the latest conversion at once instead of waiting for a forced one.
    /// </summary>
    public sealed class Bme280Sensor : ISensor
    {
        private readonly Bme280 _bme;
        private readonly MetricId[] _metrics;

        /// <summary>Configures the part: standard oversampling (datasheet §3.4, "weather monitoring" is x1; x4 costs little at mains power).</summary>
        public Bme280Sensor(BoardSensor sensor, I2cDevice device)
        {
            Name = sensor.Name;
            _metrics = sensor.Metrics;
            _bme = new Bme280(device);
            _bme.TemperatureSampling = Sampling.Standard;
            _bme.PressureSampling = Sampling.Standard;
            _bme.HumiditySampling = Sampling.Standard;
            _bme.SetPowerMode(Bmx280PowerMode.Normal);
        }

        /// <summary>Sensor name from the board profile.</summary>
        public string Name { get; }

        /// <summary>Metrics chosen in the board profile, in the kind's order.</summary>
        public MetricId[] Metrics => _metrics;

        /// <summary>Reads temperature, humidity and pressure; a value the binding marks invalid is NaN.</summary>
        public bool TryRead(double[] values, out SensorError error)
        {
            Bme280ReadResult result;
            try
            {
                result = _bme.Read();
            }
            catch (Exception)
            {
                error = SensorError.NotResponding;
                return false;
            }
            double temperature = result.TemperatureIsValid ? result.Temperature.DegreesCelsius : double.NaN;
            double humidity = result.HumidityIsValid ? result.Humidity.Percent : double.NaN;
            double pressure = result.PressureIsValid ? result.Pressure.Pascals : double.NaN;
            for (int i = 0; i < _metrics.Length; i++)
            {
                values[i] = _metrics[i] == MetricId.Temperature ? temperature
                    : _metrics[i] == MetricId.RelativeHumidity ? humidity : pressure;
            }
            error = SensorError.None;
            return true;
        }
    }
}
