using System;
using System.Linq;
using Gateway.Ingest.Tests.ScaleOut.Instance;

/// <summary>
/// .NET startup hook (https://github.com/dotnet/runtime/blob/main/docs/design/features/host-startup-hook.md) that lets the
/// test assembly double as the ingestion instance executable: <see cref="IngestInstanceProcess"/> starts
/// <c>dotnet Gateway.Ingest.Tests.dll --gateway-ingest-instance …</c> with <c>DOTNET_STARTUP_HOOKS</c> naming this assembly, and
/// the runtime calls <see cref="Initialize"/> before the (empty, generated) entry point. The runtime requires this exact
/// shape: a class named StartupHook outside any namespace with a static Initialize method. Without the marker argument
/// (e.g. in the test host) it does nothing.
/// </summary>
internal static class StartupHook
{
    public static void Initialize()
    {
        string[] args = Environment.GetCommandLineArgs().Skip(1).ToArray();
        if (!args.Contains(IngestInstanceProgram.Marker))
        {
            return;
        }
        Environment.Exit(IngestInstanceProgram.RunAsync(args).GetAwaiter().GetResult());
    }
}
