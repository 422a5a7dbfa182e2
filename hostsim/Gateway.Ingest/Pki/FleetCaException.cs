using System;

namespace Gateway.Ingest.Pki;

/// <summary>
/// The fleet PKI's files cannot be used as they are (missing half of a key pair, unreadable PEM, expired CA...).
/// The message names the file and says what to do; nothing is overwritten silently, because replacing the CA
/// would lock out every device already provisioned.
/// </summary>
public sealed class FleetCaException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="path">The file or folder concerned.</param>
    /// <param name="message">What is wrong and what is accepted or what to do.</param>
    /// <param name="innerException">The underlying error, if any.</param>
    public FleetCaException(string path, string message, Exception? innerException = null)
        : base(path + ": " + message, innerException)
    {
        Path = path;
    }

    /// <summary>The file or folder concerned.</summary>
    public string Path { get; }
}
