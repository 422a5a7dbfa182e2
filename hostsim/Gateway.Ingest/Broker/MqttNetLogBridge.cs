using System;
using System.Globalization;
using System.IO;
using System.Security.Authentication;
using Microsoft.Extensions.Logging;
using MQTTnet.Diagnostics.Logger;

namespace Gateway.Ingest.Broker;

/// <summary>
/// Receives MQTTnet's log: forwards warnings and errors to the host's logger, and turns failed TLS handshakes (which
/// never reach MQTTnet's events) into audit records and counts. Handshakes refused for their certificate are already
/// audited by the validation callback and skipped here.
/// </summary>
internal sealed class MqttNetLogBridge : IMqttNetLogger
{
    /// <summary>The MQTTnet class that accepts sockets and runs the TLS handshake (its log source name).</summary>
    private const string ListenerSource = "MqttTcpServerListener";

    private readonly EmbeddedBroker _broker;

    internal MqttNetLogBridge(EmbeddedBroker broker)
    {
        _broker = broker;
    }

    public bool IsEnabled => true;

    public void Publish(MqttNetLogLevel logLevel, string source, string message, object[] parameters, Exception exception)
    {
        if (logLevel < MqttNetLogLevel.Warning)
        {
            return;
        }
        if (logLevel == MqttNetLogLevel.Error && source == ListenerSource && IsHandshakeFailure(exception))
        {
            if (!IsRefusedCertificate(exception))
            {
                _broker.OnTlsHandshakeFailed(exception);
            }
            return;
        }
        ILogger? logger = _broker.Logger;
        if (logger is null)
        {
            return;
        }
        string text = Format(message, parameters);
        if (logLevel == MqttNetLogLevel.Error)
        {
            logger.LogError(exception, "MQTTnet {Source}: {Message}", source, text);
        }
        else
        {
            logger.LogWarning(exception, "MQTTnet {Source}: {Message}", source, text);
        }
    }

    private static bool IsHandshakeFailure(Exception? exception) =>
        exception is AuthenticationException || (exception is IOException && exception.InnerException is not ObjectDisposedException);

    /// <summary>SslStream's exception when our validation callback said no (already audited with its reason).</summary>
    private static bool IsRefusedCertificate(Exception exception) =>
        exception is AuthenticationException && exception.Message.Contains("RemoteCertificateValidationCallback", StringComparison.Ordinal);

    private static string Format(string message, object[]? parameters)
    {
        if (parameters is null || parameters.Length == 0)
        {
            return message;
        }
        try
        {
            return string.Format(CultureInfo.InvariantCulture, message, parameters);
        }
        catch (FormatException)
        {
            return message;
        }
    }
}
