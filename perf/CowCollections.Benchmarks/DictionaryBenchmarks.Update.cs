using System.Collections.Immutable;
using BenchmarkDotNet.Attributes;

namespace CowCollections.Benchmarks;

/// <summary>
/// Persistent <c>SetItem</c> of a new key: 1,024 absent keys each set on the same N-entry map (each call
/// produces and drops a new version); time is per call.
/// </summary>
[MemoryDiagnoser]
[GenericTypeArguments(typeof(int))]
[GenericTypeArguments(typeof(string))]
public class DictionaryBenchmarksSetItem<TKey>
    where TKey : notnull
{
    private DictionaryData<TKey> _data = null!;

    [ParamsSource(typeof(BenchSizes), nameof(BenchSizes.Standard))]
    public int N { get; set; }

    [GlobalSetup(Target = nameof(Immutable))]
    public void SetupImmutable() => _ = (_data = DictionaryData<TKey>.Get(N)).Immutable;

    [GlobalSetup(Target = nameof(LanguageExtHashMap))]
    public void SetupLanguageExt() => _ = (_data = DictionaryData<TKey>.Get(N)).LanguageExt;

    [GlobalSetup(Target = nameof(FSharpxPersistentHashMap))]
    public void SetupFSharpx() => _ = (_data = DictionaryData<TKey>.Get(N)).FSharpx;

    [GlobalSetup(Target = nameof(Persistent))]
    public void SetupPersistent() => _ = (_data = DictionaryData<TKey>.Get(N)).Persistent;

    [Benchmark(Baseline = true, OperationsPerInvoke = DictionaryData<int>.Probes)]
    public int Immutable()
    {
        var map = _data.Immutable;
        int count = 0;
        foreach (var key in _data.Missing)
        {
            count += map.SetItem(key, 2).Count;
        }

        return count;
    }

    [Benchmark(OperationsPerInvoke = DictionaryData<int>.Probes)]
    public int LanguageExtHashMap()
    {
        var map = _data.LanguageExt;
        int count = 0;
        foreach (var key in _data.Missing)
        {
            count += map.AddOrUpdate(key, 2).Count;
        }

        return count;
    }

    [Benchmark(OperationsPerInvoke = DictionaryData<int>.Probes)]
    public int FSharpxPersistentHashMap()
    {
        var map = _data.FSharpx;
        int count = 0;
        foreach (var key in _data.Missing)
        {
            count += map.Add(key, 2).Count;
        }

        return count;
    }

    [Benchmark(OperationsPerInvoke = DictionaryData<int>.Probes)]
    public int Persistent()
    {
        var map = _data.Persistent;
        int count = 0;
        foreach (var key in _data.Missing)
        {
            count += map.SetItem(key, 2).Count;
        }

        return count;
    }
}

/// <summary>Persistent <c>Remove</c> of a present key: 1,024 random keys each removed from the same N-entry map; time is per call.</summary>
[MemoryDiagnoser]
[GenericTypeArguments(typeof(int))]
[GenericTypeArguments(typeof(string))]
public class DictionaryBenchmarksRemove<TKey>
    where TKey : notnull
{
    private DictionaryData<TKey> _data = null!;

    [ParamsSource(typeof(BenchSizes), nameof(BenchSizes.Standard))]
    public int N { get; set; }

    [GlobalSetup(Target = nameof(Immutable))]
    public void SetupImmutable() => _ = (_data = DictionaryData<TKey>.Get(N)).Immutable;

    [GlobalSetup(Target = nameof(LanguageExtHashMap))]
    public void SetupLanguageExt() => _ = (_data = DictionaryData<TKey>.Get(N)).LanguageExt;

    [GlobalSetup(Target = nameof(FSharpxPersistentHashMap))]
    public void SetupFSharpx() => _ = (_data = DictionaryData<TKey>.Get(N)).FSharpx;

    [GlobalSetup(Target = nameof(Persistent))]
    public void SetupPersistent() => _ = (_data = DictionaryData<TKey>.Get(N)).Persistent;

    [Benchmark(Baseline = true, OperationsPerInvoke = DictionaryData<int>.Probes)]
    public int Immutable()
    {
        var map = _data.Immutable;
        int count = 0;
        foreach (var key in _data.Hits)
        {
            count += map.Remove(key).Count;
        }

        return count;
    }

    [Benchmark(OperationsPerInvoke = DictionaryData<int>.Probes)]
    public int LanguageExtHashMap()
    {
        var map = _data.LanguageExt;
        int count = 0;
        foreach (var key in _data.Hits)
        {
            count += map.Remove(key).Count;
        }

        return count;
    }

    [Benchmark(OperationsPerInvoke = DictionaryData<int>.Probes)]
    public int FSharpxPersistentHashMap()
    {
        var map = _data.FSharpx;
        int count = 0;
        foreach (var key in _data.Hits)
        {
            count += map.Remove(key).Count;
        }

        return count;
    }

    [Benchmark(OperationsPerInvoke = DictionaryData<int>.Probes)]
    public int Persistent()
    {
        var map = _data.Persistent;
        int count = 0;
        foreach (var key in _data.Hits)
        {
            count += map.Remove(key).Count;
        }

        return count;
    }
}

