using System;
using System.Device.Adc;
using System.Device.Gpio;
using System.Device.I2c;
using System.IO;
using Gateway.Firmware.Core.Boards;
using Gateway.Firmware.Core.Config;
using Gateway.Firmware.Core.Gnss;
using Gateway.Firmware.Core.Node;
using Gateway.Firmware.Core.Platform;
using Gateway.Firmware.Esp32.Diagnostics;
using Gateway.Firmware.Esp32.Gnss;
using Gateway.Firmware.Esp32.Led;
using Gateway.Firmware.Esp32.Mqtt;
using Gateway.Firmware.Esp32.Network;
using Gateway.Firmware.Esp32.Power;
using Gateway.Firmware.Esp32.Sensors;
using Gateway.Firmware.Esp32.Storage;
using Gateway.Firmware.Esp32.Time;
using nanoFramework.Device.OneWire;
using nanoFramework.Hardware.Esp32;

namespace Gateway.Firmware.Esp32.Board
{
    /// <summary>
    /// Builds the adapters a board profile describes and bundles them as the node's <see cref="NodePorts"/>: muxes the
    /// profile's pins (Configuration.SetPinFunction), opens the buses, creates one adapter per declared sensor. Every
    /// pin number and COM port comes from the validated <see cref="BoardProfile"/>; nothing here chooses one.
    /// </summary>
    public sealed class BoardWiring
    {
        /// <summary>The firmware's folder on the internal flash drive.</summary>
        public const string Root = "I:\\gateway\\";

        /// <summary>The durable buffer's segment files.</summary>
        public const string BufferDirectory = Root + "buffer\\";

        /// <summary>Segments of the durable buffer.</summary>
        public const int BufferSegmentCount = 16;

        /// <summary>
        /// Largest segment: 16 segments of 16 KiB hold about 7,700 readings (34-byte frames). On the usual 4 MB ESP32
        /// layout the I:\ partition is smaller, so the buffer takes half of what the drive reports, split in 16.
        /// </summary>
        public const int MaxSegmentBytes = 16384;

        /// <summary>Smallest segment worth having (the core's minimum is a checkpoint plus one reading).</summary>
        public const int MinSegmentBytes = 1024;

        /// <summary>The main loop must feed the software watchdog at least this often (the longest adapter wait is under 1 s).</summary>
        public const int WatchdogTimeoutMs = 60000;

        /// <summary>A GNSS fix older than this is not sent as a position (receivers send one per second).</summary>
        public const long GnssMaxFixAgeMs = 5000;

        private const string Drive = "I:\\";

        private readonly BoardProfile _profile;
        private readonly GpioController _gpio;
        private readonly ISensor[] _sensors;
        private UartLineSource? _gnssLine;
        private OneWireHost? _oneWire;
        private AdcController? _adc;

        /// <summary>Muxes the pins and creates every adapter.</summary>
        /// <param name="profile">The validated board profile.</param>
        /// <param name="config">The parsed device configuration (Wi-Fi, broker, TLS files, NTP server).</param>
        /// <param name="files">Files under <see cref="Root"/>.</param>
        /// <param name="gpio">The GPIO controller the status LED was opened on.</param>
        /// <param name="indicator">The status LED, created first so that it can show configuration errors.</param>
        public BoardWiring(BoardProfile profile, DeviceConfig config, FlashFileStorage files, GpioController gpio, StatusLed indicator)
        {
            _profile = profile;
            _gpio = gpio;
            MuxPins(profile);
            Files = files;
            Indicator = indicator;
            Clock = new DeviceClock();
            Clock.StartTimeSync(config.NtpServer);
            Power = new Esp32Power(files);
            Watchdog = new SoftwareWatchdog(Power, WatchdogTimeoutMs);
            Link = new WifiLink(config.WifiSsid, config.WifiPassword, Clock);
            Transport = new M2MqttTransport(config.BrokerHost, config.BrokerPort,
                files.ReadAllText(config.TlsCaFile), files.ReadAllText(config.TlsCertFile), files.ReadAllText(config.TlsKeyFile));
            Storage = new FlashSegmentStorage(BufferDirectory, BufferSegmentCount, SegmentBytes());
            Health = new DeviceHealth();
            _sensors = CreateSensors(profile);
            Ports = new NodePorts(Clock, Storage, Files, Transport, Link, Power, Indicator, Health, _sensors);
        }

