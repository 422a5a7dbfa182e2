using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using Gateway.Firmware.Core.Node;
using Gateway.Firmware.Core.Platform;
using Gateway.Firmware.Core.Storage;

namespace Gateway.HostSim.Deterministic;

/// <summary>Parameters of one deterministic run.</summary>
/// <param name="Seed">Seed of every random choice in the run.</param>
/// <param name="Nodes">Virtual nodes.</param>
/// <param name="DurationMs">Virtual time during which faults happen.</param>
/// <param name="DrainMs">Fault-free virtual time afterwards, for everything to be delivered and confirmed.</param>
/// <param name="Faults">Inject faults (link drops, partitions, broker restarts, power loss mid-write, clock jumps, ack chaos, lossy broker).</param>
public sealed record SimOptions(int Seed, int Nodes = 5, long DurationMs = 2 * 3600_000, long DrainMs = 3600_000, bool Faults = true)
{
    /// <summary>Checks the values; the message names the option and the accepted range.</summary>
    public void Validate()
    {
        if (Nodes < 1 || Nodes > 1000)
        {
            throw new ArgumentException($"nodes = {Nodes}: must be an integer from 1 to 1000");
        }
        if (DurationMs < 60_000 || DurationMs > 7 * 24 * 3600_000L)
        {
            throw new ArgumentException($"duration = {DurationMs} ms: must be from 1 minute to 7 days");
        }
        if (DrainMs < 600_000)
        {
            throw new ArgumentException($"drain = {DrainMs} ms: must be at least 10 minutes");
        }
    }
}

/// <summary>Outcome of a deterministic run.</summary>
public sealed record SimResult(int Seed, string Digest, IReadOnlyList<string> Violations, SimStats Stats)
{
    /// <summary>True when every invariant held.</summary>
    public bool Passed => Violations.Count == 0;

    /// <summary>The command that replays this run.</summary>
    public string ReplayCommand => $"dotnet run --project hostsim/Gateway.HostSim -- sim --seed {Seed.ToString(CultureInfo.InvariantCulture)}";
}

/// <summary>Counters of a run.</summary>
public sealed class SimStats
{
    /// <summary>Faults injected, by kind.</summary>
    public SortedDictionary<string, int> Faults { get; } = new(StringComparer.Ordinal);
    /// <summary>Uplinks the broker acknowledged.</summary>
    public long UplinksAcknowledged { get; set; }
    /// <summary>Uplinks the broker dropped after acknowledging them.</summary>
    public long UplinksDroppedAfterAck { get; set; }
    /// <summary>Uplinks lost in a broker restart.</summary>
    public long UplinksLostInRestart { get; set; }
    /// <summary>Uplinks delivered to ingestion twice.</summary>
    public long UplinksDuplicated { get; set; }
    /// <summary>Downlinks (acks, re-send requests) delivered.</summary>
    public long DownlinksDelivered { get; set; }
    /// <summary>Readings the nodes wrote to flash (highest sequence over all nodes).</summary>
    public long ReadingsWritten { get; set; }
    /// <summary>Readings stored by ingestion.</summary>
    public long ReadingsStored { get; set; }
    /// <summary>Readings the nodes reported evicted unsent.</summary>
    public long ReadingsEvicted { get; set; }
    /// <summary>Node reboots (power loss).</summary>
    public long Reboots { get; set; }
}

/// <summary>
/// A whole fleet, broker and ingestion in one thread under a virtual clock: every latency, loss and fault comes from one
/// seeded random generator, so a seed always gives the same run byte for byte. The nodes run the real
/// <see cref="SensorNode"/>; the network and broker are models; ingestion is pluggable (<see cref="ISimIngestion"/>).
/// </summary>
public sealed class SimWorld
{
    /// <summary>Wall-clock time at virtual time 0 (2025-11-22, so device times are plausible to ingestion).</summary>
    public const long EpochUnixMs = 1_763_800_000_000;

    private const int TickMs = 1000;
    private const long SettleMs = 60_000;
    private readonly SimOptions _options;
    private readonly ISimIngestion _ingestion;
    private readonly Random _random;
    private readonly PriorityQueue<Action, (long Time, long Order)> _events = new();
    private readonly List<SimNode> _nodes = new();
    private readonly List<SimMessage> _arrivingUplinks = new();
    private long _order;

    /// <summary>Creates a world; <see cref="Run"/> executes it.</summary>
    public SimWorld(SimOptions options, ISimIngestion ingestion)
    {
        options.Validate();
        _options = options;
        _ingestion = ingestion;
        _random = new Random(options.Seed);
        Stats = new SimStats();
    }

    /// <summary>Current virtual time, ms since the start of the run.</summary>
    public long NowMs { get; private set; }

