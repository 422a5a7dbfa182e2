using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Net;
using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace Gateway.Ingest.Pki;

/// <summary>
/// The fleet certificate authority: one ECDSA P-256 / SHA-256 CA per installation, kept in {state}/pki/
/// (ca.crt PEM, ca.key PKCS#8 PEM, owner-only permissions), that issues the broker's server certificate, the ingestion
/// service's client certificate and one client certificate per device (CN = device id, OU = device).
/// It also keeps the revocation list and checks presented certificates (<see cref="ValidateClientCertificate"/>).
/// Thread-safe after construction.
/// </summary>
public sealed class FleetCa : IDisposable
{
    /// <summary>Organization (O=) of a newly created CA unless another is given.</summary>
    public const string DefaultOrganization = "Gateway";

    /// <summary>Common name of the CA certificate.</summary>
    public const string CaCommonName = "Gateway Fleet CA";

    /// <summary>Identity of the first ingestion instance (CN of ingest.crt).</summary>
    public const string DefaultServiceIdentity = "ingest-1";

    /// <summary>Lifetime of a new CA: 10 years.</summary>
    public static readonly TimeSpan CaValidity = TimeSpan.FromDays(3652);

    /// <summary>Default lifetime of a device certificate: 5 years (a device in the field is rarely re-provisioned).</summary>
    public static readonly TimeSpan DefaultDeviceValidity = TimeSpan.FromDays(1826);

    /// <summary>Default lifetime of a service certificate: 2 years; ingest.crt is re-issued automatically when expired.</summary>
    public static readonly TimeSpan DefaultServiceValidity = TimeSpan.FromDays(730);

    /// <summary>Default lifetime of the broker's server certificate: 2 years; server.crt is re-issued automatically when expired.</summary>
    public static readonly TimeSpan DefaultServerValidity = TimeSpan.FromDays(730);

    /// <summary>Host names and addresses every server certificate carries, so loopback clients can always verify it.</summary>
    public static readonly IReadOnlyList<string> LoopbackHostNames = new[] { "localhost", "127.0.0.1", "::1" };

    /// <summary>Issued certificates start this long before "now", so a peer whose clock is a little behind accepts them.</summary>
    private static readonly TimeSpan ClockSkewAllowance = TimeSpan.FromHours(1);

    /// <summary>Certificates kept on disk are re-issued when they expire within this margin.</summary>
    private static readonly TimeSpan RenewalMargin = TimeSpan.FromDays(30);

    private const string ServerAuthOid = "1.3.6.1.5.5.7.3.1";
    private const string ClientAuthOid = "1.3.6.1.5.5.7.3.2";

    private readonly X509Certificate2 _caWithKey;
    private readonly X509Certificate2 _caPublic;
    private readonly RevocationList _revocations;
    private readonly TimeProvider _time;
    private readonly object _issuedFilesGate = new();

    private FleetCa(string pkiDirectory, X509Certificate2 caWithKey, bool created, TimeProvider time)
    {
        PkiDirectory = pkiDirectory;
        _caWithKey = caWithKey;
        _caPublic = X509CertificateLoader.LoadCertificate(caWithKey.RawData);
        WasCreated = created;
        CaCertificatePem = CertificatePem.ExportCertificate(_caPublic);
        _time = time;
        _revocations = new RevocationList(System.IO.Path.Combine(pkiDirectory, "revoked.txt"));
        Organization = FleetIdentity.ReadAttribute(caWithKey.SubjectName, "2.5.4.10") ?? DefaultOrganization;
    }

    /// <summary>{state}/pki.</summary>
    public string PkiDirectory { get; }

    /// <summary>Path of the CA certificate PEM ({state}/pki/ca.crt), the trust anchor to install on devices and clients.</summary>
    public string CertificatePath => System.IO.Path.Combine(PkiDirectory, "ca.crt");

    /// <summary>The CA certificate, without its private key.</summary>
    public X509Certificate2 Certificate => _caPublic;

    /// <summary>The CA certificate as PEM (the content of ca.crt), to install as the only trust anchor on devices and clients.</summary>
    public string CaCertificatePem { get; }

    /// <summary>The O= of the CA subject; issued certificates carry the same.</summary>
    public string Organization { get; }

    /// <summary>True if this call created the CA (first run), false if it was loaded.</summary>
    public bool WasCreated { get; }

