using System;
using System.Device.Wifi;
using System.Net.NetworkInformation;
using System.Threading;
using Gateway.Firmware.Core.Platform;
using Gateway.Firmware.Esp32.Time;
using nanoFramework.Networking;

namespace Gateway.Firmware.Esp32.Network
{
    /// <summary>
    /// The Wi-Fi link under MQTT. Connecting runs on a worker thread with bounded attempts, each bounded by a
    /// CancellationTokenSource, so <see cref="RequestConnect"/> never blocks the node's tick. Once connected, the ESP32's
    /// Wi-Fi driver reconnects by itself (WifiReconnectionKind.Automatic); the link follows it through
    /// NetworkChange.NetworkAvailabilityChanged. The RSSI comes from a background scan (the stable API has no RSSI of the
    /// current association, only WifiAvailableNetwork.NetworkRssiInDecibelMilliwatts in a scan report).
    /// </summary>
    public sealed class WifiLink : INetworkLink
    {
        /// <summary>Longest wait for one association plus DHCP lease.</summary>
        public const int AttemptTimeoutMs = 20000;

        /// <summary>Attempts per connect request before the link rests.</summary>
        public const int AttemptsPerRequest = 3;

        /// <summary>Rest after a request whose attempts all failed, so that a node offline for hours does not spin the radio.</summary>
        public const long RestAfterFailureMs = 60000;

        /// <summary>How often the RSSI is refreshed by a scan (a scan pauses traffic for about a second).</summary>
        public const long RssiRefreshMs = 600000;

        private readonly object _lock = new object();
        private readonly string _ssid;
        private readonly string _password;
        private readonly DeviceClock _clock;
        private WifiAdapter? _adapter;
        private bool _up;
        private bool _connecting;
        private long _restUntilMs;
        private long _nextScanMs;
        private int _rssiDbm;

        /// <summary>Creates the link; nothing is sent until the node asks for it.</summary>
        /// <param name="ssid">device.conf wifi.ssid.</param>
        /// <param name="password">device.conf wifi.password (never logged).</param>
        /// <param name="clock">Told when the network comes up, to re-sync SNTP at once.</param>
        public WifiLink(string ssid, string password, DeviceClock clock)
        {
            _ssid = ssid;
            _password = password;
            _clock = clock;
            NetworkChange.NetworkAvailabilityChanged += OnAvailabilityChanged;
        }

        /// <summary>True while the station has an IP address.</summary>
        public bool IsUp
        {
            get
            {
                lock (_lock)
                {
                    return _up;
                }
            }
        }

        /// <summary>RSSI of the associated access point from the last scan, dBm; 0 when unknown.</summary>
        public int RssiDbm
        {
            get
            {
                lock (_lock)
                {
                    return _up ? _rssiDbm : 0;
                }
            }
        }

        /// <summary>Starts a connect worker unless one runs, the link is up, or the link rests after failures.</summary>
        public void RequestConnect()
        {
            lock (_lock)
            {
                if (_up || _connecting || _ssid.Length == 0 || Environment.TickCount64 < _restUntilMs)
                {
                    return;
                }
                _connecting = true;
            }
            new Thread(ConnectWorker).Start();
        }

        /// <summary>Called from the main loop: refreshes the RSSI now and then. Never blocks (the scan is asynchronous).</summary>
        public void Service(long nowMs)
        {
            if (!IsUp || nowMs < _nextScanMs)
            {
                return;
            }
            _nextScanMs = nowMs + RssiRefreshMs;
            try
            {
                WifiAdapter adapter = Adapter();
                adapter.ScanAsync();
            }
            catch (Exception e)
            {
                Console.WriteLine("wifi: scan for RSSI failed: " + e.Message);
            }
        }

        private void ConnectWorker()
        {
            bool connected = false;
            for (int attempt = 1; attempt <= AttemptsPerRequest && !connected; attempt++)
            {
                connected = TryConnectOnce(attempt);
            }
            lock (_lock)
            {
                _connecting = false;
                _up = connected;
                _restUntilMs = connected ? 0 : Environment.TickCount64 + RestAfterFailureMs;
                _nextScanMs = 0;
            }
            if (connected)
            {
                _clock.OnNetworkUp();
            }
        }

        private bool TryConnectOnce(int attempt)
        {
            Console.WriteLine("wifi: connecting to '" + _ssid + "' (attempt " + attempt.ToString() + ")");
            CancellationTokenSource timeout = new CancellationTokenSource(AttemptTimeoutMs);
            try
            {
                bool ok = WifiNetworkHelper.ConnectDhcp(_ssid, _password, WifiReconnectionKind.Automatic, false, 0, timeout.Token);
                if (ok)
                {
                    Console.WriteLine("wifi: connected");
                    return true;
                }
                Exception? cause = WifiNetworkHelper.HelperException;
                Console.WriteLine("wifi: not connected (" + StatusText(WifiNetworkHelper.Status) + ")"
                    + (cause != null ? ": " + cause.Message : "") + "; check wifi.ssid/wifi.password and the signal");
            }
            catch (Exception e)
            {
                Console.WriteLine("wifi: connect failed: " + e.Message);
            }
            finally
            {
                timeout.Dispose();
            }
            return false;
        }

        /// <summary>nanoFramework enums print as numbers; the log says what happened.</summary>
        private static string StatusText(NetworkHelperStatus status)
        {
            switch (status)
            {
                case NetworkHelperStatus.TokenExpiredWaitingIPAddress:
                    return "no IP address in time: wrong password, weak signal or no DHCP";
                case NetworkHelperStatus.FailedNoNetworkInterface:
                    return "no Wi-Fi interface";
                case NetworkHelperStatus.ErrorConnetingToWiFiWhileScanning:
                    return "access point not found in the scan";
                case NetworkHelperStatus.ExceptionOccurred:
                    return "exception in the network helper";
                default:
                    return "status " + ((int)status).ToString();
            }
        }

        private void OnAvailabilityChanged(object? sender, NetworkAvailabilityEventArgs e)
        {
            lock (_lock)
            {
                _up = e.IsAvailable;
            }
            Console.WriteLine(e.IsAvailable ? "wifi: network available" : "wifi: network lost");
        }

        private WifiAdapter Adapter()
        {
            if (_adapter == null)
            {
                WifiAdapter adapter = WifiAdapter.FindAllAdapters()[0];
                adapter.AvailableNetworksChanged += OnScanCompleted;
                _adapter = adapter;
            }
            return _adapter;
        }

        private void OnScanCompleted(WifiAdapter sender, object e)
        {
            WifiAvailableNetwork[] networks = sender.NetworkReport.AvailableNetworks;
            for (int i = 0; i < networks.Length; i++)
            {
                if (networks[i].Ssid == _ssid)
                {
                    lock (_lock)
                    {
                        _rssiDbm = (int)networks[i].NetworkRssiInDecibelMilliwatts;
                    }
                    return;
                }
            }
        }
    }
}
