namespace Gateway.Firmware.Core.Config
{
    /// <summary>What a node is (<c>device.kind</c>). Values follow the order of the accepted words; never renumber.</summary>
    public enum DeviceKind : byte
    {
        /// <summary><c>environmental</c>: a fixed air-quality / weather station.</summary>
        Environmental = 0,
        /// <summary><c>logistics</c>: a tracker on a vehicle or container (GNSS, shock, door, cargo temperature).</summary>
        Logistics = 1,
    }
}