    /// <summary>The revocation list ({state}/pki/revoked.txt).</summary>
    public RevocationList Revocations => _revocations;

    /// <summary>
    /// Loads the fleet CA from {stateDirectory}/pki/, or creates it there on first run (folder 0700, key 0600 on Unix).
    /// <paramref name="organization"/> is used only when creating; a loaded CA keeps its own.
    /// </summary>
    /// <param name="stateDirectory">The installation's state folder (created if missing).</param>
    /// <param name="organization">O= of a new CA: 1..64 printable characters without ',', '+', '=', '"', '\\', '&lt;', '&gt;', ';'.</param>
    /// <param name="timeProvider">Clock for validity periods and checks; the system clock by default.</param>
    /// <exception cref="ArgumentException">The state folder or organization is not accepted (the message names which).</exception>
    /// <exception cref="FleetCaException">Existing files cannot be used: half a key pair, unreadable PEM, not a CA, expired.</exception>
    public static FleetCa CreateOrLoad(string stateDirectory, string organization = DefaultOrganization, TimeProvider? timeProvider = null)
    {
        ValidateStateDirectory(stateDirectory, nameof(stateDirectory));
        ValidateOrganization(organization);
        TimeProvider time = timeProvider ?? TimeProvider.System;
        string pki = System.IO.Path.Combine(System.IO.Path.GetFullPath(stateDirectory), "pki");
        try
        {
            SecureFiles.EnsurePrivateDirectory(pki);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            throw new FleetCaException(pki, "cannot create or restrict the PKI folder: " + exception.Message, exception);
        }
        string certificatePath = System.IO.Path.Combine(pki, "ca.crt");
        string keyPath = System.IO.Path.Combine(pki, "ca.key");
        bool certificateExists = File.Exists(certificatePath);
        bool keyExists = File.Exists(keyPath);
        if (certificateExists != keyExists)
        {
            string missing = certificateExists ? keyPath : certificatePath;
            throw new FleetCaException(missing,
                "is missing while its pair exists. Restore it from backup; a new CA would lock out every provisioned device. " +
                "To start a new fleet on purpose, move the whole pki folder away.");
        }
        if (certificateExists)
        {
            X509Certificate2 loaded = CertificatePem.LoadFiles(certificatePath, keyPath);
            EnsureUsableCa(loaded, certificatePath, time.GetUtcNow());
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(keyPath, SecureFiles.SecretFileMode);
            }
            return new FleetCa(pki, loaded, created: false, time);
        }
        X509Certificate2 created = CreateCaCertificate(organization, time.GetUtcNow());
        // Key first: if we crash in between, the next run reports the missing ca.crt instead of silently making a new CA.
        CertificatePem.WriteFiles(created, certificatePath, keyPath);
        return new FleetCa(pki, SecureFiles.UsableForTls(created), created: true, time);
    }

    /// <summary>
    /// Issues a server certificate (serverAuth) for the broker, valid for the given host names and IP addresses plus
    /// localhost, 127.0.0.1 and ::1. Not written to disk (see <see cref="GetOrCreateServerCertificate"/>).
    /// </summary>
    /// <param name="hostNamesOrAddresses">DNS names (letters, digits, '-', '.') or IPv4/IPv6 literals; may be empty.</param>
    /// <param name="validity">Lifetime; <see cref="DefaultServerValidity"/> by default; clipped to the CA's own expiry.</param>
    /// <exception cref="ArgumentException">A host name is not accepted (the message names it).</exception>
    public X509Certificate2 IssueServerCertificate(IEnumerable<string>? hostNamesOrAddresses, TimeSpan? validity = null)
    {
        List<string> names = NormalizeHostNames(hostNamesOrAddresses);
        var san = new SubjectAlternativeNameBuilder();
        foreach (string name in names)
        {
            if (IPAddress.TryParse(name, out IPAddress? address))
            {
                san.AddIpAddress(address);
            }
            else
            {
                san.AddDnsName(name);
            }
        }
        string subject = $"CN={names[0]}, OU={FleetIdentity.ServerUnit}, O={Organization}";
        return Issue(subject, ServerAuthOid, san.Build(critical: false), validity ?? DefaultServerValidity, requestedNotBefore: null, "validity");
    }

    /// <summary>
    /// Issues a client certificate (clientAuth) for a device (CN = device id, OU = device) or an ingestion service
    /// (CN = e.g. ingest-1, OU = service). The returned certificate carries its private key; export it with <see cref="CertificatePem"/>.
    /// </summary>
    /// <param name="identity">Device id or service identity: [a-z0-9][a-z0-9-_]{0,62}.</param>
    /// <param name="role">Device or Service.</param>
    /// <param name="validity">Lifetime; 5 years for devices and 2 for services by default; clipped to the CA's own expiry.</param>
    /// <param name="notBefore">Start of validity; "now minus one hour" by default (never before the CA's own start).</param>
    /// <exception cref="ArgumentException">The identity, role or validity is not accepted (the message names the field).</exception>
    public X509Certificate2 IssueClientCertificate(string identity, ClientRole role, TimeSpan? validity = null, DateTimeOffset? notBefore = null)
    {
        string field = role == ClientRole.Device ? "device.id" : "service identity";
        if (role is not (ClientRole.Device or ClientRole.Service))
        {
            throw new ArgumentException($"role {(int)role} is not accepted: expected Device or Service.", nameof(role));
        }
        FleetIdentity.EnsureValidIdentifier(identity, field);
        TimeSpan lifetime = validity ?? (role == ClientRole.Device ? DefaultDeviceValidity : DefaultServiceValidity);
        string subject = $"CN={identity}, OU={FleetIdentity.UnitOf(role)}, O={Organization}";
        return Issue(subject, ClientAuthOid, subjectAlternativeName: null, lifetime, notBefore, nameof(validity));
    }

    /// <summary>
    /// The broker's server certificate from {state}/pki/server.crt/.key, issued on first use and re-issued when it is missing,
    /// unreadable, expires within 30 days, lacks one of the requested names, or was issued by another CA.
    /// </summary>
    /// <param name="extraHostNames">Names/addresses besides localhost, 127.0.0.1 and ::1.</param>
    public X509Certificate2 GetOrCreateServerCertificate(IEnumerable<string>? extraHostNames = null)
    {
        List<string> wanted = NormalizeHostNames(extraHostNames);
        return GetOrCreateStored("server", existing => CoversHostNames(existing, wanted), () => IssueServerCertificate(wanted));
    }

    /// <summary>
    /// The ingestion service's client certificate from {state}/pki/ingest.crt/.key, issued on first use and re-issued when missing,
    /// unreadable, expiring within 30 days, issued by another CA, or naming another identity.
    /// </summary>
    /// <param name="identity">Service identity (CN), "ingest-1" by default.</param>
    public X509Certificate2 GetOrCreateServiceCertificate(string identity = DefaultServiceIdentity)
    {
        FleetIdentity.EnsureValidIdentifier(identity, "service identity");
        return GetOrCreateStored("ingest",
            existing => FleetIdentity.TryRead(existing, out string id, out ClientRole role, out _) && id == identity && role == ClientRole.Service,
            () => IssueClientCertificate(identity, ClientRole.Service));
    }

    /// <summary>Revokes every certificate whose CN is <paramref name="deviceId"/> (appends to revoked.txt with the date and reason).</summary>
    /// <exception cref="ArgumentException">The device id or reason is not accepted (the message names which).</exception>
    public void Revoke(string deviceId, string reason)
    {
        FleetIdentity.EnsureValidIdentifier(deviceId, "device.id");
        _revocations.Add(deviceId, reason, _time.GetUtcNow());
    }

    /// <summary>Revokes one certificate by serial number (e.g. a lost device that was re-provisioned under the same id).</summary>
    /// <param name="certificate">The certificate to revoke.</param>
    /// <param name="reason">One line, at most 200 characters.</param>
    public void RevokeCertificate(X509Certificate2 certificate, string reason)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        _revocations.Add(RevocationList.SerialPrefix + certificate.SerialNumber.ToUpperInvariant(), reason, _time.GetUtcNow());
    }

    /// <summary>True when the certificate's serial number or its CN (device id) is on the revocation list.</summary>
    public bool IsRevoked(X509Certificate2 certificate) => FindRevocation(certificate) is not null;

    /// <summary>
    /// Checks a certificate presented by a TLS client: chained to this CA (no other trust anchor, no online revocation check),
    /// within its validity dates, clientAuth EKU, subject CN a valid identity with OU=device or OU=service, not revoked.
    /// Never throws; the reason names what failed.
    /// </summary>
    public CertificateCheck ValidateClientCertificate(X509Certificate? presented)
    {
        if (presented is null)
        {
            return CertificateCheck.Refused("no client certificate presented");
        }
        try
        {
            using X509Certificate2 certificate = X509CertificateLoader.LoadCertificate(presented.GetRawCertData());
            string? commonName = FleetIdentity.ReadAttribute(certificate.SubjectName, FleetIdentity.CommonNameOid);
            string? chainError = CheckChain(certificate);
            if (chainError is not null)
            {
                return CertificateCheck.Refused(chainError, commonName);
            }
            string? dateError = CheckDates(certificate);
            if (dateError is not null)
            {
                return CertificateCheck.Refused(dateError, commonName);
            }
            if (!HasExtendedKeyUsage(certificate, ClientAuthOid))
            {
                return CertificateCheck.Refused("certificate lacks the clientAuth extended key usage", commonName);
            }
            if (!FleetIdentity.TryRead(certificate, out string identity, out ClientRole role, out string identityError))
            {
                return CertificateCheck.Refused(identityError, commonName);
            }
            RevocationEntry? revoked = FindRevocation(certificate);
            if (revoked is not null)
            {
                string when = revoked.RevokedAt is { } at ? " on " + at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture) : string.Empty;
                return CertificateCheck.Refused($"certificate revoked{when} ({revoked.Key}): {revoked.Reason}", identity);
            }
            return new CertificateCheck(true, identity, role, "accepted");
        }
        catch (Exception exception) when (exception is CryptographicException or ArgumentException or IOException)
        {
            return CertificateCheck.Refused("certificate cannot be read: " + exception.Message);
        }
    }

    /// <summary>
    /// Checks the broker's certificate from a client's side: chained to this CA, within its dates, serverAuth EKU, and no host
    /// name mismatch reported by TLS (<paramref name="policyErrors"/>). Never throws.
    /// </summary>
    public CertificateCheck ValidateServerCertificate(X509Certificate? presented, SslPolicyErrors policyErrors)
    {
        if (presented is null)
        {
            return CertificateCheck.Refused("no server certificate presented");
        }
        if ((policyErrors & SslPolicyErrors.RemoteCertificateNameMismatch) != 0)
        {
            return CertificateCheck.Refused("server certificate does not name the host connected to");
        }
        try
        {
            using X509Certificate2 certificate = X509CertificateLoader.LoadCertificate(presented.GetRawCertData());
            string? commonName = FleetIdentity.ReadAttribute(certificate.SubjectName, FleetIdentity.CommonNameOid);
            string? error = CheckChain(certificate) ?? CheckDates(certificate)
                ?? (HasExtendedKeyUsage(certificate, ServerAuthOid) ? null : "certificate lacks the serverAuth extended key usage");
            return error is null ? new CertificateCheck(true, commonName, null, "accepted") : CertificateCheck.Refused(error, commonName);
        }
        catch (Exception exception) when (exception is CryptographicException or ArgumentException or IOException)
        {
            return CertificateCheck.Refused("certificate cannot be read: " + exception.Message);
        }
    }

    /// <summary>A TLS callback for clients (simulated devices, ingestion) that trusts only this CA; see <see cref="ValidateServerCertificate"/>.</summary>
    public RemoteCertificateValidationCallback CreateServerCertificateValidationCallback() =>
        (_, certificate, _, errors) => ValidateServerCertificate(certificate, errors).IsValid;

    /// <summary>Releases the CA key.</summary>
    public void Dispose()
    {
        _caWithKey.Dispose();
        _caPublic.Dispose();
    }

    internal static void ValidateStateDirectory(string? stateDirectory, string field)
    {
        if (string.IsNullOrWhiteSpace(stateDirectory))
        {
            throw new ArgumentException($"{field} is empty: expected the path of a folder for the installation's state (created if missing).", field);
        }
        if (stateDirectory.IndexOfAny(System.IO.Path.GetInvalidPathChars()) >= 0 || stateDirectory.Contains('\0'))
        {
            throw new ArgumentException($"{field} '{FleetIdentity.Printable(stateDirectory)}' contains characters not allowed in a path.", field);
        }
        if (File.Exists(stateDirectory))
        {
            throw new ArgumentException($"{field} '{stateDirectory}' is a file: expected a folder (created if missing).", field);
        }
    }

    private static void ValidateOrganization(string? organization)
    {
        const string field = "organization";
        if (string.IsNullOrWhiteSpace(organization) || organization.Length > 64 || organization.Trim() != organization)
        {
            throw new ArgumentException($"{field} '{FleetIdentity.Printable(organization)}' is not accepted: expected 1..64 characters without leading or trailing spaces.", field);
        }
        foreach (char c in organization)
        {
            if (char.IsControl(c) || ",+=\"\\<>;#".Contains(c))
            {
                throw new ArgumentException($"{field} '{FleetIdentity.Printable(organization)}' is not accepted: the characters , + = \" \\ < > ; # and control characters are not allowed.", field);
            }
        }
    }

    private static X509Certificate2 CreateCaCertificate(string organization, DateTimeOffset now)
    {
        using ECDsa key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={CaCommonName}, O={organization}", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(certificateAuthority: true, hasPathLengthConstraint: true, pathLengthConstraint: 0, critical: true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, critical: true));
        var subjectKeyIdentifier = new X509SubjectKeyIdentifierExtension(request.PublicKey, critical: false);
        request.CertificateExtensions.Add(subjectKeyIdentifier);
        // Start a day early: devices' clocks come from SNTP, but a fleet provisioned right after creation must not trip over skew.
        DateTimeOffset notBefore = Truncate(now - TimeSpan.FromDays(1));
        return request.CreateSelfSigned(notBefore, Truncate(now + CaValidity));
    }

    private static void EnsureUsableCa(X509Certificate2 certificate, string path, DateTimeOffset now)
    {
        using (ECDsa? key = certificate.HasPrivateKey ? certificate.GetECDsaPrivateKey() : null)
        {
            if (key is null)
            {
                throw new FleetCaException(path, "the CA key is not an ECDSA key (expected P-256, PKCS#8 PEM).");
            }
        }
        bool isCa = false;
        foreach (X509Extension extension in certificate.Extensions)
        {
            if (extension is X509BasicConstraintsExtension constraints && constraints.CertificateAuthority)
            {
                isCa = true;
            }
        }
        if (!isCa)
        {
            throw new FleetCaException(path, "is not a CA certificate (basic constraints CA=true is missing).");
        }
        if (now > certificate.NotAfter.ToUniversalTime())
        {
            throw new FleetCaException(path,
                $"the fleet CA expired on {certificate.NotAfter.ToUniversalTime():u}. Every device certificate it issued is expired too: " +
                "move the pki folder away to create a new CA and re-provision the fleet.");
        }
    }

    private X509Certificate2 Issue(string subject, string extendedKeyUsageOid, X509Extension? subjectAlternativeName,
        TimeSpan lifetime, DateTimeOffset? requestedNotBefore, string validityField)
    {
        if (lifetime <= TimeSpan.Zero || lifetime > CaValidity)
        {
            throw new ArgumentException($"{validityField} {lifetime} is not accepted: expected more than zero and at most {CaValidity.TotalDays:0} days.", validityField);
        }
        DateTimeOffset caNotBefore = new DateTimeOffset(_caWithKey.NotBefore.ToUniversalTime(), TimeSpan.Zero);
        DateTimeOffset caNotAfter = new DateTimeOffset(_caWithKey.NotAfter.ToUniversalTime(), TimeSpan.Zero);
        DateTimeOffset notBefore = Truncate(requestedNotBefore ?? _time.GetUtcNow() - ClockSkewAllowance);
        if (notBefore < caNotBefore)
        {
            notBefore = caNotBefore;
        }
        DateTimeOffset notAfter = Truncate(notBefore + lifetime);
        if (notAfter > caNotAfter)
        {
            notAfter = caNotAfter; // a certificate cannot outlive its issuer
        }
        if (notAfter <= notBefore)
        {
            throw new ArgumentException($"{validityField}: the certificate would end ({notAfter:u}) before it starts ({notBefore:u}); the CA is valid from {caNotBefore:u} to {caNotAfter:u}.", validityField);
        }
        using ECDsa key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(certificateAuthority: false, hasPathLengthConstraint: false, pathLengthConstraint: 0, critical: true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, critical: true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(new OidCollection { new Oid(extendedKeyUsageOid) }, critical: false));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, critical: false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(_caWithKey, includeKeyIdentifier: true, includeIssuerAndSerial: false));
        if (subjectAlternativeName is not null)
        {
            request.CertificateExtensions.Add(subjectAlternativeName);
        }
        using X509Certificate2 withoutKey = request.Create(_caWithKey, notBefore, notAfter, NewSerialNumber());
        return SecureFiles.UsableForTls(withoutKey.CopyWithPrivateKey(key));
    }

    private X509Certificate2 GetOrCreateStored(string baseName, Func<X509Certificate2, bool> isWanted, Func<X509Certificate2> issue)
    {
        string certificatePath = System.IO.Path.Combine(PkiDirectory, baseName + ".crt");
        string keyPath = System.IO.Path.Combine(PkiDirectory, baseName + ".key");
        lock (_issuedFilesGate)
        {
            if (File.Exists(certificatePath) && File.Exists(keyPath))
            {
                try
                {
                    X509Certificate2 existing = CertificatePem.LoadFiles(certificatePath, keyPath);
                    DateTimeOffset now = _time.GetUtcNow();
                    bool fresh = existing.NotAfter.ToUniversalTime() - RenewalMargin > now.UtcDateTime
                        && existing.NotBefore.ToUniversalTime() <= now.UtcDateTime;
                    if (fresh && CheckChain(existing) is null && isWanted(existing) && !IsRevoked(existing))
                    {
                        return existing;
                    }
                    existing.Dispose();
                }
                catch (FleetCaException)
                {
                    // Unreadable or half-written: re-issue below. These are derived files, the CA is the only irreplaceable one.
                }
            }
            X509Certificate2 issued = issue();
            CertificatePem.WriteFiles(issued, certificatePath, keyPath);
            return issued;
        }
    }

    private RevocationEntry? FindRevocation(X509Certificate2 certificate)
    {
        RevocationEntry? bySerial = _revocations.Find(RevocationList.SerialPrefix + certificate.SerialNumber.ToUpperInvariant());
        if (bySerial is not null)
        {
            return bySerial;
        }
        string? commonName = FleetIdentity.ReadAttribute(certificate.SubjectName, FleetIdentity.CommonNameOid);
        return commonName is not null && FleetIdentity.IsValidIdentifier(commonName) ? _revocations.Find(commonName) : null;
    }

    /// <summary>Null when the certificate chains to this CA and only this CA; otherwise why not. Dates are checked separately.</summary>
    private string? CheckChain(X509Certificate2 certificate)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(_caPublic);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck; // our own list instead; no outside network
        chain.ChainPolicy.DisableCertificateDownloads = true;
        chain.ChainPolicy.VerificationFlags = X509VerificationFlags.IgnoreNotTimeValid | X509VerificationFlags.IgnoreCtlNotTimeValid;
        chain.ChainPolicy.VerificationTime = _time.GetUtcNow().UtcDateTime;
        bool built = chain.Build(certificate);
        if (built && chain.ChainElements.Count == 2 && chain.ChainElements[1].Certificate.RawDataMemory.Span.SequenceEqual(_caPublic.RawDataMemory.Span))
        {
            return null;
        }
        if (certificate.RawDataMemory.Span.SequenceEqual(_caPublic.RawDataMemory.Span))
        {
            return "the fleet CA certificate itself is not a client or server certificate";
        }
        var statuses = new StringBuilder();
        foreach (X509ChainStatus status in chain.ChainStatus)
        {
            if (statuses.Length > 0)
            {
                statuses.Append(", ");
            }
            statuses.Append(status.Status);
        }
        string chainText = statuses.Length == 0 ? "not a direct child of the CA" : statuses.ToString();
        return $"certificate not issued by the fleet CA (issuer '{certificate.Issuer}' key id {AuthorityKeyId(certificate)}; " +
            $"fleet CA '{_caPublic.Subject}' key id {SubjectKeyId(_caPublic)}; chain: {chainText})";
    }

    /// <summary>The authority key identifier (hex) of a certificate, to tell two CAs with the same name apart in messages.</summary>
    private static string AuthorityKeyId(X509Certificate2 certificate)
    {
        foreach (X509Extension extension in certificate.Extensions)
        {
            if (extension is X509AuthorityKeyIdentifierExtension authority && authority.KeyIdentifier is { } id)
            {
                return Convert.ToHexString(id.Span);
            }
        }
        return "none";
    }

    private static string SubjectKeyId(X509Certificate2 certificate)
    {
        foreach (X509Extension extension in certificate.Extensions)
        {
            if (extension is X509SubjectKeyIdentifierExtension subject && subject.SubjectKeyIdentifier is { } id)
            {
                return id;
            }
        }
        return "none";
    }

    private string? CheckDates(X509Certificate2 certificate)
    {
        DateTime now = _time.GetUtcNow().UtcDateTime;
        DateTime notBefore = certificate.NotBefore.ToUniversalTime();
        DateTime notAfter = certificate.NotAfter.ToUniversalTime();
        if (now < notBefore)
        {
            return $"certificate not yet valid (valid from {notBefore:u})";
        }
        if (now > notAfter)
        {
            return $"certificate expired on {notAfter:u}";
        }
        return null;
    }

    private static bool HasExtendedKeyUsage(X509Certificate2 certificate, string oid)
    {
        foreach (X509Extension extension in certificate.Extensions)
        {
            if (extension is X509EnhancedKeyUsageExtension usage)
            {
                foreach (Oid entry in usage.EnhancedKeyUsages)
                {
                    if (entry.Value == oid)
                    {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    private static bool CoversHostNames(X509Certificate2 certificate, List<string> wanted)
    {
        var present = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (X509Extension extension in certificate.Extensions)
        {
            if (extension is X509SubjectAlternativeNameExtension san)
            {
                foreach (string dns in san.EnumerateDnsNames())
                {
                    present.Add(dns);
                }
                foreach (IPAddress address in san.EnumerateIPAddresses())
                {
                    present.Add(address.ToString());
                }
            }
        }
        if (!HasExtendedKeyUsage(certificate, ServerAuthOid))
        {
            return false;
        }
        foreach (string name in wanted)
        {
            string key = IPAddress.TryParse(name, out IPAddress? address) ? address.ToString() : name;
            if (!present.Contains(key))
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>Loopback names first, then the given ones, de-duplicated and validated.</summary>
    private static List<string> NormalizeHostNames(IEnumerable<string>? hostNamesOrAddresses)
    {
        var result = new List<string>();
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (string name in LoopbackHostNames)
        {
            if (seen.Add(name))
            {
                result.Add(name);
            }
        }
        if (hostNamesOrAddresses is not null)
        {
            foreach (string? raw in hostNamesOrAddresses)
            {
                string name = NormalizeHostName(raw);
                if (seen.Add(name))
                {
                    result.Add(name);
                }
            }
        }
        return result;
    }

    private static string NormalizeHostName(string? raw)
    {
        const string field = "server host name";
        string value = (raw ?? string.Empty).Trim();
        if (IPAddress.TryParse(value, out IPAddress? address) && (value.Contains(':') || value.Split('.').Length == 4))
        {
            return address.ToString();
        }
        if (value.Length is < 1 or > 253)
        {
            throw new ArgumentException($"{field} '{FleetIdentity.Printable(raw)}' is not accepted: expected a DNS name of 1..253 characters or an IPv4/IPv6 address.", field);
        }
        foreach (string label in value.Split('.'))
        {
            bool ok = label.Length is >= 1 and <= 63 && label[0] != '-' && label[^1] != '-';
            foreach (char c in label)
            {
                ok &= char.IsAsciiLetterOrDigit(c) || c == '-';
            }
            if (!ok)
            {
                throw new ArgumentException($"{field} '{FleetIdentity.Printable(raw)}' is not accepted: DNS labels are 1..63 letters, digits or '-' (not at either end), separated by '.'; or give an IPv4/IPv6 address.", field);
            }
        }
        return value.ToLowerInvariant();
    }

    private static byte[] NewSerialNumber()
    {
        // RFC 5280 §4.1.2.2: positive, at most 20 octets; CA/B forum asks for at least 64 random bits. 16 random bytes, top bit clear.
        byte[] serial = RandomNumberGenerator.GetBytes(16);
        serial[0] = (byte)((serial[0] & 0x7F) | 0x40);
        return serial;
    }

    private static DateTimeOffset Truncate(DateTimeOffset value) =>
        new(value.UtcDateTime.Ticks - value.UtcDateTime.Ticks % TimeSpan.TicksPerSecond, TimeSpan.Zero);
}
