using System;
using System.Collections.Generic;
using Gateway.Firmware.Core.Codec;
using Gateway.Firmware.Core.Config;
using Gateway.Firmware.Core.Platform;
using Gateway.Firmware.Core.Readings;
using Gateway.Firmware.Core.Storage;
using Gateway.Firmware.Core.Uplink;

namespace Gateway.Ingest.Tests.ScaleOut.Nodes;

/// <summary>
/// A node as the firmware runs it, minus the sensors: the core's <see cref="DurableBuffer"/> and <see cref="UplinkSession"/>
/// (SenML CBOR packs from <see cref="SenmlCborWriter"/>, QoS 1, evict only on <c>down/ack</c>, re-send from the confirmed
/// sequence on timeout, reconnect or <c>cmd = resend</c>) over MQTTnet with the device's fleet certificate. The test
/// appends readings; everything runs on the node loop's thread (<see cref="Tick"/>).
/// </summary>
internal sealed class MqttNode : IDownlinkSink, IDisposable
{
    /// <summary>Metrics a burst samples, in order; values come from <see cref="ExpectedValue"/>.</summary>
    public static readonly MetricId[] BurstMetrics = { MetricId.Temperature, MetricId.RelativeHumidity, MetricId.Pressure, MetricId.Co2, MetricId.Noise };

    private readonly MqttNodeTransport _transport;
    private readonly DurableBuffer _buffer;
    private readonly UplinkSession _session;
    private readonly List<long> _confirmations = new();

    public MqttNode(int index, string tenant, string deviceId, MqttNodeTransport transport, UplinkSettings settings)
    {
        Index = index;
        DeviceId = deviceId;
        _transport = transport;
        _buffer = new DurableBuffer(new RamSegmentStorage(segmentCount: 8, segmentCapacityBytes: 4096));
        _buffer.Restore();
        _session = new UplinkSession(transport, new AlwaysUpLink(), _buffer, new SenmlCborWriter(deviceId + "/"), settings,
            deviceId, $"gw/v1/{tenant}/{deviceId}/", (uint)(index * 7919 + 1));
        _session.SetDownlinkSink(this);
    }

    public int Index { get; }

    public string DeviceId { get; }

    /// <summary>Readings appended so far (sequences 1..Written).</summary>
    public long Written => _buffer.NextSequence - 1;

    /// <summary>Highest sequence ingestion confirmed end to end.</summary>
    public long Confirmed => _buffer.ConfirmedThrough;

    /// <summary>Readings lost on the node because its flash ring was full (the test sizes it so that this stays 0).</summary>
    public long Evicted => _buffer.EvictedCount;

    /// <summary>Times the session went back to the confirmed sequence and re-sent.</summary>
    public long Rewinds => _session.Rewinds;

    /// <summary>Readings published, re-sends included.</summary>
    public long ReadingsPublished => _session.ReadingsPublished;

    /// <summary>Every <c>confirmed = N</c> the node accepted, in order.</summary>
    public IReadOnlyList<long> Confirmations => _confirmations;

    /// <summary>The value a reading of <paramref name="metric"/> with <paramref name="sequence"/> carries on node <paramref name="index"/> (in range for the catalog).</summary>
    public static double ExpectedValue(int index, MetricId metric, long sequence) => metric switch
    {
        MetricId.Temperature => -20 + (sequence % 100) + index / 2.0,          // -20 .. 89.5 °C
        MetricId.RelativeHumidity => (sequence + index) % 100,                  // 0 .. 99 %
        MetricId.Pressure => 50_000 + index * 1_000 + sequence,                 // unique per node and sequence
        MetricId.Co2 => 400 + index * 10 + sequence % 10,                       // ppm
        _ => 30 + (sequence % 60) + 0.5,                                        // dB
    };

    /// <summary>Samples one burst: one reading of each of <see cref="BurstMetrics"/>, made durable in the buffer.</summary>
    public void SampleBurst(long nowUnixMs)
    {
        foreach (MetricId metric in BurstMetrics)
        {
            var reading = new Reading
            {
                TimeUnixMs = nowUnixMs,
                Metric = metric,
                Kind = ReadingKind.Measurement,
                Value = ExpectedValue(Index, metric, _buffer.NextSequence),
            };
            _buffer.Append(ref reading);
        }
    }

    /// <summary>Delivers transport events and advances the uplink (node loop thread).</summary>
    public void Tick(long nowMs)
    {
        _transport.Drain();
        _session.Tick(nowMs);
    }

    public void OnDownlink(string suffix, byte[] payload, int count)
    {
        if (suffix == "ack")
        {
            if (DownlinkParser.ParseAck(payload, 0, count, out long confirmed) == AckParseResult.Ok)
            {
                _session.OnConfirmed(confirmed);
                _confirmations.Add(confirmed);
            }
        }
        else if (suffix == "cmd" && DownlinkParser.TryParseCommand(payload, 0, count, out DownlinkCommand? command, out _)
            && command.Kind == CommandKind.Resend)
        {
            _session.ResendFrom(command.FromSequence);
        }
    }

    public void Dispose() => _transport.Dispose();

    /// <summary>Flash segments in memory (a node that never loses power in this test).</summary>
    private sealed class RamSegmentStorage : ISegmentStorage
    {
        private readonly byte[][] _segments;
        private readonly int[] _lengths;

        public RamSegmentStorage(int segmentCount, int segmentCapacityBytes)
        {
            SegmentCapacityBytes = segmentCapacityBytes;
            _segments = new byte[segmentCount][];
            _lengths = new int[segmentCount];
            for (int i = 0; i < segmentCount; i++)
            {
                _segments[i] = new byte[segmentCapacityBytes];
            }
        }

        public int SegmentCount => _segments.Length;

        public int SegmentCapacityBytes { get; }

        public int GetLength(int segment) => _lengths[segment];

        public int Read(int segment, int offset, byte[] buffer, int bufferOffset, int count)
        {
            int available = Math.Max(0, Math.Min(count, _lengths[segment] - offset));
            Array.Copy(_segments[segment], offset, buffer, bufferOffset, available);
            return available;
        }

        public void Append(int segment, byte[] buffer, int bufferOffset, int count)
        {
            Array.Copy(buffer, bufferOffset, _segments[segment], _lengths[segment], count);
            _lengths[segment] += count;
        }

        public void Erase(int segment) => _lengths[segment] = 0;
    }

    private sealed class AlwaysUpLink : INetworkLink
    {
        public bool IsUp => true;

        public int RssiDbm => -60;

        public void RequestConnect()
        {
        }
    }
}
