namespace Gateway.Firmware.Core.Boards
{
    /// <summary>
    /// Pin facts of the ESP32 families, from Espressif's datasheets, as data the validator checks board profiles against
    /// (the rules ESPHome applies to its pin maps, esphome/components/esp32/gpio_esp32*.py).
    /// ESP32: ESP32 Series Datasheet v4.x §2.2 (pin list), §2.4 (strapping pins), §4.1.2 (ADC).
    /// ESP32-S3: ESP32-S3 Series Datasheet v1.x §2.2, §2.3 (strapping), §2.5.1 (SPI flash/PSRAM pins), §4.2.1.1 (ADC).
    /// </summary>
    public static class BoardPins
    {
        /// <summary>Largest GPIO number of any supported chip (ESP32-S3: GPIO48).</summary>
        public const int MaxPin = 48;

        // ESP32 ADC1 channel n is on this GPIO (datasheet Table "ADC" / IO_MUX): ch0 GPIO36 ... ch7 GPIO35.
        // nanoFramework's AdcController numbers ADC1 channels 0-7 the same way.
        private static readonly int[] s_esp32Adc1Pins = new int[] { 36, 37, 38, 39, 32, 33, 34, 35 };

        /// <summary>True when the GPIO exists on the chip (ESP32: 0-19, 21-23, 25-27, 32-39; ESP32-S3: 0-21, 26-48).</summary>
        public static bool Exists(ChipFamily chip, int pin)
        {
            if (chip == ChipFamily.Esp32S3)
            {
                return (pin >= 0 && pin <= 21) || (pin >= 26 && pin <= 48);
            }
            return (pin >= 0 && pin <= 19) || (pin >= 21 && pin <= 23) || (pin >= 25 && pin <= 27) || (pin >= 32 && pin <= 39);
        }

        /// <summary>The chip's GPIO numbers as text, for error messages.</summary>
        public static string Describe(ChipFamily chip) =>
            chip == ChipFamily.Esp32S3 ? "0-21 and 26-48" : "0-19, 21-23, 25-27 and 32-39";

        /// <summary>Display name of the family.</summary>
        public static string ChipName(ChipFamily chip) => chip == ChipFamily.Esp32S3 ? "ESP32-S3" : "ESP32";

        /// <summary>
        /// True for pins wired to the module's SPI flash (and, on the S3, quad PSRAM): ESP32 GPIO6-11, ESP32-S3 GPIO26-32.
        /// Driving them crashes the chip.
        /// </summary>
        public static bool IsFlash(ChipFamily chip, int pin) =>
            chip == ChipFamily.Esp32S3 ? pin >= 26 && pin <= 32 : pin >= 6 && pin <= 11;

        /// <summary>True for ESP32-S3 GPIO33-37, which modules with octal flash or PSRAM (WROOM-1 N8R8, N16R8...) use.</summary>
        public static bool IsOctalMemory(ChipFamily chip, int pin) => chip == ChipFamily.Esp32S3 && pin >= 33 && pin <= 37;

        /// <summary>True for GPIO16/17 on an ESP32 (classic) whose firmware uses PSRAM (WROVER modules).</summary>
        public static bool IsPsram(ChipFamily chip, bool usesPsram, int pin) =>
            chip == ChipFamily.Esp32 && usesPsram && (pin == 16 || pin == 17);

        /// <summary>True for ESP32 GPIO34-39: inputs only, without output driver and without internal pull resistors.</summary>
        public static bool IsInputOnly(ChipFamily chip, int pin) => chip == ChipFamily.Esp32 && pin >= 34 && pin <= 39;

        /// <summary>
        /// True for strapping pins, whose level at reset selects boot mode or flash voltage: ESP32 GPIO0, 2, 5, 12, 15;
        /// ESP32-S3 GPIO0, 3, 45, 46. Usable, but what is wired there must not pull them the wrong way during reset.
        /// </summary>
        public static bool IsStrapping(ChipFamily chip, int pin)
        {
            if (chip == ChipFamily.Esp32S3)
            {
                return pin == 0 || pin == 3 || pin == 45 || pin == 46;
            }
            return pin == 0 || pin == 2 || pin == 5 || pin == 12 || pin == 15;
        }

        /// <summary>
        /// True for UART0's pins (ESP32 GPIO1 TX, GPIO3 RX; ESP32-S3 GPIO43 TX, GPIO44 RX): nanoFramework's debug and
        /// deployment channel and the device log.
        /// </summary>
        public static bool IsConsole(ChipFamily chip, int pin) =>
            chip == ChipFamily.Esp32S3 ? pin == 43 || pin == 44 : pin == 1 || pin == 3;

        /// <summary>True for the ESP32-S3's native USB pins (GPIO19 D-, GPIO20 D+).</summary>
        public static bool IsUsb(ChipFamily chip, int pin) => chip == ChipFamily.Esp32S3 && (pin == 19 || pin == 20);

        /// <summary>
        /// The ADC1 channel of a pin, or -1 when the pin has none. Only ADC1 counts: ADC2 cannot be read while Wi-Fi is
        /// on (ESP32 datasheet §4.1.2 / ESP-IDF ADC notes). ESP32: GPIO32-39; ESP32-S3: GPIO1-10 (channel = GPIO - 1).
        /// </summary>
        public static int AdcChannel(ChipFamily chip, int pin)
        {
            if (chip == ChipFamily.Esp32S3)
            {
                return pin >= 1 && pin <= 10 ? pin - 1 : -1;
            }
            for (int channel = 0; channel < s_esp32Adc1Pins.Length; channel++)
            {
                if (s_esp32Adc1Pins[channel] == pin)
                {
                    return channel;
                }
            }
            return -1;
        }

        /// <summary>The ADC1 pins as text, for error messages.</summary>
        public static string DescribeAdc(ChipFamily chip) => chip == ChipFamily.Esp32S3 ? "GPIO1-10" : "GPIO32-39";
    }
}
