using System;
using System.Linq;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Gateway.Firmware.Core.Gnss;
using Gateway.Firmware.Core.Readings;
using Gateway.Ingest.Decoding;
using Gateway.Ingest.Storage;
using Gateway.Ingest.Tests.Decoding;
using Gateway.Ingest.Validation;
using Xunit;

namespace Gateway.Ingest.Tests.Validation;

public class PackValidatorTests
{
    private const long T = NodePacks.BaseTimeMs;
    private const long Day = 86_400_000;
    private static readonly UplinkTopic s_telemetry = new("city", "env-1", UplinkChannel.Telemetry);

    private static PackValidation Validate(byte[] payload, UplinkTopic? topic = null, long received = T, PackValidator? validator = null)
    {
        DecodeResult decoded = SenmlDecoder.Default.Decode(payload);
        Assert.True(decoded.Success, decoded.ToString());
        return (validator ?? new PackValidator()).Validate(decoded, topic ?? s_telemetry, received);
    }

    /// <summary>A one-record JSON pack of device env-1 at time T with sequence 1; <paramref name="fields"/> is the rest of the record.</summary>
    private static byte[] One(string fields, string baseName = "env-1/", long timeSeconds = T / 1000, string sequence = "\"bseq\":1,") =>
        Encoding.UTF8.GetBytes($$"""[{"bn":"{{baseName}}","bt":{{timeSeconds}},{{sequence}}{{fields}}}]""");

    [Fact]
    public void Node_pack_is_accepted_with_exact_readings()
    {
        Reading[] readings =
        {
            NodePacks.Measurement(7, MetricId.Temperature, -12.25, T - 5000),
            NodePacks.Measurement(8, MetricId.DoorOpen, 1, T - 5000),
            NodePacks.Measurement(9, MetricId.Constellation, (double)(GnssConstellation.Gps | GnssConstellation.Galileo), T - 4000),
            NodePacks.Measurement(10, MetricId.FixQuality, 2, T - 4000),
            NodePacks.Alarm(11, MetricId.CargoTemperature, ReadingKind.AlarmExcursion, true, T - 3000),
        };

        PackValidation result = Validate(NodePacks.Cbor("env-1", readings, floor: 5));

        Assert.True(result.Accepted, result.Detail);
        Assert.Equal(5, result.Floor);
        Assert.Equal(new[]
        {
            new IngestReading(7, "temp", "Cel", StoredReadingKind.Measurement, null, -12.25, null, null, T - 5000),
            new IngestReading(8, "door", null, StoredReadingKind.Measurement, null, 1, true, null, T - 5000),
            new IngestReading(9, "gnss", null, StoredReadingKind.Measurement, null, 5, null, "GPS+Galileo", T - 4000),
            new IngestReading(10, "fix", null, StoredReadingKind.Measurement, null, 2, null, null, T - 4000),
            new IngestReading(11, "cargo_temp", null, StoredReadingKind.Alarm, "excursion", 1, true, null, T - 3000),
        }, result.Readings);
        Assert.Equal("alarm/cargo_temp/excursion", result.Readings[4].StoredName);
        Assert.Empty(result.SettleableSequences);
    }