    /// <summary>Counters of the run.</summary>
    public SimStats Stats { get; }

    internal bool BrokerUp { get; private set; } = true;

    internal int BrokerEpoch { get; private set; }

    internal double DropAfterAckProbability { get; private set; }

    internal double DuplicateProbability { get; private set; }

    internal long ExtraAckDelayMs { get; private set; }

    /// <summary>Runs the fleet for the duration plus the drain, then checks the invariants.</summary>
    public SimResult Run()
    {
        for (int i = 0; i < _options.Nodes; i++)
        {
            _nodes.Add(new SimNode(this, i));
        }
        if (_options.Faults)
        {
            ScheduleFaults();
        }
        long end = _options.DurationMs + _options.DrainMs;
        // Readings taken in the last minute may legitimately still be on their way when the run stops.
        long snapshotAt = end - SettleMs;
        for (NowMs = 0; NowMs <= end; NowMs += TickMs)
        {
            if (NowMs == snapshotAt)
            {
                _nodes.ForEach(n => n.SnapshotWritten());
            }
            RunEventsUntil(NowMs);
            foreach (var node in _nodes)
            {
                node.Tick();
            }
            RunEventsUntil(NowMs);
        }
        return Check();
    }

    internal int Latency(int minimumMs, int maximumMs) => _random.Next(minimumMs, maximumMs + 1);

    internal bool Chance(double probability) => probability > 0 && _random.NextDouble() < probability;

    internal void Schedule(long delayMs, Action action) => _events.Enqueue(action, (NowMs + Math.Max(0, delayMs), _order++));

    private void RunEventsUntil(long timeMs)
    {
        while (_events.TryPeek(out _, out var key) && key.Time <= timeMs)
        {
            _events.Dequeue()();
            if (_arrivingUplinks.Count > 0)
            {
                DeliverToIngestion();
            }
        }
    }

    /// <summary>The broker accepted a publish (PUBACK sent); route it on to ingestion unless the broker loses it.</summary>
    internal void BrokerAccepted(SimMessage message)
    {
        Stats.UplinksAcknowledged++;
        if (Chance(DropAfterAckProbability))
        {
            Stats.UplinksDroppedAfterAck++;
            return;
        }
        int epoch = BrokerEpoch;
        int copies = Chance(DuplicateProbability) ? 2 : 1;
        Stats.UplinksDuplicated += copies - 1;
        for (int i = 0; i < copies; i++)
        {
            Schedule(Latency(2, 400), () =>
            {
                if (epoch != BrokerEpoch)
                {
                    Stats.UplinksLostInRestart++;
                    return;
                }
                _arrivingUplinks.Add(message);
            });
        }
    }

    private void DeliverToIngestion()
    {
        var batch = _arrivingUplinks.ToArray();
        _arrivingUplinks.Clear();
        foreach (var downlink in _ingestion.Process(batch, EpochUnixMs + NowMs))
        {
            var node = _nodes.FirstOrDefault(n => downlink.Topic.StartsWith(n.TopicPrefix, StringComparison.Ordinal));
            if (node == null)
            {
                continue;
            }
            int copies = Chance(DuplicateProbability) ? 2 : 1;
            for (int i = 0; i < copies; i++)
            {
                Schedule(Latency(2, 200) + (ExtraAckDelayMs > 0 ? _random.NextInt64(ExtraAckDelayMs) : 0), () =>
                {
                    if (BrokerUp && node.Transport.Deliver(downlink))
                    {
                        Stats.DownlinksDelivered++;
                    }
                });
            }
        }
    }

