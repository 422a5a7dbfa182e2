using System.Collections.Generic;
using System.IO;
using System.Linq;
using Xunit;
using static Gateway.NanoApiGuard.Tests.GuardTestSupport;

namespace Gateway.NanoApiGuard.Tests
{
    /// <summary>
    /// The ESP32 shell names nanoFramework-only namespaces that do not exist on .NET; with AllowUnresolved the guard
    /// resolves those names through the file's using directives against the catalog.
    /// </summary>
    public class UnresolvedNameTests
    {
        private const string MqttSnippet =
            "using nanoFramework.M2Mqtt;\n" +
            "class A\n" +
            "{\n" +
            "    void F(MqttClient c)\n" +
            "    {\n" +
            "        c.Publish(\"t\", new byte[0]);\n" +
            "        c.Frobnicate();\n" +
            "    }\n" +
            "}\n";

        [Fact]
        public void Only_the_member_missing_from_the_catalog_is_flagged()
        {
            IReadOnlyList<GuardViolation> violations = CheckSnippet(MqttSnippet, allowUnresolved: true);

            GuardViolation only = Assert.Single(violations);
            Assert.Equal(LineOf(MqttSnippet, "Frobnicate"), only.Line);
            Assert.Contains("Frobnicate", only.Member);
            Assert.Contains(GuardReasons.NotInApiList, only.Reason);
        }

        [Fact]
        public void Unresolved_names_are_compile_errors_in_strict_mode()
        {
            IReadOnlyList<GuardViolation> violations = CheckSnippet(MqttSnippet, allowUnresolved: false);

            Assert.NotEmpty(violations);
            Assert.All(violations, v => Assert.StartsWith(GuardReasons.DoesNotCompile, v.Reason));
            Assert.Contains(violations, v => v.Line == LineOf(MqttSnippet, "MqttClient c"));
        }

        [Fact]
        public void Unknown_types_and_namespaces_are_flagged_and_known_ones_pass()
        {
            string code =
                "using System.Device.Gpio;\n" +
                "using nanoFramework.Hardware.Esp32;\n" +
                "using nanoFramework.NoSuchPackage;\n" +
                "using nanoFramework.M2Mqtt;\n" +
                "using nanoFramework.M2Mqtt.Messages;\n" +
                "using nanoFramework.Networking;\n" +
                "class B\n" +
                "{\n" +
                "    MqttQoSLevel? _level;\n" +
                "    void F(GpioController gpio, MqttKlient k)\n" +
                "    {\n" +
                "        gpio.OpenPin(2, PinMode.Output);\n" +
                "        WifiNetworkHelper.ConnectDhcp(\"ssid\", \"password\", requiresDateTime: true);\n" +
                "        var client = new MqttClient(\"broker\") { ProtocolVersion = MqttProtocolVersion.Version_5 };\n" +
                "        client?.Disconnect();\n" +
                "        nanoFramework.Runtime.Native.Power.RebootDevice();\n" +
                "        nanoFramework.Runtime.Native.Power.Explode();\n" +
                "        int ticks = (int)System.Environment.TickCount64;\n" +
                "    }\n" +
                "}\n";

            IReadOnlyList<GuardViolation> violations = CheckSnippet(code, allowUnresolved: true);

            Assert.True(violations.Count == 4, Describe(violations));
            Assert.Contains(violations, v => v.Line == LineOf(code, "MqttQoSLevel?") && v.Reason == GuardReasons.NullableValueType);
            Assert.Contains(violations, v => v.Line == LineOf(code, "NoSuchPackage") && v.Reason == GuardReasons.MissingNamespace);
            Assert.Contains(violations, v => v.Line == LineOf(code, "MqttKlient") && v.Member == "MqttKlient");
            Assert.Contains(violations, v => v.Line == LineOf(code, "Explode") && v.Member.EndsWith("Power.Explode", System.StringComparison.Ordinal));
        }

        [Fact]
        public void CheckDirectory_names_the_offending_file_and_line()
        {
            string dir = Path.Combine(Path.GetTempPath(), "nano-guard-" + System.Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(Path.Combine(dir, "obj"));
            try
            {
                File.WriteAllText(Path.Combine(dir, "Good.cs"), "namespace D { class Good { int F() { return System.Math.Abs(-1); } } }\n");
                File.WriteAllText(Path.Combine(dir, "Bad.cs"), "namespace D\n{\n    class Bad { string F() { return \"a\".Replace(\"a\", \"b\"); } }\n}\n");
                File.WriteAllText(Path.Combine(dir, "obj", "Generated.cs"), "class G { System.Collections.Generic.List<int> L; }\n");

                IReadOnlyList<GuardViolation> violations = NanoApiGuard.CheckDirectory(dir, new GuardOptions(Catalog));

                GuardViolation only = Assert.Single(violations);
                Assert.Equal(Path.Combine(dir, "Bad.cs"), only.File);
                Assert.Equal(3, only.Line);
                Assert.StartsWith(Path.Combine(dir, "Bad.cs") + ":3:", only.ToString());
            }
            finally
            {
                Directory.Delete(dir, recursive: true);
            }
        }

        [Fact]
        public void Stand_in_namespaces_are_checked_against_the_catalog_not_skipped_as_our_code()
        {
            var standIn = new SourceFile("StandIn.cs",
                "namespace nanoFramework.TestFramework\n" +
                "{\n" +
                "    public static class Assert\n" +
                "    {\n" +
                "        public static void AreEqual(long expected, long actual, string message = \"\") { }\n" +
                "        public static void Eventually(bool condition) { }\n" +
                "    }\n" +
                "}\n", check: false);
            string testCode =
                "using nanoFramework.TestFramework;\n" +
                "class T\n" +
                "{\n" +
                "    void M()\n" +
                "    {\n" +
                "        Assert.AreEqual(1, 2);\n" +
                "        Assert.Eventually(true);\n" +
                "    }\n" +
                "}\n";
            var options = new GuardOptions(Catalog) { ExternalNamespaces = new[] { "nanoFramework.TestFramework" } };

            IReadOnlyList<GuardViolation> violations = NanoApiGuard.Check(new[] { standIn, new SourceFile("T.cs", testCode) }, options);

            GuardViolation only = Assert.Single(violations);
            Assert.Equal("T.cs", only.File);
            Assert.Equal(LineOf(testCode, "Eventually"), only.Line);
            Assert.Equal("M:nanoFramework.TestFramework.Assert.Eventually(System.Boolean)", only.Member);
            Assert.Empty(NanoApiGuard.Check(new[] { standIn, new SourceFile("T.cs", testCode) }, new GuardOptions(Catalog)));
        }

        [Fact]
        public void Extra_allowed_namespaces_are_not_checked()
        {
            string code =
                "using nanoFramework.Vendor;\n" +
                "class V { void F(Widget w) { w.Spin(); Gadget.Make(); } }\n";

            Assert.NotEmpty(CheckSnippet(code, allowUnresolved: true));
            var options = new GuardOptions(Catalog) { AllowUnresolved = true, ExtraAllowedNamespaces = new[] { "nanoFramework.Vendor" } };
            IReadOnlyList<GuardViolation> violations = NanoApiGuard.Check(new[] { new SourceFile("V.cs", code) }, options);
            Assert.True(violations.Count == 0, Describe(violations));
        }
    }
}
