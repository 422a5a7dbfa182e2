using System;
using Gateway.Ingest.Pki;

namespace Gateway.Ingest.Broker;

/// <summary>An access decision with its reason (for the audit log and the MQTT 5 reason string).</summary>
/// <param name="Allowed">True when the operation may proceed.</param>
/// <param name="Reason">Why it was refused, or "allowed".</param>
public readonly record struct AclDecision(bool Allowed, string Reason)
{
    internal static readonly AclDecision Allow = new(true, "allowed");

    internal static AclDecision Deny(string reason) => new(false, reason);
}

/// <summary>
/// Per-identity topic rules of the embedded broker (docs/ARCHITECTURE.md, "Topics"). The identity comes from the client
/// certificate, never from the topic or the client's say-so.
/// <list type="bullet">
/// <item>A device <c>{id}</c> may publish only to <c>gw/v1/{tenant}/{id}/up/...</c> and subscribe only inside
/// <c>gw/v1/{tenant or +}/{id}/down/...</c>. The tenant is not bound to the certificate (any valid tenant id is accepted):
/// the device id is unique in the fleet, so the id level alone keeps devices apart.</item>
/// <item>The service role may subscribe inside <c>gw/v1/+/+/up/#</c> (also as <c>$share/{group}/...</c>) and publish to
/// <c>gw/v1/{tenant}/{device}/down/...</c>.</item>
/// <item>Nobody may publish retained messages, use topics starting with '$' (e.g. $SYS), or use wildcards outside the
/// subtree they are allowed.</item>
/// </list>
/// </summary>
public static class TopicAcl
{
    /// <summary>First two levels of every fleet topic.</summary>
    public const string Root = "gw/v1";

    private const string SharePrefix = "$share/";

    /// <summary>May a client with this identity and role publish a message to <paramref name="topic"/>?</summary>
    /// <param name="role">The role from the certificate's OU.</param>
    /// <param name="identity">The certificate's CN (device id or service identity).</param>
    /// <param name="topic">The topic name of the PUBLISH.</param>
    /// <param name="retain">The PUBLISH retain flag.</param>
    public static AclDecision CheckPublish(ClientRole role, string identity, string? topic, bool retain)
    {
        if (string.IsNullOrEmpty(topic))
        {
            return AclDecision.Deny("empty topic");
        }
        if (topic[0] == '$')
        {
            return AclDecision.Deny($"topic '{Show(topic)}' starts with '$': reserved for the broker ($SYS)");
        }
        if (topic.Contains('+') || topic.Contains('#'))
        {
            return AclDecision.Deny($"topic '{Show(topic)}' contains a wildcard: not allowed in a topic name");
        }
        if (retain)
        {
            return AclDecision.Deny($"retained publish to '{Show(topic)}' refused: the broker keeps no retained messages");
        }
        string[] levels = topic.Split('/');
        bool shape = levels.Length >= 6 && levels[0] == "gw" && levels[1] == "v1"
            && FleetIdentity.IsValidIdentifier(levels[2]) && FleetIdentity.IsValidIdentifier(levels[3])
            && AllLevelsNonEmpty(levels, 5);
        switch (role)
        {
            case ClientRole.Device:
                if (shape && levels[3] == identity && levels[4] == "up")
                {
                    return AclDecision.Allow;
                }
                return AclDecision.Deny($"device '{identity}' may publish only to {Root}/{{tenant}}/{identity}/up/...; '{Show(topic)}' is outside");
            case ClientRole.Service:
                if (shape && levels[4] == "down")
                {
                    return AclDecision.Allow;
                }
                return AclDecision.Deny($"service '{identity}' may publish only to {Root}/{{tenant}}/{{device}}/down/...; '{Show(topic)}' is outside");
            default:
                return AclDecision.Deny($"unknown role {(int)role}");
        }
    }

    /// <summary>May a client with this identity and role subscribe to <paramref name="topicFilter"/>?</summary>
    /// <param name="role">The role from the certificate's OU.</param>
    /// <param name="identity">The certificate's CN.</param>
    /// <param name="topicFilter">The topic filter of the SUBSCRIBE (may contain + and #, or start with $share/{group}/ for the service).</param>
    public static AclDecision CheckSubscribe(ClientRole role, string identity, string? topicFilter)
    {
        if (string.IsNullOrEmpty(topicFilter))
        {
            return AclDecision.Deny("empty topic filter");
        }
        string filter = topicFilter;
        if (filter.StartsWith(SharePrefix, StringComparison.Ordinal))
        {
            if (role != ClientRole.Service)
            {
                return AclDecision.Deny($"shared subscription '{Show(topicFilter)}' refused: only the ingestion service may share subscriptions");
            }
            int groupEnd = filter.IndexOf('/', SharePrefix.Length);
            string group = groupEnd < 0 ? string.Empty : filter.Substring(SharePrefix.Length, groupEnd - SharePrefix.Length);
            if (group.Length == 0 || group.Contains('+') || group.Contains('#'))
            {
                return AclDecision.Deny($"shared subscription '{Show(topicFilter)}' is malformed: expected $share/{{group}}/{{filter}}");
            }
            filter = filter.Substring(groupEnd + 1);
        }
        if (filter.Length == 0 || filter[0] == '$')
        {
            return AclDecision.Deny($"topic filter '{Show(topicFilter)}' refused: topics starting with '$' are reserved for the broker ($SYS)");
        }
        string[] levels = filter.Split('/');
        string? syntaxError = CheckFilterSyntax(levels);
        if (syntaxError is not null)
        {
            return AclDecision.Deny($"topic filter '{Show(topicFilter)}' is malformed: {syntaxError}");
        }
        // Every topic the filter can match must lie inside the allowed subtree: the fixed levels must be literal.
        bool prefix = levels.Length >= 5 && levels[0] == "gw" && levels[1] == "v1" && IsIdOrPlus(levels[2]);
        switch (role)
        {
            case ClientRole.Device:
                if (prefix && levels[3] == identity && levels[4] == "down")
                {
                    return AclDecision.Allow;
                }
                return AclDecision.Deny($"device '{identity}' may subscribe only inside {Root}/+/{identity}/down/#; '{Show(topicFilter)}' reaches outside");
            case ClientRole.Service:
                if (prefix && IsIdOrPlus(levels[3]) && levels[4] == "up")
                {
                    return AclDecision.Allow;
                }
                return AclDecision.Deny($"service '{identity}' may subscribe only inside {Root}/+/+/up/#; '{Show(topicFilter)}' reaches outside");
            default:
                return AclDecision.Deny($"unknown role {(int)role}");
        }
    }

    private static bool IsIdOrPlus(string level) => level == "+" || FleetIdentity.IsValidIdentifier(level);

    private static bool AllLevelsNonEmpty(string[] levels, int from)
    {
        for (int i = from; i < levels.Length; i++)
        {
            if (levels[i].Length == 0)
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>MQTT 3.1.1 §4.7.1: '#' only as the whole last level, '+' only as a whole level.</summary>
    private static string? CheckFilterSyntax(string[] levels)
    {
        for (int i = 0; i < levels.Length; i++)
        {
            string level = levels[i];
            if (level.Contains('#') && (level != "#" || i != levels.Length - 1))
            {
                return "'#' must be the whole last level";
            }
            if (level.Contains('+') && level != "+")
            {
                return "'+' must be a whole level";
            }
        }
        return null;
    }

    private static string Show(string value) => FleetIdentity.Printable(value);
}
