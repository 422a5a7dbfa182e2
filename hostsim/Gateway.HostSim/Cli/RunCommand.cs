using System;
using System.CommandLine;
using System.IO;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Gateway.HostSim.Runtime;
using Gateway.Simulation.Scenarios;

namespace Gateway.HostSim.Cli;

/// <summary><c>gateway run</c> (the default command): the whole system with a virtual fleet.</summary>
internal static class RunCommand
{
    public static readonly Option<int?> Devices = new("--devices") { Description = "Number of virtual devices (1..100000; default: the scenario's fleet)." };
    public static readonly Option<string> ScenarioOption = new("--scenario") { Description = "Scenario name from seeds/ (see 'gateway scenarios') or a JSON file.", DefaultValueFactory = _ => ScenarioCatalog.DefaultName };
    public static readonly Option<string?> Duration = new("--duration") { Description = "Run this long (e.g. 30s, 10m), then drain, summarise and exit; default: until Ctrl+C." };
    public static readonly Option<string?> Broker = new("--broker") { Description = "Drive an external broker (e.g. Mosquitto) instead of the embedded one: mqtts://host:port. It must trust the fleet CA in {state}/pki/ca.crt and present a certificate issued by it." };
    public static readonly Option<string?> BrokerCa = new("--broker-ca") { Description = "With --broker: PEM file of the CA that issued the broker's server certificate, if it is not the fleet CA." };
    public static readonly Option<string?> SharedGroup = new("--shared-group") { Description = "With --broker: MQTT 5 shared-subscription group for ingestion (e.g. ingest), so several ingestion instances split the stream." };
    public static readonly Option<string> State = new("--state") { Description = "State folder: fleet CA, SQLite store, device certificates and flash files.", DefaultValueFactory = _ => ".gateway" };
    public static readonly Option<string?> Store = new("--store") { Description = "Store: sqlite:PATH (default {state}/ingest.db) or postgres://user@host:port/database." };
    public static readonly Option<string?> SummaryJson = new("--summary-json") { Description = "Write the end-of-run summary as JSON to this file." };
    public static readonly Option<int> Port = new("--port") { Description = "Embedded broker TLS port (0 = any free port).", DefaultValueFactory = _ => 8883 };
    public static readonly Option<string> Http = new("--http") { Description = "Dashboard and API address, or 'off'.", DefaultValueFactory = _ => "http://127.0.0.1:8080" };

    public static void AddTo(Command command)
    {
        command.Add(Devices);
        command.Add(ScenarioOption);
        command.Add(Duration);
        command.Add(Broker);
        command.Add(BrokerCa);
        command.Add(SharedGroup);
        command.Add(State);
        command.Add(Store);
        command.Add(SummaryJson);
        command.Add(Port);
        command.Add(Http);
    }

    public static Command Create()
    {
        var command = new Command("run", "Run the embedded TLS broker, the ingestion service with SQLite and the dashboard, and a virtual fleet " +
            "running the real node core (the default command).");
        AddTo(command);
        command.SetAction((parse, token) => ExecuteAsync(parse, token));
        return command;
    }

    public static async Task<int> ExecuteAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        FleetRunOptions options;
        try
        {
            options = Read(parse);
        }
        catch (ArgumentException e)
        {
            Console.Error.WriteLine("gateway run: " + e.Message);
            return 2;
        }
        await using var run = new FleetRun(options);
        try
        {
            await run.StartAsync(line => Console.WriteLine("gateway: " + line), cancellationToken).ConfigureAwait(false);
        }
        catch (ScenarioException e)
        {
            Console.Error.WriteLine("gateway run: " + e.Message);
            return 2;
        }
        catch (Exception e) when (e is IOException or SocketException or ArgumentException or InvalidOperationException)
        {
            Console.Error.WriteLine("gateway run: could not start: " + e.Message);
            return 2;
        }
        if (run.Host.HttpAddress != null)
        {
            Console.WriteLine($"gateway: dashboard at {run.Host.HttpAddress}");
        }
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        if (options.Duration is TimeSpan duration)
        {
            stop.CancelAfter(duration);
        }
        if (options.LiveView)
        {
            await LiveView.ShowAsync(run, options.Duration, stop.Token).ConfigureAwait(false);
        }
        else
        {
            while (!stop.IsCancellationRequested)
            {
                try
                {
                    await Task.Delay(5000, stop.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    break;
                }
                Console.WriteLine("gateway: " + LiveView.Line(run));
            }
        }
        Console.WriteLine("gateway: stopping; waiting for readings in flight to be confirmed…");
        var summary = await run.StopAsync(CancellationToken.None).ConfigureAwait(false);
        Print(summary);
        if (options.SummaryJsonPath != null)
        {
            await File.WriteAllTextAsync(options.SummaryJsonPath, JsonSerializer.Serialize(summary, new JsonSerializerOptions { WriteIndented = true }),
                CancellationToken.None).ConfigureAwait(false);
        }
        return summary.Complete ? 0 : 1;
    }

