using System;
using System.Collections.Generic;
using System.Threading.Tasks;
using Gateway.Ingest.Storage;

namespace Gateway.Ingest.Tests.Http;

/// <summary>
/// A small fleet written through the store API, with values a real deployment would report: an air-quality node in
/// Shijiazhuang warming up through a morning with a PM2.5 episode (alarm raised and still active), a second node that went
/// quiet half an hour ago, and a refrigerated truck driving the G4 from Beijing to Shijiazhuang (door alarm raised and
/// cleared, cargo temperature alarm still active). Times are relative to <see cref="NowMs"/> so that the dashboard's
/// default window (the last 24 hours) shows them.
/// </summary>
internal sealed class FleetTestData
{
    public const string City = "city";
    public const string Fleet = "fleet";
    public const string Air = "env-0001";
    public const string QuietAir = "env-0002";
    public const string Truck = "truck-0001";

    /// <summary>Air node: temperature °C every 5 minutes (12 readings), then one more after a gap of two sequences.</summary>
    public static readonly double[] Temperatures = { 18.4, 18.6, 18.9, 19.3, 19.8, 20.4, 21.0, 21.5, 21.9, 22.2, 22.4, 22.5 };
    public static readonly double[] Humidities = { 62, 61, 60, 58, 56, 54, 52, 50, 49, 48, 47, 47 };
    public static readonly double[] Pm25 = { 35, 38, 44, 52, 61, 70, 78, 82, 80, 76, 71, 66 };
    public const double LateTemperature = 22.6;
    public const double Battery = 3.71;
    public const long StepMs = 5 * 60_000;

    /// <summary>Truck: G4 expressway positions (lat, lon), Beijing to Shijiazhuang, every 10 minutes.</summary>
    public static readonly (double Lat, double Lon)[] Route =
    {
        (39.9042, 116.4074), (39.7000, 116.2500), (39.4800, 116.0300), (39.2500, 115.8000),
        (38.8700, 115.4800), (38.5500, 115.1000), (38.2800, 114.8000), (38.0428, 114.5149),
    };
    public static readonly double[] CargoTemperatures = { 3.8, 3.9, 4.1, 4.6, 5.2, 8.4, 8.9, 8.7 };
    public const long TruckStepMs = 10 * 60_000;

    public FleetTestData(long nowMs)
    {
        NowMs = nowMs;
        AirStartMs = nowMs - 70 * 60_000;
        TruckStartMs = nowMs - 80 * 60_000;
    }

    public long NowMs { get; }

    /// <summary>Device time of the air node's first readings.</summary>
    public long AirStartMs { get; }

    /// <summary>Device time of the truck's first position.</summary>
    public long TruckStartMs { get; }

    public long AirTime(int step) => AirStartMs + step * StepMs;

    public long TruckTime(int step) => TruckStartMs + step * TruckStepMs;

    /// <summary>Sequence of the air node's temperature reading of <paramref name="step"/> (then rh, then pm2_5).</summary>
    public static long AirSequence(int step) => 3 * step + 1;

    public const long AirAlarmSequence = 38;
    public const long AirLateSequence = 41; // 39 and 40 never arrive: an open gap

    public async Task WriteAsync(IReadingStore store)
    {
        // Air node: one pack per reading round, as the node sends them.
        var air = new List<IngestMessage>();
        for (int i = 0; i < Temperatures.Length; i++)
        {
            long t = AirTime(i);
            air.Add(new IngestMessage(City, Air, t + 2_000, new[]
            {
                Measure(AirSequence(i), "temp", "Cel", Temperatures[i], t),
                Measure(AirSequence(i) + 1, "rh", "%RH", Humidities[i], t),
                Measure(AirSequence(i) + 2, "pm2_5", "ug/m3", Pm25[i], t),
            }, 1));
        }
        air.Add(new IngestMessage(City, Air, AirTime(11) + 2_500, new[] { Measure(37, "battery", "V", Battery, AirTime(11)) }, 1));
        air.Add(new IngestMessage(City, Air, AirTime(6) + 1_000, new[] { Alarm(AirAlarmSequence, "pm2_5", "high", true, AirTime(6)) }, 1));
        await store.StoreBatchAsync(new IngestBatch { Messages = air, NowUnixMs = AirTime(11) + 3_000 });
        await store.StoreBatchAsync(new IngestBatch
        {
            Messages = new[] { new IngestMessage(City, Air, AirTime(12) + 2_000, new[] { Measure(AirLateSequence, "temp", "Cel", LateTemperature, AirTime(12)) }, 1) },
            Statuses = new[]
            {
                new StatusUpdate(City, Air, AirTime(12) + 2_100, AirTime(12),
                    $$"""{"time_ms":{{AirTime(12)}},"fw":"1.4.2","uptime":86400,"reset":"power_on","rssi":-67,"buffer_depth":3,"faults":[]}""", 3),
            },
            NowUnixMs = AirTime(12) + 3_000,
        });

        // Quiet node: two readings 40 minutes ago, nothing since.
        long quiet = NowMs - 40 * 60_000;
        await store.StoreBatchAsync(new IngestBatch
        {
            Messages = new[]
            {
                new IngestMessage(City, QuietAir, quiet + 1_000, new[] { Measure(1, "temp", "Cel", 17.2, quiet), Measure(2, "rh", "%RH", 66, quiet) }, 1),
            },
            NowUnixMs = quiet + 2_000,
        });

        // Truck: position, cargo temperature and door per 10-minute round; alarms as the node raises them.
        var truck = new List<IngestMessage>();
        long seq = 1;
        for (int i = 0; i < Route.Length; i++)
        {
            long t = TruckTime(i);
            var records = new List<IngestReading>
            {
                Measure(seq++, "lat", "lat", Route[i].Lat, t),
                Measure(seq++, "lon", "lon", Route[i].Lon, t),
                Measure(seq++, "cargo_temp", "Cel", CargoTemperatures[i], t),
                new(seq++, "door", null, StoredReadingKind.Measurement, null, i == 3 ? 1 : 0, i == 3, null, t),
                new(seq++, "gnss", null, StoredReadingKind.Measurement, null, 9, null, "GPS+BDS", t),
            };
            if (i == 3)
            {
                records.Add(Alarm(seq++, "door", "door_open_in_transit", true, t));
            }
            if (i == 4)
            {
                records.Add(Alarm(seq++, "door", "door_open_in_transit", false, t));
            }
            if (i == 5)
            {
                records.Add(Alarm(seq++, "cargo_temp", "high", true, t));
            }
            truck.Add(new IngestMessage(Fleet, Truck, t + 3_000, records, 1));
        }
        await store.StoreBatchAsync(new IngestBatch { Messages = truck, NowUnixMs = TruckTime(7) + 4_000 });
    }

    public static IngestReading Measure(long sequence, string metric, string unit, double value, long time) =>
        new(sequence, metric, unit, StoredReadingKind.Measurement, null, value, null, null, time);

    public static IngestReading Alarm(long sequence, string metric, string kind, bool raised, long time) =>
        new(sequence, metric, null, StoredReadingKind.Alarm, kind, raised ? 1 : 0, raised, null, time);
}
