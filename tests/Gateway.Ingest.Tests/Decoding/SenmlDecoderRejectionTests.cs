using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using Gateway.Firmware.Core.Readings;
using Gateway.Ingest.Decoding;
using Xunit;

namespace Gateway.Ingest.Tests.Decoding;

public class SenmlDecoderRejectionTests
{
    private static byte[] Hex(string hex) => Convert.FromHexString(hex.Replace(" ", ""));

    private static byte[] Utf8(string json) => Encoding.UTF8.GetBytes(json);

    public static IEnumerable<object[]> Cases() => new List<object[]>
    {
        // CBOR structure
        new object[] { "", DecodeReasons.PayloadEmpty },
        new object[] { "a0", DecodeReasons.NotAPack },
        new object[] { "80", DecodeReasons.PackEmpty },
        new object[] { "9f a2 00 61 61 02 01 ff", DecodeReasons.IndefiniteLength },
        new object[] { "81 bf 00 61 61 02 01 ff", DecodeReasons.IndefiniteLength },
        new object[] { "81 01", DecodeReasons.RecordNotAMap },
        new object[] { "81 a1", DecodeReasons.Truncated },
        new object[] { "82 a2 00 61 61 02 01", DecodeReasons.Truncated },
        new object[] { "81 a2 00 61 61 02 fb 40 00", DecodeReasons.Truncated },
        new object[] { "9b 00 00 00 01 00 00 00 00", DecodeReasons.TooManyRecords },
        new object[] { "99 03 e9", DecodeReasons.TooManyRecords },
        new object[] { "81 a2 00 7a 7f ff ff ff 02 01", DecodeReasons.StringTooLong },
        new object[] { "81 a2 00 7b ff ff ff ff ff ff ff ff 02 01", DecodeReasons.StringTooLong },
        new object[] { "81 a2 00 78 40 61 02 01", DecodeReasons.Truncated },
        new object[] { "81 a2 18 63 5b ff ff ff ff ff ff ff ff 02 01", DecodeReasons.Truncated },
        new object[] { "81 a2 18 63 9b 00 00 00 00 ff ff ff ff 02 01", DecodeReasons.Truncated },
        new object[] { "81 a2 00 61 61 02 01 00", DecodeReasons.TrailingData },
        new object[] { "81 a2 00 62 c3 28 02 01", DecodeReasons.InvalidUtf8 },
        new object[] { "81 a2 00 61 61 1c", DecodeReasons.MalformedCbor },
        new object[] { "81 a2 00 61 61 02 f8 10", DecodeReasons.MalformedCbor },
        new object[] { "81 a2 00 61 61 ff", DecodeReasons.MalformedCbor },
        new object[] { "81 a3 00 61 61 02 01 18 63 81 81 81 81 81 81 81 81 81 01", DecodeReasons.NestingTooDeep },
        new object[] { "81 a3 00 61 61 02 01 18 63 d8 20 d8 20 d8 20 d8 20 d8 20 d8 20 d8 20 d8 20 d8 20 01", DecodeReasons.NestingTooDeep },
        // labels
        new object[] { "81 a3 00 61 61 00 61 62 02 01", DecodeReasons.DuplicateLabel },
        new object[] { "81 a4 00 61 61 02 01 18 63 01 18 63 02", DecodeReasons.DuplicateLabel },
        new object[] { "81 a3 00 61 61 02 01 62 78 5f 01", DecodeReasons.MustUnderstandLabel },
        new object[] { "81 a2 61 6e 61 61 02 01", DecodeReasons.InvalidLabel },
        new object[] { "81 a2 41 00 61 61 02 01", DecodeReasons.InvalidLabel },
        new object[] { "81 a3 20 0b 00 61 61 02 01", DecodeReasons.UnsupportedVersion },
        // values
        new object[] { "81 a2 00 61 61 02 f9 7e 00", DecodeReasons.ValueNotFinite },
        new object[] { "81 a2 00 61 61 02 f9 7c 00", DecodeReasons.ValueNotFinite },
        new object[] { "81 a2 00 61 61 02 fb 7f f0 00 00 00 00 00 00", DecodeReasons.ValueNotFinite },
        new object[] { "81 a2 00 61 61 02 fa ff 80 00 00", DecodeReasons.ValueNotFinite },
        new object[] { "81 a3 24 fb 7f ef ff ff ff ff ff ff 00 61 61 02 fb 7f ef ff ff ff ff ff ff", DecodeReasons.ValueNotFinite },
        new object[] { "81 a1 00 61 61", DecodeReasons.MissingValue },
        new object[] { "81 a3 00 61 61 02 01 04 f5", DecodeReasons.MultipleValues },
        new object[] { "81 a2 00 61 61 02 61 31", DecodeReasons.WrongType },
        new object[] { "81 a2 00 61 61 04 01", DecodeReasons.WrongType },
        new object[] { "81 a2 00 61 61 02 c1 01", DecodeReasons.WrongType },
        new object[] { "81 a2 00 61 61 02 f6", DecodeReasons.WrongType },
        new object[] { "81 a2 00 01 02 01", DecodeReasons.WrongType },
        new object[] { "81 a2 00 61 61 08 61 31", DecodeReasons.WrongType },
        new object[] { "81 a3 64 62 73 65 71 f9 3c 00 00 61 61 02 01", DecodeReasons.WrongType },
        new object[] { "81 a3 64 62 73 65 71 1b ff ff ff ff ff ff ff ff 00 61 61 02 01", DecodeReasons.SequenceOutOfRange },
        new object[] { "82 a3 63 73 65 71 1b 7f ff ff ff ff ff ff ff 00 61 61 02 01 a2 00 61 61 02 01", DecodeReasons.SequenceOutOfRange },
        new object[] { "81 a4 64 62 73 65 71 01 63 73 65 71 02 00 61 61 02 01", DecodeReasons.ConflictingSequence },
        new object[] { "81 a1 02 01", DecodeReasons.MissingName },
        new object[] { "81 a2 00 62 20 61 02 01", DecodeReasons.InvalidName },
        new object[] { "81 a2 00 62 61 3f 02 01", DecodeReasons.InvalidName },
        new object[] { "81 a3 22 fb 7f ef ff ff ff ff ff ff 00 61 61 02 01", DecodeReasons.TimeOutOfRange },
    };

