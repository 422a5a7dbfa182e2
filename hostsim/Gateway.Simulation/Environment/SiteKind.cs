namespace Gateway.Simulation.Environment
{
    /// <summary>Where an environmental node is mounted; decides which influences dominate its readings.</summary>
    public enum SiteKind
    {
        /// <summary>Urban background station on a roof or mast: weather, regional pollution, moderate city noise.</summary>
        Outdoor = 0,
        /// <summary>Kerbside station: traffic adds noise, PM, CO2 and TVOC in the rush hours.</summary>
        Roadside = 1,
        /// <summary>Indoors in an office: heated/air-conditioned, CO2 and TVOC follow occupancy on working days 08:30–18:00.</summary>
        Office = 2,
        /// <summary>Indoors in a classroom: dense occupancy in lesson hours 07:50–11:50 and 14:00–17:30 on school days.</summary>
        School = 3,
    }
}
