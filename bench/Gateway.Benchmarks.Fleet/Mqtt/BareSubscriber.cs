using System;
using System.Diagnostics;
using System.Threading;
using System.Threading.Tasks;
using Gateway.Benchmarks.Fleet.Measurement;
using Gateway.Ingest.Pki;
using MQTTnet;
using MQTTnet.Protocol;

namespace Gateway.Benchmarks.Fleet.Mqtt
{
    /// <summary>
    /// The baseline of the end-to-end measurement: a bare MQTTnet subscriber with a service certificate on
    /// <c>gw/v1/+/+/up/#</c>, QoS 1, automatic acknowledgement, doing nothing but count (and note the arrival time).
    /// </summary>
    public sealed class BareSubscriber : IAsyncDisposable
    {
        private readonly IMqttClient _client;
        private readonly LatencyBook _book;
        private readonly long _expected;
        private readonly TaskCompletionSource _done = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private long _received;

        private BareSubscriber(IMqttClient client, LatencyBook book, long expected)
        {
            _client = client;
            _book = book;
            _expected = expected;
            client.ApplicationMessageReceivedAsync += e =>
            {
                _book.Arrived(e.ApplicationMessage.Topic, Stopwatch.GetTimestamp());
                if (Interlocked.Increment(ref _received) >= _expected)
                {
                    _done.TrySetResult();
                }
                return Task.CompletedTask;
            };
        }

        public long Received => Interlocked.Read(ref _received);

        public static async Task<BareSubscriber> ConnectAsync(string host, int port, FleetCa ca, string identity, LatencyBook book, long expected,
            CancellationToken cancellationToken)
        {
            var certificate = ca.IssueClientCertificate(identity, ClientRole.Service);
            IMqttClient client = await TlsClients.ConnectAsync(new MqttClientFactory(), TlsClients.Options(host, port, identity, certificate, ca), cancellationToken);
            var subscriber = new BareSubscriber(client, book, expected);
            var subscribe = new MqttClientSubscribeOptionsBuilder()
                .WithTopicFilter("gw/v1/+/+/up/#", MqttQualityOfServiceLevel.AtLeastOnce)
                .Build();
            await client.SubscribeAsync(subscribe, cancellationToken);
            return subscriber;
        }

        /// <summary>Waits until every expected message arrived; a timeout names how many did.</summary>
        public async Task WaitAsync(TimeSpan timeout)
        {
            try
            {
                await _done.Task.WaitAsync(timeout);
            }
            catch (TimeoutException)
            {
                throw new TimeoutException($"bare subscriber received {Received} of {_expected} messages in {timeout.TotalSeconds:0} s");
            }
        }

        public async ValueTask DisposeAsync()
        {
            await TlsClients.DisconnectAllAsync(new[] { _client });
        }
    }
}
