using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using Gateway.Firmware.Core.Boards;
using Gateway.Firmware.Core.Config;

namespace Gateway.HostSim.Provisioning;

/// <summary>A board profile read from boards/{id}/board.conf and checked as the device checks it at boot.</summary>
/// <param name="Id">The folder name, equal to the profile's <c>board.id</c>.</param>
/// <param name="Text">The file's exact text, copied to the device unchanged.</param>
/// <param name="Profile">The parsed and validated profile.</param>
/// <param name="Warnings">Validator warnings (strapping pins...): worth a look, not a reason to refuse.</param>
public sealed record BoardFile(string Id, string Text, BoardProfile Profile, IReadOnlyList<string> Warnings);

/// <summary>
/// The board profiles a device can be provisioned with: the folders of the repository's <c>boards/</c> that hold a
/// <c>board.conf</c>. Found like the scenario catalogue finds <c>seeds/</c>: beside the first <c>Gateway.sln</c> above the
/// application or above the current folder (a checkout, so edits count at once), else in the application's own
/// <c>boards/</c> folder; <c>--boards</c> overrides.
/// </summary>
public sealed class BoardCatalog
{
    private BoardCatalog(string folder)
    {
        Folder = folder;
    }

    /// <summary>The folder holding one sub-folder per board.</summary>
    public string Folder { get; }

    /// <summary>The catalogue of <paramref name="folder"/>, or of the located boards/ folder when null.</summary>
    /// <exception cref="ProvisioningException">The folder does not exist or holds no board profile.</exception>
    public static BoardCatalog Open(string? folder = null)
    {
        string? located = folder is null
            ? Locate(AppContext.BaseDirectory) ?? Locate(Environment.CurrentDirectory)
            : Path.GetFullPath(folder);
        if (located is null)
        {
            throw new ProvisioningException("--boards: no boards/ folder with board profiles was found beside Gateway.sln above "
                + AppContext.BaseDirectory + " or the current folder, nor in " + Path.Combine(AppContext.BaseDirectory, "boards")
                + "; give --boards DIR (the repository's boards/ folder)");
        }
        var catalog = new BoardCatalog(located);
        if (catalog.Names.Count == 0)
        {
            throw new ProvisioningException($"--boards {located}: no board profiles there: expected one folder per board, each with a {BoardProfile.FileName}");
        }
        return catalog;
    }

    /// <summary>boards/ beside the first Gateway.sln found walking up from <paramref name="startDirectory"/>, else startDirectory/boards; null when neither has profiles.</summary>
    public static string? Locate(string startDirectory)
    {
        for (DirectoryInfo? directory = new DirectoryInfo(startDirectory); directory != null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Gateway.sln")))
            {
                string repoBoards = Path.Combine(directory.FullName, "boards");
                if (HasProfiles(repoBoards))
                {
                    return repoBoards;
                }
                break;
            }
        }
        string copied = Path.Combine(startDirectory, "boards");
        return HasProfiles(copied) ? copied : null;
    }

    /// <summary>The known board ids (folder names with a board.conf), sorted.</summary>
    public IReadOnlyList<string> Names
    {
        get
        {
            if (!Directory.Exists(Folder))
            {
                return Array.Empty<string>();
            }
            return Directory.GetDirectories(Folder)
                .Where(d => File.Exists(Path.Combine(d, BoardProfile.FileName)))
                .Select(Path.GetFileName)
                .OfType<string>()
                .Order(StringComparer.Ordinal)
                .ToList();
        }
    }

    /// <summary>
    /// Reads boards/{id}/board.conf and checks it with <see cref="BoardProfileParser.TryLoad"/>. Returns null with the
    /// problems in <paramref name="errors"/>, each starting with <paramref name="field"/> ("--board", "row 3, column board").
    /// </summary>
    public BoardFile? TryLoad(string? id, string field, out IReadOnlyList<string> errors)
    {
        IReadOnlyList<string> known = Names;
        // Only a known folder name is ever used in a path, so "../x" or "C:\x" cannot escape the catalogue.
        if (string.IsNullOrEmpty(id) || !known.Contains(id, StringComparer.Ordinal))
        {
            string shown = string.IsNullOrEmpty(id) ? "(empty)" : $"'{Printable(id)}'";
            errors = new[] { $"{field} {shown}: unknown board; known boards: {string.Join(", ", known)} (folders of {Folder})" };
            return null;
        }
        string path = Path.Combine(Folder, id, BoardProfile.FileName);
        string text;
        try
        {
            text = File.ReadAllText(path, new UTF8Encoding(false, true));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or DecoderFallbackException)
        {
            errors = new[] { $"{field} {id}: cannot read {path}: {e.Message}" };
            return null;
        }
        if (!BoardProfileParser.TryLoad(text, out BoardProfile? profile, out ConfigError[] problems, out ConfigError[] warnings))
        {
            errors = problems.Select(p => $"{field} {id}: {path}: {p.Message}").ToList();
            return null;
        }
        if (profile.Id != id)
        {
            errors = new[] { $"{field} {id}: {path}: board.id = {profile.Id}: must equal the folder name {id} (device.conf's device.board names the folder)" };
            return null;
        }
        errors = Array.Empty<string>();
        return new BoardFile(id, text, profile, warnings.Select(w => w.Message).ToList());
    }

    private static bool HasProfiles(string folder) =>
        Directory.Exists(folder) && Directory.GetDirectories(folder).Any(d => File.Exists(Path.Combine(d, BoardProfile.FileName)));

    internal static string Printable(string value)
    {
        var builder = new StringBuilder(Math.Min(value.Length, 64));
        foreach (char c in value)
        {
            if (builder.Length >= 64)
            {
                builder.Append('…');
                break;
            }
            builder.Append(char.IsControl(c) ? '?' : c);
        }
        return builder.ToString();
    }
}