    [Theory]
    [InlineData("\"n\":\"tempx\",\"u\":\"Cel\",\"v\":1", QuarantineReasons.UnknownMetric)]
    [InlineData("\"n\":\"alarm/xyz/high\",\"vb\":true", QuarantineReasons.UnknownMetric)]
    [InlineData("\"n\":\"temp\",\"u\":\"K\",\"v\":280", QuarantineReasons.UnitMismatch)]
    [InlineData("\"n\":\"temp\",\"v\":20", QuarantineReasons.UnitMismatch)]
    [InlineData("\"n\":\"fix\",\"u\":\"count\",\"v\":1", QuarantineReasons.UnitMismatch)]
    [InlineData("\"n\":\"alarm/temp/high\",\"u\":\"Cel\",\"vb\":true", QuarantineReasons.UnitMismatch)]
    [InlineData("\"n\":\"temp\",\"u\":\"Cel\",\"v\":100.5", QuarantineReasons.ValueOutOfRange)]
    [InlineData("\"n\":\"rh\",\"u\":\"%RH\",\"v\":-0.1", QuarantineReasons.ValueOutOfRange)]
    [InlineData("\"n\":\"press\",\"u\":\"Pa\",\"v\":1013.25", QuarantineReasons.ValueOutOfRange)]
    [InlineData("\"n\":\"temp\",\"u\":\"Cel\",\"vb\":true", QuarantineReasons.WrongValueKind)]
    [InlineData("\"n\":\"temp\",\"u\":\"Cel\",\"vs\":\"21\"", QuarantineReasons.WrongValueKind)]
    [InlineData("\"n\":\"door\",\"v\":1", QuarantineReasons.WrongValueKind)]
    [InlineData("\"n\":\"gnss\",\"v\":1", QuarantineReasons.WrongValueKind)]
    [InlineData("\"n\":\"alarm/temp/high\",\"v\":1", QuarantineReasons.WrongValueKind)]
    [InlineData("\"n\":\"gnss\",\"vs\":\"GPS+GPS\"", QuarantineReasons.InvalidTextValue)]
    [InlineData("\"n\":\"gnss\",\"vs\":\"Beidou\"", QuarantineReasons.InvalidTextValue)]
    [InlineData("\"n\":\"alarm/temp/hot\",\"vb\":true", QuarantineReasons.InvalidAlarm)]
    [InlineData("\"n\":\"alarm/temp\",\"vb\":true", QuarantineReasons.InvalidAlarm)]
    [InlineData("\"n\":\"temp\",\"u\":\"Cel\",\"vs\":\"NaN\"", DecodeReasons.ValueNotFinite)]
    public void Bad_record_is_refused_with_its_reason(string fields, string reason)
    {
        PackValidation result = Validate(One(fields));

        Assert.False(result.Accepted);
        Assert.Equal(reason, result.Reason);
        Assert.Contains("record 1 (env-1/", result.Detail);
        Assert.Empty(result.Readings);
    }

    [Fact]
    public void Node_json_writer_nan_is_refused_as_not_finite()
    {
        PackValidation result = Validate(NodePacks.Json("env-1", new[] { NodePacks.Measurement(1, MetricId.Temperature, double.NaN) }));

        Assert.Equal(DecodeReasons.ValueNotFinite, result.Reason);
    }

    [Fact]
    public void Time_window_is_one_day_ahead_and_400_days_back_by_default()
    {
        string temp = "\"n\":\"temp\",\"u\":\"Cel\",\"v\":1";
        Assert.True(Validate(One(temp, timeSeconds: (T + Day) / 1000)).Accepted);
        Assert.Equal(QuarantineReasons.TimeInFuture, Validate(One(temp, timeSeconds: (T + Day) / 1000 + 1)).Reason);
        Assert.True(Validate(One(temp, timeSeconds: (T - 400 * Day) / 1000)).Accepted);
        Assert.Equal(QuarantineReasons.TimeTooOld, Validate(One(temp, timeSeconds: (T - 400 * Day) / 1000 - 1)).Reason);
    }

    [Fact]
    public void Time_window_is_configurable()
    {
        var validator = new PackValidator(new ValidationOptions { MaxFutureSkew = TimeSpan.FromHours(1), MaxAge = TimeSpan.FromDays(2) });
        string temp = "\"n\":\"temp\",\"u\":\"Cel\",\"v\":1";

        Assert.Equal(QuarantineReasons.TimeInFuture, Validate(One(temp, timeSeconds: T / 1000 + 3601), validator: validator).Reason);
        Assert.Equal(QuarantineReasons.TimeTooOld, Validate(One(temp, timeSeconds: (T - 3 * Day) / 1000), validator: validator).Reason);
        Assert.True(Validate(One(temp, timeSeconds: T / 1000 + 3600), validator: validator).Accepted);
    }

