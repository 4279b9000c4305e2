using System.Diagnostics;
using CowCollections.Linearizability;
using Xunit.Abstractions;
using RegisterHistory = CowCollections.Linearizability.HistoryBuilder<CowCollections.Linearizability.RegisterOp<int>, CowCollections.Linearizability.RegisterResult<int>>;

namespace CowCollections.Tests.Linearizability;

/// <summary>The checker's search, budget, shrinking and report, on register histories.</summary>
public class LinearizabilityCheckerTests(ITestOutputHelper output)
{
    private static readonly RegisterModel<int> Model = new(0);

    [Fact]
    public void An_empty_history_is_linearizable()
    {
        var result = LinearizabilityChecker.Check(Model, new RegisterHistory().Build());

        Assert.Equal(CheckOutcome.Ok, result.Outcome);
        result.ThrowIfNotOk();
    }

    [Fact]
    public void Operations_touching_in_time_count_as_concurrent()
    {
        // The read returns at the instant the write is invoked: either order is allowed.
        var history = new RegisterHistory()
            .Add(0, Register.Read<int>(), Register.Read(1), 0, 10)
            .Add(1, Register.Write(1), Register.Ok<int>(), 10, 20)
            .Build();

        Assert.Equal(CheckOutcome.Ok, LinearizabilityChecker.Check(Model, history).Outcome);
    }

    [Theory]
    [InlineData(3, true)]
    [InlineData(99, false)]
    public void Ten_fully_concurrent_writes_then_a_read_needs_backtracking_over_many_orders(int read, bool legal)
    {
        var builder = new RegisterHistory();
        for (int i = 0; i < 10; i++)
        {
            builder.Add(i, Register.Write(i), Register.Ok<int>(), 0, 100);
        }

        builder.Add(10, Register.Read<int>(), Register.Read(read), 200, 300);
        var result = LinearizabilityChecker.Check(Model, builder.Build(), new CheckOptions { Timeout = TimeSpan.FromSeconds(30) });
        output.WriteLine(result.Report);

        Assert.Equal(legal ? CheckOutcome.Ok : CheckOutcome.Illegal, result.Outcome);
    }

    [Fact]
    public void A_search_past_its_budget_times_out()
    {
        var builder = new RegisterHistory();
        for (int i = 0; i < 5000; i++)
        {
            builder.Add(0, Register.Write(i), Register.Ok<int>(), 2 * i, (2 * i) + 1);
        }

        var result = LinearizabilityChecker.Check(Model, builder.Build(), new CheckOptions { Timeout = TimeSpan.Zero, Seed = "42" });

        Assert.Equal(CheckOutcome.Timeout, result.Outcome);
        Assert.Contains("timed out after 0 s in partition 1 of 1 (5000 of 5000 operations", result.Report, StringComparison.Ordinal);
        Assert.Contains("seed: 42", result.Report, StringComparison.Ordinal);
        Assert.Throws<LinearizabilityException>(result.ThrowIfNotOk);
    }

    [Fact]
    public void A_failure_is_shrunk_and_reported_with_the_seed_the_prefix_and_the_stuck_operations()
    {
        var builder = new RegisterHistory();
        for (int i = 0; i < 40; i++)
        {
            builder.Add(i % 3, Register.Write(i), Register.Ok<int>(), 10 * i, (10 * i) + 15);
            builder.Add(3, Register.Read<int>(), Register.Read(i), (10 * i) + 16, (10 * i) + 17);
        }

        builder.Add(4, Register.Read<int>(), Register.Read(7), 1000, 1010);
        var history = builder.Build();

        var result = LinearizabilityChecker.Check(Model, history, new CheckOptions { Seed = "replay-1234" });
        output.WriteLine(result.Report);

        Assert.Equal(CheckOutcome.Illegal, result.Outcome);
        Assert.Equal(history.Count, result.FailingPartition!.Count);
        Assert.True(result.MinimalHistory!.Count <= 3, $"Shrunk to {result.MinimalHistory.Count} operations.");
        Assert.Contains(result.MinimalHistory.Operations, o => o.Id == history.Count - 1);
        Assert.Contains(result.CouldNotLinearize, o => o.Id == history.Count - 1);
        Assert.Contains("seed: replay-1234", result.Report, StringComparison.Ordinal);
        Assert.Contains("Replay seed: replay-1234", result.Report, StringComparison.Ordinal);
        Assert.Contains("the longest linearizable prefix found has 80 operations", result.Report, StringComparison.Ordinal);
        var thrown = Assert.Throws<LinearizabilityException>(result.ThrowIfNotOk);
        Assert.Equal(result.Report, thrown.Message);
    }

    [Fact]
    public void Without_shrinking_the_report_holds_the_whole_partition_and_its_longest_prefix()
    {
        var history = new RegisterHistory()
            .Add(0, Register.Write(1), Register.Ok<int>(), 0, 10)
            .Add(0, Register.Write(2), Register.Ok<int>(), 20, 30)
            .Add(1, Register.Read<int>(), Register.Read(2), 35, 40)
            .Add(1, Register.Read<int>(), Register.Read(1), 45, 50)
            .Build();

        var result = LinearizabilityChecker.Check(Model, history, new CheckOptions { Shrink = false });
        output.WriteLine(result.Report);

        Assert.Equal(CheckOutcome.Illegal, result.Outcome);
        Assert.Equal(4, result.MinimalHistory!.Count);
        Assert.Equal([0, 1, 2], result.LongestPrefix.Select(o => o.Id));
        Assert.Equal("2", result.StateAfterPrefix);
        Assert.Equal([3], result.CouldNotLinearize.Select(o => o.Id));
    }

    [Fact]
    public void Memoization_keeps_many_interchangeable_concurrent_operations_fast()
    {
        // 200 rounds of 4 overlapping writes of the same value, each round followed by a read: without the
        // cache the search would revisit 4! orders per round on every backtrack.
        var builder = new RegisterHistory();
        for (int r = 0; r < 200; r++)
        {
            long t = r * 100;
            for (int w = 0; w < 4; w++)
            {
                builder.Add(w, Register.Write(r % 2), Register.Ok<int>(), t, t + 50);
            }

            builder.Add(4, Register.Read<int>(), Register.Read(r % 2), t + 60, t + 70);
        }

        builder.Add(4, Register.Read<int>(), Register.Read(5), 100_000, 100_001);
        var stopwatch = Stopwatch.StartNew();
        var result = LinearizabilityChecker.Check(Model, builder.Build(), new CheckOptions { Shrink = false, Timeout = TimeSpan.FromSeconds(30) });
        output.WriteLine($"{result.Outcome} in {stopwatch.ElapsedMilliseconds} ms");

        Assert.Equal(CheckOutcome.Illegal, result.Outcome);
        Assert.Equal(1000, result.LongestPrefix.Count);
    }
}
