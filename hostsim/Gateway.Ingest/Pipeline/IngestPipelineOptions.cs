using System;
using Gateway.Ingest.Decoding;
using Gateway.Ingest.Validation;

namespace Gateway.Ingest.Pipeline;

/// <summary>Settings of <see cref="IngestPipeline"/>; checked once at construction.</summary>
public sealed class IngestPipelineOptions
{
    /// <summary>Decoder limits (payload size, records, string length, nesting).</summary>
    public SenmlDecoderLimits DecoderLimits { get; init; } = SenmlDecoderLimits.Default;

    /// <summary>Validation windows (future skew, maximum age).</summary>
    public ValidationOptions Validation { get; init; } = ValidationOptions.Default;

    /// <summary>A gap open this long asks the device to re-send. Default 60 s; 1 s to 1 day.</summary>
    public TimeSpan GapResendAfter { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>...or once this many batches with traffic from the device went by with the gap still open. Default 10; 1 to 10000.</summary>
    public int GapResendAfterBatches { get; init; } = 10;

    /// <summary>At most one re-send request per device per this interval. Default 30 s; 1 s to 1 day.</summary>
    public TimeSpan ResendMinInterval { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Most messages in one batch. Default 10000; 1 to 1000000.</summary>
    public int MaxBatchMessages { get; init; } = 10_000;

    /// <summary>The defaults.</summary>
    public static IngestPipelineOptions Default { get; } = new();

    /// <summary>Checks every option; the error names it and the accepted range.</summary>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    /// <exception cref="ArgumentNullException">A nested option object is null.</exception>
    public void Validate()
    {
        if (DecoderLimits == null)
        {
            throw new ArgumentNullException(nameof(DecoderLimits), $"{nameof(IngestPipelineOptions)}.{nameof(DecoderLimits)} is required");
        }
        if (Validation == null)
        {
            throw new ArgumentNullException(nameof(Validation), $"{nameof(IngestPipelineOptions)}.{nameof(Validation)} is required");
        }
        DecoderLimits.Validate();
        Validation.Validate();
        CheckSpan(GapResendAfter, nameof(GapResendAfter));
        CheckSpan(ResendMinInterval, nameof(ResendMinInterval));
        if (GapResendAfterBatches < 1 || GapResendAfterBatches > 10_000)
        {
            throw new ArgumentOutOfRangeException(nameof(GapResendAfterBatches), GapResendAfterBatches,
                $"{nameof(IngestPipelineOptions)}.{nameof(GapResendAfterBatches)} = {GapResendAfterBatches}: must be from 1 to 10000");
        }
        if (MaxBatchMessages < 1 || MaxBatchMessages > 1_000_000)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxBatchMessages), MaxBatchMessages,
                $"{nameof(IngestPipelineOptions)}.{nameof(MaxBatchMessages)} = {MaxBatchMessages}: must be from 1 to 1000000");
        }
    }

    private static void CheckSpan(TimeSpan value, string name)
    {
        if (value < TimeSpan.FromSeconds(1) || value > TimeSpan.FromDays(1))
        {
            throw new ArgumentOutOfRangeException(name, value, $"{nameof(IngestPipelineOptions)}.{name} = {value}: must be from 1 second to 1 day");
        }
    }
}