    private void ScheduleFaults()
    {
        int count = 4 + _random.Next(12);
        for (int f = 0; f < count; f++)
        {
            long at = _random.NextInt64(60_000, _options.DurationMs);
            int kind = _random.Next(8);
            SimNode node = _nodes[_random.Next(_nodes.Count)];
            long duration;
            switch (kind)
            {
                case 0:
                    duration = _random.NextInt64(10_000, 40 * 60_000);
                    At(at, "link_drop", () => node.SetLinkUp(false));
                    At(at + duration, null, () => node.SetLinkUp(true));
                    break;
                case 1:
                    duration = _random.NextInt64(30_000, 20 * 60_000);
                    var group = _nodes.Where(_ => _random.Next(2) == 0).ToList();
                    At(at, "partition", () => group.ForEach(n => n.SetLinkUp(false)));
                    At(at + duration, null, () => group.ForEach(n => n.SetLinkUp(true)));
                    break;
                case 2:
                    duration = _random.NextInt64(1_000, 60_000);
                    At(at, "broker_restart", () =>
                    {
                        BrokerUp = false;
                        BrokerEpoch++;
                        _nodes.ForEach(n => n.Transport.DropConnection());
                    });
                    At(at + duration, null, () => BrokerUp = true);
                    break;
                case 3:
                    long cutAfter = _random.NextInt64(0, 200);
                    duration = _random.NextInt64(5_000, 120_000);
                    At(at, "power_loss_mid_write", () => node.ArmPowerCut(cutAfter, duration));
                    break;
                case 4:
                    long jump = _random.NextInt64(-30 * 60_000, 30 * 60_000);
                    At(at, "clock_jump", () => node.Clock.WallOffsetMs += jump);
                    break;
                case 5:
                    duration = _random.NextInt64(60_000, 30 * 60_000);
                    At(at, "ack_chaos", () =>
                    {
                        DuplicateProbability = 0.3;
                        ExtraAckDelayMs = 30_000;
                    });
                    At(at + duration, null, () =>
                    {
                        DuplicateProbability = 0;
                        ExtraAckDelayMs = 0;
                    });
                    break;
                case 6:
                    duration = _random.NextInt64(60_000, 30 * 60_000);
                    At(at, "lossy_broker", () => DropAfterAckProbability = 0.05);
                    At(at + duration, null, () => DropAfterAckProbability = 0);
                    break;
                default:
                    At(at, "reboot", () => node.ArmPowerCut(0, _random.NextInt64(1_000, 10_000)));
                    break;
            }
        }
    }

    private void At(long atMs, string? faultName, Action action)
    {
        // Every fault is over when the drain starts, so the drain really is fault-free.
        atMs = Math.Min(atMs, _options.DurationMs);
        _events.Enqueue(() =>
        {
            if (faultName != null)
            {
                Stats.Faults[faultName] = Stats.Faults.GetValueOrDefault(faultName) + 1;
            }
            action();
        }, (atMs, _order++));
    }

    private SimResult Check()
    {
        var violations = new List<string>();
        var digest = new StringBuilder();
        foreach (var node in _nodes)
        {
            node.Flash.PowerOn();
            var buffer = new DurableBuffer(node.Flash);
            buffer.Restore();
            long written = buffer.NextSequence - 1;
            var stored = _ingestion.Stored(node.DeviceId);
            Stats.ReadingsWritten += written;
            Stats.ReadingsEvicted += buffer.EvictedCount;
            Stats.ReadingsStored += stored.Count;
            digest.Append(node.DeviceId).Append(':').Append(written).Append(':').Append(buffer.EvictedCount).Append('\n');

            long expected = node.WrittenAtSnapshot;
            if (buffer.ConfirmedThrough < expected && buffer.OldestUnconfirmedSequence <= expected)
            {
                violations.Add($"{node.DeviceId}: readings up to {expected} were written a minute before the end but only {buffer.ConfirmedThrough} are confirmed");
            }
            var sequences = new HashSet<long>();
            double lastSampleSecond = double.MinValue;
            foreach (var r in stored)
            {
                digest.Append(r.Sequence).Append(',').Append(r.Metric).Append(',')
                    .Append(r.Value?.ToString("R", CultureInfo.InvariantCulture) ?? r.BoolValue?.ToString() ?? "-").Append(',')
                    .Append(r.DeviceTimeMs).Append('\n');
                if (!sequences.Add(r.Sequence))
                {
                    violations.Add($"{node.DeviceId}: sequence {r.Sequence} stored twice");
                }
                if (r.Sequence < 1 || r.Sequence > written)
                {
                    violations.Add($"{node.DeviceId}: stored sequence {r.Sequence} that the node never wrote (it wrote 1..{written})");
                }
                if (r.Metric == "press")
                {
                    if (r.Value != ProbeSensor.TagOf(node.Index))
                    {
                        violations.Add($"{node.DeviceId}: seq {r.Sequence} carries device tag {r.Value}, expected {ProbeSensor.TagOf(node.Index)} (stored under the wrong device)");
                    }
                }
                if (r.Metric == "lux" && r.Value.HasValue)
                {
                    if (r.Value.Value < lastSampleSecond)
                    {
                        violations.Add($"{node.DeviceId}: seq {r.Sequence} sampled at {r.Value} s after a later-sequenced sample at {lastSampleSecond} s (order broken)");
                    }
                    lastSampleSecond = r.Value.Value;
                }
            }
            long missing = expected - sequences.Count(s => s >= 1 && s <= expected);
            if (missing > buffer.EvictedCount)
            {
                violations.Add($"{node.DeviceId}: {missing} readings missing at ingestion but only {buffer.EvictedCount} reported evicted");
            }
        }
        string hash = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(digest.ToString()))).ToLowerInvariant();
        return new SimResult(_options.Seed, hash, violations, Stats);
    }
}
