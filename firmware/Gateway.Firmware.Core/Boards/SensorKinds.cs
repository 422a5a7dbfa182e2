using Gateway.Firmware.Core.Readings;

namespace Gateway.Firmware.Core.Boards
{
    /// <summary>
    /// Facts about each <see cref="SensorKind"/>: its name in board.conf, how it is attached, the I2C addresses the part
    /// can answer at (from its datasheet) and the metrics its adapter reports, in the order the adapter fills them.
    /// </summary>
    public static class SensorKinds
    {
        private const int Count = 14;

        private static readonly string[] s_names = new string[]
        {
            "", "bme280", "bme680", "sht3x", "aht20", "scd4x", "sen5x", "sps30", "adxl343", "mpu6886", "ds18b20", "gnss", "door", "battery",
        };

        // Indexed by kind: bme280, bme680, sht3x, aht20, scd4x, sen5x, sps30, adxl343, mpu6886, ds18b20, gnss, door, battery.
        private static readonly SensorAttachment[] s_attachments = new SensorAttachment[]
        {
            0,
            SensorAttachment.I2c, SensorAttachment.I2c, SensorAttachment.I2c, SensorAttachment.I2c, SensorAttachment.I2c,
            SensorAttachment.I2c, SensorAttachment.Uart, SensorAttachment.I2c, SensorAttachment.I2c, SensorAttachment.OneWire,
            SensorAttachment.Uart, SensorAttachment.Gpio, SensorAttachment.Adc,
        };

        // 7-bit addresses, first one the usual breakout default:
        // BME280 datasheet §6.2 and BME680 datasheet §6.2: SDO to GND = 0x76, to VDDIO = 0x77.
        // SHT3x-DIS datasheet Table 7: ADDR low = 0x44, high = 0x45.  AHT20 datasheet §5.3: 0x38 only.
        // SCD4x datasheet §3.5: 0x62 only.  SEN5x datasheet §6.1: 0x69 only.
        // ADXL343 datasheet "Serial Communications, I2C": ALT ADDRESS low = 0x53, high = 0x1D.
        // MPU-6886 datasheet §9.2: AD0 low = 0x68, high = 0x69.
        private static readonly int[][] s_addresses = new int[][]
        {
            new int[0],
            new int[] { 0x76, 0x77 },
            new int[] { 0x76, 0x77 },
            new int[] { 0x44, 0x45 },
            new int[] { 0x38 },
            new int[] { 0x62 },
            new int[] { 0x69 },
            new int[0],
            new int[] { 0x53, 0x1D },
            new int[] { 0x68, 0x69 },
            new int[0],
            new int[0],
            new int[0],
            new int[0],
        };

        private static readonly MetricId[][] s_metrics = new MetricId[][]
        {
            new MetricId[0],
            new MetricId[] { MetricId.Temperature, MetricId.RelativeHumidity, MetricId.Pressure },
            new MetricId[] { MetricId.Temperature, MetricId.RelativeHumidity, MetricId.Pressure },
            new MetricId[] { MetricId.Temperature, MetricId.RelativeHumidity },
            new MetricId[] { MetricId.Temperature, MetricId.RelativeHumidity },
            new MetricId[] { MetricId.Co2, MetricId.Temperature, MetricId.RelativeHumidity },
            new MetricId[] { MetricId.Pm1, MetricId.Pm2_5, MetricId.Pm10, MetricId.Temperature, MetricId.RelativeHumidity },
            new MetricId[] { MetricId.Pm1, MetricId.Pm2_5, MetricId.Pm10 },
            new MetricId[] { MetricId.Acceleration, MetricId.Tilt },
            new MetricId[] { MetricId.Acceleration, MetricId.Tilt },
            new MetricId[] { MetricId.CargoTemperature },
            // The order of Gnss.GnssReceiverSensor, which the shell uses as the gnss adapter.
            new MetricId[]
            {
                MetricId.Latitude, MetricId.Longitude, MetricId.Altitude, MetricId.Speed, MetricId.Course,
                MetricId.FixQuality, MetricId.SatellitesInUse, MetricId.Constellation,
            },
            new MetricId[] { MetricId.DoorOpen },
            new MetricId[] { MetricId.BatteryVoltage },
        };

        /// <summary>Every kind's board.conf name, in enum order (for "accepted values" lists).</summary>
        public static string[] Names
        {
            get
            {
                string[] names = new string[Count - 1];
                for (int i = 1; i < Count; i++)
                {
                    names[i - 1] = s_names[i];
                }
                return names;
            }
        }

        /// <summary>True for a defined kind.</summary>
        public static bool IsDefined(SensorKind kind) => (int)kind >= 1 && (int)kind < Count;

        /// <summary>The kind's name in board.conf, e.g. <c>bme280</c>.</summary>
        public static string Name(SensorKind kind) => IsDefined(kind) ? s_names[(int)kind] : "";

        /// <summary>Finds a kind by its board.conf name (exact, lower case).</summary>
        public static bool TryFind(string name, out SensorKind kind)
        {
            for (int i = 1; i < Count; i++)
            {
                if (s_names[i] == name)
                {
                    kind = (SensorKind)i;
                    return true;
                }
            }
            kind = 0;
            return false;
        }

        /// <summary>How the kind is attached.</summary>
        public static SensorAttachment Attachment(SensorKind kind) => s_attachments[(int)kind];

        /// <summary>I2C addresses the part can answer at (empty for kinds not on I2C); do not modify.</summary>
        public static int[] I2cAddresses(SensorKind kind) => s_addresses[(int)kind];

        /// <summary>Every metric the kind's adapter can report, in the order it fills them; do not modify.</summary>
        public static MetricId[] Metrics(SensorKind kind) => s_metrics[(int)kind];

        /// <summary>
        /// False for kinds whose metrics cannot be narrowed with <c>sensor.&lt;name&gt;.metrics</c> (the GNSS receiver
        /// always reports its whole fix, so that a position never travels without its quality).
        /// </summary>
        public static bool CanSelectMetrics(SensorKind kind) => kind != SensorKind.Gnss;

        /// <summary>Formats an I2C address as board.conf writes it: <c>0x76</c>.</summary>
        public static string FormatAddress(int address)
        {
            const string digits = "0123456789abcdef";
            char[] text = new char[] { '0', 'x', digits[(address >> 4) & 0xF], digits[address & 0xF] };
            return new string(text);
        }

        /// <summary>The kind's allowed addresses as text: "0x76 or 0x77".</summary>
        public static string DescribeAddresses(SensorKind kind)
        {
            int[] addresses = I2cAddresses(kind);
            string[] texts = new string[addresses.Length];
            for (int i = 0; i < addresses.Length; i++)
            {
                texts[i] = FormatAddress(addresses[i]);
            }
            return Config.ConfigText.JoinChoices(texts);
        }
    }
}
