using System;

namespace Gateway.Simulation.Sensors
{
    /// <summary>
    /// Names of the simulated sensors, as the ESP32 board profiles name the real parts: they appear in status messages
    /// and in <c>sample.&lt;sensor&gt;.period_s</c> configuration keys.
    /// </summary>
    public static class SensorNames
    {
        /// <summary>Bosch BME280: temperature, relative humidity, pressure.</summary>
        public const string Bme280 = "bme280";
        /// <summary>Sensirion SPS30: PM1, PM2.5, PM10.</summary>
        public const string Sps30 = "sps30";
        /// <summary>Sensirion SCD4x: CO2 (photoacoustic NDIR).</summary>
        public const string Scd4x = "scd4x";
        /// <summary>Sensirion SGP: TVOC.</summary>
        public const string Sgp = "sgp";
        /// <summary>Sound level meter (I2S MEMS microphone, A-weighted).</summary>
        public const string Noise = "noise";
        /// <summary>Ambient light sensor (BH1750-class).</summary>
        public const string Light = "light";
        /// <summary>Battery voltage divider on an ADC pin.</summary>
        public const string Battery = "battery";
        /// <summary>GNSS receiver (NMEA 0183 on a UART), parsed by the core's GnssReceiverSensor.</summary>
        public const string Gnss = "gnss";
        /// <summary>Analog Devices ADXL345 accelerometer (±16 g): peak shock and tilt.</summary>
        public const string Accelerometer = "adxl345";
        /// <summary>Cargo door reed switch.</summary>
        public const string Door = "door";
        /// <summary>Maxim DS18B20 probe in the cargo space: cargo temperature.</summary>
        public const string CargoProbe = "ds18b20";

        /// <summary>Sensors of an environmental node, in board order.</summary>
        public static readonly string[] Environmental = new string[] { Bme280, Sps30, Scd4x, Sgp, Noise, Light, Battery };

        /// <summary>Sensors of a logistics tracker, in board order.</summary>
        public static readonly string[] Logistics = new string[] { Gnss, Accelerometer, Door, CargoProbe, Battery };

        /// <summary>True when <paramref name="name"/> is in <paramref name="names"/>.</summary>
        public static bool Contains(string[] names, string name) => Array.IndexOf(names, name) >= 0;
    }
}
