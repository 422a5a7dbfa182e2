using System;
using System.IO;
using Xunit;

namespace Gateway.Ingest.Tests.Http;

/// <summary>
/// A test that drives Debian's Chromium (<see cref="ExecutablePath"/>). Where it is missing the test is skipped with
/// <see cref="InstallHint"/> on a developer machine, and runs (and fails with that hint, see <see cref="RequireChromium"/>)
/// under CI (<c>CI=true</c>), so a CI machine without the browser cannot pass by skipping.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class ChromiumFactAttribute : FactAttribute
{
    public const string ExecutablePath = "/usr/bin/chromium";

    public const string InstallHint = "install chromium: apt-get install -y chromium";

    public ChromiumFactAttribute()
    {
        if (!File.Exists(ExecutablePath) && !IsCi)
        {
            Skip = InstallHint;
        }
    }

    public static bool IsCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>Fails with <see cref="InstallHint"/> when the browser is missing (reached only under CI).</summary>
    public static void RequireChromium()
    {
        if (!File.Exists(ExecutablePath))
        {
            Assert.Fail(InstallHint);
        }
    }
}
