using Gateway.Firmware.Core.Platform;
using Gateway.Firmware.Core.Readings;

namespace Gateway.HostSim.Deterministic;

/// <summary>
/// A sensor whose values make the invariants checkable: illuminance carries the world time of the sample in seconds
/// (so stored order by sequence must follow sampling order), pressure carries the device's tag (so a reading stored under
/// the wrong device is caught), PM2.5 follows a fixed pattern that raises and clears alarms.
/// </summary>
internal sealed class ProbeSensor : ISensor
{
    private static readonly MetricId[] s_metrics = { MetricId.Illuminance, MetricId.Pressure, MetricId.Pm2_5 };
    private readonly SimWorld _world;
    private readonly int _deviceIndex;

    public ProbeSensor(SimWorld world, int deviceIndex)
    {
        _world = world;
        _deviceIndex = deviceIndex;
    }

    public string Name => "probe";

    public MetricId[] Metrics => s_metrics;

    /// <summary>The pressure value that marks readings of device <paramref name="deviceIndex"/>.</summary>
    public static double TagOf(int deviceIndex) => 50000 + deviceIndex;

    public bool TryRead(double[] values, out SensorError error)
    {
        long seconds = _world.NowMs / 1000;
        values[0] = seconds;
        values[1] = TagOf(_deviceIndex);
        // 20 minutes of episode every 90 minutes, phase-shifted per device.
        long minute = (seconds / 60 + _deviceIndex * 7) % 90;
        values[2] = minute < 20 ? 120 + minute : 15 + (seconds % 7);
        error = SensorError.None;
        return true;
    }
}
