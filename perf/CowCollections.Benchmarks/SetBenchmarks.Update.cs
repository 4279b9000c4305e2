using BenchmarkDotNet.Attributes;

namespace CowCollections.Benchmarks;

/// <summary>Sizes of the persistent Add/Remove rows: int at 1K / 100K / 1M, string at 100K only (keeps the set filter under 10 minutes).</summary>
public static class SetBenchmarkSizes
{
    public static IEnumerable<int> For<T>() => typeof(T) == typeof(string) ? BenchSizes.Pick(100_000) : BenchSizes.Standard;
}

/// <summary>Persistent <c>Add</c> of a new element: 1,024 absent elements each added to the same N-element set (each call produces and drops a version); time is per call.</summary>
[MemoryDiagnoser]
[GenericTypeArguments(typeof(int))]
[GenericTypeArguments(typeof(string))]
public class SetBenchmarksAdd<T>
    where T : notnull
{
    private SetData<T> _data = null!;

    public static IEnumerable<int> Sizes => SetBenchmarkSizes.For<T>();

    [ParamsSource(nameof(Sizes))]
    public int N { get; set; }

    private long Expected => (long)SetData<T>.Probes * (N + 1);

    [GlobalSetup(Target = nameof(Immutable))]
    public void SetupImmutable()
    {
        _ = (_data = SetData<T>.Get(N)).Immutable;
        SetData<T>.Check(nameof(Immutable), Immutable(), Expected);
    }

    [GlobalSetup(Target = nameof(LanguageExtHashSet))]
    public void SetupLanguageExt()
    {
        _ = (_data = SetData<T>.Get(N)).LanguageExt;
        SetData<T>.Check(nameof(LanguageExtHashSet), LanguageExtHashSet(), Expected);
    }

    [GlobalSetup(Target = nameof(Persistent))]
    public void SetupPersistent()
    {
        _ = (_data = SetData<T>.Get(N)).Persistent;
        SetData<T>.Check(nameof(Persistent), Persistent(), Expected);
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = SetData<int>.Probes)]
    public long Immutable()
    {
        var set = _data.Immutable;
        long count = 0;
        foreach (var item in _data.Missing)
        {
            count += set.Add(item).Count;
        }

        return count;
    }

    [Benchmark(OperationsPerInvoke = SetData<int>.Probes)]
    public long LanguageExtHashSet()
    {
        var set = _data.LanguageExt;
        long count = 0;
        foreach (var item in _data.Missing)
        {
            count += set.Add(item).Count;
        }

        return count;
    }

    [Benchmark(OperationsPerInvoke = SetData<int>.Probes)]
    public long Persistent()
    {
        var set = _data.Persistent;
        long count = 0;
        foreach (var item in _data.Missing)
        {
            count += set.Add(item).Count;
        }

        return count;
    }
}

/// <summary>Persistent <c>Remove</c> of a present element: 1,024 random elements each removed from the same N-element set; time is per call.</summary>
[MemoryDiagnoser]
[GenericTypeArguments(typeof(int))]
[GenericTypeArguments(typeof(string))]
public class SetBenchmarksRemove<T>
    where T : notnull
{
    private SetData<T> _data = null!;

    public static IEnumerable<int> Sizes => SetBenchmarkSizes.For<T>();

    [ParamsSource(nameof(Sizes))]
    public int N { get; set; }

    private long Expected => (long)SetData<T>.Probes * (N - 1);

    [GlobalSetup(Target = nameof(Immutable))]
    public void SetupImmutable()
    {
        _ = (_data = SetData<T>.Get(N)).Immutable;
        SetData<T>.Check(nameof(Immutable), Immutable(), Expected);
    }

    [GlobalSetup(Target = nameof(LanguageExtHashSet))]
    public void SetupLanguageExt()
    {
        _ = (_data = SetData<T>.Get(N)).LanguageExt;
        SetData<T>.Check(nameof(LanguageExtHashSet), LanguageExtHashSet(), Expected);
    }

    [GlobalSetup(Target = nameof(Persistent))]
    public void SetupPersistent()
    {
        _ = (_data = SetData<T>.Get(N)).Persistent;
        SetData<T>.Check(nameof(Persistent), Persistent(), Expected);
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = SetData<int>.Probes)]
    public long Immutable()
    {
        var set = _data.Immutable;
        long count = 0;
        foreach (var item in _data.Hits)
        {
            count += set.Remove(item).Count;
        }

        return count;
    }

    [Benchmark(OperationsPerInvoke = SetData<int>.Probes)]
    public long LanguageExtHashSet()
    {
        var set = _data.LanguageExt;
        long count = 0;
        foreach (var item in _data.Hits)
        {
            count += set.Remove(item).Count;
        }

        return count;
    }

    [Benchmark(OperationsPerInvoke = SetData<int>.Probes)]
    public long Persistent()
    {
        var set = _data.Persistent;
        long count = 0;
        foreach (var item in _data.Hits)
        {
            count += set.Remove(item).Count;
        }

        return count;
    }
}
