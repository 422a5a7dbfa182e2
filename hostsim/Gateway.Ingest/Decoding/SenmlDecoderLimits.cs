using System;

namespace Gateway.Ingest.Decoding;

/// <summary>
/// Limits <see cref="SenmlDecoder"/> enforces before it allocates, so that a hostile payload costs bounded memory and time.
/// The defaults are far above what a node sends (<c>uplink.max_payload_bytes</c> is at most 16384, names and units are short).
/// </summary>
public sealed class SenmlDecoderLimits
{
    /// <summary>Largest payload accepted, bytes. Default 65536 (64 KiB).</summary>
    public int MaxPayloadBytes { get; init; } = 64 * 1024;

    /// <summary>Most records in one pack. Default 1000.</summary>
    public int MaxRecords { get; init; } = 1000;

    /// <summary>Longest text value, name, unit, label or byte string, in bytes (UTF-8 for text). Default 256.</summary>
    public int MaxStringBytes { get; init; } = 256;

    /// <summary>Deepest nesting of arrays, maps and tags inside the value of an unknown (ignored) field. Default 8.</summary>
    public int MaxNestingDepth { get; init; } = 8;

    /// <summary>The defaults.</summary>
    public static SenmlDecoderLimits Default { get; } = new();

    /// <summary>Checks every limit; the error names the property and the accepted range.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A limit is outside its accepted range.</exception>
    public void Validate()
    {
        Check(MaxPayloadBytes, 16, 16 * 1024 * 1024, nameof(MaxPayloadBytes));
        Check(MaxRecords, 1, 1_000_000, nameof(MaxRecords));
        Check(MaxStringBytes, 16, 65536, nameof(MaxStringBytes));
        Check(MaxNestingDepth, 1, 64, nameof(MaxNestingDepth));
    }

    private static void Check(int value, int min, int max, string name)
    {
        if (value < min || value > max)
        {
            throw new ArgumentOutOfRangeException(name, value, $"{nameof(SenmlDecoderLimits)}.{name} = {value}: must be an integer from {min} to {max}");
        }
    }
}
