using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Gateway.Ingest.Broker;
using Gateway.Ingest.Http;
using Gateway.Ingest.Mqtt;
using Gateway.Ingest.Pipeline;
using Gateway.Ingest.Pki;
using Gateway.Ingest.Storage;

namespace Gateway.Ingest.Hosting;

/// <summary>
/// The ingestion service assembled: fleet PKI, store, embedded (or external) TLS broker, the MQTT ingestion client
/// feeding the pipeline, and the maintenance jobs (gap watcher, retention). The simulator hosts it in-process; the
/// <c>gateway-ingest</c> executable hosts it alone.
/// </summary>
public sealed class IngestHost : IAsyncDisposable
{
    private static readonly TimeSpan GapTimerPeriod = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan RetentionPeriod = TimeSpan.FromHours(1);
    private readonly IngestHostOptions _options;
    private readonly CancellationTokenSource _stop = new();
    private Task? _maintenance;
    private IngestHttpServer? _http;

    private IngestHost(IngestHostOptions options, FleetCa ca, IReadingStore store, IngestPipeline pipeline)
    {
        _options = options;
        Ca = ca;
        Store = store;
        Pipeline = pipeline;
    }

    /// <summary>The fleet CA (created on first run in the state folder).</summary>
    public FleetCa Ca { get; }

    /// <summary>The store.</summary>
    public IReadingStore Store { get; }

    /// <summary>The ingestion pipeline (its <see cref="IngestPipeline.Metrics"/> feed /metrics).</summary>
    public IngestPipeline Pipeline { get; }

    /// <summary>The embedded broker, or null with an external one.</summary>
    public EmbeddedBroker? Broker { get; private set; }

    /// <summary>The MQTT ingestion client.</summary>
    public IngestClient Client { get; private set; } = null!;

    /// <summary>Address of the HTTP API and dashboard, or null when HTTP is off.</summary>
    public Uri? HttpAddress { get; private set; }

    /// <summary>The CA clients trust for the broker's server certificate (the fleet CA unless configured otherwise).</summary>
    public System.Security.Cryptography.X509Certificates.X509Certificate2 BrokerTrust { get; private set; } = null!;

    /// <summary>Host name devices use to reach the broker.</summary>
    public string BrokerHost { get; private set; } = "127.0.0.1";

    /// <summary>TLS port devices use to reach the broker.</summary>
    public int BrokerPort { get; private set; }

    /// <summary>Starts every part; on failure, whatever started is stopped again and the error names the part.</summary>
    public static async Task<IngestHost> StartAsync(IngestHostOptions options, CancellationToken cancellationToken)
    {
        options.Validate();
        Directory.CreateDirectory(options.StateDirectory);
        var ca = FleetCa.CreateOrLoad(options.StateDirectory);
        var store = await OpenStoreAsync(options, cancellationToken).ConfigureAwait(false);
        var pipeline = new IngestPipeline(store);
        var host = new IngestHost(options, ca, store, pipeline);
        try
        {
            await host.StartNetworkAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await host.DisposeAsync().ConfigureAwait(false);
            throw;
        }
        return host;
    }

    /// <summary>Opens the store named by the options (SQLite by default).</summary>
    public static async Task<IReadingStore> OpenStoreAsync(IngestHostOptions options, CancellationToken cancellationToken)
    {
        string? uri = options.Store;
        if (uri == null || uri.StartsWith("sqlite:", StringComparison.Ordinal))
        {
            string path = uri == null ? Path.Combine(options.StateDirectory, "ingest.db") : uri["sqlite:".Length..];
            return await SqliteReadingStore.OpenAsync(path, null, cancellationToken).ConfigureAwait(false);
        }
        return await StoreFactories.OpenPostgresAsync(uri, cancellationToken).ConfigureAwait(false);
    }

