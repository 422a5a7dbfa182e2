using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text.Json;

namespace Gateway.Simulation.Scenarios
{
    /// <summary>Collects scenario errors, capped so a wrong file cannot produce an endless list.</summary>
    internal sealed class ErrorSink
    {
        public const int MaxErrors = 100;

        private readonly List<ScenarioError> _errors = new List<ScenarioError>();

        public int Count => _errors.Count;

        public IReadOnlyList<ScenarioError> Errors => _errors;

        public void Add(string path, string message)
        {
            if (_errors.Count < MaxErrors)
            {
                _errors.Add(new ScenarioError(path, message));
            }
        }
    }

    /// <summary>
    /// Reads one JSON object of a scenario strictly: every property must be known, appear once and have the right type
    /// and range; each problem is added to the <see cref="ErrorSink"/> with its JSON path and what is accepted, and reading
    /// goes on so that all problems are reported at once. <see cref="Finish"/> reports the unknown properties.
    /// </summary>
    internal sealed class JsonObjectReader
    {
        private readonly JsonElement _element;
        private readonly ErrorSink _errors;
        private readonly string[] _known;
        private readonly Dictionary<string, JsonElement> _properties = new Dictionary<string, JsonElement>(StringComparer.Ordinal);

        public JsonObjectReader(JsonElement element, string path, ErrorSink errors, string what, params string[] known)
        {
            _element = element;
            Path = path;
            _errors = errors;
            _known = known;
            IsObject = element.ValueKind == JsonValueKind.Object;
            if (!IsObject)
            {
                errors.Add(path, "must be an object (" + what + ")");
                return;
            }
            foreach (JsonProperty property in element.EnumerateObject())
            {
                if (_properties.ContainsKey(property.Name))
                {
                    errors.Add(Child(path, property.Name), "duplicate property: it is already set earlier in this object");
                    continue;
                }
                _properties.Add(property.Name, property.Value);
            }
        }

        public string Path { get; }

        public bool IsObject { get; }

        public bool Has(string name) => _properties.ContainsKey(name);

        public string PathOf(string name) => Child(Path, name);

        public bool TryGet(string name, out JsonElement value) => _properties.TryGetValue(name, out value);

        /// <summary>Reports properties not in the known list (with a suggestion when one is close).</summary>
        public void Finish()
        {
            if (!IsObject)
            {
                return;
            }
            foreach (KeyValuePair<string, JsonElement> property in _properties)
            {
                if (Array.IndexOf(_known, property.Key) >= 0)
                {
                    continue;
                }
                string? suggestion = Closest(property.Key, _known);
                _errors.Add(PathOf(property.Key), "unknown property" + (suggestion != null ? "; did you mean '" + suggestion + "'?" : "")
                    + " Accepted here: " + string.Join(", ", _known));
            }
        }

        public void Missing(string name, string accepted)
        {
            _errors.Add(PathOf(name), "is missing: " + accepted);
        }

        public string? Text(string name, bool required, Func<string, bool> valid, string accepted)
        {
            JsonElement value;
            if (!TryGet(name, out value))
            {
                if (required)
                {
                    Missing(name, accepted);
                }
                return null;
            }
            if (value.ValueKind != JsonValueKind.String)
            {
                _errors.Add(PathOf(name), accepted + " (found " + Describe(value) + ")");
                return null;
            }
            string text = value.GetString() ?? string.Empty;
            if (!valid(text))
            {
                _errors.Add(PathOf(name), "\"" + Shorten(text) + "\": " + accepted);
                return null;
            }
            return text;
        }

        public long? Integer(string name, bool required, long min, long max)
        {
            string accepted = "must be an integer from " + min.ToString(CultureInfo.InvariantCulture) + " to " + max.ToString(CultureInfo.InvariantCulture);
            JsonElement value;
            if (!TryGet(name, out value))
            {
                if (required)
                {
                    Missing(name, accepted);
                }
                return null;
            }
            long number;
            if (value.ValueKind != JsonValueKind.Number || !value.TryGetInt64(out number) || number < min || number > max)
            {
                _errors.Add(PathOf(name), accepted + " (found " + Describe(value) + ")");
                return null;
            }
            return number;
        }

        public double? Number(string name, bool required, double min, double max, bool minExclusive, string unit)
        {
            string accepted = "must be a number from " + (minExclusive ? "more than " : "") + Format(min) + " to " + Format(max) + (unit.Length > 0 ? " (" + unit + ")" : "");
            JsonElement value;
            if (!TryGet(name, out value))
            {
                if (required)
                {
                    Missing(name, accepted);
                }
                return null;
            }
            double number;
            if (value.ValueKind != JsonValueKind.Number || !value.TryGetDouble(out number) || double.IsNaN(number) || double.IsInfinity(number)
                || number < min || number > max || (minExclusive && number <= min))
            {
                _errors.Add(PathOf(name), accepted + " (found " + Describe(value) + ")");
                return null;
            }
            return number;
        }

