using Gateway.Firmware.Core.Config;
using nanoFramework.TestFramework;

namespace Gateway.Firmware.Core.Tests.Portable.Config
{
    /// <summary>Configuration texts and assertions shared by the Config tests.</summary>
    internal static class ConfigSamples
    {
        /// <summary>Wi-Fi passphrase of <see cref="CompleteFile"/>; must never show up in errors or masked dumps.</summary>
        internal const string Password = "Depot-Pass-4711!";

        /// <summary>Every key set to a non-default value (a cold-chain truck).</summary>
        internal const string CompleteFile =
            "# Truck 42, cold chain\n" +
            "device.id = truck-0042\n" +
            "device.tenant = acme_logistics\n" +
            "device.kind = logistics\n" +
            "device.board = m5stack-core2\n" +
            "\n" +
            "wifi.ssid = Depot WLAN 3\n" +
            "wifi.password = " + Password + "\n" +
            "broker.host = mqtt.example.org\n" +
            "broker.port = 8884\n" +
            "tls.ca_file = fleet-ca.pem\n" +
            "tls.cert_file = truck-0042.crt\n" +
            "tls.key_file = truck-0042.key\n" +
            "time.ntp_server = 192.168.1.10\n" +
            "   # indented comment\n" +
            "sample.period_s = 120\n" +
            "sample.alarm_period_s = 15\n" +
            "sample.stuck_count = 0\n" +
            "sample.gnss.period_s = 30\n" +
            "sample.door.period_s = 5\n" +
            "alarm.shock_g = 4.5\n" +
            "alarm.door_in_transit = on\n" +
            "alarm.moving_speed_mps = 0.1\n" +
            "alarm.cargo_temp.high = 8\n" +
            "alarm.cargo_temp.low = 2\n" +
            "alarm.cargo_temp.hysteresis = 0.5\n" +
            "alarm.cargo_temp.band_min = 2\n" +
            "alarm.cargo_temp.band_max = 8\n" +
            "alarm.cargo_temp.excursion_s = 600\n" +
            "alarm.battery.low = 3.3\n" +
            "alarm.temp.low = -12.5\n" +
            "uplink.max_payload_bytes = 2048\n" +
            "uplink.inflight = 8\n" +
            "uplink.confirm_timeout_s = 45\n" +
            "uplink.backoff_min_s = 2\n" +
            "uplink.backoff_max_s = 600\n" +
            "uplink.status_period_s = 900\n" +
            "uplink.format = json\n" +
            "power.deep_sleep = on\n";

        /// <summary>Only the required keys (an air-quality station).</summary>
        internal const string MinimalFile =
            "device.id = env-01\n" +
            "device.tenant = city\n" +
            "device.kind = environmental\n" +
            "broker.host = broker.local\n";

        /// <summary>Parses text that must be valid.</summary>
        internal static DeviceConfig Parse(string text)
        {
            DeviceConfig? config;
            ConfigError[] errors;
            bool ok = DeviceConfigParser.TryParse(text, out config, out errors);
            Assert.IsTrue(ok, errors.Length > 0 ? errors[0].Message : "parse failed without an error");
            Assert.AreEqual(0L, (long)errors.Length, "no errors");
            Assert.IsNotNull(config);
            return config!;
        }

        /// <summary>Parses the minimal file plus <paramref name="extraLines"/> (starting on line 5), which must fail.</summary>
        internal static ConfigError[] ErrorsOf(string extraLines)
        {
            return ErrorsOfFile(MinimalFile + extraLines);
        }

        /// <summary>Parses a whole file that must fail, and checks that no error leaks a secret.</summary>
        internal static ConfigError[] ErrorsOfFile(string text)
        {
            DeviceConfig? config;
            ConfigError[] errors;
            Assert.IsFalse(DeviceConfigParser.TryParse(text, out config, out errors), "must be rejected");
            Assert.IsNull(config, "no configuration on failure");
            Assert.IsTrue(errors.Length > 0, "at least one error");
            return errors;
        }

        /// <summary>The single error of a list.</summary>
        internal static ConfigError Single(ConfigError[] errors)
        {
            Assert.AreEqual(1L, (long)errors.Length, errors.Length > 0 ? "errors: " + AllMessages(errors) : "no errors");
            return errors[0];
        }

        /// <summary>Checks line, key and the pieces the message must contain.</summary>
        internal static void AssertError(ConfigError error, int line, string key, string messagePart)
        {
            Assert.AreEqual((long)line, (long)error.LineNumber, "line of: " + error.Message);
            Assert.AreEqual(key, error.Key, "key of: " + error.Message);
            Assert.Contains(messagePart, error.Message, "message");
        }

        /// <summary>The error about <paramref name="key"/>, failing when there is none.</summary>
        internal static ConfigError Find(ConfigError[] errors, string key)
        {
            for (int i = 0; i < errors.Length; i++)
            {
                if (errors[i].Key == key)
                {
                    return errors[i];
                }
            }
            Assert.IsTrue(false, "no error about " + key + " in: " + AllMessages(errors));
            return errors[0];
        }

        /// <summary>All messages, one per line.</summary>
        internal static string AllMessages(ConfigError[] errors)
        {
            string all = string.Empty;
            for (int i = 0; i < errors.Length; i++)
            {
                all += errors[i].Message + "\n";
            }
            return all;
        }

        /// <summary>Fails when <paramref name="secret"/> occurs in <paramref name="text"/>.</summary>
        internal static void AssertAbsent(string secret, string text, string where)
        {
            Assert.IsFalse(text.IndexOf(secret) >= 0, where + " leaks the secret: " + text);
        }
    }
}
