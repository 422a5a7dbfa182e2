namespace Gateway.HostSim.Deterministic;

/// <summary>Runs one deterministic simulation against the real ingestion pipeline.</summary>
public static class DeterministicRun
{
    /// <summary>Executes the run described by <paramref name="options"/>.</summary>
    public static SimResult Execute(SimOptions options)
    {
        using var ingestion = new PipelineSimIngestion();
        return new SimWorld(options, ingestion).Run();
    }
}
