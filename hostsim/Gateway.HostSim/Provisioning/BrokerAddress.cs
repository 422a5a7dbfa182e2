using System;
using System.Globalization;

namespace Gateway.HostSim.Provisioning;

/// <summary>
/// Where a device connects: <c>HOST[:PORT]</c>, <c>[IPv6]:PORT</c> or <c>mqtts://HOST[:PORT]</c>, port 8883 (MQTT over TLS,
/// the IANA port) by default. Devices speak only MQTT over TLS, so a plain-MQTT scheme or port 1883 is refused. The host's
/// shape is checked by the core's device.conf parser (broker.host), the same code the device runs.
/// </summary>
/// <param name="Host">Host name, IPv4 address or IPv6 literal (without brackets).</param>
/// <param name="Port">TLS port, 1..65535.</param>
public readonly record struct BrokerAddress(string Host, int Port)
{
    /// <summary>The IANA port of MQTT over TLS.</summary>
    public const int TlsPort = 8883;

    /// <summary>The IANA port of MQTT without TLS, which devices never use.</summary>
    public const int PlainPort = 1883;

    /// <summary>What is accepted, for messages.</summary>
    public const string Rule = "HOST[:PORT], [IPv6]:PORT or mqtts://HOST[:PORT], with the broker's TLS port (8883 when left out)";

    /// <summary>"host:port", with brackets around an IPv6 literal.</summary>
    public override string ToString() => (Host.Contains(':') ? "[" + Host + "]" : Host) + ":" + Port.ToString(CultureInfo.InvariantCulture);

    /// <summary>Parses a broker address; on failure <paramref name="error"/> says what is wrong and what is accepted (no field name).</summary>
    public static bool TryParse(string? text, out BrokerAddress address, out string error)
    {
        address = default;
        string value = (text ?? string.Empty).Trim();
        if (value.Length == 0)
        {
            error = "empty: expected " + Rule;
            return false;
        }
        foreach (char c in value)
        {
            if (char.IsControl(c) || c == ' ')
            {
                error = "contains spaces or control characters: expected " + Rule;
                return false;
            }
        }
        int scheme = value.IndexOf("://", StringComparison.Ordinal);
        if (scheme >= 0)
        {
            string name = value.Substring(0, scheme).ToLowerInvariant();
            if (name is "mqtt" or "tcp" or "ws" or "http")
            {
                error = $"'{name}://' is MQTT without TLS, which devices never use: give mqtts://HOST[:PORT] or HOST[:PORT] (TLS port, 8883 by default)";
                return false;
            }
            if (name is not ("mqtts" or "ssl" or "tls"))
            {
                error = $"unknown scheme '{BoardCatalog.Printable(name)}://': expected " + Rule;
                return false;
            }
            value = value.Substring(scheme + 3);
        }
        if (value.IndexOfAny(new[] { '/', '?', '#', '@' }) >= 0)
        {
            error = "has a path, query or user part: expected only " + Rule;
            return false;
        }
        string host;
        string? portText = null;
        if (value.StartsWith('['))
        {
            int close = value.IndexOf(']');
            if (close < 0)
            {
                error = "'[' without ']': write an IPv6 address as [fd00::5]:8883";
                return false;
            }
            host = value.Substring(1, close - 1);
            string rest = value.Substring(close + 1);
            if (rest.Length > 0)
            {
                if (rest[0] != ':')
                {
                    error = "unexpected text after ']': write an IPv6 address as [fd00::5]:8883";
                    return false;
                }
                portText = rest.Substring(1);
            }
        }
        else if (value.IndexOf(':') != value.LastIndexOf(':'))
        {
            host = value; // an IPv6 literal without brackets has no port
        }
        else
        {
            int colon = value.IndexOf(':');
            host = colon < 0 ? value : value.Substring(0, colon);
            portText = colon < 0 ? null : value.Substring(colon + 1);
        }
        if (host.Length == 0)
        {
            error = "no host: expected " + Rule;
            return false;
        }
        int port = TlsPort;
        if (portText != null)
        {
            if (portText.Length is 0 or > 5 || !int.TryParse(portText, NumberStyles.None, CultureInfo.InvariantCulture, out port) || port is < 1 or > 65535)
            {
                error = $"port '{BoardCatalog.Printable(portText)}': must be a number from 1 to 65535 (the broker's TLS port, 8883 by default)";
                return false;
            }
            if (port == PlainPort)
            {
                error = "port 1883 is MQTT without TLS, which devices never use: give the broker's TLS port (8883 by default)";
                return false;
            }
        }
        address = new BrokerAddress(host, port);
        error = string.Empty;
        return true;
    }
}
