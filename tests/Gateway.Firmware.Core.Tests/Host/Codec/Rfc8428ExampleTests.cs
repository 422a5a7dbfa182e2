using System;
using System.Collections.Generic;
using System.Linq;
using Xunit;

namespace Gateway.Firmware.Core.Tests.Host.Codec
{
    /// <summary>
    /// The test decoder against the worked examples of RFC 8428 (text taken from the RFC), so that the round-trip tests
    /// of our writers rest on a decoder that resolves packs the way the RFC does.
    /// </summary>
    public class Rfc8428ExampleTests
    {
        private const string Urn = "urn:dev:ow:10e2073a01080063";

        // RFC 8428 §5.1.3 Multiple Measurements.
        private const string MultipleMeasurements = """
            [
              {"bn":"urn:dev:ow:10e2073a01080063","bt":1.320067464e+09,
               "bu":"%RH","v":20},
              {"u":"lon","v":24.30621},
              {"u":"lat","v":60.07965},
              {"t":60,"v":20.3},
              {"u":"lon","t":60,"v":24.30622},
              {"u":"lat","t":60,"v":60.07965},
              {"t":120,"v":20.7},
              {"u":"lon","t":120,"v":24.30623},
              {"u":"lat","t":120,"v":60.07966},
              {"u":"%EL","t":150,"v":98},
              {"t":180,"v":21.2},
              {"u":"lon","t":180,"v":24.30628},
              {"u":"lat","t":180,"v":60.07967}
            ]
            """;

        // RFC 8428 §5.1.4 Resolved Data: the same pack, resolved.
        private const string ResolvedData = """
            [
              {"n":"urn:dev:ow:10e2073a01080063","u":"%RH","t":1.320067464e+09,
               "v":20},
              {"n":"urn:dev:ow:10e2073a01080063","u":"lon","t":1.320067464e+09,
               "v":24.30621},
              {"n":"urn:dev:ow:10e2073a01080063","u":"lat","t":1.320067464e+09,
               "v":60.07965},
              {"n":"urn:dev:ow:10e2073a01080063","u":"%RH","t":1.320067524e+09,
               "v":20.3},
              {"n":"urn:dev:ow:10e2073a01080063","u":"lon","t":1.320067524e+09,
               "v":24.30622},
              {"n":"urn:dev:ow:10e2073a01080063","u":"lat","t":1.320067524e+09,
               "v":60.07965},
              {"n":"urn:dev:ow:10e2073a01080063","u":"%RH","t":1.320067584e+09,
               "v":20.7},
              {"n":"urn:dev:ow:10e2073a01080063","u":"lon","t":1.320067584e+09,
               "v":24.30623},
              {"n":"urn:dev:ow:10e2073a01080063","u":"lat","t":1.320067584e+09,
               "v":60.07966},
              {"n":"urn:dev:ow:10e2073a01080063","u":"%EL","t":1.320067614e+09,
               "v":98},
              {"n":"urn:dev:ow:10e2073a01080063","u":"%RH","t":1.320067644e+09,
               "v":21.2},
              {"n":"urn:dev:ow:10e2073a01080063","u":"lon","t":1.320067644e+09,
               "v":24.30628},
              {"n":"urn:dev:ow:10e2073a01080063","u":"lat","t":1.320067644e+09,
               "v":60.07967}
            ]
            """;

