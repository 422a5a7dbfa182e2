namespace Gateway.Firmware.Core.Boards
{
    /// <summary>What a board.conf value must look like.</summary>
    internal enum BoardValueKind : byte
    {
        /// <summary>1 to 64 characters a-z 0-9 - _ (the board id, as device.conf's device.board).</summary>
        Identifier = 0,
        /// <summary>1 to 64 printable characters.</summary>
        Text = 1,
        /// <summary>One of <see cref="BoardKeySpec.Choices"/>.</summary>
        Choice = 2,
        /// <summary>A GPIO number 0 to <see cref="BoardPins.MaxPin"/>.</summary>
        Pin = 3,
        /// <summary>Comma-separated GPIO numbers.</summary>
        PinList = 4,
        /// <summary>A decimal number within the key's range.</summary>
        Number = 5,
        /// <summary>on | off.</summary>
        Switch = 6,
    }

    /// <summary>How the firmware drives a pin, which decides the pin rules that apply.</summary>
    internal enum PinRole : byte
    {
        /// <summary>Not a pin.</summary>
        None = 0,
        /// <summary>Read only (UART RX, switch, ADC).</summary>
        Input = 1,
        /// <summary>Driven (LED, UART TX, PWRKEY).</summary>
        Output = 2,
        /// <summary>Open-drain bus line, driven and read (I2C SDA/SCL): needs an output driver.</summary>
        Bus = 3,
    }

    /// <summary>One fixed board.conf key.</summary>
    internal sealed class BoardKeySpec
    {
        internal BoardKeySpec(string name, BoardValueKind kind, bool required, PinRole role, string meaning, string[] choices,
            string defaultValue, double minimum, double maximum)
        {
            Name = name;
            Kind = kind;
            Required = required;
            Role = role;
            Meaning = meaning;
            Choices = choices;
            Default = defaultValue;
            Minimum = minimum;
            Maximum = maximum;
        }

        internal string Name { get; }

        internal BoardValueKind Kind { get; }

        internal bool Required { get; }

        internal PinRole Role { get; }

        internal string Meaning { get; }

        internal string[] Choices { get; }

        internal string Default { get; }

        internal double Minimum { get; }

        internal double Maximum { get; }
    }

    /// <summary>The fixed keys of board.conf (sensor.&lt;name&gt;.* keys are handled by the parser).</summary>
    internal static class BoardKeys
    {
        internal const int BoardId = 0;
        internal const int BoardName = 1;
        internal const int NanoffTarget = 2;
        internal const int Power = 3;
        internal const int ReservedPins = 4;
        internal const int I2c1Sda = 5;
        internal const int I2c1Scl = 6;
        internal const int I2c2Sda = 7;
        internal const int I2c2Scl = 8;
        internal const int GnssRx = 9;
        internal const int GnssTx = 10;
        internal const int GnssBaud = 11;
        internal const int Sps30Rx = 12;
        internal const int Sps30Tx = 13;
        internal const int OneWireRx = 14;
        internal const int OneWireTx = 15;
        internal const int DoorPin = 16;
        internal const int DoorOpenLevel = 17;
        internal const int DoorPull = 18;
        internal const int LedPin = 19;
        internal const int LedKindKey = 20;
        internal const int LedActiveLow = 21;
        internal const int BatteryAdc = 22;
        internal const int BatteryDivider = 23;
        internal const int CellularModem = 24;
        internal const int CellularRx = 25;
        internal const int CellularTx = 26;
        internal const int CellularPowerKey = 27;
        internal const int CellularDtr = 28;
        internal const int CellularBaud = 29;
        internal const int Count = 30;

        /// <summary>Most sensors one board may declare.</summary>
        internal const int MaxSensors = 16;

        /// <summary>Sensor name the node uses for the link's RSSI (Sampling.LinkSignalSensor).</summary>
        internal const string ReservedSensorName = "link";

        private static readonly string[] s_bauds = new string[]
        {
            "4800", "9600", "19200", "38400", "57600", "115200", "230400", "460800", "921600",
        };

        private static readonly string[] s_none = new string[0];

        internal static readonly BoardKeySpec[] Keys = new BoardKeySpec[]
        {
            Key("board.id", BoardValueKind.Identifier, true, PinRole.None, "board profile id, as device.conf's device.board"),
            Key("board.name", BoardValueKind.Text, false, PinRole.None, "human-readable board name"),
            new BoardKeySpec("board.nanoff_target", BoardValueKind.Choice, true, PinRole.None, "nanoFramework firmware image (nanoff --target)",
                NanoffTargets.Names, "", 0, 0),
            new BoardKeySpec("board.power", BoardValueKind.Choice, true, PinRole.None, "power source",
                new string[] { "mains", "battery" }, "", 0, 0),
            Key("board.reserved_pins", BoardValueKind.PinList, false, PinRole.None, "pins the board's own parts use (display, SD card, modem)"),
            Key("i2c1.sda", BoardValueKind.Pin, false, PinRole.Bus, "I2C bus 1 data"),
            Key("i2c1.scl", BoardValueKind.Pin, false, PinRole.Bus, "I2C bus 1 clock"),
            Key("i2c2.sda", BoardValueKind.Pin, false, PinRole.Bus, "I2C bus 2 data"),
            Key("i2c2.scl", BoardValueKind.Pin, false, PinRole.Bus, "I2C bus 2 clock"),
            Key("uart.gnss.rx", BoardValueKind.Pin, false, PinRole.Input, "ESP32 RX from the GNSS receiver's TX"),
            Key("uart.gnss.tx", BoardValueKind.Pin, false, PinRole.Output, "ESP32 TX to the GNSS receiver's RX"),
            new BoardKeySpec("uart.gnss.baud", BoardValueKind.Choice, false, PinRole.None, "GNSS receiver baud rate", s_bauds, "9600", 0, 0),
            Key("uart.sps30.rx", BoardValueKind.Pin, false, PinRole.Input, "ESP32 RX from the SPS30's TX"),
            Key("uart.sps30.tx", BoardValueKind.Pin, false, PinRole.Output, "ESP32 TX to the SPS30's RX"),
            Key("onewire.rx", BoardValueKind.Pin, false, PinRole.Input, "1-Wire UART RX, tied to the DQ line"),
            Key("onewire.tx", BoardValueKind.Pin, false, PinRole.Output, "1-Wire UART TX, tied to the DQ line"),
            Key("gpio.door", BoardValueKind.Pin, false, PinRole.Input, "door switch input"),
            new BoardKeySpec("door.open_level", BoardValueKind.Choice, false, PinRole.None, "pin level that means the door is open",
                new string[] { "high", "low" }, "high", 0, 0),
            new BoardKeySpec("door.pull", BoardValueKind.Choice, false, PinRole.None, "internal pull resistor of the door input",
                new string[] { "up", "down", "none" }, "up", 0, 0),
            Key("gpio.led", BoardValueKind.Pin, false, PinRole.Output, "status LED"),
            new BoardKeySpec("led.kind", BoardValueKind.Choice, false, PinRole.None, "status LED type",
                new string[] { "gpio", "ws2812" }, "gpio", 0, 0),
            new BoardKeySpec("led.active_low", BoardValueKind.Switch, false, PinRole.None, "LED lights when the pin is low", s_none, "off", 0, 0),
            Key("adc.battery", BoardValueKind.Pin, false, PinRole.Input, "battery voltage divider output"),
            new BoardKeySpec("battery.divider", BoardValueKind.Number, false, PinRole.None, "battery voltage / ADC pin voltage", s_none, "2", 1, 10),
            new BoardKeySpec("cellular.modem", BoardValueKind.Choice, false, PinRole.None, "cellular modem (data only; the cellular link is not implemented yet)",
                new string[] { "sim7000g" }, "", 0, 0),
            Key("cellular.rx", BoardValueKind.Pin, false, PinRole.Input, "ESP32 RX from the modem's TX"),
            Key("cellular.tx", BoardValueKind.Pin, false, PinRole.Output, "ESP32 TX to the modem's RX"),
            Key("cellular.pwrkey", BoardValueKind.Pin, false, PinRole.Output, "modem PWRKEY"),
            Key("cellular.dtr", BoardValueKind.Pin, false, PinRole.Output, "modem DTR (sleep control)"),
            new BoardKeySpec("cellular.baud", BoardValueKind.Choice, false, PinRole.None, "modem baud rate", s_bauds, "115200", 0, 0),
        };

        private static BoardKeySpec Key(string name, BoardValueKind kind, bool required, PinRole role, string meaning) =>
            new BoardKeySpec(name, kind, required, role, meaning, s_none, "", 0, 0);

        /// <summary>Index of a fixed key, or -1.</summary>
        internal static int Find(string name)
        {
            for (int i = 0; i < Keys.Length; i++)
            {
                if (Keys[i].Name == name)
                {
                    return i;
                }
            }
            return -1;
        }

        /// <summary>The accepted values of a fixed key, as said in an error.</summary>
        internal static string Rule(BoardKeySpec spec)
        {
            switch (spec.Kind)
            {
                case BoardValueKind.Identifier:
                    return "must be 1 to 64 characters a-z, 0-9, '-' and '_'";
                case BoardValueKind.Text:
                    return "must be 1 to 64 printable characters";
                case BoardValueKind.Choice:
                    return "must be " + Config.ConfigText.JoinChoices(spec.Choices);
                case BoardValueKind.Pin:
                    return "must be a GPIO number from 0 to " + Config.ConfigText.FormatInteger(BoardPins.MaxPin)
                        + ", written as the number only (21 for GPIO21)";
                case BoardValueKind.PinList:
                    return "must be GPIO numbers from 0 to " + Config.ConfigText.FormatInteger(BoardPins.MaxPin)
                        + " separated by commas (e.g. 2, 13, 14, 15)";
                case BoardValueKind.Number:
                    return "must be a number from " + Config.ConfigText.FormatNumber(spec.Minimum) + " to "
                        + Config.ConfigText.FormatNumber(spec.Maximum);
                default:
                    return "must be on or off";
            }
        }
    }
}
