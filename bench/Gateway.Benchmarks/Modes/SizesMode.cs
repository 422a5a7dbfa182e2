using System;
using System.Formats.Cbor;
using CborWriter = System.Formats.Cbor.CborWriter;
using System.Globalization;
using Gateway.Benchmarks.Workloads;
using Gateway.Firmware.Core.Codec;

namespace Gateway.Benchmarks.Modes
{
    /// <summary>
    /// <c>sizes</c>: bytes on the wire per reading, SenML-CBOR (as the uplink sends it, with <c>bseq</c> and <c>bfloor</c>)
    /// against SenML JSON and against one flat JSON object per reading. No timing, so it runs in a second.
    /// </summary>
    public static class SizesMode
    {
        /// <summary>Target for the 10-reading environmental pack: CBOR at most a quarter of the flat JSON.</summary>
        public const double TargetRatio = 0.25;

        public static int Run()
        {
            var table = new MarkdownTable("pack", "readings>", "SenML-CBOR B>", "CBOR B/reading>", "SenML JSON B>", "flat JSON B>",
                "flat B/reading>", "CBOR/flat>", "CBOR/SenML JSON>", "in one 1024 B payload>", "target");
            var output = new byte[16 * 1024];
            bool allIdentical = true;
            bool targetMet = true;
            foreach (SamplePack pack in SamplePacks.All())
            {
                int n = pack.Readings.Length;
                var cbor = new SenmlCborWriter(pack.BaseName);
                int cborCount = cbor.EncodePrefix(pack.Readings, 0, n, pack.FloorSequence, output, output.Length, out int cborBytes);
                byte[] cborPack = output.AsSpan(0, cborBytes).ToArray();
                int fitting = cbor.EncodePrefix(pack.Readings, 0, n, pack.FloorSequence, output, 1024, out _);
                int jsonCount = new SenmlJsonWriter(pack.BaseName).EncodePrefix(pack.Readings, 0, n, pack.FloorSequence, output, output.Length, out int jsonBytes);
                if (cborCount != n || jsonCount != n)
                {
                    throw new InvalidOperationException($"{pack.Title}: encoded {cborCount} (CBOR) and {jsonCount} (JSON) of {n} readings into {output.Length} bytes");
                }
                int flatBytes = FlatJson.TotalBytes(pack, out string firstFlat);

                // Cross-check with an independent encoder: System.Formats.Cbor writing the same records by the same rules.
                var reference = new CborWriter(CborConformanceMode.Lax);
                ReferenceSenml.EncodeCbor(reference, pack.BaseName, pack.Readings, n, pack.FloorSequence);
                byte[] referencePack = reference.Encode();
                bool identical = referencePack.AsSpan().SequenceEqual(cborPack);
                allIdentical &= identical;

                double ratio = (double)cborBytes / flatBytes;
                bool isTargetRow = pack.Title.StartsWith("environmental", StringComparison.Ordinal);
                string target = "—";
                if (isTargetRow)
                {
                    bool met = ratio <= TargetRatio;
                    targetMet &= met;
                    target = (met ? "met" : "MISSED") + " (≤ " + TargetRatio.ToString("0.00", CultureInfo.InvariantCulture) + ")";
                }

                Console.WriteLine($"{pack.Title}:");
                Console.WriteLine($"  SenML-CBOR {cborBytes} B ({(double)cborBytes / n:0.0} B/reading), SenML JSON {jsonBytes} B, flat JSON {flatBytes} B in {n} objects");
                Console.WriteLine($"  first flat object: {firstFlat}");
                Console.WriteLine($"  System.Formats.Cbor writes the same pack in {referencePack.Length} B: {(identical ? "byte-identical" : "DIFFERENT")}");
                Console.WriteLine($"  CBOR hex: {Convert.ToHexString(cborPack, 0, Math.Min(cborPack.Length, 48))}{(cborPack.Length > 48 ? "…" : "")}");
                table.Add(pack.Title, n.ToString(CultureInfo.InvariantCulture), cborBytes.ToString(CultureInfo.InvariantCulture),
                    F1((double)cborBytes / n), jsonBytes.ToString(CultureInfo.InvariantCulture), flatBytes.ToString(CultureInfo.InvariantCulture),
                    F1((double)flatBytes / n), ratio.ToString("0.000", CultureInfo.InvariantCulture),
                    ((double)cborBytes / jsonBytes).ToString("0.000", CultureInfo.InvariantCulture),
                    fitting == n ? "all" : fitting + " of " + n, target);
            }

            Console.WriteLine();
            Console.WriteLine("## Payload sizes (bench sizes)");
            Console.WriteLine();
            Console.Write(table.ToString());
            Console.WriteLine();
            Console.WriteLine("CBOR and SenML JSON packs carry bn, bt, bu, bseq and bfloor in the first record, as the uplink sends them;");
            Console.WriteLine("flat JSON is one object per reading (each its own MQTT message), units as raw UTF-8, empty units left out.");
            if (!allIdentical)
            {
                Console.Error.WriteLine("error: the core's SenML-CBOR differs from System.Formats.Cbor writing the same records (see DIFFERENT above)");
                return 1;
            }
            Console.WriteLine(targetMet ? "Target met: environmental CBOR/flat ≤ 0.25." : "Target MISSED: environmental CBOR/flat > 0.25.");
            return 0;
        }

        private static string F1(double value) => value.ToString("0.0", CultureInfo.InvariantCulture);
    }
}
