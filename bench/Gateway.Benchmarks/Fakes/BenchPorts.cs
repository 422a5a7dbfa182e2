using System;
using System.Collections.Generic;
using Gateway.Firmware.Core.Platform;

namespace Gateway.Benchmarks.Fakes
{
    /// <summary>A clock the harness moves; wall time is known from the start (SNTP done).</summary>
    public sealed class SteppedClock : IClock
    {
        private readonly long _unixAtZeroMs;

        public SteppedClock(long unixAtZeroMs)
        {
            _unixAtZeroMs = unixAtZeroMs;
        }

        public long MonotonicMs { get; private set; }

        public void Advance(long ms) => MonotonicMs += ms;

        public bool TryGetUnixTimeMs(out long unixTimeMs)
        {
            unixTimeMs = _unixAtZeroMs + MonotonicMs;
            return true;
        }
    }

    /// <summary>A Wi-Fi link that stays up; its RSSI wanders a little, so the node's RSSI reading changes.</summary>
    public sealed class SteadyLink : INetworkLink
    {
        private int _reads;

        public bool IsUp => true;

        public int RssiDbm => -61 - (_reads++ % 7);

        public void RequestConnect()
        {
        }
    }

    /// <summary>Power control that records nothing: the benchmark node never sleeps or reboots.</summary>
    public sealed class NoPower : IPowerControl
    {
        public ResetCause LastResetCause => ResetCause.PowerOn;

        public long SleepRequests { get; private set; }

        public long RebootRequests { get; private set; }

        public void RequestSleep(long durationMs) => SleepRequests++;

        public void RequestReboot() => RebootRequests++;
    }

    /// <summary>Indicator that keeps the last code.</summary>
    public sealed class LastCodeIndicator : IStatusIndicator
    {
        public IndicatorCode Current { get; private set; }

        public void Show(IndicatorCode code) => Current = code;
    }

    /// <summary>Fixed free-memory figure.</summary>
    public sealed class FixedHealth : IDeviceHealth
    {
        public long FreeMemoryBytes => 61_440;
    }

    /// <summary>Files in a dictionary (only <c>device.conf</c> is used; written only on a config downlink).</summary>
    public sealed class DictionaryFiles : IFileStorage
    {
        private readonly Dictionary<string, string> _files = new(StringComparer.Ordinal);

        public string? ReadAllText(string name) => _files.TryGetValue(name, out string? text) ? text : null;

        public void WriteAllText(string name, string content) => _files[name] = content;
    }

    /// <summary>
    /// An MQTT transport whose broker accepts every connection and acknowledges every publish. Publishes are only
    /// counted (by topic kind) and their packet ids queued; <see cref="DeliverAcknowledgements"/> reports the PUBACKs and
    /// <see cref="Deliver"/> a downlink, both on the caller's thread between ticks, as the shells do. Allocates nothing
    /// after construction.
    /// </summary>
    public sealed class AckingTransport : IMqttTransport
    {
        private readonly int[] _pending = new int[256];
        private ITransportListener? _listener;
        private int _pendingCount;
        private int _nextPacketId = 1;
        private bool _connectRequested;

        public bool IsConnected { get; private set; }

        public long TelemetryPublishes { get; private set; }

        public long TelemetryBytes { get; private set; }

        public long AlarmPublishes { get; private set; }

        public long StatusPublishes { get; private set; }

        public long ReplyPublishes { get; private set; }

        public void SetListener(ITransportListener listener) => _listener = listener;

        public void BeginConnect(string clientId) => _connectRequested = true;

        public int PublishQos1(string topic, byte[] payload, int offset, int count)
        {
            if (!IsConnected || _pendingCount == _pending.Length)
            {
                return 0;
            }
            if (topic.EndsWith("up/telemetry", StringComparison.Ordinal))
            {
                TelemetryPublishes++;
                TelemetryBytes += count;
            }
            else if (topic.EndsWith("up/alarm", StringComparison.Ordinal))
            {
                AlarmPublishes++;
            }
            else if (topic.EndsWith("up/status", StringComparison.Ordinal))
            {
                StatusPublishes++;
            }
            else
            {
                ReplyPublishes++;
            }
            int id = _nextPacketId;
            _nextPacketId = _nextPacketId == 65535 ? 1 : _nextPacketId + 1;
            _pending[_pendingCount++] = id;
            return id;
        }

        public void Subscribe(string topicFilter)
        {
        }

        public void Disconnect() => IsConnected = false;

        /// <summary>Completes a connection the node asked for; true when there was one.</summary>
        public bool CompleteConnect()
        {
            if (!_connectRequested)
            {
                return false;
            }
            _connectRequested = false;
            IsConnected = true;
            Listener.OnConnected();
            return true;
        }

        /// <summary>Reports a PUBACK for every publish since the last call; returns how many.</summary>
        public int DeliverAcknowledgements()
        {
            int count = _pendingCount;
            for (int i = 0; i < count; i++)
            {
                Listener.OnPublishAcknowledged(_pending[i]);
            }
            _pendingCount = 0;
            return count;
        }

        /// <summary>Delivers a downlink message.</summary>
        public void Deliver(string topic, byte[] payload, int count) => Listener.OnMessage(topic, payload, count);

        private ITransportListener Listener =>
            _listener ?? throw new InvalidOperationException("the node has not registered a transport listener yet (tick it once first)");
    }
}
