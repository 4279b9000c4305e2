using BenchmarkDotNet.Attributes;

namespace CowCollections.Benchmarks;

/// <summary><c>Contains</c> of a present element (1,024 random probes per invocation, the dictionary's hot-set lookup pattern; time is per lookup).</summary>
[MemoryDiagnoser]
[GenericTypeArguments(typeof(int))]
[GenericTypeArguments(typeof(string))]
public class SetBenchmarksContains<T>
    where T : notnull
{
    private SetData<T> _data = null!;

    [ParamsSource(typeof(BenchSizes), nameof(BenchSizes.Standard))]
    public int N { get; set; }

    [GlobalSetup(Target = nameof(HashSet))]
    public void SetupHashSet() => Guard(nameof(HashSet), () => (_data = SetData<T>.Get(N)).HashSet, HashSet);

    [GlobalSetup(Target = nameof(Frozen))]
    public void SetupFrozen() => Guard(nameof(Frozen), () => (_data = SetData<T>.Get(N)).Frozen, Frozen);

    [GlobalSetup(Target = nameof(Immutable))]
    public void SetupImmutable() => Guard(nameof(Immutable), () => (_data = SetData<T>.Get(N)).Immutable, Immutable);

    [GlobalSetup(Target = nameof(LanguageExtHashSet))]
    public void SetupLanguageExt() => Guard(nameof(LanguageExtHashSet), () => (_data = SetData<T>.Get(N)).LanguageExt, LanguageExtHashSet);

    [GlobalSetup(Target = nameof(Persistent))]
    public void SetupPersistent() => Guard(nameof(Persistent), () => (_data = SetData<T>.Get(N)).Persistent, Persistent);

    [Benchmark(Baseline = true, OperationsPerInvoke = SetData<int>.Probes)]
    public int HashSet()
    {
        var set = _data.HashSet;
        int found = 0;
        foreach (var item in _data.Hits)
        {
            found += set.Contains(item) ? 1 : 0;
        }

        return found;
    }

    [Benchmark(OperationsPerInvoke = SetData<int>.Probes)]
    public int Frozen()
    {
        var set = _data.Frozen;
        int found = 0;
        foreach (var item in _data.Hits)
        {
            found += set.Contains(item) ? 1 : 0;
        }

        return found;
    }

    [Benchmark(OperationsPerInvoke = SetData<int>.Probes)]
    public int Immutable()
    {
        var set = _data.Immutable;
        int found = 0;
        foreach (var item in _data.Hits)
        {
            found += set.Contains(item) ? 1 : 0;
        }

        return found;
    }

    [Benchmark(OperationsPerInvoke = SetData<int>.Probes)]
    public int LanguageExtHashSet()
    {
        var set = _data.LanguageExt;
        int found = 0;
        foreach (var item in _data.Hits)
        {
            found += set.Contains(item) ? 1 : 0;
        }

        return found;
    }

    [Benchmark(OperationsPerInvoke = SetData<int>.Probes)]
    public int Persistent()
    {
        var set = _data.Persistent;
        int found = 0;
        foreach (var item in _data.Hits)
        {
            found += set.Contains(item) ? 1 : 0;
        }

        return found;
    }

    /// <summary>Builds the contender's set, then checks that every probe hits (and no miss does, where cheap).</summary>
    private static void Guard(string name, Func<object> build, Func<int> run)
    {
        _ = build();
        SetData<T>.Check(name, run(), SetData<T>.Probes);
    }
}
