using System;
using System.CommandLine;
using Gateway.Simulation.Scenarios;

namespace Gateway.HostSim.Cli;

/// <summary><c>gateway scenarios</c>: lists the built-in scenarios.</summary>
internal static class ScenariosCommand
{
    public static Command Create()
    {
        var command = new Command("scenarios", "List the scenarios in seeds/ with a one-line description.");
        command.SetAction(_ =>
        {
            var catalog = ScenarioCatalog.Locate();
            foreach (var entry in catalog.List())
            {
                Console.WriteLine($"{entry.Name,-20} {entry.Summary}");
            }
            Console.WriteLine($"(folder {catalog.Folder}; default {ScenarioCatalog.DefaultName}; any JSON file in this format works with --scenario FILE)");
            return 0;
        });
        return command;
    }
}
