using System.Collections.Generic;
using System.Linq;
using Gateway.Ingest.Decoding;

namespace Gateway.Ingest.Validation;

/// <summary>
/// Every reason a message can be quarantined for: a fixed set of snake_case codes, stored in the quarantine table and used as
/// the <c>reason</c> label of the rejection counters. It is the union of the decoder's <see cref="DecodeReasons"/> (the
/// payload is not a well-formed SenML pack) and the codes below (well-formed, but not acceptable from this device).
/// </summary>
/// <remarks>
/// <b>A pack is accepted or refused as a whole.</b> A pack is the unit the node is confirmed for, so the first bad record
/// quarantines the whole message with that record's reason; nothing of it is stored as readings. When its sequences can be
/// trusted (identity matched, sequences well-formed) they still count as handled (see
/// <see cref="Storage.QuarantineEntry.SettledSequences"/>), because re-sending the same pack could never succeed and would block
/// the node's buffer; the payload is kept in quarantine for review.
/// </remarks>
public static class QuarantineReasons
{
    /// <summary>The topic is not <c>gw/v1/{tenant}/{device}/up/{telemetry|alarm|status|reply}</c> with valid ids.</summary>
    public const string BadTopic = "bad_topic";
    /// <summary>A record's base name is not the topic's device: <c>{device}/</c> (the broker checked the topic against the certificate).</summary>
    public const string IdentityMismatch = "identity_mismatch";
    /// <summary>A record name that is not a <c>Readings/MetricCatalog</c> metric (or <c>alarm/{metric}/{kind}</c> of one).</summary>
    public const string UnknownMetric = "unknown_metric";
    /// <summary>A unit other than the catalog unit of the metric (alarms and unitless metrics take none).</summary>
    public const string UnitMismatch = "unit_mismatch";
    /// <summary>A number outside the metric's catalog range.</summary>
    public const string ValueOutOfRange = "value_out_of_range";
    /// <summary>The wrong value field for the metric (e.g. <c>vs</c> for <c>temp</c>, <c>v</c> for <c>door</c>, anything but <c>vb</c> for an alarm).</summary>
    public const string WrongValueKind = "wrong_value_kind";
    /// <summary>A text value that is not valid for the metric (<c>gnss</c>: constellation names joined by <c>+</c>, or <c>none</c>).</summary>
    public const string InvalidTextValue = "invalid_text_value";
    /// <summary>An alarm record not of the form <c>alarm/{metric}/{high|low|excursion|shock|door_open_in_transit}</c>.</summary>
    public const string InvalidAlarm = "invalid_alarm";
    /// <summary>A device time more than the allowed skew after the receive time (default 1 day).</summary>
    public const string TimeInFuture = "time_in_future";
    /// <summary>A device time older than the allowed age before the receive time (default 400 days).</summary>
    public const string TimeTooOld = "time_too_old";
    /// <summary>A relative time (RFC 8428 §4.5.3, below 2^28 s): nodes only measure once they know the wall-clock time.</summary>
    public const string TimeNotAbsolute = "time_not_absolute";
    /// <summary>A telemetry or alarm record without a sequence number.</summary>
    public const string MissingSequence = "missing_sequence";
    /// <summary>A sequence number of 0 or less (nodes count from 1).</summary>
    public const string SequenceNotPositive = "sequence_not_positive";
    /// <summary>A sequence the same pack already carried.</summary>
    public const string DuplicateSequence = "duplicate_sequence";
    /// <summary>A <c>bfloor</c> below 0, or above a sequence the pack carries (the node holds everything it sends).</summary>
    public const string InvalidFloor = "invalid_floor";
    /// <summary>A status pack with a bad field name, a repeated field or too many fields.</summary>
    public const string InvalidStatus = "invalid_status";
    /// <summary>A reply that is not UTF-8 text of at most 4096 bytes without control characters other than tab and line ends.</summary>
    public const string InvalidReply = "invalid_reply";

    /// <summary>The codes of this class (without the decoder's).</summary>
    public static IReadOnlyList<string> ValidationCodes { get; } = new[]
    {
        BadTopic, IdentityMismatch, UnknownMetric, UnitMismatch, ValueOutOfRange, WrongValueKind, InvalidTextValue, InvalidAlarm,
        TimeInFuture, TimeTooOld, TimeNotAbsolute, MissingSequence, SequenceNotPositive, DuplicateSequence, InvalidFloor,
        InvalidStatus, InvalidReply,
    };

    /// <summary>Every quarantine reason: <see cref="DecodeReasons.All"/> and <see cref="ValidationCodes"/>.</summary>
    public static IReadOnlyList<string> All { get; } = DecodeReasons.All.Concat(ValidationCodes).ToArray();
}
