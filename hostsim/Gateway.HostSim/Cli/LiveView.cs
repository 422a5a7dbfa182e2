using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Gateway.Firmware.Core.Uplink;
using Gateway.HostSim.Runtime;
using Spectre.Console;

namespace Gateway.HostSim.Cli;

/// <summary>The live console view of a run: fleet, traffic, storage, alarms, buffers, errors — refreshed every second.</summary>
internal static class LiveView
{
    public static async Task ShowAsync(FleetRun run, TimeSpan? duration, CancellationToken stop)
    {
        var table = new Table().Border(TableBorder.Rounded).Title("[bold]Gateway fleet[/]");
        table.AddColumn("what");
        table.AddColumn(new TableColumn("now").RightAligned());
        await AnsiConsole.Live(table).AutoClear(false).StartAsync(async context =>
        {
            long lastCommitted = 0;
            var lastAt = DateTimeOffset.UtcNow;
            while (!stop.IsCancellationRequested)
            {
                var now = DateTimeOffset.UtcNow;
                long committed = run.Host.Client.Committed;
                double rate = (committed - lastCommitted) / Math.Max(0.001, (now - lastAt).TotalSeconds);
                lastCommitted = committed;
                lastAt = now;
                Fill(table, run, rate, duration);
                context.Refresh();
                try
                {
                    await Task.Delay(1000, stop).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                }
            }
        }).ConfigureAwait(false);
    }

    /// <summary>One plain status line, for redirected output.</summary>
    public static string Line(FleetRun run)
    {
        var m = run.Host.Pipeline.Metrics.Snapshot();
        int connected = run.Nodes.Count(n => n.Node.Uplink?.State == UplinkState.Connected);
        return $"{(DateTimeOffset.UtcNow - run.StartedAt).TotalSeconds,6:F0}s connected {connected}/{run.Nodes.Count} " +
               $"stored {m.ReadingsStored} duplicates {m.Duplicates} rejected {m.Quarantined} committed {run.Host.Client.Committed}";
    }

    private static void Fill(Table table, FleetRun run, double rate, TimeSpan? duration)
    {
        var m = run.Host.Pipeline.Metrics.Snapshot();
        var nodes = run.Nodes;
        int connected = nodes.Count(n => n.Node.Uplink?.State == UplinkState.Connected);
        long depth = nodes.Sum(n => n.Node.Buffer?.Depth ?? 0);
        long alarms = nodes.Sum(n => n.Node.Alarms?.ActiveCount ?? 0);
        long faults = nodes.Sum(n => n.Node.Scheduler?.FaultyCount ?? 0);
        long connectFailures = nodes.Sum(n => n.Node.Uplink?.ConnectFailures ?? 0);
        var elapsed = DateTimeOffset.UtcNow - run.StartedAt;
        table.Rows.Clear();
        table.AddRow("running", duration is TimeSpan d ? $"{elapsed:hh\\:mm\\:ss} of {d:hh\\:mm\\:ss}" : $"{elapsed:hh\\:mm\\:ss} (Ctrl+C stops)");
        table.AddRow("devices connected", $"{connected} / {nodes.Count}");
        table.AddRow("messages/s committed", $"{rate:F1}");
        table.AddRow("readings stored", $"{m.ReadingsStored}");
        table.AddRow("duplicates absorbed", $"{m.Duplicates}");
        table.AddRow("alarms active", $"{alarms}");
        table.AddRow("buffered on devices", $"{depth}");
        table.AddRow("sensor faults", $"{faults}");
        table.AddRow("rejected messages", m.Quarantined == 0 ? "0" : $"[yellow]{m.Quarantined}[/]");
        table.AddRow("connect failures", $"{connectFailures}");
        table.AddRow("scheduler late rounds / errors", $"{run.Scheduler.LateRounds} / {run.Scheduler.Errors}");
        if (run.Host.HttpAddress != null)
        {
            table.AddRow("dashboard", run.Host.HttpAddress.ToString());
        }
    }
}
