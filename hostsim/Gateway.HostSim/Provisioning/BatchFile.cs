using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using Gateway.Firmware.Core.Config;

namespace Gateway.HostSim.Provisioning;

/// <summary>
/// The CSV of <c>gateway provision batch</c>: a header row with the columns id, board, tenant, kind, wifi_ssid, broker (in any
/// order) and optionally further columns named by device.conf keys (<c>sample.period_s</c>, <c>alarm.pm2_5.high</c>...; an
/// empty cell leaves the key at its default), then one row per device. Rows are numbered as a spreadsheet numbers them: the
/// header is row 1.
/// </summary>
public static class BatchFile
{
    /// <summary>Column of the device id.</summary>
    public const string IdColumn = "id";

    /// <summary>Column of the board profile.</summary>
    public const string BoardColumn = "board";

    /// <summary>Column of the tenant.</summary>
    public const string TenantColumn = "tenant";

    /// <summary>Column of the device kind.</summary>
    public const string KindColumn = "kind";

    /// <summary>Column of the Wi-Fi network name.</summary>
    public const string WifiSsidColumn = "wifi_ssid";

    /// <summary>Column of the broker address.</summary>
    public const string BrokerColumn = "broker";

    /// <summary>Most device rows in one file.</summary>
    public const int MaximumRows = 10_000;

    /// <summary>Largest file read.</summary>
    public const long MaximumBytes = 16L * 1024 * 1024;

    /// <summary>The required columns, in the documented order.</summary>
    public static readonly IReadOnlyList<string> RequiredColumns = new[] { IdColumn, BoardColumn, TenantColumn, KindColumn, WifiSsidColumn, BrokerColumn };

    /// <summary>
    /// Reads the file into one request per well-formed row. Problems of the file's shape (a bad header column, a row with
    /// the wrong number of cells, an id used twice) are added to <paramref name="problems"/>, each naming row and column;
    /// the values themselves are checked later, per row, by <see cref="DeviceValidator"/>.
    /// </summary>
    /// <param name="path">The CSV file.</param>
    /// <param name="wifiPassword">The batch's passphrase (or null for open networks).</param>
    /// <param name="problems">Receives the problems found.</param>
    /// <exception cref="ProvisioningException">The file cannot be read at all, or its header lacks a required column.</exception>
    public static IReadOnlyList<DeviceRequest> Read(string path, string? wifiPassword, List<string> problems)
    {
        string label = "--csv " + path;
        string text;
        try
        {
            var info = new FileInfo(path);
            if (!info.Exists)
            {
                throw new ProvisioningException($"{label}: no such file");
            }
            if (info.Length > MaximumBytes)
            {
                throw new ProvisioningException($"{label}: {info.Length} bytes: at most {MaximumBytes} are read (split the batch)");
            }
            text = File.ReadAllText(path, new UTF8Encoding(false, true));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ProvisioningException($"{label}: cannot read it: {e.Message}", e);
        }
        catch (DecoderFallbackException e)
        {
            throw new ProvisioningException($"{label}: not UTF-8 text (save the CSV as UTF-8)", e);
        }
        return Parse(text, label, wifiPassword, problems);
    }

