using Microsoft.Coyote;
using Microsoft.Coyote.SystematicTesting;
using Xunit.Abstractions;

namespace CowCollections.Coyote;

/// <summary>Runs one Coyote exploration of a test body on the rewritten assemblies and reports what it found.</summary>
internal static class Explorer
{
    /// <summary>Explores <paramref name="iterations"/> schedules of <paramref name="test"/>; returns the bug reports (empty when none).</summary>
    public static IReadOnlyList<string> Explore(ITestOutputHelper output, Func<Task> test, uint iterations = 200)
    {
        var configuration = Configuration.Create()
            .WithTestingIterations(iterations)
            .WithMaxSchedulingSteps(5000)
            .WithRandomGeneratorSeed(20261127);
        using var engine = TestingEngine.Create(configuration, test);
        engine.Run();
        var report = engine.TestReport;
        output.WriteLine($"Coyote explored {report.NumOfExploredFairPaths + report.NumOfExploredUnfairPaths} schedules; bugs found: {report.NumOfFoundBugs}");
        foreach (var bug in report.BugReports)
        {
            output.WriteLine($"Coyote bug: {bug}");
        }

        return report.BugReports.ToList();
    }

    /// <summary>Asserts that no schedule breaks the test.</summary>
    public static void AssertNoBug(ITestOutputHelper output, Func<Task> test, uint iterations = 200)
    {
        var bugs = Explore(output, test, iterations);
        Assert.True(bugs.Count == 0, "Coyote found a bug: " + string.Join(" | ", bugs));
    }

    /// <summary>Asserts that some schedule breaks the test, with a report containing <paramref name="expected"/>.</summary>
    public static void AssertFindsBug(ITestOutputHelper output, Func<Task> test, string expected, uint iterations = 200)
    {
        var bugs = Explore(output, test, iterations);
        Assert.True(bugs.Count > 0, "Coyote found no bug in the deliberately broken double");
        Assert.Contains(bugs, b => b.Contains(expected, StringComparison.Ordinal));
    }
}