    [Fact]
    public void Relative_time_is_refused()
    {
        PackValidation result = Validate(Encoding.UTF8.GetBytes("""[{"bn":"env-1/","bseq":1,"n":"temp","u":"Cel","v":1}]"""));

        Assert.Equal(QuarantineReasons.TimeNotAbsolute, result.Reason);
    }

    [Fact]
    public void Base_name_of_another_device_is_an_identity_mismatch_and_settles_nothing()
    {
        PackValidation result = Validate(NodePacks.Cbor("env-2", new[] { NodePacks.Measurement(1, MetricId.Temperature, 20) }));

        Assert.Equal(QuarantineReasons.IdentityMismatch, result.Reason);
        Assert.Contains("env-1/", result.Detail);
        Assert.Empty(result.SettleableSequences);
        Assert.Null(result.Floor);
    }

    [Fact]
    public void Missing_base_name_is_an_identity_mismatch()
    {
        Assert.Equal(QuarantineReasons.IdentityMismatch, Validate(One("\"n\":\"temp\",\"u\":\"Cel\",\"v\":1", baseName: "")).Reason);
        Assert.Equal(QuarantineReasons.IdentityMismatch, Validate(One("\"v\":1", baseName: "env-1/")).Reason);
    }

    [Theory]
    [InlineData("", QuarantineReasons.MissingSequence)]
    [InlineData("\"bseq\":0,", QuarantineReasons.SequenceNotPositive)]
    [InlineData("\"bseq\":-5,", QuarantineReasons.SequenceNotPositive)]
    [InlineData("\"bseq\":1000000000000000000,", DecodeReasons.SequenceOutOfRange)]
    [InlineData("\"bseq\":5,\"bfloor\":6,", QuarantineReasons.InvalidFloor)]
    [InlineData("\"bseq\":5,\"bfloor\":-1,", QuarantineReasons.InvalidFloor)]
    public void Bad_sequences_are_refused(string sequence, string reason)
    {
        PackValidation result = Validate(One("\"n\":\"temp\",\"u\":\"Cel\",\"v\":1", sequence: sequence));

        Assert.Equal(reason, result.Reason);
    }

    [Fact]
    public void Same_sequence_twice_in_a_pack_is_refused()
    {
        PackValidation result = Validate(Encoding.UTF8.GetBytes(
            $$"""[{"bn":"env-1/","bt":{{T / 1000}},"bseq":4,"n":"temp","u":"Cel","v":1},{"n":"temp","u":"Cel","seq":4,"v":2}]"""));

        Assert.Equal(QuarantineReasons.DuplicateSequence, result.Reason);
        Assert.Empty(result.SettleableSequences);
    }

    [Fact]
    public void One_bad_record_refuses_the_whole_pack_with_the_first_reason_and_its_sequences_can_be_settled()
    {
        Reading[] readings =
        {
            NodePacks.Measurement(20, MetricId.Temperature, 20),
            NodePacks.Measurement(21, MetricId.RelativeHumidity, 101), // out of range
            NodePacks.Measurement(22, MetricId.Temperature, 20, T + 2 * Day), // in the future
            NodePacks.Measurement(23, MetricId.Temperature, 21),
        };

        PackValidation result = Validate(NodePacks.Cbor("env-1", readings, floor: 18));

        Assert.False(result.Accepted);
        Assert.Equal(QuarantineReasons.ValueOutOfRange, result.Reason);
        Assert.Contains("record 2 (env-1/rh)", result.Detail);
        Assert.Contains("0 to 100 %RH", result.Detail);
        Assert.Empty(result.Readings);
        Assert.Equal(new long[] { 20, 21, 22, 23 }, result.SettleableSequences);
        Assert.Equal(18, result.Floor);
    }

