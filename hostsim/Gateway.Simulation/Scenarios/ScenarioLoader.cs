using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Gateway.Firmware.Core.Config;
using Gateway.Simulation.Environment;
using Gateway.Simulation.Logistics;
using Gateway.Simulation.Sensors;

namespace Gateway.Simulation.Scenarios
{
    /// <summary>
    /// Reads scenario files (JSON, format in seeds/README.md) strictly: unknown properties, wrong types, values out of
    /// range, unknown cities, routes and sensors, and device configuration values the node itself would refuse are all
    /// reported, each with the JSON path of the value and what is accepted, all at once.
    /// </summary>
    public static class ScenarioLoader
    {
        /// <summary>Largest number of nodes in one group, and in the whole fleet.</summary>
        public const int MaxNodes = 100000;

        /// <summary>Largest number of fleet groups.</summary>
        public const int MaxGroups = 64;

        /// <summary>Largest number of pollution episodes.</summary>
        public const int MaxEpisodes = 100;

        /// <summary>Largest number of fault schedule entries.</summary>
        public const int MaxFaults = 1000;

        /// <summary>Largest scenario file, bytes.</summary>
        public const int MaxFileBytes = 1024 * 1024;

        /// <summary>Start time used when a scenario gives none: Monday 15 January 2024, 00:00 UTC (08:00 in Hebei), mid-winter.</summary>
        public const string DefaultStart = "2024-01-15T00:00:00Z";

        /// <summary>Tenant used when a scenario gives none.</summary>
        public const string DefaultTenant = "hebei";

        private const long Minute = 60000;
        private const long Hour = 60 * Minute;
        private const long Day = 24 * Hour;

        private static readonly string[] s_rootProperties = new string[] { "name", "description", "seed", "start", "duration", "tenant", "fleet", "episodes", "faults" };
        private static readonly string[] s_groupProperties = new string[]
        {
            "kind", "count", "cities", "routes", "site", "sensors", "board", "prefix", "gnss", "reefer", "departureSpread", "sampling", "alarms", "config",
        };
        private static readonly string[] s_environmentalOnly = new string[] { "cities", "site" };
        private static readonly string[] s_logisticsOnly = new string[] { "routes", "gnss", "reefer", "departureSpread" };
        private static readonly string[] s_samplingProperties = new string[] { "period", "alarmPeriod", "stuckCount", "sensors" };
        private static readonly string[] s_episodeProperties = new string[] { "kind", "cities", "start", "duration", "peak" };
        private static readonly string[] s_faultProperties = new string[]
        {
            "kind", "at", "probability", "from", "until", "target", "duration", "sensor", "offset", "cutAfterBytes", "offFor", "peakG", "tilt",
        };
        private static readonly string[] s_targetProperties = new string[] { "groups", "devices", "fraction", "count" };
        private static readonly string[] s_siteNames = new string[] { "outdoor", "roadside", "office", "school" };
        private static readonly string[] s_gnssNames = new string[] { "GN", "GP", "BD", "GB" };
        private static readonly string[] s_reservedConfigKeys = new string[] { "device.id", "device.tenant", "device.kind", "device.board", "broker.host", "broker.port" };

        private static readonly JsonDocumentOptions s_jsonOptions = new JsonDocumentOptions
        {
            CommentHandling = JsonCommentHandling.Skip,
            AllowTrailingCommas = true,
            MaxDepth = 32,
        };

        /// <summary>Reads and validates a scenario file.</summary>
        /// <exception cref="ScenarioException">The file is missing, unreadable, too large or invalid; the errors say why.</exception>
        public static Scenario LoadFile(string path)
        {
            string text;
            try
            {
                FileInfo info = new FileInfo(path);
                if (!info.Exists)
                {
                    throw Single(path, "file not found (full path " + info.FullName + ")");
                }
                if (info.Length > MaxFileBytes)
                {
                    throw Single(path, "the file has " + info.Length + " bytes; scenario files may have at most " + MaxFileBytes);
                }
                text = File.ReadAllText(path, new UTF8Encoding(false, true));
            }
            catch (IOException e)
            {
                throw Single(path, "cannot read the file: " + e.Message);
            }
            catch (UnauthorizedAccessException e)
            {
                throw Single(path, "cannot read the file: " + e.Message);
            }
            catch (DecoderFallbackException)
            {
                throw Single(path, "the file is not UTF-8 text");
            }
            return Parse(text, path);
        }

        /// <summary>Validates scenario JSON text.</summary>
        /// <param name="json">The JSON text.</param>
        /// <param name="source">Name for messages (file path or scenario name).</param>
        /// <exception cref="ScenarioException">The text is invalid; the errors say where and why.</exception>
        public static Scenario Parse(string json, string source)
        {
            Scenario? scenario;
            IReadOnlyList<ScenarioError> errors;
            if (!TryParse(json, source, out scenario, out errors) || scenario == null)
            {
                throw new ScenarioException(source, errors);
            }
            return scenario;
        }

