using System.Linq;
using Gateway.Ingest.Storage;
using Xunit;

namespace Gateway.Ingest.Tests.Storage;

public class SequenceTrackerTests
{
    [Fact]
    public void Contiguous_sequence_follows_arrivals_in_any_order()
    {
        var tracker = new SequenceTracker(0, 0, Enumerable.Empty<GapRow>(), 1000);

        tracker.Arrive(new long[] { 3, 1, 5 });
        Assert.Equal((1L, 5L), (tracker.ContiguousThrough, tracker.MaxSequence));
        Assert.Equal(new[] { new SequenceRange(2, 2), new SequenceRange(4, 4) }, tracker.OpenMissing());

        tracker.Arrive(new long[] { 2, 2, 4 });
        Assert.Equal(5, tracker.ContiguousThrough);
        Assert.Empty(tracker.OpenMissing());
        Assert.Empty(tracker.Changes); // gaps opened and filled within one batch leave no rows
    }

    [Fact]
    public void Filling_the_middle_of_a_stored_gap_closes_its_row_and_keeps_the_rest_with_the_first_seen_time()
    {
        var row = new GapRow { Id = 7, From = 10, To = 20, FirstSeenMs = 500, Reason = GapRow.Missing };
        var tracker = new SequenceTracker(9, 25, new[] { row }, 1000);

        tracker.Arrive(new long[] { 15 });

        Assert.Equal(1000, row.FilledMs);
        Assert.Equal((10L, 20L), (row.From, row.To));
        Assert.Equal(new[] { new SequenceRange(10, 14), new SequenceRange(16, 20) }, tracker.OpenMissing());
        Assert.Equal(500, tracker.OldestOpenMissingFirstSeenMs());
        Assert.Equal(3, tracker.Changes.Count());
    }

    [Fact]
    public void Floor_turns_missing_rows_below_it_into_evicted_and_cuts_a_straddling_one()
    {
        var low = new GapRow { Id = 1, From = 3, To = 4, FirstSeenMs = 100, Reason = GapRow.Missing };
        var straddling = new GapRow { Id = 2, From = 6, To = 9, FirstSeenMs = 200, Reason = GapRow.Missing };
        var tracker = new SequenceTracker(2, 12, new[] { low, straddling }, 1000);

        tracker.ApplyFloor(8);

        Assert.Equal(GapRow.Evicted, low.Reason);
        Assert.Equal((6L, 7L, GapRow.Evicted), (straddling.From, straddling.To, straddling.Reason));
        Assert.Equal(new[] { new SequenceRange(8, 9) }, tracker.OpenMissing());
        Assert.Equal(7, tracker.ContiguousThrough);
        Assert.Equal(4, tracker.SequencesEvicted);
    }

    [Fact]
    public void Contiguous_sequence_never_moves_backwards()
    {
        var tracker = new SequenceTracker(50, 40, Enumerable.Empty<GapRow>(), 0);
        tracker.Arrive(new long[] { 10 });
        Assert.Equal(50, tracker.ContiguousThrough);
    }
}
