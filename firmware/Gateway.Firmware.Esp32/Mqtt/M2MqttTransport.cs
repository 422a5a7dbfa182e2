using System;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using System.Threading;
using Gateway.Firmware.Core.Platform;
using nanoFramework.M2Mqtt;
using nanoFramework.M2Mqtt.Messages;

namespace Gateway.Firmware.Esp32.Mqtt
{
    /// <summary>
    /// MQTT 3.1.1 over TLS 1.2 with mutual authentication, through nanoFramework.M2Mqtt.
    /// <para>Threading: M2Mqtt raises its events on its own receive/send threads and blocks while connecting, but the
    /// core is single-threaded (docs/ARCHITECTURE.md). So connecting runs on a worker thread, and every event (connected,
    /// connect failed, PUBACK, connection lost, message) goes into a locked queue that the main loop drains with
    /// <see cref="DeliverEvents"/> on the thread that ticks the node; <see cref="WaitForEvents"/> wakes the loop early
    /// when one arrives.</para>
    /// <para>Delivery: QoS 1 publishes return M2Mqtt's message id, and its MqttMsgPublished event (IsPublished = true on
    /// the PUBACK) is reported as <see cref="ITransportListener.OnPublishAcknowledged"/>. Nothing relies on M2Mqtt's own
    /// retries: when it gives up (IsPublished = false) the core's confirmation timeout re-sends from flash.</para>
    /// </summary>
    public sealed class M2MqttTransport : IMqttTransport
    {
        /// <summary>Events held between two drains; a full queue drops PUBACKs and messages (the core re-sends and the
        /// broker re-delivers QoS 1), never the connection events.</summary>
        public const int QueueCapacity = 64;

        /// <summary>MQTT keep-alive (MQTT 3.1.1 §3.1.2.10), seconds.</summary>
        public const ushort KeepAliveS = 60;

        private const byte KindConnected = 1;
        private const byte KindConnectFailed = 2;
        private const byte KindAcknowledged = 3;
        private const byte KindLost = 4;
        private const byte KindMessage = 5;

        private static readonly byte[] s_noPayload = new byte[0];

        private readonly object _lock = new object();
        private readonly AutoResetEvent _pending = new AutoResetEvent(false);
        private readonly byte[] _kinds = new byte[QueueCapacity];
        private readonly int[] _numbers = new int[QueueCapacity];
        private readonly string[] _topics = new string[QueueCapacity];
        private readonly byte[][] _payloads = new byte[QueueCapacity][];
        private readonly string _host;
        private readonly int _port;
        private readonly string? _caPem;
        private readonly string? _certificatePem;
        private readonly string? _keyPem;
        private int _head;
        private int _count;
        private long _dropped;
        private ITransportListener? _listener;
        private MqttClient? _client;
        private bool _connecting;
        private bool _sessionUp;
        private string _clientId = "";

        /// <summary>Creates the transport; nothing connects until <see cref="BeginConnect"/>.</summary>
        /// <param name="host">device.conf broker.host.</param>
        /// <param name="port">device.conf broker.port (8883 by default).</param>
        /// <param name="caPem">Fleet CA certificate, PEM text (tls.ca_file), or null when the file is missing.</param>
        /// <param name="certificatePem">Device certificate, PEM text (tls.cert_file), or null.</param>
        /// <param name="keyPem">Device private key, PEM text (tls.key_file), or null.</param>
        public M2MqttTransport(string host, int port, string? caPem, string? certificatePem, string? keyPem)
        {
            _host = host;
            _port = port;
            _caPem = caPem;
            _certificatePem = certificatePem;
            _keyPem = keyPem;
        }

        /// <summary>Events dropped because the queue was full (reported in the log).</summary>
        public long DroppedEvents
        {
            get
            {
                lock (_lock)
                {
                    return _dropped;
                }
            }
        }

        /// <summary>True while the MQTT session is up.</summary>
        public bool IsConnected
        {
            get
            {
                lock (_lock)
                {
                    return _sessionUp && _client != null && _client.IsConnected;
                }
            }
        }

        /// <summary>Registers the node's uplink session as the listener.</summary>
        public void SetListener(ITransportListener listener)
        {
            _listener = listener;
        }

        /// <summary>Starts a connect on a worker thread; the result arrives as an event. Ignored while one runs.</summary>
        public void BeginConnect(string clientId)
        {
            lock (_lock)
            {
                if (_connecting)
                {
                    return;
                }
                _connecting = true;
                _clientId = clientId;
            }
            new Thread(ConnectWorker).Start();
        }

