using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Xunit;

namespace Gateway.NanoApiGuard.Tests
{
    /// <summary>The guard over the real sources: the portable core and the tests written to run on a device.</summary>
    public class RepositoryGuardTests
    {
        private const string CoreDirectory = "firmware/Gateway.Firmware.Core";
        private const string CoreTestsDirectory = "tests/Gateway.Firmware.Core.Tests";

        [Fact]
        public void Core_sources_use_only_stable_nanoFramework_APIs()
        {
            List<SourceFile> files = GuardTestSupport.RepositoryFiles(CoreDirectory, check: true).ToList();
            Assert.NotEmpty(files);

            IReadOnlyList<GuardViolation> violations = NanoApiGuard.Check(files, GuardTestSupport.CoreOptions);

            Assert.True(violations.Count == 0, "The portable core uses APIs or features stable nanoFramework lacks. " +
                GuardTestSupport.Describe(violations));
        }

        [Fact]
        public void Portable_tests_use_only_stable_nanoFramework_APIs()
        {
            var files = new List<SourceFile>();
            // The core is compiled in so the tests resolve, but checked by the test above, not here.
            files.AddRange(GuardTestSupport.RepositoryFiles(CoreDirectory, check: false));
            // The host stand-ins for nanoFramework.TestFramework (Assert, attributes) are compiled but not checked;
            // the xunit runner beside them is host-only and is left out.
            files.AddRange(GuardTestSupport.RepositoryFiles(CoreTestsDirectory + "/NanoTestFramework", check: false,
                f => !f.Text.Contains("using Xunit;", StringComparison.Ordinal)));
            List<SourceFile> portable = GuardTestSupport.RepositoryFiles(CoreTestsDirectory + "/Portable", check: true)
                .Concat(GuardTestSupport.RepositoryFiles(CoreTestsDirectory + "/Fakes", check: true))
                .ToList();
            Assert.NotEmpty(portable);
            files.AddRange(portable);

            var options = new GuardOptions(GuardTestSupport.Catalog)
            {
                // Our adapter declares these namespaces, but on the device they are the nanoFramework.TestFramework
                // package: calls into them are checked against its entries in nanoframework-api.txt.
                ExternalNamespaces = new[] { "nanoFramework.TestFramework", "TestFrameworkShared" },
            };
            IReadOnlyList<GuardViolation> violations = NanoApiGuard.Check(files, options);

            Assert.True(violations.Count == 0, "Portable tests or fakes use APIs or features stable nanoFramework lacks. " +
                GuardTestSupport.Describe(violations));
        }
    }
}
