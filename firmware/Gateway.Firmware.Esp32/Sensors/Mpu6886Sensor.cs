using System;
using System.Device.I2c;
using System.Numerics;
using Gateway.Firmware.Core.Boards;
using Gateway.Firmware.Core.Platform;
using Gateway.Firmware.Core.Readings;
using Iot.Device.Mpu6886;

namespace Gateway.Firmware.Esp32.Sensors
{
    /// <summary>
    /// InvenSense MPU-6886 (the M5Stack Core2's internal IMU, I2C 0x68) through Iot.Device.Mpu6886: the peak acceleration
    /// magnitude since the last sample and the tilt from upright, as <see cref="Adxl343Sensor"/>. The binding returns g.
    /// On the Core2 the IMU's Z axis points out of the screen, so "upright" means lying flat, screen up.
    /// </summary>
    public sealed class Mpu6886Sensor : ISensor
    {
        private readonly Mpu6886AccelerometerGyroscope _imu;
        private readonly MetricId[] _metrics;
        private double _peakG;
        private double _tiltDeg = double.NaN;
        private bool _failed;

        /// <summary>Sets ±16 g full scale (a dropped parcel exceeds ±8 g).</summary>
        public Mpu6886Sensor(BoardSensor sensor, I2cDevice device)
        {
            Name = sensor.Name;
            _metrics = sensor.Metrics;
            _imu = new Mpu6886AccelerometerGyroscope(device);
            _imu.AccelerometerScale = AccelerometerScale.Scale16G;
        }

        /// <summary>Sensor name from the board profile.</summary>
        public string Name { get; }

        /// <summary>Metrics chosen in the board profile, in the kind's order.</summary>
        public MetricId[] Metrics => _metrics;

        /// <summary>Takes one sample and keeps the peak magnitude and the latest tilt.</summary>
        public void Poll()
        {
            Vector3 a;
            try
            {
                a = _imu.GetAccelerometer();
            }
            catch (Exception)
            {
                _failed = true;
                return;
            }
            _failed = false;
            double magnitudeG = Math.Sqrt((a.X * a.X) + (a.Y * a.Y) + (a.Z * a.Z));
            if (magnitudeG > _peakG)
            {
                _peakG = magnitudeG;
            }
            _tiltDeg = magnitudeG > 0 ? Math.Acos(a.Z / magnitudeG) * 180.0 / Math.PI : double.NaN;
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
                values[i] = _metrics[i] == MetricId.Acceleration ? _peakG * Adxl343Sensor.StandardGravity : _tiltDeg;
            }
            _peakG = 0;
            error = SensorError.None;
            return true;
        }
    }
}
