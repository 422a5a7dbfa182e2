using System;
using System.Collections.Generic;

namespace Gateway.Ingest.Storage;

/// <summary>A gap row, as loaded from or to be written to the <c>gaps</c> table.</summary>
internal sealed class GapRow
{
    public const string Missing = "missing";
    public const string Evicted = "evicted";

    public long? Id;
    public long From;
    public long To;
    public long FirstSeenMs;
    public string Reason = Missing;
    public long? FilledMs;
    public bool Dirty;

    public bool IsOpen => FilledMs == null;
}

/// <summary>
/// The per-device sequence bookkeeping behind <c>down/ack</c>, as pure logic over the device's open gap rows.
/// </summary>
/// <remarks>
/// <para>Invariant: every sequence in (0, <see cref="MaxSequence"/>] is stored, settled (a quarantined pack), inside an
/// open <c>evicted</c> row, or inside an open <c>missing</c> row; the open rows are disjoint. Then
/// <see cref="ContiguousThrough"/> is just below the lowest open <c>missing</c> row (or <see cref="MaxSequence"/>).</para>
/// <para>A newly stored sequence above <see cref="MaxSequence"/> opens a <c>missing</c> row for the sequences skipped; one
/// inside an open row closes that row (<c>filled_ms</c>) and what is still missing of it becomes new rows with the same
/// first-seen time, so a row's range never changes once written (except on eviction, below). Then the device's
/// <c>bfloor</c> F says nothing below F will ever be sent again: open <c>missing</c> rows below F become <c>evicted</c>
/// (one straddling F is cut at F), and if F − 1 is above <see cref="MaxSequence"/> the sequences in between are recorded as
/// <c>evicted</c> straight away.</para>
/// </remarks>
internal sealed class SequenceTracker
{
    private readonly List<GapRow> _open; // sorted by From, disjoint
    private readonly List<GapRow> _written = new();
    private readonly long _nowMs;

    public SequenceTracker(long contiguousThrough, long maxSequence, IEnumerable<GapRow> openRows, long nowMs)
    {
        ContiguousThrough = contiguousThrough;
        MaxSequence = Math.Max(maxSequence, contiguousThrough);
        _open = new List<GapRow>(openRows);
        _open.Sort((a, b) => a.From.CompareTo(b.From));
        _nowMs = nowMs;
        Recompute();
    }

    public long ContiguousThrough { get; private set; }

    public long MaxSequence { get; private set; }

    public int GapsOpened { get; private set; }

    public long SequencesEvicted { get; private set; }

    /// <summary>Rows to insert (Id null) or update (Dirty), including closed ones.</summary>
    public IEnumerable<GapRow> Changes
    {
        get
        {
            foreach (GapRow row in _written)
            {
                yield return row;
            }
            foreach (GapRow row in _open)
            {
                if (row.Id == null || row.Dirty)
                {
                    yield return row;
                }
            }
        }
    }

    /// <summary>Open missing ranges, lowest first.</summary>
    public List<SequenceRange> OpenMissing()
    {
        var ranges = new List<SequenceRange>();
        foreach (GapRow row in _open)
        {
            if (row.Reason == GapRow.Missing)
            {
                ranges.Add(new SequenceRange(row.From, row.To));
            }
        }
        return ranges;
    }

    /// <summary>First-seen time of the lowest open missing row, or null.</summary>
    public long? OldestOpenMissingFirstSeenMs()
    {
        foreach (GapRow row in _open)
        {
            if (row.Reason == GapRow.Missing)
            {
                return row.FirstSeenMs;
            }
        }
        return null;
    }

    /// <summary>Records sequences newly stored or settled; any order, duplicates allowed.</summary>
    public void Arrive(IEnumerable<long> sequences)
    {
        var sorted = new List<long>(sequences);
        sorted.Sort();
        long previous = long.MinValue;
        foreach (long sequence in sorted)
        {
            if (sequence != previous && sequence > 0)
            {
                ArriveOne(sequence);
            }
            previous = sequence;
        }
        Recompute();
    }

    /// <summary>Applies the device's floor: nothing below <paramref name="floor"/> will be sent again.</summary>
    public void ApplyFloor(long floor)
    {
        if (floor <= 1)
        {
            return;
        }
        long below = floor - 1;
        for (int i = 0; i < _open.Count; i++)
        {
            GapRow row = _open[i];
            if (row.Reason != GapRow.Missing || row.From > below)
            {
                continue;
            }
            if (row.To > below)
            {
                _open.Insert(i + 1, new GapRow { From = floor, To = row.To, FirstSeenMs = row.FirstSeenMs, Reason = GapRow.Missing });
                row.To = below;
            }
            row.Reason = GapRow.Evicted;
            row.Dirty = true;
            SequencesEvicted += row.To - row.From + 1;
        }
        if (below > MaxSequence)
        {
            _open.Add(new GapRow { From = MaxSequence + 1, To = below, FirstSeenMs = _nowMs, Reason = GapRow.Evicted });
            SequencesEvicted += below - MaxSequence;
            MaxSequence = below;
        }
        Recompute();
    }

    private void ArriveOne(long sequence)
    {
        if (sequence > MaxSequence)
        {
            if (sequence > MaxSequence + 1)
            {
                _open.Add(new GapRow { From = MaxSequence + 1, To = sequence - 1, FirstSeenMs = _nowMs, Reason = GapRow.Missing });
                GapsOpened++;
            }
            MaxSequence = sequence;
            return;
        }
        int index = Find(sequence);
        if (index < 0)
        {
            return; // already stored, settled before, or below everything tracked: a replay
        }
        GapRow row = _open[index];
        _open.RemoveAt(index);
        if (row.Id != null)
        {
            row.FilledMs = _nowMs;
            row.Dirty = true;
            _written.Add(row);
        }
        int at = index;
        if (row.From < sequence)
        {
            _open.Insert(at++, new GapRow { From = row.From, To = sequence - 1, FirstSeenMs = row.FirstSeenMs, Reason = row.Reason });
        }
        if (sequence < row.To)
        {
            _open.Insert(at, new GapRow { From = sequence + 1, To = row.To, FirstSeenMs = row.FirstSeenMs, Reason = row.Reason });
        }
    }

    private int Find(long sequence)
    {
        int low = 0;
        int high = _open.Count - 1;
        while (low <= high)
        {
            int mid = (low + high) >> 1;
            GapRow row = _open[mid];
            if (sequence < row.From)
            {
                high = mid - 1;
            }
            else if (sequence > row.To)
            {
                low = mid + 1;
            }
            else
            {
                return mid;
            }
        }
        return -1;
    }

    private void Recompute()
    {
        long contiguous = MaxSequence;
        foreach (GapRow row in _open)
        {
            if (row.Reason == GapRow.Missing)
            {
                contiguous = row.From - 1;
                break;
            }
        }
        // Never move backwards (e.g. a device state written by an older version without gap rows).
        ContiguousThrough = Math.Max(ContiguousThrough, contiguous);
    }
}
