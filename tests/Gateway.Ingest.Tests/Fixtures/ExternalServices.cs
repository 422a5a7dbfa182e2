using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using Xunit;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace Gateway.Ingest.Tests.Fixtures;

/// <summary>Real servers some tests start on loopback ports (Debian packages; <c>.ci/run</c> installs them).</summary>
[Flags]
public enum ExternalService
{
    /// <summary>PostgreSQL server binaries (<c>initdb</c>, <c>pg_ctl</c>), package <c>postgresql</c>.</summary>
    PostgreSql = 1,

    /// <summary>The Mosquitto broker (<c>/usr/sbin/mosquitto</c>), package <c>mosquitto</c>.</summary>
    Mosquitto = 2,
}

/// <summary>
/// Finds the binaries of <see cref="ExternalService"/>s and decides what a test does without them: on a developer machine
/// it is skipped with the install command; in CI (environment <c>CI=true</c>) it runs and fails with that command, so a
/// missing package can never pass CI silently.
/// </summary>
public static class ExternalServices
{
    /// <summary>True when the environment variable <c>CI</c> is <c>true</c>.</summary>
    public static bool IsCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>Folder holding <c>initdb</c> and <c>pg_ctl</c> (newest <c>/usr/lib/postgresql/*/bin</c>, else PATH), or null.</summary>
    public static string? PostgresBinDirectory()
    {
        const string root = "/usr/lib/postgresql";
        if (Directory.Exists(root))
        {
            string? newest = Directory.GetDirectories(root)
                .Select(d => (Dir: Path.Combine(d, "bin"), Version: int.TryParse(Path.GetFileName(d).Split('.')[0], out int v) ? v : -1))
                .Where(d => IsFile(Path.Combine(d.Dir, "initdb")) && IsFile(Path.Combine(d.Dir, "pg_ctl")))
                .OrderByDescending(d => d.Version)
                .Select(d => d.Dir)
                .FirstOrDefault();
            if (newest != null)
            {
                return newest;
            }
        }
        string? initdb = OnPath("initdb");
        return initdb != null && IsFile(Path.Combine(Path.GetDirectoryName(initdb)!, "pg_ctl")) ? Path.GetDirectoryName(initdb) : null;
    }

    /// <summary>Path of the <c>mosquitto</c> broker (<c>/usr/sbin/mosquitto</c>, else PATH), or null.</summary>
    public static string? MosquittoPath() => IsFile("/usr/sbin/mosquitto") ? "/usr/sbin/mosquitto" : OnPath("mosquitto");

    /// <summary>Why the services are unusable ("… install it: apt-get install -y …"), or null when all are installed.</summary>
    public static string? MissingReason(ExternalService services)
    {
        var missing = new List<string>();
        if (services.HasFlag(ExternalService.PostgreSql) && PostgresBinDirectory() == null)
        {
            missing.Add("PostgreSQL is not installed (no initdb and pg_ctl in /usr/lib/postgresql/*/bin or on PATH): install it: apt-get install -y postgresql");
        }
        if (services.HasFlag(ExternalService.Mosquitto) && MosquittoPath() == null)
        {
            missing.Add("Mosquitto is not installed (no /usr/sbin/mosquitto and none on PATH): install it: apt-get install -y mosquitto");
        }
        return missing.Count == 0 ? null : string.Join("; ", missing);
    }

    /// <summary>The skip reason for a test needing <paramref name="services"/>: null in CI (the test then fails) or when installed.</summary>
    public static string? SkipReason(ExternalService services) => IsCi ? null : MissingReason(services);

    /// <summary>Throws with the install command when a service is missing (the path a CI run takes).</summary>
    public static void Require(ExternalService services)
    {
        string? missing = MissingReason(services);
        if (missing != null)
        {
            throw new InvalidOperationException(missing);
        }
    }

    private static string? OnPath(string name)
    {
        foreach (string folder in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            string candidate = Path.Combine(folder, name);
            if (IsFile(candidate))
            {
                return candidate;
            }
        }
        return null;
    }

    /// <summary>True for a file, or a symbolic link whose final target is a file (File.Exists is true for a dangling link).</summary>
    private static bool IsFile(string path)
    {
        var file = new FileInfo(path);
        if (!file.Exists)
        {
            return false;
        }
        return file.LinkTarget == null || file.ResolveLinkTarget(returnFinalTarget: true) is { Exists: true };
    }
}

/// <summary>
/// A fact that needs real servers: skipped with the install command when they are missing, except in CI (<c>CI=true</c>),
/// where it runs and fails with that command.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class ServiceFactAttribute : FactAttribute
{
    public ServiceFactAttribute(ExternalService services)
    {
        Services = services;
        string? skip = ExternalServices.SkipReason(services);
        if (skip != null)
        {
            Skip = skip;
        }
    }

    public ExternalService Services { get; }
}

/// <summary>Marks a concrete class of inherited <see cref="ContractFactAttribute"/> tests as needing real servers.</summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class NeedsServicesAttribute : Attribute
{
    public NeedsServicesAttribute(ExternalService services) => Services = services;

    public ExternalService Services { get; }
}

/// <summary>
/// A fact declared once in an abstract contract class and run by each concrete class; skipped like a
/// <see cref="ServiceFactAttribute"/> when the concrete class is marked <see cref="NeedsServicesAttribute"/> and a service is missing.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
[XunitTestCaseDiscoverer("Gateway.Ingest.Tests.Fixtures.ContractFactDiscoverer", "Gateway.Ingest.Tests")]
public sealed class ContractFactAttribute : FactAttribute
{
}

/// <summary>Discovers <see cref="ContractFactAttribute"/> tests, deciding the skip per concrete test class.</summary>
public sealed class ContractFactDiscoverer : IXunitTestCaseDiscoverer
{
    private readonly IMessageSink _diagnostics;

    public ContractFactDiscoverer(IMessageSink diagnosticMessageSink)
    {
        _diagnostics = diagnosticMessageSink;
    }

    public IEnumerable<IXunitTestCase> Discover(ITestFrameworkDiscoveryOptions discoveryOptions, ITestMethod testMethod, IAttributeInfo factAttribute)
    {
        yield return new ContractTestCase(_diagnostics, discoveryOptions.MethodDisplayOrDefault(), discoveryOptions.MethodDisplayOptionsOrDefault(), testMethod);
    }
}

/// <summary>A test case whose skip reason comes from the concrete class's <see cref="NeedsServicesAttribute"/> (recomputed after deserialization).</summary>
public sealed class ContractTestCase : XunitTestCase
{
    [Obsolete("Called by the de-serializer; should only be called by deriving classes for de-serialization purposes")]
    public ContractTestCase()
    {
    }

    public ContractTestCase(IMessageSink diagnosticMessageSink, TestMethodDisplay defaultMethodDisplay, TestMethodDisplayOptions defaultMethodDisplayOptions, ITestMethod testMethod)
        : base(diagnosticMessageSink, defaultMethodDisplay, defaultMethodDisplayOptions, testMethod)
    {
    }

    protected override string GetSkipReason(IAttributeInfo factAttribute)
    {
        Type? type = TestMethod.TestClass.Class.ToRuntimeType();
        NeedsServicesAttribute? needs = type?.GetCustomAttribute<NeedsServicesAttribute>();
        return (needs == null ? null : ExternalServices.SkipReason(needs.Services)) ?? base.GetSkipReason(factAttribute);
    }
}