        /// <summary>Everything the node needs.</summary>
        public NodePorts Ports { get; }

        /// <summary>Monotonic and wall-clock time.</summary>
        public DeviceClock Clock { get; }

        /// <summary>Files under I:\gateway\.</summary>
        public FlashFileStorage Files { get; }

        /// <summary>Deep sleep and reboot.</summary>
        public Esp32Power Power { get; }

        /// <summary>Fed by the main loop.</summary>
        public SoftwareWatchdog Watchdog { get; }

        /// <summary>The Wi-Fi link.</summary>
        public WifiLink Link { get; }

        /// <summary>MQTT over TLS; the main loop drains its events.</summary>
        public M2MqttTransport Transport { get; }

        /// <summary>The durable buffer's segments.</summary>
        public FlashSegmentStorage Storage { get; }

        /// <summary>The status LED.</summary>
        public StatusLed Indicator { get; }

        /// <summary>Free memory for the status message.</summary>
        public DeviceHealth Health { get; }

        /// <summary>The status LED the profile describes (none, a GPIO LED or a WS2812).</summary>
        public static StatusLed CreateIndicator(BoardProfile profile, GpioController gpio)
        {
            switch (profile.LedKind)
            {
                case LedKind.Gpio:
                    return new StatusLed(gpio, profile.LedPin, profile.LedActiveLow);
                case LedKind.Ws2812:
                    return new StatusLed(profile.LedPin);
                default:
                    return new StatusLed();
            }
        }

        /// <summary>
        /// Work the main loop does between ticks, never blocking: drains the GNSS UART into its line ring, samples the
        /// accelerometers for their peak, refreshes the Wi-Fi RSSI now and then.
        /// </summary>
        public void Poll(long nowMs)
        {
            Link.Service(nowMs);
            if (_gnssLine != null)
            {
                _gnssLine.Poll();
            }
            for (int i = 0; i < _sensors.Length; i++)
            {
                Adxl343Sensor? adxl = _sensors[i] as Adxl343Sensor;
                Mpu6886Sensor? imu = _sensors[i] as Mpu6886Sensor;
                if (adxl != null)
                {
                    adxl.Poll();
                }
                else if (imu != null)
                {
                    imu.Poll();
                }
            }
        }

        private static void MuxPins(BoardProfile profile)
        {
            if (profile.HasI2cBus(1))
            {
                Configuration.SetPinFunction(profile.I2cDataPin(1), DeviceFunction.I2C1_DATA);
                Configuration.SetPinFunction(profile.I2cClockPin(1), DeviceFunction.I2C1_CLOCK);
            }
            if (profile.HasI2cBus(2))
            {
                Configuration.SetPinFunction(profile.I2cDataPin(2), DeviceFunction.I2C2_DATA);
                Configuration.SetPinFunction(profile.I2cClockPin(2), DeviceFunction.I2C2_CLOCK);
            }
            MuxUart(profile.GnssComPort, profile.GnssRxPin, profile.GnssTxPin);
            MuxUart(profile.Sps30ComPort, profile.Sps30RxPin, profile.Sps30TxPin);
            MuxUart(profile.OneWireComPort, profile.OneWireRxPin, profile.OneWireTxPin);
        }

