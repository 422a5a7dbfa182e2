namespace Gateway.Simulation.Sensors
{
    /// <summary>Fault modes a simulated sensor can be put in (scenario fault schedule, or a test).</summary>
    public enum SensorFault
    {
        /// <summary>Working normally.</summary>
        None = 0,
        /// <summary>Repeats its last values exactly (frozen firmware, blocked sensing element); the core flags it after <c>sample.stuck_count</c> reads.</summary>
        Stuck = 1,
        /// <summary>Does not answer on its bus: every read fails with <c>SensorError.NotResponding</c>.</summary>
        Fail = 2,
        /// <summary>Works but now and then returns one wild value (electrical interference, an insect in the PM sensor's inlet).</summary>
        Spike = 3,
    }
}
