using BenchmarkDotNet.Attributes;

namespace CowCollections.Benchmarks.List;

/// <summary>
/// Lists of at most 16 elements (listener registries): reading every element by index. Target: PersistentList
/// and CopyOnWriteList &lt;= 1.2x the lock-and-copy array.
/// </summary>
[MemoryDiagnoser]
public class SmallListReadBenchmarks
{
    private ListData _data = null!;

    [Params(4, 16)]
    public int Size { get; set; }

    [GlobalSetup]
    public void Setup() => _data = new ListData(Size);

    [Benchmark(Baseline = true)]
    public int LockedCopyArray()
    {
        var array = _data.Locked.Snapshot;
        int sum = 0;
        for (int i = 0; i < array.Length; i++)
        {
            sum += array[i];
        }

        return sum;
    }

    [Benchmark]
    public int PersistentList()
    {
        var list = _data.Persistent;
        int sum = 0;
        for (int i = 0; i < list.Count; i++)
        {
            sum += list[i];
        }

        return sum;
    }

    [Benchmark]
    public int CopyOnWriteList_Snapshot()
    {
        var list = _data.Container.Snapshot;
        int sum = 0;
        for (int i = 0; i < list.Count; i++)
        {
            sum += list[i];
        }

        return sum;
    }

    [Benchmark]
    public int ImmutableArray()
    {
        var array = _data.ImmutableArr;
        int sum = 0;
        for (int i = 0; i < array.Length; i++)
        {
            sum += array[i];
        }

        return sum;
    }
}

/// <summary>Lists of at most 16 elements: foreach over a snapshot. Target: PersistentList and CopyOnWriteList &lt;= 1.2x the lock-and-copy array.</summary>
[MemoryDiagnoser]
public class SmallListForeachBenchmarks
{
    private ListData _data = null!;

    [Params(4, 16)]
    public int Size { get; set; }

    [GlobalSetup]
    public void Setup() => _data = new ListData(Size);

    [Benchmark(Baseline = true)]
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
    public int ImmutableArray()
    {
        int sum = 0;
        foreach (int x in _data.ImmutableArr)
        {
            sum += x;
        }

        return sum;
    }
}
