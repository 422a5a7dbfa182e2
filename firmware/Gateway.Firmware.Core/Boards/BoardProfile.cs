namespace Gateway.Firmware.Core.Boards
{
    /// <summary>
    /// A board's hardware as data (board.conf): which nanoFramework image it runs, which GPIO carries what, and which
    /// sensors sit where. Read by <see cref="BoardProfileParser"/>, checked by <see cref="BoardValidator"/>; the ESP32
    /// shell builds its adapters from it and decides nothing about pins itself.
    /// </summary>
    public sealed class BoardProfile
    {
        /// <summary>File name on the device (<c>I:\gateway\board.conf</c>) and in boards/&lt;id&gt;/.</summary>
        public const string FileName = "board.conf";

        /// <summary>Value of a pin property that is not set.</summary>
        public const int NoPin = -1;

        /// <summary>
        /// nanoFramework's official ESP32 images host the 1-Wire master on COM3 (UART2), with its RX and TX pins set by
        /// the application (nanoframework/Samples, samples/1-Wire/README.md); the other UART users get what is left.
        /// </summary>
        public const int OneWirePort = 3;

        private readonly string[] _texts;
        private readonly double[] _numbers;
        private readonly int[] _lines;
        private readonly int[] _reservedPins;
        private readonly BoardSensor[] _sensors;

        internal BoardProfile(string[] texts, double[] numbers, int[] lines, int[] reservedPins, BoardSensor[] sensors,
            ChipFamily chip, bool usesPsram)
        {
            _texts = texts;
            _numbers = numbers;
            _lines = lines;
            _reservedPins = reservedPins;
            _sensors = sensors;
            Chip = chip;
            UsesPsram = usesPsram;
            int next = 2;
            if (IsSet(BoardKeys.OneWireRx) || IsSet(BoardKeys.OneWireTx))
            {
                OneWireComPort = OneWirePort;
            }
            if (IsSet(BoardKeys.GnssRx) || IsSet(BoardKeys.GnssTx))
            {
                GnssComPort = TakePort(ref next);
            }
            if (IsSet(BoardKeys.Sps30Rx) || IsSet(BoardKeys.Sps30Tx))
            {
                Sps30ComPort = TakePort(ref next);
            }
        }

        /// <summary>Board profile id (board.id), e.g. <c>esp32-devkitc</c>.</summary>
        public string Id => _texts[BoardKeys.BoardId];

        /// <summary>Human-readable name (board.name); empty when not set.</summary>
        public string Name => _texts[BoardKeys.BoardName];

        /// <summary>The nanoff <c>--target</c> to flash (board.nanoff_target), e.g. <c>ESP32_REV3</c>.</summary>
        public string NanoffTarget => _texts[BoardKeys.NanoffTarget];

        /// <summary>Chip family of <see cref="NanoffTarget"/>.</summary>
        public ChipFamily Chip { get; }

        /// <summary>True when the firmware image uses PSRAM (ESP32 classic: GPIO16/17 are taken).</summary>
        public bool UsesPsram { get; }

        /// <summary>Power source (board.power).</summary>
        public BoardPower Power => _texts[BoardKeys.Power] == "battery" ? BoardPower.Battery : BoardPower.Mains;

        /// <summary>Pins the board's own parts use (board.reserved_pins); a copy.</summary>
        public int[] ReservedPins
        {
            get
            {
                int[] copy = new int[_reservedPins.Length];
                for (int i = 0; i < copy.Length; i++)
                {
                    copy[i] = _reservedPins[i];
                }
                return copy;
            }
        }

        /// <summary>True when I2C bus <paramref name="bus"/> (1 or 2) has both pins set.</summary>
        public bool HasI2cBus(int bus) => I2cDataPin(bus) != NoPin && I2cClockPin(bus) != NoPin;

        /// <summary>SDA pin of I2C bus 1 or 2, or <see cref="NoPin"/>.</summary>
        public int I2cDataPin(int bus) => bus == 1 ? Pin(BoardKeys.I2c1Sda) : bus == 2 ? Pin(BoardKeys.I2c2Sda) : NoPin;

        /// <summary>SCL pin of I2C bus 1 or 2, or <see cref="NoPin"/>.</summary>
        public int I2cClockPin(int bus) => bus == 1 ? Pin(BoardKeys.I2c1Scl) : bus == 2 ? Pin(BoardKeys.I2c2Scl) : NoPin;

        /// <summary>ESP32 RX pin from the GNSS receiver (uart.gnss.rx), or <see cref="NoPin"/>.</summary>
        public int GnssRxPin => Pin(BoardKeys.GnssRx);

        /// <summary>ESP32 TX pin to the GNSS receiver (uart.gnss.tx), or <see cref="NoPin"/> (receive only).</summary>
        public int GnssTxPin => Pin(BoardKeys.GnssTx);

        /// <summary>GNSS UART baud rate (uart.gnss.baud; default 9600, the u-blox factory setting).</summary>
        public int GnssBaud => (int)_numbers[BoardKeys.GnssBaud];

        /// <summary>nanoFramework COM port number (2 or 3) of the GNSS UART; 0 when none is set or none is left.</summary>
        public int GnssComPort { get; }

        /// <summary>ESP32 RX pin from the SPS30 (uart.sps30.rx), or <see cref="NoPin"/>.</summary>
        public int Sps30RxPin => Pin(BoardKeys.Sps30Rx);

        /// <summary>ESP32 TX pin to the SPS30 (uart.sps30.tx), or <see cref="NoPin"/>.</summary>
        public int Sps30TxPin => Pin(BoardKeys.Sps30Tx);

        /// <summary>nanoFramework COM port number (2 or 3) of the SPS30 UART; 0 when none is set or none is left.</summary>
        public int Sps30ComPort { get; }

        /// <summary>1-Wire UART RX pin (onewire.rx), or <see cref="NoPin"/>.</summary>
        public int OneWireRxPin => Pin(BoardKeys.OneWireRx);

        /// <summary>1-Wire UART TX pin (onewire.tx), or <see cref="NoPin"/>.</summary>
        public int OneWireTxPin => Pin(BoardKeys.OneWireTx);

        /// <summary><see cref="OneWirePort"/> when 1-Wire pins are set, else 0.</summary>
        public int OneWireComPort { get; }

        /// <summary>Door switch input (gpio.door), or <see cref="NoPin"/>.</summary>
        public int DoorPin => Pin(BoardKeys.DoorPin);

        /// <summary>True when a high level means the door is open (door.open_level = high, the default).</summary>
        public bool DoorOpenWhenHigh => _texts[BoardKeys.DoorOpenLevel] != "low";

        /// <summary>Internal pull resistor of the door input (door.pull; default up).</summary>
        public PinPull DoorPull
        {
            get
            {
                string pull = _texts[BoardKeys.DoorPull];
                return pull == "none" ? PinPull.None : pull == "down" ? PinPull.Down : PinPull.Up;
            }
        }

        /// <summary>Status LED pin (gpio.led), or <see cref="NoPin"/>.</summary>
        public int LedPin => Pin(BoardKeys.LedPin);

        /// <summary>Status LED type: <see cref="LedKind.None"/> when gpio.led is not set.</summary>
        public LedKind LedKind
        {
            get
            {
                if (LedPin == NoPin)
                {
                    return LedKind.None;
                }
                return _texts[BoardKeys.LedKindKey] == "ws2812" ? LedKind.Ws2812 : LedKind.Gpio;
            }
        }

        /// <summary>True when a plain LED lights with the pin low (led.active_low = on).</summary>
        public bool LedActiveLow => _texts[BoardKeys.LedActiveLow] == "on";

        /// <summary>Battery divider output pin (adc.battery), or <see cref="NoPin"/>.</summary>
        public int BatteryAdcPin => Pin(BoardKeys.BatteryAdc);

        /// <summary>ADC1 channel of <see cref="BatteryAdcPin"/> (nanoFramework AdcController numbering), or -1.</summary>
        public int BatteryAdcChannel => BatteryAdcPin == NoPin ? -1 : BoardPins.AdcChannel(Chip, BatteryAdcPin);

        /// <summary>Battery voltage divided by the voltage at the ADC pin (battery.divider; default 2, two equal resistors).</summary>
        public double BatteryDividerRatio => _numbers[BoardKeys.BatteryDivider];

        /// <summary>Cellular modem (cellular.modem), empty when none. Data only: the cellular link is not implemented yet.</summary>
        public string CellularModem => _texts[BoardKeys.CellularModem];

        /// <summary>ESP32 RX pin from the modem, or <see cref="NoPin"/>.</summary>
        public int CellularRxPin => Pin(BoardKeys.CellularRx);

        /// <summary>ESP32 TX pin to the modem, or <see cref="NoPin"/>.</summary>
        public int CellularTxPin => Pin(BoardKeys.CellularTx);

        /// <summary>Modem PWRKEY pin, or <see cref="NoPin"/>.</summary>
        public int CellularPowerKeyPin => Pin(BoardKeys.CellularPowerKey);

        /// <summary>Modem DTR pin, or <see cref="NoPin"/>.</summary>
        public int CellularDtrPin => Pin(BoardKeys.CellularDtr);

        /// <summary>Modem baud rate (cellular.baud; default 115200).</summary>
        public int CellularBaud => (int)_numbers[BoardKeys.CellularBaud];

        /// <summary>Number of sensors declared.</summary>
        public int SensorCount => _sensors.Length;

        /// <summary>Sensor <paramref name="index"/>, in the order of their first line in the file.</summary>
        public BoardSensor Sensor(int index) => _sensors[index];

        /// <summary>The sensor called <paramref name="name"/>, or null.</summary>
        public BoardSensor? FindSensor(string name)
        {
            for (int i = 0; i < _sensors.Length; i++)
            {
                if (_sensors[i].Name == name)
                {
                    return _sensors[i];
                }
            }
            return null;
        }

        /// <summary>True when a sensor of <paramref name="kind"/> is declared.</summary>
        public bool HasSensor(SensorKind kind)
        {
            for (int i = 0; i < _sensors.Length; i++)
            {
                if (_sensors[i].Kind == kind)
                {
                    return true;
                }
            }
            return false;
        }

        /// <summary>Line of a fixed key in board.conf, or 0 when the key was not written (default or missing).</summary>
        public int LineOf(string key)
        {
            int index = BoardKeys.Find(key);
            return index < 0 ? 0 : _lines[index];
        }

        internal int Line(int key) => _lines[key];

        internal bool IsSet(int key) => _lines[key] > 0;

        internal int Pin(int key) => _lines[key] > 0 ? (int)_numbers[key] : NoPin;

        internal int[] ReservedPinArray => _reservedPins;

        private int TakePort(ref int next)
        {
            if (next == OneWireComPort)
            {
                next++;
            }
            if (next > 3)
            {
                return 0;
            }
            return next++;
        }
    }
}
