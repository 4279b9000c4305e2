using CowCollections.Linearizability;
using Xunit.Abstractions;
using DictionaryHistory = CowCollections.Linearizability.HistoryBuilder<CowCollections.Linearizability.DictionaryOp<string, int>, CowCollections.Linearizability.DictionaryResult<string, int>>;

namespace CowCollections.Tests.Linearizability;

/// <summary>Hand-made dictionary histories with a known verdict, checked per key and whole.</summary>
public class DictionaryLinearizabilityTests(ITestOutputHelper output)
{
    private static DictionaryHistory TwoKeys() => new DictionaryHistory()
        .Add(0, DictionaryOps.Set("a", 1), DictionaryOps.Done<string, int>(), 0, 10)
        .Add(1, DictionaryOps.Set("b", 2), DictionaryOps.Done<string, int>(), 2, 12)
        .Add(2, DictionaryOps.TryGet<string, int>("a"), DictionaryOps.Value<string, int>(1), 5, 15)
        .Add(3, DictionaryOps.ContainsKey<string, int>("b"), DictionaryOps.Found<string, int>(false), 1, 3)
        .Add(0, DictionaryOps.Remove<string, int>("a"), DictionaryOps.Found<string, int>(true), 20, 30)
        .Add(1, DictionaryOps.TryGet<string, int>("b"), DictionaryOps.Value<string, int>(2), 20, 30);

    [Fact]
    public void A_history_of_single_key_operations_is_checked_one_key_at_a_time()
    {
        var history = TwoKeys().Build();

        var keyed = Check(new DictionaryModel<string, int>(), history);
        var whole = Check(new DictionaryModel<string, int>(partitionByKey: false), history);

        Assert.Equal(CheckOutcome.Ok, keyed.Outcome);
        Assert.Equal(2, keyed.Partitions);
        Assert.Equal(CheckOutcome.Ok, whole.Outcome);
        Assert.Equal(1, whole.Partitions);
    }

    [Fact]
    public void A_snapshot_or_count_makes_the_history_one_partition()
    {
        var history = TwoKeys()
            .Add(2, DictionaryOps.Snapshot<string, int>(), DictionaryOps.Items<string, int>([new("b", 2)]), 31, 32)
            .Add(2, DictionaryOps.Count<string, int>(), DictionaryOps.OfCount<string, int>(1), 33, 34)
            .Build();

        var result = Check(new DictionaryModel<string, int>(), history);

        Assert.Equal(CheckOutcome.Ok, result.Outcome);
        Assert.Equal(1, result.Partitions);
    }

    [Fact]
    public void A_snapshot_compares_entries_in_any_order_and_must_be_complete()
    {
        var baseHistory = new DictionaryHistory()
            .Add(0, DictionaryOps.Set("a", 1), DictionaryOps.Done<string, int>(), 0, 10)
            .Add(1, DictionaryOps.Set("b", 2), DictionaryOps.Done<string, int>(), 0, 10);

        var legal = Check(new DictionaryModel<string, int>(), baseHistory.Build().Operations
            .Append(new Operation<DictionaryOp<string, int>, DictionaryResult<string, int>>(2, 2, DictionaryOps.Snapshot<string, int>(), DictionaryOps.Items<string, int>([new("b", 2), new("a", 1)]), 20, 30))
            .ToHistory());
        var illegal = Check(new DictionaryModel<string, int>(), baseHistory.Build().Operations
            .Append(new Operation<DictionaryOp<string, int>, DictionaryResult<string, int>>(2, 2, DictionaryOps.Snapshot<string, int>(), DictionaryOps.Items<string, int>([new("b", 2)]), 20, 30))
            .ToHistory());

        Assert.Equal(CheckOutcome.Ok, legal.Outcome);
        Assert.Equal(CheckOutcome.Illegal, illegal.Outcome);
    }

