using System;
using System.Globalization;
using Npgsql;

namespace Gateway.Ingest.Storage.Postgres;

/// <summary>
/// Parses the store selection <c>postgres://user[:password]@host[:port]/database[?option=value&amp;…]</c> (the libpq URI form,
/// also with the scheme <c>postgresql://</c>) into an <see cref="NpgsqlConnectionStringBuilder"/>. Every error names the part
/// that is wrong and what is accepted; a password is never repeated in a message.
/// </summary>
/// <remarks>
/// Accepted options: <c>sslmode</c> (disable, allow, prefer, require, verify-ca, verify-full), <c>connect_timeout</c> (seconds,
/// 1 to 3600), <c>command_timeout</c> (seconds, 0 to 3600; 0 = none), <c>application_name</c>, <c>max_pool_size</c> (1 to 1000).
/// User, password and database are percent-decoded (<c>%40</c> for '@'). An IPv6 host goes in brackets: <c>[::1]</c>.
/// </remarks>
public static class PostgresConnectionString
{
    /// <summary>Default PostgreSQL port, used when the URL names none.</summary>
    public const int DefaultPort = 5432;

    /// <summary>The accepted form, for messages.</summary>
    public const string Form = "postgres://user[:password]@host[:port]/database[?sslmode=…]";

    /// <summary>True when <paramref name="text"/> starts with <c>postgres://</c> or <c>postgresql://</c> (the store it selects).</summary>
    public static bool IsPostgresUrl(string? text) =>
        text != null && (text.StartsWith("postgres://", StringComparison.OrdinalIgnoreCase) || text.StartsWith("postgresql://", StringComparison.OrdinalIgnoreCase));

    /// <summary>Parses <paramref name="url"/>; see the class remarks.</summary>
    /// <exception cref="ArgumentException">A part is missing or not accepted; the message names it.</exception>
    public static NpgsqlConnectionStringBuilder Parse(string url)
    {
        if (string.IsNullOrWhiteSpace(url))
        {
            throw Error("the connection string is empty", url);
        }
        url = url.Trim();
        int schemeEnd = url.IndexOf("://", StringComparison.Ordinal);
        if (schemeEnd < 0)
        {
            throw Error("it is not a URL (no '://')", url);
        }
        string scheme = url.Substring(0, schemeEnd);
        if (!scheme.Equals("postgres", StringComparison.OrdinalIgnoreCase) && !scheme.Equals("postgresql", StringComparison.OrdinalIgnoreCase))
        {
            throw Error($"scheme '{scheme}' is not accepted: use postgres:// or postgresql://", url);
        }
        string rest = url.Substring(schemeEnd + 3);
        string? query = null;
        int queryStart = rest.IndexOf('?');
        if (queryStart >= 0)
        {
            query = rest.Substring(queryStart + 1);
            rest = rest.Substring(0, queryStart);
        }
        int slash = rest.IndexOf('/');
        if (slash < 0)
        {
            throw Error("database is missing: end the URL with /DATABASE", url);
        }
        string authority = rest.Substring(0, slash);
        string path = rest.Substring(slash + 1);

        int at = authority.LastIndexOf('@');
        if (at < 0)
        {
            throw Error("user is missing: write USER@ before the host", url);
        }
        string userInfo = authority.Substring(0, at);
        string hostPort = authority.Substring(at + 1);
        int colon = userInfo.IndexOf(':');
        string user = Decode(colon < 0 ? userInfo : userInfo.Substring(0, colon), "user", url);
        string? password = colon < 0 ? null : Decode(userInfo.Substring(colon + 1), "password", url);
        if (user.Length == 0)
        {
            throw Error("user is empty: write USER@ before the host", url);
        }

        string host;
        string? portText = null;
        if (hostPort.StartsWith('['))
        {
            int close = hostPort.IndexOf(']');
            if (close < 0)
            {
                throw Error("host: '[' of an IPv6 address is not closed with ']'", url);
            }
            host = hostPort.Substring(1, close - 1);
            string after = hostPort.Substring(close + 1);
            if (after.Length > 0)
            {
                if (!after.StartsWith(':'))
                {
                    throw Error($"host: unexpected '{after}' after ']' (expected :PORT)", url);
                }
                portText = after.Substring(1);
            }
            if (Uri.CheckHostName(host) != UriHostNameType.IPv6)
            {
                throw Error($"host '[{host}]' is not an IPv6 address", url);
            }
        }
        else
        {
            int portColon = hostPort.IndexOf(':');
            if (portColon >= 0 && hostPort.IndexOf(':', portColon + 1) >= 0)
            {
                throw Error($"host '{hostPort}': an IPv6 address goes in brackets, e.g. [::1]:5432", url);
            }
            host = portColon < 0 ? hostPort : hostPort.Substring(0, portColon);
            portText = portColon < 0 ? null : hostPort.Substring(portColon + 1);
            if (host.Length == 0)
            {
                throw Error("host is missing: write it after '@' (a name, an IPv4 address or [IPv6])", url);
            }
            if (Uri.CheckHostName(host) is not (UriHostNameType.Dns or UriHostNameType.IPv4))
            {
                throw Error($"host '{host}' is not a host name or IPv4 address (letters, digits, '-' and '.')", url);
            }
        }

        int port = DefaultPort;
        if (portText != null
            && (!int.TryParse(portText, NumberStyles.None, CultureInfo.InvariantCulture, out port) || port < 1 || port > 65535))
        {
            throw Error($"port '{portText}' is not a whole number from 1 to 65535", url);
        }

        string database = Decode(path, "database", url);
        if (database.Length == 0)
        {
            throw Error("database is empty: end the URL with /DATABASE", url);
        }
        if (database.Contains('/'))
        {
            throw Error($"database '{database}' contains '/': a database name is a single path segment", url);
        }

        var builder = new NpgsqlConnectionStringBuilder
        {
            Host = host,
            Port = port,
            Username = user,
            Database = database,
        };
        if (password != null)
        {
            builder.Password = password;
        }
        if (!string.IsNullOrEmpty(query))
        {
            ApplyOptions(builder, query, url);
        }
        return builder;
    }

