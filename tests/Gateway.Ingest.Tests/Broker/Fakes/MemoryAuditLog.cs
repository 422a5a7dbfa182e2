using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using Gateway.Ingest.Audit;

namespace Gateway.Ingest.Tests.Broker.Fakes;

/// <summary>Keeps audit events in memory; tests await the one they expect instead of sleeping.</summary>
internal sealed class MemoryAuditLog : IAuditLog
{
    private readonly object _gate = new();
    private readonly List<AuditEvent> _events = new();
    private readonly List<(Func<AuditEvent, bool> Match, TaskCompletionSource<AuditEvent> Done)> _waiters = new();

    public IReadOnlyList<AuditEvent> Events
    {
        get
        {
            lock (_gate)
            {
                return _events.ToList();
            }
        }
    }

    public void Record(AuditEvent auditEvent)
    {
        List<TaskCompletionSource<AuditEvent>> completed = new();
        lock (_gate)
        {
            _events.Add(auditEvent);
            for (int i = _waiters.Count - 1; i >= 0; i--)
            {
                if (_waiters[i].Match(auditEvent))
                {
                    completed.Add(_waiters[i].Done);
                    _waiters.RemoveAt(i);
                }
            }
        }
        foreach (TaskCompletionSource<AuditEvent> done in completed)
        {
            done.TrySetResult(auditEvent);
        }
    }

    /// <summary>The first event (already recorded or yet to come) that matches, or a TimeoutException listing what was recorded.</summary>
    public async Task<AuditEvent> WaitForAsync(Func<AuditEvent, bool> match, TimeSpan? timeout = null)
    {
        var done = new TaskCompletionSource<AuditEvent>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_gate)
        {
            AuditEvent? existing = _events.FirstOrDefault(match);
            if (existing is not null)
            {
                return existing;
            }
            _waiters.Add((match, done));
        }
        Task finished = await Task.WhenAny(done.Task, Task.Delay(timeout ?? TimeSpan.FromSeconds(10)));
        if (finished != done.Task)
        {
            lock (_gate)
            {
                _waiters.RemoveAll(w => w.Done == done);
            }
            throw new TimeoutException("expected audit event not recorded; recorded: " + Describe());
        }
        return await done.Task;
    }

    public string Describe()
    {
        lock (_gate)
        {
            return _events.Count == 0 ? "(none)" : string.Join(" | ", _events.Select(e => $"{e.Kind} {e.Subject} {e.Remote}: {e.Detail}"));
        }
    }
}
