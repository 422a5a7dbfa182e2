using System;
using System.IO.Ports;
using Gateway.Firmware.Core.Boards;
using Gateway.Firmware.Core.Platform;
using Gateway.Firmware.Core.Readings;
using Iot.Device.Sps30.Entities;
using Iot.Device.Sps30.Shdlc;
using Sps30Device = Iot.Device.Sps30.Sps30Sensor;

namespace Gateway.Firmware.Esp32.Sensors
{
    /// <summary>
    /// Sensirion SPS30 on its UART through Iot.Device.Sps30 (SHDLC framing, 115200 8N1 fixed by the SPS30 datasheet,
    /// "UART interface"). Measures continuously with float output; a read is one SHDLC request/response.
    /// Beware the binding's names: its MassConcentrationPm10 is PM1.0 and MassConcentrationPm100 is PM10.
    /// </summary>
    public sealed class Sps30Sensor : ISensor
    {
        /// <summary>SHDLC baud rate (SPS30 datasheet).</summary>
        public const int Baud = 115200;

        private const int ResponseTimeoutMs = 1000;

        private readonly Sps30Device _sps;
        private readonly MetricId[] _metrics;

        /// <summary>Opens the UART and starts measuring (stopping first, in case it still measures from before a reset).</summary>
        /// <param name="sensor">Board profile entry.</param>
        /// <param name="portName">nanoFramework COM port, e.g. <c>COM3</c> (pins set by the board wiring).</param>
        public Sps30Sensor(BoardSensor sensor, string portName)
        {
            Name = sensor.Name;
            _metrics = sensor.Metrics;
            SerialPort port = new SerialPort(portName, Baud, Parity.None, 8, StopBits.One);
            _sps = new Sps30Device(new ShdlcProtocol(port, ResponseTimeoutMs));
            try
            {
                _sps.StopMeasurement();
            }
            catch (Exception)
            {
                // Not measuring: nothing to stop.
            }
            _sps.StartMeasurement(MeasurementOutputFormat.Float);
        }

        /// <summary>Sensor name from the board profile.</summary>
        public string Name { get; }

        /// <summary>Metrics chosen in the board profile, in the kind's order.</summary>
        public MetricId[] Metrics => _metrics;

        /// <summary>Reads PM1, PM2.5 and PM10.</summary>
        public bool TryRead(double[] values, out SensorError error)
        {
            Measurement m;
            try
            {
                m = _sps.ReadMeasuredValues();
            }
            catch (Exception)
            {
                error = SensorError.NotResponding;
                return false;
            }
            for (int i = 0; i < _metrics.Length; i++)
            {
                values[i] = _metrics[i] == MetricId.Pm1 ? m.MassConcentrationPm10.MicrogramsPerCubicMeter
                    : _metrics[i] == MetricId.Pm2_5 ? m.MassConcentrationPm25.MicrogramsPerCubicMeter
                    : m.MassConcentrationPm100.MicrogramsPerCubicMeter;
            }
            error = SensorError.None;
            return true;
        }
    }
}
