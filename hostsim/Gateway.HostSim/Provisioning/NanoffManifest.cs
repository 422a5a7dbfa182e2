using System;
using System.Collections.Generic;
using System.IO;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Gateway.HostSim.Provisioning;

/// <summary>
/// nanoff's file-deployment manifest (deploy.json) and the device folder's README.txt.
/// </summary>
/// <remarks>
/// Format as documented by nanoff (nanoframework/nanoFirmwareFlasher, README.md, "File deployment"; read by
/// nanoFirmwareFlasher.Library/FileDeployment/FileDeploymentManager.cs): an object with an optional <c>serialport</c> and a
/// mandatory <c>files</c> list whose entries have <c>DestinationFilePath</c> (full path on the device, e.g. <c>I:\\gateway\\device.conf</c>)
/// and <c>SourceFilePath</c> (the file on this computer; an entry without it deletes the destination). An existing file on the
/// device is replaced. nanoff reads <c>SourceFilePath</c> relative to its own working folder, so the paths written here are
/// absolute; and a <c>serialport</c> in the manifest wins over nanoff's <c>--serialport</c>, so it is written only when the
/// technician gave one.
/// </remarks>
public static class NanoffManifest
{
    /// <summary>The folder on the device's internal flash that the node reads its files from.</summary>
    public const string DeviceFolder = @"I:\gateway\";

    /// <summary>The manifest's file name in the device folder.</summary>
    public const string FileName = "deploy.json";

    /// <summary>The README's file name in the device folder.</summary>
    public const string ReadmeFileName = "README.txt";

    /// <summary>Serial port used in README.txt when none was given (the usual CP210x/CH34x bridge on Linux).</summary>
    public const string DefaultSerialPort = "/dev/ttyUSB0";

    /// <summary>The manifest text.</summary>
    /// <param name="finalFolder">Absolute path of the device folder once provisioned (not the temporary one).</param>
    /// <param name="fileNames">Files of that folder to put on the device, in order.</param>
    /// <param name="serialPort">The serial port, or null to leave it to nanoff's command line.</param>
    public static string Build(string finalFolder, IReadOnlyList<string> fileNames, string? serialPort)
    {
        ArgumentNullException.ThrowIfNull(fileNames);
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            json.WriteStartObject();
            if (!string.IsNullOrEmpty(serialPort))
            {
                json.WriteString("serialport", serialPort);
            }
            json.WriteStartArray("files");
            foreach (string name in fileNames)
            {
                json.WriteStartObject();
                json.WriteString("DestinationFilePath", DeviceFolder + name);
                json.WriteString("SourceFilePath", Path.Combine(finalFolder, name));
                json.WriteEndObject();
            }
            json.WriteEndArray();
            json.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.ToArray()) + "\n";
    }

    /// <summary>README.txt: what the folder holds and the two nanoff commands that put it on the board.</summary>
    public static string Readme(ProvisionedDevice device, BoardFile board, string finalFolder, IReadOnlyList<string> fileNames, string? serialPort)
    {
        ArgumentNullException.ThrowIfNull(device);
        ArgumentNullException.ThrowIfNull(board);
        string port = string.IsNullOrEmpty(serialPort) ? DefaultSerialPort : serialPort;
        string target = board.Profile.NanoffTarget;
        string manifest = Quote(Path.Combine(finalFolder, FileName));
        var text = new StringBuilder();
        text.Append($"Gateway device {device.Id}: board {board.Id} (nanoff target {target}), tenant {device.Tenant}, {device.Kind}, broker {device.Broker}\n");
        text.Append($"Certificate CN={device.Id}, serial {device.Serial}, valid until {ProvisionedRegistry.FormatDate(device.NotAfter)}.\n");
        text.Append($"Written by 'gateway provision' on {ProvisionedRegistry.FormatDate(device.ProvisionedAt)}. Guide: docs/TECHNICIAN.md.\n\n");
        text.Append($"Files, written to {DeviceFolder} on the board by {FileName}:\n");
        foreach (string name in fileNames)
        {
            text.Append("  ").Append(name).Append('\n');
        }
        text.Append('\n');
        text.Append($"Serial port: {port}{(string.IsNullOrEmpty(serialPort) ? " (assumed: 'nanoff --listports' lists yours; change it below)" : string.Empty)}\n\n");
        text.Append("1. Flash nanoCLR and the application (once per board; Gateway.Firmware.Esp32.bin from the release, add --fwversion as the release notes say):\n\n");
        text.Append($"   nanoff --update --target {target} --serialport {port} --image Gateway.Firmware.Esp32.bin\n\n");
        text.Append("2. Put these files on the board (also to re-provision later: the reading buffer on the board is kept):\n\n");
        text.Append($"   nanoff --target {target} --serialport {port} --filedeployment {manifest}\n\n");
        text.Append("nanoff releases that use verbs without dashes ('nanoff --help' tells) take the same steps as:\n\n");
        text.Append($"   nanoff flash target {target} serialport {port}\n");
        text.Append($"   nanoff deploy serialport {port} image Gateway.Firmware.Esp32.bin\n");
        text.Append($"   nanoff deploy file {manifest} serialport {port}\n\n");
        text.Append("device.key and device.conf (it holds the Wi-Fi passphrase) are secrets: delete this folder once the device reports.\n");
        return text.ToString();
    }

    private static string Quote(string path) => path.Contains(' ') ? "\"" + path + "\"" : path;
}
