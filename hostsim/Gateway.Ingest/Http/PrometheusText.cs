using System;
using System.Globalization;
using System.Text;

namespace Gateway.Ingest.Http;

/// <summary>
/// Writes the Prometheus text exposition format, version 0.0.4: per metric family one <c># HELP</c> and one <c># TYPE</c> line,
/// then its samples <c>name{label="value"} number</c>, lines ending in <c>\n</c>. Escaping as the format specifies: in HELP
/// text <c>\</c> and line feed; in label values <c>\</c>, <c>"</c> and line feed. Numbers use Go's float syntax
/// (<c>+Inf</c>, <c>-Inf</c>, <c>NaN</c>).
/// </summary>
internal sealed class PrometheusText
{
    /// <summary>The media type of this format.</summary>
    public const string ContentType = "text/plain; version=0.0.4; charset=utf-8";

    private readonly StringBuilder _text = new(4096);

    /// <summary>Starts a metric family.</summary>
    /// <param name="name">Metric name (<c>[a-zA-Z_:][a-zA-Z0-9_:]*</c>).</param>
    /// <param name="type"><c>counter</c>, <c>gauge</c>, <c>summary</c>, <c>histogram</c> or <c>untyped</c>.</param>
    /// <param name="help">Help text.</param>
    public PrometheusText Family(string name, string type, string help)
    {
        CheckName(name);
        _text.Append("# HELP ").Append(name).Append(' ');
        foreach (char c in help)
        {
            _ = c switch
            {
                '\\' => _text.Append("\\\\"),
                '\n' => _text.Append("\\n"),
                _ => _text.Append(c),
            };
        }
        _text.Append('\n').Append("# TYPE ").Append(name).Append(' ').Append(type).Append('\n');
        return this;
    }

    /// <summary>One sample without labels.</summary>
    public PrometheusText Sample(string name, double value)
    {
        CheckName(name);
        _text.Append(name).Append(' ').Append(Number(value)).Append('\n');
        return this;
    }

    /// <summary>One sample with one label.</summary>
    public PrometheusText Sample(string name, string label, string labelValue, double value)
    {
        CheckName(name);
        _text.Append(name).Append('{').Append(label).Append("=\"");
        foreach (char c in labelValue)
        {
            _ = c switch
            {
                '\\' => _text.Append("\\\\"),
                '"' => _text.Append("\\\""),
                '\n' => _text.Append("\\n"),
                _ => _text.Append(c),
            };
        }
        _text.Append("\"} ").Append(Number(value)).Append('\n');
        return this;
    }

    /// <summary>A family with a single unlabelled sample.</summary>
    public PrometheusText Single(string name, string type, string help, double value) => Family(name, type, help).Sample(name, value);

    /// <inheritdoc />
    public override string ToString() => _text.ToString();

    /// <summary>Go float syntax: integers without exponent where exact, <c>+Inf</c>/<c>-Inf</c>/<c>NaN</c>.</summary>
    public static string Number(double value)
    {
        if (double.IsNaN(value))
        {
            return "NaN";
        }
        if (double.IsInfinity(value))
        {
            return value > 0 ? "+Inf" : "-Inf";
        }
        if (value == Math.Floor(value) && Math.Abs(value) < 1e15)
        {
            return ((long)value).ToString(CultureInfo.InvariantCulture);
        }
        return value.ToString("R", CultureInfo.InvariantCulture);
    }

    private static void CheckName(string name)
    {
        for (int i = 0; i < name.Length; i++)
        {
            char c = name[i];
            bool ok = c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or '_' or ':' || (i > 0 && c is >= '0' and <= '9');
            if (!ok)
            {
                throw new ArgumentException($"metric name '{name}' is not [a-zA-Z_:][a-zA-Z0-9_:]*", nameof(name));
            }
        }
        if (name.Length == 0)
        {
            throw new ArgumentException("metric name is empty", nameof(name));
        }
    }
}
