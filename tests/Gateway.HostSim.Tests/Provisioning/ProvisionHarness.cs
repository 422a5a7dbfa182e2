using System;
using System.Collections.Generic;
using System.CommandLine;
using System.IO;
using System.Linq;
using System.Runtime.CompilerServices;
using Gateway.HostSim.Cli;
using Xunit;

namespace Gateway.HostSim.Tests.Provisioning;

/// <summary>What a technician sees from one command.</summary>
internal sealed record CommandRun(int ExitCode, string Output, string Error)
{
    public string All => Output + Error;
}

/// <summary>
/// A temporary workplace for the provisioning commands: state folder, output folder, a passphrase file, and the
/// repository's boards/. Commands go through the real System.CommandLine parser with their output captured.
/// </summary>
internal sealed class ProvisionHarness : IDisposable
{
    public const string Passphrase = "Depot#Wlan=3 secret";

    private readonly Dictionary<string, string> _environment = new(StringComparer.Ordinal);

    public ProvisionHarness()
    {
        Root = Path.Combine(Path.GetTempPath(), "gateway-provision-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(Root);
        State = Path.Combine(Root, "state");
        Out = Path.Combine(Root, "out");
        PassphraseFile = Path.Combine(Root, "wifi.txt");
        File.WriteAllText(PassphraseFile, Passphrase + "\n");
        Boards = Path.Combine(RepositoryRoot(), "boards");
    }

    public string Root { get; }

    public string State { get; }

    public string Out { get; }

    public string PassphraseFile { get; }

    public string Boards { get; }

    public string DeviceFolder(string id) => Path.Combine(Out, id);

    public void SetEnvironment(string name, string value) => _environment[name] = value;

    /// <summary>Runs `gateway` with these arguments (after the program name).</summary>
    public CommandRun Run(params string[] args)
    {
        var root = new RootCommand("test") { ProvisionCommand.Create(name => _environment.TryGetValue(name, out string? v) ? v : null) };
        var output = new StringWriter();
        var error = new StringWriter();
        int exit = root.Parse(args).Invoke(new InvocationConfiguration { Output = output, Error = error });
        return new CommandRun(exit, output.ToString(), error.ToString());
    }

    public CommandRun CreateCa()
    {
        CommandRun run = Run("provision", "ca", "--state", State);
        Assert.True(run.ExitCode == 0, run.All);
        return run;
    }

    /// <summary>`provision device` with good defaults; <paramref name="overrides"/> replace options by name or add more.</summary>
    public CommandRun Device(string id, params string[] overrides)
    {
        var options = new List<(string Name, string? Value)>
        {
            ("--id", id), ("--board", "esp32-devkitc"), ("--wifi-ssid", "Depot WLAN 3"), ("--wifi-password-file", PassphraseFile),
            ("--broker", "mqtt.example.org"), ("--tenant", "city"), ("--kind", "environmental"),
            ("--out", Out), ("--state", State), ("--boards", Boards),
        };
        for (int i = 0; i < overrides.Length; i++)
        {
            string name = overrides[i];
            bool isFlag = i + 1 >= overrides.Length || overrides[i + 1].StartsWith("--", StringComparison.Ordinal);
            string? value = isFlag ? null : overrides[++i];
            int at = options.FindIndex(o => o.Name == name);
            if (at >= 0 && name != "--set")
            {
                options[at] = (name, value);
            }
            else
            {
                options.Add((name, value));
            }
            if (name is "--wifi-password-env" or "--wifi-open")
            {
                options.RemoveAll(o => o.Name == "--wifi-password-file");
            }
        }
        var args = new List<string> { "provision", "device" };
        foreach ((string name, string? value) in options)
        {
            args.Add(name);
            if (value != null)
            {
                args.Add(value);
            }
        }
        return Run(args.ToArray());
    }

    /// <summary>Entries of the output folder (device folders and any leftovers).</summary>
    public string[] OutEntries() => Directory.Exists(Out)
        ? Directory.GetFileSystemEntries(Out).Select(Path.GetFileName).OfType<string>().Order(StringComparer.Ordinal).ToArray()
        : Array.Empty<string>();

    public static string RepositoryRoot([CallerFilePath] string sourceFile = "")
    {
        for (DirectoryInfo? d = new FileInfo(sourceFile).Directory; d != null; d = d.Parent)
        {
            if (File.Exists(Path.Combine(d.FullName, "Gateway.sln")))
            {
                return d.FullName;
            }
        }
        throw new InvalidOperationException("Gateway.sln not found above " + sourceFile);
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
