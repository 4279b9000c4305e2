using CowCollections.Linearizability;
using Xunit.Abstractions;
using SetHistory = CowCollections.Linearizability.HistoryBuilder<CowCollections.Linearizability.SetOp<int>, CowCollections.Linearizability.SetResult<int>>;

namespace CowCollections.Tests.Linearizability;

/// <summary>Hand-made set histories with a known verdict.</summary>
public class SetLinearizabilityTests(ITestOutputHelper output)
{
    [Fact]
    public void Overlapping_adds_of_one_element_where_one_wins_are_linearizable()
    {
        var history = new SetHistory()
            .Add(0, SetOps.Add(1), SetOps.Bool<int>(false), 0, 10)
            .Add(1, SetOps.Add(1), SetOps.Bool<int>(true), 5, 15)
            .Add(2, SetOps.Contains(1), SetOps.Bool<int>(true), 20, 30)
            .Add(2, SetOps.Add(2), SetOps.Bool<int>(true), 31, 32)
            .Build();

        var result = Check(history);
        Assert.Equal(CheckOutcome.Ok, result.Outcome);
        Assert.Equal(2, result.Partitions);
    }

    [Fact]
    public void A_lost_update_where_two_overlapping_adds_of_one_element_both_win_is_illegal()
    {
        var history = new SetHistory()
            .Add(0, SetOps.Add(1), SetOps.Bool<int>(true), 0, 10)
            .Add(1, SetOps.Add(1), SetOps.Bool<int>(true), 5, 15)
            .Build();

        Assert.Equal(CheckOutcome.Illegal, Check(history).Outcome);
    }

    [Fact]
    public void A_stale_contains_after_a_completed_remove_is_illegal()
    {
        var history = new SetHistory()
            .Add(0, SetOps.Add(1), SetOps.Bool<int>(true), 0, 10)
            .Add(0, SetOps.Remove(1), SetOps.Bool<int>(true), 11, 20)
            .Add(1, SetOps.Contains(1), SetOps.Bool<int>(true), 30, 40)
            .Build();

        Assert.Equal(CheckOutcome.Illegal, Check(history).Outcome);
    }

    [Fact]
    public void A_contains_that_sees_an_element_added_only_after_it_returned_is_illegal()
    {
        var history = new SetHistory()
            .Add(1, SetOps.Contains(3), SetOps.Bool<int>(true), 0, 5)
            .Add(0, SetOps.Add(3), SetOps.Bool<int>(true), 10, 20)
            .Build();

        Assert.Equal(CheckOutcome.Illegal, Check(history).Outcome);
    }

    [Fact]
    public void Counts_and_snapshots_check_the_whole_set_as_one_partition()
    {
        var legal = new SetHistory()
            .Add(0, SetOps.Add(1), SetOps.Bool<int>(true), 0, 10)
            .Add(1, SetOps.Add(2), SetOps.Bool<int>(true), 0, 10)
            .Add(2, SetOps.Count<int>(), SetOps.OfCount<int>(1), 2, 4)
            .Add(2, SetOps.Snapshot<int>(), SetOps.Items([2, 1]), 20, 30)
            .Build();
        var illegal = new SetHistory()
            .Add(0, SetOps.Add(1), SetOps.Bool<int>(true), 0, 10)
            .Add(1, SetOps.Add(2), SetOps.Bool<int>(true), 0, 10)
            .Add(2, SetOps.Count<int>(), SetOps.OfCount<int>(1), 20, 30)
            .Build();

        var ok = Check(legal);
        Assert.Equal(CheckOutcome.Ok, ok.Outcome);
        Assert.Equal(1, ok.Partitions);
        Assert.Equal(CheckOutcome.Illegal, Check(illegal).Outcome);
    }

    [Fact]
    public void A_pending_remove_may_take_effect_once_and_not_be_undone()
    {
        foreach (var (seen, legal) in new[] { (new[] { true, false }, true), (new[] { true, true }, true), (new[] { false, false }, true), (new[] { false, true }, false) })
        {
            var builder = new SetHistory()
                .Add(0, SetOps.Add(1), SetOps.Bool<int>(true), 0, 10)
                .Pending(0, SetOps.Remove(1), 11);
            for (int i = 0; i < seen.Length; i++)
            {
                builder.Add(1, SetOps.Contains(1), SetOps.Bool<int>(seen[i]), 20 + (10 * i), 25 + (10 * i));
            }

            Assert.Equal(legal ? CheckOutcome.Ok : CheckOutcome.Illegal, Check(builder.Build()).Outcome);
        }
    }

    private CheckResult<SetOp<int>, SetResult<int>> Check(History<SetOp<int>, SetResult<int>> history)
    {
        var result = LinearizabilityChecker.Check(new SetModel<int>(), history, new CheckOptions { Seed = "hand-made" });
        output.WriteLine(result.Report);
        return result;
    }
}
