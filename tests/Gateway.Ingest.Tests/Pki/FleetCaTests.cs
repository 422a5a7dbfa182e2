using System;
using System.IO;
using System.Linq;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Gateway.Ingest.Pki;
using Gateway.Ingest.Tests.Pki.Fakes;
using Xunit;

namespace Gateway.Ingest.Tests.Pki;

public sealed class FleetCaTests : IDisposable
{
    private const string ServerAuth = "1.3.6.1.5.5.7.3.1";
    private const string ClientAuth = "1.3.6.1.5.5.7.3.2";

    private readonly TemporaryDirectory _state = new();

    public void Dispose() => _state.Dispose();

    [Fact]
    public void CA_is_created_once_and_reused()
    {
        string thumbprint;
        using (FleetCa first = FleetCa.CreateOrLoad(_state.Path))
        {
            Assert.True(first.WasCreated);
            thumbprint = first.Certificate.Thumbprint;
        }
        using FleetCa second = FleetCa.CreateOrLoad(_state.Path);

        Assert.False(second.WasCreated);
        Assert.Equal(thumbprint, second.Certificate.Thumbprint);
        Assert.Equal(File.ReadAllText(_state.PkiFile("ca.crt")), second.CaCertificatePem);
    }

    [Fact]
    public void CA_is_an_ECDSA_P256_CA_valid_ten_years_for_signing_certificates_only()
    {
        using FleetCa ca = FleetCa.CreateOrLoad(_state.Path, "Stadtwerke Test");
        X509Certificate2 certificate = ca.Certificate;

        Assert.Equal("CN=Gateway Fleet CA, O=Stadtwerke Test", certificate.Subject);
        Assert.Equal(certificate.Subject, certificate.Issuer);
        using (ECDsa? key = certificate.GetECDsaPublicKey())
        {
            Assert.NotNull(key);
            Assert.Equal(256, key!.KeySize);
        }
        Assert.Equal("1.2.840.10045.4.3.2", certificate.SignatureAlgorithm.Value); // ecdsa-with-SHA256
        var constraints = certificate.Extensions.OfType<X509BasicConstraintsExtension>().Single();
        Assert.True(constraints.CertificateAuthority);
        Assert.True(constraints.Critical);
        var usage = certificate.Extensions.OfType<X509KeyUsageExtension>().Single();
        Assert.Equal(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, usage.KeyUsages);
        double years = (certificate.NotAfter - certificate.NotBefore).TotalDays / 365.25;
        Assert.InRange(years, 9.99, 10.01);
        Assert.InRange(certificate.NotBefore.ToUniversalTime(), DateTime.UtcNow.AddDays(-2), DateTime.UtcNow);
    }

