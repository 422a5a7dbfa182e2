using System;
using System.Collections.Generic;
using System.CommandLine;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Gateway.Firmware.Core.Config;
using Gateway.HostSim.Provisioning;
using Gateway.Ingest.Pki;
using Spectre.Console;

namespace Gateway.HostSim.Cli;

/// <summary>
/// <c>gateway provision</c>: the technician's commands (docs/TECHNICIAN.md) — the fleet CA, one device, a batch from CSV,
/// revocation and the list of provisioned devices. Output goes to the invocation's Output/Error writers, so tests can
/// run the commands through the parser and read what a technician would see.
/// </summary>
public static class ProvisionCommand
{
    /// <summary>Exit code when the input is refused (every problem is printed, nothing is written).</summary>
    public const int Refused = 2;

    private const int MaximumPrintedErrors = 200;

    /// <summary>Creates the command tree.</summary>
    /// <param name="environment">Reads environment variables (for --wifi-password-env); the process environment by default.</param>
    public static Command Create(Func<string, string?>? environment = null)
    {
        Func<string, string?> env = environment ?? Environment.GetEnvironmentVariable;
        var command = new Command("provision", "Provision devices: the fleet CA, a device's certificate and files for nanoff, a batch from CSV, " +
            "revocation, and the list of provisioned devices (docs/TECHNICIAN.md).")
        {
            CreateCa(),
            CreateDevice(env),
            CreateBatch(env),
            CreateRevoke(),
            CreateList(),
        };
        return command;
    }

    private static Option<string> StateOption() => new("--state")
    {
        Description = "State folder of the installation: fleet CA in {state}/pki, list of provisioned devices in {state}/provisioned.csv.",
        DefaultValueFactory = _ => ".gateway",
    };

    private static Option<string> OutOption() => new("--out")
    {
        Description = "Output folder: one folder per device with device.conf, board.conf, ca.pem, device.crt, device.key, deploy.json, README.txt.",
        DefaultValueFactory = _ => "out",
    };

    private static Option<string?> BoardsOption() => new("--boards")
    {
        Description = "Folder of board profiles (default: the repository's boards/).",
    };

    private static Option<bool> ForceOption(string what) => new("--force") { Description = what };

    private static Option<string?> SerialPortOption() => new("--serialport")
    {
        Description = "Serial port to write into deploy.json (e.g. /dev/ttyUSB0, COM5). Left out by default, so nanoff's own --serialport decides.",
    };

    private static (Option<string?> File, Option<string?> Env, Option<bool> Open) PasswordOptions() => (
        new Option<string?>("--wifi-password-file") { Description = "File holding the Wi-Fi passphrase on one line (WPA2: 8 to 63 printable ASCII characters). Never give it on the command line." },
        new Option<string?>("--wifi-password-env") { Description = "Name of an environment variable holding the Wi-Fi passphrase." },
        new Option<bool>("--wifi-open") { Description = "The Wi-Fi network has no password (must be said on purpose)." });

    private static Command CreateCa()
    {
        var state = StateOption();
        var org = new Option<string?>("--org") { Description = $"Organization (O=) of a new CA (default {FleetCa.DefaultOrganization}); ignored when the CA exists." };
        var command = new Command("ca", "Create the fleet CA (ECDSA P-256) in {state}/pki (folder 0700, key 0600), or show the existing one. Never overwrites.")
        {
            state, org,
        };
        command.SetAction(parse => Run(parse, "ca", (output, _) =>
        {
            string stateDirectory = parse.GetValue(state)!;
            string? organization = parse.GetValue(org);
            string pki = Path.Combine(Path.GetFullPath(stateDirectory), "pki");
            bool existed = File.Exists(Path.Combine(pki, "ca.crt")) || File.Exists(Path.Combine(pki, "ca.key"));
            FleetCa ca;
            try
            {
                ca = existed ? Provisioner.OpenExistingCa(stateDirectory) : FleetCa.CreateOrLoad(stateDirectory, organization ?? FleetCa.DefaultOrganization);
            }
            catch (ArgumentException e)
            {
                string field = e.ParamName == "organization" ? "--org" : "--state";
                throw new ProvisioningException(field + ": " + e.Message.Split(" (Parameter")[0], e);
            }
            catch (FleetCaException e)
            {
                throw new ProvisioningException("--state: " + e.Message, e);
            }
            using (ca)
            {
                X509Certificate2 certificate = ca.Certificate;
                output.WriteLine(ca.WasCreated ? $"created the fleet CA in {ca.PkiDirectory}" : $"the fleet CA exists in {ca.PkiDirectory} (not changed)");
                output.WriteLine($"  subject      {certificate.Subject}");
                output.WriteLine($"  SHA-256      {certificate.GetCertHashString(HashAlgorithmName.SHA256)}");
                output.WriteLine($"  valid        {ProvisionedRegistry.FormatDate(certificate.NotBefore.ToUniversalTime())} to {ProvisionedRegistry.FormatDate(certificate.NotAfter.ToUniversalTime())}");
                output.WriteLine($"  files        {ca.CertificatePath} (public), {Path.Combine(ca.PkiDirectory, "ca.key")} (secret, owner only)");
                if (!ca.WasCreated && organization != null && organization != ca.Organization)
                {
                    output.WriteLine($"  --org {organization} ignored: the existing CA's organization is {ca.Organization}");
                }
                if (ca.WasCreated)
                {
                    output.WriteLine("  back up ca.key somewhere safe: without it no device can be provisioned for this fleet, and a new CA means re-provisioning every device");
                }
            }
            return 0;
        }));
        return command;
    }

