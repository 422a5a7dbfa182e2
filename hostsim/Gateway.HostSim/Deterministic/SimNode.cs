using System;
using System.Globalization;
using System.IO;
using Gateway.Firmware.Core.Config;
using Gateway.Firmware.Core.Node;
using Gateway.Firmware.Core.Platform;

namespace Gateway.HostSim.Deterministic;

/// <summary>One virtual node of a deterministic run: the real <see cref="SensorNode"/> over simulated ports.</summary>
internal sealed class SimNode
{
    private readonly SimWorld _world;
    private readonly SimFiles _files = new();
    private readonly SimLink _link = new();
    private readonly SimPower _power = new();
    private readonly SimPanel _panel = new();
    private readonly ProbeSensor _sensor;
    private SensorNode _node;
    private long _offUntilMs = -1;
    private long _pendingOffMs;

    public SimNode(SimWorld world, int index)
    {
        _world = world;
        Index = index;
        DeviceId = "sim-" + index.ToString("D4", CultureInfo.InvariantCulture);
        TopicPrefix = "gw/v1/sim/" + DeviceId + "/";
        Flash = new SimFlash(8, 2048);
        Clock = new SimClock(world);
        Transport = new SimTransport(world, this);
        _sensor = new ProbeSensor(world, index);
        _files.WriteAllText(DeviceConfig.FileName,
            "device.id = " + DeviceId + "\n" +
            "device.tenant = sim\n" +
            "device.kind = environmental\n" +
            "broker.host = 127.0.0.1\n" +
            "sample.period_s = 10\n" +
            "sample.alarm_period_s = 5\n" +
            "sample.stuck_count = 0\n" +
            "alarm.pm2_5.high = 100\n" +
            "alarm.pm2_5.hysteresis = 10\n" +
            "uplink.max_payload_bytes = 512\n" +
            "uplink.inflight = 4\n" +
            "uplink.confirm_timeout_s = 20\n" +
            "uplink.backoff_min_s = 1\n" +
            "uplink.backoff_max_s = 30\n" +
            "uplink.status_period_s = 600\n");
        _node = Boot(ResetCause.PowerOn);
    }

    public int Index { get; }

    public string DeviceId { get; }

    public string TopicPrefix { get; }

    public SimFlash Flash { get; }

    public SimClock Clock { get; }

    public SimTransport Transport { get; }

    public bool Off => _offUntilMs >= 0;

    /// <summary>Highest sequence on flash when the world took its end-of-run snapshot.</summary>
    public long WrittenAtSnapshot { get; private set; }

    public void SnapshotWritten()
    {
        var buffer = new Gateway.Firmware.Core.Storage.DurableBuffer(Flash);
        buffer.Restore();
        WrittenAtSnapshot = buffer.NextSequence - 1;
    }

    public void Tick()
    {
        if (Off)
        {
            if (_world.NowMs < _offUntilMs)
            {
                return;
            }
            _offUntilMs = -1;
            Flash.PowerOn();
            _node = Boot(ResetCause.PowerOn);
        }
        try
        {
            _node.Tick(Clock.MonotonicMs);
        }
        catch (IOException)
        {
            // Power died in the middle of a flash write: the device is off until the fault's duration has passed.
            PowerOff(_pendingOffMs);
        }
        if (_power.RebootRequested)
        {
            _power.RebootRequested = false;
            _node = Boot(ResetCause.Requested);
        }
    }

    public void SetLinkUp(bool up)
    {
        _link.IsUp = up;
        if (!up)
        {
            Transport.DropConnection();
        }
    }

    /// <summary>The next flash write after <paramref name="bytes"/> more bytes loses power; the device stays off for <paramref name="offMs"/>.</summary>
    public void ArmPowerCut(long bytes, long offMs)
    {
        if (Off)
        {
            return;
        }
        _pendingOffMs = offMs;
        Flash.CutPowerAfter(bytes);
        if (bytes == 0)
        {
            // A plain power cycle between writes.
            PowerOff(offMs);
        }
    }

    internal void PowerDied() => PowerOff(_pendingOffMs);

    private void PowerOff(long offMs)
    {
        _offUntilMs = _world.NowMs + offMs;
        _world.Stats.Reboots++;
        Transport.PowerOff();
    }

