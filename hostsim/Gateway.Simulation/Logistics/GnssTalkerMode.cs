namespace Gateway.Simulation.Logistics
{
    /// <summary>Which satellites a simulated receiver uses and which NMEA talker IDs it writes.</summary>
    public enum GnssTalkerMode
    {
        /// <summary>
        /// GPS + BeiDou (the common setting of receivers sold in China): combined solution under talker <c>GN</c>
        /// (<c>$GNRMC</c>, <c>$GNGGA</c>), one <c>$GNGSA</c> per system with the NMEA 4.11 system ID (1 GPS, 4 BeiDou),
        /// satellites in view as <c>$GPGSV</c> and <c>$GBGSV</c>.
        /// </summary>
        GN = 0,

        /// <summary>GPS only, talker <c>GP</c> (older or GPS-only receivers).</summary>
        GP = 1,

        /// <summary>BeiDou only with talker <c>BD</c>: the talker of the Chinese BDS receiver standard and of many modules before NMEA 4.11.</summary>
        BD = 2,

        /// <summary>BeiDou only with talker <c>GB</c>, as NMEA 0183 version 4.11 names BeiDou.</summary>
        GB = 3,
    }
}
