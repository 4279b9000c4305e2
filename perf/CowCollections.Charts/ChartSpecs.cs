namespace CowCollections.Charts;

/// <summary>
/// One chart: which measurements it draws (a benchmark class, or a retained-bytes file), how contenders are
/// named on it, and in which order. Contenders are matched by their benchmark method title.
/// </summary>
internal sealed record ChartSpec(
    string File,
    string Title,
    string YLabel,
    bool Retained,
    string Source,
    IReadOnlyList<(string Match, string Label)> Contenders)
{
    public bool LogScale => !Retained;

    /// <summary>The contenders in the spec's order, each with its values by size (ascending).</summary>
    public List<(string Label, SortedDictionary<long, double> Values)> Select(BenchmarkResults results)
    {
        var pool = (Retained ? results.Retained : results.Timings)
            .Where(m => Retained ? m.Source.StartsWith(Source, StringComparison.Ordinal) : m.Source == Source)
            .ToList();
        var series = new List<(string, SortedDictionary<long, double>)>();
        foreach (var (match, label) in Contenders)
        {
            var values = new SortedDictionary<long, double>();
            foreach (var m in pool.Where(m => m.Contender == match))
            {
                values[m.Size] = m.Value;
            }

            if (values.Count > 0)
            {
                series.Add((label, values));
            }
        }

        return series;
    }
}

/// <summary>The charts of <c>docs/performance.md</c>.</summary>
internal static class ChartSpecs
{
    public static IReadOnlyList<ChartSpec> All { get; } =
    [
        new("list-random-read.png", "List: random read over the whole list (ns per read, log scale)", "ns per read", false,
            "ListWholeReadBenchmarks<Int32>",
            [("List_T", "List<T> (floor)"), ("PersistentList", "PersistentList"), ("ImmutableList", "ImmutableList")]),
        new("list-setitem.png", "List: SetItem at a random index (ns per call, log scale)", "ns per SetItem", false,
            "ListSetItemBenchmarks<Int32>",
            [("PersistentList", "PersistentList"), ("ImmutableList", "ImmutableList"), ("FSharpxPersistentVector", "FSharpx PersistentVector")]),
        new("list-add.png", "List: Add to a version (ns per Add, log scale)", "ns per Add", false,
            "ListAddBenchmarks",
            [("PersistentList", "PersistentList"), ("ImmutableList", "ImmutableList"), ("ImmutableArray", "ImmutableArray (copy)"), ("LockedCopyArray", "lock-and-copy T[]")]),
        new("dictionary-lookup.png", "Dictionary: lookup hit, int keys (ns per lookup, log scale)", "ns per lookup", false,
            "DictionaryBenchmarksLookupHit<Int32>",
            [("Dictionary", "Dictionary (floor)"), ("Persistent", "PersistentDictionary"), ("Immutable", "ImmutableDictionary"), ("LanguageExtHashMap", "LanguageExt HashMap")]),
        new("dictionary-setitem.png", "Dictionary: SetItem of a new key (ns per call, log scale)", "ns per SetItem", false,
            "DictionaryBenchmarksSetItem<Int32>",
            [("Persistent", "PersistentDictionary"), ("Immutable", "ImmutableDictionary"), ("LanguageExtHashMap", "LanguageExt HashMap")]),
        new("set-contains.png", "Set: Contains hit, int elements (ns per lookup, log scale)", "ns per lookup", false,
            "SetBenchmarksContains<Int32>",
            [("HashSet", "HashSet (floor)"), ("Persistent", "PersistentHashSet"), ("Immutable", "ImmutableHashSet"), ("LanguageExtHashSet", "LanguageExt HashSet"), ("Frozen", "FrozenSet")]),
        new("set-union.png", "Set: Union of two versions 1% apart, int elements (ns per Union, log scale)", "ns per Union", false,
            "SetBenchmarksUnion<Int32>",
            [("HashSet", "HashSet copy + UnionWith"), ("Persistent", "PersistentHashSet"), ("Immutable", "ImmutableHashSet"), ("LanguageExtHashSet", "LanguageExt HashSet")]),
        new("set-retained-bytes.png", "Set: retained bytes per int element", "bytes per element", true,
            "retained",
            [("HashSet<int>", "HashSet<int>"), ("PersistentHashSet<int>", "PersistentHashSet<int>"), ("ImmutableHashSet<int>", "ImmutableHashSet<int>")]),
        new("retained-bytes.png", "Retained bytes per element (int elements)", "bytes per element", true,
            "retained",
            [("int[]", "int[] (floor)"), ("PersistentList<int>", "PersistentList"), ("ImmutableList<int>", "ImmutableList"),
             ("Dictionary<int,int>", "Dictionary<int,int> (per entry)"), ("PersistentDictionary<int,int>", "PersistentDictionary (per entry)"), ("ImmutableDictionary<int,int>", "ImmutableDictionary (per entry)")]),
    ];
}