        private static void MuxUart(int port, int rxPin, int txPin)
        {
            if (port == 0)
            {
                return;
            }
            if (rxPin != BoardProfile.NoPin)
            {
                Configuration.SetPinFunction(rxPin, port == 2 ? DeviceFunction.COM2_RX : DeviceFunction.COM3_RX);
            }
            if (txPin != BoardProfile.NoPin)
            {
                Configuration.SetPinFunction(txPin, port == 2 ? DeviceFunction.COM2_TX : DeviceFunction.COM3_TX);
            }
        }

        private ISensor[] CreateSensors(BoardProfile profile)
        {
            ISensor[] sensors = new ISensor[profile.SensorCount];
            for (int i = 0; i < sensors.Length; i++)
            {
                BoardSensor sensor = profile.Sensor(i);
                try
                {
                    sensors[i] = sensor.Attachment == SensorAttachment.I2c ? CreateI2cSensor(sensor) : CreateOtherSensor(sensor);
                    Console.WriteLine("board: " + sensor.Name + " (" + SensorKinds.Name(sensor.Kind) + ") ready");
                }
                catch (Exception e)
                {
                    // A missing part must not stop the board: the stand-in reports it as not responding in every status.
                    Console.WriteLine("board: " + sensor.Name + " (" + SensorKinds.Name(sensor.Kind) + ") not available: " + e.Message
                        + "; check its wiring and address (boards/" + profile.Id + "/README.md)");
                    sensors[i] = new UnavailableSensor(sensor, e.Message);
                }
            }
            return sensors;
        }

        private static ISensor CreateI2cSensor(BoardSensor sensor)
        {
            I2cDevice device = I2cDevice.Create(new I2cConnectionSettings(sensor.Bus, sensor.Address));
            switch (sensor.Kind)
            {
                case SensorKind.Bme280:
                    return new Bme280Sensor(sensor, device);
                case SensorKind.Bme680:
                    return new Bme680Sensor(sensor, device);
                case SensorKind.Sht3x:
                    return new Sht3xSensor(sensor, device);
                case SensorKind.Aht20:
                    return new Aht20Sensor(sensor, device);
                case SensorKind.Scd4x:
                    return new Scd4xSensor(sensor, device);
                case SensorKind.Sen5x:
                    return new Sen5xSensor(sensor, device);
                case SensorKind.Adxl343:
                    return new Adxl343Sensor(sensor, device);
                default:
                    return new Mpu6886Sensor(sensor, device);
            }
        }

        private ISensor CreateOtherSensor(BoardSensor sensor)
        {
            switch (sensor.Kind)
            {
                case SensorKind.Gnss:
                    _gnssLine = new UartLineSource("COM" + _profile.GnssComPort.ToString(), _profile.GnssBaud);
                    return new GnssReceiverSensor(sensor.Name, _gnssLine, Clock, GnssMaxFixAgeMs);
                case SensorKind.Sps30:
                    return new Sps30Sensor(sensor, "COM" + _profile.Sps30ComPort.ToString());
                case SensorKind.Ds18b20:
                    _oneWire = _oneWire ?? new OneWireHost();
                    return new Ds18b20Sensor(sensor, _oneWire);
                case SensorKind.Door:
                    return new DoorSwitch(sensor, _gpio, _profile.DoorPin, _profile.DoorPull, _profile.DoorOpenWhenHigh);
                default:
                    _adc = _adc ?? new AdcController();
                    return new BatteryAdc(sensor, _adc, _profile.BatteryAdcChannel, _profile.BatteryDividerRatio);
            }
        }

        private static int SegmentBytes()
        {
            long driveBytes = 0;
            try
            {
                driveBytes = new DriveInfo(Drive).TotalSize;
            }
            catch (Exception e)
            {
                Console.WriteLine("board: size of " + Drive + " unknown (" + e.Message + "); using the smallest buffer");
            }
            long share = driveBytes / 2 / BufferSegmentCount;
            if (share >= MaxSegmentBytes)
            {
                return MaxSegmentBytes;
            }
            return share < MinSegmentBytes ? MinSegmentBytes : (int)share;
        }
    }
}
