using System;
using System.Device.Gpio;
using System.Threading;
using Gateway.Firmware.Core.Boards;
using Gateway.Firmware.Core.Config;
using Gateway.Firmware.Core.Node;
using Gateway.Firmware.Core.Platform;
using Gateway.Firmware.Esp32.Board;
using Gateway.Firmware.Esp32.Led;
using Gateway.Firmware.Esp32.Storage;

namespace Gateway.Firmware.Esp32
{
    /// <summary>
    /// The ESP32 application: reads I:\gateway\board.conf and device.conf, validates both, builds the adapters the board
    /// profile describes, and runs the node's loop. Every decision (when to sample, what to send, when to retry) is the
    /// core's <see cref="SensorNode"/>; this file only wires and drives it.
    /// </summary>
    public static class Program
    {
        /// <summary>Firmware version reported in the status message.</summary>
        public const string FirmwareVersion = "0.1.0";

        /// <summary>
        /// Longest wait of one loop pass. Transport events end it early; 50 ms keeps the accelerometer sampling and
        /// the LED responsive while the CPU mostly idles.
        /// </summary>
        public const int LoopWaitMs = 50;

        /// <summary>How often an invalid board.conf or device.conf is read again (the technician may be deploying a fix).</summary>
        public const int FileRetryMs = 30000;

        private static readonly AutoResetEvent s_never = new AutoResetEvent(false);

        /// <summary>Entry point.</summary>
        public static void Main()
        {
            Console.WriteLine("gateway: firmware " + FirmwareVersion + " starting");
            FlashFileStorage files = new FlashFileStorage(BoardWiring.Root);
            BoardProfile profile = LoadBoard(files);
            GpioController gpio = new GpioController();
            StatusLed led = BoardWiring.CreateIndicator(profile, gpio);
            led.Show(IndicatorCode.Booting);
            DeviceConfig config = LoadConfig(files, profile, led);
            BoardWiring board = new BoardWiring(profile, config, files, gpio, led);
            SensorNode node = new SensorNode(board.Ports, FirmwareVersion, SeedFor(config.DeviceId));
            Console.WriteLine("gateway: " + config.DeviceId + " on " + profile.Id + ", broker " + config.BrokerHost + ":" + config.BrokerPort.ToString());
            Run(board, node);
        }

        private static void Run(BoardWiring board, SensorNode node)
        {
            NodeState shownState = NodeState.Booting;
            string shownError = "";
            while (true)
            {
                board.Transport.DeliverEvents();
                long nowMs = board.Clock.MonotonicMs;
                node.Tick(nowMs);
                board.Poll(nowMs);
                board.Watchdog.Feed();
                if (node.State != shownState)
                {
                    shownState = node.State;
                    LogState(node);
                }
                if (node.LastError != shownError)
                {
                    shownError = node.LastError;
                    Console.WriteLine("node: " + (shownError.Length > 0 ? shownError : "no error"));
                }
                board.Transport.WaitForEvents(LoopWaitMs);
            }
        }

        private static BoardProfile LoadBoard(FlashFileStorage files)
        {
            while (true)
            {
                BoardProfile? profile;
                ConfigError[] errors;
                ConfigError[] warnings;
                bool loaded = BoardProfileParser.TryLoad(files.ReadAllText(BoardProfile.FileName), out profile, out errors, out warnings);
                Log(BoardProfile.FileName + " warning", warnings);
                if (loaded && profile != null)
                {
                    Console.WriteLine("board: " + profile.Id + " (" + profile.NanoffTarget + "), " + profile.SensorCount.ToString() + " sensors");
                    return profile;
                }
                Log(BoardProfile.FileName, errors);
                s_never.WaitOne(FileRetryMs, false);
            }
        }

        private static DeviceConfig LoadConfig(FlashFileStorage files, BoardProfile profile, StatusLed led)
        {
            while (true)
            {
                DeviceConfig? config = null;
                ConfigError[] errors;
                string source = DeviceConfig.FileName;
                string? text = files.ReadAllText(DeviceConfig.FileName);
                if (text == null)
                {
                    errors = new ConfigError[] { new ConfigError(0, "", DeviceConfig.FileName + " is missing: provision the device (docs/TECHNICIAN.md)") };
                }
                else if (DeviceConfigParser.TryParse(text, out config, out errors) && config != null)
                {
                    errors = BoardValidator.CheckDevice(profile, config.BoardId);
                    source = BoardProfile.FileName;
                    if (errors.Length == 0 && config.WifiSsid.Length > 0)
                    {
                        return config;
                    }
                    if (config.WifiSsid.Length == 0)
                    {
                        Console.WriteLine(DeviceConfig.FileName + ": wifi.ssid is required on the ESP32 (it has no other network)");
                    }
                }
                Log(source, errors);
                led.Show(IndicatorCode.ConfigInvalid);
                s_never.WaitOne(FileRetryMs, false);
            }
        }

        private static void LogState(SensorNode node)
        {
            switch (node.State)
            {
                case NodeState.ConfigInvalid:
                    Console.WriteLine("node: configuration invalid");
                    Log(DeviceConfig.FileName, node.ConfigErrors);
                    break;
                case NodeState.AwaitingTime:
                    Console.WriteLine("node: configured, buffer restored; waiting for Wi-Fi and SNTP time");
                    break;
                case NodeState.Running:
                    Console.WriteLine("node: running");
                    break;
                case NodeState.Sleeping:
                    Console.WriteLine("node: going to deep sleep");
                    break;
                default:
                    break;
            }
        }

        private static void Log(string source, ConfigError[] errors)
        {
            for (int i = 0; i < errors.Length; i++)
            {
                Console.WriteLine(source + ": " + errors[i].Message);
            }
        }

        /// <summary>FNV-1a of the device id: a per-device seed so that a fleet's reconnect jitter spreads out.</summary>
        private static uint SeedFor(string deviceId)
        {
            uint hash = 2166136261;
            for (int i = 0; i < deviceId.Length; i++)
            {
                hash ^= deviceId[i];
                hash *= 16777619;
            }
            return hash;
        }
    }
}
