using System;
using System.Collections.Generic;
using System.IO;
using Gateway.Firmware.Core.Platform;

namespace Gateway.HostSim.Deterministic;

/// <summary>Virtual clock of one simulated node: monotonic from its boot, wall time from the world plus a per-node offset.</summary>
internal sealed class SimClock : IClock
{
    private readonly SimWorld _world;

    public SimClock(SimWorld world)
    {
        _world = world;
        BootAtMs = world.NowMs;
    }

    public long BootAtMs { get; set; }

    public long WallOffsetMs { get; set; }

    public long MonotonicMs => _world.NowMs - BootAtMs;

    public bool TryGetUnixTimeMs(out long unixTimeMs)
    {
        unixTimeMs = SimWorld.EpochUnixMs + _world.NowMs + WallOffsetMs;
        return true;
    }
}

/// <summary>
/// Flash emulated in memory, with a power cut at any byte: after the armed number of bytes, an append stores only
/// the bytes before the cut and throws, as the chip losing power mid-write would leave it.
/// </summary>
internal sealed class SimFlash : ISegmentStorage
{
    private readonly List<byte>[] _segments;
    private long _bytesUntilCut = -1;

    public SimFlash(int segmentCount, int segmentCapacityBytes)
    {
        _segments = new List<byte>[segmentCount];
        for (int i = 0; i < segmentCount; i++)
        {
            _segments[i] = new List<byte>();
        }
        SegmentCapacityBytes = segmentCapacityBytes;
    }

    public int SegmentCount => _segments.Length;

    public int SegmentCapacityBytes { get; }

    public bool Dead { get; private set; }

    public void CutPowerAfter(long bytes) => _bytesUntilCut = bytes;

    public void PowerOn()
    {
        Dead = false;
        _bytesUntilCut = -1;
    }

    public int GetLength(int segment) => _segments[segment].Count;

    public int Read(int segment, int offset, byte[] buffer, int bufferOffset, int count)
    {
        var data = _segments[segment];
        int n = Math.Max(0, Math.Min(count, data.Count - offset));
        data.CopyTo(offset, buffer, bufferOffset, n);
        return n;
    }

    public void Append(int segment, byte[] buffer, int bufferOffset, int count)
    {
        ThrowIfDead();
        if (_bytesUntilCut >= 0 && count > _bytesUntilCut)
        {
            for (int i = 0; i < _bytesUntilCut; i++)
            {
                _segments[segment].Add(buffer[bufferOffset + i]);
            }
            Dead = true;
            throw new IOException("simulated power loss during a flash write");
        }
        if (_bytesUntilCut >= 0)
        {
            _bytesUntilCut -= count;
        }
        for (int i = 0; i < count; i++)
        {
            _segments[segment].Add(buffer[bufferOffset + i]);
        }
    }

    public void Erase(int segment)
    {
        ThrowIfDead();
        _segments[segment].Clear();
    }

    private void ThrowIfDead()
    {
        if (Dead)
        {
            throw new IOException("simulated power loss: the device is off");
        }
    }
}

/// <summary>Small files of a simulated node, kept across its reboots.</summary>
internal sealed class SimFiles : IFileStorage
{
    private readonly Dictionary<string, string> _files = new(StringComparer.Ordinal);

    public string? ReadAllText(string name) => _files.TryGetValue(name, out var text) ? text : null;

    public void WriteAllText(string name, string content) => _files[name] = content;
}

/// <summary>The node's network link; faults take it down.</summary>
internal sealed class SimLink : INetworkLink
{
    public bool IsUp { get; set; } = true;

    public int RssiDbm { get; set; } = -67;

    public void RequestConnect()
    {
    }
}

/// <summary>Records the node's sleep and reboot requests for the world to carry out.</summary>
internal sealed class SimPower : IPowerControl
{
    public ResetCause LastResetCause { get; set; } = ResetCause.PowerOn;

    public long SleepRequestedMs { get; set; } = -1;

    public bool RebootRequested { get; set; }

    public void RequestSleep(long durationMs) => SleepRequestedMs = durationMs;

    public void RequestReboot() => RebootRequested = true;
}

/// <summary>Indicator and health stand-ins.</summary>
internal sealed class SimPanel : IStatusIndicator, IDeviceHealth
{
    public IndicatorCode Current { get; private set; }

    public long FreeMemoryBytes => 64 * 1024;

    public void Show(IndicatorCode code) => Current = code;
}
