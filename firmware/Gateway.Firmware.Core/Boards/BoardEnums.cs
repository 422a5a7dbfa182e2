namespace Gateway.Firmware.Core.Boards
{
    /// <summary>The ESP32 family a nanoFramework firmware image (nanoff target) runs on; pin rules differ per family.</summary>
    public enum ChipFamily
    {
        /// <summary>ESP32 (classic, Xtensa LX6): WROOM-32, WROVER, PICO-D4.</summary>
        Esp32 = 1,
        /// <summary>ESP32-S3 (Xtensa LX7, native USB).</summary>
        Esp32S3 = 2,
    }

    /// <summary>How a board is powered.</summary>
    public enum BoardPower
    {
        /// <summary>USB or mains adapter: the battery voltage is not monitored.</summary>
        Mains = 1,
        /// <summary>Battery: the board must measure its battery voltage (<c>adc.battery</c>).</summary>
        Battery = 2,
    }

    /// <summary>What drives the status LED.</summary>
    public enum LedKind
    {
        /// <summary>No status LED.</summary>
        None = 0,
        /// <summary>A plain LED on a GPIO.</summary>
        Gpio = 1,
        /// <summary>One WS2812 ("NeoPixel") addressable RGB LED, driven through the ESP32's RMT peripheral.</summary>
        Ws2812 = 2,
    }

    /// <summary>Internal pull resistor of an input pin.</summary>
    public enum PinPull
    {
        /// <summary>No internal pull; the board has an external resistor.</summary>
        None = 0,
        /// <summary>Internal pull-up (ESP32: about 45 kΩ).</summary>
        Up = 1,
        /// <summary>Internal pull-down.</summary>
        Down = 2,
    }

    /// <summary>How a sensor kind is attached to the ESP32.</summary>
    public enum SensorAttachment
    {
        /// <summary>I2C bus 1 or 2, at a 7-bit address.</summary>
        I2c = 1,
        /// <summary>Its own UART (uart.gnss, uart.sps30).</summary>
        Uart = 2,
        /// <summary>The 1-Wire bus (onewire.rx/tx).</summary>
        OneWire = 3,
        /// <summary>A GPIO input (gpio.door).</summary>
        Gpio = 4,
        /// <summary>An ADC input (adc.battery).</summary>
        Adc = 5,
    }

    /// <summary>
    /// Sensor kinds a board profile may declare; each maps to one adapter in the ESP32 shell (an Iot.Device binding
    /// behind <see cref="Platform.ISensor"/>). Stored in profiles by name, never by number.
    /// </summary>
    public enum SensorKind
    {
        /// <summary>Bosch BME280: temperature, humidity, pressure (I2C).</summary>
        Bme280 = 1,
        /// <summary>Bosch BME680: temperature, humidity, pressure (I2C; the gas channel is not used).</summary>
        Bme680 = 2,
        /// <summary>Sensirion SHT3x: temperature, humidity (I2C).</summary>
        Sht3x = 3,
        /// <summary>Aosong AHT20: temperature, humidity (I2C).</summary>
        Aht20 = 4,
        /// <summary>Sensirion SCD40/SCD41: CO2, temperature, humidity (I2C).</summary>
        Scd4x = 5,
        /// <summary>Sensirion SEN50/54/55: particulate matter, temperature, humidity (I2C).</summary>
        Sen5x = 6,
        /// <summary>Sensirion SPS30: particulate matter (UART, SHDLC).</summary>
        Sps30 = 7,
        /// <summary>Analog Devices ADXL343 accelerometer: shock and tilt (I2C).</summary>
        Adxl343 = 8,
        /// <summary>InvenSense MPU-6886 IMU (M5Stack Core2 internal): shock and tilt (I2C).</summary>
        Mpu6886 = 9,
        /// <summary>Maxim DS18B20 temperature probe (1-Wire): the cargo temperature.</summary>
        Ds18b20 = 10,
        /// <summary>GNSS receiver with NMEA 0183 output (UART).</summary>
        Gnss = 11,
        /// <summary>Door (reed) switch on a GPIO.</summary>
        Door = 12,
        /// <summary>Battery voltage through a resistor divider on an ADC pin.</summary>
        Battery = 13,
    }
}