        // RFC 8428 §5.1.2, second example (current at Tue Jun 8 18:01:16.001 UTC 2010 and the 5 seconds before).
        private const string MultipleDataPoints = """
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

        // RFC 8428 §6: hex dump of the CBOR representation of the §5.1.2 example above.
        private const string CborExampleHex =
            "87a72178 1b75726e 3a646576 3a6f773a 31306532 30373361 30313038 3030363a" +
            "22fb41d3 03a15b00 10622361 41200500 67766f6c 74616765 01615602 fb405e06" +
            "66666666 66a30067 63757272 656e7406 2402fb3f f3333333 333333a3 00676375" +
            "7272656e 74062302 fb3ff4cc cccccccc cda30067 63757272 656e7406 2202fb3f" +
            "f6666666 666666a3 00676375 7272656e 74062102 f93e00a3 00676375 7272656e" +
            "74062002 fb3ff999 99999999 9aa30067 63757272 656e7406 0002fb3f fb333333" +
            "333333";

        [Fact]
        public void Multiple_measurements_example_resolves_to_the_rfc_resolved_data_table()
        {
            List<ResolvedRecord> resolved = SenmlTestDecoder.DecodeJson(MultipleMeasurements);
            List<ResolvedRecord> table = SenmlTestDecoder.DecodeJson(ResolvedData);

            Assert.Equal(13, resolved.Count);
            Assert.Equal(table, resolved);
            Assert.Equal(new ResolvedRecord(Urn, "%EL", 98, null, null, null, 1.320067614e+09, null), resolved[9]);
            Assert.Equal(new ResolvedRecord(Urn, "lat", 60.07967, null, null, null, 1320067644, null), resolved[12]);
        }

        [Fact]
        public void Multiple_data_points_example_applies_base_name_time_and_unit()
        {
            List<ResolvedRecord> resolved = SenmlTestDecoder.DecodeJson(MultipleDataPoints);
            const string Bn = "urn:dev:ow:10e2073a0108006:";
            var expected = new List<ResolvedRecord>
            {
                new(Bn + "voltage", "V", 120.1, null, null, null, 1276020076.001, null),
                new(Bn + "current", "A", 1.2, null, null, null, 1276020076.001 - 5, null),
                new(Bn + "current", "A", 1.3, null, null, null, 1276020076.001 - 4, null),
                new(Bn + "current", "A", 1.4, null, null, null, 1276020076.001 - 3, null),
                new(Bn + "current", "A", 1.5, null, null, null, 1276020076.001 - 2, null),
                new(Bn + "current", "A", 1.6, null, null, null, 1276020076.001 - 1, null),
                new(Bn + "current", "A", 1.7, null, null, null, 1276020076.001, null),
            };
            Assert.Equal(expected, resolved);
            Assert.Equal(1276020071001L, resolved[1].TimeMs);
        }

        [Fact]
        public void Cbor_example_of_section_6_decodes_strictly_to_the_same_records_as_its_json_form()
        {
            byte[] cbor = Convert.FromHexString(CborExampleHex.Replace(" ", ""));
            Assert.Equal(0xc3, cbor.Length);
            List<ResolvedRecord> fromCbor = SenmlTestDecoder.DecodeCbor(cbor, cbor.Length);
            Assert.Equal(SenmlTestDecoder.DecodeJson(MultipleDataPoints), fromCbor);
        }

        [Fact]
        public void Collection_of_resources_example_keeps_base_time_across_a_new_base_name()
        {
            // RFC 8428 §5.1.6: "the last record would use the Base Name from the 3rd record but the Base Time from the first record".
            const string json = """
                [
                  {"bn":"2001:db8::2/","bt":1.320078429e+09,
                   "n":"temperature","u":"Cel","v":25.2},
                  {"n":"humidity","u":"%RH","v":30},
                  {"bn":"2001:db8::1/","n":"temperature","u":"Cel","v":12.3},
                  {"n":"humidity","u":"%RH","v":67}
                ]
                """;
            List<ResolvedRecord> resolved = SenmlTestDecoder.DecodeJson(json);
            Assert.Equal(
                new[] { "2001:db8::2/temperature", "2001:db8::2/humidity", "2001:db8::1/temperature", "2001:db8::1/humidity" },
                resolved.Select(r => r.Name));
            Assert.All(resolved, r => Assert.Equal(1320078429.0, r.Time));
            Assert.Equal(new double?[] { 25.2, 30, 12.3, 67 }, resolved.Select(r => r.Value));
        }

        [Fact]
        public void Multiple_data_types_example_yields_one_value_field_of_each_kind()
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
            List<ResolvedRecord> resolved = SenmlTestDecoder.DecodeJson(json);
            Assert.Equal(23.1, resolved[0].Value);
            Assert.Equal("Machine Room", resolved[1].StringValue);
            Assert.False(resolved[2].BoolValue);
            Assert.Equal("aGkgCg", resolved[3].DataValue);
            Assert.Equal(Urn + ":nfv-reader", resolved[3].Name);
        }

        [Fact]
        public void A_label_ending_in_underscore_or_a_newer_version_is_refused()
        {
            Assert.Throws<FormatException>(() => SenmlTestDecoder.DecodeJson("""[{"n":"a","v":1,"x_":2}]"""));
            Assert.Throws<FormatException>(() => SenmlTestDecoder.DecodeJson("""[{"bver":11,"n":"a","v":1}]"""));
            Assert.Single(SenmlTestDecoder.DecodeJson("""[{"n":"a","v":1,"x":2}]"""));
        }
    }
}