    private static FleetRunOptions Read(ParseResult parse)
    {
        TimeSpan? duration = null;
        string? durationText = parse.GetValue(Duration);
        if (durationText != null)
        {
            if (!DurationText.TryParse(durationText, out var value, out var error) || value < TimeSpan.FromSeconds(1))
            {
                throw new ArgumentException("--duration: " + (error.Length > 0 ? error : "must be at least 1s"));
            }
            duration = value;
        }
        int? devices = parse.GetValue(Devices);
        if (devices is < 1 or > 100_000)
        {
            throw new ArgumentException($"--devices {devices}: must be an integer from 1 to 100000");
        }
        Uri? broker = null;
        string? brokerText = parse.GetValue(Broker);
        if (brokerText != null && (!Uri.TryCreate(brokerText, UriKind.Absolute, out broker) || broker.Scheme != "mqtts" || broker.Port <= 0))
        {
            throw new ArgumentException($"--broker '{brokerText}': must be mqtts://host:port (TLS only)");
        }
        int port = parse.GetValue(Port);
        if (port < 0 || port > 65535)
        {
            throw new ArgumentException($"--port {port}: must be from 1 to 65535, or 0 for any free port");
        }
        string http = parse.GetValue(Http)!;
        return new FleetRunOptions
        {
            Devices = devices,
            Scenario = parse.GetValue(ScenarioOption)!,
            Duration = duration,
            Broker = broker,
            BrokerCaPath = parse.GetValue(BrokerCa),
            SharedGroup = parse.GetValue(SharedGroup),
            StateDirectory = parse.GetValue(State)!,
            Store = parse.GetValue(Store),
            SummaryJsonPath = parse.GetValue(SummaryJson),
            // The defaults are well-known ports; when another program holds them, take free ones rather than fail.
            BrokerPort = port == 8883 && !IsFree(port) ? 0 : port,
            HttpUrl = http == "off" ? null : http == "http://127.0.0.1:8080" && !IsFree(8080) ? "http://127.0.0.1:0" : http,
        };
    }

    private static bool IsFree(int port)
    {
        try
        {
            var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            listener.Stop();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private static void Print(FleetSummary s)
    {
        Console.WriteLine();
        Console.WriteLine($"summary: scenario {s.Scenario}, {s.Devices} devices, {s.DurationSeconds} s");
        Console.WriteLine($"  readings sampled   {s.ReadingsSampled}");
        Console.WriteLine($"  records expected   {s.RecordsExpected} (measurements and alarm events written during the run)");
        Console.WriteLine($"  readings stored    {s.ReadingsStored}");
        Console.WriteLine($"  stored twice       {s.StoredTwice}");
        Console.WriteLine($"  missing            {s.Missing}");
        Console.WriteLine($"  evicted (reported) {s.Evicted}");
        Console.WriteLine($"  rejected           {s.Rejected}");
        Console.WriteLine($"  alarms             {s.Alarms}");
        Console.WriteLine($"  messages/s         {s.MessagesPerSecond}");
        Console.WriteLine($"  latency p50 / p99  {s.LatencyP50Ms} ms / {s.LatencyP99Ms} ms (sampling to storage)");
        Console.WriteLine($"  reboots            {s.Reboots}");
        Console.WriteLine(s.Complete ? "missing 0, stored twice 0" : $"INCOMPLETE: missing {s.Missing}, stored twice {s.StoredTwice}");
    }
}
