using System;
using System.Linq;
using System.Text;
using Gateway.Ingest.Decoding;
using Xunit;

namespace Gateway.Ingest.Tests.Decoding;

/// <summary>The decoder against the worked examples of RFC 8428.</summary>
public class Rfc8428ExampleDecodingTests
{
    // RFC 8428 §5.1.2, second example.
    private const string MultipleDataPointsJson = """
        [
          {"bn":"urn:dev:ow:10e2073a0108006:","bt":1.276020076001e+09,
           "bu":"A","bver":5,
           "n":"voltage","u":"V","v":120.1},
          {"n":"current","t":-5,"v":1.2},
          {"n":"current","t":-4,"v":1.3},
          {"n":"current","t":-3,"v":1.4},
          {"n":"current","t":-2,"v":1.5},
          {"n":"current","t":-1,"v":1.6},
          {"n":"current","v":1.7}
        ]
        """;

    // RFC 8428 §6: the same pack in CBOR (hex dump from the RFC).
    private const string MultipleDataPointsCborHex =
        "87a721781b75726e3a6465763a6f773a3130653230373361303130383030363a" +
        "22fb41d303a15b00106223614120050067766f6c7461676501615602fb405e06" +
        "6666666666a3006763757272656e74062402fb3ff3333333333333a300676375" +
        "7272656e74062302fb3ff4cccccccccccda3006763757272656e74062202fb3f" +
        "f6666666666666a3006763757272656e74062102f93e00a3006763757272656e" +
        "74062002fb3ff999999999999aa3006763757272656e74060002fb3ffb333333" +
        "333333";

    [Fact]
    public void Multiple_data_points_example_resolves_base_name_time_and_unit()
    {
        DecodeResult result = SenmlDecoder.Default.Decode(Encoding.UTF8.GetBytes(MultipleDataPointsJson));

        Assert.True(result.Success, result.ToString());
        const string Bn = "urn:dev:ow:10e2073a0108006:";
        Assert.Equal(new SenmlRecord(Bn + "voltage", "V", 120.1, null, null, null, 1_276_020_076_001, false, null, null), result.Records[0]);
        Assert.Equal(new[] { 1.2, 1.3, 1.4, 1.5, 1.6, 1.7 }, result.Records.Skip(1).Select(r => r.Number!.Value));
        Assert.All(result.Records.Skip(1), r => Assert.Equal(Bn + "current", r.Name));
        Assert.All(result.Records.Skip(1), r => Assert.Equal("A", r.Unit));
        Assert.Equal(new[] { 1_276_020_071_001L, 1_276_020_072_001, 1_276_020_073_001, 1_276_020_074_001, 1_276_020_075_001, 1_276_020_076_001 },
            result.Records.Skip(1).Select(r => r.TimeUnixMs));
    }

    [Fact]
    public void Cbor_example_of_section_6_decodes_to_the_same_records_as_its_json_form()
    {
        byte[] cbor = Convert.FromHexString(MultipleDataPointsCborHex);
        Assert.Equal(0xc3, cbor.Length);

        DecodeResult fromCbor = SenmlDecoder.Default.Decode(cbor);
        DecodeResult fromJson = SenmlDecoder.Default.Decode(Encoding.UTF8.GetBytes(MultipleDataPointsJson));

        Assert.True(fromCbor.Success, fromCbor.ToString());
        Assert.Equal(SenmlFormat.Cbor, fromCbor.Format);
        Assert.Equal(fromJson.Records, fromCbor.Records);
    }

    [Fact]
    public void Multiple_measurements_example_matches_the_rfc_resolved_data()
    {
        // RFC 8428 §5.1.3, first records, and §5.1.4 resolved values.
        const string json = """
            [
              {"bn":"urn:dev:ow:10e2073a01080063","bt":1.320067464e+09,
               "bu":"%RH","v":20},
              {"u":"lon","v":24.30621},
              {"u":"lat","v":60.07965},
              {"t":60,"v":20.3},
              {"u":"lon","t":60,"v":24.30622},
              {"u":"lat","t":60,"v":60.07965},
              {"u":"%EL","t":150,"v":98}
            ]
            """;
        DecodeResult result = SenmlDecoder.Default.Decode(Encoding.UTF8.GetBytes(json));

        Assert.True(result.Success, result.ToString());
        Assert.All(result.Records, r => Assert.Equal("urn:dev:ow:10e2073a01080063", r.Name));
        Assert.Equal(new[] { "%RH", "lon", "lat", "%RH", "lon", "lat", "%EL" }, result.Records.Select(r => r.Unit));
        Assert.Equal(new[] { 1_320_067_464_000L, 1_320_067_464_000, 1_320_067_464_000, 1_320_067_524_000, 1_320_067_524_000, 1_320_067_524_000, 1_320_067_614_000 },
            result.Records.Select(r => r.TimeUnixMs));
        Assert.Equal(98, result.Records[6].Number);
    }

    [Fact]
    public void Multiple_data_types_example_yields_one_value_of_each_kind()
    {
        // RFC 8428 §5.1.5.
        const string json = """
            [
              {"bn":"urn:dev:ow:10e2073a01080063:","n":"temp","u":"Cel","v":23.1},
              {"n":"label","vs":"Machine Room"},
              {"n":"open","vb":false},
              {"n":"nfv-reader","vd":"aGkgCg"}
            ]
            """;
        DecodeResult result = SenmlDecoder.Default.Decode(Encoding.UTF8.GetBytes(json));

        Assert.True(result.Success, result.ToString());
        Assert.Equal(new[] { SenmlValueType.Number, SenmlValueType.Text, SenmlValueType.Boolean, SenmlValueType.Data }, result.Records.Select(r => r.ValueType));
        Assert.Equal(23.1, result.Records[0].Number);
        Assert.Equal("Machine Room", result.Records[1].Text);
        Assert.False(result.Records[2].Boolean);
        Assert.Equal("aGkgCg", result.Records[3].Data);
        Assert.True(result.Records[0].TimeIsRelative); // no bt/t: "roughly now" (§4.5.3)
    }

    [Fact]
    public void Unknown_labels_without_underscore_are_ignored()
    {
        DecodeResult result = SenmlDecoder.Default.Decode(Encoding.UTF8.GetBytes("""[{"n":"a","v":1,"x":{"y":[1,2,{"z":null}]},"ct":"60"}]"""));

        Assert.True(result.Success, result.ToString());
        Assert.Equal(1, result.Records.Single().Number);
    }
}
