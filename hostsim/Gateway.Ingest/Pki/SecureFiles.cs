using System;
using System.IO;
using System.Security.Cryptography.X509Certificates;

namespace Gateway.Ingest.Pki;

/// <summary>File helpers for key material: owner-only permissions on Unix, atomic replacement.</summary>
internal static class SecureFiles
{
    /// <summary>rwx for the owner only (0700).</summary>
    internal const UnixFileMode PrivateDirectoryMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    /// <summary>rw for the owner only (0600).</summary>
    internal const UnixFileMode SecretFileMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    /// <summary>rw for the owner, readable by others (0644): certificates are public.</summary>
    internal const UnixFileMode PublicFileMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead;

    /// <summary>Creates the folder if needed and restricts it to the owner (0700 on Unix).</summary>
    internal static void EnsurePrivateDirectory(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(path);
            return;
        }
        Directory.CreateDirectory(path, PrivateDirectoryMode);
        File.SetUnixFileMode(path, PrivateDirectoryMode);
    }

    /// <summary>
    /// Writes <paramref name="text"/> to a temporary file in the same folder (created 0600 for secrets, so the key is never
    /// readable by others, not even for a moment), flushes it to disk and renames it over <paramref name="path"/>.
    /// </summary>
    internal static void WriteAtomically(string path, string text, bool secret)
    {
        string temporary = path + ".tmp-" + Guid.NewGuid().ToString("N");
        var options = new FileStreamOptions
        {
            Mode = FileMode.CreateNew,
            Access = FileAccess.Write,
            Share = FileShare.None,
        };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = secret ? SecretFileMode : PublicFileMode;
        }
        try
        {
            using (var stream = new FileStream(temporary, options))
            using (var writer = new StreamWriter(stream))
            {
                writer.Write(text);
                writer.Flush();
                stream.Flush(flushToDisk: true);
            }
            File.Move(temporary, path, overwrite: true);
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(path, secret ? SecretFileMode : PublicFileMode);
            }
        }
        finally
        {
            if (File.Exists(temporary))
            {
                File.Delete(temporary);
            }
        }
    }

    /// <summary>
    /// On Windows, SChannel cannot use an ephemeral (in-memory) private key for TLS; a PKCS#12 round trip gives it a usable one.
    /// Elsewhere the certificate is returned as is.
    /// </summary>
    internal static X509Certificate2 UsableForTls(X509Certificate2 certificate)
    {
        if (!OperatingSystem.IsWindows() || !certificate.HasPrivateKey)
        {
            return certificate;
        }
        byte[] pkcs12 = certificate.Export(X509ContentType.Pkcs12);
        certificate.Dispose();
        return X509CertificateLoader.LoadPkcs12(pkcs12, password: null);
    }
}
