using System;
using System.Security.Cryptography.X509Certificates;

namespace Gateway.Ingest.Pki;

/// <summary>
/// Identities in the fleet PKI: the identifier rule shared with the firmware's <c>device.id</c>
/// (firmware/Gateway.Firmware.Core/Config, <c>[a-z0-9][a-z0-9-_]{0,62}</c>) and reading CN/OU back from a certificate.
/// </summary>
public static class FleetIdentity
{
    /// <summary>The OU value of device certificates.</summary>
    public const string DeviceUnit = "device";

    /// <summary>The OU value of service (ingestion) certificates.</summary>
    public const string ServiceUnit = "service";

    /// <summary>The OU value of the broker's server certificate.</summary>
    public const string ServerUnit = "server";

    /// <summary>What an identifier may look like, for error messages.</summary>
    public const string IdentifierRule = "1..63 characters of [a-z0-9-_], starting with a lowercase letter or digit";

    /// <summary>True for <c>[a-z0-9][a-z0-9-_]{0,62}</c>: a device id, tenant or service identity.</summary>
    public static bool IsValidIdentifier(string? value)
    {
        if (string.IsNullOrEmpty(value) || value.Length > 63 || !IsLowerAlphanumeric(value[0]))
        {
            return false;
        }
        for (int i = 1; i < value.Length; i++)
        {
            char c = value[i];
            if (!IsLowerAlphanumeric(c) && c != '-' && c != '_')
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>Throws an <see cref="ArgumentException"/> naming <paramref name="field"/> unless <paramref name="value"/> is a valid identifier.</summary>
    /// <param name="value">The value to check.</param>
    /// <param name="field">The field name to report, e.g. "device.id".</param>
    public static void EnsureValidIdentifier(string? value, string field)
    {
        if (!IsValidIdentifier(value))
        {
            throw new ArgumentException(
                $"{field} '{Printable(value)}' is not accepted: expected {IdentifierRule}.", field);
        }
    }

    /// <summary>The role named by an OU value, or null for anything else.</summary>
    public static ClientRole? RoleFromUnit(string? organizationalUnit) => organizationalUnit switch
    {
        DeviceUnit => ClientRole.Device,
        ServiceUnit => ClientRole.Service,
        _ => null,
    };

    /// <summary>The OU value of a role.</summary>
    public static string UnitOf(ClientRole role) => role switch
    {
        ClientRole.Device => DeviceUnit,
        ClientRole.Service => ServiceUnit,
        _ => throw new ArgumentOutOfRangeException(nameof(role), role, "role must be Device or Service."),
    };

    /// <summary>The first value of a relative distinguished name (e.g. "2.5.4.3" for CN) in a subject, or null.</summary>
    /// <param name="name">The distinguished name.</param>
    /// <param name="oid">The attribute OID: <see cref="CommonNameOid"/> or <see cref="OrganizationalUnitOid"/>.</param>
    public static string? ReadAttribute(X500DistinguishedName name, string oid)
    {
        ArgumentNullException.ThrowIfNull(name);
        foreach (X500RelativeDistinguishedName rdn in name.EnumerateRelativeDistinguishedNames())
        {
            if (!rdn.HasMultipleElements && rdn.GetSingleElementType().Value == oid)
            {
                return rdn.GetSingleElementValue();
            }
        }
        return null;
    }

    /// <summary>OID of the commonName attribute (CN).</summary>
    public const string CommonNameOid = "2.5.4.3";

    /// <summary>OID of the organizationalUnitName attribute (OU).</summary>
    public const string OrganizationalUnitOid = "2.5.4.11";

    /// <summary>
    /// Reads the identity (CN) and role (OU) of a client certificate. Returns false with a reason when the CN is missing or not a
    /// valid identifier, or the OU is neither "device" nor "service". Does not check the issuer or dates.
    /// </summary>
    public static bool TryRead(X509Certificate2 certificate, out string identity, out ClientRole role, out string error)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        identity = string.Empty;
        role = ClientRole.Device;
        string? commonName = ReadAttribute(certificate.SubjectName, CommonNameOid);
        if (!IsValidIdentifier(commonName))
        {
            error = $"certificate subject CN '{Printable(commonName)}' is not a valid identity ({IdentifierRule})";
            return false;
        }
        string? unit = ReadAttribute(certificate.SubjectName, OrganizationalUnitOid);
        ClientRole? parsed = RoleFromUnit(unit);
        if (parsed is null)
        {
            error = $"certificate subject OU '{Printable(unit)}' is not a client role (accepted: OU={DeviceUnit} or OU={ServiceUnit})";
            return false;
        }
        identity = commonName!;
        role = parsed.Value;
        error = string.Empty;
        return true;
    }

    /// <summary>A value made safe for a one-line message: null shown as empty, control characters escaped, long values cut.</summary>
    internal static string Printable(string? value)
    {
        if (value is null)
        {
            return string.Empty;
        }
        var builder = new System.Text.StringBuilder(Math.Min(value.Length, 80));
        foreach (char c in value)
        {
            if (builder.Length >= 80)
            {
                builder.Append('…');
                break;
            }
            if (char.IsControl(c))
            {
                builder.Append("\\u").Append(((int)c).ToString("x4", System.Globalization.CultureInfo.InvariantCulture));
            }
            else
            {
                builder.Append(c);
            }
        }
        return builder.ToString();
    }

    private static bool IsLowerAlphanumeric(char c) => (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
}
