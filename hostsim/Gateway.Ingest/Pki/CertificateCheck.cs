namespace Gateway.Ingest.Pki;

/// <summary>Outcome of checking a presented certificate against the fleet CA.</summary>
/// <param name="IsValid">True when the certificate is accepted.</param>
/// <param name="Identity">The subject CN when it could be read (also on most refusals, for the audit log), else null.</param>
/// <param name="Role">The role from the subject OU when accepted as a client certificate, else null.</param>
/// <param name="Reason">Why it was refused ("certificate expired on ..."), or "accepted".</param>
public sealed record CertificateCheck(bool IsValid, string? Identity, ClientRole? Role, string Reason)
{
    internal static CertificateCheck Refused(string reason, string? identity = null) => new(false, identity, null, reason);
}
