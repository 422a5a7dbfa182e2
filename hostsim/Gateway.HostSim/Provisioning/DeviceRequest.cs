using System;
using System.Collections.Generic;

namespace Gateway.HostSim.Provisioning;

/// <summary>One extra device.conf setting: <c>--set key=value</c> or an extra CSV column.</summary>
/// <param name="Key">The device.conf key, e.g. <c>sample.period_s</c>.</param>
/// <param name="Value">Its value as written in device.conf.</param>
/// <param name="Field">Where it came from, for errors: "--set sample.period_s" or "row 4, column sample.period_s".</param>
public sealed record ConfigSetting(string Key, string Value, string Field);

/// <summary>How each input is named in errors: the command's options, or a CSV row's cells.</summary>
/// <param name="Id">Device id.</param>
/// <param name="Board">Board profile.</param>
/// <param name="Tenant">Tenant.</param>
/// <param name="Kind">Device kind.</param>
/// <param name="WifiSsid">Wi-Fi network name.</param>
/// <param name="WifiPassword">Wi-Fi passphrase source.</param>
/// <param name="Broker">Broker address.</param>
public sealed record RequestFields(string Id, string Board, string Tenant, string Kind, string WifiSsid, string WifiPassword, string Broker)
{
    /// <summary>The options of <c>gateway provision device</c>.</summary>
    public static readonly RequestFields Options = new("--id", "--board", "--tenant", "--kind", "--wifi-ssid", "--wifi-password-file/--wifi-password-env", "--broker");

    /// <summary>The cells of a CSV row (the header is row 1).</summary>
    public static RequestFields Row(int row) => new(
        Cell(row, BatchFile.IdColumn), Cell(row, BatchFile.BoardColumn), Cell(row, BatchFile.TenantColumn), Cell(row, BatchFile.KindColumn),
        Cell(row, BatchFile.WifiSsidColumn), "--wifi-password-file/--wifi-password-env", Cell(row, BatchFile.BrokerColumn));

    /// <summary>"row N, column NAME".</summary>
    public static string Cell(int row, string column) => $"row {row}, column {column}";
}

/// <summary>What the technician asks for one device, before any check.</summary>
public sealed record DeviceRequest
{
    /// <summary>device.id, which becomes the certificate's CN.</summary>
    public required string Id { get; init; }

    /// <summary>Board profile id: a folder of boards/.</summary>
    public required string Board { get; init; }

    /// <summary>device.tenant.</summary>
    public required string Tenant { get; init; }

    /// <summary>device.kind: environmental or logistics.</summary>
    public required string Kind { get; init; }

    /// <summary>wifi.ssid.</summary>
    public required string WifiSsid { get; init; }

    /// <summary>wifi.password (already checked by <see cref="WifiPassphrase"/>), or null for an open network. Secret.</summary>
    public string? WifiPassword { get; init; }

    /// <summary>The broker as typed: HOST[:PORT] or mqtts://HOST[:PORT].</summary>
    public required string Broker { get; init; }

    /// <summary>Further device.conf keys.</summary>
    public IReadOnlyList<ConfigSetting> Settings { get; init; } = Array.Empty<ConfigSetting>();

    /// <summary>How the inputs are named in errors.</summary>
    public RequestFields Fields { get; init; } = RequestFields.Options;

    /// <summary>Hides the passphrase from debugger views and logs.</summary>
    public override string ToString() => $"DeviceRequest {{ Id = {Id}, Board = {Board}, Tenant = {Tenant}, Kind = {Kind}, Broker = {Broker} }}";
}