/// <summary>One full <c>foreach</c> over an N-entry map.</summary>
[MemoryDiagnoser]
[GenericTypeArguments(typeof(int))]
[GenericTypeArguments(typeof(string))]
public class DictionaryBenchmarksForeach<TKey>
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

    [Benchmark(Baseline = true)]
    public int Dictionary()
    {
        int sum = 0;
        foreach (var kv in _data.Dictionary)
        {
            sum += kv.Value;
        }

        return sum;
    }

    [Benchmark]
    public int Frozen()
    {
        int sum = 0;
        foreach (var kv in _data.Frozen)
        {
            sum += kv.Value;
        }

        return sum;
    }

    [Benchmark]
    public int Immutable()
    {
        int sum = 0;
        foreach (var kv in _data.Immutable)
        {
            sum += kv.Value;
        }

        return sum;
    }

    [Benchmark]
    public int LanguageExtHashMap()
    {
        int sum = 0;
        foreach (var kv in _data.LanguageExt)
        {
            sum += kv.Value;
        }

        return sum;
    }

    [Benchmark]
    public int FSharpxPersistentHashMap()
    {
        int sum = 0;
        foreach (var kv in _data.FSharpx)
        {
            sum += kv.Item2;
        }

        return sum;
    }

    [Benchmark]
    public int Persistent()
    {
        int sum = 0;
        foreach (var kv in _data.Persistent)
        {
            sum += kv.Value;
        }

        return sum;
    }
}

/// <summary>
/// <c>Diff</c> of an N-entry map against a version with one changed value, against the element-wise
/// comparison a caller would otherwise write (enumerate one map, look each key up in the other).
/// </summary>
[MemoryDiagnoser]
[GenericTypeArguments(typeof(int))]
[GenericTypeArguments(typeof(string))]
public class DictionaryBenchmarksDiff<TKey>
    where TKey : notnull
{
    private PersistentDictionary<TKey, int> _v1 = null!;
    private PersistentDictionary<TKey, int> _v2 = null!;
    private ImmutableDictionary<TKey, int> _i1 = null!;
    private ImmutableDictionary<TKey, int> _i2 = null!;

    [ParamsSource(typeof(BenchSizes), nameof(BenchSizes.Standard))]
    public int N { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var data = DictionaryData<TKey>.Get(N);
        _v1 = data.Persistent;
        _v2 = _v1.SetItem(data.Hits[0], 2);
        _i1 = data.Immutable;
        _i2 = _i1.SetItem(data.Hits[0], 2);
    }

    [Benchmark(Baseline = true)]
    public int ElementWiseImmutable()
    {
        int changes = 0;
        foreach (var kv in _i1)
        {
            if (!_i2.TryGetValue(kv.Key, out var v) || v != kv.Value)
            {
                changes++;
            }
        }

        return changes + (_i2.Count - _i1.Count);
    }

    [Benchmark]
    public int ElementWisePersistent()
    {
        int changes = 0;
        foreach (var kv in _v1)
        {
            if (!_v2.TryGetValue(kv.Key, out var v) || v != kv.Value)
            {
                changes++;
            }
        }

        return changes + (_v2.Count - _v1.Count);
    }

    [Benchmark]
    public int PersistentDiff() => _v1.Diff(_v2).Count;

    [Benchmark]
    public bool PersistentDictionaryEquals() => _v1.DictionaryEquals(_v2);
}
