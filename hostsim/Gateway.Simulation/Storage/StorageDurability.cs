namespace Gateway.Simulation.Storage
{
    /// <summary>How far a simulated flash write goes before the call returns.</summary>
    public enum StorageDurability
    {
        /// <summary>
        /// Handed to the operating system (no managed buffering): survives a crash or kill of the simulator process,
        /// not a power cut of the machine. Fast enough for thousands of nodes; the default for load tests.
        /// </summary>
        OsBuffered = 0,

        /// <summary>Also flushed to the disk (fsync) on every append and erase: durable like the device's flash, and slow.</summary>
        Flush = 1,
    }
}