        /// <summary>Validates scenario JSON text; returns false with every problem found.</summary>
        public static bool TryParse(string json, string source, out Scenario? scenario, out IReadOnlyList<ScenarioError> errors)
        {
            scenario = null;
            ErrorSink sink = new ErrorSink();
            if (json == null)
            {
                sink.Add(string.Empty, "no scenario text");
                errors = sink.Errors;
                return false;
            }
            JsonDocument document;
            try
            {
                document = JsonDocument.Parse(json, s_jsonOptions);
            }
            catch (JsonException e)
            {
                string reason = e.Message;
                int cut = reason.IndexOf(" Path:", StringComparison.Ordinal);
                if (cut < 0)
                {
                    cut = reason.IndexOf(" LineNumber:", StringComparison.Ordinal);
                }
                if (cut > 0)
                {
                    reason = reason.Substring(0, cut);
                }
                sink.Add(string.Empty, "not valid JSON at line " + ((e.LineNumber ?? 0) + 1) + ", position " + ((e.BytePositionInLine ?? 0) + 1)
                    + ": " + reason + " (comments and trailing commas are allowed; see seeds/README.md)");
                errors = sink.Errors;
                return false;
            }
            using (document)
            {
                scenario = ReadRoot(document.RootElement, sink, source);
            }
            errors = sink.Errors;
            if (sink.Count > 0)
            {
                scenario = null;
                return false;
            }
            return scenario != null;
        }

        private static ScenarioException Single(string source, string message) =>
            new ScenarioException(source, new ScenarioError[] { new ScenarioError(string.Empty, message) });

        private static Scenario? ReadRoot(JsonElement root, ErrorSink errors, string source)
        {
            JsonObjectReader r = new JsonObjectReader(root, string.Empty, errors, "a scenario: name, description, fleet, ...", s_rootProperties);
            if (!r.IsObject)
            {
                return null;
            }
            string? name = r.Text("name", true, IsScenarioName, "must be 1 to 64 characters a-z 0-9 -, starting with a letter or digit (e.g. \"hebei-air-quality\")");
            string? description = r.Text("description", true, t => t.Trim().Length > 0 && t.Length <= 2000, "must be a text of 1 to 2000 characters saying what the scenario shows");
            long seed = r.Integer("seed", false, 0, uint.MaxValue) ?? 1;
            long start = ReadStart(r);
            long duration = r.Duration("duration", false, Minute, 366 * Day, false) ?? Day;
            string? tenant = r.Text("tenant", false, IsIdentifier, "must be 1 to 63 characters a-z 0-9 - _, starting with a letter or digit (device.tenant)");
            if (!r.Has("tenant"))
            {
                tenant = DefaultTenant;
            }

            List<FleetGroup?> groups = new List<FleetGroup?>();
            JsonElement? fleet = r.ArrayOf("fleet", true, 1, MaxGroups, "must be an array of 1 to " + MaxGroups + " fleet groups, each {\"kind\": \"environmental\" or \"logistics\", \"count\": ..., ...}");
            int firstNode = 0;
            if (fleet.HasValue)
            {
                int index = 0;
                foreach (JsonElement item in fleet.Value.EnumerateArray())
                {
                    FleetGroup? group = ReadGroup(item, index, firstNode, tenant ?? DefaultTenant, errors);
                    groups.Add(group);
                    if (group != null)
                    {
                        firstNode += group.Count;
                    }
                    index++;
                }
                if (firstNode > MaxNodes)
                {
                    errors.Add("fleet", "has " + firstNode + " nodes in all; a scenario may have at most " + MaxNodes + " (split it, or lower the counts)");
                }
            }

            List<PollutionEpisode> episodes = new List<PollutionEpisode>();
            JsonElement? episodeArray = r.ArrayOf("episodes", false, 0, MaxEpisodes, "must be an array of at most " + MaxEpisodes + " pollution episodes");
            if (episodeArray.HasValue)
            {
                int index = 0;
                foreach (JsonElement item in episodeArray.Value.EnumerateArray())
                {
                    PollutionEpisode? episode = ReadEpisode(item, JsonObjectReader.Item("episodes", index), start, errors);
                    if (episode != null)
                    {
                        episodes.Add(episode);
                    }
                    index++;
                }
            }

            bool fleetValid = groups.Count > 0 && !groups.Contains(null);
            FleetLayout? layout = fleetValid ? new FleetLayout(ToGroupArray(groups)) : null;
            List<FaultSpec> faults = new List<FaultSpec>();
            JsonElement? faultArray = r.ArrayOf("faults", false, 0, MaxFaults, "must be an array of at most " + MaxFaults + " faults");
            if (faultArray.HasValue)
            {
                int index = 0;
                foreach (JsonElement item in faultArray.Value.EnumerateArray())
                {
                    FaultSpec? fault = ReadFault(item, index, duration, groups, layout, errors);
                    if (fault != null)
                    {
                        faults.Add(fault);
                    }
                    index++;
                }
            }
            r.Finish();

            if (errors.Count > 0 || name == null || description == null || tenant == null || !fleetValid)
            {
                return null;
            }
            return new Scenario(name, description.Trim(), (uint)seed, start, duration, tenant, ToGroupArray(groups), episodes.ToArray(), faults.ToArray(), source);
        }

        private static FleetGroup[] ToGroupArray(List<FleetGroup?> groups)
        {
            FleetGroup[] array = new FleetGroup[groups.Count];
            for (int i = 0; i < array.Length; i++)
            {
                array[i] = groups[i]!;
            }
            return array;
        }

        private static long ReadStart(JsonObjectReader r)
        {
            const string accepted = "must be a UTC date and time from 2000 to 2099 in ISO 8601 form, ending in Z or an offset (e.g. \"2024-01-15T00:00:00Z\" or \"2024-01-15T08:00:00+08:00\")";
            DateTimeOffset parsed = DateTimeOffset.Parse(DefaultStart, CultureInfo.InvariantCulture);
            string? text = r.Text("start", false, t => TryParseStart(t, out _), accepted);
            if (text != null)
            {
                TryParseStart(text, out parsed);
            }
            return parsed.ToUnixTimeMilliseconds();
        }

