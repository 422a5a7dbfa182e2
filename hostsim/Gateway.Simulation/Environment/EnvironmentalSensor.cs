using System;
using Gateway.Firmware.Core.Readings;
using Gateway.Simulation.Randomness;
using Gateway.Simulation.Sensors;
using Gateway.Simulation.Time;

namespace Gateway.Simulation.Environment
{
    /// <summary>The parts of an environmental node's board.</summary>
    public enum EnvironmentalPart
    {
        /// <summary>BME280: temperature, humidity, pressure.</summary>
        Bme280 = 0,
        /// <summary>SPS30: PM1, PM2.5, PM10.</summary>
        Sps30 = 1,
        /// <summary>SCD4x: CO2.</summary>
        Scd4x = 2,
        /// <summary>SGP: TVOC.</summary>
        Sgp = 3,
        /// <summary>Sound level meter.</summary>
        Noise = 4,
        /// <summary>Ambient light sensor.</summary>
        Light = 5,
        /// <summary>Battery voltage.</summary>
        Battery = 6,
    }

    /// <summary>
    /// One part of an environmental node reading the <see cref="EnvironmentalModel"/> at the clock's true time, with the
    /// part's datasheet-like accuracy: a fixed calibration error per unit (drawn once from the node's seed), read noise
    /// and output resolution, clamped to the part's measuring range.
    /// </summary>
    public sealed class EnvironmentalSensor : SimulatedSensor
    {
        private static readonly MetricId[] s_bme280 = new MetricId[] { MetricId.Temperature, MetricId.RelativeHumidity, MetricId.Pressure };
        private static readonly MetricId[] s_sps30 = new MetricId[] { MetricId.Pm1, MetricId.Pm2_5, MetricId.Pm10 };
        private static readonly MetricId[] s_scd4x = new MetricId[] { MetricId.Co2 };
        private static readonly MetricId[] s_sgp = new MetricId[] { MetricId.Tvoc };
        private static readonly MetricId[] s_noise = new MetricId[] { MetricId.Noise };
        private static readonly MetricId[] s_light = new MetricId[] { MetricId.Illuminance };
        private static readonly MetricId[] s_battery = new MetricId[] { MetricId.BatteryVoltage };

        private readonly EnvironmentalModel _model;
        private readonly VirtualClock _clock;
        private readonly double _offsetA;
        private readonly double _offsetB;
        private readonly double _offsetC;
        private readonly double _gain;

        /// <summary>Creates the part.</summary>
        /// <param name="part">Which part.</param>
        /// <param name="model">The air around the node.</param>
        /// <param name="clock">The node's clock (its true time drives the model).</param>
        /// <param name="random">The part's own generator (calibration error, noise, spikes).</param>
        public EnvironmentalSensor(EnvironmentalPart part, EnvironmentalModel model, VirtualClock clock, SimRandom random)
            : base(NameOf(part), MetricsOf(part), random)
        {
            Part = part;
            _model = model ?? throw new ArgumentNullException(nameof(model));
            _clock = clock ?? throw new ArgumentNullException(nameof(clock));
            // Unit-to-unit calibration error, within the datasheets' accuracy classes.
            switch (part)
            {
                case EnvironmentalPart.Bme280:
                    _offsetA = random.Uniform(-0.5, 0.5);    // °C (BME280 ±1 °C absolute, typ. ±0.5)
                    _offsetB = random.Uniform(-2.0, 2.0);    // %RH (±3 %RH)
                    _offsetC = random.Uniform(-60, 60);      // Pa (±100 Pa absolute)
                    break;
                case EnvironmentalPart.Sps30:
                    _gain = random.Uniform(0.92, 1.08);      // SPS30 ±10 % of reading (10–100 µg/m³ range)
                    break;
                case EnvironmentalPart.Scd4x:
                    _offsetA = random.Uniform(-30, 30);      // ppm (SCD40 ±(50 ppm + 5 %))
                    _gain = random.Uniform(0.98, 1.02);
                    break;
                case EnvironmentalPart.Sgp:
                    _gain = random.Uniform(0.8, 1.2);        // metal-oxide sensors: ±15 % and more between units
                    break;
                case EnvironmentalPart.Noise:
                    _offsetA = random.Uniform(-1.0, 1.0);    // dB (class-2 sound level meter tolerance ±1.4 dB)
                    break;
                case EnvironmentalPart.Light:
                    _gain = random.Uniform(0.9, 1.1);        // BH1750 ±20 % over parts, typ. ±10 %
                    break;
                default:
                    _offsetA = random.Uniform(-0.02, 0.02);  // V, ADC divider tolerance
                    break;
            }
        }

        /// <summary>Which part this is.</summary>
        public EnvironmentalPart Part { get; }

