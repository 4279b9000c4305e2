using BenchmarkDotNet.Running;

namespace CowCollections.Benchmarks;

/// <summary>Entry point: <c>dotnet run -c Release --project perf/CowCollections.Benchmarks -- --filter '*'</c>.</summary>
public static class Program
{
    public static void Main(string[] args)
    {
        if (args is ["retained"])
        {
            DictionaryBenchmarksRetained.Run(Console.Out);
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
