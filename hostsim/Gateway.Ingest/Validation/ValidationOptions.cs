using System;

namespace Gateway.Ingest.Validation;

/// <summary>Tunable limits of <see cref="PackValidator"/>; checked once at construction.</summary>
public sealed class ValidationOptions
{
    /// <summary>Largest sequence number accepted: the largest the node's <c>cmd = resend</c> parser takes (docs/CONFIG.md).</summary>
    public const long MaxSequence = 999_999_999_999_999_999;

    /// <summary>How far after the receive time a device time may be (clock skew). Default 1 day; 0 to 30 days.</summary>
    public TimeSpan MaxFutureSkew { get; init; } = TimeSpan.FromDays(1);

    /// <summary>How far before the receive time a device time may be (buffered backlog). Default 400 days; 1 hour to 100 years.</summary>
    public TimeSpan MaxAge { get; init; } = TimeSpan.FromDays(400);

    /// <summary>The defaults.</summary>
    public static ValidationOptions Default { get; } = new();

    /// <summary>Checks the options; the error names the property and the accepted range.</summary>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    public void Validate()
    {
        if (MaxFutureSkew < TimeSpan.Zero || MaxFutureSkew > TimeSpan.FromDays(30))
        {
            throw new ArgumentOutOfRangeException(nameof(MaxFutureSkew), MaxFutureSkew, $"{nameof(ValidationOptions)}.{nameof(MaxFutureSkew)} = {MaxFutureSkew}: must be from 0 to 30 days");
        }
        if (MaxAge < TimeSpan.FromHours(1) || MaxAge > TimeSpan.FromDays(36525))
        {
            throw new ArgumentOutOfRangeException(nameof(MaxAge), MaxAge, $"{nameof(ValidationOptions)}.{nameof(MaxAge)} = {MaxAge}: must be from 1 hour to 36525 days");
        }
    }
}
