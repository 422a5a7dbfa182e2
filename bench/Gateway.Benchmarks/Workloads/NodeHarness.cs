using System;
using System.Text;
using Gateway.Benchmarks.Fakes;
using Gateway.Firmware.Core.Config;
using Gateway.Firmware.Core.Node;
using Gateway.Firmware.Core.Platform;

namespace Gateway.Benchmarks.Workloads
{
    /// <summary>Allocation seen in one kind of event of the node harness.</summary>
    public sealed class AllocationBucket
    {
        public AllocationBucket(string name, string where)
        {
            Name = name;
            Where = where;
        }

        /// <summary>What happened, e.g. "tick that published status".</summary>
        public string Name { get; }

        /// <summary>Which core code runs in it (where an allocation would come from).</summary>
        public string Where { get; }

        public long Events { get; private set; }

        public long Bytes { get; private set; }

        public double BytesPerEvent => Events == 0 ? 0 : (double)Bytes / Events;

        public void Add(long bytes, long events = 1)
        {
            Events += events;
            Bytes += bytes;
        }

        public void Clear()
        {
            Events = 0;
            Bytes = 0;
        }
    }

    /// <summary>
    /// A whole <see cref="SensorNode"/> on the environmental board with fake ports: a broker that accepts and PUBACKs
    /// everything, and an ingestion loop that confirms on <c>down/ack</c> what the broker acknowledged. The node is ticked
    /// every second, like a shell's main loop. Every call into the core is measured with
    /// <see cref="GC.GetAllocatedBytesForCurrentThread"/> and booked to a bucket by what it did, so an allocation can be
    /// traced to its place.
    /// </summary>
    public sealed class NodeHarness
    {
        /// <summary>Tick interval of the harness's main loop, ms.</summary>
        public const long TickMs = 1000;

        /// <summary>The node's configuration (docs/CONFIG.md): defaults plus the air-quality alarms of the example station.</summary>
        public const string ConfigText =
            "device.id = env-0001\n" +
            "device.tenant = city\n" +
            "device.kind = environmental\n" +
            "broker.host = 127.0.0.1\n" +
            "sample.period_s = 60\n" +
            "sample.alarm_period_s = 10\n" +
            "alarm.pm2_5.high = 75\n" +
            "alarm.pm2_5.hysteresis = 5\n" +
            "alarm.pm10.high = 100\n" +
            "alarm.co2.high = 1500\n" +
            "uplink.status_period_s = 300\n";

        private const string AckTopic = "gw/v1/city/env-0001/down/ack";
        private static readonly byte[] s_ackKey = Encoding.ASCII.GetBytes("confirmed = ");

        private readonly SteppedClock _clock = new(SamplePacks.SampleTimeUnixMs);
        private readonly AckingTransport _transport = new();
        private readonly SensorNode _node;
        private readonly byte[] _ack = new byte[64];
        private long _confirmedSent;

        public NodeHarness(int seed)
        {
            var files = new DictionaryFiles();
            files.WriteAllText(DeviceConfig.FileName, ConfigText);
            Storage = new InMemorySegmentStorage(8, 4096);
            _node = new SensorNode(
                new NodePorts(_clock, Storage, files, _transport, new SteadyLink(), new NoPower(), new LastCodeIndicator(),
                    new FixedHealth(), EnvironmentalBoard.CreateSensors(seed)),
                "1.0.0-bench", (uint)seed);
            IdleTicks = new AllocationBucket("idle tick (nothing due)", "SensorNode.Tick → UplinkSession.Tick, indicator");
            SamplingTicks = new AllocationBucket("tick that sampled and published", "SamplingScheduler.Read, DurableBuffer.Append, AlarmEvaluator.Evaluate, UplinkSession publish (SenmlCborWriter.EncodePrefix)");
            StatusTicks = new AllocationBucket("tick that published status", "SensorNode.PublishStatus → StatusEncoder.Encode (and sampling, if due in the same tick)");
            Acknowledgements = new AllocationBucket("PUBACK delivered", "UplinkSession.OnPublishAcknowledged");
            Confirmations = new AllocationBucket("down/ack delivered", "UplinkSession.OnMessage → SensorNode.OnDownlink → DownlinkParser.ParseAck → DurableBuffer.Confirm");
            Connects = new AllocationBucket("connect completed", "UplinkSession.OnConnected");
        }

