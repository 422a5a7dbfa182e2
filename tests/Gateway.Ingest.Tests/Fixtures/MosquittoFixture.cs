using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Gateway.Ingest.Pki;
using MQTTnet;
using MQTTnet.Formatter;

namespace Gateway.Ingest.Tests.Fixtures;

/// <summary>
/// A Mosquitto broker for one test: <c>/usr/sbin/mosquitto -c generated.conf</c> on a free port of 127.0.0.1 with a TLS
/// listener only (fleet CA, server certificate from <see cref="FleetCa"/>, client certificate required, its CN used as the
/// user name), the fleet ACL (devices publish only their own <c>up/#</c> and read only their own <c>down/#</c>; the ingestion
/// services read every <c>up/#</c> and publish every <c>down/#</c>), persistence off, log in a temp file. A fresh fleet CA is
/// generated into the temp folder; the broker is killed and the folder deleted on dispose.
/// </summary>
public sealed class MosquittoFixture : IAsyncDisposable
{
    /// <summary>Service identities the ACL grants the ingestion rights to.</summary>
    public static readonly IReadOnlyList<string> ServiceIdentities = new[] { "ingest-1", "ingest-2" };

    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(15);
    private readonly Process _process;
    private readonly StringBuilder _console;

    private MosquittoFixture(string folder, FleetCa ca, int port, Process process, StringBuilder console)
    {
        Folder = folder;
        Ca = ca;
        Port = port;
        _process = process;
        _console = console;
    }

    /// <summary>Temp folder with the configuration, ACL, certificates and log.</summary>
    public string Folder { get; }

    /// <summary>The fleet CA that issued the broker's certificate and issues the clients'.</summary>
    public FleetCa Ca { get; }

    /// <summary>Broker host (IPv4 loopback).</summary>
    public string Host => "127.0.0.1";

    /// <summary>TLS port.</summary>
    public int Port { get; }

    /// <summary>The broker's log file.</summary>
    public string LogPath => Path.Combine(Folder, "mosquitto.log");

    /// <summary>The fleet CA certificate as a PEM file (for processes started by tests).</summary>
    public string CaPath => Ca.CertificatePath;

    /// <summary>The broker's log so far.</summary>
    public string ReadLog() => File.Exists(LogPath) ? ReadShared(LogPath) : "(no log yet)";