    /// <summary>As <see cref="Read"/>, from the file's text.</summary>
    public static IReadOnlyList<DeviceRequest> Parse(string text, string label, string? wifiPassword, List<string> problems)
    {
        ArgumentNullException.ThrowIfNull(problems);
        List<CsvRecord> records = Csv.Parse(text, label);
        if (records.Count == 0)
        {
            throw new ProvisioningException($"{label}: empty: expected a header row '{string.Join(",", RequiredColumns)}' and one row per device");
        }
        var headerProblems = new List<string>();
        IReadOnlyList<string> header = records[0].Fields;
        var columns = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int c = 0; c < header.Count; c++)
        {
            string name = header[c];
            if (name.Length == 0)
            {
                headerProblems.Add($"{label}: row 1, column {c + 1}: empty column name: expected {string.Join(", ", RequiredColumns)} or a device.conf key");
            }
            else if (columns.TryGetValue(name, out int first))
            {
                headerProblems.Add($"{label}: row 1, column {name}: appears twice (columns {first + 1} and {c + 1})");
            }
            else
            {
                columns.Add(name, c);
            }
        }
        foreach (string required in RequiredColumns)
        {
            if (!columns.ContainsKey(required))
            {
                string? nearly = columns.Keys.FirstOrDefault(k => string.Equals(k, required, StringComparison.OrdinalIgnoreCase) || k.Replace('-', '_') == required);
                headerProblems.Add($"{label}: row 1: column {required} is missing{(nearly != null ? $" ('{nearly}' is written differently)" : string.Empty)}: " +
                    $"the header needs {string.Join(",", RequiredColumns)}, optionally followed by device.conf keys");
            }
        }
        if (headerProblems.Count > 0)
        {
            throw new ProvisioningException(headerProblems); // without the required columns no row can be read
        }
        if (records.Count == 1)
        {
            throw new ProvisioningException($"{label}: no device rows after the header");
        }
        if (records.Count - 1 > MaximumRows)
        {
            throw new ProvisioningException($"{label}: {records.Count - 1} device rows: at most {MaximumRows} per batch (split the file)");
        }
        var settingColumns = new List<string>();
        foreach (string column in columns.Keys.Where(k => !RequiredColumns.Contains(k)))
        {
            string? error = CheckSettingColumn(column);
            if (error != null)
            {
                problems.Add($"{label}: row 1, column {column}: {error}");
            }
            else
            {
                settingColumns.Add(column);
            }
        }
        var requests = new List<DeviceRequest>();
        var ids = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (CsvRecord record in records.Skip(1))
        {
            if (record.Fields.Count != header.Count)
            {
                problems.Add($"{label}: row {record.Row} (line {record.Line}): {record.Fields.Count} cells: expected {header.Count} like the header " +
                    "(a cell holding a comma must be in double quotes)");
                continue;
            }
            string Cell(string column) => record.Fields[columns[column]];
            string id = Cell(IdColumn);
            if (id.Length > 0 && ids.TryGetValue(id, out int firstRow))
            {
                problems.Add($"{label}: {RequestFields.Cell(record.Row, IdColumn)}: '{BoardCatalog.Printable(id)}' is already used by row {firstRow}: each device needs its own id");
            }
            else if (id.Length > 0)
            {
                ids.Add(id, record.Row);
            }
            var settings = new List<ConfigSetting>();
            foreach (string column in settingColumns)
            {
                string value = Cell(column);
                if (value.Length > 0)
                {
                    settings.Add(new ConfigSetting(column, value, RequestFields.Cell(record.Row, column)));
                }
            }
            requests.Add(new DeviceRequest
            {
                Id = id,
                Board = Cell(BoardColumn),
                Tenant = Cell(TenantColumn),
                Kind = Cell(KindColumn),
                WifiSsid = Cell(WifiSsidColumn),
                WifiPassword = wifiPassword,
                Broker = Cell(BrokerColumn),
                Settings = settings,
                Fields = RequestFields.Row(record.Row),
            });
        }
        return requests;
    }

    /// <summary>Null when <paramref name="column"/> names a device.conf key a CSV may set, else why not (the parser's words).</summary>
    private static string? CheckSettingColumn(string column)
    {
        if (DeviceValidator.OwnedKeys.TryGetValue(column, out string? owner))
        {
            return $"{column} is set by {owner}";
        }
        foreach (char c in column)
        {
            if (char.IsControl(c) || c == '=')
            {
                return "not a device.conf key (keys are lower-case dotted, e.g. sample.period_s)";
            }
        }
        // Ask the core's parser whether it knows the key: a probe file with the key and a placeholder value. A value error
        // means the key is known; an unknown-key or spelling error is the parser's own message, with its "did you mean".
        string probe = "device.id = probe\ndevice.tenant = probe\ndevice.kind = environmental\nbroker.host = probe\n" + column + " = off\n";
        DeviceConfigParser.TryParse(probe, out _, out ConfigError[] errors);
        foreach (ConfigError error in errors)
        {
            if (error.LineNumber == 5 && (error.Message.Contains("unknown key", StringComparison.Ordinal)
                || error.Message.Contains("keys are lower case", StringComparison.Ordinal)
                || error.Message.Contains("the key has characters", StringComparison.Ordinal)
                || error.Message.Contains("is not a numeric metric", StringComparison.Ordinal)))
            {
                return error.Message.Substring("line 5: ".Length);
            }
        }
        return null;
    }
}
