using Gateway.Firmware.Core.Config;
using Gateway.Firmware.Core.Readings;

namespace Gateway.Firmware.Core.Boards
{
    /// <summary>The rules of <see cref="BoardValidator"/>, one method per rule, over one profile.</summary>
    internal sealed class BoardRuleChecker
    {
        private const int MaxFindings = 100;
        private const int MaxUses = BoardKeys.Count + BoardPins.MaxPin + 1;

        private readonly BoardProfile _profile;
        private readonly ChipFamily _chip;
        private readonly string _chipName;
        private readonly int[] _usePins = new int[MaxUses];
        private readonly string[] _useKeys = new string[MaxUses];
        private readonly int[] _useLines = new int[MaxUses];
        private readonly PinRole[] _useRoles = new PinRole[MaxUses];
        private int _useCount;

        internal BoardRuleChecker(BoardProfile profile)
        {
            _profile = profile;
            _chip = profile.Chip;
            _chipName = BoardPins.ChipName(profile.Chip);
        }

        internal ErrorList Errors { get; } = new ErrorList(MaxFindings);

        internal ErrorList Warnings { get; } = new ErrorList(MaxFindings);

        internal void Run()
        {
            CollectUses();
            for (int i = 0; i < _useCount; i++)
            {
                CheckPin(i);
            }
            CheckSharedPins();
            CheckGroups();
            CheckSensorHardware();
            CheckSingleHardwareKinds();
            CheckAddresses();
            CheckMetrics();
            CheckUarts();
            CheckBattery();
            CheckUnusedHardware();
        }

        // ------------------------------------------------------------------ pins one by one

        private void CollectUses()
        {
            int[] reserved = _profile.ReservedPinArray;
            int reservedLine = _profile.Line(BoardKeys.ReservedPins);
            for (int i = 0; i < reserved.Length; i++)
            {
                AddUse(reserved[i], BoardKeys.Keys[BoardKeys.ReservedPins].Name, reservedLine, PinRole.None);
            }
            for (int key = 0; key < BoardKeys.Count; key++)
            {
                BoardKeySpec spec = BoardKeys.Keys[key];
                if (spec.Kind == BoardValueKind.Pin && _profile.IsSet(key))
                {
                    AddUse(_profile.Pin(key), spec.Name, _profile.Line(key), spec.Role);
                }
            }
        }

        private void AddUse(int pin, string key, int line, PinRole role)
        {
            _usePins[_useCount] = pin;
            _useKeys[_useCount] = key;
            _useLines[_useCount] = line;
            _useRoles[_useCount] = role;
            _useCount++;
        }

        private void CheckPin(int use)
        {
            int pin = _usePins[use];
            string gpio = Gpio(pin);
            if (!BoardPins.Exists(_chip, pin))
            {
                Error(use, gpio + " does not exist on the " + _chipName + " (its GPIOs are " + BoardPins.Describe(_chip) + ")");
                return;
            }
            if (BoardPins.IsFlash(_chip, pin))
            {
                Error(use, gpio + " is wired to the module's SPI flash" + (_chip == ChipFamily.Esp32S3 ? "/PSRAM (GPIO26-32" : " (GPIO6-11")
                    + " on the " + _chipName + "); using it crashes the chip: pick another pin");
                return;
            }
            if (_useRoles[use] == PinRole.None)
            {
                return; // The board's own parts: their wiring is the board maker's, not ours to judge.
            }
            CheckReservedFunction(use, pin, gpio);
            CheckDirection(use, pin, gpio);
            CheckBootPins(use, pin, gpio);
        }

        private void CheckReservedFunction(int use, int pin, string gpio)
        {
            if (BoardPins.IsPsram(_chip, _profile.UsesPsram, pin))
            {
                Error(use, gpio + " belongs to the PSRAM of " + _profile.NanoffTarget
                    + " boards (WROVER modules use GPIO16/17 for it): pick another pin");
            }
            else if (BoardPins.IsConsole(_chip, pin))
            {
                Error(use, gpio + " is UART0, nanoFramework's debug and deployment port and the device log: pick another pin");
            }
            else if (BoardPins.IsUsb(_chip, pin))
            {
                Error(use, gpio + " is the ESP32-S3's native USB (GPIO19 D-, GPIO20 D+); using it cuts the USB connection: pick another pin");
            }
        }