        private static bool TryParseStart(string text, out DateTimeOffset value)
        {
            value = default;
            bool zoned = text.EndsWith("Z", StringComparison.Ordinal) || (text.Length > 6 && (text[text.Length - 6] == '+' || text[text.Length - 6] == '-') && text[text.Length - 3] == ':');
            string[] formats = new string[] { "yyyy-MM-dd'T'HH:mm:ssK", "yyyy-MM-dd'T'HH:mmK", "yyyy-MM-dd'T'HH:mm:ss.FFFK" };
            if (!zoned || !DateTimeOffset.TryParseExact(text, formats, CultureInfo.InvariantCulture, DateTimeStyles.None, out value))
            {
                return false;
            }
            return value.UtcDateTime.Year >= 2000 && value.UtcDateTime.Year <= 2099;
        }

        private static FleetGroup? ReadGroup(JsonElement element, int index, int firstNode, string tenant, ErrorSink errors)
        {
            string path = JsonObjectReader.Item("fleet", index);
            int errorsBefore = errors.Count;
            JsonObjectReader r = new JsonObjectReader(element, path, errors, "a fleet group: kind, count, cities or routes, ...", s_groupProperties);
            if (!r.IsObject)
            {
                return null;
            }
            string? kindText = r.Text("kind", true, t => t == "environmental" || t == "logistics", "must be \"environmental\" or \"logistics\"");
            long count = r.Integer("count", true, 1, MaxNodes) ?? 0;
            DeviceKind kind = kindText == "logistics" ? DeviceKind.Logistics : DeviceKind.Environmental;
            if (kindText != null)
            {
                string[] foreign = kind == DeviceKind.Environmental ? s_logisticsOnly : s_environmentalOnly;
                for (int i = 0; i < foreign.Length; i++)
                {
                    if (r.Has(foreign[i]))
                    {
                        errors.Add(r.PathOf(foreign[i]), "only for " + (kind == DeviceKind.Environmental ? "logistics" : "environmental") + " groups; this group is \"" + kindText + "\"");
                    }
                }
            }

            CityClimate[] cities = Array.Empty<CityClimate>();
            Route[] routes = Array.Empty<Route>();
            if (kindText == null || kind == DeviceKind.Environmental)
            {
                cities = ReadCities(r, "cities", kindText != null, errors);
            }
            if (kindText == null || kind == DeviceKind.Logistics)
            {
                routes = ReadRoutes(r, kindText != null, errors);
            }
            SiteKind site = (SiteKind)Math.Max(0, Array.IndexOf(s_siteNames, r.Text("site", false, t => Array.IndexOf(s_siteNames, t) >= 0,
                "must be one of " + Quoted(s_siteNames) + " (where the node is mounted)") ?? "outdoor"));
            string[] allSensors = kind == DeviceKind.Environmental ? SensorNames.Environmental : SensorNames.Logistics;
            string[] sensors = ReadSensors(r, allSensors, kindText ?? "environmental", errors);
            string board = r.Text("board", false, IsBoardId, "must be 1 to 64 characters a-z 0-9 - _ (a board profile id, device.board)") ?? string.Empty;
            string prefix = r.Text("prefix", false, IsPrefix, "must be 1 to 16 characters a-z 0-9, starting with a letter (device ids are prefix-city-0001 or prefix-0001)")
                ?? (kind == DeviceKind.Environmental ? "env" : "trk");
            string? gnssText = r.Text("gnss", false, t => Array.IndexOf(s_gnssNames, t) >= 0,
                "must be one of " + Quoted(s_gnssNames) + ": GPS+BeiDou with talker GN, GPS only, BeiDou only with talker BD, BeiDou only with talker GB (NMEA 4.11)");
            GnssTalkerMode gnss = (GnssTalkerMode)Math.Max(0, Array.IndexOf(s_gnssNames, gnssText ?? "GN"));
            bool reefer = r.Boolean("reefer", false) ?? true;
            long spread = r.Duration("departureSpread", false, 0, 7 * Day, false) ?? Hour;

            List<KeyValuePair<string, string>> lines = new List<KeyValuePair<string, string>>();
            List<string> linePaths = new List<string>();
            Dictionary<string, string> keyPaths = new Dictionary<string, string>(StringComparer.Ordinal);
            ReadSampling(r, sensors, allSensors, lines, linePaths, keyPaths, errors);
            ReadAlarms(r, lines, linePaths, keyPaths, errors);
            ReadConfig(r, lines, linePaths, keyPaths, errors);
            r.Finish();

            if (errors.Count > errorsBefore)
            {
                return null;
            }
            CheckConfig(path, tenant, kind, board, lines, linePaths, errors);
            if (errors.Count > errorsBefore)
            {
                return null;
            }
            return new FleetGroup(index, kind, (int)count, firstNode, cities, routes, site, sensors, board, prefix, gnss, reefer, spread, lines.ToArray());
        }

        private static CityClimate[] ReadCities(JsonObjectReader r, string name, bool required, ErrorSink errors)
        {
            string accepted = "must be an array of city ids, each one of " + HebeiCities.AcceptedIds;
            JsonElement? array = r.ArrayOf(name, required, 1, HebeiCities.All.Count, accepted);
            if (!array.HasValue)
            {
                return Array.Empty<CityClimate>();
            }
            List<CityClimate> cities = new List<CityClimate>();
            int i = 0;
            foreach (JsonElement item in array.Value.EnumerateArray())
            {
                string itemPath = JsonObjectReader.Item(r.PathOf(name), i++);
                CityClimate city;
                if (item.ValueKind != JsonValueKind.String || !HebeiCities.TryFind(item.GetString(), out city))
                {
                    errors.Add(itemPath, "unknown city " + JsonObjectReader.Describe(item) + ": accepted are " + HebeiCities.AcceptedIds + " (or their names, e.g. \"Shijiazhuang\")");
                    continue;
                }
                if (cities.Contains(city))
                {
                    errors.Add(itemPath, "city " + city.Id + " is listed twice");
                    continue;
                }
                cities.Add(city);
            }
            return cities.ToArray();
        }

