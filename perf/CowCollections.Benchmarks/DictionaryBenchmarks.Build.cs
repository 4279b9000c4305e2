using System.Collections.Immutable;
using BenchmarkDotNet.Attributes;
using FSharpx.Collections;
using LanguageExt;

namespace CowCollections.Benchmarks;

/// <summary>Building an N-entry map by N persistent adds from empty (each add returns a new version).</summary>
[MemoryDiagnoser]
[GenericTypeArguments(typeof(int))]
[GenericTypeArguments(typeof(string))]
public class DictionaryBenchmarksBuildByAdds<TKey>
    where TKey : notnull
{
    private TKey[] _keys = null!;

    [ParamsSource(typeof(BenchSizes), nameof(BenchSizes.Standard))]
    public int N { get; set; }

    [GlobalSetup]
    public void Setup() => _keys = DictionaryData<TKey>.Get(N).Keys;

    [Benchmark(Baseline = true)]
    public int Immutable()
    {
        var map = ImmutableDictionary<TKey, int>.Empty;
        foreach (var key in _keys)
        {
            map = map.Add(key, 1);
        }

        return map.Count;
    }

    [Benchmark]
    public int LanguageExtHashMap()
    {
        var map = HashMap<TKey, int>.Empty;
        foreach (var key in _keys)
        {
            map = map.Add(key, 1);
        }

        return map.Count;
    }

    [Benchmark]
    public int FSharpxPersistentHashMap()
    {
        var map = PersistentHashMap.empty<TKey, int>();
        foreach (var key in _keys)
        {
            map = map.Add(key, 1);
        }

        return map.Count;
    }

    [Benchmark]
    public int Persistent()
    {
        var map = PersistentDictionary<TKey, int>.Empty;
        foreach (var key in _keys)
        {
            map = map.Add(key, 1);
        }

        return map.Count;
    }
}

/// <summary>Building an N-entry map with a mutable builder (transient), against <c>Dictionary.Add</c>.</summary>
[MemoryDiagnoser]
[GenericTypeArguments(typeof(int))]
[GenericTypeArguments(typeof(string))]
public class DictionaryBenchmarksBuilderAdds<TKey>
    where TKey : notnull
{
    private TKey[] _keys = null!;

    [ParamsSource(typeof(BenchSizes), nameof(BenchSizes.Standard))]
    public int N { get; set; }

    [GlobalSetup]
    public void Setup() => _keys = DictionaryData<TKey>.Get(N).Keys;

    [Benchmark(Baseline = true)]
    public int Dictionary()
    {
        var map = new Dictionary<TKey, int>();
        foreach (var key in _keys)
        {
            map.Add(key, 1);
        }

        return map.Count;
    }

    [Benchmark]
    public int ImmutableBuilder()
    {
        var builder = ImmutableDictionary.CreateBuilder<TKey, int>();
        foreach (var key in _keys)
        {
            builder.Add(key, 1);
        }

        return builder.ToImmutable().Count;
    }

    [Benchmark]
    public int FSharpxOfSeqTransient() => PersistentHashMap.ofSeq(_keys.Select(k => Tuple.Create(k, 1))).Count;

    [Benchmark]
    public int PersistentBuilder()
    {
        var builder = PersistentDictionary.CreateBuilder<TKey, int>();
        foreach (var key in _keys)
        {
            builder.Add(key, 1);
        }

        return builder.ToImmutable().Count;
    }
}
