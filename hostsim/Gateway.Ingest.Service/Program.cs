using System;
using System.CommandLine;
using System.Threading;
using System.Threading.Tasks;
using Gateway.Ingest.Hosting;

namespace Gateway.Ingest.Service;

/// <summary>The <c>gateway-ingest</c> command line.</summary>
public static class Program
{
    /// <summary>Entry point.</summary>
    public static int Main(string[] args)
    {
        var state = new Option<string>("--state") { Description = "State folder (fleet PKI, SQLite file).", DefaultValueFactory = _ => ".gateway" };
        var store = new Option<string?>("--store") { Description = "sqlite:PATH (default {state}/ingest.db) or postgres://user@host:port/database." };
        var brokerPort = new Option<int>("--broker-port") { Description = "Port of the embedded TLS broker (0 = free port).", DefaultValueFactory = _ => 8883 };
        var broker = new Option<string?>("--broker") { Description = "Use an external broker instead of the embedded one: mqtts://host:port." };
        var shared = new Option<string?>("--shared-group") { Description = "MQTT 5 shared-subscription group when several instances share an external broker (e.g. ingest)." };
        var identity = new Option<string>("--identity") { Description = "Service identity (certificate CN) of this instance.", DefaultValueFactory = _ => "ingest-1" };
        var http = new Option<string>("--http") { Description = "HTTP API and dashboard address; 'off' to disable.", DefaultValueFactory = _ => "http://127.0.0.1:8080" };
        var retention = new Option<int>("--retention-days") { Description = "Delete readings older than this many days.", DefaultValueFactory = _ => 365 };
        var auditRetention = new Option<int>("--audit-retention-days") { Description = "Keep the audit log this many days (at least 180).", DefaultValueFactory = _ => 180 };
        var coarsen = new Option<int?>("--coarsen-positions") { Description = "Store logistics positions with this many decimal places (0..7; 3 ≈ 110 m)." };

        var root = new RootCommand("Gateway ingestion service: embedded TLS broker (or an external one), de-duplicating store, " +
            "HTTP API and dashboard. Run without a command to serve.")
        {
            state, store, brokerPort, broker, shared, identity, http, retention, auditRetention, coarsen,
        };
        root.SetAction(async (parse, cancellationToken) =>
        {
            IngestHostOptions options;
            try
            {
                string? brokerText = parse.GetValue(broker);
                string httpText = parse.GetValue(http)!;
                options = new IngestHostOptions
                {
                    StateDirectory = parse.GetValue(state)!,
                    Store = parse.GetValue(store),
                    EmbeddedBroker = brokerText == null,
                    Broker = brokerText == null ? null : ParseBroker(brokerText),
                    BrokerPort = parse.GetValue(brokerPort),
                    SharedGroup = parse.GetValue(shared),
                    ServiceIdentity = parse.GetValue(identity)!,
                    HttpUrl = httpText == "off" ? null : httpText,
                    RetentionDays = parse.GetValue(retention),
                    AuditRetentionDays = parse.GetValue(auditRetention),
                    CoarsenPositionDecimals = parse.GetValue(coarsen),
                };
                options.Validate();
            }
            catch (ArgumentException e)
            {
                Console.Error.WriteLine("gateway-ingest: " + e.Message);
                return 2;
            }
            return await ServeAsync(options, cancellationToken).ConfigureAwait(false);
        });

        root.Add(DataCommands.DeleteDevice(state, store));
        root.Add(DataCommands.Retention(state, store));
        return root.Parse(args).Invoke();
    }

    private static Uri ParseBroker(string text)
    {
        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || uri.Scheme != "mqtts" || uri.Port <= 0)
        {
            throw new ArgumentException($"--broker '{text}': must be mqtts://host:port (TLS only)");
        }
        return uri;
    }

    private static async Task<int> ServeAsync(IngestHostOptions options, CancellationToken cancellationToken)
    {
        await using var host = await IngestHost.StartAsync(options, cancellationToken).ConfigureAwait(false);
        Console.WriteLine($"gateway-ingest: broker mqtts://{host.BrokerHost}:{host.BrokerPort} (fleet CA {host.Ca.CertificatePath}), store {options.Store ?? "sqlite:" + options.StateDirectory + "/ingest.db"}");
        if (host.HttpAddress != null)
        {
            Console.WriteLine($"gateway-ingest: dashboard and API at {host.HttpAddress}");
        }
        Console.WriteLine("gateway-ingest: running; Ctrl+C stops");
        try
        {
            await Task.Delay(Timeout.Infinite, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }
        Console.WriteLine($"gateway-ingest: stopped after {host.Client.Committed} messages committed");
        return 0;
    }
}
