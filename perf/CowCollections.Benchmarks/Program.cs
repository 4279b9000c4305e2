using BenchmarkDotNet.Running;
using CowCollections.Benchmarks.List;

namespace CowCollections.Benchmarks;

/// <summary>
/// Entry point: <c>dotnet run -c Release --project perf/CowCollections.Benchmarks -- --filter '*'</c>.
/// <c>-- --list-memory</c> prints retained bytes per element of each list structure instead (see <see cref="ListMemoryReport"/>);
/// <c>-- layouts-retained</c> prints the node-layout lab's retained bytes (see <see cref="ChampLayout.LayoutData"/>);
/// <c>-- retained</c> and <c>-- interleaved</c> print the dictionary's and the set's retained bytes (<c>-- retained sets</c>: the set's only) and a round-robin comparison of the dictionaries.
/// </summary>
public static class Program
{
    /// <summary>Where the retained-bytes reports write their CSV, beside BenchmarkDotNet's own exports (read by <c>perf/CowCollections.Charts</c>).</summary>
    private static string RetainedCsvDirectory => Path.Combine("BenchmarkDotNet.Artifacts", "results");

    public static void Main(string[] args)
    {
        if (args.Contains(ListMemoryReport.Switch))
        {
            ListMemoryReport.Run(Console.Out, RetainedCsvDirectory);
            return;
        }

        if (args is ["retained"])
        {
            DictionaryBenchmarksRetained.Run(Console.Out, RetainedCsvDirectory);
            SetBenchmarksRetained.Run(Console.Out, RetainedCsvDirectory);
            return;
        }

        if (args is ["retained", "sets"])
        {
            SetBenchmarksRetained.Run(Console.Out, RetainedCsvDirectory);
            return;
        }

        if (args is ["layouts-retained"])
        {
            ChampLayout.LayoutData.ReportRetained(Console.Out);
            return;
        }

        if (args is ["interleaved"])
        {
            foreach (int n in new[] { 1_000, 100_000, 1_000_000 })
            {
                DictionaryBenchmarksInterleaved.Run(Console.Out, n);
            }

            return;
        }

        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
    }
}