    private async Task StartNetworkAsync(CancellationToken cancellationToken)
    {
        if (_options.EmbeddedBroker)
        {
            Broker = new EmbeddedBroker(new EmbeddedBrokerOptions { StateDirectory = _options.StateDirectory, Port = _options.BrokerPort },
                Store.AuditLog, Ca);
            await Broker.StartAsync(cancellationToken).ConfigureAwait(false);
            BrokerPort = Broker.Port;
        }
        else
        {
            BrokerHost = _options.Broker!.Host;
            BrokerPort = _options.Broker.Port;
        }
        var identity = Ca.GetOrCreateServiceCertificate(_options.ServiceIdentity);
        BrokerTrust = _options.BrokerCaPath == null ? Ca.Certificate : CertificatePem.LoadCertificateFile(_options.BrokerCaPath);
        Client = new IngestClient(
            new IngestClientOptions(BrokerHost, BrokerPort, identity, BrokerTrust, _options.ServiceIdentity, _options.SharedGroup),
            ProcessAsync);
        await Client.StartAsync(cancellationToken).ConfigureAwait(false);
        _maintenance = Task.Run(() => MaintainAsync(_stop.Token));
        if (_options.HttpUrl != null)
        {
            _http = await IngestHttpServer.StartAsync(IngestHttpSources.ForProcess(Store, Pipeline, Broker, Client),
                new IngestHttpOptions { Urls = _options.HttpUrl }, cancellationToken).ConfigureAwait(false);
            HttpAddress = _http.BaseAddress;
        }
    }

    private async Task<IReadOnlyList<Downlink>> ProcessAsync(IReadOnlyList<InboundUplink> batch, CancellationToken cancellationToken)
    {
        var messages = new InboundMessage[batch.Count];
        for (int i = 0; i < batch.Count; i++)
        {
            messages[i] = new InboundMessage(batch[i].Topic, batch[i].Payload, batch[i].ReceivedAt);
        }
        var result = await Pipeline.ProcessAsync(messages, cancellationToken).ConfigureAwait(false);
        if (!result.Committed)
        {
            throw new IOException("the store did not commit the batch; it will be retried", result.Failure);
        }
        return result.Downlinks.Select(d => new Downlink(d.Topic, d.Payload.ToArray())).ToList();
    }

    private async Task MaintainAsync(CancellationToken cancellationToken)
    {
        DateTimeOffset nextRetention = DateTimeOffset.MinValue;
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                // An empty batch runs the gap watcher: persistent gaps become re-send requests.
                var result = await Pipeline.ProcessAsync(Array.Empty<InboundMessage>(), cancellationToken).ConfigureAwait(false);
                foreach (var command in result.Downlinks)
                {
                    await Client.PublishAsync(new Downlink(command.Topic, command.Payload.ToArray()), cancellationToken).ConfigureAwait(false);
                }
                if (DateTimeOffset.UtcNow >= nextRetention)
                {
                    nextRetention = DateTimeOffset.UtcNow + RetentionPeriod;
                    await Store.DeleteOlderThanAsync(_options.RetentionDays, cancellationToken).ConfigureAwait(false);
                    await Store.DeleteAuditOlderThanAsync(_options.AuditRetentionDays, cancellationToken).ConfigureAwait(false);
                    if (_options.CoarsenPositionDecimals is int decimals)
                    {
                        await Store.CoarsenPositionsAsync(null, decimals, cancellationToken).ConfigureAwait(false);
                    }
                }
                await Task.Delay(GapTimerPeriod, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            catch (Exception e)
            {
                LastMaintenanceError = e;
                await Task.Delay(GapTimerPeriod, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Last error of a maintenance job (reported in health), or null.</summary>
    public Exception? LastMaintenanceError { get; private set; }

    /// <summary>Stops the client, the broker and the store, in that order.</summary>
    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        if (_http != null)
        {
            await _http.DisposeAsync().ConfigureAwait(false);
        }
        if (_maintenance != null)
        {
            try
            {
                await _maintenance.ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
            }
        }
        if (Client != null)
        {
            await Client.DisposeAsync().ConfigureAwait(false);
        }
        if (Broker != null)
        {
            await Broker.DisposeAsync().ConfigureAwait(false);
        }
        await Store.DisposeAsync().ConfigureAwait(false);
        _stop.Dispose();
    }
}
