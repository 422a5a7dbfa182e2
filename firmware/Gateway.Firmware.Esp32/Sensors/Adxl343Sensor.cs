using System;
using System.Device.I2c;
using System.Numerics;
using Gateway.Firmware.Core.Boards;
using Gateway.Firmware.Core.Platform;
using Gateway.Firmware.Core.Readings;
using Iot.Device.Adxl343Lib;

namespace Gateway.Firmware.Esp32.Sensors
{
    /// <summary>
    /// Analog Devices ADXL343 through Iot.Device.Adxl343Lib: the peak acceleration magnitude since the last sample
    /// (shock) and the tilt from upright. The main loop calls <see cref="Poll"/> every pass (about 20 times a second) to
    /// catch peaks between samples; a shock shorter than one pass can be missed (the part's activity interrupt and FIFO
    /// would catch it, a later step). The magnitude includes gravity: at rest it reads 1 g (9.81 m/s²).
    /// Tilt assumes the board is mounted with the sensor's Z axis pointing up when upright.
    /// </summary>
    public sealed class Adxl343Sensor : ISensor
    {
        /// <summary>Standard gravity, m/s² (CGPM 1901).</summary>
        public const double StandardGravity = 9.80665;

        // Full-resolution mode: 3.9 mg per LSB at every range (ADXL343 datasheet, Table 1 "Scale factor").
        private const double GPerLsb = 0.0039;

        private readonly Adxl343 _adxl;
        private readonly MetricId[] _metrics;
        private Vector3 _sample;
        private double _peakG;
        private double _tiltDeg = double.NaN;
        private bool _failed;

        /// <summary>Sets ±16 g in full resolution (a dropped parcel exceeds ±8 g).</summary>
        public Adxl343Sensor(BoardSensor sensor, I2cDevice device)
        {
            Name = sensor.Name;
            _metrics = sensor.Metrics;
            _adxl = new Adxl343(device, GravityRange.Range16);
            _adxl.TrySetDataFormat(false, false, false, true, false, GravityRange.Range16);
            // 100 Hz output data rate (BW_RATE, datasheet "Register 0x2C"), faster than the main loop polls.
            _adxl.TrySetBWRates(false, OutputDataRate.Frequency100Hz);
            // Measure bit on (POWER_CTL, datasheet "Register 0x2D"): the part starts in standby.
            _adxl.TrySetPowerControl(false, false, true, false, WakeUpBits.Frequency8);
        }

        /// <summary>Sensor name from the board profile.</summary>
        public string Name { get; }

        /// <summary>Metrics chosen in the board profile, in the kind's order.</summary>
        public MetricId[] Metrics => _metrics;

        /// <summary>Takes one sample and keeps the peak magnitude and the latest tilt.</summary>
        public void Poll()
        {
            try
            {
                if (!_adxl.TryGetAcceleration(ref _sample))
                {
                    _failed = true;
                    return;
                }
            }
            catch (Exception)
            {
                _failed = true;
                return;
            }
            _failed = false;
            double x = _sample.X * GPerLsb;
            double y = _sample.Y * GPerLsb;
            double z = _sample.Z * GPerLsb;
            double magnitudeG = Math.Sqrt((x * x) + (y * y) + (z * z));
            if (magnitudeG > _peakG)
            {
                _peakG = magnitudeG;
            }
            _tiltDeg = magnitudeG > 0 ? Math.Acos(z / magnitudeG) * 180.0 / Math.PI : double.NaN;
        }

        /// <summary>Reports the peak since the last read (m/s²) and the tilt (degrees), then starts a new peak.</summary>
        public bool TryRead(double[] values, out SensorError error)
        {
            if (_peakG == 0)
            {
                Poll();
            }
            if (_failed || _peakG == 0)
            {
                error = SensorError.NotResponding;
                return false;
            }
            for (int i = 0; i < _metrics.Length; i++)
            {
                values[i] = _metrics[i] == MetricId.Acceleration ? _peakG * StandardGravity : _tiltDeg;
            }
            _peakG = 0;
            error = SensorError.None;
            return true;
        }
    }
}
