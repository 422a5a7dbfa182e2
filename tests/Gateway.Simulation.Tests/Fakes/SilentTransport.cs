using Gateway.Firmware.Core.Platform;

namespace Gateway.Simulation.Tests.Fakes
{
    /// <summary>An MQTT transport whose broker never answers: the node keeps everything in its buffer.</summary>
    public sealed class SilentTransport : IMqttTransport
    {
        public int ConnectAttempts { get; private set; }

        public bool IsConnected => false;

        public void SetListener(ITransportListener listener)
        {
        }

        public void BeginConnect(string clientId)
        {
            ConnectAttempts++;
        }

        public int PublishQos1(string topic, byte[] payload, int offset, int count) => 0;

        public void Subscribe(string topicFilter)
        {
        }

        public void Disconnect()
        {
        }
    }
}
