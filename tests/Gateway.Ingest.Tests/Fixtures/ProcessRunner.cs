using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace Gateway.Ingest.Tests.Fixtures;

/// <summary>Runs helper programs (initdb, pg_ctl, chown) to completion with a time limit, failing with their output.</summary>
internal static class ProcessRunner
{
    /// <summary>True when this process runs as root (PostgreSQL refuses to; servers are then run as another user).</summary>
    public static bool IsRoot => !OperatingSystem.IsWindows() && Environment.UserName == "root";

    /// <summary>Runs <paramref name="file"/> and returns its output; throws with the output when it fails or overruns.</summary>
    public static async Task<string> RunAsync(string file, IEnumerable<string> arguments, TimeSpan timeout, string? runAsUser = null)
    {
        var start = new ProcessStartInfo
        {
            FileName = runAsUser == null ? file : "runuser",
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (runAsUser != null)
        {
            // runuser (util-linux) switches user without a password when called by root; "--" ends its own options.
            start.ArgumentList.Add("-u");
            start.ArgumentList.Add(runAsUser);
            start.ArgumentList.Add("--");
            start.ArgumentList.Add(file);
        }
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        var output = new StringBuilder();
        using var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => { if (e.Data != null) lock (output) output.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data != null) lock (output) output.AppendLine(e.Data); };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var limit = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{Describe(start)} did not finish within {timeout.TotalSeconds:0} s. Output:\n{output}");
        }
        process.WaitForExit(); // flushes the asynchronous output readers
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{Describe(start)} failed with exit code {process.ExitCode}. Output:\n{output}");
        }
        lock (output)
        {
            return output.ToString();
        }
    }

    /// <summary>A TCP port on 127.0.0.1 that was free a moment ago (the caller binds it soon and retries on a clash).</summary>
    public static int FreeLoopbackPort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        try
        {
            return ((IPEndPoint)listener.LocalEndpoint).Port;
        }
        finally
        {
            listener.Stop();
        }
    }

    /// <summary>Waits until something accepts TCP connections on 127.0.0.1:<paramref name="port"/>, or <paramref name="stillAlive"/> says it died.</summary>
    public static async Task<bool> WaitForListenerAsync(int port, TimeSpan timeout, Func<bool> stillAlive)
    {
        var watch = Stopwatch.StartNew();
        while (watch.Elapsed < timeout && stillAlive())
        {
            using var client = new TcpClient();
            try
            {
                using var attempt = new CancellationTokenSource(TimeSpan.FromSeconds(1));
                await client.ConnectAsync(IPAddress.Loopback, port, attempt.Token);
                return true;
            }
            catch (Exception e) when (e is SocketException or OperationCanceledException)
            {
                await Task.Delay(50); // polling a port that has no readiness event; bounded by the timeout
            }
        }
        return false;
    }

    /// <summary>The last lines of a log file, for failure messages.</summary>
    public static string Tail(string path, int lines = 40)
    {
        try
        {
            string[] all = File.ReadAllLines(path);
            return string.Join("\n", all[Math.Max(0, all.Length - lines)..]);
        }
        catch (IOException e)
        {
            return $"(log {path} unreadable: {e.Message})";
        }
    }

    /// <summary>Deletes a folder tree, best effort (a temp folder left behind is harmless).</summary>
    public static void DeleteFolder(string path)
    {
        try
        {
            if (Directory.Exists(path))
            {
                Directory.Delete(path, recursive: true);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
        }
    }

    private static string Describe(ProcessStartInfo start) => start.FileName + " " + string.Join(" ", start.ArgumentList);
}
