using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Security.Cryptography.X509Certificates;
using System.Threading;
using System.Threading.Tasks;
using Gateway.Ingest.Mqtt;
using Gateway.Ingest.Pipeline;
using Gateway.Ingest.Pki;
using Gateway.Ingest.Storage.Postgres;

namespace Gateway.Ingest.Tests.ScaleOut.Instance;

/// <summary>
/// A test-only ingestion instance, run as its own OS process so that a test can <c>kill -9</c> it: MQTT 5 client
/// (<see cref="IngestClient"/>, shared subscription, PUBACK after commit) → <see cref="IngestPipeline"/> →
/// <see cref="PostgresReadingStore"/>. Started by <see cref="IngestInstanceProcess"/> through the <c>StartupHook</c> of this
/// assembly; stand-in until <c>hostsim/Gateway.Ingest.Service</c> is the executable to launch.
/// </summary>
/// <remarks>
/// Protocol with the parent on standard output, one line each: <c>ready</c> once subscribed, <c>committed M R</c> after each
/// committed batch (M messages, R readings stored), <c>failed TEXT</c> for a batch that was not committed (it is retried).
/// Closing standard input stops the instance cleanly (exit code 0). Bad arguments: exit code 2 and the error on stderr.
/// </remarks>
internal static class IngestInstanceProgram
{
    /// <summary>First argument that selects this program (anything else leaves the test assembly's own entry point alone).</summary>
    public const string Marker = "--gateway-ingest-instance";

    private static readonly string[] Required = { "--host", "--port", "--ca", "--cert", "--key", "--client-id", "--store" };

    public static async Task<int> RunAsync(IReadOnlyList<string> args)
    {
        Dictionary<string, string> options;
        try
        {
            options = Parse(args);
        }
        catch (ArgumentException e)
        {
            await Console.Error.WriteLineAsync(e.Message);
            return 2;
        }

        using var stop = new CancellationTokenSource();
        // The parent closes our standard input to stop us; a kill -9 gives no notice at all, which is the point of the test.
        _ = Task.Run(async () =>
        {
            while (await Console.In.ReadLineAsync() != null)
            {
            }
            stop.Cancel();
        });

        await using PostgresReadingStore store = await PostgresReadingStore.OpenAsync(options["--store"]);
        var pipeline = new IngestPipeline(store);
        using X509Certificate2 ca = CertificatePem.LoadCertificateFile(options["--ca"]);
        using X509Certificate2 identity = CertificatePem.LoadFiles(options["--cert"], options["--key"]);
        var clientOptions = new IngestClientOptions(options["--host"], int.Parse(options["--port"], System.Globalization.CultureInfo.InvariantCulture),
            identity, ca, options["--client-id"], options.GetValueOrDefault("--group"), MaxBatch: 200, MaxBatchDelay: TimeSpan.FromMilliseconds(20));

        await using var client = new IngestClient(clientOptions, async (batch, cancellationToken) =>
        {
            var messages = batch.Select(u => new InboundMessage(u.Topic, u.Payload, u.ReceivedAt)).ToArray();
            PipelineResult result = await pipeline.ProcessAsync(messages, cancellationToken);
            if (!result.Committed)
            {
                Say("failed " + result.Failure?.Message.ReplaceLineEndings(" "));
                throw new IOException("the batch was not committed; it is retried", result.Failure);
            }
            Say($"committed {batch.Count} {result.Store?.Stored ?? 0}");
            return result.Downlinks.Select(d => new Downlink(d.Topic, d.Payload.ToArray())).ToArray();
        });
        await client.StartAsync(stop.Token);
        Say("ready");
        try
        {
            await Task.Delay(Timeout.Infinite, stop.Token);
        }
        catch (OperationCanceledException)
        {
        }
        return 0;
    }

    private static void Say(string line)
    {
        lock (Console.Out)
        {
            Console.Out.WriteLine(line);
            Console.Out.Flush();
        }
    }

    private static Dictionary<string, string> Parse(IReadOnlyList<string> args)
    {
        var options = new Dictionary<string, string>(StringComparer.Ordinal);
        for (int i = 0; i < args.Count; i++)
        {
            string name = args[i];
            if (name == Marker)
            {
                continue;
            }
            if (!Required.Contains(name) && name != "--group")
            {
                throw new ArgumentException($"argument '{name}' is not accepted: use {string.Join(", ", Required)} and optionally --group");
            }
            if (i + 1 >= args.Count)
            {
                throw new ArgumentException($"argument {name} needs a value");
            }
            options[name] = args[++i];
        }
        string[] missing = Required.Where(r => !options.ContainsKey(r)).ToArray();
        if (missing.Length > 0)
        {
            throw new ArgumentException($"missing argument(s): {string.Join(", ", missing)}");
        }
        if (!int.TryParse(options["--port"], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int port)
            || port < 1 || port > 65535)
        {
            throw new ArgumentException($"--port '{options["--port"]}' is not a whole number from 1 to 65535");
        }
        return options;
    }
}
