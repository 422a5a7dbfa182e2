using System;
using System.Text;

namespace Gateway.Ingest.Validation;

/// <summary>The uplink channels of a device (docs/ARCHITECTURE.md, Topics).</summary>
public enum UplinkChannel
{
    /// <summary><c>up/telemetry</c>: SenML packs of sequenced readings (and alarm events re-sent in order).</summary>
    Telemetry,
    /// <summary><c>up/alarm</c>: SenML packs of alarm events, published ahead of the backlog.</summary>
    Alarm,
    /// <summary><c>up/status</c>: a SenML status snapshot without sequences.</summary>
    Status,
    /// <summary><c>up/reply</c>: a text reply to <c>down/cmd</c> or <c>down/config</c>.</summary>
    Reply,
}

/// <summary>A parsed uplink topic <c>gw/v1/{tenant}/{device}/up/{channel}</c>.</summary>
/// <param name="Tenant">Tenant id (same rule as <c>device.tenant</c>).</param>
/// <param name="Device">Device id (same rule as <c>device.id</c>: 1 to 63 characters a-z 0-9 - _, starting with a letter or digit).</param>
/// <param name="Channel">Which uplink.</param>
public sealed record UplinkTopic(string Tenant, string Device, UplinkChannel Channel)
{
    /// <summary>Longest id (docs/CONFIG.md, <c>device.id</c>).</summary>
    public const int MaxIdLength = 63;

    /// <summary>The topic on which ingestion confirms to this device: <c>gw/v1/{tenant}/{device}/down/ack</c>.</summary>
    public string AckTopic => DownlinkTopic(Tenant, Device, "ack");

    /// <summary>The device's command topic: <c>gw/v1/{tenant}/{device}/down/cmd</c>.</summary>
    public string CommandTopic => DownlinkTopic(Tenant, Device, "cmd");

    /// <summary>Builds <c>gw/v1/{tenant}/{device}/down/{leaf}</c>.</summary>
    public static string DownlinkTopic(string tenant, string device, string leaf) => $"gw/v1/{tenant}/{device}/down/{leaf}";

    /// <summary>
    /// Parses an uplink topic. Returns false with <paramref name="error"/> naming the wrong part and what is accepted when
    /// the topic is not exactly <c>gw/v1/{tenant}/{device}/up/{telemetry|alarm|status|reply}</c>.
    /// </summary>
    public static bool TryParse(string? topic, out UplinkTopic? parsed, out string error)
    {
        parsed = null;
        const string Shape = "expected gw/v1/{tenant}/{device}/up/{telemetry|alarm|status|reply}";
        if (string.IsNullOrEmpty(topic))
        {
            error = "empty topic: " + Shape;
            return false;
        }
        string[] parts = topic.Split('/');
        string quoted = Quote(topic);
        if (parts.Length != 6)
        {
            error = $"topic {quoted} has {parts.Length} levels: {Shape}";
            return false;
        }
        if (parts[0] != "gw" || parts[1] != "v1")
        {
            error = $"topic {quoted} does not start with gw/v1/: {Shape}";
            return false;
        }
        if (!IsValidId(parts[2]))
        {
            error = $"topic {quoted}: tenant {Quote(parts[2])} must be 1 to {MaxIdLength} characters a-z 0-9 - _ starting with a letter or digit";
            return false;
        }
        if (!IsValidId(parts[3]))
        {
            error = $"topic {quoted}: device {Quote(parts[3])} must be 1 to {MaxIdLength} characters a-z 0-9 - _ starting with a letter or digit";
            return false;
        }
        if (parts[4] != "up")
        {
            error = $"topic {quoted}: level 5 must be 'up' (devices publish only uplinks): {Shape}";
            return false;
        }
        UplinkChannel channel;
        switch (parts[5])
        {
            case "telemetry": channel = UplinkChannel.Telemetry; break;
            case "alarm": channel = UplinkChannel.Alarm; break;
            case "status": channel = UplinkChannel.Status; break;
            case "reply": channel = UplinkChannel.Reply; break;
            default:
                error = $"topic {quoted}: channel {Quote(parts[5])} must be telemetry, alarm, status or reply";
                return false;
        }
        parsed = new UplinkTopic(parts[2], parts[3], channel);
        error = string.Empty;
        return true;
    }

    /// <summary>True for 1 to 63 characters a-z 0-9 - _, starting with a letter or digit (the rule of <c>device.id</c>).</summary>
    public static bool IsValidId(string? id)
    {
        if (string.IsNullOrEmpty(id) || id.Length > MaxIdLength)
        {
            return false;
        }
        for (int i = 0; i < id.Length; i++)
        {
            char c = id[i];
            bool alphanumeric = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
            if (!alphanumeric && (i == 0 || (c != '-' && c != '_')))
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>Quotes text for a message: control characters escaped, cut after <paramref name="max"/> characters.</summary>
    internal static string Quote(string text, int max = 128)
    {
        var builder = new StringBuilder(Math.Min(text.Length, max) + 4);
        builder.Append('"');
        for (int i = 0; i < text.Length; i++)
        {
            if (i == max)
            {
                builder.Append("…");
                break;
            }
            char c = text[i];
            if (char.IsControl(c) || char.IsSurrogate(c) || c == '"' || c == '\\')
            {
                builder.Append("\\u").Append(((int)c).ToString("x4", System.Globalization.CultureInfo.InvariantCulture));
            }
            else
            {
                builder.Append(c);
            }
        }
        builder.Append('"');
        return builder.ToString();
    }

    /// <inheritdoc />
    public override string ToString() => $"gw/v1/{Tenant}/{Device}/up/{Channel.ToString().ToLowerInvariant()}";
}
