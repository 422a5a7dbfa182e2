using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Gateway.Firmware.Core.Boards;
using Gateway.Firmware.Core.Config;
using Gateway.Ingest.Pki;

namespace Gateway.HostSim.Provisioning;

/// <summary>Where provisioning reads and writes.</summary>
public sealed record ProvisioningOptions
{
    /// <summary>Installation state folder: fleet CA in {state}/pki, the list in {state}/provisioned.csv.</summary>
    public string StateDirectory { get; init; } = ".gateway";

    /// <summary>Output folder: one sub-folder per device.</summary>
    public string OutputDirectory { get; init; } = "out";

    /// <summary>Folder of board profiles, or null to locate the repository's boards/.</summary>
    public string? BoardsDirectory { get; init; }

    /// <summary>Re-provision ids that were provisioned before: a new certificate and files replace the old folder.</summary>
    public bool Force { get; init; }

    /// <summary>Serial port written into deploy.json, or null to leave it to nanoff's command line.</summary>
    public string? SerialPort { get; init; }
}

/// <summary>A device written into its temporary folder, waiting to be renamed into place.</summary>
/// <param name="Device">What goes into the list.</param>
/// <param name="Board">The board profile.</param>
/// <param name="TemporaryFolder">Where the files are now.</param>
/// <param name="FinalFolder">Where they go.</param>
public sealed record StagedDevice(ProvisionedDevice Device, BoardFile Board, string TemporaryFolder, string FinalFolder);

/// <summary>
/// Provisions devices: checks every request first (nothing is issued or written if one is refused), issues each device's
/// certificate from the fleet CA, writes each device folder into a temporary folder and renames it into place at the end
/// (all devices of a batch together), and records them in {state}/provisioned.csv. On any failure every temporary and
/// renamed folder is removed again and replaced folders are put back.
/// </summary>
public sealed class Provisioner : IDisposable
{
    /// <summary>The files of a device folder that go onto the device, in deployment order.</summary>
    public static readonly IReadOnlyList<string> DeviceFiles = new[] { BoardProfile.FileName, DeviceConfig.FileName, CaFileName, CertificateFileName, KeyFileName };

    /// <summary>Fleet CA certificate on the device (tls.ca_file default).</summary>
    public const string CaFileName = "ca.pem";

    /// <summary>Device certificate (tls.cert_file default).</summary>
    public const string CertificateFileName = "device.crt";

    /// <summary>Device private key (tls.key_file default). Secret: 0600.</summary>
    public const string KeyFileName = "device.key";

    private const UnixFileMode PrivateFolder = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
    private const UnixFileMode SecretFile = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private const UnixFileMode PublicFile = SecretFile | UnixFileMode.GroupRead | UnixFileMode.OtherRead;

    private readonly FleetCa _ca;

    private Provisioner(FleetCa ca, BoardCatalog boards, ProvisioningOptions options)
    {
        _ca = ca;
        Boards = boards;
        Options = options;
        Registry = new ProvisionedRegistry(options.StateDirectory);
        OutputDirectory = Path.GetFullPath(options.OutputDirectory);
    }

    /// <summary>The options.</summary>
    public ProvisioningOptions Options { get; }

    /// <summary>The board profiles.</summary>
    public BoardCatalog Boards { get; }

    /// <summary>The list of provisioned devices.</summary>
    public ProvisionedRegistry Registry { get; }

    /// <summary>The output folder, absolute.</summary>
    public string OutputDirectory { get; }

    /// <summary>The fleet CA's certificate.</summary>
    public X509Certificate2 CaCertificate => _ca.Certificate;

    /// <summary>
    /// Opens the fleet CA of the state folder (it must exist: <c>gateway provision ca</c> creates it, so that a mistyped
    /// --state never starts a second fleet) and the board catalogue.
    /// </summary>
    /// <exception cref="ProvisioningException">No CA, unusable PKI files, no boards folder.</exception>
    public static Provisioner Open(ProvisioningOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        BoardCatalog boards = BoardCatalog.Open(options.BoardsDirectory);
        if (string.IsNullOrWhiteSpace(options.OutputDirectory))
        {
            throw new ProvisioningException("--out: empty: expected a folder for the device folders (created if missing)");
        }
        if (File.Exists(options.OutputDirectory))
        {
            throw new ProvisioningException($"--out {options.OutputDirectory}: is a file: expected a folder (created if missing)");
        }
        return new Provisioner(OpenExistingCa(options.StateDirectory), boards, options);
    }