        private void CheckDirection(int use, int pin, string gpio)
        {
            if (!BoardPins.IsInputOnly(_chip, pin))
            {
                return;
            }
            if (_useRoles[use] != PinRole.Input)
            {
                Error(use, gpio + " is input-only on the ESP32 (GPIO34-39 have no output driver) and "
                    + _useKeys[use] + " must drive its pin: pick another pin");
            }
            else if (_useKeys[use] == "gpio.door" && _profile.DoorPull != PinPull.None)
            {
                Error(use, gpio + " has no internal pull resistor (GPIO34-39): set door.pull = none and fit an external"
                    + " 10 kOhm resistor, or pick another pin");
            }
        }

        private void CheckBootPins(int use, int pin, string gpio)
        {
            if (BoardPins.IsStrapping(_chip, pin))
            {
                Warn(use, gpio + " is a strapping pin of the " + _chipName
                    + " (its level at reset selects the boot mode or flash voltage): make sure what is wired there does not"
                    + " pull it the wrong way while the board resets, or pick another pin");
            }
            if (BoardPins.IsOctalMemory(_chip, pin))
            {
                Warn(use, gpio + " is taken by octal flash/PSRAM on ESP32-S3 modules such as WROOM-1 N8R8 and N16R8"
                    + " (GPIO33-37): use it only on a module with quad-SPI memory");
            }
        }

        private void CheckSharedPins()
        {
            for (int i = 0; i < _useCount; i++)
            {
                for (int j = 0; j < i; j++)
                {
                    if (_usePins[j] != _usePins[i])
                    {
                        continue;
                    }
                    string other = _useRoles[j] == PinRole.None
                        ? "reserved by the board itself (" + _useKeys[j] + Line(_useLines[j]) + ")"
                        : "already used by " + _useKeys[j] + Line(_useLines[j]);
                    Error(i, Gpio(_usePins[i]) + " is " + other + "; give each function its own pin");
                    break;
                }
            }
        }

        // ------------------------------------------------------------------ keys that go together

        private void CheckGroups()
        {
            RequirePair(BoardKeys.I2c1Sda, BoardKeys.I2c1Scl, "an I2C bus needs both lines");
            RequirePair(BoardKeys.I2c2Sda, BoardKeys.I2c2Scl, "an I2C bus needs both lines");
            RequirePair(BoardKeys.Sps30Rx, BoardKeys.Sps30Tx, "the SPS30 answers commands (SHDLC), so it needs both lines");
            RequirePair(BoardKeys.OneWireRx, BoardKeys.OneWireTx, "nanoFramework's 1-Wire master uses a UART's RX and TX, both tied to the DQ line");
            RequireWith(BoardKeys.GnssTx, BoardKeys.GnssRx, "the ESP32 must receive the NMEA sentences");
            RequireWith(BoardKeys.GnssBaud, BoardKeys.GnssRx, "the baud rate belongs to the GNSS UART");
            RequireWith(BoardKeys.DoorOpenLevel, BoardKeys.DoorPin, "it describes the door input");
            RequireWith(BoardKeys.DoorPull, BoardKeys.DoorPin, "it describes the door input");
            RequireWith(BoardKeys.LedKindKey, BoardKeys.LedPin, "it describes the status LED");
            RequireWith(BoardKeys.LedActiveLow, BoardKeys.LedPin, "it describes the status LED");
            RequireWith(BoardKeys.BatteryDivider, BoardKeys.BatteryAdc, "it describes the battery input");
            if (_profile.IsSet(BoardKeys.LedActiveLow) && _profile.LedKind == LedKind.Ws2812)
            {
                int line = _profile.Line(BoardKeys.LedActiveLow);
                Errors.Add(line, "led.active_low", BoardProfileReader.Where(line)
                    + "led.active_low applies to a plain LED (led.kind = gpio), not to a WS2812: remove this line");
            }
            CheckCellular();
        }

