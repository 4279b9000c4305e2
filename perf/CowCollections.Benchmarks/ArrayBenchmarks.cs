using System.Collections.Immutable;
using BenchmarkDotNet.Attributes;
using CowCollections.Benchmarks.List;

namespace CowCollections.Benchmarks;

/// <summary>
/// Shared setup of the array suites: <c>int</c> elements at 1K, 100K and 1M, and the peers
/// (<c>T[]</c> as the floor, <see cref="ImmutableArray{T}"/>, and a lock-and-copy array, the pattern
/// <see cref="CopyOnWriteArray{T}"/> replaces).
/// </summary>
public abstract class ArrayBenchmarkBase
{
    [ParamsSource(typeof(BenchSizes), nameof(BenchSizes.Standard))]
    public int N { get; set; }

    protected int[] Source = [];
    protected ImmutableArray<int> Immutable;
    protected PersistentArray<int> Persistent = PersistentArray<int>.Empty;
    protected CopyOnWriteArray<int> Container = new(0);
    protected LockedCopyArray<int> Locked = new();

    protected void SetUpPeers()
    {
        Source = Enumerable.Range(0, N).ToArray();
        Immutable = ImmutableArray.Create(Source);
        Persistent = PersistentArray.Create<int>(Source);
        Container = new CopyOnWriteArray<int>(Persistent);
        Locked = new LockedCopyArray<int>((int[])Source.Clone());
    }
}

/// <summary>
/// Random index reads over a hot set (the same 1,024 precomputed indexes every invocation). Target:
/// PersistentArray &lt;= 1.5x <c>T[]</c> at every size.
/// </summary>
[MemoryDiagnoser]
public class ArrayRandomReadBenchmarks : ArrayBenchmarkBase
{
    private const int Reads = 1024;
    private int[] _indexes = [];

    [GlobalSetup]
    public void Setup()
    {
        SetUpPeers();
        var rng = new Random(42);
        _indexes = Enumerable.Range(0, Reads).Select(_ => rng.Next(N)).ToArray();
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Reads)]
    public long Array()
    {
        var a = Source;
        long sum = 0;
        foreach (int i in _indexes)
        {
            sum += a[i];
        }

        return sum;
    }

    [Benchmark(OperationsPerInvoke = Reads)]
    public long ImmutableArray()
    {
        var a = Immutable;
        long sum = 0;
        foreach (int i in _indexes)
        {
            sum += a[i];
        }

        return sum;
    }

    [Benchmark(OperationsPerInvoke = Reads)]
    public long PersistentArray()
    {
        var a = Persistent;
        long sum = 0;
        foreach (int i in _indexes)
        {
            sum += a[i];
        }

        return sum;
    }

    [Benchmark(OperationsPerInvoke = Reads)]
    public long CopyOnWriteArray()
    {
        var a = Container;
        long sum = 0;
        foreach (int i in _indexes)
        {
            sum += a[i];
        }

        return sum;
    }

    [Benchmark(OperationsPerInvoke = Reads)]
    public long LockAndCopyArray()
    {
        var a = Locked;
        long sum = 0;
        foreach (int i in _indexes)
        {
            sum += a[i];
        }

        return sum;
    }
}

/// <summary>
/// Random index reads over the whole structure: 2^20 precomputed uniform indexes over [0, n) per invocation, so
/// each read pays for the memory the array occupies. Target: PersistentArray &lt;= 1.5x <c>T[]</c> at every size.
/// </summary>
[MemoryDiagnoser]
public class ArrayWholeReadBenchmarks : ArrayBenchmarkBase
{
    private const int Reads = 1 << 20;
    private int[] _indexes = [];

    [GlobalSetup]
    public void Setup()
    {
        SetUpPeers();
        var rng = new Random(7);
        _indexes = new int[Reads];
        for (int i = 0; i < Reads; i++)
        {
            _indexes[i] = rng.Next(N);
        }
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Reads)]
    public long Array()
    {
        var a = Source;
        long sum = 0;
        foreach (int i in _indexes)
        {
            sum += a[i];
        }

        return sum;
    }

    [Benchmark(OperationsPerInvoke = Reads)]
    public long PersistentArray()
    {
        var a = Persistent;
        long sum = 0;
        foreach (int i in _indexes)
        {
            sum += a[i];
        }

        return sum;
    }

    [Benchmark(OperationsPerInvoke = Reads)]
    public long ImmutableArray()
    {
        var a = Immutable;
        long sum = 0;
        foreach (int i in _indexes)
        {
            sum += a[i];
        }

        return sum;
    }
}

