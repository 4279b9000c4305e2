using System.Collections.Immutable;
using BenchmarkDotNet.Attributes;

namespace CowCollections.Benchmarks;

/// <summary>
/// <c>A.Union(B)</c> where B is a version of A that differs in 1% of its elements (0.5% removed, 0.5% added),
/// made the same way for every contender. <c>HashSet&lt;T&gt;</c> (the floor) copies A and runs <c>UnionWith(B)</c>,
/// as a mutable set must to keep A. Sizes 100K and 1M only.
/// </summary>
[MemoryDiagnoser]
[GenericTypeArguments(typeof(int))]
[GenericTypeArguments(typeof(string))]
public class SetBenchmarksUnion<T>
    where T : notnull
{
    private SetData<T> _data = null!;
    private System.Collections.Generic.HashSet<T> _hashA = null!, _hashB = null!;
    private ImmutableHashSet<T> _immutableA = null!, _immutableB = null!;
    private LanguageExt.HashSet<T> _languageExtA, _languageExtB;
    private PersistentHashSet<T> _persistentA = null!, _persistentB = null!;

    public static IEnumerable<int> Sizes => BenchSizes.Pick(100_000, 1_000_000);

    [ParamsSource(nameof(Sizes))]
    public int N { get; set; }

    [GlobalSetup(Target = nameof(HashSet))]
    public void SetupHashSet()
    {
        _data = SetData<T>.Get(N);
        _hashA = _data.HashSet;
        _hashB = new System.Collections.Generic.HashSet<T>(_hashA);
        _hashB.ExceptWith(_data.Removed);
        _hashB.UnionWith(_data.Added);
        SetData<T>.Check("HashSet B", _hashB.Count, N);
        SetData<T>.Check(nameof(HashSet), HashSet(), _data.UnionCount);
    }

    [GlobalSetup(Target = nameof(Immutable))]
    public void SetupImmutable()
    {
        _data = SetData<T>.Get(N);
        _immutableA = _data.Immutable;
        _immutableB = _immutableA;
        foreach (var item in _data.Removed)
        {
            _immutableB = _immutableB.Remove(item);
        }

        foreach (var item in _data.Added)
        {
            _immutableB = _immutableB.Add(item);
        }

        SetData<T>.Check("Immutable B", _immutableB.Count, N);
        SetData<T>.Check(nameof(Immutable), Immutable(), _data.UnionCount);
    }

    [GlobalSetup(Target = nameof(LanguageExtHashSet))]
    public void SetupLanguageExt()
    {
        _data = SetData<T>.Get(N);
        _languageExtA = _data.LanguageExt;
        _languageExtB = _languageExtA;
        foreach (var item in _data.Removed)
        {
            _languageExtB = _languageExtB.Remove(item);
        }

        foreach (var item in _data.Added)
        {
            _languageExtB = _languageExtB.Add(item);
        }

        SetData<T>.Check("LanguageExt B", _languageExtB.Count, N);
        SetData<T>.Check(nameof(LanguageExtHashSet), LanguageExtHashSet(), _data.UnionCount);
    }

    [GlobalSetup(Target = nameof(Persistent))]
    public void SetupPersistent()
    {
        _data = SetData<T>.Get(N);
        _persistentA = _data.Persistent;
        _persistentB = _persistentA;
        foreach (var item in _data.Removed)
        {
            _persistentB = _persistentB.Remove(item);
        }

        foreach (var item in _data.Added)
        {
            _persistentB = _persistentB.Add(item);
        }

        SetData<T>.Check("Persistent B", _persistentB.Count, N);
        SetData<T>.Check(nameof(Persistent), Persistent(), _data.UnionCount);
    }

    [Benchmark(Baseline = true)]
    public int HashSet()
    {
        var union = new System.Collections.Generic.HashSet<T>(_hashA);
        union.UnionWith(_hashB);
        return union.Count;
    }

    [Benchmark]
    public int Immutable() => _immutableA.Union(_immutableB).Count;

    [Benchmark]
    public int LanguageExtHashSet() => _languageExtA.Union(_languageExtB).Count;

    [Benchmark]
    public int Persistent() => _persistentA.Union(_persistentB).Count;
}
