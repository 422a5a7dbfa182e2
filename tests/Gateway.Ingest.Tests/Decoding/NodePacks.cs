using System;
using Gateway.Firmware.Core.Codec;
using Gateway.Firmware.Core.Gnss;
using Gateway.Firmware.Core.Readings;
using Gateway.Firmware.Core.Status;

namespace Gateway.Ingest.Tests.Decoding;

/// <summary>Packs built with the node's real encoders (the firmware core), as a node would send them.</summary>
public static class NodePacks
{
    /// <summary>2023-11-14T22:13:20Z, a fixed device time for tests.</summary>
    public const long BaseTimeMs = 1_700_000_000_000;

    public static Reading Measurement(long sequence, MetricId metric, double value, long timeMs = BaseTimeMs) =>
        new Reading { Sequence = sequence, Metric = metric, Kind = ReadingKind.Measurement, Value = value, TimeUnixMs = timeMs };

    public static Reading Alarm(long sequence, MetricId metric, ReadingKind kind, bool raised, long timeMs = BaseTimeMs) =>
        new Reading { Sequence = sequence, Metric = metric, Kind = kind, Value = raised ? 1 : 0, TimeUnixMs = timeMs };

    /// <summary>SenML CBOR as the uplink writes it (base name "{device}/", optional bfloor).</summary>
    public static byte[] Cbor(string device, Reading[] readings, long? floor = null) =>
        Encode(new SenmlCborWriter(device + "/"), readings, floor);

    /// <summary>SenML JSON as a node with <c>uplink.format = json</c> writes it.</summary>
    public static byte[] Json(string device, Reading[] readings, long? floor = null) =>
        Encode(new SenmlJsonWriter(device + "/"), readings, floor);

    private static byte[] Encode(SenmlPackWriter writer, Reading[] readings, long? floor)
    {
        byte[] buffer = new byte[256 * 1024];
        if (floor.HasValue)
        {
            writer.BeginPack(buffer, 0, buffer.Length, floor.Value);
        }
        else
        {
            writer.BeginPack(buffer, 0, buffer.Length);
        }
        if (writer.AddRange(readings, 0, readings.Length) != readings.Length)
        {
            throw new InvalidOperationException("readings do not fit");
        }
        return buffer.AsSpan(0, writer.Length).ToArray();
    }

    /// <summary>A status pack from the node's <see cref="StatusEncoder"/>.</summary>
    public static byte[] Status(string device, long timeMs = BaseTimeMs, long bufferDepth = 12)
    {
        var report = new StatusReport
        {
            FirmwareVersion = "1.2.3",
            TimeUnixMs = timeMs,
            UptimeS = 3600,
            FreeMemoryBytes = 81920,
            RssiDbm = -67,
            BufferDepth = bufferDepth,
            EvictedCount = 0,
            ConfirmedThrough = 99,
            NextSequence = 112,
            ActiveAlarms = 1,
            ConnectFailures = 2,
            SensorFaults = "sps30:not_responding",
            LastError = "",
        };
        byte[] buffer = new byte[2048];
        int length = new StatusEncoder(device + "/").Encode(report, buffer);
        return buffer.AsSpan(0, length).ToArray();
    }

    /// <summary>A random reading of a random catalog metric, plausible for the metric.</summary>
    public static Reading RandomReading(Random random, long sequence, long timeMs)
    {
        MetricId[] all = MetricCatalog.All;
        MetricId metric = all[random.Next(all.Length)];
        if (random.Next(10) == 0)
        {
            MetricId alarmMetric = random.Next(2) == 0 ? MetricId.Temperature : MetricId.CargoTemperature;
            var kind = (ReadingKind)(1 + random.Next(3));
            return Alarm(sequence, alarmMetric, kind, random.Next(2) == 0, timeMs);
        }
        double value = MetricCatalog.ValueKind(metric) switch
        {
            SenmlValueKind.Boolean => random.Next(2),
            SenmlValueKind.Text => (double)(int)(GnssConstellation)random.Next(64),
            _ => RandomValue(random, MetricCatalog.Minimum(metric), MetricCatalog.Maximum(metric)),
        };
        return Measurement(sequence, metric, value, timeMs);
    }

    private static double RandomValue(Random random, double min, double max) => random.Next(4) switch
    {
        0 => Math.Round(min + random.NextDouble() * (max - min)),
        1 => Math.Round(min + random.NextDouble() * (max - min), 1),
        _ => min + random.NextDouble() * (max - min),
    };
}