        private static Route[] ReadRoutes(JsonObjectReader r, bool required, ErrorSink errors)
        {
            string accepted = "must be an array of route ids, each one of " + RouteCatalog.AcceptedIds;
            JsonElement? array = r.ArrayOf("routes", required, 1, RouteCatalog.All.Count, accepted);
            if (!array.HasValue)
            {
                return Array.Empty<Route>();
            }
            List<Route> routes = new List<Route>();
            int i = 0;
            foreach (JsonElement item in array.Value.EnumerateArray())
            {
                string itemPath = JsonObjectReader.Item(r.PathOf("routes"), i++);
                Route route;
                if (item.ValueKind != JsonValueKind.String || !RouteCatalog.TryFind(item.GetString(), out route))
                {
                    errors.Add(itemPath, "unknown route " + JsonObjectReader.Describe(item) + ": accepted are " + RouteCatalog.AcceptedIds);
                    continue;
                }
                if (routes.Contains(route))
                {
                    errors.Add(itemPath, "route " + route.Id + " is listed twice");
                    continue;
                }
                routes.Add(route);
            }
            return routes.ToArray();
        }

        private static string[] ReadSensors(JsonObjectReader r, string[] all, string kindText, ErrorSink errors)
        {
            string accepted = "must be an array of sensor names of a " + kindText + " board: " + string.Join(", ", all);
            JsonElement? array = r.ArrayOf("sensors", false, 1, all.Length, accepted);
            if (!array.HasValue)
            {
                return all;
            }
            List<string> chosen = new List<string>();
            int i = 0;
            foreach (JsonElement item in array.Value.EnumerateArray())
            {
                string itemPath = JsonObjectReader.Item(r.PathOf("sensors"), i++);
                string? name = item.ValueKind == JsonValueKind.String ? item.GetString() : null;
                if (name == null || !SensorNames.Contains(all, name))
                {
                    errors.Add(itemPath, "unknown sensor " + JsonObjectReader.Describe(item) + " for a " + kindText + " board: accepted are " + string.Join(", ", all));
                    continue;
                }
                if (chosen.Contains(name))
                {
                    errors.Add(itemPath, "sensor " + name + " is listed twice");
                    continue;
                }
                chosen.Add(name);
            }
            // Keep board order whatever order the file lists them in.
            List<string> ordered = new List<string>();
            for (int s = 0; s < all.Length; s++)
            {
                if (chosen.Contains(all[s]))
                {
                    ordered.Add(all[s]);
                }
            }
            return ordered.ToArray();
        }

        private static void ReadSampling(JsonObjectReader group, string[] sensors, string[] allSensors, List<KeyValuePair<string, string>> lines,
            List<string> linePaths, Dictionary<string, string> keyPaths, ErrorSink errors)
        {
            JsonElement element;
            if (!group.TryGet("sampling", out element))
            {
                return;
            }
            JsonObjectReader r = new JsonObjectReader(element, group.PathOf("sampling"), errors, "sampling: period, alarmPeriod, stuckCount, sensors", s_samplingProperties);
            if (!r.IsObject)
            {
                return;
            }
            long? period = r.Duration("period", false, 0, 100 * Day, false);
            if (period.HasValue)
            {
                AddLine("sample.period_s", Seconds(period.Value), r.PathOf("period"), lines, linePaths, keyPaths, errors);
            }
            long? alarmPeriod = r.Duration("alarmPeriod", false, 0, 100 * Day, false);
            if (alarmPeriod.HasValue)
            {
                AddLine("sample.alarm_period_s", Seconds(alarmPeriod.Value), r.PathOf("alarmPeriod"), lines, linePaths, keyPaths, errors);
            }
            long? stuck = r.Integer("stuckCount", false, 0, 1000);
            if (stuck.HasValue)
            {
                AddLine("sample.stuck_count", stuck.Value.ToString(CultureInfo.InvariantCulture), r.PathOf("stuckCount"), lines, linePaths, keyPaths, errors);
            }
            JsonElement perSensor;
            if (r.TryGet("sensors", out perSensor))
            {
                string sensorsPath = r.PathOf("sensors");
                if (perSensor.ValueKind != JsonValueKind.Object)
                {
                    errors.Add(sensorsPath, "must be an object of sensor name → period (e.g. {\"sps30\": \"30s\"})");
                }
                else
                {
                    HashSet<string> seen = new HashSet<string>(StringComparer.Ordinal);
                    foreach (JsonProperty property in perSensor.EnumerateObject())
                    {
                        string itemPath = JsonObjectReader.Child(sensorsPath, property.Name);
                        if (!seen.Add(property.Name))
                        {
                            errors.Add(itemPath, "duplicate property: it is already set earlier in this object");
                            continue;
                        }
                        if (!SensorNames.Contains(sensors, property.Name))
                        {
                            string? close = JsonObjectReader.Closest(property.Name, allSensors);
                            errors.Add(itemPath, "this group has no sensor '" + property.Name + "'" + (close != null ? "; did you mean '" + close + "'?" : "")
                                + " Its sensors are " + string.Join(", ", sensors));
                            continue;
                        }
                        long ms;
                        string value;
                        if (property.Value.ValueKind == JsonValueKind.String && property.Value.GetString() == "off")
                        {
                            value = "off";
                        }
                        else if (property.Value.ValueKind == JsonValueKind.String && DurationText.TryParse(property.Value.GetString(), false, out ms))
                        {
                            value = Seconds(ms);
                        }
                        else
                        {
                            errors.Add(itemPath, "must be a duration " + DurationText.FormatHelp + ", or \"off\" (found " + JsonObjectReader.Describe(property.Value) + ")");
                            continue;
                        }
                        AddLine("sample." + property.Name + ".period_s", value, itemPath, lines, linePaths, keyPaths, errors);
                    }
                }
            }
            r.Finish();
        }

