using BenchmarkDotNet.Attributes;

namespace CowCollections.Benchmarks.List;

/// <summary>Random index reads (1,024 precomputed indices per invocation; times are per read). Target: PersistentList &lt;= 2.0x List&lt;T&gt; at 1M, &gt;= 10x faster than ImmutableList.</summary>
[MemoryDiagnoser]
public class ListRandomReadBenchmarks
{
    private ListData _data = null!;

    [ParamsSource(typeof(BenchSizes), nameof(BenchSizes.Standard))]
    public int Size { get; set; }

    [GlobalSetup]
    public void Setup() => _data = new ListData(Size);

    [Benchmark(Baseline = true, OperationsPerInvoke = ListData.ReadsPerInvoke)]
    public int List_T()
    {
        var list = _data.List;
        int sum = 0;
        foreach (int i in _data.RandomIndices)
        {
            sum += list[i];
        }

        return sum;
    }

    [Benchmark(OperationsPerInvoke = ListData.ReadsPerInvoke)]
    public int PersistentList()
    {
        var list = _data.Persistent;
        int sum = 0;
        foreach (int i in _data.RandomIndices)
        {
            sum += list[i];
        }

        return sum;
    }

    [Benchmark(OperationsPerInvoke = ListData.ReadsPerInvoke)]
    public int CopyOnWriteList()
    {
        var list = _data.Container;
        int sum = 0;
        foreach (int i in _data.RandomIndices)
        {
            sum += list[i];
        }

        return sum;
    }

    [Benchmark(OperationsPerInvoke = ListData.ReadsPerInvoke)]
    public int ImmutableList()
    {
        var list = _data.Immutable;
        int sum = 0;
        foreach (int i in _data.RandomIndices)
        {
            sum += list[i];
        }

        return sum;
    }

    [Benchmark(OperationsPerInvoke = ListData.ReadsPerInvoke)]
    public int ImmutableArray()
    {
        var array = _data.ImmutableArr;
        int sum = 0;
        foreach (int i in _data.RandomIndices)
        {
            sum += array[i];
        }

        return sum;
    }

    [Benchmark(OperationsPerInvoke = ListData.ReadsPerInvoke)]
    public int LockedCopyArray()
    {
        var array = _data.Locked;
        int sum = 0;
        foreach (int i in _data.RandomIndices)
        {
            sum += array[i];
        }

        return sum;
    }

    [Benchmark(OperationsPerInvoke = ListData.ReadsPerInvoke)]
    public int FSharpxPersistentVector()
    {
        var vector = _data.Vector;
        int sum = 0;
        foreach (int i in _data.RandomIndices)
        {
            sum += vector[i];
        }

        return sum;
    }
}

/// <summary>foreach over every element (times are per element). Target: PersistentList &lt;= 1.5x List&lt;T&gt;, &gt;= 10x faster than ImmutableList.</summary>
[MemoryDiagnoser]
public class ListForeachBenchmarks
{
    private ListData _data = null!;

    [ParamsSource(typeof(BenchSizes), nameof(BenchSizes.Standard))]
    public int Size { get; set; }

    [GlobalSetup]
    public void Setup() => _data = new ListData(Size);

    [Benchmark(Baseline = true)]
    public int List_T()
    {
        int sum = 0;
        foreach (int x in _data.List)
        {
            sum += x;
        }

        return sum;
    }

    [Benchmark]
    public int PersistentList()
    {
        int sum = 0;
        foreach (int x in _data.Persistent)
        {
            sum += x;
        }

        return sum;
    }

    [Benchmark]
    public int CopyOnWriteList()
    {
        int sum = 0;
        foreach (int x in _data.Container)
        {
            sum += x;
        }

        return sum;
    }

    [Benchmark]
    public int ImmutableList()
    {
        int sum = 0;
        foreach (int x in _data.Immutable)
        {
            sum += x;
        }

        return sum;
    }

    [Benchmark]
    public int ImmutableArray()
    {
        int sum = 0;
        foreach (int x in _data.ImmutableArr)
        {
            sum += x;
        }

        return sum;
    }

    [Benchmark]
    public int LockedCopyArray()
    {
        int sum = 0;
        foreach (int x in _data.Locked)
        {
            sum += x;
        }

        return sum;
    }

    [Benchmark]
    public int FSharpxPersistentVector()
    {
        int sum = 0;
        foreach (int x in _data.Vector)
        {
            sum += x;
        }

        return sum;
    }
}

/// <summary>A loop over contiguous spans: PersistentList's Chunks against a plain array. Target: &lt;= 1.1x the T[] loop.</summary>
[MemoryDiagnoser]
public class ListChunkLoopBenchmarks
{
    private ListData _data = null!;

    [ParamsSource(typeof(BenchSizes), nameof(BenchSizes.Standard))]
    public int Size { get; set; }

    [GlobalSetup]
    public void Setup() => _data = new ListData(Size, all: false);

    [Benchmark(Baseline = true)]
    public int Array_loop()
    {
        int sum = 0;
        foreach (int x in _data.Array)
        {
            sum += x;
        }

        return sum;
    }

    [Benchmark]
    public int PersistentList_Chunks()
    {
        int sum = 0;
        foreach (ReadOnlySpan<int> chunk in _data.Persistent.Chunks)
        {
            foreach (int x in chunk)
            {
                sum += x;
            }
        }

        return sum;
    }

    [Benchmark]
    public int PersistentList_foreach()
    {
        int sum = 0;
        foreach (int x in _data.Persistent)
        {
            sum += x;
        }

        return sum;
    }
}
