using System;
using System.Collections.Generic;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using System.Threading;
using System.Threading.Tasks;
using Gateway.Ingest.Audit;
using Gateway.Ingest.Pki;
using MQTTnet;
using MQTTnet.Formatter;

namespace Gateway.Benchmarks.Fleet.Mqtt
{
    /// <summary>MQTTnet 5 clients with mutual TLS against the embedded broker, as the nodes and the ingestion client connect.</summary>
    public static class TlsClients
    {
        public static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(20);

        public static MqttClientOptions Options(string host, int port, string clientId, X509Certificate2 certificate, FleetCa ca) =>
            new MqttClientOptionsBuilder()
                .WithTcpServer(host, port)
                .WithClientId(clientId)
                .WithProtocolVersion(MqttProtocolVersion.V500)
                .WithCleanStart(true)
                .WithKeepAlivePeriod(TimeSpan.FromSeconds(60))
                .WithTimeout(ConnectTimeout)
                .WithTlsOptions(tls => tls
                    .UseTls()
                    .WithSslProtocols(SslProtocols.Tls12 | SslProtocols.Tls13)
                    .WithClientCertificates(new X509Certificate2Collection(certificate))
                    .WithCertificateValidationHandler(e => ca.ValidateServerCertificate(e.Certificate, e.SslPolicyErrors).IsValid))
                .Build();

        /// <summary>Connects one client and fails loudly (with the broker's reason) when it is refused.</summary>
        public static async Task<IMqttClient> ConnectAsync(MqttClientFactory factory, MqttClientOptions options, CancellationToken cancellationToken)
        {
            IMqttClient client = factory.CreateMqttClient();
            try
            {
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                timeout.CancelAfter(ConnectTimeout);
                MqttClientConnectResult result = await client.ConnectAsync(options, timeout.Token);
                if (result.ResultCode != MqttClientConnectResultCode.Success)
                {
                    throw new InvalidOperationException($"broker refused client '{options.ClientId}': {result.ResultCode} {result.ReasonString}");
                }
                return client;
            }
            catch
            {
                client.Dispose();
                throw;
            }
        }

        /// <summary>Connects <paramref name="count"/> clients, at most <paramref name="parallel"/> handshakes at a time.</summary>
        public static async Task<IMqttClient[]> ConnectManyAsync(int count, Func<int, MqttClientOptions> options, int parallel, CancellationToken cancellationToken)
        {
            var factory = new MqttClientFactory();
            var clients = new IMqttClient[count];
            using var gate = new SemaphoreSlim(parallel);
            var tasks = new List<Task>(count);
            for (int i = 0; i < count; i++)
            {
                int index = i;
                await gate.WaitAsync(cancellationToken);
                tasks.Add(Task.Run(async () =>
                {
                    try
                    {
                        clients[index] = await ConnectAsync(factory, options(index), cancellationToken);
                    }
                    finally
                    {
                        gate.Release();
                    }
                }, cancellationToken));
            }
            await Task.WhenAll(tasks);
            return clients;
        }

        public static async Task DisconnectAllAsync(IEnumerable<IMqttClient?> clients)
        {
            var tasks = new List<Task>();
            foreach (IMqttClient? client in clients)
            {
                if (client != null)
                {
                    tasks.Add(DisconnectAsync(client));
                }
            }
            await Task.WhenAll(tasks);
        }

        private static async Task DisconnectAsync(IMqttClient client)
        {
            try
            {
                if (client.IsConnected)
                {
                    using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
                    await client.DisconnectAsync(new MqttClientDisconnectOptions(), timeout.Token);
                }
            }
            catch (Exception e) when (e is OperationCanceledException or InvalidOperationException or System.IO.IOException
                or MQTTnet.Exceptions.MqttCommunicationException)
            {
                // Already gone: nothing to release beyond Dispose.
            }
            finally
            {
                client.Dispose();
            }
        }
    }

    /// <summary>Audit log of the bench's own broker: counts, keeps nothing (the ingest mode's broker outlives its stores).</summary>
    public sealed class CountingAuditLog : IAuditLog
    {
        private long _events;

        public long Events => Interlocked.Read(ref _events);

        public void Record(AuditEvent auditEvent) => Interlocked.Increment(ref _events);
    }
}