    [Fact]
    public void A_stale_lookup_after_a_completed_set_is_illegal_and_the_report_names_only_its_key()
    {
        var history = TwoKeys()
            .Add(2, DictionaryOps.TryGet<string, int>("a"), DictionaryOps.Value<string, int>(1), 40, 50)
            .Build();

        var result = Check(new DictionaryModel<string, int>(), history);

        Assert.Equal(CheckOutcome.Illegal, result.Outcome);
        Assert.All(result.FailingPartition!.Operations, o => Assert.Equal("a", o.Input.Key));
        Assert.Contains(result.MinimalHistory!.Operations, o => o.Id == 6);
        Assert.Equal(CheckOutcome.Illegal, Check(new DictionaryModel<string, int>(partitionByKey: false), history).Outcome);
    }

    [Fact]
    public void A_lookup_of_a_value_set_only_after_it_returned_is_illegal()
    {
        var history = new DictionaryHistory()
            .Add(0, DictionaryOps.TryGet<string, int>("k"), DictionaryOps.Value<string, int>(3), 0, 5)
            .Add(1, DictionaryOps.Set("k", 3), DictionaryOps.Done<string, int>(), 10, 20)
            .Build();

        Assert.Equal(CheckOutcome.Illegal, Check(new DictionaryModel<string, int>(), history).Outcome);
    }

    [Fact]
    public void A_lost_update_where_two_overlapping_removes_both_find_the_key_is_illegal()
    {
        var history = new DictionaryHistory()
            .Add(0, DictionaryOps.Set("k", 1), DictionaryOps.Done<string, int>(), 0, 5)
            .Add(1, DictionaryOps.Remove<string, int>("k"), DictionaryOps.Found<string, int>(true), 10, 20)
            .Add(2, DictionaryOps.Remove<string, int>("k"), DictionaryOps.Found<string, int>(true), 12, 22)
            .Build();
        var legal = new DictionaryHistory()
            .Add(0, DictionaryOps.Set("k", 1), DictionaryOps.Done<string, int>(), 0, 5)
            .Add(1, DictionaryOps.Remove<string, int>("k"), DictionaryOps.Found<string, int>(false), 10, 20)
            .Add(2, DictionaryOps.Remove<string, int>("k"), DictionaryOps.Found<string, int>(true), 12, 22)
            .Build();

        Assert.Equal(CheckOutcome.Illegal, Check(new DictionaryModel<string, int>(), history).Outcome);
        Assert.Equal(CheckOutcome.Ok, Check(new DictionaryModel<string, int>(), legal).Outcome);
    }

    [Fact]
    public void A_pending_set_in_one_partition_may_be_seen_there()
    {
        var history = new DictionaryHistory()
            .Pending(0, DictionaryOps.Set("a", 9), 0)
            .Add(1, DictionaryOps.Set("b", 1), DictionaryOps.Done<string, int>(), 0, 5)
            .Add(1, DictionaryOps.TryGet<string, int>("a"), DictionaryOps.Value<string, int>(9), 10, 20)
            .Add(1, DictionaryOps.TryGet<string, int>("b"), DictionaryOps.Value<string, int>(1), 10, 20)
            .Build();

        var result = Check(new DictionaryModel<string, int>(), history);

        Assert.Equal(CheckOutcome.Ok, result.Outcome);
        Assert.Equal(2, result.Partitions);
    }

    private CheckResult<DictionaryOp<string, int>, DictionaryResult<string, int>> Check(DictionaryModel<string, int> model, History<DictionaryOp<string, int>, DictionaryResult<string, int>> history)
    {
        var result = LinearizabilityChecker.Check(model, history, new CheckOptions { Seed = "hand-made" });
        output.WriteLine(result.Report);
        return result;
    }
}

internal static class HistoryExtensions
{
    public static History<TInput, TOutput> ToHistory<TInput, TOutput>(this IEnumerable<Operation<TInput, TOutput>> operations) => new(operations);
}