    private static Command CreateDevice(Func<string, string?> env)
    {
        var id = new Option<string>("--id") { Description = "Device id: 1 to 63 characters a-z 0-9 - _, starting with a letter or digit; the certificate's CN.", Required = true };
        var board = new Option<string>("--board") { Description = "Board profile: a folder of boards/ (e.g. esp32-devkitc).", Required = true };
        var ssid = new Option<string>("--wifi-ssid") { Description = "Wi-Fi network name (1 to 32 bytes; 2.4 GHz).", Required = true };
        var (passwordFile, passwordEnv, open) = PasswordOptions();
        var broker = new Option<string>("--broker") { Description = "MQTT broker: HOST[:PORT] or mqtts://HOST[:PORT], TLS port (8883 by default).", Required = true };
        var tenant = new Option<string>("--tenant") { Description = "Tenant: same characters as the device id.", Required = true };
        var kind = new Option<string>("--kind") { Description = "environmental | logistics", Required = true };
        var set = new Option<string[]>("--set")
        {
            Description = "Further device.conf key=value (docs/CONFIG.md), e.g. --set sample.period_s=30; may be repeated.",
            Arity = ArgumentArity.ZeroOrMore,
        };
        var out_ = OutOption();
        var state = StateOption();
        var force = ForceOption("Re-provision a device id that was provisioned before: issue a new certificate and replace its folder.");
        var serialPort = SerialPortOption();
        var boards = BoardsOption();
        var command = new Command("device", "Issue a device's certificate from the fleet CA and write {out}/{id}/: device.conf (checked by the core's parser), " +
            "board.conf, ca.pem, device.crt, device.key (0600), deploy.json (nanoff --filedeployment) and README.txt.")
        {
            id, board, ssid, passwordFile, passwordEnv, open, broker, tenant, kind, set, out_, state, force, serialPort, boards,
        };
        command.SetAction(parse => Run(parse, "device", (output, _) =>
        {
            // Every problem at once: the passphrase, the --set list and every value are checked before anything is refused.
            var problems = new List<string>();
            string? password = Collect<string>(problems, () => WifiPassphrase.Read(parse.GetValue(passwordFile), parse.GetValue(passwordEnv), parse.GetValue(open), env));
            IReadOnlyList<ConfigSetting> settings = ParseSettings(parse.GetValue(set) ?? Array.Empty<string>(), problems);
            var request = new DeviceRequest
            {
                Id = parse.GetValue(id)!,
                Board = parse.GetValue(board)!,
                Tenant = parse.GetValue(tenant)!,
                Kind = parse.GetValue(kind)!,
                WifiSsid = parse.GetValue(ssid)!,
                WifiPassword = password,
                Broker = parse.GetValue(broker)!,
                Settings = settings,
            };
            using Provisioner provisioner = Provisioner.Open(Options(parse, state, out_, boards, force, serialPort));
            IReadOnlyList<ValidatedDevice>? valid = Collect(problems, () => provisioner.Validate(new[] { request }));
            if (problems.Count > 0 || valid is null)
            {
                throw new ProvisioningException(problems);
            }
            StagedDevice done = provisioner.Stage(valid[0]);
            try
            {
                provisioner.Commit(new[] { done });
            }
            catch
            {
                Provisioner.Discard(new[] { done });
                throw;
            }
            PrintDevice(output, done);
            output.WriteLine($"  next: follow {Path.Combine(done.FinalFolder, NanoffManifest.ReadmeFileName)} (nanoff --filedeployment {Path.Combine(done.FinalFolder, NanoffManifest.FileName)})");
            return 0;
        }));
        return command;
    }

