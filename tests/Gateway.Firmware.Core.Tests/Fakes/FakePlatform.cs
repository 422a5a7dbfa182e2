using System.Collections;
using Gateway.Firmware.Core.Platform;

namespace Gateway.Firmware.Core.Tests.Fakes
{
    /// <summary>Network link the test switches on and off.</summary>
    public sealed class FakeLink : INetworkLink
    {
        public bool IsUp { get; set; } = true;

        public int RssiDbm { get; set; } = -61;

        public int ConnectRequests { get; private set; }

        public void RequestConnect()
        {
            ConnectRequests++;
        }
    }

    /// <summary>Records sleep and reboot requests.</summary>
    public sealed class FakePower : IPowerControl
    {
        public ResetCause LastResetCause { get; set; } = ResetCause.PowerOn;

        public long LastSleepRequestMs { get; private set; } = -1;

        public int RebootRequests { get; private set; }

        public void RequestSleep(long durationMs)
        {
            LastSleepRequestMs = durationMs;
        }

        public void RequestReboot()
        {
            RebootRequests++;
        }
    }

    /// <summary>Remembers the last indicator code shown.</summary>
    public sealed class FakeIndicator : IStatusIndicator
    {
        public IndicatorCode Current { get; private set; } = IndicatorCode.Booting;

        public void Show(IndicatorCode code)
        {
            Current = code;
        }
    }

    /// <summary>Fixed health figures.</summary>
    public sealed class FakeHealth : IDeviceHealth
    {
        public long FreeMemoryBytes { get; set; } = 61440;
    }

    /// <summary>Named text files in memory.</summary>
    public sealed class MemoryFileStorage : IFileStorage
    {
        private readonly Hashtable _files = new Hashtable();

        public int Writes { get; private set; }

        public string? ReadAllText(string name)
        {
            return (string?)_files[name];
        }

        public void WriteAllText(string name, string content)
        {
            Writes++;
            _files[name] = content;
        }
    }
}
