namespace Gateway.Firmware.Core.Readings
{
    /// <summary>
    /// Every quantity a Gateway node reports. The numeric values are stored in the durable buffer,
    /// so existing values must never be renumbered; add new ones at the end.
    /// </summary>
    public enum MetricId : byte
    {
        /// <summary>No metric (empty slot).</summary>
        None = 0,

        // Environmental node.
        /// <summary>Air temperature, °C (SenML <c>Cel</c>).</summary>
        Temperature = 1,
        /// <summary>Relative humidity, % (SenML <c>%RH</c>).</summary>
        RelativeHumidity = 2,
        /// <summary>Barometric pressure, Pa (SenML <c>Pa</c>).</summary>
        Pressure = 3,
        /// <summary>Particulate matter up to 1 µm, µg/m³ (SenML secondary unit <c>ug/m3</c>, RFC 8798).</summary>
        Pm1 = 4,
        /// <summary>Particulate matter up to 2.5 µm, µg/m³.</summary>
        Pm2_5 = 5,
        /// <summary>Particulate matter up to 10 µm, µg/m³.</summary>
        Pm10 = 6,
        /// <summary>Carbon dioxide, ppm (SenML secondary unit <c>ppm</c>, RFC 8798).</summary>
        Co2 = 7,
        /// <summary>Total volatile organic compounds, ppb.</summary>
        Tvoc = 8,
        /// <summary>Sound pressure level, dB (SenML <c>dB</c>).</summary>
        Noise = 9,
        /// <summary>Illuminance, lx (SenML <c>lx</c>).</summary>
        Illuminance = 10,

        // Logistics tracker.
        /// <summary>Latitude, degrees north, WGS-84 (SenML <c>lat</c>).</summary>
        Latitude = 20,
        /// <summary>Longitude, degrees east, WGS-84 (SenML <c>lon</c>).</summary>
        Longitude = 21,
        /// <summary>Altitude above mean sea level, m.</summary>
        Altitude = 22,
        /// <summary>Speed over ground, m/s.</summary>
        Speed = 23,
        /// <summary>Course over ground, degrees from true north (SenML <c>deg</c>, RFC 8798).</summary>
        Course = 24,
        /// <summary>GNSS fix quality as in NMEA GGA (0 none, 1 GPS/SPS, 2 differential, 4 RTK, 5 float RTK, 6 estimated).</summary>
        FixQuality = 25,
        /// <summary>Satellites used in the fix (SenML <c>count</c>).</summary>
        SatellitesInUse = 26,
        /// <summary>Constellations in the fix, a <c>Gnss.GnssConstellation</c> bit set; sent as text.</summary>
        Constellation = 27,
        /// <summary>Peak acceleration magnitude since the last sample, m/s² (shock).</summary>
        Acceleration = 28,
        /// <summary>Tilt from upright, degrees.</summary>
        Tilt = 29,
        /// <summary>Cargo door open (true) or closed (false); sent as a SenML boolean.</summary>
        DoorOpen = 30,
        /// <summary>Cargo (probe) temperature, °C.</summary>
        CargoTemperature = 31,

        // Both kinds.
        /// <summary>Battery voltage, V.</summary>
        BatteryVoltage = 40,
        /// <summary>Received signal strength, dBm (SenML secondary unit <c>dBm</c>).</summary>
        Rssi = 41,
    }
}