        public SensorNode Node => _node;

        public AckingTransport Transport => _transport;

        public InMemorySegmentStorage Storage { get; }

        public AllocationBucket IdleTicks { get; }

        public AllocationBucket SamplingTicks { get; }

        public AllocationBucket StatusTicks { get; }

        public AllocationBucket Acknowledgements { get; }

        public AllocationBucket Confirmations { get; }

        public AllocationBucket Connects { get; }

        /// <summary>Every bucket, in report order.</summary>
        public AllocationBucket[] Buckets => new[] { SamplingTicks, StatusTicks, IdleTicks, Acknowledgements, Confirmations, Connects };

        /// <summary>Records buffered by the node (measurements and alarm events).</summary>
        public long Records => _node.ReadingsSampled + _node.AlarmEvents;

        /// <summary>Forgets the bucket totals (after warm-up).</summary>
        public void ClearBuckets()
        {
            foreach (AllocationBucket bucket in Buckets)
            {
                bucket.Clear();
            }
        }

        /// <summary>One second of the node's life: tick, connection, PUBACKs, ingestion's confirmation.</summary>
        public void Step()
        {
            _clock.Advance(TickMs);
            long records = Records;
            long status = _node.StatusPublished;

            long before = GC.GetAllocatedBytesForCurrentThread();
            _node.Tick(_clock.MonotonicMs);
            long after = GC.GetAllocatedBytesForCurrentThread();
            AllocationBucket tickBucket = _node.StatusPublished != status ? StatusTicks : Records != records ? SamplingTicks : IdleTicks;
            tickBucket.Add(after - before);

            before = GC.GetAllocatedBytesForCurrentThread();
            bool connected = _transport.CompleteConnect();
            after = GC.GetAllocatedBytesForCurrentThread();
            if (connected)
            {
                Connects.Add(after - before);
            }

            before = GC.GetAllocatedBytesForCurrentThread();
            int acknowledged = _transport.DeliverAcknowledgements();
            after = GC.GetAllocatedBytesForCurrentThread();
            if (acknowledged > 0)
            {
                Acknowledgements.Add(after - before, acknowledged);
            }

            // Ingestion: everything the broker acknowledged is committed; confirm the highest contiguous sequence.
            long sentThrough = _node.Uplink!.SentThrough;
            if (sentThrough > _confirmedSent)
            {
                int length = FormatAck(sentThrough);
                before = GC.GetAllocatedBytesForCurrentThread();
                _transport.Deliver(AckTopic, _ack, length);
                after = GC.GetAllocatedBytesForCurrentThread();
                Confirmations.Add(after - before);
                _confirmedSent = sentThrough;
            }

            if (_node.State != NodeState.Running)
            {
                throw new InvalidOperationException($"the benchmark node left Running: state {_node.State}, last error '{_node.LastError}'");
            }
        }

        // "confirmed = N" without allocating (the harness must not pollute the measurement).
        private int FormatAck(long sequence)
        {
            Array.Copy(s_ackKey, _ack, s_ackKey.Length);
            int position = s_ackKey.Length;
            int digits = 1;
            for (long rest = sequence / 10; rest > 0; rest /= 10)
            {
                digits++;
            }
            for (int i = digits - 1; i >= 0; i--)
            {
                _ack[position + i] = (byte)('0' + (sequence % 10));
                sequence /= 10;
            }
            return position + digits;
        }
    }
}