    /// <summary>Loads the fleet CA of <paramref name="stateDirectory"/>; refuses when there is none rather than create one.</summary>
    /// <exception cref="ProvisioningException">No CA there, or its files cannot be used.</exception>
    public static FleetCa OpenExistingCa(string stateDirectory)
    {
        if (string.IsNullOrWhiteSpace(stateDirectory))
        {
            throw new ProvisioningException("--state: empty: expected the installation's state folder");
        }
        string pki = Path.Combine(Path.GetFullPath(stateDirectory), "pki");
        if (!File.Exists(Path.Combine(pki, "ca.crt")) && !File.Exists(Path.Combine(pki, "ca.key")))
        {
            throw new ProvisioningException($"--state {stateDirectory}: no fleet CA in {pki} (ca.crt, ca.key): create it with " +
                $"'gateway provision ca --state {stateDirectory}', or give --state of the installation whose broker the devices use");
        }
        try
        {
            return FleetCa.CreateOrLoad(stateDirectory);
        }
        catch (FleetCaException e)
        {
            throw new ProvisioningException("--state: " + e.Message, e);
        }
        catch (ArgumentException e)
        {
            throw new ProvisioningException("--state: " + e.Message.Split(" (Parameter")[0], e);
        }
    }

    /// <summary>
    /// Checks that <paramref name="id"/> may be provisioned: never when it is revoked (the broker refuses every certificate
    /// with that CN); when provisioned before or its folder exists only with <see cref="ProvisioningOptions.Force"/>.
    /// </summary>
    public IReadOnlyList<string> CheckAvailable(string id, string field, IReadOnlyDictionary<string, ProvisionedDevice> provisioned)
    {
        var problems = new List<string>();
        RevocationEntry? revoked = _ca.Revocations.Find(id);
        if (revoked != null)
        {
            string when = revoked.RevokedAt is { } at ? " on " + ProvisionedRegistry.FormatDate(at) : string.Empty;
            problems.Add($"{field} '{id}': revoked{when} ({revoked.Reason}): the broker refuses every certificate with this CN; provision the replacement under a new id");
            return problems;
        }
        if (Options.Force)
        {
            return problems;
        }
        if (provisioned.TryGetValue(id, out ProvisionedDevice? before))
        {
            problems.Add($"{field} '{id}': already provisioned on {ProvisionedRegistry.FormatDate(before.ProvisionedAt)} (certificate serial {before.Serial}, " +
                $"valid until {ProvisionedRegistry.FormatDate(before.NotAfter)}); give --force to issue a new certificate and files");
        }
        else if (Directory.Exists(Path.Combine(OutputDirectory, id)))
        {
            problems.Add($"{field} '{id}': the folder {Path.Combine(OutputDirectory, id)} already exists; give --force to replace it, or move it away");
        }
        return problems;
    }

    /// <summary>Checks, issues, writes and records one device. Returns what was recorded.</summary>
    /// <exception cref="ProvisioningException">Refused (every problem listed) or failed; nothing is left behind.</exception>
    public StagedDevice ProvisionOne(DeviceRequest request)
    {
        ValidatedDevice device = Validate(new[] { request })[0];
        StagedDevice staged = Stage(device);
        Commit(new[] { staged });
        return staged;
    }

    /// <summary>Checks every request and the ids already provisioned; throws with every problem if any.</summary>
    /// <exception cref="ProvisioningException">Any request is refused.</exception>
    public IReadOnlyList<ValidatedDevice> Validate(IReadOnlyList<DeviceRequest> requests)
    {
        ArgumentNullException.ThrowIfNull(requests);
        IReadOnlyDictionary<string, ProvisionedDevice> provisioned = Registry.ReadAll();
        var problems = new List<string>();
        var valid = new List<ValidatedDevice>();
        foreach (DeviceRequest request in requests)
        {
            ValidatedDevice? device = DeviceValidator.TryValidate(request, Boards, out IReadOnlyList<string> errors);
            problems.AddRange(errors);
            if (FleetIdentity.IsValidIdentifier(request.Id))
            {
                problems.AddRange(CheckAvailable(request.Id, request.Fields.Id, provisioned));
            }
            if (device != null)
            {
                valid.Add(device);
            }
        }
        if (problems.Count > 0)
        {
            throw new ProvisioningException(problems);
        }
        return valid;
    }

