using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Text;

namespace Gateway.Ingest.Pki;

/// <summary>One line of revoked.txt.</summary>
/// <param name="Key">A device id (every certificate with that CN is revoked) or "serial:HEX" (one certificate).</param>
/// <param name="RevokedAt">When it was revoked (UTC), or null if the line has no readable date.</param>
/// <param name="Reason">Why, as given by the operator.</param>
public sealed record RevocationEntry(string Key, DateTimeOffset? RevokedAt, string Reason);

/// <summary>
/// The fleet's own revocation list: {state}/pki/revoked.txt, one entry per line, "key TAB date TAB reason".
/// No CRL or OCSP is served: the broker is the only relying party and reads this file directly. The file is re-read
/// when it changes, so a revocation by another process (the provisioning command) takes effect at the next connection.
/// Thread-safe.
/// </summary>
public sealed class RevocationList
{
    /// <summary>Prefix of a key that names one certificate serial number (uppercase hex) rather than a device id.</summary>
    public const string SerialPrefix = "serial:";

    private const int MaximumReasonLength = 200;

    private readonly object _gate = new();
    private readonly string _path;
    private Dictionary<string, RevocationEntry> _entries = new(StringComparer.Ordinal);
    private DateTime _loadedWriteTimeUtc = DateTime.MinValue;
    private long _loadedLength = -1;

    /// <summary>Creates a list backed by <paramref name="path"/> (the file need not exist yet).</summary>
    public RevocationList(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        _path = path;
    }

    /// <summary>The backing file.</summary>
    public string Path => _path;

    /// <summary>Appends an entry. The key must be a device id or "serial:HEX"; the reason one line of at most 200 characters.</summary>
    /// <exception cref="ArgumentException">The key or reason is not accepted (the message names which).</exception>
    public void Add(string key, string reason, DateTimeOffset now)
    {
        ValidateKey(key);
        string cleanReason = ValidateReason(reason);
        string line = key + "\t" + now.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture) + "\t" + cleanReason + "\n";
        lock (_gate)
        {
            bool isNew = !File.Exists(_path);
            using (var stream = new FileStream(_path, FileMode.Append, FileAccess.Write, FileShare.Read))
            {
                byte[] bytes = Encoding.UTF8.GetBytes(isNew ? "# Revoked fleet certificates: device id or serial:HEX <TAB> UTC date <TAB> reason\n" + line : line);
                stream.Write(bytes, 0, bytes.Length);
                stream.Flush(flushToDisk: true);
            }
            _loadedLength = -1; // force a re-read
        }
    }

    /// <summary>The entry for a key (device id or "serial:HEX"), or null.</summary>
    public RevocationEntry? Find(string key)
    {
        lock (_gate)
        {
            RefreshLocked();
            return _entries.TryGetValue(key, out RevocationEntry? entry) ? entry : null;
        }
    }

    /// <summary>All entries, in file order of first appearance.</summary>
    public IReadOnlyList<RevocationEntry> ReadAll()
    {
        lock (_gate)
        {
            RefreshLocked();
            return new List<RevocationEntry>(_entries.Values);
        }
    }

    private void RefreshLocked()
    {
        var info = new FileInfo(_path);
        if (!info.Exists)
        {
            _entries = new Dictionary<string, RevocationEntry>(StringComparer.Ordinal);
            _loadedLength = 0;
            _loadedWriteTimeUtc = DateTime.MinValue;
            return;
        }
        if (info.Length == _loadedLength && info.LastWriteTimeUtc == _loadedWriteTimeUtc)
        {
            return;
        }
        var entries = new Dictionary<string, RevocationEntry>(StringComparer.Ordinal);
        foreach (string rawLine in File.ReadAllLines(_path, Encoding.UTF8))
        {
            string line = rawLine.Trim();
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }
            // Fail closed: whatever the rest of a line looks like, its first field is revoked.
            string[] fields = line.Split('\t', 3);
            string key = fields[0].Trim();
            if (key.Length == 0)
            {
                continue;
            }
            DateTimeOffset? date = null;
            if (fields.Length > 1 && DateTimeOffset.TryParse(fields[1], CultureInfo.InvariantCulture,
                    DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out DateTimeOffset parsed))
            {
                date = parsed;
            }
            string reason = fields.Length > 2 ? fields[2].Trim() : string.Empty;
            entries.TryAdd(NormalizeKey(key), new RevocationEntry(NormalizeKey(key), date, reason));
        }
        _entries = entries;
        _loadedLength = info.Length;
        _loadedWriteTimeUtc = info.LastWriteTimeUtc;
    }

    private static string NormalizeKey(string key) =>
        key.StartsWith(SerialPrefix, StringComparison.OrdinalIgnoreCase)
            ? SerialPrefix + key.Substring(SerialPrefix.Length).ToUpperInvariant()
            : key;

    private static void ValidateKey(string key)
    {
        if (key is not null && key.StartsWith(SerialPrefix, StringComparison.Ordinal))
        {
            string hex = key.Substring(SerialPrefix.Length);
            if (hex.Length is < 1 or > 40 || !IsUpperHex(hex))
            {
                throw new ArgumentException(
                    $"serial '{FleetIdentity.Printable(hex)}' is not accepted: expected 1..40 uppercase hexadecimal digits (X509Certificate2.SerialNumber).",
                    "serial");
            }
            return;
        }
        FleetIdentity.EnsureValidIdentifier(key, "device.id");
    }

    private static string ValidateReason(string? reason)
    {
        string value = (reason ?? string.Empty).Trim();
        if (value.Length == 0)
        {
            return "unspecified";
        }
        if (value.Length > MaximumReasonLength)
        {
            throw new ArgumentException($"reason is {value.Length} characters long: at most {MaximumReasonLength} are accepted.", "reason");
        }
        foreach (char c in value)
        {
            if (char.IsControl(c))
            {
                throw new ArgumentException("reason must be one line of text: tabs, line breaks and other control characters are not accepted.", "reason");
            }
        }
        return value;
    }

    private static bool IsUpperHex(string value)
    {
        foreach (char c in value)
        {
            if (!((c >= '0' && c <= '9') || (c >= 'A' && c <= 'F')))
            {
                return false;
            }
        }
        return true;
    }
}