        /// <summary>Publishes with QoS 1; returns M2Mqtt's message id, or 0 when there is no session or the send failed.</summary>
        public int PublishQos1(string topic, byte[] payload, int offset, int count)
        {
            MqttClient? client = SessionClient();
            if (client == null)
            {
                return 0;
            }
            // M2Mqtt keeps the array until the PUBACK (its in-flight queue), and the core reuses its buffer: copy.
            byte[] message = new byte[count];
            Array.Copy(payload, offset, message, 0, count);
            try
            {
                return client.Publish(topic, message, null, null, MqttQoSLevel.AtLeastOnce, false);
            }
            catch (Exception e)
            {
                Console.WriteLine("mqtt: publish to " + topic + " failed: " + e.Message);
                return 0;
            }
        }

        /// <summary>Subscribes with QoS 1 (the node's own down/#).</summary>
        public void Subscribe(string topicFilter)
        {
            MqttClient? client = SessionClient();
            if (client == null)
            {
                return;
            }
            try
            {
                client.Subscribe(new string[] { topicFilter }, new MqttQoSLevel[] { MqttQoSLevel.AtLeastOnce });
            }
            catch (Exception e)
            {
                Console.WriteLine("mqtt: subscribe to " + topicFilter + " failed: " + e.Message);
            }
        }

        /// <summary>Closes the session (before deep sleep); no connection-lost event follows.</summary>
        public void Disconnect()
        {
            MqttClient? client;
            lock (_lock)
            {
                client = _client;
                _client = null;
                _sessionUp = false;
            }
            Close(client, true);
        }

        /// <summary>Hands the queued events to the listener, on the calling (main) thread. Returns how many.</summary>
        public int DeliverEvents()
        {
            int delivered = 0;
            while (delivered < QueueCapacity)
            {
                byte kind;
                int number;
                string topic;
                byte[] payload;
                lock (_lock)
                {
                    if (_count == 0)
                    {
                        break;
                    }
                    kind = _kinds[_head];
                    number = _numbers[_head];
                    topic = _topics[_head];
                    payload = _payloads[_head];
                    _topics[_head] = null!;
                    _payloads[_head] = null!;
                    _head = (_head + 1) % QueueCapacity;
                    _count--;
                }
                Deliver(kind, number, topic, payload);
                delivered++;
            }
            return delivered;
        }

        /// <summary>Waits until an event is queued or <paramref name="timeoutMs"/> passes (the main loop's only wait).</summary>
        public bool WaitForEvents(int timeoutMs) => _pending.WaitOne(timeoutMs, false);

        private void Deliver(byte kind, int number, string topic, byte[] payload)
        {
            ITransportListener? listener = _listener;
            if (listener == null)
            {
                return;
            }
            switch (kind)
            {
                case KindConnected:
                    listener.OnConnected();
                    break;
                case KindConnectFailed:
                    listener.OnConnectFailed((ConnectFailure)number);
                    break;
                case KindAcknowledged:
                    listener.OnPublishAcknowledged(number);
                    break;
                case KindLost:
                    listener.OnConnectionLost();
                    break;
                default:
                    listener.OnMessage(topic, payload, payload.Length);
                    break;
            }
        }

        private void ConnectWorker()
        {
            MqttClient? previous;
            string clientId;
            lock (_lock)
            {
                previous = _client;
                _client = null;
                _sessionUp = false;
                clientId = _clientId;
            }
            Close(previous, false);
            MqttClient? client = null;
            int failure = 0;
            try
            {
                client = CreateClient();
                if (client == null)
                {
                    failure = (int)ConnectFailure.TlsRefused;
                }
                else
                {
                    failure = Connect(client, clientId);
                }
            }
            catch (Exception e)
            {
                failure = (int)Classify(e);
                Console.WriteLine("mqtt: connect to " + _host + ":" + _port.ToString() + " failed: " + Describe(e));
            }
            Finish(client, failure);
        }

        private MqttClient? CreateClient()
        {
            if (_caPem == null || _certificatePem == null || _keyPem == null)
            {
                Console.WriteLine("mqtt: the CA certificate, device certificate or key file is missing on I:\\gateway\\ (tls.* in device.conf); re-provision the device");
                return null;
            }
            X509Certificate ca = new X509Certificate(_caPem);
            X509Certificate2 device = new X509Certificate2(_certificatePem, _keyPem, null);
            MqttClient client = new MqttClient(_host, _port, true, ca, device, MqttSslProtocols.TLSv1_2);
            // Verify the broker against the fleet CA (M2Mqtt uses SslVerification.NoVerification when this is false).
            client.Settings.ValidateServerCertificate = true;
            client.ProtocolVersion = MqttProtocolVersion.Version_3_1_1;
            client.MqttMsgPublished += OnPublished;
            client.MqttMsgPublishReceived += OnMessageReceived;
            client.ConnectionClosed += OnConnectionClosed;
            return client;
        }

