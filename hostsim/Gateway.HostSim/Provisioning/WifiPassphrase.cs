using System;
using System.IO;
using System.Text;

namespace Gateway.HostSim.Provisioning;

/// <summary>
/// The Wi-Fi passphrase, read from a file or an environment variable, never from the command line (where `ps` would show
/// it). Checked as WPA2-Personal needs it (IEEE 802.11i: 8 to 63 printable ASCII characters). The value is never
/// printed, not even in errors.
/// </summary>
public static class WifiPassphrase
{
    /// <summary>Largest passphrase file read (a passphrase is at most 63 characters; anything far bigger is the wrong file).</summary>
    public const int MaximumFileBytes = 4096;

    /// <summary>What is accepted, for messages.</summary>
    public const string Rule = "a WPA2 passphrase of 8 to 63 printable ASCII characters";

    /// <summary>
    /// The passphrase from exactly one source, or null for an open network (<paramref name="openNetwork"/>).
    /// </summary>
    /// <param name="file">--wifi-password-file: a file holding the passphrase on its first and only line.</param>
    /// <param name="variable">--wifi-password-env: the name of an environment variable holding it.</param>
    /// <param name="openNetwork">--wifi-open: the network has no password (stated on purpose, never assumed).</param>
    /// <param name="environment">Reads an environment variable (the process environment in the tool).</param>
    /// <exception cref="ProvisioningException">No source, two sources, an unreadable source or a weak passphrase; the message names the option.</exception>
    public static string? Read(string? file, string? variable, bool openNetwork, Func<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        int sources = (file != null ? 1 : 0) + (variable != null ? 1 : 0) + (openNetwork ? 1 : 0);
        if (sources == 0)
        {
            throw new ProvisioningException("--wifi-password-file FILE or --wifi-password-env VAR is required: the Wi-Fi passphrase is never " +
                "taken from the command line (other users see it in 'ps'); give --wifi-open for a network without a password");
        }
        if (sources > 1)
        {
            throw new ProvisioningException("--wifi-password-file, --wifi-password-env and --wifi-open exclude each other: give exactly one");
        }
        if (openNetwork)
        {
            return null;
        }
        if (file != null)
        {
            return Check(ReadFile(file), $"--wifi-password-file {file}");
        }
        string name = variable!;
        if (name.Length == 0 || name.Contains('=') || name.Contains('\0'))
        {
            throw new ProvisioningException($"--wifi-password-env '{BoardCatalog.Printable(name)}': not an environment variable name");
        }
        string? value = environment(name);
        if (string.IsNullOrEmpty(value))
        {
            throw new ProvisioningException($"--wifi-password-env {name}: the environment variable {name} is not set or empty: expected {Rule}");
        }
        return Check(value, $"--wifi-password-env {name}");
    }

    private static string ReadFile(string path)
    {
        byte[] bytes;
        try
        {
            var info = new FileInfo(path);
            if (!info.Exists)
            {
                throw new ProvisioningException($"--wifi-password-file {path}: no such file");
            }
            if (info.Length > MaximumFileBytes)
            {
                throw new ProvisioningException($"--wifi-password-file {path}: {info.Length} bytes is too large for a passphrase file: expected {Rule} on one line");
            }
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ProvisioningException($"--wifi-password-file {path}: cannot read it: {e.Message}", e);
        }
        string text;
        try
        {
            text = new UTF8Encoding(false, true).GetString(bytes);
        }
        catch (DecoderFallbackException e)
        {
            throw new ProvisioningException($"--wifi-password-file {path}: not UTF-8 text: expected {Rule}", e);
        }
        if (text.Length > 0 && text[0] == '\uFEFF')
        {
            text = text.Substring(1);
        }
        // One line, optionally ended by a line break (what editors and `echo` write).
        if (text.EndsWith("\r\n", StringComparison.Ordinal))
        {
            text = text.Substring(0, text.Length - 2);
        }
        else if (text.EndsWith('\n'))
        {
            text = text.Substring(0, text.Length - 1);
        }
        if (text.Contains('\n') || text.Contains('\r'))
        {
            throw new ProvisioningException($"--wifi-password-file {path}: has more than one line: expected the passphrase alone on one line");
        }
        return text;
    }

    private static string Check(string passphrase, string field)
    {
        foreach (char c in passphrase)
        {
            if (c < 0x20 || c > 0x7E)
            {
                throw new ProvisioningException($"{field}: the passphrase has a character that is not printable ASCII: expected {Rule}");
            }
        }
        if (passphrase.Length < 8 || passphrase.Length > 63)
        {
            throw new ProvisioningException($"{field}: the passphrase is {passphrase.Length} characters long: expected {Rule} (WPA2, IEEE 802.11i)");
        }
        if (passphrase[0] == ' ' || passphrase[^1] == ' ')
        {
            // device.conf trims spaces around a value, so the device would use a different passphrase.
            throw new ProvisioningException($"{field}: the passphrase begins or ends with a space, which device.conf cannot hold: expected {Rule} without leading or trailing spaces");
        }
        return passphrase;
    }
}
