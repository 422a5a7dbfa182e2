using System;
using System.Collections.Generic;
using System.Text;

namespace Gateway.HostSim.Provisioning;

/// <summary>One record of a CSV file.</summary>
/// <param name="Row">1-based record number (the header is row 1), as a spreadsheet numbers it.</param>
/// <param name="Line">1-based line on which the record starts.</param>
/// <param name="Fields">The fields, unquoted.</param>
public sealed record CsvRecord(int Row, int Line, IReadOnlyList<string> Fields);

/// <summary>
/// RFC 4180 CSV: comma separated, fields with commas, quotes or line breaks in double quotes, a quote inside doubled.
/// Lenient where spreadsheets and hand editing differ: LF or CRLF, a leading byte order mark, blank lines skipped, spaces
/// around an unquoted field removed.
/// </summary>
public static class Csv
{
    /// <summary>Splits <paramref name="text"/> into records; a malformed record is reported with its row and line.</summary>
    /// <exception cref="ProvisioningException">A quote is not closed, or text follows a closing quote.</exception>
    public static List<CsvRecord> Parse(string text, string fileLabel)
    {
        ArgumentNullException.ThrowIfNull(text);
        var records = new List<CsvRecord>();
        int i = text.Length > 0 && text[0] == '\uFEFF' ? 1 : 0;
        int line = 1;
        int row = 0;
        while (i < text.Length)
        {
            int startLine = line;
            var fields = new List<string>();
            var field = new StringBuilder();
            bool quoted = false;
            bool recordEnded = false;
            bool blank = true;
            while (i < text.Length && !recordEnded)
            {
                char c = text[i];
                if (c == '"' && field.ToString().Trim().Length == 0 && !quoted)
                {
                    blank = false;
                    field.Clear();
                    i++;
                    while (true)
                    {
                        if (i >= text.Length)
                        {
                            throw new ProvisioningException($"{fileLabel}: row {row + 1} (line {startLine}): a quoted field is not closed: end it with '\"' (a quote inside a field is written '\"\"')");
                        }
                        char q = text[i];
                        if (q == '"')
                        {
                            if (i + 1 < text.Length && text[i + 1] == '"')
                            {
                                field.Append('"');
                                i += 2;
                                continue;
                            }
                            i++;
                            break;
                        }
                        if (q == '\n')
                        {
                            line++;
                        }
                        field.Append(q);
                        i++;
                    }
                    quoted = true;
                    // Only spaces may follow the closing quote before the separator.
                    while (i < text.Length && text[i] == ' ')
                    {
                        i++;
                    }
                    if (i < text.Length && text[i] != ',' && text[i] != '\r' && text[i] != '\n')
                    {
                        throw new ProvisioningException($"{fileLabel}: row {row + 1} (line {line}): text after a closing quote: a quoted field must end at ',' or the end of the line");
                    }
                    continue;
                }
                if (c == ',')
                {
                    fields.Add(quoted ? field.ToString() : field.ToString().Trim());
                    field.Clear();
                    quoted = false;
                    blank = false;
                    i++;
                    continue;
                }
                if (c == '\r' || c == '\n')
                {
                    i += c == '\r' && i + 1 < text.Length && text[i + 1] == '\n' ? 2 : 1;
                    line++;
                    recordEnded = true;
                    continue;
                }
                if (c != ' ' && c != '\t')
                {
                    blank = false;
                }
                field.Append(c);
                i++;
            }
            if (blank && fields.Count == 0 && !quoted)
            {
                continue; // a blank line
            }
            fields.Add(quoted ? field.ToString() : field.ToString().Trim());
            row++;
            records.Add(new CsvRecord(row, startLine, fields));
        }
        return records;
    }

    /// <summary>One CSV line (without line end), quoting fields that need it.</summary>
    public static string Format(IEnumerable<string> fields)
    {
        var line = new StringBuilder();
        bool first = true;
        foreach (string value in fields)
        {
            if (!first)
            {
                line.Append(',');
            }
            first = false;
            if (value.IndexOfAny(new[] { ',', '"', '\r', '\n' }) >= 0 || value.Trim().Length != value.Length)
            {
                line.Append('"').Append(value.Replace("\"", "\"\"", StringComparison.Ordinal)).Append('"');
            }
            else
            {
                line.Append(value);
            }
        }
        return line.ToString();
    }
}
