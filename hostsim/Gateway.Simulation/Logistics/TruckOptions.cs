namespace Gateway.Simulation.Logistics
{
    /// <summary>How one truck of a fleet group is equipped and when it leaves.</summary>
    public sealed class TruckOptions
    {
        /// <summary>Refrigerated body (reefer unit keeping the cargo at <see cref="SetpointC"/>); false for a dry van.</summary>
        public bool Reefer { get; set; } = true;

        /// <summary>Reefer set point, °C. Chilled goods: 5 °C, the middle of the 2–8 °C band.</summary>
        public double SetpointC { get; set; } = 5.0;

        /// <summary>Time the truck waits at the origin before its first departure, ms (fleet departures are spread out).</summary>
        public long DepartureDelayMs { get; set; }

        /// <summary>Tracker battery drain, fraction of full charge per hour (a self-powered tracker: about 1 %/h).</summary>
        public double BatteryDrainPerHour { get; set; } = 0.012;

        /// <summary>Initial battery charge, 0 to 1.</summary>
        public double InitialCharge { get; set; } = 1.0;
    }
}
