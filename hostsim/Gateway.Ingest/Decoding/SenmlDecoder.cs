using System;

namespace Gateway.Ingest.Decoding;

/// <summary>
/// Decodes the SenML packs Gateway nodes send (see <c>Gateway.Firmware.Core.Codec.SenmlPackWriter</c> for the exact wire
/// rules) into resolved records, strictly and without ever throwing.
/// </summary>
/// <remarks>
/// <para><b>Representation</b>: a payload whose first byte that is not JSON white space is <c>[</c> is SenML JSON
/// (RFC 8428 §5); anything else is read as SenML CBOR (RFC 8428 §6). A CBOR pack begins with an array head (0x80–0x9B), and
/// <c>[</c> (0x5B) would be a CBOR byte string, so the two cannot be confused.</para>
/// <para><b>Resolution</b> (RFC 8428 §4.6): <c>bn</c>, <c>bt</c>, <c>bu</c>, <c>bv</c> apply to their record and every later
/// one until replaced; the name is <c>bn + n</c>; an empty unit means "no unit"; times are
/// <c>round(bt × 1000) + round(t × 1000)</c> ms, and a resolved time below 2^28 s is flagged relative to "now"
/// (§4.5.3). Sequence extension: <c>seq</c>, else <c>bseq</c>, else previous + 1; <c>bfloor</c> applies from its record on.</para>
/// <para><b>Strictness</b>: exactly one of <c>v</c>/<c>vb</c>/<c>vs</c>/<c>vd</c> per record; numbers finite; names per
/// §4.5.1; labels unique within a record; an unknown label ending in <c>_</c> is refused (§4.4) and other unknown labels are
/// skipped (their values nest at most <see cref="SenmlDecoderLimits.MaxNestingDepth"/> deep); <c>bver</c> at most 10;
/// CBOR must use definite lengths, no tags on known fields and integer labels for the fields of Table 4; <c>s</c>,
/// <c>bs</c> and <c>ut</c> are type-checked and otherwise ignored (nodes do not send sums). The first problem refuses the
/// whole payload with a code from <see cref="DecodeReasons"/> and a message naming the record and field.</para>
/// <para>Thread-safe: an instance holds only its limits.</para>
/// </remarks>
public sealed class SenmlDecoder
{
    private readonly SenmlDecoderLimits _limits;

    /// <summary>Creates a decoder with the given limits (null: <see cref="SenmlDecoderLimits.Default"/>).</summary>
    /// <exception cref="ArgumentOutOfRangeException">A limit is outside its accepted range (the message names it).</exception>
    public SenmlDecoder(SenmlDecoderLimits? limits = null)
    {
        _limits = limits ?? SenmlDecoderLimits.Default;
        _limits.Validate();
    }

    /// <summary>A decoder with the default limits.</summary>
    public static SenmlDecoder Default { get; } = new();

    /// <summary>The limits in force.</summary>
    public SenmlDecoderLimits Limits => _limits;

    /// <summary>Decodes one payload. Never throws; a refused payload gives <see cref="DecodeResult.Success"/> false.</summary>
    public DecodeResult Decode(ReadOnlySpan<byte> payload)
    {
        if (payload.IsEmpty)
        {
            return DecodeResult.Fail(SenmlFormat.Unknown, DecodeReasons.PayloadEmpty, "the payload is empty; a SenML pack (CBOR or JSON) is expected");
        }
        if (payload.Length > _limits.MaxPayloadBytes)
        {
            return DecodeResult.Fail(SenmlFormat.Unknown, DecodeReasons.PayloadTooLarge,
                $"the payload has {payload.Length} bytes; at most {_limits.MaxPayloadBytes} are accepted");
        }
        bool json = IsJson(payload);
        try
        {
            return json ? new JsonPackReader(_limits).Read(payload) : new CborPackReader(payload, _limits).Read();
        }
        catch (Exception e)
        {
            // Not expected: the readers report every problem as a value. Kept so that a bug cannot crash ingestion.
            return DecodeResult.Fail(json ? SenmlFormat.Json : SenmlFormat.Cbor, DecodeReasons.InternalError,
                $"unexpected {e.GetType().Name} while decoding: {e.Message}");
        }
    }

    private static bool IsJson(ReadOnlySpan<byte> payload)
    {
        foreach (byte b in payload)
        {
            if (b == (byte)' ' || b == (byte)'\t' || b == (byte)'\r' || b == (byte)'\n')
            {
                continue; // RFC 8259 §2 white space
            }
            return b == (byte)'[';
        }
        return false;
    }
}
