using System;

namespace Gateway.Ingest.Audit;

/// <summary>Kinds of audited events (the plan's log-retention duty: connections, authentication, access, deletions).</summary>
public static class AuditKinds
{
    /// <summary>A client connected and was authenticated.</summary>
    public const string Connected = "connected";
    /// <summary>A client disconnected.</summary>
    public const string Disconnected = "disconnected";
    /// <summary>A connection was refused: no certificate, wrong CA, expired, revoked, client id not matching the certificate.</summary>
    public const string AuthenticationFailed = "auth_failed";
    /// <summary>A publish or subscribe outside the client's own topics was refused.</summary>
    public const string AccessDenied = "acl_denied";
    /// <summary>Data of a device was deleted on request.</summary>
    public const string Deletion = "deletion";
    /// <summary>The retention policy removed old data.</summary>
    public const string Retention = "retention";
}

/// <summary>One audit log entry.</summary>
/// <param name="Time">When it happened (UTC).</param>
/// <param name="Kind">One of <see cref="AuditKinds"/>.</param>
/// <param name="Subject">Device or client identity concerned (certificate subject), or null when unknown.</param>
/// <param name="Remote">Remote endpoint (address:port), or null.</param>
/// <param name="Detail">What happened and why, e.g. "certificate not issued by the fleet CA".</param>
public sealed record AuditEvent(DateTimeOffset Time, string Kind, string? Subject, string? Remote, string Detail);

/// <summary>Where audit events go. Implementations must be thread-safe and must not throw into the caller.</summary>
public interface IAuditLog
{
    /// <summary>Records an event.</summary>
    void Record(AuditEvent auditEvent);
}
