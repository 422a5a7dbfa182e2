using System;
using System.Buffers;
using System.Collections.Concurrent;
using System.Threading;
using System.Threading.Tasks;
using Gateway.Firmware.Core.Platform;
using MQTTnet;
using MQTTnet.Protocol;

namespace Gateway.Ingest.Tests.ScaleOut.Nodes;

/// <summary>
/// The core's <see cref="IMqttTransport"/> over an MQTTnet 5 client. MQTTnet completes work on its own tasks; every outcome
/// is queued and handed to the core only by <see cref="Drain"/>, called on the node loop's thread, so the core stays
/// single-threaded as on the device.
/// </summary>
internal sealed class MqttNodeTransport : IMqttTransport, IDisposable
{
    private readonly Func<string, MqttClientOptions> _options;
    private readonly IMqttClient _client;
    private readonly ConcurrentQueue<Action<ITransportListener>> _pending = new();
    private ITransportListener? _listener;
    private int _lastId;
    private int _connecting;
    private volatile bool _closing;
    private long _acknowledged;
    private long _failed;

    /// <param name="options">Builds the connection options for a client id (broker, TLS identity).</param>
    public MqttNodeTransport(Func<string, MqttClientOptions> options)
    {
        _options = options;
        _client = new MqttClientFactory().CreateMqttClient();
        _client.DisconnectedAsync += e =>
        {
            if (e.ClientWasConnected && !_closing)
            {
                _pending.Enqueue(l => l.OnConnectionLost());
            }
            return Task.CompletedTask;
        };
        _client.ApplicationMessageReceivedAsync += e =>
        {
            string topic = e.ApplicationMessage.Topic;
            byte[] payload = e.ApplicationMessage.Payload.ToArray();
            _pending.Enqueue(l => l.OnMessage(topic, payload, payload.Length));
            return Task.CompletedTask;
        };
    }

    /// <summary>Publishes the broker acknowledged.</summary>
    public long Acknowledged => Interlocked.Read(ref _acknowledged);

    /// <summary>Publishes that got no acknowledgement (connection lost, refused).</summary>
    public long Failed => Interlocked.Read(ref _failed);

    /// <summary>Last error, for failure messages.</summary>
    public Exception? LastError { get; private set; }

    public bool IsConnected => _client.IsConnected;

    public void SetListener(ITransportListener listener) => _listener = listener;

    /// <summary>Delivers queued outcomes to the core; node loop thread only.</summary>
    public void Drain()
    {
        while (_listener != null && _pending.TryDequeue(out Action<ITransportListener>? deliver))
        {
            deliver(_listener);
        }
    }

    public void BeginConnect(string clientId)
    {
        if (Interlocked.Exchange(ref _connecting, 1) == 1)
        {
            return;
        }
        _closing = false;
        _ = Task.Run(async () =>
        {
            try
            {
                using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(10));
                MqttClientConnectResult result = await _client.ConnectAsync(_options(clientId), limit.Token);
                _pending.Enqueue(result.ResultCode == MqttClientConnectResultCode.Success
                    ? l => l.OnConnected()
                    : l => l.OnConnectFailed(ConnectFailure.ConnectRefused));
            }
            catch (Exception e)
            {
                LastError = e;
                _pending.Enqueue(l => l.OnConnectFailed(ConnectFailure.BrokerUnreachable));
            }
            finally
            {
                Volatile.Write(ref _connecting, 0);
            }
        });
    }

    public int PublishQos1(string topic, byte[] payload, int offset, int count)
    {
        if (!_client.IsConnected)
        {
            return 0;
        }
        int id = Interlocked.Increment(ref _lastId) % 65535 + 1;
        MqttApplicationMessage message = new MqttApplicationMessageBuilder()
            .WithTopic(topic)
            .WithPayload(payload.AsSpan(offset, count).ToArray())
            .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
            .Build();
        _ = PublishAndReportAsync(message, id); // starts writing now, in call order; the outcome is queued later
        return id;
    }

    private async Task PublishAndReportAsync(MqttApplicationMessage message, int id)
    {
        try
        {
            MqttClientPublishResult result = await _client.PublishAsync(message, CancellationToken.None);
            if (result.IsSuccess)
            {
                Interlocked.Increment(ref _acknowledged);
                _pending.Enqueue(l => l.OnPublishAcknowledged(id));
                return;
            }
            LastError = new InvalidOperationException($"publish on {message.Topic} refused: {result.ReasonCode} {result.ReasonString}");
        }
        catch (Exception e)
        {
            LastError = e;
        }
        // No acknowledgement: the session's confirmation timeout (or reconnect) re-sends from the durable buffer.
        Interlocked.Increment(ref _failed);
    }

    public void Subscribe(string topicFilter)
    {
        _ = Task.Run(async () =>
        {
            try
            {
                await _client.SubscribeAsync(new MqttClientSubscribeOptionsBuilder()
                    .WithTopicFilter(topicFilter, MqttQualityOfServiceLevel.AtLeastOnce).Build(), CancellationToken.None);
            }
            catch (Exception e)
            {
                LastError = e;
            }
        });
    }

    public void Disconnect()
    {
        _closing = true;
        _ = _client.DisconnectAsync(new MqttClientDisconnectOptions(), CancellationToken.None);
    }

    public void Dispose()
    {
        _closing = true;
        _client.Dispose();
    }
}