        /// <summary>Sensor name of a part (see <see cref="SensorNames"/>).</summary>
        public static string NameOf(EnvironmentalPart part)
        {
            switch (part)
            {
                case EnvironmentalPart.Bme280: return SensorNames.Bme280;
                case EnvironmentalPart.Sps30: return SensorNames.Sps30;
                case EnvironmentalPart.Scd4x: return SensorNames.Scd4x;
                case EnvironmentalPart.Sgp: return SensorNames.Sgp;
                case EnvironmentalPart.Noise: return SensorNames.Noise;
                case EnvironmentalPart.Light: return SensorNames.Light;
                case EnvironmentalPart.Battery: return SensorNames.Battery;
                default: throw new ArgumentOutOfRangeException(nameof(part), part, "unknown environmental part");
            }
        }

        /// <summary>Finds the part called <paramref name="name"/> (<c>bme280</c>, <c>sps30</c>, ...).</summary>
        public static bool TryParsePart(string name, out EnvironmentalPart part)
        {
            for (int i = 0; i <= (int)EnvironmentalPart.Battery; i++)
            {
                if (NameOf((EnvironmentalPart)i) == name)
                {
                    part = (EnvironmentalPart)i;
                    return true;
                }
            }
            part = EnvironmentalPart.Bme280;
            return false;
        }

        private static MetricId[] MetricsOf(EnvironmentalPart part)
        {
            switch (part)
            {
                case EnvironmentalPart.Bme280: return s_bme280;
                case EnvironmentalPart.Sps30: return s_sps30;
                case EnvironmentalPart.Scd4x: return s_scd4x;
                case EnvironmentalPart.Sgp: return s_sgp;
                case EnvironmentalPart.Noise: return s_noise;
                case EnvironmentalPart.Light: return s_light;
                case EnvironmentalPart.Battery: return s_battery;
                default: throw new ArgumentOutOfRangeException(nameof(part), part, "unknown environmental part");
            }
        }

        /// <inheritdoc />
        protected override void Measure(double[] values)
        {
            long t = _clock.TrueUnixTimeMs;
            SimRandom r = Random;
            switch (Part)
            {
                case EnvironmentalPart.Bme280:
                    // Resolution: 0.01 °C, 0.01 %RH (compensated output), 1 Pa; RMS noise ~0.02 °C, 0.1 %RH, 1.3 Pa (datasheet §1).
                    values[0] = Quantize(Clamp(_model.TemperatureC(t) + _offsetA + r.Gaussian(0, 0.03), -40, 85), 0.01);
                    values[1] = Quantize(Clamp(_model.RelativeHumidityPercent(t) + _offsetB + r.Gaussian(0, 0.15), 0, 100), 0.01);
                    values[2] = Quantize(Clamp(_model.PressurePa(t) + _offsetC + r.Gaussian(0, 2.0), 30000, 110000), 1);
                    break;
                case EnvironmentalPart.Sps30:
                    double pm1;
                    double pm2_5;
                    double pm10;
                    _model.Particulates(t, out pm1, out pm2_5, out pm10);
                    double common = 1 + r.Gaussian(0, 0.04);
                    // SPS30 measures 0–1000 µg/m³ and reports 0.1 µg/m³ steps in its float output.
                    values[0] = Quantize(Clamp(pm1 * _gain * common + r.Gaussian(0, 0.5), 0, 1000), 0.1);
                    values[1] = Quantize(Clamp(Math.Max(pm2_5, pm1) * _gain * common + r.Gaussian(0, 0.7), 0, 1000), 0.1);
                    values[2] = Quantize(Clamp(Math.Max(pm10, pm2_5) * _gain * common + r.Gaussian(0, 1.5), 0, 1000), 0.1);
                    if (values[1] < values[0])
                    {
                        values[1] = values[0];
                    }
                    if (values[2] < values[1])
                    {
                        values[2] = values[1];
                    }
                    break;
                case EnvironmentalPart.Scd4x:
                    _model.AdvanceTo(t);
                    // SCD4x: 400–5000 ppm specified range, output up to 40000 ppm, 1 ppm resolution; repeatability ±10 ppm.
                    values[0] = Quantize(Clamp(_model.Co2Ppm(t) * _gain + _offsetA + r.Gaussian(0, 6), 0, 40000), 1);
                    break;
                case EnvironmentalPart.Sgp:
                    _model.AdvanceTo(t);
                    values[0] = Quantize(Clamp(_model.TvocPpb(t) * _gain * (1 + r.Gaussian(0, 0.05)) + r.Gaussian(0, 3), 0, 60000), 1);
                    break;
                case EnvironmentalPart.Noise:
                    values[0] = Quantize(Clamp(_model.NoiseDb(t) + _offsetA + r.Gaussian(0, 1.5), 20, 130), 0.1);
                    break;
                case EnvironmentalPart.Light:
                    double lux = _model.IlluminanceLux(t);
                    values[0] = Quantize(Clamp(lux * _gain * (1 + r.Gaussian(0, 0.02)) + r.Gaussian(0, 0.3), 0, 65535), 1);
                    break;
                default:
                    values[0] = Quantize(Clamp(_model.BatteryVoltage(t) + _offsetA + r.Gaussian(0, 0.004), 0, 5), 0.01);
                    break;
            }
        }
    }
}
