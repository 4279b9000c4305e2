using CowCollections.Linearizability;
using Xunit.Abstractions;
using RegisterHistory = CowCollections.Linearizability.HistoryBuilder<CowCollections.Linearizability.RegisterOp<int>, CowCollections.Linearizability.RegisterResult<int>>;

namespace CowCollections.Tests.Linearizability;

/// <summary>Hand-made register histories with a known verdict (the register starts at 0).</summary>
public class RegisterLinearizabilityTests(ITestOutputHelper output)
{
    private static readonly RegisterModel<int> Model = new(0);

    [Fact]
    public void Overlapping_writes_and_reads_that_can_be_ordered_are_linearizable()
    {
        var history = new RegisterHistory()
            .Add(0, Register.Write(1), Register.Ok<int>(), 0, 10)
            .Add(1, Register.Write(2), Register.Ok<int>(), 5, 15)
            .Add(2, Register.Read<int>(), Register.Read(2), 6, 8)
            .Add(3, Register.Read<int>(), Register.Read(1), 16, 25)
            .Build();

        AssertOutcome(CheckOutcome.Ok, history);
    }

    [Fact]
    public void A_read_of_a_value_written_only_after_the_read_returned_is_illegal()
    {
        var history = new RegisterHistory()
            .Add(0, Register.Read<int>(), Register.Read(1), 0, 5)
            .Add(1, Register.Write(1), Register.Ok<int>(), 10, 20)
            .Build();

        AssertOutcome(CheckOutcome.Illegal, history);
    }

    [Fact]
    public void A_stale_read_after_a_completed_write_is_illegal()
    {
        var history = new RegisterHistory()
            .Add(0, Register.Write(1), Register.Ok<int>(), 0, 10)
            .Add(1, Register.Read<int>(), Register.Read(0), 20, 30)
            .Build();

        var result = AssertOutcome(CheckOutcome.Illegal, history);
        Assert.Contains("Read() -> 0", result.Report, StringComparison.Ordinal);
    }

    [Fact]
    public void A_read_concurrent_with_a_write_may_see_either_value()
    {
        foreach (int seen in new[] { 0, 1 })
        {
            var history = new RegisterHistory()
                .Add(0, Register.Write(1), Register.Ok<int>(), 0, 10)
                .Add(1, Register.Read<int>(), Register.Read(seen), 5, 15)
                .Build();
            AssertOutcome(CheckOutcome.Ok, history);
        }
    }

    [Fact]
    public void Two_reads_that_see_a_concurrent_write_out_of_order_are_illegal()
    {
        // The second read starts after the first returned the new value, so it cannot see the old one.
        var history = new RegisterHistory()
            .Add(0, Register.Write(1), Register.Ok<int>(), 0, 100)
            .Add(1, Register.Read<int>(), Register.Read(1), 10, 20)
            .Add(2, Register.Read<int>(), Register.Read(0), 30, 40)
            .Build();

        AssertOutcome(CheckOutcome.Illegal, history);
    }

    [Fact]
    public void A_lost_update_where_two_overlapping_compare_and_sets_from_the_same_value_both_succeed_is_illegal()
    {
        var history = new RegisterHistory()
            .Add(0, Register.Cas(0, 1), Register.Cas<int>(true), 0, 10)
            .Add(1, Register.Cas(0, 2), Register.Cas<int>(true), 5, 15)
            .Add(2, Register.Read<int>(), Register.Read(2), 20, 30)
            .Build();

        AssertOutcome(CheckOutcome.Illegal, history);
    }

    [Fact]
    public void Overlapping_compare_and_sets_where_one_wins_are_linearizable()
    {
        var history = new RegisterHistory()
            .Add(0, Register.Cas(0, 1), Register.Cas<int>(false), 0, 10)
            .Add(1, Register.Cas(0, 2), Register.Cas<int>(true), 5, 15)
            .Add(2, Register.Cas(2, 3), Register.Cas<int>(true), 12, 30)
            .Add(3, Register.Read<int>(), Register.Read(3), 31, 32)
            .Build();

        AssertOutcome(CheckOutcome.Ok, history);
    }

    [Fact]
    public void A_pending_write_may_take_effect_after_it_was_invoked()
    {
        var history = new RegisterHistory()
            .Pending(0, Register.Write(1), 0)
            .Add(1, Register.Read<int>(), Register.Read(0), 10, 20)
            .Add(1, Register.Read<int>(), Register.Read(1), 30, 40)
            .Build();

        AssertOutcome(CheckOutcome.Ok, history);
    }

    [Fact]
    public void A_pending_write_may_never_take_effect()
    {
        var history = new RegisterHistory()
            .Pending(0, Register.Write(1), 0)
            .Add(1, Register.Read<int>(), Register.Read(0), 10, 20)
            .Add(1, Register.Read<int>(), Register.Read(0), 30, 40)
            .Build();

        AssertOutcome(CheckOutcome.Ok, history);
    }

    [Fact]
    public void A_pending_write_that_took_effect_cannot_be_undone()
    {
        var history = new RegisterHistory()
            .Pending(0, Register.Write(1), 0)
            .Add(1, Register.Read<int>(), Register.Read(1), 10, 20)
            .Add(1, Register.Read<int>(), Register.Read(0), 30, 40)
            .Build();

        AssertOutcome(CheckOutcome.Illegal, history);
    }

    [Fact]
    public void A_pending_write_invoked_after_a_read_returned_cannot_explain_it()
    {
        var history = new RegisterHistory()
            .Add(1, Register.Read<int>(), Register.Read(1), 0, 5)
            .Pending(0, Register.Write(1), 10)
            .Build();

        AssertOutcome(CheckOutcome.Illegal, history);
    }

    [Fact]
    public void A_pending_compare_and_set_takes_effect_only_when_it_would_succeed()
    {
        var legal = new RegisterHistory()
            .Pending(0, Register.Cas(0, 5), 0)
            .Add(1, Register.Read<int>(), Register.Read(5), 10, 20)
            .Build();
        var illegal = new RegisterHistory()
            .Add(1, Register.Write(3), Register.Ok<int>(), 0, 5)
            .Pending(0, Register.Cas(0, 5), 10)
            .Add(1, Register.Read<int>(), Register.Read(5), 20, 30)
            .Build();

        AssertOutcome(CheckOutcome.Ok, legal);
        AssertOutcome(CheckOutcome.Illegal, illegal);
    }

    private CheckResult<RegisterOp<int>, RegisterResult<int>> AssertOutcome(CheckOutcome expected, History<RegisterOp<int>, RegisterResult<int>> history)
    {
        var result = LinearizabilityChecker.Check(Model, history, new CheckOptions { Seed = "hand-made" });
        output.WriteLine(result.Report);
        Assert.True(result.Outcome == expected, $"Expected {expected}, got {result.Outcome}:{Environment.NewLine}{result.Report}");
        return result;
    }
}
