using System;
using System.IO;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Gateway.Ingest.Pki;

/// <summary>PEM export of issued certificates and their keys (for provisioning files and device flashing).</summary>
public static class CertificatePem
{
    /// <summary>The certificate as PEM ("-----BEGIN CERTIFICATE-----").</summary>
    public static string ExportCertificate(X509Certificate2 certificate)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        return certificate.ExportCertificatePem() + "\n";
    }

    /// <summary>The certificate's ECDSA private key as unencrypted PKCS#8 PEM ("-----BEGIN PRIVATE KEY-----"). Secret.</summary>
    /// <exception cref="ArgumentException">The certificate carries no ECDSA private key.</exception>
    public static string ExportPrivateKey(X509Certificate2 certificate)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        using ECDsa? key = certificate.GetECDsaPrivateKey();
        if (key is null)
        {
            throw new ArgumentException(
                $"certificate '{certificate.Subject}' has no ECDSA private key to export (only issued certificates carry one).",
                nameof(certificate));
        }
        return key.ExportPkcs8PrivateKeyPem() + "\n";
    }

    /// <summary>
    /// Writes the certificate and its private key as PEM files. The key file is created readable by the owner only
    /// (0600 on Unix) and both files are replaced atomically, so a crash never leaves half a key pair.
    /// </summary>
    /// <param name="certificate">An issued certificate with its private key.</param>
    /// <param name="certificatePath">Where to write the certificate PEM.</param>
    /// <param name="privateKeyPath">Where to write the private key PEM.</param>
    public static void WriteFiles(X509Certificate2 certificate, string certificatePath, string privateKeyPath)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(certificatePath);
        ArgumentException.ThrowIfNullOrWhiteSpace(privateKeyPath);
        string keyPem = ExportPrivateKey(certificate);
        SecureFiles.WriteAtomically(privateKeyPath, keyPem, secret: true);
        SecureFiles.WriteAtomically(certificatePath, ExportCertificate(certificate), secret: false);
    }

    /// <summary>Loads a certificate and its private key from PEM files, naming the file on any error.</summary>
    /// <exception cref="FleetCaException">A file is missing, unreadable, or the key does not belong to the certificate.</exception>
    public static X509Certificate2 LoadFiles(string certificatePath, string privateKeyPath)
    {
        if (!File.Exists(certificatePath))
        {
            throw new FleetCaException(certificatePath, "certificate file is missing.");
        }
        if (!File.Exists(privateKeyPath))
        {
            throw new FleetCaException(privateKeyPath, "private key file is missing (expected PKCS#8 PEM next to " + System.IO.Path.GetFileName(certificatePath) + ").");
        }
        X509Certificate2 certificate;
        try
        {
            certificate = X509Certificate2.CreateFromPemFile(certificatePath, privateKeyPath);
        }
        catch (Exception exception) when (exception is CryptographicException or ArgumentException or IOException or UnauthorizedAccessException)
        {
            throw new FleetCaException(certificatePath,
                $"cannot load the certificate with its key {System.IO.Path.GetFileName(privateKeyPath)} " +
                $"(expected a PEM certificate and the matching PKCS#8 ECDSA key): {exception.Message}", exception);
        }
        return SecureFiles.UsableForTls(certificate);
    }

    /// <summary>Loads a certificate (no key) from a PEM file, naming the file on any error.</summary>
    /// <exception cref="FleetCaException">The file is missing or not a PEM certificate.</exception>
    public static X509Certificate2 LoadCertificateFile(string certificatePath)
    {
        if (!File.Exists(certificatePath))
        {
            throw new FleetCaException(certificatePath, "certificate file is missing.");
        }
        try
        {
            return X509Certificate2.CreateFromPem(File.ReadAllText(certificatePath));
        }
        catch (Exception exception) when (exception is CryptographicException or ArgumentException or IOException or UnauthorizedAccessException)
        {
            throw new FleetCaException(certificatePath, "not a PEM certificate: " + exception.Message, exception);
        }
    }
}
