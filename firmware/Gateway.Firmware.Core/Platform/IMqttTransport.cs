namespace Gateway.Firmware.Core.Platform
{
    /// <summary>
    /// MQTT session over TLS with mutual authentication, as the core needs it. Implementations never block
    /// the caller for network I/O longer than it takes to hand the packet to the network stack; results
    /// arrive later through <see cref="ITransportListener"/>.
    /// </summary>
    /// <remarks>
    /// Threading contract: the shell delivers listener callbacks on the thread that calls the node's
    /// <c>Tick</c> (ESP32: events from M2Mqtt's receive thread are queued and drained by the main loop;
    /// simulator: queued per node and drained by the scheduler). The core therefore needs no locks.
    /// </remarks>
    public interface IMqttTransport
    {
        /// <summary>Registers the single listener that receives connection, acknowledgement and message events.</summary>
        void SetListener(ITransportListener listener);

        /// <summary>Starts connecting with the given client id; completion is reported through the listener.</summary>
        void BeginConnect(string clientId);

        /// <summary>True while the MQTT session is up.</summary>
        bool IsConnected { get; }

        /// <summary>
        /// Publishes with QoS 1 (at least once). The transport copies the bytes if it needs them after returning.
        /// Returns the packet id (1..65535) whose PUBACK will be reported, or 0 when the message could not be queued.
        /// </summary>
        int PublishQos1(string topic, byte[] payload, int offset, int count);

        /// <summary>Subscribes with QoS 1 to a topic filter (the device's own <c>down/#</c>).</summary>
        void Subscribe(string topicFilter);

        /// <summary>Closes the session; <see cref="ITransportListener.OnConnectionLost"/> is not raised for it.</summary>
        void Disconnect();
    }

    /// <summary>Events a transport reports to the core.</summary>
    public interface ITransportListener
    {
        /// <summary>The session is up.</summary>
        void OnConnected();

        /// <summary>The connection attempt failed; <paramref name="reason"/> says why (TLS refused, broker unreachable, ...).</summary>
        void OnConnectFailed(ConnectFailure reason);

        /// <summary>The broker acknowledged (PUBACK) the publish with this packet id.</summary>
        void OnPublishAcknowledged(int packetId);

        /// <summary>The session dropped without <see cref="IMqttTransport.Disconnect"/> being called.</summary>
        void OnConnectionLost();

        /// <summary>A message arrived on a subscribed topic. The payload is only valid during the call.</summary>
        void OnMessage(string topic, byte[] payload, int count);
    }

    /// <summary>Why a connection attempt failed; drives the status LED and the status message.</summary>
    public enum ConnectFailure
    {
        /// <summary>No network link (Wi-Fi or cellular) is up.</summary>
        NoNetwork = 1,
        /// <summary>The broker could not be reached (DNS, TCP connect, timeout).</summary>
        BrokerUnreachable = 2,
        /// <summary>The TLS handshake failed (wrong CA, expired or revoked certificate, clock not set).</summary>
        TlsRefused = 3,
        /// <summary>The broker refused the MQTT CONNECT (not authorised, bad client id).</summary>
        ConnectRefused = 4,
    }
}
