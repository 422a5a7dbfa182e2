using System;
using System.Device.Adc;
using Gateway.Firmware.Core.Boards;
using Gateway.Firmware.Core.Platform;
using Gateway.Firmware.Core.Readings;

namespace Gateway.Firmware.Esp32.Sensors
{
    /// <summary>
    /// Battery voltage through the board's resistor divider on an ADC1 pin (System.Device.Adc). The ESP32's ADC is not
    /// factory-calibrated in the stable API (no eFuse Vref correction), so the voltage is good to about ±5 %: enough to
    /// warn of a flat battery, not to gauge its charge. The average of 8 conversions smooths the ADC's noise.
    /// </summary>
    public sealed class BatteryAdc : ISensor
    {
        /// <summary>Full-scale input voltage at the 11 dB attenuation nanoFramework configures (ESP32 datasheet §4.1.2).</summary>
        public const double FullScaleVolts = 3.3;

        private const int Conversions = 8;

        private readonly AdcChannel _channel;
        private readonly double _voltsPerCount;
        private readonly MetricId[] _metrics;

        /// <summary>Opens the ADC1 channel the profile's pin maps to.</summary>
        /// <param name="sensor">Board profile entry.</param>
        /// <param name="adc">The ADC controller.</param>
        /// <param name="channel">ADC1 channel (BoardProfile.BatteryAdcChannel).</param>
        /// <param name="dividerRatio">Battery voltage / pin voltage (battery.divider).</param>
        public BatteryAdc(BoardSensor sensor, AdcController adc, int channel, double dividerRatio)
        {
            Name = sensor.Name;
            _metrics = sensor.Metrics;
            _channel = adc.OpenChannel(channel);
            _voltsPerCount = FullScaleVolts / adc.MaxValue * dividerRatio;
        }

        /// <summary>Sensor name from the board profile.</summary>
        public string Name { get; }

        /// <summary>The battery metric.</summary>
        public MetricId[] Metrics => _metrics;

        /// <summary>Reads the battery voltage, V.</summary>
        public bool TryRead(double[] values, out SensorError error)
        {
            long sum = 0;
            try
            {
                for (int i = 0; i < Conversions; i++)
                {
                    sum += _channel.ReadValue();
                }
            }
            catch (Exception)
            {
                error = SensorError.NotResponding;
                return false;
            }
            values[0] = sum * _voltsPerCount / Conversions;
            error = SensorError.None;
            return true;
        }
    }
}
