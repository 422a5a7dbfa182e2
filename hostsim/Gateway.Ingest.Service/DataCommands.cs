using System;
using System.CommandLine;
using System.Threading;
using Gateway.Ingest.Hosting;

namespace Gateway.Ingest.Service;

/// <summary>Data-protection commands: delete one device's data, apply the retention policy now.</summary>
internal static class DataCommands
{
    public static Command DeleteDevice(Option<string> state, Option<string?> store)
    {
        var id = new Option<string>("--id") { Description = "Device id whose readings, alarms, gaps, quarantine entries and state are deleted.", Required = true };
        var by = new Option<string>("--requested-by") { Description = "Who asked for the deletion (kept in the audit log).", DefaultValueFactory = _ => Environment.UserName };
        var command = new Command("delete-device", "Delete all data of one device (audited).") { id, by };
        command.Options.Add(state);
        command.Options.Add(store);
        command.SetAction(async (parse, token) =>
        {
            await using var storeInstance = await IngestHost.OpenStoreAsync(Options(parse, state, store), token).ConfigureAwait(false);
            var result = await storeInstance.DeleteDeviceAsync(parse.GetValue(id)!, parse.GetValue(by)!, token).ConfigureAwait(false);
            Console.WriteLine($"deleted {result.Readings} readings, {result.Alarms} alarms, {result.Gaps} gaps, {result.Quarantined} quarantined messages" +
                (result.StateDeleted ? ", device state" : ", no device state (unknown device?)"));
            return 0;
        });
        return command;
    }

    public static Command Retention(Option<string> state, Option<string?> store)
    {
        var days = new Option<int>("--days") { Description = "Delete readings older than this many days (1..36500).", DefaultValueFactory = _ => 365 };
        var command = new Command("retention", "Apply the retention policy now (audited).") { days };
        command.Options.Add(state);
        command.Options.Add(store);
        command.SetAction(async (parse, token) =>
        {
            int value = parse.GetValue(days);
            if (value < 1 || value > 36500)
            {
                Console.Error.WriteLine($"--days {value}: must be from 1 to 36500");
                return 2;
            }
            await using var storeInstance = await IngestHost.OpenStoreAsync(Options(parse, state, store), token).ConfigureAwait(false);
            var result = await storeInstance.DeleteOlderThanAsync(value, token).ConfigureAwait(false);
            Console.WriteLine($"deleted {result.Readings} readings, {result.Alarms} alarms, {result.Quarantined} quarantined messages, {result.Gaps} gaps older than {value} days");
            return 0;
        });
        return command;
    }

    private static IngestHostOptions Options(ParseResult parse, Option<string> state, Option<string?> store) =>
        new() { StateDirectory = parse.GetValue(state)!, Store = parse.GetValue(store), HttpUrl = null };
}
