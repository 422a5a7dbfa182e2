using System;
using System.Device.I2c;
using Gateway.Firmware.Core.Boards;
using Gateway.Firmware.Core.Platform;
using Gateway.Firmware.Core.Readings;
using Iot.Device.Bmxx80;
using Iot.Device.Bmxx80.ReadResult;

namespace Gateway.Firmware.Esp32.Sensors
{
    /// <summary>
    /// Bosch BME680 through Iot.Device.Bmxx80. The gas heater is switched off: its resistance is not a calibrated
    /// quantity we report, and heating skews the temperature. The BME680 has only forced mode (datasheet §3.1), so a
    /// read starts a conversion and the binding waits for it (a few tens of ms without the heater).
    /// </summary>
    public sealed class Bme680Sensor : ISensor
    {
        private readonly Bme680 _bme;
        private readonly MetricId[] _metrics;

        /// <summary>Configures the part without gas measurement.</summary>
        public Bme680Sensor(BoardSensor sensor, I2cDevice device)
        {
            Name = sensor.Name;
            _metrics = sensor.Metrics;
            _bme = new Bme680(device);
            _bme.GasConversionIsEnabled = false;
            _bme.HeaterIsEnabled = false;
        }

        /// <summary>Sensor name from the board profile.</summary>
        public string Name { get; }

        /// <summary>Metrics chosen in the board profile, in the kind's order.</summary>
        public MetricId[] Metrics => _metrics;

        /// <summary>Reads temperature, humidity and pressure; a value the binding marks invalid is NaN.</summary>
        public bool TryRead(double[] values, out SensorError error)
        {
            Bme680ReadResult result;
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
