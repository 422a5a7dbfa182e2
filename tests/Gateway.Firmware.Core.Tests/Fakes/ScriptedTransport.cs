using System.Collections;
using Gateway.Firmware.Core.Platform;

namespace Gateway.Firmware.Core.Tests.Fakes
{
    /// <summary>One publish the node made.</summary>
    public sealed class PublishedMessage
    {
        public PublishedMessage(int packetId, string topic, byte[] payload)
        {
            PacketId = packetId;
            Topic = topic;
            Payload = payload;
        }

        public int PacketId { get; }

        public string Topic { get; }

        public byte[] Payload { get; }
    }

    /// <summary>
    /// An MQTT transport driven by the test: it records connects and publishes, and the test decides when the
    /// broker accepts, acknowledges, drops the connection or sends a downlink.
    /// </summary>
    public sealed class ScriptedTransport : IMqttTransport
    {
        private readonly ArrayList _published = new ArrayList();
        private readonly ArrayList _subscriptions = new ArrayList();
        private ITransportListener? _listener;
        private int _nextPacketId = 1;

        public bool IsConnected { get; private set; }

        public int ConnectAttempts { get; private set; }

        /// <summary>When true, PublishQos1 refuses (returns 0), as a full client queue would.</summary>
        public bool RefusePublishes { get; set; }

        public ArrayList Published => _published;

        public ArrayList Subscriptions => _subscriptions;

        public void SetListener(ITransportListener listener)
        {
            _listener = listener;
        }

        public void BeginConnect(string clientId)
        {
            ConnectAttempts++;
            LastClientId = clientId;
        }

        public string LastClientId { get; private set; } = "";

        public int PublishQos1(string topic, byte[] payload, int offset, int count)
        {
            if (RefusePublishes || !IsConnected)
            {
                return 0;
            }
            byte[] copy = new byte[count];
            System.Array.Copy(payload, offset, copy, 0, count);
            int id = _nextPacketId;
            _nextPacketId = _nextPacketId == 65535 ? 1 : _nextPacketId + 1;
            _published.Add(new PublishedMessage(id, topic, copy));
            return id;
        }

        public void Subscribe(string topicFilter)
        {
            _subscriptions.Add(topicFilter);
        }

        public void Disconnect()
        {
            IsConnected = false;
        }

        // Broker side, driven by the test.
        public void AcceptConnection()
        {
            IsConnected = true;
            _listener!.OnConnected();
        }

        public void RefuseConnection(ConnectFailure reason)
        {
            IsConnected = false;
            _listener!.OnConnectFailed(reason);
        }

        public void DropConnection()
        {
            IsConnected = false;
            _listener!.OnConnectionLost();
        }

        public void Acknowledge(int packetId)
        {
            _listener!.OnPublishAcknowledged(packetId);
        }

        /// <summary>Acknowledges every publish recorded so far (again, if already acknowledged: duplicate PUBACKs).</summary>
        public void AcknowledgeAll()
        {
            for (int i = 0; i < _published.Count; i++)
            {
                _listener!.OnPublishAcknowledged(((PublishedMessage)_published[i]!).PacketId);
            }
        }

        public void Deliver(string topic, byte[] payload)
        {
            _listener!.OnMessage(topic, payload, payload.Length);
        }

        public PublishedMessage Last => (PublishedMessage)_published[_published.Count - 1]!;

        public void ClearPublished()
        {
            _published.Clear();
        }
    }
}
