using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;
using Gateway.Firmware.Core.Config;
using Gateway.Ingest.Pki;

namespace Gateway.HostSim.Provisioning;

/// <summary>A request that passed every check: its device.conf text is what the device will parse.</summary>
/// <param name="Request">The request.</param>
/// <param name="Broker">The broker address.</param>
/// <param name="Board">The board profile to copy.</param>
/// <param name="Config">The parsed configuration.</param>
/// <param name="ConfigText">The device.conf to write: the core's canonical form with the real passphrase. Secret.</param>
public sealed record ValidatedDevice(DeviceRequest Request, BrokerAddress Broker, BoardFile Board, DeviceConfig Config, string ConfigText)
{
    /// <summary>Hides the passphrase in <see cref="ConfigText"/>.</summary>
    public override string ToString() => $"ValidatedDevice {{ {Request.Id} on {Board.Id}, broker {Broker} }}";
}

/// <summary>
/// Checks a <see cref="DeviceRequest"/> and builds its device.conf: the text is composed from the inputs and then checked by
/// the core's <see cref="DeviceConfigParser"/> (the code the device runs at boot), so a file the tool writes is a file the
/// device accepts. Every problem is reported at once, each naming the option or CSV cell it came from.
/// </summary>
public static class DeviceValidator
{
    /// <summary>device.conf keys the tool sets from its own options; <c>--set</c> and CSV columns may not set them.</summary>
    public static readonly IReadOnlyDictionary<string, string> OwnedKeys = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["device.id"] = "--id (CSV column id)",
        ["device.tenant"] = "--tenant (CSV column tenant)",
        ["device.kind"] = "--kind (CSV column kind)",
        ["device.board"] = "--board (CSV column board)",
        ["wifi.ssid"] = "--wifi-ssid (CSV column wifi_ssid)",
        ["wifi.password"] = "--wifi-password-file or --wifi-password-env, never on the command line or in the CSV",
        ["broker.host"] = "--broker (CSV column broker)",
        ["broker.port"] = "--broker HOST:PORT (CSV column broker)",
        ["tls.ca_file"] = "the tool (it writes ca.pem)",
        ["tls.cert_file"] = "the tool (it writes device.crt)",
        ["tls.key_file"] = "the tool (it writes device.key)",
    };

    private static readonly Regex LinePrefix = new(@"^line \d+: ", RegexOptions.CultureInvariant);
    private static readonly Regex LineReference = new(@"\bline (\d+)\b", RegexOptions.CultureInvariant);

    /// <summary>Checks the request; returns the validated device, or null with every problem in <paramref name="errors"/>.</summary>
    public static ValidatedDevice? TryValidate(DeviceRequest request, BoardCatalog boards, out IReadOnlyList<string> errors)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(boards);
        var problems = new List<string>();
        RequestFields f = request.Fields;
        // A line break in any value would add a line to device.conf: refuse control characters before composing anything.
        bool idOk = CheckText(request.Id, f.Id, problems);
        if (idOk && !FleetIdentity.IsValidIdentifier(request.Id))
        {
            problems.Add($"{f.Id} '{BoardCatalog.Printable(request.Id)}': not accepted: expected {FleetIdentity.IdentifierRule} (device.id, the certificate's CN)");
            idOk = false;
        }
        bool tenantOk = CheckText(request.Tenant, f.Tenant, problems);
        bool kindOk = CheckText(request.Kind, f.Kind, problems);
        bool ssidOk = CheckText(request.WifiSsid, f.WifiSsid, problems);
        if (ssidOk && request.WifiSsid.Length == 0)
        {
            problems.Add($"{f.WifiSsid}: empty: the ESP32 needs the Wi-Fi network name (1 to 32 bytes)");
            ssidOk = false;
        }
        BoardFile? board = null;
        if (CheckText(request.Board, f.Board, problems))
        {
            board = boards.TryLoad(request.Board, f.Board, out IReadOnlyList<string> boardErrors);
            problems.AddRange(boardErrors);
        }
        BrokerAddress broker = default;
        bool brokerOk = CheckText(request.Broker, f.Broker, problems);
        if (brokerOk && !BrokerAddress.TryParse(request.Broker, out broker, out string brokerError))
        {
            problems.Add($"{f.Broker} '{BoardCatalog.Printable(request.Broker)}': {brokerError}");
            brokerOk = false;
        }
        var settingsOk = new List<ConfigSetting>();
        var seen = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (ConfigSetting setting in request.Settings)
        {
            if (!CheckText(setting.Key, setting.Field, problems) || !CheckText(setting.Value, setting.Field, problems))
            {
                continue;
            }
            if (OwnedKeys.TryGetValue(setting.Key, out string? owner))
            {
                problems.Add($"{setting.Field}: {setting.Key} is set by {owner}");
                continue;
            }
            if (seen.TryGetValue(setting.Key, out string? first))
            {
                problems.Add($"{setting.Field}: {setting.Key} is already set by {first}");
                continue;
            }
            seen.Add(setting.Key, setting.Field);
            settingsOk.Add(setting);
        }

        // Compose the file from what passed; remember which input each line came from.
        var lines = new List<(string Text, string Field)>();
        var skippedKeys = new HashSet<string>(StringComparer.Ordinal);
        void Add(bool ok, string key, string? value, string field)
        {
            if (ok && value != null)
            {
                lines.Add((value.Length == 0 ? key + " =" : key + " = " + value, field));
            }
            else
            {
                skippedKeys.Add(key);
            }
        }
        Add(idOk, "device.id", request.Id, f.Id);
        Add(tenantOk, "device.tenant", request.Tenant, f.Tenant);
        Add(kindOk, "device.kind", request.Kind, f.Kind);
        Add(board != null, "device.board", request.Board, f.Board);
        Add(ssidOk, "wifi.ssid", request.WifiSsid, f.WifiSsid);
        Add(true, "wifi.password", request.WifiPassword ?? string.Empty, f.WifiPassword);
        Add(brokerOk, "broker.host", broker.Host, f.Broker);
        Add(brokerOk, "broker.port", broker.Port.ToString(CultureInfo.InvariantCulture), f.Broker);
        foreach (ConfigSetting setting in settingsOk)
        {
            Add(true, setting.Key, setting.Value, setting.Field);
        }
        var text = new StringBuilder();
        foreach ((string line, _) in lines)
        {
            text.Append(line).Append('\n');
        }
        if (!DeviceConfigParser.TryParse(text.ToString(), out DeviceConfig? config, out ConfigError[] configErrors))
        {
            foreach (ConfigError error in configErrors)
            {
                if (error.LineNumber == 0 && skippedKeys.Contains(error.Key))
                {
                    continue; // already reported against its option
                }
                string field = error.LineNumber >= 1 && error.LineNumber <= lines.Count ? lines[error.LineNumber - 1].Field : "device.conf";
                // The line numbers are of the composed text, which the technician never sees: name the inputs instead.
                string message = LineReference.Replace(LinePrefix.Replace(error.Message, string.Empty), m =>
                    int.TryParse(m.Groups[1].Value, NumberStyles.None, CultureInfo.InvariantCulture, out int n) && n >= 1 && n <= lines.Count
                        ? lines[n - 1].Field
                        : m.Value);
                problems.Add(field + ": " + message);
            }
        }
        if (problems.Count > 0 || config is null || board is null)
        {
            if (problems.Count == 0)
            {
                problems.Add("device.conf: the configuration was refused without a reason (report this as a bug)");
            }
            errors = problems;
            return null;
        }
        string canonical = Header(request, board) + config.ToText(includeSecrets: true);
        // What is written must parse to the same configuration on the device.
        if (!DeviceConfigParser.TryParse(canonical, out DeviceConfig? reread, out ConfigError[] rereadErrors) || reread.ToText(true) != config.ToText(true))
        {
            throw new InvalidOperationException("the canonical device.conf does not read back the same: "
                + string.Join("; ", rereadErrors.Select(e => e.Message)));
        }
        errors = Array.Empty<string>();
        return new ValidatedDevice(request, broker, board, config, canonical);
    }

    private static string Header(DeviceRequest request, BoardFile board) =>
        $"# {request.Id}: written by 'gateway provision' on {DateTimeOffset.UtcNow:yyyy-MM-dd'T'HH:mm:ss'Z'} for board {board.Id}.\n" +
        "# Holds the Wi-Fi passphrase: keep it on the device and the provisioning laptop only.\n";

    private static bool CheckText(string? value, string field, List<string> problems)
    {
        if (value is null)
        {
            problems.Add($"{field}: missing");
            return false;
        }
        foreach (char c in value)
        {
            if (char.IsControl(c))
            {
                problems.Add($"{field}: contains a line break, tab or other control character: not accepted");
                return false;
            }
        }
        if (value.Length > 0 && (value[0] == ' ' || value[^1] == ' '))
        {
            // device.conf removes spaces around a value, so the device would read something else than was given.
            problems.Add($"{field} '{BoardCatalog.Printable(value)}': begins or ends with a space, which device.conf cannot hold: remove it");
            return false;
        }
        return true;
    }
}