        private static void ReadAlarms(JsonObjectReader group, List<KeyValuePair<string, string>> lines, List<string> linePaths,
            Dictionary<string, string> keyPaths, ErrorSink errors)
        {
            JsonElement element;
            if (!group.TryGet("alarms", out element))
            {
                return;
            }
            string path = group.PathOf("alarms");
            if (element.ValueKind != JsonValueKind.Object)
            {
                errors.Add(path, "must be an object of alarm settings without the \"alarm.\" prefix (e.g. {\"pm2_5.high\": 75, \"shock_g\": 4.5, \"door_in_transit\": true})");
                return;
            }
            ReadKeyValues(element, path, "alarm.", lines, linePaths, keyPaths, errors);
        }

        private static void ReadConfig(JsonObjectReader group, List<KeyValuePair<string, string>> lines, List<string> linePaths,
            Dictionary<string, string> keyPaths, ErrorSink errors)
        {
            JsonElement element;
            if (!group.TryGet("config", out element))
            {
                return;
            }
            string path = group.PathOf("config");
            if (element.ValueKind != JsonValueKind.Object)
            {
                errors.Add(path, "must be an object of device configuration keys (docs/CONFIG.md) and values (e.g. {\"uplink.status_period_s\": 300})");
                return;
            }
            ReadKeyValues(element, path, string.Empty, lines, linePaths, keyPaths, errors);
        }

        private static void ReadKeyValues(JsonElement element, string path, string keyPrefix, List<KeyValuePair<string, string>> lines,
            List<string> linePaths, Dictionary<string, string> keyPaths, ErrorSink errors)
        {
            HashSet<string> seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (JsonProperty property in element.EnumerateObject())
            {
                string itemPath = JsonObjectReader.Child(path, property.Name);
                if (!seen.Add(property.Name))
                {
                    errors.Add(itemPath, "duplicate property: it is already set earlier in this object");
                    continue;
                }
                string key = keyPrefix + property.Name;
                if (Array.IndexOf(s_reservedConfigKeys, key) >= 0)
                {
                    errors.Add(itemPath, key + " is set by the simulator (device ids from the fleet layout, device.kind from \"kind\", device.board from \"board\", the broker by the runtime); remove it here");
                    continue;
                }
                if (key.StartsWith("alarm.", StringComparison.Ordinal) && keyPrefix.Length == 0)
                {
                    errors.Add(itemPath, "alarm settings go in \"alarms\" without the \"alarm.\" prefix");
                    continue;
                }
                if (key.StartsWith("sample.", StringComparison.Ordinal) && keyPrefix.Length == 0)
                {
                    errors.Add(itemPath, "sampling settings go in \"sampling\" (period, alarmPeriod, stuckCount, sensors)");
                    continue;
                }
                string? value = ValueText(property.Value);
                if (value == null)
                {
                    errors.Add(itemPath, "must be a number, a text without line breaks or control characters, or true/false (written on/off) (found "
                        + JsonObjectReader.Describe(property.Value) + ")");
                    continue;
                }
                AddLine(key, value, itemPath, lines, linePaths, keyPaths, errors);
            }
        }

        private static string? ValueText(JsonElement value)
        {
            switch (value.ValueKind)
            {
                case JsonValueKind.Number:
                    return value.GetRawText();
                case JsonValueKind.True:
                    return "on";
                case JsonValueKind.False:
                    return "off";
                case JsonValueKind.String:
                    string text = value.GetString() ?? string.Empty;
                    for (int i = 0; i < text.Length; i++)
                    {
                        if (char.IsControl(text[i]))
                        {
                            return null;
                        }
                    }
                    return text;
                default:
                    return null;
            }
        }

        private static void AddLine(string key, string value, string path, List<KeyValuePair<string, string>> lines, List<string> linePaths,
            Dictionary<string, string> keyPaths, ErrorSink errors)
        {
            string? other;
            if (keyPaths.TryGetValue(key, out other))
            {
                errors.Add(path, "sets " + key + ", which " + other + " sets already; set it in one place");
                return;
            }
            keyPaths.Add(key, path);
            lines.Add(new KeyValuePair<string, string>(key, value));
            linePaths.Add(path);
        }

        private static string Seconds(long ms) => (ms / 1000).ToString(CultureInfo.InvariantCulture);

