using System;
using Gateway.Benchmarks.Fakes;
using Gateway.Firmware.Core.Alarms;
using Gateway.Firmware.Core.Codec;
using Gateway.Firmware.Core.Readings;
using Gateway.Firmware.Core.Sampling;
using Gateway.Firmware.Core.Storage;

namespace Gateway.Benchmarks.Workloads
{
    /// <summary>
    /// The node's steady-state data path without the node around it: <see cref="SamplingScheduler"/> reads the due sensors,
    /// each value is appended to the <see cref="DurableBuffer"/> and run through the <see cref="AlarmEvaluator"/> (alarm
    /// events are appended too), then the unconfirmed readings are read back and encoded with
    /// <see cref="SenmlCborWriter.EncodePrefix"/> into 1024-byte payloads and confirmed, as ingestion's <c>down/ack</c>
    /// would. The same order as <c>SensorNode</c>; one <see cref="Cycle"/> is one sample period of the board.
    /// </summary>
    public sealed class SampleToBufferPath
    {
        /// <summary>Sample period, ms (docs/CONFIG.md default 60 s).</summary>
        public const long SamplePeriodMs = 60_000;

        /// <summary>Payload limit, bytes (uplink.max_payload_bytes default).</summary>
        public const int MaxPayloadBytes = 1024;

        private const int MaxReadingsPerPack = 64;

        private readonly SamplingScheduler _scheduler;
        private readonly AlarmEvaluator _alarms;
        private readonly DurableBuffer _buffer;
        private readonly SenmlCborWriter _encoder = new(SamplePacks.EnvironmentalDeviceId + "/");
        private readonly Reading[] _events = new Reading[AlarmEvaluator.MaxEventsPerMeasurement];
        private readonly Reading[] _scratch = new Reading[MaxReadingsPerPack];
        private readonly byte[] _payload = new byte[MaxPayloadBytes];
        private long _nowMs;

        /// <summary>Creates the path over an 8 × 4 KiB in-memory flash ring and restores the buffer.</summary>
        public SampleToBufferPath(int seed)
        {
            Storage = new InMemorySegmentStorage(8, 4096);
            _buffer = new DurableBuffer(Storage);
            _buffer.Restore();
            _scheduler = new SamplingScheduler(EnvironmentalBoard.CreateSensors(seed), SamplePeriodMs, 10_000, 20);
            _alarms = new AlarmEvaluator(new AlarmSettings(
                new[]
                {
                    new ThresholdRule(MetricId.Pm2_5, 75, double.NaN, 5),
                    new ThresholdRule(MetricId.Pm10, 100, double.NaN, 5),
                    new ThresholdRule(MetricId.Co2, 1500, double.NaN, 50),
                },
                Array.Empty<ExcursionRule>(), double.NaN, false, 1.5));
        }

        public InMemorySegmentStorage Storage { get; }

        public DurableBuffer Buffer => _buffer;

        /// <summary>Measurements buffered so far.</summary>
        public long Measurements { get; private set; }

        /// <summary>Alarm events buffered so far.</summary>
        public long AlarmEvents { get; private set; }

        /// <summary>Packs encoded so far.</summary>
        public long Packs { get; private set; }

        /// <summary>Payload bytes encoded so far.</summary>
        public long PayloadBytes { get; private set; }

        /// <summary>Every record buffered so far (measurements and alarm events).</summary>
        public long Records => Measurements + AlarmEvents;

        /// <summary>
        /// One sample period: reads every due sensor, buffers and evaluates every value, encodes and confirms the backlog.
        /// Returns the records buffered.
        /// </summary>
        public int Cycle()
        {
            _nowMs += SamplePeriodMs;
            long wallMs = SamplePacks.SampleTimeUnixMs + _nowMs;
            int records = 0;
            int index;
            while ((index = _scheduler.NextDue(_nowMs)) >= 0)
            {
                MetricId[] metrics = _scheduler.Sensor(index).Metrics;
                if (_scheduler.Read(index, _nowMs, IsWatchingAny(metrics)) == 0)
                {
                    continue;
                }
                double[] values = _scheduler.Values(index);
                for (int m = 0; m < metrics.Length; m++)
                {
                    if (double.IsNaN(values[m]))
                    {
                        continue;
                    }
                    Reading reading = default;
                    reading.TimeUnixMs = wallMs;
                    reading.Metric = metrics[m];
                    reading.Kind = ReadingKind.Measurement;
                    reading.Value = values[m];
                    _buffer.Append(ref reading);
                    Measurements++;
                    records++;
                    int events = _alarms.Evaluate(ref reading, _nowMs, _events, 0);
                    for (int e = 0; e < events; e++)
                    {
                        _buffer.Append(ref _events[e]);
                        AlarmEvents++;
                        records++;
                    }
                }
                _scheduler.SetWatching(index, IsWatchingAny(metrics));
            }
            SendAndConfirm();
            return records;
        }

        private void SendAndConfirm()
        {
            long from = _buffer.ConfirmedThrough + 1;
            int read;
            while ((read = _buffer.ReadFrom(from, _scratch, 0, MaxReadingsPerPack)) > 0)
            {
                int encoded = _encoder.EncodePrefix(_scratch, 0, read, _buffer.OldestUnconfirmedSequence, _payload, _payload.Length, out int length);
                if (encoded == 0)
                {
                    throw new InvalidOperationException($"a single reading (sequence {_scratch[0].Sequence}) did not fit in {MaxPayloadBytes} bytes");
                }
                Packs++;
                PayloadBytes += length;
                long last = _scratch[encoded - 1].Sequence;
                _buffer.Confirm(last);
                from = last + 1;
            }
        }

        private bool IsWatchingAny(MetricId[] metrics)
        {
            for (int m = 0; m < metrics.Length; m++)
            {
                if (_alarms.IsWatching(metrics[m]))
                {
                    return true;
                }
            }
            return false;
        }
    }
}