        private int Connect(MqttClient client, string clientId)
        {
            // Clean session: after a reconnect the core re-sends from its confirmed cursor and re-subscribes.
            MqttReasonCode code = client.Connect(clientId, null, null, true, KeepAliveS);
            if (code == MqttReasonCode.Success)
            {
                Console.WriteLine("mqtt: connected to " + _host + ":" + _port.ToString() + " as " + clientId);
                return 0;
            }
            Console.WriteLine("mqtt: broker refused the session (reason code " + ((int)code).ToString()
                + "): is the device certificate's CN the device.id, and does the broker's ACL allow it?");
            return (int)ConnectFailure.ConnectRefused;
        }

        private void Finish(MqttClient? client, int failure)
        {
            lock (_lock)
            {
                _connecting = false;
                if (failure == 0)
                {
                    _client = client;
                    _sessionUp = true;
                }
            }
            if (failure == 0)
            {
                Enqueue(KindConnected, 0, null, null);
                return;
            }
            Close(client, false);
            Enqueue(KindConnectFailed, failure, null, null);
        }

        /// <summary>
        /// M2Mqtt wraps what went wrong in MqttConnectionException. A socket error that means "no route, no answer, no
        /// name" is the broker being unreachable; any other failure during the connect is the TLS handshake (wrong CA,
        /// expired or unknown certificate, clock not set).
        /// </summary>
        private static ConnectFailure Classify(Exception e)
        {
            Exception cause = e.InnerException ?? e;
            SocketException? socket = cause as SocketException;
            if (socket == null)
            {
                return ConnectFailure.TlsRefused;
            }
            int code = socket.ErrorCode;
            bool unreachable = code == (int)SocketError.ConnectionRefused || code == (int)SocketError.TimedOut
                || code == (int)SocketError.HostNotFound || code == (int)SocketError.HostUnreachable
                || code == (int)SocketError.NetworkUnreachable || code == (int)SocketError.NetworkDown
                || code == (int)SocketError.HostDown;
            return unreachable ? ConnectFailure.BrokerUnreachable : ConnectFailure.TlsRefused;
        }

        private static string Describe(Exception e) =>
            e.InnerException != null ? e.Message + " (" + e.InnerException.Message + ")" : e.Message;

        private MqttClient? SessionClient()
        {
            lock (_lock)
            {
                return _sessionUp ? _client : null;
            }
        }

        private void OnPublished(object sender, MqttMsgPublishedEventArgs e)
        {
            if (e.IsPublished)
            {
                Enqueue(KindAcknowledged, e.MessageId, null, null);
            }
            else
            {
                Console.WriteLine("mqtt: M2Mqtt gave up on message " + e.MessageId.ToString() + "; the node re-sends it after its confirmation timeout");
            }
        }

        private void OnMessageReceived(object sender, MqttMsgPublishEventArgs e)
        {
            Enqueue(KindMessage, 0, e.Topic, e.Message);
        }

        private void OnConnectionClosed(object sender, EventArgs e)
        {
            bool lost;
            lock (_lock)
            {
                // Only the session in use counts: a client closed by Disconnect or replaced by a reconnect is not a loss.
                lost = _sessionUp && sender == _client;
                if (lost)
                {
                    _sessionUp = false;
                }
            }
            if (lost)
            {
                Console.WriteLine("mqtt: connection lost");
                Enqueue(KindLost, 0, null, null);
            }
        }

        private void Enqueue(byte kind, int number, string? topic, byte[]? payload)
        {
            lock (_lock)
            {
                if (_count == QueueCapacity)
                {
                    _dropped++;
                    if (kind == KindAcknowledged || kind == KindMessage)
                    {
                        return;
                    }
                    // A connection event must get through: drop the oldest entry (an acknowledgement or message) for it.
                    _head = (_head + 1) % QueueCapacity;
                    _count--;
                }
                int tail = (_head + _count) % QueueCapacity;
                _kinds[tail] = kind;
                _numbers[tail] = number;
                _topics[tail] = topic ?? "";
                _payloads[tail] = payload ?? s_noPayload;
                _count++;
            }
            _pending.Set();
        }

        private void Close(MqttClient? client, bool sendDisconnect)
        {
            if (client == null)
            {
                return;
            }
            try
            {
                if (sendDisconnect && client.IsConnected)
                {
                    client.Disconnect();
                }
                client.Dispose();
            }
            catch (Exception e)
            {
                Console.WriteLine("mqtt: closing the old session: " + e.Message);
            }
        }
    }
}