    private SensorNode Boot(ResetCause cause)
    {
        _power.LastResetCause = cause;
        Clock.BootAtMs = _world.NowMs;
        Transport.Reset();
        var ports = new NodePorts(Clock, Flash, _files, Transport, _link, _power, _panel, _panel, new ISensor[] { _sensor });
        return new SensorNode(ports, "sim", (uint)(Index * 2654435761u + 1));
    }

    internal bool LinkUp => _link.IsUp;
}

/// <summary>
/// The simulated MQTT session of one node. Publishes reach the broker after a random latency; the PUBACK comes back
/// only if the connection that sent it is still the same; a dropped connection loses what was in flight.
/// </summary>
internal sealed class SimTransport : IMqttTransport
{
    private readonly SimWorld _world;
    private readonly SimNode _node;
    private ITransportListener? _listener;
    private int _connection;
    private int _nextPacketId;
    private bool _subscribed;

    public SimTransport(SimWorld world, SimNode node)
    {
        _world = world;
        _node = node;
    }

    public bool IsConnected { get; private set; }

    public void SetListener(ITransportListener listener) => _listener = listener;

    public void BeginConnect(string clientId)
    {
        int connection = ++_connection;
        _world.Schedule(_world.Latency(10, 150), () =>
        {
            if (connection != _connection || _listener == null)
            {
                return;
            }
            if (!_node.LinkUp)
            {
                _listener.OnConnectFailed(ConnectFailure.NoNetwork);
            }
            else if (!_world.BrokerUp)
            {
                _listener.OnConnectFailed(ConnectFailure.BrokerUnreachable);
            }
            else if (clientId != _node.DeviceId)
            {
                _listener.OnConnectFailed(ConnectFailure.ConnectRefused);
            }
            else
            {
                IsConnected = true;
                _listener.OnConnected();
            }
        });
    }

    public int PublishQos1(string topic, byte[] payload, int offset, int count)
    {
        if (!IsConnected)
        {
            return 0;
        }
        int id = _nextPacketId = _nextPacketId % 65535 + 1;
        var message = new SimMessage(topic, payload.AsSpan(offset, count).ToArray());
        int connection = _connection;
        int brokerEpoch = _world.BrokerEpoch;
        _world.Schedule(_world.Latency(2, 300), () =>
        {
            if (connection != _connection || !IsConnected || brokerEpoch != _world.BrokerEpoch)
            {
                return;
            }
            if (topic.EndsWith("/up/telemetry", StringComparison.Ordinal) || topic.EndsWith("/up/alarm", StringComparison.Ordinal))
            {
                _world.BrokerAccepted(message);
            }
            _world.Schedule(_world.Latency(2, 300), () =>
            {
                if (connection == _connection && IsConnected)
                {
                    _listener?.OnPublishAcknowledged(id);
                }
            });
        });
        return id;
    }

    public void Subscribe(string topicFilter) => _subscribed = topicFilter == _node.TopicPrefix + "down/#";

    public void Disconnect()
    {
        IsConnected = false;
        _connection++;
    }

    /// <summary>The broker or the link dropped the session.</summary>
    public void DropConnection()
    {
        if (!IsConnected)
        {
            return;
        }
        IsConnected = false;
        _connection++;
        _listener?.OnConnectionLost();
    }

    /// <summary>The device lost power: the session is gone and nobody is listening.</summary>
    public void PowerOff()
    {
        IsConnected = false;
        _connection++;
        _listener = null;
    }

    /// <summary>A fresh boot: no session, no subscription.</summary>
    public void Reset()
    {
        IsConnected = false;
        _subscribed = false;
        _connection++;
    }

    /// <summary>Delivers a downlink if the node is connected and subscribed; false when it is lost.</summary>
    public bool Deliver(SimMessage message)
    {
        if (!IsConnected || !_subscribed || _listener == null)
        {
            return false;
        }
        try
        {
            _listener.OnMessage(message.Topic, message.Payload, message.Payload.Length);
        }
        catch (IOException)
        {
            // Power died while the confirmation was being written to flash.
            _node.PowerDied();
        }
        return true;
    }
}
