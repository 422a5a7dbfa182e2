using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading;

namespace Gateway.HostSim.Provisioning;

/// <summary>One provisioned device, as recorded in {state}/provisioned.csv.</summary>
/// <param name="Id">device.id (certificate CN).</param>
/// <param name="Tenant">device.tenant.</param>
/// <param name="Kind">device.kind.</param>
/// <param name="Board">Board profile id.</param>
/// <param name="Broker">host:port the device connects to.</param>
/// <param name="Serial">Certificate serial number (hex, as X509Certificate2.SerialNumber).</param>
/// <param name="NotAfter">Certificate expiry (UTC).</param>
/// <param name="Sha256">Certificate SHA-256 fingerprint (hex).</param>
/// <param name="ProvisionedAt">When the files were written (UTC).</param>
/// <param name="Folder">The output folder the files were written to (may have been deleted since, as the guide says).</param>
public sealed record ProvisionedDevice(string Id, string Tenant, string Kind, string Board, string Broker, string Serial,
    DateTimeOffset NotAfter, string Sha256, DateTimeOffset ProvisionedAt, string Folder);

/// <summary>
/// The list of devices provisioned from one state folder: {state}/provisioned.csv, one row per device id (the latest
/// certificate). Replaced atomically; changes are made under {state}/provisioned.lock so that two provisioning commands
/// running at once neither lose a row nor provision the same id twice.
/// </summary>
public sealed class ProvisionedRegistry
{
    /// <summary>The file name in the state folder.</summary>
    public const string FileName = "provisioned.csv";

    private static readonly string[] Header = { "id", "tenant", "kind", "board", "broker", "serial", "not_after", "sha256", "provisioned_at", "folder" };
    private static readonly TimeSpan LockTimeout = TimeSpan.FromSeconds(30);

    /// <summary>Uses {stateDirectory}/provisioned.csv (the file need not exist).</summary>
    public ProvisionedRegistry(string stateDirectory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(stateDirectory);
        StateDirectory = System.IO.Path.GetFullPath(stateDirectory);
    }

    /// <summary>The state folder.</summary>
    public string StateDirectory { get; }

    /// <summary>{state}/provisioned.csv.</summary>
    public string Path => System.IO.Path.Combine(StateDirectory, FileName);

    /// <summary>Every device, by id.</summary>
    /// <exception cref="ProvisioningException">The file cannot be read or is not in this format (the message names row and column).</exception>
    public IReadOnlyDictionary<string, ProvisionedDevice> ReadAll()
    {
        var devices = new Dictionary<string, ProvisionedDevice>(StringComparer.Ordinal);
        if (!File.Exists(Path))
        {
            return devices;
        }
        string text;
        try
        {
            text = File.ReadAllText(Path, Encoding.UTF8);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ProvisioningException($"{Path}: cannot read it: {e.Message}", e);
        }
        List<CsvRecord> records = Csv.Parse(text, Path);
        if (records.Count == 0)
        {
            return devices;
        }
        if (!records[0].Fields.SequenceEqual(Header))
        {
            throw new ProvisioningException($"{Path}: row 1: expected the header {string.Join(",", Header)}; the file was edited or is not a provisioning list");
        }
        foreach (CsvRecord record in records.Skip(1))
        {
            IReadOnlyList<string> f = record.Fields;
            if (f.Count != Header.Length)
            {
                throw new ProvisioningException($"{Path}: row {record.Row}: {f.Count} fields: expected {Header.Length} ({string.Join(",", Header)})");
            }
            if (!TryDate(f[6], out DateTimeOffset notAfter) || !TryDate(f[8], out DateTimeOffset provisionedAt))
            {
                throw new ProvisioningException($"{Path}: row {record.Row}, column {(TryDate(f[6], out _) ? "provisioned_at" : "not_after")}: expected a UTC time like 2030-01-31T12:00:00Z");
            }
            devices[f[0]] = new ProvisionedDevice(f[0], f[1], f[2], f[3], f[4], f[5], notAfter, f[7], provisionedAt, f[9]);
        }
        return devices;
    }

    /// <summary>
    /// Runs <paramref name="change"/> under the registry lock with the current devices; the dictionary it leaves is written
    /// back atomically when it returns true. The lock is held only by this process meanwhile (other provisioning commands wait up to 30 s).
    /// </summary>
    /// <exception cref="ProvisioningException">The lock is not free in time, or the file cannot be read or written.</exception>
    public void Update(Func<Dictionary<string, ProvisionedDevice>, bool> change)
    {
        ArgumentNullException.ThrowIfNull(change);
        using FileStream held = AcquireLock();
        var devices = new Dictionary<string, ProvisionedDevice>(ReadAll(), StringComparer.Ordinal);
        if (!change(devices))
        {
            return;
        }
        var text = new StringBuilder();
        text.Append(Csv.Format(Header)).Append('\n');
        foreach (ProvisionedDevice d in devices.Values.OrderBy(d => d.Id, StringComparer.Ordinal))
        {
            text.Append(Csv.Format(new[]
            {
                d.Id, d.Tenant, d.Kind, d.Board, d.Broker, d.Serial, FormatDate(d.NotAfter), d.Sha256, FormatDate(d.ProvisionedAt), d.Folder,
            })).Append('\n');
        }
        string temporary = Path + ".tmp-" + Guid.NewGuid().ToString("N");
        try
        {
            using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                byte[] bytes = new UTF8Encoding(false).GetBytes(text.ToString());
                stream.Write(bytes, 0, bytes.Length);
                stream.Flush(flushToDisk: true);
            }
            File.Move(temporary, Path, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ProvisioningException($"{Path}: cannot write it: {e.Message}", e);
        }
        finally
        {
            if (File.Exists(temporary))
            {
                File.Delete(temporary);
            }
        }
    }

    /// <summary>"2030-01-31T12:00:00Z".</summary>
    public static string FormatDate(DateTimeOffset value) => value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private static bool TryDate(string text, out DateTimeOffset value) =>
        DateTimeOffset.TryParseExact(text, "yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture,
            DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out value);

    private FileStream AcquireLock()
    {
        Directory.CreateDirectory(StateDirectory);
        string lockPath = System.IO.Path.Combine(StateDirectory, "provisioned.lock");
        DateTime giveUp = DateTime.UtcNow + LockTimeout;
        while (true)
        {
            try
            {
                // FileShare.None is an exclusive lock on the file, also between processes (flock on Unix).
                return new FileStream(lockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException) when (DateTime.UtcNow < giveUp)
            {
                Thread.Sleep(50); // another provisioning command holds the lock; it holds it only while renaming folders
            }
            catch (IOException e)
            {
                throw new ProvisioningException($"{lockPath}: another provisioning command has held the lock for {LockTimeout.TotalSeconds:0} s; try again when it has finished", e);
            }
        }
    }
}
