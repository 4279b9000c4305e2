using CowCollections.Linearizability;
using Xunit.Abstractions;
using ListHistory = CowCollections.Linearizability.HistoryBuilder<CowCollections.Linearizability.ListOp<int>, CowCollections.Linearizability.ListResult<int>>;

namespace CowCollections.Tests.Linearizability;

/// <summary>Hand-made list histories with a known verdict.</summary>
public class ListLinearizabilityTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData(new[] { 1, 2 })]
    [InlineData(new[] { 2, 1 })]
    public void Overlapping_adds_may_land_in_either_order(int[] seen)
    {
        var history = new ListHistory()
            .Add(0, ListOps.Add(1), ListOps.Done<int>(), 0, 10)
            .Add(1, ListOps.Add(2), ListOps.Done<int>(), 2, 12)
            .Add(2, ListOps.Snapshot<int>(), ListOps.Items(seen), 20, 30)
            .Add(2, ListOps.Count<int>(), ListOps.OfCount<int>(2), 31, 32)
            .Add(2, ListOps.Get<int>(0), ListOps.Value(seen[0]), 33, 34)
            .Build();

        AssertOutcome(CheckOutcome.Ok, new ListModel<int>(), history);
    }

    [Fact]
    public void A_snapshot_missing_a_completed_add_is_illegal()
    {
        var history = new ListHistory()
            .Add(0, ListOps.Add(1), ListOps.Done<int>(), 0, 10)
            .Add(1, ListOps.Snapshot<int>(), ListOps.Items<int>([]), 20, 30)
            .Build();

        AssertOutcome(CheckOutcome.Illegal, new ListModel<int>(), history);
    }

    [Fact]
    public void A_lost_update_where_two_overlapping_adds_leave_one_element_is_illegal()
    {
        var history = new ListHistory()
            .Add(0, ListOps.Add(1), ListOps.Done<int>(), 0, 10)
            .Add(1, ListOps.Add(2), ListOps.Done<int>(), 2, 12)
            .Add(2, ListOps.Snapshot<int>(), ListOps.Items([2]), 20, 30)
            .Build();

        AssertOutcome(CheckOutcome.Illegal, new ListModel<int>(), history);
    }

    [Fact]
    public void A_snapshot_holding_an_element_added_only_after_it_returned_is_illegal()
    {
        var history = new ListHistory()
            .Add(1, ListOps.Snapshot<int>(), ListOps.Items([1]), 0, 5)
            .Add(0, ListOps.Add(1), ListOps.Done<int>(), 10, 20)
            .Build();

        AssertOutcome(CheckOutcome.Illegal, new ListModel<int>(), history);
    }

    [Fact]
    public void A_stale_indexer_read_after_a_completed_set_is_illegal()
    {
        var history = new ListHistory()
            .Add(0, ListOps.Set(0, 7), ListOps.Done<int>(), 0, 10)
            .Add(1, ListOps.Get<int>(0), ListOps.Value(5), 20, 30)
            .Build();

        AssertOutcome(CheckOutcome.Illegal, new ListModel<int>([5]), history);
        AssertOutcome(CheckOutcome.Ok, new ListModel<int>([5]), new ListHistory()
            .Add(0, ListOps.Set(0, 7), ListOps.Done<int>(), 0, 10)
            .Add(1, ListOps.Get<int>(0), ListOps.Value(5), 5, 30)
            .Build());
    }

    [Fact]
    public void Out_of_range_indexes_must_be_reported_and_change_nothing()
    {
        var legal = new ListHistory()
            .Add(0, ListOps.RemoveAt<int>(0), ListOps.OutOfRange<int>(), 0, 10)
            .Add(0, ListOps.Insert(2, 9), ListOps.OutOfRange<int>(), 11, 12)
            .Add(0, ListOps.Count<int>(), ListOps.OfCount<int>(0), 13, 14)
            .Build();
        var illegal = new ListHistory()
            .Add(0, ListOps.RemoveAt<int>(0), ListOps.Done<int>(), 0, 10)
            .Build();

        AssertOutcome(CheckOutcome.Ok, new ListModel<int>(), legal);
        AssertOutcome(CheckOutcome.Illegal, new ListModel<int>(), illegal);
    }

    [Fact]
    public void A_count_concurrent_with_a_clear_sees_before_or_after_but_not_after_it_completed()
    {
        var model = new ListModel<int>([1, 2]);
        var legal = new ListHistory()
            .Add(0, ListOps.Clear<int>(), ListOps.Done<int>(), 0, 10)
            .Add(1, ListOps.Count<int>(), ListOps.OfCount<int>(2), 5, 8)
            .Add(1, ListOps.Count<int>(), ListOps.OfCount<int>(0), 12, 14)
            .Build();
        var illegal = new ListHistory()
            .Add(0, ListOps.Clear<int>(), ListOps.Done<int>(), 0, 10)
            .Add(1, ListOps.Count<int>(), ListOps.OfCount<int>(2), 12, 14)
            .Build();

        AssertOutcome(CheckOutcome.Ok, model, legal);
        AssertOutcome(CheckOutcome.Illegal, model, illegal);
    }

    [Fact]
    public void An_insert_and_a_remove_at_concurrent_with_reads_order_consistently()
    {
        // [1, 2]: Insert(0, 9) overlaps RemoveAt(1). Reads after both see [9, 1] (remove first) or [9, 2] (insert first).
        var model = new ListModel<int>([1, 2]);
        foreach (var (final, legal) in new[] { (new[] { 9, 1 }, true), (new[] { 9, 2 }, true), (new[] { 1, 2 }, false), (new[] { 9 }, false) })
        {
            var history = new ListHistory()
                .Add(0, ListOps.Insert(0, 9), ListOps.Done<int>(), 0, 10)
                .Add(1, ListOps.RemoveAt<int>(1), ListOps.Done<int>(), 3, 13)
                .Add(2, ListOps.Snapshot<int>(), ListOps.Items(final), 20, 30)
                .Build();
            AssertOutcome(legal ? CheckOutcome.Ok : CheckOutcome.Illegal, model, history);
        }
    }

    [Fact]
    public void A_pending_add_may_appear_in_a_later_snapshot_or_not()
    {
        foreach (var (seen, legal) in new[] { (new int[0], true), (new[] { 4 }, true), (new[] { 4, 4 }, false) })
        {
            var history = new ListHistory()
                .Pending(0, ListOps.Add(4), 0)
                .Add(1, ListOps.Snapshot<int>(), ListOps.Items(seen), 10, 20)
                .Build();
            AssertOutcome(legal ? CheckOutcome.Ok : CheckOutcome.Illegal, new ListModel<int>(), history);
        }
    }

    private void AssertOutcome(CheckOutcome expected, ListModel<int> model, History<ListOp<int>, ListResult<int>> history)
    {
        var result = LinearizabilityChecker.Check(model, history, new CheckOptions { Seed = "hand-made" });
        output.WriteLine(result.Report);
        Assert.True(result.Outcome == expected, $"Expected {expected}, got {result.Outcome}:{Environment.NewLine}{result.Report}");
    }
}
