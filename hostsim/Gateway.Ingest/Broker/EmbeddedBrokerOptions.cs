using System;
using System.Collections.Generic;
using System.Net;
using System.Net.Sockets;
using Gateway.Ingest.Pki;

namespace Gateway.Ingest.Broker;

/// <summary>Settings of the embedded TLS-only MQTT broker. Checked by <see cref="Validate"/> when the broker is constructed.</summary>
public sealed class EmbeddedBrokerOptions
{
    /// <summary>The IANA port of MQTT over TLS.</summary>
    public const int DefaultPort = 8883;

    /// <summary>Installation state folder; the fleet PKI lives in {StateDirectory}/pki. Required.</summary>
    public string StateDirectory { get; init; } = string.Empty;

    /// <summary>TLS port: 1..65535, or 0 to pick a free port (read it back from <see cref="EmbeddedBroker.Port"/>).</summary>
    public int Port { get; init; } = DefaultPort;

    /// <summary>IPv4 address to listen on: the loopback 127.0.0.1 by default; <see cref="IPAddress.Any"/> to accept devices on the network.</summary>
    public IPAddress IPv4Address { get; init; } = IPAddress.Loopback;

    /// <summary>IPv6 address to listen on (same port): the loopback ::1 by default; null for no IPv6 listener.</summary>
    public IPAddress? IPv6Address { get; init; } = IPAddress.IPv6Loopback;

    /// <summary>Extra names/addresses for the server certificate besides localhost, 127.0.0.1 and ::1.</summary>
    public IReadOnlyList<string> ServerHostNames { get; init; } = Array.Empty<string>();

    /// <summary>Messages queued per subscriber before the oldest are dropped (and counted by MQTTnet): 1..1,000,000.</summary>
    public int MaxPendingMessagesPerClient { get; init; } = 100_000;

    /// <summary>How long a connected TCP client may take to send CONNECT, in seconds: 1..300.</summary>
    public int CommunicationTimeoutSeconds { get; init; } = 10;

    /// <summary>Throws an <see cref="ArgumentException"/> naming every field that is not accepted and what is.</summary>
    public void Validate()
    {
        var errors = new List<string>();
        if (Port is < 0 or > 65535)
        {
            errors.Add($"{nameof(Port)} {Port} is not accepted: expected 1..65535, or 0 to pick a free port.");
        }
        if (IPv4Address is null || IPv4Address.AddressFamily != AddressFamily.InterNetwork || IPv4Address.Equals(IPAddress.None))
        {
            errors.Add($"{nameof(IPv4Address)} '{IPv4Address}' is not accepted: expected an IPv4 address such as 127.0.0.1 or 0.0.0.0.");
        }
        if (IPv6Address is not null && (IPv6Address.AddressFamily != AddressFamily.InterNetworkV6))
        {
            errors.Add($"{nameof(IPv6Address)} '{IPv6Address}' is not accepted: expected an IPv6 address such as ::1 or ::, or null for no IPv6 listener.");
        }
        try
        {
            FleetCa.ValidateStateDirectory(StateDirectory, nameof(StateDirectory));
        }
        catch (ArgumentException exception)
        {
            errors.Add(exception.Message.Split(" (Parameter")[0]);
        }
        if (ServerHostNames is null)
        {
            errors.Add($"{nameof(ServerHostNames)} is null: expected a list of host names or addresses (may be empty).");
        }
        if (MaxPendingMessagesPerClient is < 1 or > 1_000_000)
        {
            errors.Add($"{nameof(MaxPendingMessagesPerClient)} {MaxPendingMessagesPerClient} is not accepted: expected 1..1000000.");
        }
        if (CommunicationTimeoutSeconds is < 1 or > 300)
        {
            errors.Add($"{nameof(CommunicationTimeoutSeconds)} {CommunicationTimeoutSeconds} is not accepted: expected 1..300.");
        }
        if (errors.Count > 0)
        {
            throw new ArgumentException("Embedded broker options: " + string.Join(" ", errors), errors.Count == 1 ? FirstWord(errors[0]) : "options");
        }
    }

    private static string FirstWord(string message)
    {
        int space = message.IndexOf(' ');
        return space < 0 ? message : message.Substring(0, space);
    }
}
