using System;
using System.Device.Gpio;
using Gateway.Firmware.Core.Boards;
using Gateway.Firmware.Core.Platform;
using Gateway.Firmware.Core.Readings;

namespace Gateway.Firmware.Esp32.Sensors
{
    /// <summary>
    /// A door (reed) switch on a GPIO. The pin's interrupt (GpioPin.ValueChanged, debounced by the driver) latches every
    /// opening, so a door opened and closed again between two samples is still reported open once: the cold-chain
    /// "door opened in transit" alarm must not depend on the sampling period.
    /// </summary>
    public sealed class DoorSwitch : ISensor
    {
        /// <summary>Contact bounce of a reed switch is a few ms; 50 ms leaves margin without missing a real opening.</summary>
        public const int DebounceMs = 50;

        private readonly object _lock = new object();
        private readonly GpioPin _pin;
        private readonly bool _openWhenHigh;
        private readonly MetricId[] _metrics;
        private bool _openedSinceRead;

        /// <summary>Opens the input with the profile's pull resistor and watches both edges.</summary>
        public DoorSwitch(BoardSensor sensor, GpioController gpio, int pin, PinPull pull, bool openWhenHigh)
        {
            Name = sensor.Name;
            _metrics = sensor.Metrics;
            _openWhenHigh = openWhenHigh;
            PinMode mode = pull == PinPull.Up ? PinMode.InputPullUp : pull == PinPull.Down ? PinMode.InputPullDown : PinMode.Input;
            _pin = gpio.OpenPin(pin, mode);
            _pin.DebounceTimeout = new TimeSpan(0, 0, 0, 0, DebounceMs);
            _pin.ValueChanged += OnValueChanged;
        }

        /// <summary>Sensor name from the board profile.</summary>
        public string Name { get; }

        /// <summary>The door metric.</summary>
        public MetricId[] Metrics => _metrics;

        /// <summary>1 when the door is open now or was opened since the last read, else 0.</summary>
        public bool TryRead(double[] values, out SensorError error)
        {
            bool opened;
            lock (_lock)
            {
                opened = _openedSinceRead;
                _openedSinceRead = false;
            }
            values[0] = opened || IsOpen(_pin.Read()) ? 1 : 0;
            error = SensorError.None;
            return true;
        }

        private bool IsOpen(PinValue value) => (value == PinValue.High) == _openWhenHigh;

        private void OnValueChanged(object sender, PinValueChangedEventArgs e)
        {
            bool rising = e.ChangeType == PinEventTypes.Rising;
            if (rising == _openWhenHigh)
            {
                lock (_lock)
                {
                    _openedSinceRead = true;
                }
            }
        }
    }
}