        private void CheckCellular()
        {
            int first = 0;
            for (int key = BoardKeys.CellularModem; key <= BoardKeys.CellularBaud; key++)
            {
                if (_profile.IsSet(key))
                {
                    first = first == 0 || _profile.Line(key) < first ? _profile.Line(key) : first;
                }
            }
            if (first == 0)
            {
                return;
            }
            int[] needed = new int[] { BoardKeys.CellularModem, BoardKeys.CellularRx, BoardKeys.CellularTx, BoardKeys.CellularPowerKey };
            for (int i = 0; i < needed.Length; i++)
            {
                if (!_profile.IsSet(needed[i]))
                {
                    string name = BoardKeys.Keys[needed[i]].Name;
                    Errors.Add(first, name, BoardProfileReader.Where(first) + name
                        + " is missing: a cellular modem needs cellular.modem, cellular.rx, cellular.tx and cellular.pwrkey together");
                }
            }
        }

        private void RequirePair(int a, int b, string why)
        {
            RequireWith(a, b, why);
            RequireWith(b, a, why);
        }

        private void RequireWith(int key, int needed, string why)
        {
            if (_profile.IsSet(key) && !_profile.IsSet(needed))
            {
                int line = _profile.Line(key);
                string name = BoardKeys.Keys[key].Name;
                Errors.Add(line, name, BoardProfileReader.Where(line) + name + " is set but " + BoardKeys.Keys[needed].Name
                    + " is not: " + why);
            }
        }

        // ------------------------------------------------------------------ sensors

        private void CheckSensorHardware()
        {
            for (int i = 0; i < _profile.SensorCount; i++)
            {
                BoardSensor sensor = _profile.Sensor(i);
                string? missing = MissingHardware(sensor);
                if (missing != null)
                {
                    SensorError(sensor, missing);
                }
            }
        }

        private string? MissingHardware(BoardSensor sensor)
        {
            switch (sensor.Kind)
            {
                case SensorKind.Gnss:
                    return _profile.GnssRxPin == BoardProfile.NoPin ? "a gnss sensor needs uart.gnss.rx (and uart.gnss.tx to configure the receiver)" : null;
                case SensorKind.Sps30:
                    return _profile.Sps30RxPin == BoardProfile.NoPin ? "an sps30 needs uart.sps30.rx and uart.sps30.tx" : null;
                case SensorKind.Ds18b20:
                    return _profile.OneWireRxPin == BoardProfile.NoPin ? "a ds18b20 needs onewire.rx and onewire.tx (both tied to the probe's DQ line)" : null;
                case SensorKind.Door:
                    return _profile.DoorPin == BoardProfile.NoPin ? "a door sensor needs gpio.door" : null;
                case SensorKind.Battery:
                    return _profile.BatteryAdcPin == BoardProfile.NoPin ? "a battery sensor needs adc.battery" : null;
                default:
                    string bus = ConfigText.FormatInteger(sensor.Bus);
                    return _profile.HasI2cBus(sensor.Bus) ? null
                        : "it is on I2C bus " + bus + " but i2c" + bus + ".sda and i2c" + bus + ".scl are not both set";
            }
        }

        private void CheckSingleHardwareKinds()
        {
            for (int i = 0; i < _profile.SensorCount; i++)
            {
                BoardSensor sensor = _profile.Sensor(i);
                SensorAttachment attachment = sensor.Attachment;
                if (attachment == SensorAttachment.I2c || attachment == SensorAttachment.OneWire)
                {
                    continue;
                }
                for (int j = 0; j < i; j++)
                {
                    if (_profile.Sensor(j).Kind == sensor.Kind)
                    {
                        SensorError(sensor, "only one " + SensorKinds.Name(sensor.Kind) + " sensor fits: "
                            + BoardProfileReader.AttachmentText(sensor.Kind) + ", which sensor." + _profile.Sensor(j).Name
                            + Line(_profile.Sensor(j).LineNumber) + " already has");
                        break;
                    }
                }
            }
        }

