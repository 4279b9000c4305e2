using BenchmarkDotNet.Running;
using CowCollections.Benchmarks.List;

namespace CowCollections.Benchmarks;

/// <summary>
/// Entry point: <c>dotnet run -c Release --project perf/CowCollections.Benchmarks -- --filter '*'</c>.
/// <c>-- --list-memory</c> prints retained bytes per element of each list structure instead (see <see cref="ListMemoryReport"/>).
/// </summary>
public static class Program
{
    public static void Main(string[] args)
    {
        if (args.Contains(ListMemoryReport.Switch))
        {
            ListMemoryReport.Run(Console.Out);
            return;
        }

        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
    }
}