/// <summary>Sequential sum of every element: by chunk spans and by foreach, against a <c>T[]</c> loop.</summary>
[MemoryDiagnoser]
public class ArraySumBenchmarks : ArrayBenchmarkBase
{
    [GlobalSetup]
    public void Setup() => SetUpPeers();

    [Benchmark(Baseline = true)]
    public long ArrayLoop()
    {
        long sum = 0;
        foreach (int x in Source)
        {
            sum += x;
        }

        return sum;
    }

    [Benchmark]
    public long ImmutableArrayForeach()
    {
        long sum = 0;
        foreach (int x in Immutable)
        {
            sum += x;
        }

        return sum;
    }

    [Benchmark]
    public long PersistentArrayChunks()
    {
        long sum = 0;
        foreach (ReadOnlySpan<int> chunk in Persistent.Chunks)
        {
            foreach (int x in chunk)
            {
                sum += x;
            }
        }

        return sum;
    }

    [Benchmark]
    public long PersistentArrayForeach()
    {
        long sum = 0;
        foreach (int x in Persistent)
        {
            sum += x;
        }

        return sum;
    }

    [Benchmark]
    public long CopyOnWriteArrayForeach()
    {
        long sum = 0;
        foreach (int x in Container)
        {
            sum += x;
        }

        return sum;
    }
}

/// <summary>One element write producing a new version (or publishing one, for the containers).</summary>
[MemoryDiagnoser]
public class ArraySetItemBenchmarks : ArrayBenchmarkBase
{
    private int _next;

    [GlobalSetup]
    public void Setup() => SetUpPeers();

    private int NextIndex() => _next = (_next + 7919) % N;

    [Benchmark(Baseline = true)]
    public ImmutableArray<int> ImmutableArray() => Immutable.SetItem(NextIndex(), -1);

    [Benchmark]
    public PersistentArray<int> PersistentArray() => Persistent.SetItem(NextIndex(), -1);

    [Benchmark]
    public void CopyOnWriteArray() => Container[NextIndex()] = -1;

    [Benchmark]
    public void LockAndCopyArray() => Locked.SetItem(NextIndex(), -1);
}

/// <summary>A batch of 100 random index/value pairs applied as one new version.</summary>
[MemoryDiagnoser]
public class ArraySetItemsBenchmarks : ArrayBenchmarkBase
{
    private KeyValuePair<int, int>[] _pairs = [];

    [GlobalSetup]
    public void Setup()
    {
        SetUpPeers();
        var rng = new Random(7);
        _pairs = Enumerable.Range(0, 100).Select(i => new KeyValuePair<int, int>(rng.Next(N), -i)).ToArray();
    }

    [Benchmark(Baseline = true)]
    public ImmutableArray<int> ImmutableArrayBuilder()
    {
        var builder = Immutable.ToBuilder();
        foreach (var pair in _pairs)
        {
            builder[pair.Key] = pair.Value;
        }

        return builder.MoveToImmutable();
    }

    [Benchmark]
    public PersistentArray<int> PersistentArray() => Persistent.SetItems(_pairs.AsSpan());

    [Benchmark]
    public void CopyOnWriteArray() => Container.SetItems(_pairs);

    [Benchmark]
    public void LockAndCopyArray() => Locked.SetItems(_pairs);
}

/// <summary>
/// Building each structure from an <c>int[]</c>: the allocated bytes are what the structure retains
/// (nothing else is allocated), so <c>Allocated / N</c> is the retained bytes per element.
/// </summary>
[MemoryDiagnoser]
public class ArrayRetainedBytesBenchmarks : ArrayBenchmarkBase
{
    [GlobalSetup]
    public void Setup() => Source = Enumerable.Range(0, N).ToArray();

    [Benchmark(Baseline = true)]
    public int[] Array() => Source.AsSpan().ToArray();

    [Benchmark]
    public ImmutableArray<int> ImmutableArray() => System.Collections.Immutable.ImmutableArray.Create(Source.AsSpan());

    [Benchmark]
    public PersistentArray<int> PersistentArray() => CowCollections.PersistentArray.Create<int>(Source);
}