        private void CheckAddresses()
        {
            for (int i = 0; i < _profile.SensorCount; i++)
            {
                BoardSensor sensor = _profile.Sensor(i);
                if (sensor.Attachment != SensorAttachment.I2c)
                {
                    continue;
                }
                for (int j = 0; j < i; j++)
                {
                    BoardSensor other = _profile.Sensor(j);
                    if (other.Attachment == SensorAttachment.I2c && other.Bus == sensor.Bus && other.Address == sensor.Address)
                    {
                        SensorError(sensor, "it answers at " + SensorKinds.FormatAddress(sensor.Address) + " on I2C bus "
                            + ConfigText.FormatInteger(sensor.Bus) + ", like sensor." + other.Name + " (" + SensorKinds.Name(other.Kind)
                            + Line(other.LineNumber) + "); two parts cannot share an address on one bus: move one to the other bus or change its address pin");
                        break;
                    }
                }
            }
        }

        private void CheckMetrics()
        {
            for (int i = 0; i < _profile.SensorCount; i++)
            {
                BoardSensor sensor = _profile.Sensor(i);
                for (int j = 0; j < i; j++)
                {
                    MetricId shared = FirstShared(_profile.Sensor(j).Metrics, sensor.Metrics);
                    if (shared == MetricId.None)
                    {
                        continue;
                    }
                    BoardSensor other = _profile.Sensor(j);
                    SensorError(sensor, "it reports " + MetricCatalog.Name(shared) + " like sensor." + other.Name + Line(other.LineNumber)
                        + "; one metric must come from one sensor, or the readings mix in one series: " + Remedy(sensor, other));
                    break;
                }
            }
        }

        private static string Remedy(BoardSensor sensor, BoardSensor other)
        {
            int left = 0;
            MetricId[] keep = new MetricId[sensor.Metrics.Length];
            for (int m = 0; m < sensor.Metrics.Length; m++)
            {
                if (!Contains(other.Metrics, sensor.Metrics[m]))
                {
                    keep[left++] = sensor.Metrics[m];
                }
            }
            if (left == 0 || !SensorKinds.CanSelectMetrics(sensor.Kind))
            {
                return "remove one of the two sensors";
            }
            string list = MetricCatalog.Name(keep[0]);
            for (int m = 1; m < left; m++)
            {
                list = list + ", " + MetricCatalog.Name(keep[m]);
            }
            return "narrow one, e.g. sensor." + sensor.Name + ".metrics = " + list;
        }

        private static MetricId FirstShared(MetricId[] a, MetricId[] b)
        {
            for (int i = 0; i < b.Length; i++)
            {
                if (Contains(a, b[i]))
                {
                    return b[i];
                }
            }
            return MetricId.None;
        }

        private static bool Contains(MetricId[] metrics, MetricId metric)
        {
            for (int i = 0; i < metrics.Length; i++)
            {
                if (metrics[i] == metric)
                {
                    return true;
                }
            }
            return false;
        }

        // ------------------------------------------------------------------ board-wide resources

        private void CheckUarts()
        {
            bool gnssLeft = _profile.GnssRxPin != BoardProfile.NoPin && _profile.GnssComPort == 0;
            bool sps30Left = _profile.Sps30RxPin != BoardProfile.NoPin && _profile.Sps30ComPort == 0;
            if (!gnssLeft && !sps30Left)
            {
                return;
            }
            int key = sps30Left ? BoardKeys.Sps30Rx : BoardKeys.GnssRx;
            int line = _profile.Line(key);
            Errors.Add(line, BoardKeys.Keys[key].Name, BoardProfileReader.Where(line) + BoardKeys.Keys[key].Name
                + ": no UART left; the " + _chipName + " has two for the application (COM2, COM3; UART0 is the console) and"
                + " 1-Wire takes COM3, so uart.gnss, uart.sps30 and onewire cannot all be used: drop one (e.g. an I2C sen5x instead of the sps30)");
        }

