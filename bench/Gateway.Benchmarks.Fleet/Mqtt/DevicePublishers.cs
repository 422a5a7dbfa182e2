using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Threading;
using System.Threading.Tasks;
using Gateway.Benchmarks.Fleet.Measurement;
using Gateway.Benchmarks.Fleet.Workloads;
using Gateway.Ingest.Pki;
using MQTTnet;
using MQTTnet.Protocol;

namespace Gateway.Benchmarks.Fleet.Mqtt
{
    /// <summary>
    /// Bare MQTTnet device clients, one TLS connection each with its own device certificate, subscribed to their own
    /// <c>down/#</c> as a node is. Each publishes QoS 1 and waits for the PUBACK before the next message ("as fast as
    /// acknowledged"), so a device's messages arrive in order.
    /// </summary>
    public sealed class DevicePublishers : IAsyncDisposable
    {
        private readonly IMqttClient[] _clients;
        private long _downlinks;

        private DevicePublishers(IMqttClient[] clients, string[] deviceIds)
        {
            _clients = clients;
            DeviceIds = deviceIds;
            foreach (IMqttClient client in clients)
            {
                client.ApplicationMessageReceivedAsync += _ =>
                {
                    Interlocked.Increment(ref _downlinks);
                    return Task.CompletedTask;
                };
            }
        }

        public string[] DeviceIds { get; }

        public int Count => _clients.Length;

        /// <summary>Downlinks (<c>down/ack</c>) the devices received.</summary>
        public long Downlinks => Interlocked.Read(ref _downlinks);

        public static async Task<DevicePublishers> ConnectAsync(string host, int port, FleetCa ca, string tenant, string[] deviceIds,
            CancellationToken cancellationToken)
        {
            var certificates = new System.Security.Cryptography.X509Certificates.X509Certificate2[deviceIds.Length];
            for (int i = 0; i < deviceIds.Length; i++)
            {
                certificates[i] = ca.IssueClientCertificate(deviceIds[i], ClientRole.Device);
            }
            IMqttClient[] clients = await TlsClients.ConnectManyAsync(deviceIds.Length,
                i => TlsClients.Options(host, port, deviceIds[i], certificates[i], ca), parallel: 8, cancellationToken);
            var publishers = new DevicePublishers(clients, deviceIds);
            var subscriptions = new List<Task>();
            for (int i = 0; i < clients.Length; i++)
            {
                var subscribe = new MqttClientSubscribeOptionsBuilder()
                    .WithTopicFilter($"gw/v1/{tenant}/{deviceIds[i]}/down/#", MqttQualityOfServiceLevel.AtLeastOnce)
                    .Build();
                subscriptions.Add(clients[i].SubscribeAsync(subscribe, cancellationToken));
            }
            await Task.WhenAll(subscriptions);
            return publishers;
        }

        /// <summary>Every device publishes its messages as fast as acknowledged; returns when all are acknowledged.</summary>
        public Task PublishAllAsync(IReadOnlyList<IReadOnlyList<PackMessage>> perDevice, LatencyBook book, CancellationToken cancellationToken) =>
            PublishAsync(perDevice, book, interval: null, cancellationToken);

        /// <summary>
        /// Every device publishes one message per <paramref name="interval"/> (devices evenly staggered), each after the PUBACK of
        /// the one before; returns when all are acknowledged.
        /// </summary>
        public Task PublishPacedAsync(IReadOnlyList<IReadOnlyList<PackMessage>> perDevice, TimeSpan interval, LatencyBook book,
            CancellationToken cancellationToken) =>
            PublishAsync(perDevice, book, interval, cancellationToken);

        private async Task PublishAsync(IReadOnlyList<IReadOnlyList<PackMessage>> perDevice, LatencyBook book, TimeSpan? interval,
            CancellationToken cancellationToken)
        {
            if (perDevice.Count != _clients.Length)
            {
                throw new ArgumentException($"{perDevice.Count} message lists for {_clients.Length} devices", nameof(perDevice));
            }
            long start = Stopwatch.GetTimestamp();
            var tasks = new Task[_clients.Length];
            for (int d = 0; d < _clients.Length; d++)
            {
                IMqttClient client = _clients[d];
                IReadOnlyList<PackMessage> messages = perDevice[d];
                TimeSpan offset = interval.HasValue ? interval.Value * d / _clients.Length : TimeSpan.Zero;
                tasks[d] = Task.Run(async () =>
                {
                    for (int m = 0; m < messages.Count; m++)
                    {
                        if (interval.HasValue)
                        {
                            TimeSpan wait = offset + (interval.Value * m) - Stopwatch.GetElapsedTime(start);
                            if (wait > TimeSpan.Zero)
                            {
                                await Task.Delay(wait, cancellationToken);
                            }
                        }
                        PackMessage message = messages[m];
                        MqttApplicationMessage application = new MqttApplicationMessageBuilder()
                            .WithTopic(message.Topic)
                            .WithPayload(message.Payload)
                            .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
                            .Build();
                        book.Published(message.Topic);
                        MqttClientPublishResult result = await client.PublishAsync(application, cancellationToken);
                        if (!result.IsSuccess)
                        {
                            throw new InvalidOperationException($"{message.DeviceId}: publish refused: {result.ReasonCode} {result.ReasonString}");
                        }
                    }
                }, cancellationToken);
            }
            await Task.WhenAll(tasks);
        }

        /// <summary>
        /// The bare publisher loop: client i publishes <paramref name="payloads"/>[i] (a topic of its own device and a pack) again and
        /// again, QoS 1, each publish right after the PUBACK of the one before, until <paramref name="duration"/> is over. Returns the
        /// acknowledged publishes and the time from the first publish to the last PUBACK.
        /// </summary>
        public async Task<(long Acknowledged, TimeSpan Elapsed)> PublishForAsync(IReadOnlyList<(string Topic, byte[] Payload)> payloads, TimeSpan duration,
            CancellationToken cancellationToken)
        {
            if (payloads.Count != _clients.Length)
            {
                throw new ArgumentException($"{payloads.Count} payloads for {_clients.Length} clients", nameof(payloads));
            }
            long acknowledged = 0;
            long lastAck = 0;
            long start = Stopwatch.GetTimestamp();
            var tasks = new Task[_clients.Length];
            for (int d = 0; d < _clients.Length; d++)
            {
                IMqttClient client = _clients[d];
                (string topic, byte[] payload) = payloads[d];
                tasks[d] = Task.Run(async () =>
                {
                    while (Stopwatch.GetElapsedTime(start) < duration)
                    {
                        MqttApplicationMessage application = new MqttApplicationMessageBuilder()
                            .WithTopic(topic)
                            .WithPayload(payload)
                            .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
                            .Build();
                        MqttClientPublishResult result = await client.PublishAsync(application, cancellationToken);
                        if (!result.IsSuccess)
                        {
                            throw new InvalidOperationException($"{topic}: publish refused: {result.ReasonCode} {result.ReasonString}");
                        }
                        Interlocked.Increment(ref acknowledged);
                        long now = Stopwatch.GetTimestamp();
                        long seen;
                        do
                        {
                            seen = Interlocked.Read(ref lastAck);
                        }
                        while (now > seen && Interlocked.CompareExchange(ref lastAck, now, seen) != seen);
                    }
                }, cancellationToken);
            }
            await Task.WhenAll(tasks);
            return (Interlocked.Read(ref acknowledged), Stopwatch.GetElapsedTime(start, Interlocked.Read(ref lastAck)));
        }

        public async ValueTask DisposeAsync()
        {
            await TlsClients.DisconnectAllAsync(_clients);
        }
    }
}