    [Fact]
    public void Status_from_the_node_becomes_a_json_snapshot()
    {
        var topic = new UplinkTopic("city", "env-1", UplinkChannel.Status);
        DecodeResult decoded = SenmlDecoder.Default.Decode(NodePacks.Status("env-1", T - 1000, bufferDepth: 42));

        StatusValidation result = new PackValidator().ValidateStatus(decoded, topic, T);

        Assert.True(result.Accepted, result.Detail);
        Assert.Equal(42, result.Status!.BufferDepth);
        Assert.Equal(T - 1000, result.Status.DeviceTimeUnixMs);
        using JsonDocument json = JsonDocument.Parse(result.Status.StatusJson);
        Assert.Equal("1.2.3", json.RootElement.GetProperty("fw").GetString());
        Assert.Equal(3600, json.RootElement.GetProperty("uptime").GetDouble());
        Assert.Equal("sps30:not_responding", json.RootElement.GetProperty("sensor_faults").GetString());
        Assert.Equal(T - 1000, json.RootElement.GetProperty("time_ms").GetInt64());
    }

    [Fact]
    public void Status_of_another_device_or_with_a_bad_field_name_is_refused()
    {
        var topic = new UplinkTopic("city", "env-1", UplinkChannel.Status);
        var validator = new PackValidator();

        StatusValidation other = validator.ValidateStatus(SenmlDecoder.Default.Decode(NodePacks.Status("env-9")), topic, T);
        StatusValidation badName = validator.ValidateStatus(SenmlDecoder.Default.Decode(One("\"n\":\"Uptime\",\"v\":1", sequence: "")), topic, T);
        StatusValidation twice = validator.ValidateStatus(SenmlDecoder.Default.Decode(Encoding.UTF8.GetBytes(
            $$"""[{"bn":"env-1/","bt":{{T / 1000}},"n":"uptime","v":1},{"n":"uptime","v":2}]""")), topic, T);

        Assert.Equal(QuarantineReasons.IdentityMismatch, other.Reason);
        Assert.Equal(QuarantineReasons.InvalidStatus, badName.Reason);
        Assert.Equal(QuarantineReasons.InvalidStatus, twice.Reason);
    }

    [Fact]
    public void Reply_text_is_accepted_and_binary_or_oversized_replies_are_refused()
    {
        var topic = new UplinkTopic("city", "env-1", UplinkChannel.Reply);
        var validator = new PackValidator();

        ReplyValidation ok = validator.ValidateReply(Encoding.UTF8.GetBytes("id = 43\nresult = accepted\n"), topic, T);
        Assert.True(ok.Accepted);
        Assert.Equal("id = 43\nresult = accepted\n", ok.Reply!.Text);

        Assert.Equal(QuarantineReasons.InvalidReply, validator.ValidateReply(new byte[] { 0xC3, 0x28 }, topic, T).Reason);
        Assert.Equal(QuarantineReasons.InvalidReply, validator.ValidateReply(Encoding.UTF8.GetBytes("result\0= x"), topic, T).Reason);
        Assert.Equal(QuarantineReasons.InvalidReply, validator.ValidateReply(new byte[PackValidator.MaxReplyBytes + 1], topic, T).Reason);
        Assert.Equal(QuarantineReasons.InvalidReply, validator.ValidateReply(Array.Empty<byte>(), topic, T).Reason);
    }

    [Fact]
    public void Options_out_of_range_are_refused_naming_the_option()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => new PackValidator(new ValidationOptions { MaxAge = TimeSpan.FromMinutes(5) }));
        Assert.Contains("MaxAge", e.Message);
    }

    [Fact]
    public void Reason_codes_are_unique_snake_case()
    {
        Assert.Equal(QuarantineReasons.All.Count, QuarantineReasons.All.Distinct().Count());
        Assert.All(QuarantineReasons.All, code => Assert.Matches(new Regex("^[a-z][a-z0-9]*(_[a-z0-9]+)*$"), code));
    }
}