    [Fact]
    public void CA_key_file_and_folder_are_readable_by_the_owner_only()
    {
        if (OperatingSystem.IsWindows())
        {
            return; // Unix permission bits only; Windows inherits the user profile's ACL
        }
        using FleetCa ca = FleetCa.CreateOrLoad(_state.Path);

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(_state.PkiFile("ca.key")));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute,
            File.GetUnixFileMode(Path.Combine(_state.Path, "pki")));
        Assert.Contains("-----BEGIN PRIVATE KEY-----", File.ReadAllText(_state.PkiFile("ca.key")));
    }

    [Fact]
    public void Loading_restores_owner_only_permissions_on_a_loosened_CA_key()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }
        FleetCa.CreateOrLoad(_state.Path).Dispose();
        File.SetUnixFileMode(_state.PkiFile("ca.key"), UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.OtherRead);

        using FleetCa ca = FleetCa.CreateOrLoad(_state.Path);

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(_state.PkiFile("ca.key")));
    }

    [Fact]
    public void Device_certificate_subject_is_the_device_id()
    {
        using FleetCa ca = FleetCa.CreateOrLoad(_state.Path);

        using X509Certificate2 device = ca.IssueClientCertificate("air-0042", ClientRole.Device);

        Assert.Equal("air-0042", device.GetNameInfo(X509NameType.SimpleName, forIssuer: false));
        Assert.Equal("device", FleetIdentity.ReadAttribute(device.SubjectName, FleetIdentity.OrganizationalUnitOid));
        Assert.True(FleetIdentity.TryRead(device, out string identity, out ClientRole role, out _));
        Assert.Equal(("air-0042", ClientRole.Device), (identity, role));
        Assert.True(device.HasPrivateKey);
        Assert.Equal(ca.Certificate.Subject, device.Issuer);
        Assert.Equal(new[] { ClientAuth }, EnhancedKeyUsages(device));
        Assert.False(device.Extensions.OfType<X509BasicConstraintsExtension>().Single().CertificateAuthority);
        double years = (device.NotAfter - device.NotBefore).TotalDays / 365.25;
        Assert.InRange(years, 4.99, 5.01);
        Assert.True(ca.ValidateClientCertificate(device).IsValid);
    }

    [Fact]
    public void Service_certificate_carries_the_service_role()
    {
        using FleetCa ca = FleetCa.CreateOrLoad(_state.Path);

        using X509Certificate2 service = ca.IssueClientCertificate("ingest-1", ClientRole.Service);

        CertificateCheck check = ca.ValidateClientCertificate(service);
        Assert.True(check.IsValid, check.Reason);
        Assert.Equal("ingest-1", check.Identity);
        Assert.Equal(ClientRole.Service, check.Role);
    }

    [Fact]
    public void Device_certificate_validity_is_configurable()
    {
        using FleetCa ca = FleetCa.CreateOrLoad(_state.Path);

        using X509Certificate2 device = ca.IssueClientCertificate("dev-1", ClientRole.Device, TimeSpan.FromDays(30));

        Assert.Equal(30, (device.NotAfter - device.NotBefore).TotalDays, precision: 3);
    }

    [Theory]
    [InlineData("")]
    [InlineData("Air-1")]
    [InlineData("-air")]
    [InlineData("_air")]
    [InlineData("air/1")]
    [InlineData("air 1")]
    [InlineData("air+1")]
    [InlineData("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa")] // 64 characters
    public void Invalid_device_id_is_rejected_naming_the_field(string deviceId)
    {
        using FleetCa ca = FleetCa.CreateOrLoad(_state.Path);

        var error = Assert.Throws<ArgumentException>(() => ca.IssueClientCertificate(deviceId, ClientRole.Device));

        Assert.Equal("device.id", error.ParamName);
        Assert.Contains("device.id", error.Message);
        Assert.Contains("[a-z0-9-_]", error.Message);
    }

    [Theory]
    [InlineData("a")]
    [InlineData("0")]
    [InlineData("cold-chain_truck-17")]
    [InlineData("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa")] // 63 characters
    public void Valid_device_ids_are_accepted(string deviceId)
    {
        using FleetCa ca = FleetCa.CreateOrLoad(_state.Path);

        using X509Certificate2 device = ca.IssueClientCertificate(deviceId, ClientRole.Device);

        Assert.Equal(deviceId, device.GetNameInfo(X509NameType.SimpleName, forIssuer: false));
    }

    [Fact]
    public void Server_certificate_names_localhost_and_both_loopback_addresses()
    {
        using FleetCa ca = FleetCa.CreateOrLoad(_state.Path);

        using X509Certificate2 server = ca.IssueServerCertificate(new[] { "broker.example.org", "192.0.2.7" });

        var san = server.Extensions.OfType<X509SubjectAlternativeNameExtension>().Single();
        Assert.Equal(new[] { "localhost", "broker.example.org" }, san.EnumerateDnsNames().ToArray());
        Assert.Equal(new[] { IPAddress.Loopback, IPAddress.IPv6Loopback, IPAddress.Parse("192.0.2.7") }, san.EnumerateIPAddresses().ToArray());
        Assert.Equal(new[] { ServerAuth }, EnhancedKeyUsages(server));
        Assert.True(server.MatchesHostname("localhost"));
        Assert.True(server.MatchesHostname("::1"));
    }

    [Theory]
    [InlineData("bad host")]
    [InlineData("-leading.example")]
    [InlineData("under_score.example")]
    [InlineData("")]
    public void Invalid_server_host_name_is_rejected_naming_the_field(string host)
    {
        using FleetCa ca = FleetCa.CreateOrLoad(_state.Path);

        var error = Assert.Throws<ArgumentException>(() => ca.IssueServerCertificate(new[] { host }));

        Assert.Equal("server host name", error.ParamName);
        Assert.Contains("DNS", error.Message);
    }

    [Fact]
    public void Server_certificate_is_stored_reused_and_reissued_when_a_host_name_is_added()
    {
        using FleetCa ca = FleetCa.CreateOrLoad(_state.Path);

        string first;
        using (X509Certificate2 created = ca.GetOrCreateServerCertificate())
        {
            first = created.Thumbprint;
        }
        using (X509Certificate2 reused = ca.GetOrCreateServerCertificate())
        {
            Assert.Equal(first, reused.Thumbprint);
            Assert.True(reused.HasPrivateKey);
        }
        using X509Certificate2 widened = ca.GetOrCreateServerCertificate(new[] { "gateway.local" });

        Assert.NotEqual(first, widened.Thumbprint);
        Assert.True(widened.MatchesHostname("gateway.local"));
        Assert.True(File.Exists(_state.PkiFile("server.crt")));
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(_state.PkiFile("server.key")));
        }
    }

    [Fact]
    public void Stored_certificates_are_reissued_when_expired_or_missing()
    {
        var clock = new ManualTimeProvider(DateTimeOffset.UtcNow);
        using FleetCa ca = FleetCa.CreateOrLoad(_state.Path, timeProvider: clock);
        string server = ca.GetOrCreateServerCertificate().Thumbprint;
        string service = ca.GetOrCreateServiceCertificate().Thumbprint;

        clock.Advance(FleetCa.DefaultServerValidity); // within the 30-day renewal margin of expiry, and past it
        string renewedServer = ca.GetOrCreateServerCertificate().Thumbprint;
        File.Delete(_state.PkiFile("ingest.key"));
        using X509Certificate2 renewedService = ca.GetOrCreateServiceCertificate();

        Assert.NotEqual(server, renewedServer);
        Assert.NotEqual(service, renewedService.Thumbprint);
        Assert.Equal("ingest-1", renewedService.GetNameInfo(X509NameType.SimpleName, false));
        Assert.True(File.Exists(_state.PkiFile("ingest.key")));
    }

    [Fact]
    public void Stored_certificates_from_a_previous_CA_are_reissued()
    {
        using (FleetCa old = FleetCa.CreateOrLoad(_state.Path))
        {
            old.GetOrCreateServerCertificate().Dispose();
        }
        File.Delete(_state.PkiFile("ca.crt"));
        File.Delete(_state.PkiFile("ca.key"));
        using FleetCa fresh = FleetCa.CreateOrLoad(_state.Path);

        using X509Certificate2 server = fresh.GetOrCreateServerCertificate();

        Assert.Equal(fresh.Certificate.Subject, server.Issuer);
        Assert.True(fresh.ValidateServerCertificate(server, System.Net.Security.SslPolicyErrors.None).IsValid);
    }

    [Fact]
    public void PEM_export_round_trips_certificate_and_key()
    {
        using FleetCa ca = FleetCa.CreateOrLoad(_state.Path);
        using X509Certificate2 device = ca.IssueClientCertificate("dev-7", ClientRole.Device);
        string certificatePath = Path.Combine(_state.Path, "dev-7.crt");
        string keyPath = Path.Combine(_state.Path, "dev-7.key");

        CertificatePem.WriteFiles(device, certificatePath, keyPath);
        using X509Certificate2 loaded = X509Certificate2.CreateFromPemFile(certificatePath, keyPath);

        Assert.Equal(device.Thumbprint, loaded.Thumbprint);
        Assert.True(loaded.HasPrivateKey);
        Assert.StartsWith("-----BEGIN CERTIFICATE-----", CertificatePem.ExportCertificate(device));
        Assert.StartsWith("-----BEGIN PRIVATE KEY-----", CertificatePem.ExportPrivateKey(device));
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(keyPath));
        }
    }

    [Fact]
    public void Exporting_the_key_of_a_certificate_without_one_names_the_problem()
    {
        using FleetCa ca = FleetCa.CreateOrLoad(_state.Path);

        var error = Assert.Throws<ArgumentException>(() => CertificatePem.ExportPrivateKey(ca.Certificate));

        Assert.Contains("no ECDSA private key", error.Message);
    }

    [Fact]
    public void Missing_CA_key_next_to_an_existing_CA_certificate_is_an_error_naming_the_file()
    {
        FleetCa.CreateOrLoad(_state.Path).Dispose();
        File.Delete(_state.PkiFile("ca.key"));

        var error = Assert.Throws<FleetCaException>(() => FleetCa.CreateOrLoad(_state.Path));

        Assert.Equal(_state.PkiFile("ca.key"), error.Path);
        Assert.Contains("would lock out every provisioned device", error.Message);
        Assert.False(File.Exists(_state.PkiFile("ca.key"))); // nothing regenerated behind the operator's back
    }

    [Fact]
    public void Corrupt_CA_certificate_is_an_error_naming_the_file()
    {
        FleetCa.CreateOrLoad(_state.Path).Dispose();
        File.WriteAllText(_state.PkiFile("ca.crt"), "-----BEGIN CERTIFICATE-----\nnot base64!\n-----END CERTIFICATE-----\n");

        var error = Assert.Throws<FleetCaException>(() => FleetCa.CreateOrLoad(_state.Path));

        Assert.Equal(_state.PkiFile("ca.crt"), error.Path);
        Assert.Contains("PKCS#8", error.Message);
    }

    [Fact]
    public void CA_key_not_matching_the_CA_certificate_is_an_error_naming_the_file()
    {
        FleetCa.CreateOrLoad(_state.Path).Dispose();
        using var other = new TemporaryDirectory();
        FleetCa.CreateOrLoad(other.Path).Dispose();
        File.Copy(other.PkiFile("ca.key"), _state.PkiFile("ca.key"), overwrite: true);

        var error = Assert.Throws<FleetCaException>(() => FleetCa.CreateOrLoad(_state.Path));

        Assert.Equal(_state.PkiFile("ca.crt"), error.Path);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public void Empty_state_directory_is_rejected_naming_the_field(string stateDirectory)
    {
        var error = Assert.Throws<ArgumentException>(() => FleetCa.CreateOrLoad(stateDirectory));

        Assert.Equal("stateDirectory", error.ParamName);
    }

    [Fact]
    public void State_directory_that_is_a_file_is_rejected_naming_the_field()
    {
        string file = Path.Combine(_state.Path, "not-a-folder");
        File.WriteAllText(file, "x");

        var error = Assert.Throws<ArgumentException>(() => FleetCa.CreateOrLoad(file));

        Assert.Equal("stateDirectory", error.ParamName);
        Assert.Contains("is a file", error.Message);
    }

    [Theory]
    [InlineData("Evil, CN=root")]
    [InlineData("")]
    [InlineData("line\nbreak")]
    public void Unsafe_organization_is_rejected_naming_the_field(string organization)
    {
        var error = Assert.Throws<ArgumentException>(() => FleetCa.CreateOrLoad(_state.Path, organization));

        Assert.Equal("organization", error.ParamName);
    }

    [Fact]
    public void Revoked_device_is_reported_revoked_also_by_a_later_instance()
    {
        X509Certificate2 device;
        X509Certificate2 other;
        using (FleetCa ca = FleetCa.CreateOrLoad(_state.Path))
        {
            device = ca.IssueClientCertificate("lost-7", ClientRole.Device);
            other = ca.IssueClientCertificate("kept-8", ClientRole.Device);
            ca.Revoke("lost-7", "stolen from pole 12");
            Assert.True(ca.IsRevoked(device));
        }
        using X509Certificate2 revokedDevice = device;
        using X509Certificate2 keptDevice = other;
        using FleetCa reloaded = FleetCa.CreateOrLoad(_state.Path);

        Assert.True(reloaded.IsRevoked(device));
        Assert.False(reloaded.IsRevoked(other));
        CertificateCheck check = reloaded.ValidateClientCertificate(device);
        Assert.False(check.IsValid);
        Assert.Contains("revoked", check.Reason);
        Assert.Contains("stolen from pole 12", check.Reason);
        RevocationEntry entry = Assert.Single(reloaded.Revocations.ReadAll());
        Assert.Equal("lost-7", entry.Key);
        Assert.NotNull(entry.RevokedAt);
    }

    [Fact]
    public void Revoking_one_certificate_by_serial_leaves_a_reissued_one_valid()
    {
        using FleetCa ca = FleetCa.CreateOrLoad(_state.Path);
        using X509Certificate2 lost = ca.IssueClientCertificate("air-9", ClientRole.Device);
        using X509Certificate2 replacement = ca.IssueClientCertificate("air-9", ClientRole.Device);

        ca.RevokeCertificate(lost, "key leaked");

        Assert.True(ca.IsRevoked(lost));
        Assert.False(ca.IsRevoked(replacement));
        Assert.Contains("serial:" + lost.SerialNumber, File.ReadAllText(_state.PkiFile("revoked.txt")));
    }

    [Fact]
    public void Revocation_written_by_another_process_is_seen_without_reloading()
    {
        using FleetCa ca = FleetCa.CreateOrLoad(_state.Path);
        using X509Certificate2 device = ca.IssueClientCertificate("pole-3", ClientRole.Device);
        Assert.False(ca.IsRevoked(device));

        File.AppendAllText(_state.PkiFile("revoked.txt"), "pole-3\t2030-01-01T00:00:00Z\tdecommissioned\n");

        Assert.True(ca.IsRevoked(device));
    }

    [Theory]
    [InlineData("two\nlines")]
    [InlineData("tab\tinside")]
    public void Revocation_reason_must_be_one_line(string reason)
    {
        using FleetCa ca = FleetCa.CreateOrLoad(_state.Path);

        var error = Assert.Throws<ArgumentException>(() => ca.Revoke("dev-1", reason));

        Assert.Equal("reason", error.ParamName);
        Assert.False(File.Exists(_state.PkiFile("revoked.txt")));
    }

    [Fact]
    public void Revoking_an_invalid_device_id_names_the_field()
    {
        using FleetCa ca = FleetCa.CreateOrLoad(_state.Path);

        var error = Assert.Throws<ArgumentException>(() => ca.Revoke("../etc", "x"));

        Assert.Equal("device.id", error.ParamName);
    }

    [Fact]
    public void Certificate_of_another_CA_is_refused_with_the_reason()
    {
        using var otherState = new TemporaryDirectory();
        using FleetCa ca = FleetCa.CreateOrLoad(_state.Path);
        using FleetCa other = FleetCa.CreateOrLoad(otherState.Path);
        using X509Certificate2 foreign = other.IssueClientCertificate("dev-1", ClientRole.Device);

        CertificateCheck check = ca.ValidateClientCertificate(foreign);

        Assert.False(check.IsValid);
        Assert.Contains("not issued by the fleet CA", check.Reason);
        Assert.Equal("dev-1", check.Identity);
    }

    [Fact]
    public void Self_signed_certificate_copying_the_CA_subject_is_refused()
    {
        using FleetCa ca = FleetCa.CreateOrLoad(_state.Path);
        using ECDsa key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(ca.Certificate.Subject, key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(new OidCollection { new Oid(ClientAuth) }, false));
        using X509Certificate2 forged = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddHours(-1), DateTimeOffset.UtcNow.AddDays(1));

        Assert.False(ca.ValidateClientCertificate(forged).IsValid);
    }

    [Fact]
    public void Expired_and_not_yet_valid_certificates_are_refused_with_the_reason()
    {
        using FleetCa ca = FleetCa.CreateOrLoad(_state.Path);
        using X509Certificate2 expired = ca.IssueClientCertificate("dev-1", ClientRole.Device, TimeSpan.FromMinutes(10), DateTimeOffset.UtcNow.AddMinutes(-50));
        using X509Certificate2 future = ca.IssueClientCertificate("dev-2", ClientRole.Device, TimeSpan.FromDays(1), DateTimeOffset.UtcNow.AddDays(1));

        Assert.StartsWith("certificate expired on", ca.ValidateClientCertificate(expired).Reason);
        Assert.StartsWith("certificate not yet valid", ca.ValidateClientCertificate(future).Reason);
    }

    [Fact]
    public void Server_certificate_is_not_accepted_as_a_client_certificate()
    {
        using FleetCa ca = FleetCa.CreateOrLoad(_state.Path);
        using X509Certificate2 server = ca.IssueServerCertificate(null);

        CertificateCheck check = ca.ValidateClientCertificate(server);

        Assert.False(check.IsValid);
        Assert.Contains("clientAuth", check.Reason);
    }

    [Fact]
    public void Missing_client_certificate_is_refused_with_the_reason()
    {
        using FleetCa ca = FleetCa.CreateOrLoad(_state.Path);

        Assert.Equal("no client certificate presented", ca.ValidateClientCertificate(null).Reason);
    }

    private static string[] EnhancedKeyUsages(X509Certificate2 certificate) =>
        certificate.Extensions.OfType<X509EnhancedKeyUsageExtension>().Single().EnhancedKeyUsages.Cast<Oid>().Select(o => o.Value!).ToArray();
}
