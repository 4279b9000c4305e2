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

        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
    }
}
