using System;
using System.IO;
using Xunit;
using static Gateway.NanoApiGuard.Tests.GuardTestSupport;

namespace Gateway.NanoApiGuard.Tests
{
    public class NanoApiCatalogTests
    {
        [Fact]
        public void Types_listed_in_the_api_file_exist_and_generic_collections_do_not()
        {
            Assert.True(Catalog.HasType("System.Collections.ArrayList"));
            Assert.True(Catalog.HasType("T:nanoFramework.M2Mqtt.MqttClient"));
            Assert.False(Catalog.HasType("System.Collections.Generic.List`1"));
            Assert.False(Catalog.HasType("System.Decimal"));
            Assert.Equal("System.Math", Catalog.AssemblyOf("System.Math"));
            Assert.True(Catalog.TypeCount > 500);
        }

        [Fact]
        public void Members_are_found_on_the_declaring_type_or_through_base_types()
        {
            Assert.True(Catalog.HasMember("M:System.Math.Round(System.Double)"));
            Assert.False(Catalog.HasMember("M:System.Math.Round(System.Double,System.Int32)"));
            // FileStream : Stream (nanoframework-types.txt); CopyTo is declared on Stream only.
            Assert.False(Catalog.ContainsId("M:System.IO.FileStream.CopyTo(System.IO.Stream)"));
            Assert.True(Catalog.HasMember("M:System.IO.FileStream.CopyTo(System.IO.Stream)"));
            // Structs inherit System.ValueType then System.Object; enums System.Enum.
            Assert.True(Catalog.HasMember("M:System.TimeSpan.GetType"));
            Assert.True(Catalog.HasMember("M:System.DayOfWeek.HasFlag(System.Enum)"));
            Assert.False(Catalog.HasMember("M:System.DayOfWeek.CompareTo(System.Object)"));
            // Constructors are not inherited.
            Assert.False(Catalog.HasMember("M:System.IO.FileStream.#ctor"));
        }

        [Fact]
        public void Any_overload_of_a_member_name_can_be_asked_for()
        {
            Assert.True(Catalog.HasMemberNamed("System.String", "Split"));
            Assert.False(Catalog.HasMemberNamed("System.String", "Replace"));
            Assert.True(Catalog.HasMemberNamed("System.IO.FileStream", "CopyTo"));
            Assert.Contains("M:System.String.Format(System.String,System.Object[])", Catalog.MembersNamed("System.String", "Format"));
            Assert.Equal(new[] { "System.Object[]", "System.Int32@" },
                NanoApiCatalog.ParameterTypes("M:T.F(System.Object[],System.Int32@)"));
        }

        [Fact]
        public void Namespaces_are_known_from_the_listed_types()
        {
            Assert.True(Catalog.HasNamespace("nanoFramework.M2Mqtt"));
            Assert.True(Catalog.HasNamespace("System"));
            Assert.False(Catalog.HasNamespace("System.Linq"));
            Assert.False(Catalog.HasNamespace("System.Threading.Tasks"));
        }

        [Fact]
        public void A_missing_shared_folder_fails_with_a_message_that_says_where_it_was_expected()
        {
            string root = Path.Combine(Path.GetTempPath(), "nano-guard-root-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(root);
            try
            {
                var error = Assert.Throws<DirectoryNotFoundException>(() => RepositoryLocator.FindNanoFrameworkDirectory(root));
                Assert.Contains(Path.Combine("shared", "nanoframework"), error.Message);
                Assert.Contains(NanoApiCatalog.ApiFileName, error.Message);
            }
            finally
            {
                Directory.Delete(root);
            }
        }

        [Fact]
        public void Violations_print_as_path_line_column_member_and_reason() =>
            Assert.Equal("a/B.cs:3:5: M:X.Y — why", new GuardViolation("a/B.cs", 3, 5, "M:X.Y", "why").ToString());
    }
}