        // Runs the group's configuration lines through the node's own parser, so the scenario is refused for exactly the
        // values a device would refuse, and maps each error's line back to the JSON path that produced it.
        private static void CheckConfig(string groupPath, string tenant, DeviceKind kind, string board, List<KeyValuePair<string, string>> lines,
            List<string> linePaths, ErrorSink errors)
        {
            List<string> paths = new List<string>();
            StringBuilder text = new StringBuilder();
            AppendLine(text, paths, "device.id", "validation-0001", groupPath);
            AppendLine(text, paths, "device.tenant", tenant, "tenant");
            AppendLine(text, paths, "device.kind", kind == DeviceKind.Logistics ? "logistics" : "environmental", JsonObjectReader.Child(groupPath, "kind"));
            if (board.Length > 0)
            {
                AppendLine(text, paths, "device.board", board, JsonObjectReader.Child(groupPath, "board"));
            }
            AppendLine(text, paths, "broker.host", "127.0.0.1", groupPath);
            for (int i = 0; i < lines.Count; i++)
            {
                AppendLine(text, paths, lines[i].Key, lines[i].Value, linePaths[i]);
            }
            DeviceConfig? config;
            ConfigError[] configErrors;
            if (DeviceConfigParser.TryParse(text.ToString(), out config, out configErrors))
            {
                return;
            }
            for (int i = 0; i < configErrors.Length; i++)
            {
                ConfigError e = configErrors[i];
                string message = e.Message;
                string prefix = "line " + e.LineNumber.ToString(CultureInfo.InvariantCulture) + ": ";
                if (message.StartsWith(prefix, StringComparison.Ordinal))
                {
                    message = message.Substring(prefix.Length);
                }
                string path = e.LineNumber >= 1 && e.LineNumber <= paths.Count ? paths[e.LineNumber - 1] : groupPath;
                // The core names other lines of the generated file ("(30, line 5)"); name their JSON paths instead.
                message = Regex.Replace(message, "line ([0-9]+)", m =>
                {
                    int line;
                    return int.TryParse(m.Groups[1].Value, NumberStyles.None, CultureInfo.InvariantCulture, out line) && line >= 1 && line <= paths.Count
                        ? paths[line - 1] : m.Value;
                });
                errors.Add(path, "the device would refuse this configuration: " + message);
            }
        }

        private static void AppendLine(StringBuilder text, List<string> paths, string key, string value, string path)
        {
            text.Append(key).Append(" = ").Append(value).Append('\n');
            paths.Add(path);
        }

        private static PollutionEpisode? ReadEpisode(JsonElement element, string path, long startUnixMs, ErrorSink errors)
        {
            int before = errors.Count;
            JsonObjectReader r = new JsonObjectReader(element, path, errors, "a pollution episode: kind, start, duration, peak, cities", s_episodeProperties);
            if (!r.IsObject)
            {
                return null;
            }
            string? kindText = r.Text("kind", true, t => t == "haze" || t == "dust", "must be \"haze\" (winter smog, raises PM2.5) or \"dust\" (spring dust storm, raises PM10)");
            long start = r.Duration("start", true, 0, 366 * Day, false) ?? 0;
            long duration = r.Duration("duration", true, Hour, 30 * Day, false) ?? Hour;
            double peak = r.Number("peak", true, 10, 3000, false, "µg/m³: peak PM2.5 of a haze, peak PM10 of a dust storm") ?? 10;
            CityClimate[] cities = ReadCities(r, "cities", false, errors);
            r.Finish();
            if (errors.Count > before || kindText == null)
            {
                return null;
            }
            string[] ids = new string[cities.Length];
            for (int i = 0; i < cities.Length; i++)
            {
                ids[i] = cities[i].Id;
            }
            return new PollutionEpisode(kindText == "dust" ? PollutionKind.Dust : PollutionKind.Haze, startUnixMs + start, duration, peak, ids);
        }

        private static FaultSpec? ReadFault(JsonElement element, int index, long scenarioDurationMs, List<FleetGroup?> groups, FleetLayout? layout, ErrorSink errors)
        {
            string path = JsonObjectReader.Item("faults", index);
            int before = errors.Count;
            JsonObjectReader r = new JsonObjectReader(element, path, errors, "a fault: kind, at or probability, target, ...", s_faultProperties);
            if (!r.IsObject)
            {
                return null;
            }
            string? kindText = r.Text("kind", true, t => FaultKinds.TryParse(t, out _), "must be one of " + FaultKinds.Accepted);
            FaultKind kind;
            bool kindKnown = FaultKinds.TryParse(kindText, out kind);
            if (kindKnown)
            {
                string[] takes = PropertiesOf(kind);
                for (int i = 0; i < s_faultProperties.Length; i++)
                {
                    string property = s_faultProperties[i];
                    if (r.Has(property) && Array.IndexOf(takes, property) < 0)
                    {
                        errors.Add(r.PathOf(property), "not used by a " + kindText + " fault; it takes " + string.Join(", ", takes));
                    }
                }
            }

            // When: a fixed time, or a chance per node within a window.
            long at = -1;
            double probability = 0;
            long from = 0;
            long until = scenarioDurationMs;
            bool hasAt = r.Has("at");
            bool hasProbability = r.Has("probability");
            if (hasAt && hasProbability)
            {
                errors.Add(path, "give either \"at\" (a time after the start) or \"probability\" (a chance per node), not both");
            }
            else if (!hasAt && !hasProbability)
            {
                errors.Add(path, "give \"at\" (a time after the start, e.g. \"6h\") or \"probability\" (the chance, from more than 0 to 1, that each targeted node gets the fault once at a random time)");
            }
            at = r.Duration("at", false, 0, 366 * Day, false) ?? -1;
            probability = r.Number("probability", false, 0, 1, true, "chance per targeted node") ?? 0;
            if ((r.Has("from") || r.Has("until")) && !hasProbability)
            {
                errors.Add(r.PathOf(r.Has("from") ? "from" : "until"), "a window (from, until) only goes with \"probability\"");
            }
            from = r.Duration("from", false, 0, 366 * Day, false) ?? 0;
            until = r.Duration("until", false, Minute, 366 * Day, false) ?? scenarioDurationMs;
            if (hasProbability && from >= until)
            {
                errors.Add(r.PathOf(r.Has("until") ? "until" : "from"), "the window must end after it starts (from " + DurationText.Format(from) + ", until " + DurationText.Format(until) + ")");
            }

            long duration = 0;
            string sensor = string.Empty;
            long offset = 0;
            int cutAfter = -1;
            long offFor = 0;
            double peakG = 8;
            double tilt = 45;
            if (kindKnown)
            {
                switch (kind)
                {
                    case FaultKind.LinkDrop:
                        duration = r.Duration("duration", true, 1000, 30 * Day, false) ?? 0;
                        break;
                    case FaultKind.PowerLoss:
                        cutAfter = (int)(r.Integer("cutAfterBytes", false, 0, 4096) ?? -1);
                        offFor = r.Duration("offFor", false, 0, Day, false) ?? 10000;
                        break;
                    case FaultKind.SensorStuck:
                    case FaultKind.SensorFail:
                    case FaultKind.SensorSpike:
                        sensor = r.Text("sensor", true, t => t.Length > 0, "must name a sensor of the targeted nodes, e.g. \"sps30\"") ?? string.Empty;
                        duration = r.Duration("duration", false, 1000, 366 * Day, false) ?? long.MaxValue;
                        break;
                    case FaultKind.CoolingFailure:
                        duration = r.Duration("duration", false, 1000, 366 * Day, false) ?? long.MaxValue;
                        break;
                    case FaultKind.DoorOpenInTransit:
                        duration = r.Duration("duration", false, 1000, Day, false) ?? 5 * Minute;
                        break;
                    case FaultKind.Drop:
                        peakG = r.Number("peakG", false, 2, 16, false, "g; the ADXL345 saturates at 16 g") ?? 8;
                        tilt = r.Number("tilt", false, 0, 180, false, "degrees from upright after the drop") ?? 45;
                        break;
                    case FaultKind.ClockJump:
                        offset = r.Duration("offset", true, -3650 * Day, 3650 * Day, true) ?? 0;
                        if (r.Has("offset") && offset == 0 && errors.Count == before)
                        {
                            errors.Add(r.PathOf("offset"), "must not be 0: a clock jump moves the clock (e.g. \"-2h\" or \"30m\")");
                        }
                        break;
                    case FaultKind.BrokerRestart:
                        duration = r.Duration("duration", false, 1000, Day, false) ?? 30000;
                        break;
                }
            }
            FaultTarget target = ReadTarget(r, groups, layout, errors);
            r.Finish();
            if (errors.Count > before || !kindKnown)
            {
                return null;
            }
            CheckApplies(path, kind, sensor, target, groups, layout, errors);
            if (errors.Count > before)
            {
                return null;
            }
            return new FaultSpec(index, kind, hasAt ? at : -1, hasProbability ? probability : 0, from, until, duration, sensor, offset, cutAfter, offFor, peakG, tilt, target);
        }

