using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Threading;

namespace Gateway.HostSim.Runtime;

/// <summary>Something the scheduler advances: a virtual node (its transport events are drained, then its core ticked).</summary>
public interface IScheduledNode
{
    /// <summary>Delivers pending transport events and ticks the node. Must not block; exceptions are the node's own business.</summary>
    void Step();
}

/// <summary>
/// Ticks thousands of nodes over a few threads: node i belongs to worker i mod W, and each worker steps its nodes in
/// turn every <c>tickMs</c>. No thread per node; a slow node delays only its worker's round.
/// </summary>
public sealed class NodeScheduler : IDisposable
{
    private readonly List<IScheduledNode>[] _partitions;
    private readonly Thread[] _workers;
    private readonly int _tickMs;
    private readonly CancellationTokenSource _stop = new();
    private long _rounds;
    private long _lateRounds;
    private long _errors;
    private bool _disposed;

    /// <summary>Creates the scheduler; nothing runs until <see cref="Start"/>.</summary>
    /// <param name="workers">Worker threads (1..64).</param>
    /// <param name="tickMs">Round period per worker, ms (10..10000).</param>
    public NodeScheduler(int workers, int tickMs)
    {
        if (workers < 1 || workers > 64)
        {
            throw new ArgumentOutOfRangeException(nameof(workers), workers, "workers: must be from 1 to 64");
        }
        if (tickMs < 10 || tickMs > 10_000)
        {
            throw new ArgumentOutOfRangeException(nameof(tickMs), tickMs, "tick: must be from 10 to 10000 ms");
        }
        _tickMs = tickMs;
        _partitions = new List<IScheduledNode>[workers];
        _workers = new Thread[workers];
        for (int i = 0; i < workers; i++)
        {
            _partitions[i] = new List<IScheduledNode>();
            int index = i;
            _workers[i] = new Thread(() => Work(index)) { IsBackground = true, Name = $"fleet-worker-{i}" };
        }
    }

    /// <summary>Rounds completed over all workers.</summary>
    public long Rounds => Interlocked.Read(ref _rounds);

    /// <summary>Rounds that took longer than the tick (the fleet is too big for this machine).</summary>
    public long LateRounds => Interlocked.Read(ref _lateRounds);

    /// <summary>Exceptions thrown out of node steps (counted, never fatal to the fleet).</summary>
    public long Errors => Interlocked.Read(ref _errors);

    /// <summary>Last exception thrown out of a node step.</summary>
    public Exception? LastError { get; private set; }

    /// <summary>Adds a node before <see cref="Start"/>.</summary>
    public void Add(IScheduledNode node, int index) => _partitions[index % _partitions.Length].Add(node);

    /// <summary>Starts the workers.</summary>
    public void Start()
    {
        foreach (var worker in _workers)
        {
            worker.Start();
        }
    }

    private void Work(int index)
    {
        var nodes = _partitions[index];
        var watch = Stopwatch.StartNew();
        long next = 0;
        while (!_stop.IsCancellationRequested)
        {
            foreach (var node in nodes)
            {
                try
                {
                    node.Step();
                }
                catch (Exception e)
                {
                    LastError = e;
                    Interlocked.Increment(ref _errors);
                }
            }
            Interlocked.Increment(ref _rounds);
            next += _tickMs;
            long wait = next - watch.ElapsedMilliseconds;
            if (wait < 0)
            {
                Interlocked.Increment(ref _lateRounds);
                next = watch.ElapsedMilliseconds;
                continue;
            }
            _stop.Token.WaitHandle.WaitOne((int)wait);
        }
    }

    /// <summary>Stops the workers and waits for them.</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }
        _disposed = true;
        _stop.Cancel();
        foreach (var worker in _workers)
        {
            if (worker.IsAlive)
            {
                worker.Join();
            }
        }
        _stop.Dispose();
    }
}