    /// <summary>The URL of <paramref name="builder"/> without its password, for logs and messages.</summary>
    public static string Describe(NpgsqlConnectionStringBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        string host = builder.Host != null && builder.Host.Contains(':') ? "[" + builder.Host + "]" : builder.Host ?? "";
        return $"postgres://{Uri.EscapeDataString(builder.Username ?? "")}@{host}:{builder.Port}/{Uri.EscapeDataString(builder.Database ?? "")}";
    }

    private static void ApplyOptions(NpgsqlConnectionStringBuilder builder, string query, string url)
    {
        foreach (string pair in query.Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            int equals = pair.IndexOf('=');
            string key = Decode(equals < 0 ? pair : pair.Substring(0, equals), "option name", url);
            string value = equals < 0 ? string.Empty : Decode(pair.Substring(equals + 1), "option " + key, url);
            switch (key)
            {
                case "sslmode":
                    builder.SslMode = value switch
                    {
                        "disable" => SslMode.Disable,
                        "allow" => SslMode.Allow,
                        "prefer" => SslMode.Prefer,
                        "require" => SslMode.Require,
                        "verify-ca" => SslMode.VerifyCA,
                        "verify-full" => SslMode.VerifyFull,
                        _ => throw Error($"sslmode '{value}' is not accepted: use disable, allow, prefer, require, verify-ca or verify-full", url),
                    };
                    break;
                case "connect_timeout":
                    builder.Timeout = WholeNumber(key, value, 1, 3600, url);
                    break;
                case "command_timeout":
                    builder.CommandTimeout = WholeNumber(key, value, 0, 3600, url);
                    break;
                case "application_name":
                    if (value.Length == 0 || value.Length > 63)
                    {
                        throw Error("application_name must be 1 to 63 characters", url);
                    }
                    builder.ApplicationName = value;
                    break;
                case "max_pool_size":
                    builder.MaxPoolSize = WholeNumber(key, value, 1, 1000, url);
                    break;
                default:
                    throw Error($"option '{key}' is not accepted: use sslmode, connect_timeout, command_timeout, application_name or max_pool_size", url);
            }
        }
    }

    private static int WholeNumber(string key, string value, int min, int max, string url)
    {
        if (!int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out int number) || number < min || number > max)
        {
            throw Error($"{key} '{value}' is not a whole number from {min} to {max}", url);
        }
        return number;
    }

    private static string Decode(string text, string part, string url)
    {
        try
        {
            string decoded = Uri.UnescapeDataString(text);
            if (decoded.Contains('\0'))
            {
                throw Error($"{part} contains a NUL character", url);
            }
            return decoded;
        }
        catch (UriFormatException)
        {
            throw Error($"{part} is not valid percent-encoding", url);
        }
    }

    private static ArgumentException Error(string problem, string? url) =>
        new($"PostgreSQL connection string {Masked(url)}: {problem}. Expected {Form}.", "connectionString");

    /// <summary>The URL with any password replaced by ***, so that messages never leak it.</summary>
    private static string Masked(string? url)
    {
        if (string.IsNullOrEmpty(url))
        {
            return "(empty)";
        }
        int schemeEnd = url.IndexOf("://", StringComparison.Ordinal);
        int start = schemeEnd < 0 ? 0 : schemeEnd + 3;
        int end = url.IndexOfAny(new[] { '/', '?' }, start);
        string authority = end < 0 ? url.Substring(start) : url.Substring(start, end - start);
        int at = authority.LastIndexOf('@');
        int colon = at < 0 ? -1 : authority.IndexOf(':');
        if (colon < 0 || colon > at)
        {
            return "'" + url + "'";
        }
        return "'" + url.Substring(0, start + colon + 1) + "***" + url.Substring(start + at) + "'";
    }
}
