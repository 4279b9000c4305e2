using BenchmarkDotNet.Attributes;

namespace CowCollections.Benchmarks;

/// <summary>Lookup of a present key (1,024 random probes per invocation; time is per lookup).</summary>
[MemoryDiagnoser]
[GenericTypeArguments(typeof(int))]
[GenericTypeArguments(typeof(string))]
public class DictionaryBenchmarksLookupHit<TKey>
    where TKey : notnull
{
    private DictionaryData<TKey> _data = null!;

    [ParamsSource(typeof(BenchSizes), nameof(BenchSizes.Standard))]
    public int N { get; set; }

    [GlobalSetup(Target = nameof(Dictionary))]
    public void SetupDictionary() => _ = (_data = DictionaryData<TKey>.Get(N)).Dictionary;

    [GlobalSetup(Target = nameof(Frozen))]
    public void SetupFrozen() => _ = (_data = DictionaryData<TKey>.Get(N)).Frozen;

    [GlobalSetup(Target = nameof(Immutable))]
    public void SetupImmutable() => _ = (_data = DictionaryData<TKey>.Get(N)).Immutable;

    [GlobalSetup(Target = nameof(LanguageExtHashMap))]
    public void SetupLanguageExt() => _ = (_data = DictionaryData<TKey>.Get(N)).LanguageExt;

    [GlobalSetup(Target = nameof(FSharpxPersistentHashMap))]
    public void SetupFSharpx() => _ = (_data = DictionaryData<TKey>.Get(N)).FSharpx;

    [GlobalSetup(Target = nameof(Persistent))]
    public void SetupPersistent() => _ = (_data = DictionaryData<TKey>.Get(N)).Persistent;

    [Benchmark(Baseline = true, OperationsPerInvoke = DictionaryData<int>.Probes)]
    public int Dictionary()
    {
        var map = _data.Dictionary;
        int sum = 0;
        foreach (var key in _data.Hits)
        {
            sum += map[key];
        }

        return sum;
    }

    [Benchmark(OperationsPerInvoke = DictionaryData<int>.Probes)]
    public int Frozen()
    {
        var map = _data.Frozen;
        int sum = 0;
        foreach (var key in _data.Hits)
        {
            sum += map[key];
        }

        return sum;
    }

    [Benchmark(OperationsPerInvoke = DictionaryData<int>.Probes)]
    public int Immutable()
    {
        var map = _data.Immutable;
        int sum = 0;
        foreach (var key in _data.Hits)
        {
            sum += map[key];
        }

        return sum;
    }

    [Benchmark(OperationsPerInvoke = DictionaryData<int>.Probes)]
    public int LanguageExtHashMap()
    {
        var map = _data.LanguageExt;
        int sum = 0;
        foreach (var key in _data.Hits)
        {
            sum += map[key];
        }

        return sum;
    }

    [Benchmark(OperationsPerInvoke = DictionaryData<int>.Probes)]
    public int FSharpxPersistentHashMap()
    {
        var map = _data.FSharpx;
        int sum = 0;
        foreach (var key in _data.Hits)
        {
            sum += map[key];
        }

        return sum;
    }

    [Benchmark(OperationsPerInvoke = DictionaryData<int>.Probes)]
    public int Persistent()
    {
        var map = _data.Persistent;
        int sum = 0;
        foreach (var key in _data.Hits)
        {
            sum += map[key];
        }

        return sum;
    }
}

/// <summary>Lookup of an absent key (1,024 probes per invocation; time is per lookup).</summary>
[MemoryDiagnoser]
[GenericTypeArguments(typeof(int))]
[GenericTypeArguments(typeof(string))]
public class DictionaryBenchmarksLookupMiss<TKey>
    where TKey : notnull
{
    private DictionaryData<TKey> _data = null!;

    [ParamsSource(typeof(BenchSizes), nameof(BenchSizes.Standard))]
    public int N { get; set; }

    [GlobalSetup(Target = nameof(Dictionary))]
    public void SetupDictionary() => _ = (_data = DictionaryData<TKey>.Get(N)).Dictionary;

    [GlobalSetup(Target = nameof(Frozen))]
    public void SetupFrozen() => _ = (_data = DictionaryData<TKey>.Get(N)).Frozen;

    [GlobalSetup(Target = nameof(Immutable))]
    public void SetupImmutable() => _ = (_data = DictionaryData<TKey>.Get(N)).Immutable;

    [GlobalSetup(Target = nameof(LanguageExtHashMap))]
    public void SetupLanguageExt() => _ = (_data = DictionaryData<TKey>.Get(N)).LanguageExt;

    [GlobalSetup(Target = nameof(FSharpxPersistentHashMap))]
    public void SetupFSharpx() => _ = (_data = DictionaryData<TKey>.Get(N)).FSharpx;

    [GlobalSetup(Target = nameof(Persistent))]
    public void SetupPersistent() => _ = (_data = DictionaryData<TKey>.Get(N)).Persistent;

    [Benchmark(Baseline = true, OperationsPerInvoke = DictionaryData<int>.Probes)]
    public int Dictionary()
    {
        var map = _data.Dictionary;
        int found = 0;
        foreach (var key in _data.Missing)
        {
            found += map.ContainsKey(key) ? 1 : 0;
        }

        return found;
    }

    [Benchmark(OperationsPerInvoke = DictionaryData<int>.Probes)]
    public int Frozen()
    {
        var map = _data.Frozen;
        int found = 0;
        foreach (var key in _data.Missing)
        {
            found += map.ContainsKey(key) ? 1 : 0;
        }

        return found;
    }

    [Benchmark(OperationsPerInvoke = DictionaryData<int>.Probes)]
    public int Immutable()
    {
        var map = _data.Immutable;
        int found = 0;
        foreach (var key in _data.Missing)
        {
            found += map.ContainsKey(key) ? 1 : 0;
        }

        return found;
    }

    [Benchmark(OperationsPerInvoke = DictionaryData<int>.Probes)]
    public int LanguageExtHashMap()
    {
        var map = _data.LanguageExt;
        int found = 0;
        foreach (var key in _data.Missing)
        {
            found += map.ContainsKey(key) ? 1 : 0;
        }

        return found;
    }

    [Benchmark(OperationsPerInvoke = DictionaryData<int>.Probes)]
    public int FSharpxPersistentHashMap()
    {
        var map = _data.FSharpx;
        int found = 0;
        foreach (var key in _data.Missing)
        {
            found += map.ContainsKey(key) ? 1 : 0;
        }

        return found;
    }

    [Benchmark(OperationsPerInvoke = DictionaryData<int>.Probes)]
    public int Persistent()
    {
        var map = _data.Persistent;
        int found = 0;
        foreach (var key in _data.Missing)
        {
            found += map.ContainsKey(key) ? 1 : 0;
        }

        return found;
    }
}