        private static string[] PropertiesOf(FaultKind kind)
        {
            switch (kind)
            {
                case FaultKind.LinkDrop: return new string[] { "kind", "at", "probability", "from", "until", "target", "duration" };
                case FaultKind.PowerLoss: return new string[] { "kind", "at", "probability", "from", "until", "target", "cutAfterBytes", "offFor" };
                case FaultKind.SensorStuck:
                case FaultKind.SensorFail:
                case FaultKind.SensorSpike: return new string[] { "kind", "at", "probability", "from", "until", "target", "sensor", "duration" };
                case FaultKind.CoolingFailure: return new string[] { "kind", "at", "probability", "from", "until", "target", "duration" };
                case FaultKind.DoorOpenInTransit: return new string[] { "kind", "at", "probability", "from", "until", "target", "duration" };
                case FaultKind.Drop: return new string[] { "kind", "at", "probability", "from", "until", "target", "peakG", "tilt" };
                case FaultKind.ClockJump: return new string[] { "kind", "at", "probability", "from", "until", "target", "offset" };
                default: return new string[] { "kind", "at", "duration" };
            }
        }

        private static FaultTarget ReadTarget(JsonObjectReader fault, List<FleetGroup?> groups, FleetLayout? layout, ErrorSink errors)
        {
            JsonElement element;
            FaultTarget all = new FaultTarget(Array.Empty<int>(), Array.Empty<string>(), 1, 0);
            if (!fault.TryGet("target", out element))
            {
                return all;
            }
            JsonObjectReader r = new JsonObjectReader(element, fault.PathOf("target"), errors, "a target: groups, devices, fraction or count", s_targetProperties);
            if (!r.IsObject)
            {
                return all;
            }
            List<int> groupIndexes = new List<int>();
            JsonElement? groupArray = r.ArrayOf("groups", false, 1, MaxGroups, "must be an array of fleet group indexes (0 is the first group)");
            if (groupArray.HasValue)
            {
                int i = 0;
                foreach (JsonElement item in groupArray.Value.EnumerateArray())
                {
                    string itemPath = JsonObjectReader.Item(r.PathOf("groups"), i++);
                    int g;
                    if (item.ValueKind != JsonValueKind.Number || !item.TryGetInt32(out g) || g < 0 || g >= groups.Count)
                    {
                        errors.Add(itemPath, "must be a fleet group index from 0 to " + (groups.Count - 1) + " (found " + JsonObjectReader.Describe(item) + ")");
                        continue;
                    }
                    if (groupIndexes.Contains(g))
                    {
                        errors.Add(itemPath, "group " + g + " is listed twice");
                        continue;
                    }
                    groupIndexes.Add(g);
                }
            }
            List<string> devices = new List<string>();
            JsonElement? deviceArray = r.ArrayOf("devices", false, 1, MaxNodes, "must be an array of device ids of this fleet (e.g. \"env-sjz-0001\", \"trk-0003\")");
            if (deviceArray.HasValue)
            {
                int i = 0;
                foreach (JsonElement item in deviceArray.Value.EnumerateArray())
                {
                    string itemPath = JsonObjectReader.Item(r.PathOf("devices"), i++);
                    string? id = item.ValueKind == JsonValueKind.String ? item.GetString() : null;
                    if (id == null)
                    {
                        errors.Add(itemPath, "must be a device id text (found " + JsonObjectReader.Describe(item) + ")");
                        continue;
                    }
                    if (layout != null)
                    {
                        int node = layout.IndexOf(id);
                        if (node < 0)
                        {
                            errors.Add(itemPath, "no device \"" + JsonObjectReader.Shorten(id) + "\" in this fleet; ids are prefix-city-number for environmental groups and prefix-number for logistics groups, e.g. "
                                + layout.DeviceId(0) + " (numbers count from 0001 per prefix and city)");
                            continue;
                        }
                        if (groupIndexes.Count > 0 && !groupIndexes.Contains(layout.Locate(node).Group.Index))
                        {
                            errors.Add(itemPath, "device " + id + " is not in the groups listed in \"groups\"");
                            continue;
                        }
                    }
                    if (devices.Contains(id))
                    {
                        errors.Add(itemPath, "device " + id + " is listed twice");
                        continue;
                    }
                    devices.Add(id);
                }
            }
            if (r.Has("fraction") && r.Has("count"))
            {
                errors.Add(r.Path, "give \"fraction\" or \"count\", not both");
            }
            double fraction = r.Number("fraction", false, 0, 1, true, "share of the selected nodes") ?? 1;
            int count = (int)(r.Integer("count", false, 1, MaxNodes) ?? 0);
            r.Finish();
            return new FaultTarget(groupIndexes.ToArray(), devices.ToArray(), fraction, count);
        }

