using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace Gateway.Ingest.Tests.ScaleOut.Instance;

/// <summary>Where an ingestion instance connects and what it uses.</summary>
/// <param name="Host">Broker host.</param>
/// <param name="Port">Broker TLS port.</param>
/// <param name="CaPath">Fleet CA certificate (PEM).</param>
/// <param name="CertificatePath">Service certificate (PEM).</param>
/// <param name="KeyPath">Its private key (PEM).</param>
/// <param name="ClientId">MQTT client id = certificate CN (e.g. ingest-1).</param>
/// <param name="SharedGroup">MQTT 5 shared-subscription group, or null.</param>
/// <param name="StoreUrl"><c>postgres://…</c> store.</param>
internal sealed record IngestInstanceSettings(string Host, int Port, string CaPath, string CertificatePath, string KeyPath,
    string ClientId, string? SharedGroup, string StoreUrl);

/// <summary>
/// One ingestion instance as a separate OS process (<see cref="IngestInstanceProgram"/> run by <c>dotnet</c> from this test
/// assembly through its <c>StartupHook</c>), watched through its standard output: <see cref="Ready"/>, committed counts,
/// and the output kept for failure messages. <see cref="KillHard"/> is <c>kill -9</c>: no shutdown code runs.
/// </summary>
internal sealed class IngestInstanceProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly object _gate = new();
    private readonly List<(long Messages, TaskCompletionSource Signal)> _waiters = new();
    private long _messages;
    private long _readings;

    private IngestInstanceProcess(string name, Process process)
    {
        Name = name;
        _process = process;
    }

    public string Name { get; }

    /// <summary>Completes when the instance is subscribed; fails if it exits first.</summary>
    public Task Ready => _ready.Task;

    /// <summary>Uplink messages committed by this process.</summary>
    public long MessagesCommitted => Interlocked.Read(ref _messages);

    /// <summary>Readings newly stored by this process (duplicates not counted).</summary>
    public long ReadingsStored => Interlocked.Read(ref _readings);

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    /// <summary>Everything the process printed so far.</summary>
    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    public static IngestInstanceProcess Start(string name, IngestInstanceSettings settings)
    {
        string assembly = typeof(IngestInstanceProcess).Assembly.Location;
        var start = new ProcessStartInfo(DotnetHost())
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetDirectoryName(assembly)!,
        };
        start.Environment["DOTNET_STARTUP_HOOKS"] = assembly;
        foreach (string argument in new[]
        {
            assembly, IngestInstanceProgram.Marker,
            "--host", settings.Host, "--port", settings.Port.ToString(CultureInfo.InvariantCulture),
            "--ca", settings.CaPath, "--cert", settings.CertificatePath, "--key", settings.KeyPath,
            "--client-id", settings.ClientId, "--store", settings.StoreUrl,
        })
        {
            start.ArgumentList.Add(argument);
        }
        if (settings.SharedGroup != null)
        {
            start.ArgumentList.Add("--group");
            start.ArgumentList.Add(settings.SharedGroup);
        }
        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        var instance = new IngestInstanceProcess(name, process);
        process.OutputDataReceived += (_, e) => instance.OnLine(e.Data);
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data != null)
            {
                lock (instance._output)
                {
                    instance._output.AppendLine("stderr: " + e.Data);
                }
            }
        };
        process.Exited += (_, _) => instance._ready.TrySetException(
            new InvalidOperationException($"ingestion instance {name} exited before it was ready. Output:\n{instance.Output}"));
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return instance;
    }

    /// <summary>Completes once this process has committed at least <paramref name="messages"/> uplink messages in total.</summary>
    public Task CommittedAtLeast(long messages)
    {
        lock (_gate)
        {
            if (_messages >= messages)
            {
                return Task.CompletedTask;
            }
            var signal = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((messages, signal));
            return signal.Task;
        }
    }

    private void OnLine(string? line)
    {
        if (line == null)
        {
            return;
        }
        lock (_output)
        {
            _output.AppendLine(line);
        }
        if (line == "ready")
        {
            _ready.TrySetResult();
        }
        else if (line.StartsWith("committed ", StringComparison.Ordinal))
        {
            string[] parts = line.Split(' ');
            lock (_gate)
            {
                _messages += long.Parse(parts[1], CultureInfo.InvariantCulture);
                _readings += long.Parse(parts[2], CultureInfo.InvariantCulture);
                for (int i = _waiters.Count - 1; i >= 0; i--)
                {
                    if (_messages >= _waiters[i].Messages)
                    {
                        _waiters[i].Signal.TrySetResult();
                        _waiters.RemoveAt(i);
                    }
                }
            }
        }
    }

    /// <summary>Waits until the process has exited and all its output has been read.</summary>
    public async Task WaitForExitAsync(TimeSpan timeout)
    {
        using var limit = new CancellationTokenSource(timeout);
        await _process.WaitForExitAsync(limit.Token);
    }

    /// <summary><c>kill -9</c>: SIGKILL, no cleanup in the instance, its MQTT session and PostgreSQL session just drop.</summary>
    public async Task KillHardAsync()
    {
        _process.Kill(entireProcessTree: true); // SIGKILL on Unix
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await _process.WaitForExitAsync(limit.Token);
    }

    /// <summary>Stops cleanly (closes its standard input), killing it if it does not exit in time.</summary>
    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            try
            {
                _process.StandardInput.Close();
                using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(10));
                await _process.WaitForExitAsync(limit.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or IOException or InvalidOperationException)
            {
                if (!_process.HasExited)
                {
                    _process.Kill(entireProcessTree: true);
                }
            }
        }
        _process.Dispose();
    }

    private static string DotnetHost()
    {
        string? current = Environment.ProcessPath;
        if (current != null && Path.GetFileNameWithoutExtension(current) == "dotnet")
        {
            return current;
        }
        return Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet";
    }
}
