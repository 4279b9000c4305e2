using BenchmarkDotNet.Attributes;

namespace CowCollections.Benchmarks.ChampLayout;

/// <summary>The maps of one size built in each lab layout from the dictionary suites' int keys.</summary>
public sealed class LayoutData
{
    private static LayoutData? s_current;

    private LayoutData(int n)
    {
        Data = DictionaryData<int>.Get(n);
        var union = UnionLayout<int, int>.Empty;
        var inline = InlineLayout<int, int>.Empty;
        foreach (int key in Data.Keys)
        {
            union = UnionLayout<int, int>.Set(union, key, 1);
            inline = InlineLayout<int, int>.Set(inline, key, 1);
        }

        Union = union;
        Inline = inline;
        foreach (int key in Data.Keys)
        {
            if (!UnionLayout<int, int>.TryGet(union, key, out _) || !InlineLayout<int, int>.TryGet(inline, key, out _))
            {
                throw new InvalidOperationException($"lab layout lost key {key}");
            }
        }
    }

    public DictionaryData<int> Data { get; }

    public UnionLayout<int, int>.Slot[] Union { get; }

    public InlineLayout<int, int>.Node Inline { get; }

    public static LayoutData Get(int n) => s_current?.Data.Count == n ? s_current : s_current = new LayoutData(n);

    /// <summary>Retained bytes per entry of each lab layout, beyond key and value (8 B), as the retained report measures them.</summary>
    public static void ReportRetained(TextWriter output)
    {
        foreach (int n in new[] { 1_000, 100_000, 1_000_000 })
        {
            var keys = DictionaryData<int>.Get(n).Keys;
            output.WriteLine($"N = {n:N0}: retained bytes per <int,int> entry beyond key + value (8 B)");
            Report(output, "current (node + entry array + node array)", n, () => keys.ToPersistentDictionary(k => k, _ => 1));
            Report(output, "one array per node (union slots)", n, () =>
            {
                var node = UnionLayout<int, int>.Empty;
                foreach (int k in keys)
                {
                    node = UnionLayout<int, int>.Set(node, k, 1);
                }

                return node;
            });
            Report(output, "entries inline in the node + node array", n, () =>
            {
                var node = InlineLayout<int, int>.Empty;
                foreach (int k in keys)
                {
                    node = InlineLayout<int, int>.Set(node, k, 1);
                }

                return node;
            });
        }
    }

    private static void Report(TextWriter output, string name, int n, Func<object> build)
    {
        long before = DictionaryBenchmarksRetained.Settle();
        var map = build();
        long after = DictionaryBenchmarksRetained.Settle();
        GC.KeepAlive(map);
        output.WriteLine($"  {name,-44} {((double)(after - before) / n) - 8,7:F1} B overhead");
    }
}

/// <summary>
/// Node-layout lab: lookup hits (1,024 random present keys) in the engine's current layout and in two candidate
/// layouts built from the same int keys, with <c>Dictionary</c> as the baseline. Time is per lookup.
/// </summary>
public class ChampLayoutLookupBenchmarks
{
    private LayoutData _lab = null!;

    [ParamsSource(typeof(BenchSizes), nameof(BenchSizes.Standard))]
    public int N { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _lab = LayoutData.Get(N);
        _ = _lab.Data.Dictionary;
        _ = _lab.Data.Persistent;
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = DictionaryData<int>.Probes)]
    public int Dictionary()
    {
        var map = _lab.Data.Dictionary;
        int sum = 0;
        foreach (int key in _lab.Data.Hits)
        {
            sum += map[key];
        }

        return sum;
    }

    [Benchmark(OperationsPerInvoke = DictionaryData<int>.Probes)]
    public int Current()
    {
        var map = _lab.Data.Persistent;
        int sum = 0;
        foreach (int key in _lab.Data.Hits)
        {
            sum += map[key];
        }

        return sum;
    }

    [Benchmark(OperationsPerInvoke = DictionaryData<int>.Probes)]
    public int UnionArray()
    {
        var map = _lab.Union;
        int sum = 0;
        foreach (int key in _lab.Data.Hits)
        {
            UnionLayout<int, int>.TryGet(map, key, out int value);
            sum += value;
        }

        return sum;
    }

    [Benchmark(OperationsPerInvoke = DictionaryData<int>.Probes)]
    public int InlineEntries()
    {
        var map = _lab.Inline;
        int sum = 0;
        foreach (int key in _lab.Data.Hits)
        {
            InlineLayout<int, int>.TryGet(map, key, out int value);
            sum += value;
        }

        return sum;
    }
}

/// <summary>Node-layout lab: persistent <c>SetItem</c> of a new key (1,024 absent keys, each on the same map), per call.</summary>
[MemoryDiagnoser]
public class ChampLayoutSetItemBenchmarks
{
    private LayoutData _lab = null!;

    [ParamsSource(typeof(BenchSizes), nameof(BenchSizes.Standard))]
    public int N { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _lab = LayoutData.Get(N);
        _ = _lab.Data.Persistent;
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = DictionaryData<int>.Probes)]
    public int Current()
    {
        var map = _lab.Data.Persistent;
        int count = 0;
        foreach (int key in _lab.Data.Missing)
        {
            count += map.SetItem(key, 2).Count;
        }

        return count;
    }

    [Benchmark(OperationsPerInvoke = DictionaryData<int>.Probes)]
    public int UnionArray()
    {
        var map = _lab.Union;
        int count = 0;
        foreach (int key in _lab.Data.Missing)
        {
            count += UnionLayout<int, int>.Set(map, key, 2).Length;
        }

        return count;
    }

    [Benchmark(OperationsPerInvoke = DictionaryData<int>.Probes)]
    public int InlineEntries()
    {
        var map = _lab.Inline;
        int count = 0;
        foreach (int key in _lab.Data.Missing)
        {
            count += (int)InlineLayout<int, int>.Set(map, key, 2).DataMap;
        }

        return count;
    }
}