        // A fault must hit something: the targeted groups need the named sensor, or to be trackers for truck faults.
        private static void CheckApplies(string path, FaultKind kind, string sensor, FaultTarget target, List<FleetGroup?> groups, FleetLayout? layout, ErrorSink errors)
        {
            if (layout == null || (!FaultKinds.IsSensorFault(kind) && !FaultKinds.IsLogisticsOnly(kind)))
            {
                return;
            }
            List<FleetGroup> targeted = new List<FleetGroup>();
            if (target.Devices.Count > 0)
            {
                for (int i = 0; i < target.Devices.Count; i++)
                {
                    FleetGroup g = layout.Locate(layout.IndexOf(target.Devices[i])).Group;
                    if (!targeted.Contains(g))
                    {
                        targeted.Add(g);
                    }
                }
            }
            else if (target.Groups.Count > 0)
            {
                for (int i = 0; i < target.Groups.Count; i++)
                {
                    targeted.Add(groups[target.Groups[i]]!);
                }
            }
            else
            {
                for (int i = 0; i < groups.Count; i++)
                {
                    targeted.Add(groups[i]!);
                }
            }
            bool any = false;
            List<string> available = new List<string>();
            for (int i = 0; i < targeted.Count; i++)
            {
                FleetGroup g = targeted[i];
                if (FaultKinds.IsSensorFault(kind))
                {
                    any |= g.HasSensor(sensor);
                    for (int s = 0; s < g.Sensors.Count; s++)
                    {
                        if (!available.Contains(g.Sensors[s]))
                        {
                            available.Add(g.Sensors[s]);
                        }
                    }
                }
                else
                {
                    any |= g.Kind == DeviceKind.Logistics;
                }
            }
            if (any)
            {
                return;
            }
            if (FaultKinds.IsSensorFault(kind))
            {
                errors.Add(JsonObjectReader.Child(path, "sensor"), "no targeted node has a sensor '" + JsonObjectReader.Shorten(sensor) + "'; the targeted nodes have " + string.Join(", ", available));
            }
            else
            {
                errors.Add(JsonObjectReader.Child(path, "kind"), FaultKinds.NameOf(kind) + " applies to logistics trackers only, and the target selects none (target a logistics group)");
            }
        }

        private static string Quoted(string[] names)
        {
            string[] quoted = new string[names.Length];
            for (int i = 0; i < names.Length; i++)
            {
                quoted[i] = "\"" + names[i] + "\"";
            }
            return string.Join(", ", quoted);
        }

        private static bool IsScenarioName(string text)
        {
            if (text.Length < 1 || text.Length > 64 || !IsLowerOrDigit(text[0]))
            {
                return false;
            }
            for (int i = 0; i < text.Length; i++)
            {
                if (!IsLowerOrDigit(text[i]) && text[i] != '-')
                {
                    return false;
                }
            }
            return true;
        }

        private static bool IsIdentifier(string text)
        {
            if (text.Length < 1 || text.Length > 63 || !IsLowerOrDigit(text[0]))
            {
                return false;
            }
            for (int i = 0; i < text.Length; i++)
            {
                if (!IsLowerOrDigit(text[i]) && text[i] != '-' && text[i] != '_')
                {
                    return false;
                }
            }
            return true;
        }

        private static bool IsBoardId(string text)
        {
            if (text.Length < 1 || text.Length > 64)
            {
                return false;
            }
            for (int i = 0; i < text.Length; i++)
            {
                if (!IsLowerOrDigit(text[i]) && text[i] != '-' && text[i] != '_')
                {
                    return false;
                }
            }
            return true;
        }

        private static bool IsPrefix(string text)
        {
            if (text.Length < 1 || text.Length > 16 || text[0] < 'a' || text[0] > 'z')
            {
                return false;
            }
            for (int i = 0; i < text.Length; i++)
            {
                if (!IsLowerOrDigit(text[i]))
                {
                    return false;
                }
            }
            return true;
        }

        private static bool IsLowerOrDigit(char c) => (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
    }
}