    /// <summary>Issues the device certificate and writes every file into a new temporary folder in the output folder.</summary>
    /// <exception cref="ProvisioningException">Writing failed; the temporary folder is removed.</exception>
    public StagedDevice Stage(ValidatedDevice device)
    {
        ArgumentNullException.ThrowIfNull(device);
        string id = device.Request.Id;
        string finalFolder = Path.Combine(OutputDirectory, id);
        string temporary = Path.Combine(OutputDirectory, "." + id + ".partial-" + Guid.NewGuid().ToString("N")[..12]);
        try
        {
            CreatePrivateFolder(OutputDirectory, restrict: false);
            CreatePrivateFolder(temporary, restrict: true);
            using X509Certificate2 certificate = _ca.IssueClientCertificate(id, ClientRole.Device);
            var record = new ProvisionedDevice(id, device.Config.Tenant, device.Request.Kind, device.Board.Id, device.Broker.ToString(),
                certificate.SerialNumber, new DateTimeOffset(certificate.NotAfter.ToUniversalTime(), TimeSpan.Zero),
                certificate.GetCertHashString(HashAlgorithmName.SHA256), DateTimeOffset.UtcNow, finalFolder);
            WriteFile(temporary, DeviceConfig.FileName, device.ConfigText, secret: true);
            WriteFile(temporary, BoardProfile.FileName, device.Board.Text, secret: false);
            WriteFile(temporary, CaFileName, _ca.CaCertificatePem, secret: false);
            WriteFile(temporary, CertificateFileName, CertificatePem.ExportCertificate(certificate), secret: false);
            WriteFile(temporary, KeyFileName, CertificatePem.ExportPrivateKey(certificate), secret: true);
            WriteFile(temporary, NanoffManifest.FileName, NanoffManifest.Build(finalFolder, DeviceFiles, Options.SerialPort), secret: false);
            WriteFile(temporary, NanoffManifest.ReadmeFileName, NanoffManifest.Readme(record, device.Board, finalFolder, DeviceFiles, Options.SerialPort), secret: false);
            VerifyWritten(temporary, device);
            return new StagedDevice(record, device.Board, temporary, finalFolder);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or CryptographicException)
        {
            DeleteQuietly(temporary);
            throw new ProvisioningException($"{id}: cannot write the device files in {OutputDirectory}: {e.Message}", e);
        }
        catch (ArgumentException e)
        {
            // The CA refused to issue (e.g. it expires too soon to give the certificate any validity).
            DeleteQuietly(temporary);
            throw new ProvisioningException($"{id}: the fleet CA cannot issue the certificate: {e.Message.Split(" (Parameter")[0]}", e);
        }
        catch
        {
            DeleteQuietly(temporary);
            throw;
        }
    }

    /// <summary>
    /// Renames every staged folder into place and records the devices, all under the registry lock. Ids provisioned by
    /// another command meanwhile are refused (unless forced). On failure everything is undone: renamed folders are removed,
    /// replaced ones restored, temporary ones deleted.
    /// </summary>
    /// <exception cref="ProvisioningException">Refused or failed; nothing is left behind.</exception>
    public void Commit(IReadOnlyList<StagedDevice> staged)
    {
        ArgumentNullException.ThrowIfNull(staged);
        var done = new List<(StagedDevice Device, string? Backup)>();
        try
        {
            Registry.Update(devices =>
            {
                var problems = new List<string>();
                foreach (StagedDevice device in staged)
                {
                    problems.AddRange(CheckAvailable(device.Device.Id, device.Device.Id, devices));
                }
                if (problems.Count > 0)
                {
                    throw new ProvisioningException(problems.Select(p => p + " (provisioned meanwhile by another command)").ToList());
                }
                foreach (StagedDevice device in staged)
                {
                    string? backup = null;
                    if (Directory.Exists(device.FinalFolder))
                    {
                        backup = Path.Combine(OutputDirectory, "." + device.Device.Id + ".replaced-" + Guid.NewGuid().ToString("N")[..12]);
                        Directory.Move(device.FinalFolder, backup);
                    }
                    try
                    {
                        Directory.Move(device.TemporaryFolder, device.FinalFolder);
                    }
                    catch
                    {
                        if (backup != null)
                        {
                            Directory.Move(backup, device.FinalFolder);
                        }
                        throw;
                    }
                    done.Add((device, backup));
                    devices[device.Device.Id] = device.Device;
                }
                return true;
            });
        }
        catch (Exception e)
        {
            Undo(done, staged);
            if (e is ProvisioningException)
            {
                throw;
            }
            if (e is IOException or UnauthorizedAccessException)
            {
                throw new ProvisioningException($"cannot move the device folders into {OutputDirectory}: {e.Message}; nothing was provisioned", e);
            }
            throw;
        }
        foreach ((_, string? backup) in done)
        {
            if (backup != null)
            {
                DeleteQuietly(backup);
            }
        }
    }

    /// <summary>Removes staged folders that will not be committed.</summary>
    public static void Discard(IEnumerable<StagedDevice> staged)
    {
        foreach (StagedDevice device in staged)
        {
            DeleteQuietly(device.TemporaryFolder);
        }
    }

    /// <summary>Releases the CA key.</summary>
    public void Dispose() => _ca.Dispose();

    private static void Undo(List<(StagedDevice Device, string? Backup)> done, IReadOnlyList<StagedDevice> staged)
    {
        for (int i = done.Count - 1; i >= 0; i--)
        {
            (StagedDevice device, string? backup) = done[i];
            DeleteQuietly(device.FinalFolder);
            if (backup != null)
            {
                try
                {
                    Directory.Move(backup, device.FinalFolder);
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    // Leave the backup where it is rather than delete the only copy.
                }
            }
        }
        Discard(staged);
    }

    private static void VerifyWritten(string folder, ValidatedDevice device)
    {
        // Read back what is on disk with the device's own parsers.
        string config = File.ReadAllText(Path.Combine(folder, DeviceConfig.FileName), Encoding.UTF8);
        if (!DeviceConfigParser.TryParse(config, out DeviceConfig? parsed, out ConfigError[] errors) || parsed.DeviceId != device.Request.Id)
        {
            throw new IOException("device.conf does not read back: " + string.Join("; ", errors.Select(e => e.Message)));
        }
        string board = File.ReadAllText(Path.Combine(folder, BoardProfile.FileName), Encoding.UTF8);
        if (!BoardProfileParser.TryLoad(board, out _, out ConfigError[] boardErrors, out _))
        {
            throw new IOException("board.conf does not read back: " + string.Join("; ", boardErrors.Select(e => e.Message)));
        }
    }

    private static void CreatePrivateFolder(string path, bool restrict)
    {
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(path);
            return;
        }
        if (restrict)
        {
            Directory.CreateDirectory(path, PrivateFolder);
            File.SetUnixFileMode(path, PrivateFolder);
        }
        else if (!Directory.Exists(path))
        {
            Directory.CreateDirectory(path, PrivateFolder);
        }
    }

    private static void WriteFile(string folder, string name, string text, bool secret)
    {
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = secret ? SecretFile : PublicFile; // created with these bits: never readable by others, not even briefly
        }
        string path = Path.Combine(folder, name);
        using var stream = new FileStream(path, options);
        byte[] bytes = new UTF8Encoding(false).GetBytes(text);
        stream.Write(bytes, 0, bytes.Length);
        stream.Flush(flushToDisk: true);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, secret ? SecretFile : PublicFile); // the umask may have removed bits; set exactly
        }
    }

    private static void DeleteQuietly(string folder)
    {
        try
        {
            if (Directory.Exists(folder))
            {
                Directory.Delete(folder, recursive: true);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Best effort: the temporary name starts with '.' and is never taken for a device folder.
        }
    }
}
