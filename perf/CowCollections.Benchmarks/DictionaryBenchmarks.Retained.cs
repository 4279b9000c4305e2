using System.Collections.Frozen;
using System.Collections.Immutable;
using FSharpx.Collections;
using LanguageExt;

namespace CowCollections.Benchmarks;

/// <summary>
/// Retained bytes per <c>&lt;int,int&gt;</c> and <c>&lt;string,int&gt;</c> entry beyond key and value: the heap growth
/// (<see cref="GC.GetTotalMemory(bool)"/> after full collections) caused by building each map from a key
/// array that already exists. BenchmarkDotNet reports allocated, not retained, bytes, so this is a plain
/// measurement: <c>dotnet run -c Release --project perf/CowCollections.Benchmarks -- retained</c>.
/// </summary>
public static class DictionaryBenchmarksRetained
{
    private static readonly List<string> Csv = ["contender,size,bytes_per_element"];

    /// <summary>Prints the readings, and writes the <c>&lt;int,int&gt;</c> ones (bytes per entry, key and value included) to <c>retained-dictionary.csv</c> in <paramref name="csvDirectory"/>.</summary>
    public static void Run(TextWriter output, string csvDirectory)
    {
        Run<int>(output, "<int,int>", keyBytes: 4);
        Directory.CreateDirectory(csvDirectory);
        File.WriteAllLines(Path.Combine(csvDirectory, "retained-dictionary.csv"), Csv);

        // String keys already exist in the key array, so what a map retains for them is its references:
        // the overhead is counted beyond an 8-byte reference and a 4-byte value.
        Run<string>(output, "<string,int>", keyBytes: 8);
    }

    private static void Run<TKey>(TextWriter output, string label, int keyBytes)
        where TKey : notnull
    {
        foreach (int n in new[] { 1_000, 100_000, 1_000_000 })
        {
            var keys = DictionaryData<TKey>.Get(n).Keys;
            int payload = keyBytes + 4;
            output.WriteLine($"N = {n:N0}: retained bytes per {label} entry beyond key + value ({payload} B)");
            Report(output, "Dictionary", n, payload, () => keys.ToDictionary(k => k, _ => 1));
            Report(output, "FrozenDictionary", n, payload, () => keys.ToDictionary(k => k, _ => 1).ToFrozenDictionary());
            Report(output, "ImmutableDictionary", n, payload, () => keys.ToImmutableDictionary(k => k, _ => 1));
            Report(output, "LanguageExt HashMap", n, payload, () => Prelude.toHashMap(keys.Select(k => (k, 1))));
            Report(output, "FSharpx PersistentHashMap", n, payload, () => PersistentHashMap.ofSeq(keys.Select(k => Tuple.Create(k, 1))));
            Report(output, "PersistentDictionary (ToPersistentDictionary)", n, payload, () => keys.ToPersistentDictionary(k => k, _ => 1));
            Report(output, "PersistentDictionary (n adds)", n, payload, () =>
            {
                var d = PersistentDictionary<TKey, int>.Empty;
                foreach (var k in keys)
                {
                    d = d.SetItem(k, 1);
                }

                return d;
            });
        }
    }

    private static void Report(TextWriter output, string name, int n, int payload, Func<object> build)
    {
        long before = Settle();
        var map = build();
        long after = Settle();
        GC.KeepAlive(map);
        double perEntry = (double)(after - before) / n;
        if (payload == 8 && name.IndexOf('(') is int paren && !name.Contains("n adds", StringComparison.Ordinal))
        {
            string label = paren > 0 ? name[..paren].TrimEnd() : name;
            Csv.Add(FormattableString.Invariant($"{label}<int,int>,{n},{perEntry:F2}"));
        }

        output.WriteLine($"  {name,-46} {perEntry,7:F1} B/entry total, {perEntry - payload,7:F1} B overhead");
    }

    /// <summary>The heap size after full, compacting collections: what a retained-bytes reading subtracts.</summary>
    internal static long Settle()
    {
        for (int i = 0; i < 3; i++)
        {
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
            GC.WaitForPendingFinalizers();
        }

        return GC.GetTotalMemory(forceFullCollection: true);
    }
}