        private void CheckBattery()
        {
            int pin = _profile.BatteryAdcPin;
            if (pin != BoardProfile.NoPin && BoardPins.Exists(_chip, pin) && BoardPins.AdcChannel(_chip, pin) < 0)
            {
                int line = _profile.Line(BoardKeys.BatteryAdc);
                Errors.Add(line, "adc.battery", BoardProfileReader.Where(line) + "adc.battery = " + ConfigText.FormatInteger(pin) + ": "
                    + Gpio(pin) + " has no ADC1 channel, and ADC2 cannot be read while Wi-Fi is on: use one of " + BoardPins.DescribeAdc(_chip));
            }
            if (_profile.Power == BoardPower.Battery && pin == BoardProfile.NoPin)
            {
                int line = _profile.Line(BoardKeys.Power);
                Errors.Add(line, "board.power", BoardProfileReader.Where(line)
                    + "board.power = battery needs adc.battery (and a sensor of kind battery) so that the node reports its battery voltage");
            }
        }

        private void CheckUnusedHardware()
        {
            WarnUnused(BoardKeys.GnssRx, _profile.HasSensor(SensorKind.Gnss), "gnss");
            WarnUnused(BoardKeys.Sps30Rx, _profile.HasSensor(SensorKind.Sps30), "sps30");
            WarnUnused(BoardKeys.OneWireRx, _profile.HasSensor(SensorKind.Ds18b20), "ds18b20");
            WarnUnused(BoardKeys.DoorPin, _profile.HasSensor(SensorKind.Door), "door");
            WarnUnused(BoardKeys.BatteryAdc, _profile.HasSensor(SensorKind.Battery), "battery");
            WarnUnused(BoardKeys.I2c1Sda, HasSensorOnBus(1), "I2C (bus 1)");
            WarnUnused(BoardKeys.I2c2Sda, HasSensorOnBus(2), "I2C (bus 2)");
            if (_profile.SensorCount == 0)
            {
                Warnings.Add(0, string.Empty, "no sensors are declared: the node will report only its link's rssi");
            }
        }

        private void WarnUnused(int key, bool used, string what)
        {
            if (_profile.IsSet(key) && !used)
            {
                int line = _profile.Line(key);
                string name = BoardKeys.Keys[key].Name;
                Warnings.Add(line, name, BoardProfileReader.Where(line) + name + " is set but no " + what
                    + " sensor is declared: add one (sensor.<name>.kind) or remove the line");
            }
        }

        private bool HasSensorOnBus(int bus)
        {
            for (int i = 0; i < _profile.SensorCount; i++)
            {
                if (_profile.Sensor(i).Bus == bus)
                {
                    return true;
                }
            }
            return false;
        }

        // ------------------------------------------------------------------ messages

        private void Error(int use, string problem) => Errors.Add(_useLines[use], _useKeys[use], Head(use) + problem);

        private void Warn(int use, string problem) => Warnings.Add(_useLines[use], _useKeys[use], Head(use) + problem);

        private void SensorError(BoardSensor sensor, string problem)
        {
            string key = "sensor." + sensor.Name + ".kind";
            Errors.Add(sensor.LineNumber, key, BoardProfileReader.Where(sensor.LineNumber) + "sensor." + sensor.Name + " ("
                + SensorKinds.Name(sensor.Kind) + "): " + problem);
        }

        private string Head(int use)
        {
            string pin = ConfigText.FormatInteger(_usePins[use]);
            string head = _useRoles[use] == PinRole.None ? " lists " + pin + ": " : " = " + pin + ": ";
            return BoardProfileReader.Where(_useLines[use]) + _useKeys[use] + head;
        }

        private static string Gpio(int pin) => "GPIO" + ConfigText.FormatInteger(pin);

        private static string Line(int line) => line > 0 ? ", line " + ConfigText.FormatInteger(line) : "";
    }
}
