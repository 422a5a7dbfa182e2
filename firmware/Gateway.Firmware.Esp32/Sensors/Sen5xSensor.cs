using System;
using System.Device.I2c;
using Gateway.Firmware.Core.Boards;
using Gateway.Firmware.Core.Platform;
using Gateway.Firmware.Core.Readings;
using Iot.Device.Sen5x.Entities;
using Sen5xDevice = Iot.Device.Sen5x.Sen5xSensor;

namespace Gateway.Firmware.Esp32.Sensors
{
    /// <summary>
    /// Sensirion SEN50/54/55 through Iot.Device.Sen5x, measuring continuously (a new value every second). The SEN5x
    /// reports 0xFFFF (0x7FFF for signed values) for a value it does not have yet (SEN5x datasheet, "Read Measured
    /// Values"); those become NaN here instead of 6553.5 µg/m³.
    /// </summary>
    public sealed class Sen5xSensor : ISensor
    {
        // Scaled "unknown" codes: 0xFFFF / 10 for PM, 0x7FFF / 100 for RH, 0x7FFF / 200 for temperature.
        private const double UnknownPm = 6553.5;
        private const double UnknownHumidity = 327.67;
        private const double UnknownTemperature = 163.835;

        private readonly Sen5xDevice _sen;
        private readonly MetricId[] _metrics;

        /// <summary>Starts continuous measurement.</summary>
        public Sen5xSensor(BoardSensor sensor, I2cDevice device)
        {
            Name = sensor.Name;
            _metrics = sensor.Metrics;
            _sen = new Sen5xDevice(device);
            _sen.StartMeasurement();
        }

        /// <summary>Sensor name from the board profile.</summary>
        public string Name { get; }

        /// <summary>Metrics chosen in the board profile, in the kind's order.</summary>
        public MetricId[] Metrics => _metrics;

        /// <summary>Reads PM1, PM2.5, PM10, temperature and humidity.</summary>
        public bool TryRead(double[] values, out SensorError error)
        {
            Measurement m;
            try
            {
                if (!_sen.ReadDataReadyFlag())
                {
                    error = SensorError.NotReady;
                    return false;
                }
                m = _sen.ReadMeasurement();
            }
            catch (Exception)
            {
                error = SensorError.NotResponding;
                return false;
            }
            for (int i = 0; i < _metrics.Length; i++)
            {
                values[i] = Value(m, _metrics[i]);
            }
            error = SensorError.None;
            return true;
        }

        private static double Value(Measurement m, MetricId metric)
        {
            switch (metric)
            {
                case MetricId.Pm1:
                    return Known(m.Pm1_0.MicrogramsPerCubicMeter, UnknownPm);
                case MetricId.Pm2_5:
                    return Known(m.Pm2_5.MicrogramsPerCubicMeter, UnknownPm);
                case MetricId.Pm10:
                    return Known(m.Pm10_0.MicrogramsPerCubicMeter, UnknownPm);
                case MetricId.Temperature:
                    return Known(m.Temperature.DegreesCelsius, UnknownTemperature);
                default:
                    return Known(m.Humidity.Percent, UnknownHumidity);
            }
        }

        private static double Known(double value, double unknownCode) => value >= unknownCode - 0.01 ? double.NaN : value;
    }
}