        public bool? Boolean(string name, bool required)
        {
            const string accepted = "must be true or false";
            JsonElement value;
            if (!TryGet(name, out value))
            {
                if (required)
                {
                    Missing(name, accepted);
                }
                return null;
            }
            if (value.ValueKind != JsonValueKind.True && value.ValueKind != JsonValueKind.False)
            {
                _errors.Add(PathOf(name), accepted + " (found " + Describe(value) + ")");
                return null;
            }
            return value.ValueKind == JsonValueKind.True;
        }

        public long? Duration(string name, bool required, long minMs, long maxMs, bool allowNegative)
        {
            string accepted = "must be a duration from " + DurationText.Format(minMs) + " to " + DurationText.Format(maxMs)
                + (allowNegative ? " (negative allowed, e.g. \"-2h\")" : "") + ", " + DurationText.FormatHelp;
            JsonElement value;
            if (!TryGet(name, out value))
            {
                if (required)
                {
                    Missing(name, accepted);
                }
                return null;
            }
            long ms;
            if (value.ValueKind != JsonValueKind.String || !DurationText.TryParse(value.GetString(), allowNegative, out ms)
                || ms < minMs || ms > maxMs)
            {
                _errors.Add(PathOf(name), accepted + " (found " + Describe(value) + ")");
                return null;
            }
            return ms;
        }

        /// <summary>An array property; null (and an error) when present but not an array or outside the length limits.</summary>
        public JsonElement? ArrayOf(string name, bool required, int minItems, int maxItems, string accepted)
        {
            JsonElement value;
            if (!TryGet(name, out value))
            {
                if (required)
                {
                    Missing(name, accepted);
                }
                return null;
            }
            if (value.ValueKind != JsonValueKind.Array)
            {
                _errors.Add(PathOf(name), accepted + " (found " + Describe(value) + ")");
                return null;
            }
            int length = value.GetArrayLength();
            if (length < minItems || length > maxItems)
            {
                _errors.Add(PathOf(name), (length == 0 ? "is empty: " : "has " + length + " items: ") + accepted);
                return null;
            }
            return value;
        }

        public static string Child(string path, string name)
        {
            bool identifier = name.Length > 0 && (char.IsLetter(name[0]) || name[0] == '_');
            for (int i = 0; identifier && i < name.Length; i++)
            {
                char c = name[i];
                identifier = char.IsLetterOrDigit(c) || c == '_';
            }
            if (!identifier)
            {
                return path + "[\"" + name.Replace("\\", "\\\\").Replace("\"", "\\\"") + "\"]";
            }
            return path.Length == 0 ? name : path + "." + name;
        }

        public static string Item(string path, int index) => path + "[" + index.ToString(CultureInfo.InvariantCulture) + "]";

        public static string Describe(JsonElement value)
        {
            switch (value.ValueKind)
            {
                case JsonValueKind.String:
                    return "\"" + Shorten(value.GetString() ?? string.Empty) + "\"";
                case JsonValueKind.Number:
                    return value.GetRawText();
                case JsonValueKind.True:
                    return "true";
                case JsonValueKind.False:
                    return "false";
                case JsonValueKind.Null:
                    return "null";
                case JsonValueKind.Array:
                    return "an array";
                case JsonValueKind.Object:
                    return "an object";
                default:
                    return value.ValueKind.ToString();
            }
        }

        public static string Shorten(string text) => text.Length <= 60 ? text : text.Substring(0, 57) + "...";

        public static string Format(double value) => value.ToString("0.###############", CultureInfo.InvariantCulture);

        /// <summary>The known name within two edits of <paramref name="name"/> (case-insensitive), or null.</summary>
        public static string? Closest(string name, string[] known)
        {
            string? best = null;
            int bestDistance = 3;
            for (int i = 0; i < known.Length; i++)
            {
                int d = Distance(name.ToLowerInvariant(), known[i].ToLowerInvariant());
                if (d < bestDistance)
                {
                    bestDistance = d;
                    best = known[i];
                }
            }
            return best;
        }

        private static int Distance(string a, string b)
        {
            int[] previous = new int[b.Length + 1];
            int[] current = new int[b.Length + 1];
            for (int j = 0; j <= b.Length; j++)
            {
                previous[j] = j;
            }
            for (int i = 1; i <= a.Length; i++)
            {
                current[0] = i;
                for (int j = 1; j <= b.Length; j++)
                {
                    int cost = a[i - 1] == b[j - 1] ? 0 : 1;
                    current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
                }
                int[] swap = previous;
                previous = current;
                current = swap;
            }
            return previous[b.Length];
        }
    }
}
