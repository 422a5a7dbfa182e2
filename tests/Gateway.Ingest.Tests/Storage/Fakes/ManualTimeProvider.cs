using System;

namespace Gateway.Ingest.Tests.Storage.Fakes;

/// <summary>A clock that only moves when told to.</summary>
public sealed class ManualTimeProvider : TimeProvider
{
    private DateTimeOffset _now;

    public ManualTimeProvider(long unixMs)
    {
        _now = DateTimeOffset.FromUnixTimeMilliseconds(unixMs);
    }

    public long NowMs => _now.ToUnixTimeMilliseconds();

    public override DateTimeOffset GetUtcNow() => _now;

    public void Advance(TimeSpan by) => _now += by;

    public void Set(long unixMs) => _now = DateTimeOffset.FromUnixTimeMilliseconds(unixMs);
}