    /// <summary>Generates the CA and the configuration and starts the broker. Throws with the install command when Mosquitto is missing.</summary>
    public static async Task<MosquittoFixture> StartAsync(IEnumerable<string>? extraAclLines = null)
    {
        ExternalServices.Require(ExternalService.Mosquitto);
        string mosquitto = ExternalServices.MosquittoPath()!;
        string folder = Path.Combine(Path.GetTempPath(), "gw-mosquitto-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(folder);
        FleetCa? ca = null;
        try
        {
            ca = FleetCa.CreateOrLoad(folder);
            using (X509Certificate2 server = ca.IssueServerCertificate(null))
            {
                CertificatePem.WriteFiles(server, Path.Combine(folder, "server.crt"), Path.Combine(folder, "server.key"));
            }
            File.WriteAllText(Path.Combine(folder, "acl"), Acl(extraAclLines));

            Exception? last = null;
            for (int attempt = 0; attempt < 3; attempt++)
            {
                int port = ProcessRunner.FreeLoopbackPort();
                string config = Path.Combine(folder, "mosquitto.conf");
                File.WriteAllText(config, Config(folder, ca.CertificatePath, port));
                var console = new StringBuilder();
                var process = new Process
                {
                    StartInfo = new ProcessStartInfo(mosquitto)
                    {
                        ArgumentList = { "-c", config },
                        RedirectStandardOutput = true,
                        RedirectStandardError = true,
                        UseShellExecute = false,
                    },
                };
                process.OutputDataReceived += (_, e) => { if (e.Data != null) lock (console) console.AppendLine(e.Data); };
                process.ErrorDataReceived += (_, e) => { if (e.Data != null) lock (console) console.AppendLine(e.Data); };
                process.Start();
                process.BeginOutputReadLine();
                process.BeginErrorReadLine();
                if (await ProcessRunner.WaitForListenerAsync(port, StartTimeout, () => !process.HasExited))
                {
                    return new MosquittoFixture(folder, ca, port, process, console);
                }
                string log = File.Exists(Path.Combine(folder, "mosquitto.log")) ? ReadShared(Path.Combine(folder, "mosquitto.log")) : "";
                last = new InvalidOperationException(
                    $"mosquitto did not accept connections on 127.0.0.1:{port} within {StartTimeout.TotalSeconds:0} s " +
                    $"({(process.HasExited ? "exited with code " + process.ExitCode : "still running")}). Output:\n{console}\nLog:\n{log}");
                await StopAsync(process);
                process.Dispose();
            }
            throw last!;
        }
        catch
        {
            ca?.Dispose();
            ProcessRunner.DeleteFolder(folder);
            throw;
        }
    }

    private static string Acl(IEnumerable<string>? extra)
    {
        var acl = new StringBuilder();
        acl.AppendLine("# Generated by MosquittoFixture. %u is the user name, i.e. the CN of the client certificate.");
        acl.AppendLine("# Devices: publish their own uplinks, read their own downlinks.");
        acl.AppendLine("pattern write gw/v1/+/%u/up/#");
        acl.AppendLine("pattern read gw/v1/+/%u/down/#");
        foreach (string service in ServiceIdentities)
        {
            acl.AppendLine();
            acl.AppendLine("# Ingestion instance: every device's uplinks in, downlinks (ack, cmd) out.");
            acl.AppendLine("user " + service);
            acl.AppendLine("topic read gw/v1/+/+/up/#");
            acl.AppendLine("topic write gw/v1/+/+/down/#");
        }
        foreach (string line in extra ?? Array.Empty<string>())
        {
            acl.AppendLine(line);
        }
        return acl.ToString();
    }

    private static string Config(string folder, string caPath, int port)
    {
        var c = new StringBuilder();
        c.AppendLine("# Generated by MosquittoFixture: TLS listener only, client certificates required, fleet ACL.");
        c.AppendLine("per_listener_settings false");
        c.AppendLine("allow_anonymous false");
        c.AppendLine("persistence false");
        c.AppendLine($"log_dest file {Path.Combine(folder, "mosquitto.log")}");
        c.AppendLine("log_type error");
        c.AppendLine("log_type warning");
        c.AppendLine("log_type notice");
        c.AppendLine("log_type information");
        c.AppendLine("log_timestamp_format %H:%M:%S");
        c.AppendLine("connection_messages true");
        c.AppendLine($"acl_file {Path.Combine(folder, "acl")}");
        // An ingestion instance that is down keeps its session: room for what arrives meanwhile (default 1000).
        c.AppendLine("max_queued_messages 100000");
        if (ProcessRunner.IsRoot)
        {
            // Started as root, mosquitto would switch to user "mosquitto", who cannot read the key in this folder (0600).
            c.AppendLine("user root");
        }
        c.AppendLine($"listener {port} 127.0.0.1");
        c.AppendLine($"cafile {caPath}");
        c.AppendLine($"certfile {Path.Combine(folder, "server.crt")}");
        c.AppendLine($"keyfile {Path.Combine(folder, "server.key")}");
        c.AppendLine("require_certificate true");
        c.AppendLine("use_identity_as_username true");
        c.AppendLine("tls_version tlsv1.2");
        return c.ToString();
    }

    /// <summary>Issues a client certificate (with its key) from the fleet CA.</summary>
    public X509Certificate2 Issue(string identity, ClientRole role) => Ca.IssueClientCertificate(identity, role);

    /// <summary>Issues a client certificate and writes it as PEM files into the folder; returns their paths.</summary>
    public (string CertificatePath, string KeyPath) WriteClientFiles(string identity, ClientRole role)
    {
        using X509Certificate2 certificate = Issue(identity, role);
        string certificatePath = Path.Combine(Folder, identity + ".crt");
        string keyPath = Path.Combine(Folder, identity + ".key");
        CertificatePem.WriteFiles(certificate, certificatePath, keyPath);
        return (certificatePath, keyPath);
    }

    /// <summary>MQTT 5 client options for this broker with mutual TLS (<paramref name="certificate"/> may be null to test refusal).</summary>
    public MqttClientOptionsBuilder ClientOptions(string clientId, X509Certificate2? certificate, bool cleanStart = true) =>
        new MqttClientOptionsBuilder()
            .WithTcpServer(Host, Port)
            .WithClientId(clientId)
            .WithProtocolVersion(MqttProtocolVersion.V500)
            .WithCleanStart(cleanStart)
            .WithTimeout(TimeSpan.FromSeconds(10))
            .WithTlsOptions(tls =>
            {
                tls.UseTls()
                    .WithTargetHost("localhost")
                    .WithSslProtocols(SslProtocols.Tls12 | SslProtocols.Tls13)
                    .WithCertificateValidationHandler(e => Ca.ValidateServerCertificate(e.Certificate, e.SslPolicyErrors).IsValid);
                if (certificate != null)
                {
                    tls.WithClientCertificates(new X509Certificate2Collection(certificate));
                }
            });

    private static string ReadShared(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    private static async Task StopAsync(Process process)
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
        }
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        try
        {
            await process.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
        }
    }

    /// <summary>Kills the broker and deletes the folder.</summary>
    public async ValueTask DisposeAsync()
    {
        await StopAsync(_process);
        _process.Dispose();
        Ca.Dispose();
        ProcessRunner.DeleteFolder(Folder);
    }

    /// <summary>Console output of the broker (usually empty: it logs to <see cref="LogPath"/>).</summary>
    public string ConsoleOutput
    {
        get
        {
            lock (_console)
            {
                return _console.ToString();
            }
        }
    }
}
