using System.CommandLine;
using Gateway.HostSim.Cli;

namespace Gateway.HostSim;

/// <summary>The <c>gateway</c> command line.</summary>
public static class Program
{
    /// <summary>Entry point.</summary>
    public static int Main(string[] args)
    {
        var root = new RootCommand("Gateway: simulator of a fleet of ESP32 sensor nodes running the real node core, " +
            "with an embedded TLS broker and the ingestion service.");
        RunCommand.AddTo(root);
        root.SetAction((parse, token) => RunCommand.ExecuteAsync(parse, token));
        root.Add(RunCommand.Create());
        root.Add(ScenariosCommand.Create());
        root.Add(SimCommand.Create());
        root.Add(ProvisionCommand.Create());
        return root.Parse(args).Invoke();
    }
}