    private static Command CreateBatch(Func<string, string?> env)
    {
        var csv = new Option<string>("--csv")
        {
            Description = "CSV file: header id,board,tenant,kind,wifi_ssid,broker (any order), optionally more columns named by device.conf keys; one row per device.",
            Required = true,
        };
        var (passwordFile, passwordEnv, open) = PasswordOptions();
        var out_ = OutOption();
        var state = StateOption();
        var force = ForceOption("Re-provision ids that were provisioned before (new certificates, folders replaced).");
        var serialPort = SerialPortOption();
        var boards = BoardsOption();
        var command = new Command("batch", "Provision every device of a CSV file. All rows are checked first (errors name the row and column); " +
            "if any is refused, nothing is provisioned. One Wi-Fi passphrase for the whole batch.")
        {
            csv, passwordFile, passwordEnv, open, out_, state, force, serialPort, boards,
        };
        command.SetAction(parse => Run(parse, "batch", (output, error) =>
        {
            var problems = new List<string>();
            string? password = Collect<string>(problems, () => WifiPassphrase.Read(parse.GetValue(passwordFile), parse.GetValue(passwordEnv), parse.GetValue(open), env));
            using Provisioner provisioner = Provisioner.Open(Options(parse, state, out_, boards, force, serialPort));
            IReadOnlyList<DeviceRequest>? requests = Collect(problems, () => BatchFile.Read(parse.GetValue(csv)!, password, problems));
            IReadOnlyList<ValidatedDevice>? devices = requests is null ? null : Collect(problems, () => provisioner.Validate(requests));
            if (problems.Count > 0 || devices is null)
            {
                throw new ProvisioningException(problems);
            }
            var staged = new List<StagedDevice>();
            try
            {
                IAnsiConsole console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(output) });
                console.Progress().AutoClear(false).Start(context =>
                {
                    ProgressTask task = context.AddTask($"issuing certificates and writing {devices.Count} device folders", maxValue: devices.Count);
                    foreach (ValidatedDevice device in devices)
                    {
                        staged.Add(provisioner.Stage(device));
                        task.Increment(1);
                    }
                });
                provisioner.Commit(staged);
            }
            catch
            {
                Provisioner.Discard(staged);
                throw;
            }
            output.WriteLine($"provisioned {staged.Count} devices into {provisioner.OutputDirectory} (listed in {provisioner.Registry.Path}):");
            foreach (StagedDevice device in staged)
            {
                output.WriteLine($"  {device.Device.Id,-24} {device.Board.Id,-20} {device.Board.Profile.NanoffTarget,-18} until {ProvisionedRegistry.FormatDate(device.Device.NotAfter)}");
            }
            foreach (StagedDevice device in staged)
            {
                foreach (string warning in device.Board.Warnings.Distinct())
                {
                    error.WriteLine($"warning: board {device.Board.Id}: {warning}");
                }
            }
            return 0;
        }));
        return command;
    }

    private static Command CreateRevoke()
    {
        var id = new Option<string>("--id") { Description = "Device id to revoke (every certificate with this CN).", Required = true };
        var reason = new Option<string>("--reason") { Description = "Why, one line (at most 200 characters): kept in {state}/pki/revoked.txt.", Required = true };
        var state = StateOption();
        var force = ForceOption("Revoke an id that is not in the list of provisioned devices (e.g. provisioned from another laptop with the same CA).");
        var command = new Command("revoke", "Revoke a device: the broker refuses its certificate from its next connection attempt. Cannot be undone for this id.")
        {
            id, reason, state, force,
        };
        command.SetAction(parse => Run(parse, "revoke", (output, _) =>
        {
            string deviceId = parse.GetValue(id)!;
            string stateDirectory = parse.GetValue(state)!;
            if (!FleetIdentity.IsValidIdentifier(deviceId))
            {
                throw new ProvisioningException($"--id '{BoardCatalog.Printable(deviceId)}': not accepted: expected {FleetIdentity.IdentifierRule}");
            }
            using FleetCa ca = Provisioner.OpenExistingCa(stateDirectory);
            RevocationEntry? already = ca.Revocations.Find(deviceId);
            if (already != null)
            {
                output.WriteLine($"{deviceId} is already revoked{(already.RevokedAt is { } at ? " since " + ProvisionedRegistry.FormatDate(at) : string.Empty)}: {already.Reason}");
                return 0;
            }
            var registry = new ProvisionedRegistry(stateDirectory);
            if (!registry.ReadAll().ContainsKey(deviceId) && !parse.GetValue(force))
            {
                throw new ProvisioningException($"--id {deviceId}: not in {registry.Path}: check the id with 'gateway provision list', " +
                    "or give --force to revoke it anyway (a revoked id can never be used again)");
            }
            try
            {
                ca.Revoke(deviceId, parse.GetValue(reason) ?? string.Empty);
            }
            catch (ArgumentException e)
            {
                throw new ProvisioningException("--" + (e.ParamName ?? "reason") + ": " + e.Message.Split(" (Parameter")[0], e);
            }
            output.WriteLine($"revoked {deviceId} ({ca.Revocations.Path}): the broker refuses its certificate from its next connection attempt; " +
                "a session open now lasts until it disconnects or the broker restarts");
            return 0;
        }));
        return command;
    }

    private static Command CreateList()
    {
        var state = StateOption();
        var out_ = OutOption();
        var command = new Command("list", "List provisioned devices ({state}/provisioned.csv, and device folders in --out not listed there) " +
            "with certificate expiry and revocation.")
        {
            state, out_,
        };
        command.SetAction(parse => Run(parse, "list", (output, _) =>
        {
            string stateDirectory = parse.GetValue(state)!;
            var registry = new ProvisionedRegistry(stateDirectory);
            var devices = registry.ReadAll().Values.Select(d => (Device: d, Source: "list")).ToList();
            devices.AddRange(ScanFolders(parse.GetValue(out_)!, devices.Select(d => d.Device.Id).ToHashSet(StringComparer.Ordinal)));
            var revocations = new RevocationList(Path.Combine(Path.GetFullPath(stateDirectory), "pki", "revoked.txt"));
            DateTimeOffset now = DateTimeOffset.UtcNow;
            int revoked = 0;
            int expired = 0;
            output.WriteLine($"{"id",-24} {"tenant",-16} {"kind",-13} {"board",-18} {"certificate expires",-20}  status");
            foreach ((ProvisionedDevice d, string source) in devices.OrderBy(d => d.Device.Id, StringComparer.Ordinal))
            {
                RevocationEntry? entry = revocations.Find(d.Id) ?? (d.Serial.Length > 0 ? revocations.Find(RevocationList.SerialPrefix + d.Serial.ToUpperInvariant()) : null);
                string status;
                if (entry != null)
                {
                    revoked++;
                    status = $"revoked{(entry.RevokedAt is { } at ? " " + ProvisionedRegistry.FormatDate(at) : string.Empty)}: {entry.Reason}";
                }
                else if (d.NotAfter < now)
                {
                    expired++;
                    status = "expired";
                }
                else
                {
                    status = "ok";
                }
                if (source != "list")
                {
                    status += $" (folder {d.Folder}, not in {ProvisionedRegistry.FileName})";
                }
                output.WriteLine($"{d.Id,-24} {d.Tenant,-16} {d.Kind,-13} {d.Board,-18} {ProvisionedRegistry.FormatDate(d.NotAfter),-20}  {status}");
            }
            output.WriteLine($"{devices.Count} devices: {devices.Count - revoked - expired} ok, {revoked} revoked, {expired} expired");
            return 0;
        }));
        return command;
    }

    private static IEnumerable<(ProvisionedDevice Device, string Source)> ScanFolders(string outDirectory, HashSet<string> known)
    {
        string root = Path.GetFullPath(outDirectory);
        if (!Directory.Exists(root))
        {
            yield break;
        }
        foreach (string folder in Directory.GetDirectories(root).Order(StringComparer.Ordinal))
        {
            string name = Path.GetFileName(folder);
            string certificatePath = Path.Combine(folder, Provisioner.CertificateFileName);
            if (name.StartsWith('.') || known.Contains(name) || !File.Exists(certificatePath))
            {
                continue;
            }
            ProvisionedDevice? device = null;
            try
            {
                using X509Certificate2 certificate = X509Certificate2.CreateFromPem(File.ReadAllText(certificatePath));
                string? configText = File.Exists(Path.Combine(folder, DeviceConfig.FileName)) ? File.ReadAllText(Path.Combine(folder, DeviceConfig.FileName)) : null;
                DeviceConfig? config = null;
                if (configText != null)
                {
                    DeviceConfigParser.TryParse(configText, out config, out _);
                }
                string id = FleetIdentity.ReadAttribute(certificate.SubjectName, FleetIdentity.CommonNameOid) ?? name;
                device = new ProvisionedDevice(id, config?.Tenant ?? "?", config?.Kind.ToString().ToLowerInvariant() ?? "?", config?.BoardId ?? "?",
                    config != null ? config.BrokerHost + ":" + config.BrokerPort : "?", certificate.SerialNumber,
                    new DateTimeOffset(certificate.NotAfter.ToUniversalTime(), TimeSpan.Zero), certificate.GetCertHashString(HashAlgorithmName.SHA256),
                    new DateTimeOffset(File.GetLastWriteTimeUtc(certificatePath), TimeSpan.Zero), folder);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or CryptographicException or ArgumentException)
            {
                // Not a readable device folder: not listed.
            }
            if (device != null)
            {
                yield return (device, "folder");
            }
        }
    }

    private static ProvisioningOptions Options(ParseResult parse, Option<string> state, Option<string> out_, Option<string?> boards,
        Option<bool> force, Option<string?> serialPort)
    {
        string? port = parse.GetValue(serialPort);
        if (port != null && (port.Trim().Length == 0 || port.Any(char.IsControl)))
        {
            throw new ProvisioningException("--serialport: empty or has control characters: expected a port name such as /dev/ttyUSB0 or COM5");
        }
        return new ProvisioningOptions
        {
            StateDirectory = parse.GetValue(state)!,
            OutputDirectory = parse.GetValue(out_)!,
            BoardsDirectory = parse.GetValue(boards),
            Force = parse.GetValue(force),
            SerialPort = port,
        };
    }

    private static T? Collect<T>(List<string> problems, Func<T?> check)
        where T : class
    {
        try
        {
            return check();
        }
        catch (ProvisioningException e)
        {
            problems.AddRange(e.Errors);
            return null;
        }
    }

    /// <summary>Splits each --set key=value (at the first '='); a value may contain '='. Malformed ones go to <paramref name="problems"/>.</summary>
    internal static IReadOnlyList<ConfigSetting> ParseSettings(IEnumerable<string> values, List<string> problems)
    {
        var settings = new List<ConfigSetting>();
        foreach (string value in values)
        {
            int equals = value.IndexOf('=');
            string key = equals < 0 ? value.Trim() : value.Substring(0, equals).Trim();
            if (equals <= 0 || key.Length == 0)
            {
                // The text is not echoed whole: it may be a passphrase typed in the wrong place.
                problems.Add($"--set {(key.Length > 0 && key.Length <= 64 && !key.Contains(' ') ? key : "...")}: expected key=value, e.g. --set sample.period_s=30 (docs/CONFIG.md lists the keys)");
                continue;
            }
            settings.Add(new ConfigSetting(key, value.Substring(equals + 1).Trim(), "--set " + BoardCatalog.Printable(key)));
        }
        return settings;
    }

    private static void PrintDevice(TextWriter output, StagedDevice done)
    {
        ProvisionedDevice d = done.Device;
        output.WriteLine($"provisioned {d.Id} (board {d.Board}, tenant {d.Tenant}, {d.Kind}, broker {d.Broker}) into {done.FinalFolder}");
        output.WriteLine($"  certificate  CN={d.Id}, serial {d.Serial}, valid until {ProvisionedRegistry.FormatDate(d.NotAfter)}");
        output.WriteLine($"  files        {string.Join(", ", Provisioner.DeviceFiles)} (device.key and device.conf owner-only), {NanoffManifest.FileName}, {NanoffManifest.ReadmeFileName}");
        output.WriteLine($"  nanoff       target {done.Board.Profile.NanoffTarget}");
        foreach (string warning in done.Board.Warnings)
        {
            output.WriteLine($"  warning      board {done.Board.Id}: {warning}");
        }
    }

    /// <summary>Runs a subcommand: refusals print every problem and exit with <see cref="Refused"/>; nothing crashes.</summary>
    private static int Run(ParseResult parse, string name, Func<TextWriter, TextWriter, int> action)
    {
        TextWriter output = parse.InvocationConfiguration.Output;
        TextWriter error = parse.InvocationConfiguration.Error;
        try
        {
            return action(output, error);
        }
        catch (ProvisioningException e)
        {
            foreach (string line in e.Errors.Take(MaximumPrintedErrors))
            {
                error.WriteLine($"gateway provision {name}: {line}");
            }
            if (e.Errors.Count > MaximumPrintedErrors)
            {
                error.WriteLine($"gateway provision {name}: ... and {e.Errors.Count - MaximumPrintedErrors} more problems");
            }
            error.WriteLine($"gateway provision {name}: nothing was provisioned or changed ({e.Errors.Count} {(e.Errors.Count == 1 ? "problem" : "problems")})");
            return Refused;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            error.WriteLine($"gateway provision {name}: {e.Message}");
            return 1;
        }
    }
}