    public static IEnumerable<object[]> JsonCases() => new List<object[]>
    {
        new object[] { "[", DecodeReasons.MalformedJson },
        new object[] { "[{\"n\":\"a\",\"v\":1},]", DecodeReasons.MalformedJson },
        new object[] { "[{\"n\":\"a\",\"v\":01}]", DecodeReasons.MalformedJson },
        new object[] { "[]", DecodeReasons.PackEmpty },
        new object[] { "[1]", DecodeReasons.RecordNotAMap },
        new object[] { "[{\"n\":\"a\",\"v\":1}] x", DecodeReasons.TrailingData },
        new object[] { "[{\"n\":\"a\",\"v\":1}][]", DecodeReasons.TrailingData },
        new object[] { "[{\"n\":\"a\",\"v\":\"1\"}]", DecodeReasons.WrongType },
        new object[] { "[{\"n\":\"a\",\"v\":null}]", DecodeReasons.WrongType },
        new object[] { "[{\"n\":7,\"v\":1}]", DecodeReasons.WrongType },
        new object[] { "[{\"n\":\"a\",\"vb\":1}]", DecodeReasons.WrongType },
        new object[] { "[{\"n\":\"a\",\"vd\":\"aGk=\"}]", DecodeReasons.WrongType },
        new object[] { "[{\"n\":\"a\",\"v\":1e400}]", DecodeReasons.ValueNotFinite },
        new object[] { "[{\"n\":\"a\",\"v\":1,\"v\":2}]", DecodeReasons.DuplicateLabel },
        new object[] { "[{\"n\":\"a\",\"v\":1,\"x\":2,\"x\":3}]", DecodeReasons.DuplicateLabel },
        new object[] { "[{\"n\":\"a\",\"v\":1,\"x_\":2}]", DecodeReasons.MustUnderstandLabel },
        new object[] { "[{\"bver\":11,\"n\":\"a\",\"v\":1}]", DecodeReasons.UnsupportedVersion },
        new object[] { "[{\"n\":\"a\",\"bseq\":1.5,\"v\":1}]", DecodeReasons.WrongType },
        new object[] { "[{\"n\":\"a\",\"bseq\":99999999999999999999,\"v\":1}]", DecodeReasons.SequenceOutOfRange },
        new object[] { "[{\"n\":\"a\",\"v\":1,\"x\":[[[[[[[[[1]]]]]]]]]}]", DecodeReasons.NestingTooDeep },
        new object[] { "[{\"n\":\"a\"}]", DecodeReasons.MissingValue },
        new object[] { "[{\"n\":\"a\",\"v\":1,\"vb\":true}]", DecodeReasons.MultipleValues },
        new object[] { "[{\"n\":\"a\",\"bseq\":1,\"seq\":1,\"v\":1}]", DecodeReasons.ConflictingSequence },
        new object[] { "[{\"n\":\"\",\"v\":1}]", DecodeReasons.MissingName },
        new object[] { "[{\"n\":\"a b\",\"v\":1}]", DecodeReasons.InvalidName },
        new object[] { "[{\"n\":\"a\",\"bt\":1e300,\"v\":1}]", DecodeReasons.TimeOutOfRange },
        new object[] { "[{\"n\":\"a\",\"vs\":\"" + new string('x', 257) + "\"}]", DecodeReasons.StringTooLong },
        new object[] { "[{\"n\":\"a\",\"vs\":\"" + string.Concat(Enumerable.Repeat("\\u00e9", 129)) + "\"}]", DecodeReasons.StringTooLong },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Malformed_cbor_is_refused_with_a_precise_reason(string hex, string reason)
    {
        DecodeResult result = SenmlDecoder.Default.Decode(Hex(hex));

        Assert.False(result.Success);
        Assert.Equal(reason, result.Reason);
        Assert.False(string.IsNullOrWhiteSpace(result.Message));
        Assert.Empty(result.Records);
    }

    [Theory]
    [MemberData(nameof(JsonCases))]
    public void Malformed_json_is_refused_with_a_precise_reason(string json, string reason)
    {
        DecodeResult result = SenmlDecoder.Default.Decode(Utf8(json));

        Assert.False(result.Success, result.ToString());
        Assert.Equal(SenmlFormat.Json, result.Format);
        Assert.Equal(reason, result.Reason);
    }

    [Fact]
    public void Invalid_utf8_inside_a_json_string_is_refused()
    {
        byte[] payload = Utf8("[{\"n\":\"a\",\"vs\":\"xx\"}]");
        int index = Array.IndexOf(payload, (byte)'x');
        payload[index] = 0xC3;
        payload[index + 1] = 0x28;

        DecodeResult result = SenmlDecoder.Default.Decode(payload);

        Assert.False(result.Success);
        Assert.Equal(DecodeReasons.InvalidUtf8, result.Reason);
    }

    [Fact]
    public void Messages_name_the_record_and_the_field_and_what_is_accepted()
    {
        DecodeResult result = SenmlDecoder.Default.Decode(Hex("82 a2 00 61 61 02 01 a2 00 61 62 02 61 31"));

        Assert.Equal(DecodeReasons.WrongType, result.Reason);
        Assert.Contains("record 2", result.Message);
        Assert.Contains("v (CBOR label 2)", result.Message);
        Assert.Contains("must be a number", result.Message);
        Assert.Contains("byte 12", result.Message);
    }

    [Fact]
    public void Payload_above_the_size_limit_is_refused_before_decoding()
    {
        byte[] payload = new byte[64 * 1024 + 1];
        payload[0] = 0x81;

        DecodeResult result = SenmlDecoder.Default.Decode(payload);

        Assert.Equal(DecodeReasons.PayloadTooLarge, result.Reason);
        Assert.Contains("65537", result.Message);
    }

    [Fact]
    public void One_record_more_than_the_limit_is_refused_in_both_formats()
    {
        Reading[] readings = Enumerable.Range(1, 1001).Select(i => NodePacks.Measurement(i, MetricId.Temperature, 1, NodePacks.BaseTimeMs)).ToArray();

        Assert.Equal(DecodeReasons.TooManyRecords, SenmlDecoder.Default.Decode(NodePacks.Cbor("d", readings)).Reason);
        Assert.Equal(DecodeReasons.TooManyRecords, SenmlDecoder.Default.Decode(NodePacks.Json("d", readings)).Reason);
    }

    [Fact]
    public void Every_truncation_of_a_node_pack_is_refused_without_an_exception()
    {
        Reading[] readings = Enumerable.Range(1, 12).Select(i => NodePacks.RandomReading(new Random(i), i, NodePacks.BaseTimeMs + i * 1001)).ToArray();
        byte[] cbor = NodePacks.Cbor("env-0001", readings, floor: 1);
        byte[] json = NodePacks.Json("env-0001", readings, floor: 1);

        for (int length = 0; length < cbor.Length; length++)
        {
            DecodeResult result = SenmlDecoder.Default.Decode(cbor.AsSpan(0, length));
            Assert.False(result.Success);
            Assert.Equal(length == 0 ? DecodeReasons.PayloadEmpty : DecodeReasons.Truncated, result.Reason);
        }
        for (int length = 1; length < json.Length; length++)
        {
            DecodeResult result = SenmlDecoder.Default.Decode(json.AsSpan(0, length));
            Assert.False(result.Success);
            Assert.Equal(DecodeReasons.MalformedJson, result.Reason);
        }
    }

    [Fact]
    public void Random_bytes_and_bit_flips_never_throw_and_never_hit_an_internal_error()
    {
        var random = new Random(20240607);
        byte[] valid = NodePacks.Cbor("env-0001", Enumerable.Range(1, 8).Select(i => NodePacks.RandomReading(random, i, NodePacks.BaseTimeMs + i)).ToArray(), floor: 1);
        byte[] validJson = NodePacks.Json("env-0001", Enumerable.Range(1, 8).Select(i => NodePacks.RandomReading(random, i, NodePacks.BaseTimeMs + i)).ToArray(), floor: 1);
        for (int i = 0; i < 20_000; i++)
        {
            byte[] payload;
            switch (i % 3)
            {
                case 0:
                    payload = new byte[random.Next(1, 64)];
                    random.NextBytes(payload);
                    payload[0] = (byte)(0x80 | random.Next(32));
                    break;
                case 1:
                    payload = (byte[])valid.Clone();
                    payload[random.Next(payload.Length)] ^= (byte)(1 << random.Next(8));
                    break;
                default:
                    payload = (byte[])validJson.Clone();
                    payload[random.Next(payload.Length)] = (byte)random.Next(256);
                    break;
            }
            DecodeResult result = SenmlDecoder.Default.Decode(payload);
            Assert.NotEqual(DecodeReasons.InternalError, result.Reason);
            if (!result.Success)
            {
                Assert.Contains(result.Reason, DecodeReasons.All);
                Assert.False(string.IsNullOrEmpty(result.Message));
            }
        }
    }

    [Fact]
    public void Limits_outside_their_range_are_refused_naming_the_property()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => new SenmlDecoder(new SenmlDecoderLimits { MaxRecords = 0 }));
        Assert.Contains("MaxRecords", e.Message);
    }
}
