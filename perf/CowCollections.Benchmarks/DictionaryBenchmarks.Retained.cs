using System.Collections.Frozen;
using System.Collections.Immutable;
using FSharpx.Collections;
using LanguageExt;

namespace CowCollections.Benchmarks;

/// <summary>
/// Retained bytes per <c>&lt;int,int&gt;</c> entry beyond the 8 bytes of key and value: the heap growth
/// (<see cref="GC.GetTotalMemory(bool)"/> after full collections) caused by building each map from a key
/// array that already exists. BenchmarkDotNet reports allocated, not retained, bytes, so this is a plain
/// measurement: <c>dotnet run -c Release --project perf/CowCollections.Benchmarks -- retained</c>.
/// </summary>
public static class DictionaryBenchmarksRetained
{
    public static void Run(TextWriter output)
    {
        foreach (int n in new[] { 1_000, 100_000, 1_000_000 })
        {
            var keys = DictionaryData<int>.Get(n).Keys;
            output.WriteLine($"N = {n:N0}: retained bytes per <int,int> entry beyond key + value (8 B)");
            Report(output, "Dictionary", n, () => keys.ToDictionary(k => k, _ => 1));
            Report(output, "FrozenDictionary", n, () => keys.ToDictionary(k => k, _ => 1).ToFrozenDictionary());
            Report(output, "ImmutableDictionary", n, () => keys.ToImmutableDictionary(k => k, _ => 1));
            Report(output, "LanguageExt HashMap", n, () => Prelude.toHashMap(keys.Select(k => (k, 1))));
            Report(output, "FSharpx PersistentHashMap", n, () => PersistentHashMap.ofSeq(keys.Select(k => Tuple.Create(k, 1))));
            Report(output, "PersistentDictionary (builder)", n, () => keys.ToPersistentDictionary(k => k, _ => 1));
            Report(output, "PersistentDictionary (n adds)", n, () =>
            {
                var d = PersistentDictionary<int, int>.Empty;
                foreach (var k in keys)
                {
                    d = d.SetItem(k, 1);
                }

                return d;
            });
        }
    }

    private static void Report(TextWriter output, string name, int n, Func<object> build)
    {
        long before = Settle();
        var map = build();
        long after = Settle();
        GC.KeepAlive(map);
        double perEntry = (double)(after - before) / n;
        output.WriteLine($"  {name,-32} {perEntry,7:F1} B/entry total, {perEntry - 8,7:F1} B overhead");
    }

    private static long Settle()
    {
        for (int i = 0; i < 3; i++)
        {
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
            GC.WaitForPendingFinalizers();
        }

        return GC.GetTotalMemory(forceFullCollection: true);
    }
}
