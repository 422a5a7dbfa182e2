using System;
using Gateway.Firmware.Core.Boards;
using Gateway.Firmware.Core.Platform;
using Gateway.Firmware.Core.Readings;
using Iot.Device.Ds18b20;
using nanoFramework.Device.OneWire;
using UnitsNet;

namespace Gateway.Firmware.Esp32.Sensors
{
    /// <summary>
    /// Maxim DS18B20 cargo probe on the 1-Wire bus through Iot.Device.Ds18b20. 11-bit resolution (0.125 °C): the binding
    /// waits for the conversion, 375 ms at 11 bits (DS18B20 datasheet, Table 2), the longest pause any adapter puts on the
    /// main loop; 12 bits would double it for a resolution the cold chain does not need.
    /// </summary>
    public sealed class Ds18b20Sensor : ISensor
    {
        // The temperature register holds +85 °C after power-up until the first conversion (datasheet, "Operation").
        private const double PowerOnValue = 85.0;

        private readonly Ds18b20 _probe;
        private readonly MetricId[] _metrics;
        private bool _found;

        /// <summary>Finds the first probe on the bus (one probe per board; the profile allows one ds18b20).</summary>
        public Ds18b20Sensor(BoardSensor sensor, OneWireHost bus)
        {
            Name = sensor.Name;
            _metrics = sensor.Metrics;
            _probe = new Ds18b20(bus, null, false, TemperatureResolution.High);
            _found = TryInitialize();
        }

        /// <summary>Sensor name from the board profile.</summary>
        public string Name { get; }

        /// <summary>The cargo temperature.</summary>
        public MetricId[] Metrics => _metrics;

        /// <summary>Converts and reads the temperature.</summary>
        public bool TryRead(double[] values, out SensorError error)
        {
            if (!_found && !(_found = TryInitialize()))
            {
                error = SensorError.NotResponding;
                return false;
            }
            Temperature temperature;
            try
            {
                if (!_probe.TryReadTemperature(out temperature))
                {
                    error = SensorError.ChecksumFailed;
                    return false;
                }
            }
            catch (Exception)
            {
                error = SensorError.NotResponding;
                return false;
            }
            double celsius = temperature.DegreesCelsius;
            if (celsius == PowerOnValue)
            {
                error = SensorError.NotReady;
                return false;
            }
            values[0] = celsius;
            error = SensorError.None;
            return true;
        }

        private bool TryInitialize()
        {
            try
            {
                return _probe.Initialize();
            }
            catch (Exception)
            {
                return false;
            }
        }
    }
}
