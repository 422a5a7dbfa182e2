using System;
using System.IO;
using Gateway.Firmware.Core.Node;
using Gateway.Firmware.Core.Platform;
using Gateway.HostSim.Transport;
using Gateway.Simulation.Devices;
using Gateway.Simulation.Power;
using Gateway.Simulation.Scenarios;
using Gateway.Simulation.Storage;

namespace Gateway.HostSim.Runtime;

/// <summary>
/// One virtual node of a live run: the real core <see cref="SensorNode"/> on simulated hardware, its flash in a file,
/// its MQTT session a real TLS connection. Stepped by the <see cref="NodeScheduler"/> in real time.
/// </summary>
public sealed class LiveNode : IScheduledNode, IDisposable
{
    private const int BufferSegments = 8;
    private const int BufferSegmentBytes = 16 * 1024;
    private readonly string _storagePath;
    private readonly FolderFileStorage _files;
    private readonly string _firmwareVersion;
    private FileSegmentStorage _storage;
    private long _offUntilUnixMs = -1;
    private long _pendingOffMs;
    private ResetCause _wakeCause;
    private volatile bool _linkWentDown;

    /// <summary>Builds the node over its device, transport and state folder (flash file, config, certificates).</summary>
    public LiveNode(VirtualDevice device, MqttNetTransport transport, string nodeFolder, string firmwareVersion)
    {
        Device = device;
        Transport = transport;
        _firmwareVersion = firmwareVersion;
        Directory.CreateDirectory(nodeFolder);
        _storagePath = Path.Combine(nodeFolder, "flash.bin");
        _storage = new FileSegmentStorage(_storagePath, BufferSegments, BufferSegmentBytes);
        _files = new FolderFileStorage(nodeFolder);
        device.Link.WentDown += () => _linkWentDown = true;
        Node = Boot();
        var buffer = new Gateway.Firmware.Core.Storage.DurableBuffer(_storage);
        buffer.Restore();
        FirstSequenceThisRun = buffer.NextSequence;
        EvictedAtStart = buffer.EvictedCount;
    }

    /// <summary>The simulated hardware.</summary>
    public VirtualDevice Device { get; }

    /// <summary>The node's MQTT session.</summary>
    public MqttNetTransport Transport { get; }

    /// <summary>The core node of the current boot.</summary>
    public SensorNode Node { get; private set; }

    /// <summary>First sequence this run's readings got (earlier ones belong to earlier runs in the same state folder).</summary>
    public long FirstSequenceThisRun { get; }

    /// <summary>The buffer's eviction count when the run started.</summary>
    public long EvictedAtStart { get; }

    /// <summary>Readings sampled by all boots of this node during the run.</summary>
    public long ReadingsSampled { get; private set; }

    /// <summary>Power losses and reboots during the run.</summary>
    public int Reboots { get; private set; }

    /// <summary>True while the node is powered off (power-loss fault, deep sleep).</summary>
    public bool IsOff => _offUntilUnixMs >= 0;

    /// <inheritdoc/>
    public void Step()
    {
        long now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        Device.Clock.SetTrueUnixTimeMs(now);
        if (IsOff)
        {
            if (now < _offUntilUnixMs)
            {
                return;
            }
            _offUntilUnixMs = -1;
            _storage = new FileSegmentStorage(_storagePath, BufferSegments, BufferSegmentBytes);
            Device.Reboot(_wakeCause, _wakeCause == ResetCause.PowerOn);
            Node = Boot();
        }
        Device.Advance();
        while (Device.TryTakeRuntimeFault(out var fault))
        {
            if (fault.Kind == FaultKind.PowerLoss)
            {
                _pendingOffMs = fault.OffForMs;
                _storage.CutPowerAfterBytes(fault.CutAfterBytes);
            }
        }
        if (_linkWentDown)
        {
            _linkWentDown = false;
            Transport.SimulateConnectionLoss();
        }
        Transport.DrainEvents();
        long sampledBefore = Node.ReadingsSampled;
        try
        {
            Node.Tick(Device.Clock.MonotonicMs);
        }
        catch (IOException)
        {
            // Power died in the middle of a flash write.
            ReadingsSampled += Node.ReadingsSampled - sampledBefore;
            PowerOff(now, _pendingOffMs, ResetCause.PowerOn);
            return;
        }
        ReadingsSampled += Node.ReadingsSampled - sampledBefore;
        switch (Device.Power.TakePending(out long sleepMs))
        {
            case PowerRequest.Sleep:
                PowerOff(now, sleepMs, ResetCause.DeepSleepTimer);
                break;
            case PowerRequest.Reboot:
                PowerOff(now, 0, ResetCause.Requested);
                break;
        }
    }

    private void PowerOff(long now, long offMs, ResetCause wakeCause)
    {
        Reboots++;
        Transport.Disconnect();
        Transport.ClearEvents();
        _storage.Dispose();
        _wakeCause = wakeCause;
        _offUntilUnixMs = now + Math.Max(0, offMs);
    }

    private SensorNode Boot()
    {
        return new SensorNode(Device.CreatePorts(_storage, _files, Transport), _firmwareVersion, Device.Seed);
    }

    /// <summary>Closes the node's session and its flash file (call after the scheduler stopped).</summary>
    public void Dispose()
    {
        Transport.Dispose();
        if (!IsOff)
        {
            _storage.Dispose();
        }
    }

    /// <summary>Reads the node's flash afresh: highest sequence written, confirmation cursor, evictions.</summary>
    public (long Written, long Confirmed, long Evicted) ReadFlash()
    {
        var buffer = Node.Buffer;
        if (buffer != null && !IsOff)
        {
            return (buffer.NextSequence - 1, buffer.ConfirmedThrough, buffer.EvictedCount);
        }
        return (FirstSequenceThisRun - 1, FirstSequenceThisRun - 1, EvictedAtStart);
    }
}
