using System;
using Gateway.Firmware.Core.Readings;
using Gateway.Simulation.Randomness;
using Gateway.Simulation.Sensors;
using Gateway.Simulation.Time;

namespace Gateway.Simulation.Logistics
{
    /// <summary>The parts of a logistics tracker's board, besides the GNSS receiver (which the core's GnssReceiverSensor reads).</summary>
    public enum TrackerPart
    {
        /// <summary>ADXL345 accelerometer: peak shock since the last read, and tilt.</summary>
        Accelerometer = 0,
        /// <summary>Door reed switch.</summary>
        Door = 1,
        /// <summary>DS18B20 cargo probe.</summary>
        CargoProbe = 2,
        /// <summary>Battery voltage.</summary>
        Battery = 3,
    }

    /// <summary>One part of a logistics tracker reading the <see cref="TruckModel"/> at the clock's true time.</summary>
    public sealed class TruckSensor : SimulatedSensor
    {
        private static readonly MetricId[] s_accelerometer = new MetricId[] { MetricId.Acceleration, MetricId.Tilt };
        private static readonly MetricId[] s_door = new MetricId[] { MetricId.DoorOpen };
        private static readonly MetricId[] s_cargo = new MetricId[] { MetricId.CargoTemperature };
        private static readonly MetricId[] s_battery = new MetricId[] { MetricId.BatteryVoltage };

        private readonly TruckModel _truck;
        private readonly VirtualClock _clock;
        private readonly double _offset;

        /// <summary>Creates the part.</summary>
        public TruckSensor(TrackerPart part, TruckModel truck, VirtualClock clock, SimRandom random)
            : base(NameOf(part), MetricsOf(part), random)
        {
            Part = part;
            _truck = truck ?? throw new ArgumentNullException(nameof(truck));
            _clock = clock ?? throw new ArgumentNullException(nameof(clock));
            // DS18B20: ±0.5 °C from −10 to +85 °C (datasheet); ADC divider ±0.02 V.
            _offset = part == TrackerPart.CargoProbe ? random.Uniform(-0.25, 0.25) : part == TrackerPart.Battery ? random.Uniform(-0.02, 0.02) : 0;
        }

        /// <summary>Which part this is.</summary>
        public TrackerPart Part { get; }

        /// <summary>Sensor name of a part (see <see cref="SensorNames"/>).</summary>
        public static string NameOf(TrackerPart part)
        {
            switch (part)
            {
                case TrackerPart.Accelerometer: return SensorNames.Accelerometer;
                case TrackerPart.Door: return SensorNames.Door;
                case TrackerPart.CargoProbe: return SensorNames.CargoProbe;
                case TrackerPart.Battery: return SensorNames.Battery;
                default: throw new ArgumentOutOfRangeException(nameof(part), part, "unknown tracker part");
            }
        }

        private static MetricId[] MetricsOf(TrackerPart part)
        {
            switch (part)
            {
                case TrackerPart.Accelerometer: return s_accelerometer;
                case TrackerPart.Door: return s_door;
                case TrackerPart.CargoProbe: return s_cargo;
                case TrackerPart.Battery: return s_battery;
                default: throw new ArgumentOutOfRangeException(nameof(part), part, "unknown tracker part");
            }
        }

        /// <inheritdoc />
        protected override void Measure(double[] values)
        {
            _truck.AdvanceTo(_clock.TrueUnixTimeMs);
            SimRandom r = Random;
            switch (Part)
            {
                case TrackerPart.Accelerometer:
                    // ADXL345 in ±16 g full resolution: 3.9 mg/LSB (0.038 m/s²), saturates at 16 g.
                    values[0] = Quantize(Clamp(_truck.TakePeakAccelerationMps2() + r.Gaussian(0, 0.05), 0, 16 * TruckModel.StandardGravity), 0.04);
                    values[1] = Quantize(Clamp(_truck.TiltDeg + r.Gaussian(0, 0.2), 0, 180), 0.1);
                    break;
                case TrackerPart.Door:
                    values[0] = _truck.DoorOpen ? 1 : 0;
                    break;
                case TrackerPart.CargoProbe:
                    // DS18B20 at 12-bit resolution: 0.0625 °C steps, −55 to +125 °C.
                    values[0] = Quantize(Clamp(_truck.CargoTemperatureC + _offset + r.Gaussian(0, 0.06), -55, 125), 0.0625);
                    break;
                default:
                    values[0] = Quantize(Clamp(_truck.BatteryVoltage + _offset + r.Gaussian(0, 0.004), 0, 5), 0.01);
                    break;
            }
        }

        /// <summary>Door switches and shock registers do not produce plausible spikes; only analog parts spike.</summary>
        protected override double Spike(MetricId metric, double value)
        {
            return metric == MetricId.DoorOpen ? value : base.Spike(metric, value);
        }
    }
}
