using System.Collections.Immutable;
using BenchmarkDotNet.Attributes;
using FSharpx.Collections;

namespace CowCollections.Benchmarks.List;

/// <summary>
/// Add to a persistent version: 64 successive adds starting from the size-n version (two full tail cycles),
/// so the time per add is amortized. Target: PersistentList &lt;= 40 ns and &gt;= 8x faster than ImmutableList.
/// The lock-and-copy array starts each invocation from the size-n array (sharing it, O(1)) and copies it per add.
/// </summary>
[MemoryDiagnoser]
public class ListAddBenchmarks
{
    private const int Adds = 64;
    private ListData _data = null!;

    [ParamsSource(typeof(BenchSizes), nameof(BenchSizes.Standard))]
    public int Size { get; set; }

    [GlobalSetup]
    public void Setup() => _data = new ListData(Size);

    [Benchmark(Baseline = true, OperationsPerInvoke = Adds)]
    public ImmutableList<int> ImmutableList()
    {
        var list = _data.Immutable;
        for (int i = 0; i < Adds; i++)
        {
            list = list.Add(i);
        }

        return list;
    }

    [Benchmark(OperationsPerInvoke = Adds)]
    public PersistentList<int> PersistentList()
    {
        var list = _data.Persistent;
        for (int i = 0; i < Adds; i++)
        {
            list = list.Add(i);
        }

        return list;
    }

    [Benchmark(OperationsPerInvoke = Adds)]
    public CopyOnWriteList<int> CopyOnWriteList()
    {
        var list = new CopyOnWriteList<int>(_data.Persistent);
        for (int i = 0; i < Adds; i++)
        {
            list.Add(i);
        }

        return list;
    }

    [Benchmark(OperationsPerInvoke = Adds)]
    public ImmutableArray<int> ImmutableArray()
    {
        var array = _data.ImmutableArr;
        for (int i = 0; i < Adds; i++)
        {
            array = array.Add(i);
        }

        return array;
    }

    [Benchmark(OperationsPerInvoke = Adds)]
    public LockedCopyArray<int> LockedCopyArray()
    {
        var array = new LockedCopyArray<int>(_data.Array);
        for (int i = 0; i < Adds; i++)
        {
            array.Add(i);
        }

        return array;
    }

    [Benchmark(OperationsPerInvoke = Adds)]
    public PersistentVector<int> FSharpxPersistentVector()
    {
        var vector = _data.Vector;
        for (int i = 0; i < Adds; i++)
        {
            vector = vector.Conj(i);
        }

        return vector;
    }
}

/// <summary>Building a list of n elements by appends to a mutable builder (times are per add). Target: PersistentList.Builder &lt;= 2x List&lt;T&gt;.Add.</summary>
[MemoryDiagnoser]
public class ListBuilderAddBenchmarks
{
    [ParamsSource(typeof(BenchSizes), nameof(BenchSizes.Standard))]
    public int Size { get; set; }

    [Benchmark(Baseline = true)]
    public List<int> List_T_Add()
    {
        var list = new List<int>();
        for (int i = 0; i < Size; i++)
        {
            list.Add(i);
        }

        return list;
    }

    [Benchmark]
    public PersistentList<int> PersistentList_Builder_Add()
    {
        var builder = PersistentList.CreateBuilder<int>();
        for (int i = 0; i < Size; i++)
        {
            builder.Add(i);
        }

        return builder.ToImmutable();
    }

    [Benchmark]
    public ImmutableList<int> ImmutableList_Builder_Add()
    {
        var builder = System.Collections.Immutable.ImmutableList.CreateBuilder<int>();
        for (int i = 0; i < Size; i++)
        {
            builder.Add(i);
        }

        return builder.ToImmutable();
    }

    [Benchmark]
    public ImmutableArray<int> ImmutableArray_Builder_Add()
    {
        var builder = System.Collections.Immutable.ImmutableArray.CreateBuilder<int>();
        for (int i = 0; i < Size; i++)
        {
            builder.Add(i);
        }

        return builder.ToImmutable();
    }

    /// <summary>FSharpx exposes no public transient; ofSeq appends through its internal transient.</summary>
    [Benchmark]
    public PersistentVector<int> FSharpxPersistentVector_ofSeq() => PersistentVector.ofSeq(Enumerable.Range(0, Size));
}

/// <summary>
/// SetItem at 64 precomputed random indices of the size-n version (times are per SetItem; each makes a new version
/// of the same original). Targets: PersistentList &gt;= 3x faster than ImmutableList at 100K and 1M, faster at 1K.
/// </summary>
/// <typeparam name="T"><see cref="int"/> or 16-char <see cref="string"/> elements.</typeparam>
[MemoryDiagnoser]
[GenericTypeArguments(typeof(int))]
[GenericTypeArguments(typeof(string))]
public class ListSetItemBenchmarks<T>
{
    private const int Sets = 64;
    private ListData<T> _data = null!;
    private T[] _values = [];

    [ParamsSource(typeof(BenchSizes), nameof(BenchSizes.Standard))]
    public int Size { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _data = new ListData<T>(Size);
        _values = Enumerable.Range(0, Sets).Select(k => ListData<T>.Element(-k - 1)).ToArray();
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Sets)]
    public object ImmutableList()
    {
        var list = _data.Immutable;
        object last = list;
        for (int k = 0; k < Sets; k++)
        {
            last = list.SetItem(_data.RandomIndices[k], _values[k]);
        }

        return last;
    }

    [Benchmark(OperationsPerInvoke = Sets)]
    public object PersistentList()
    {
        var list = _data.Persistent;
        object last = list;
        for (int k = 0; k < Sets; k++)
        {
            last = list.SetItem(_data.RandomIndices[k], _values[k]);
        }

        return last;
    }

    [Benchmark(OperationsPerInvoke = Sets)]
    public object CopyOnWriteList()
    {
        var list = _data.Container;
        for (int k = 0; k < Sets; k++)
        {
            list[_data.RandomIndices[k]] = _values[k];
        }

        return list;
    }

    [Benchmark(OperationsPerInvoke = Sets)]
    public object FSharpxPersistentVector()
    {
        var vector = _data.Vector;
        object last = vector;
        for (int k = 0; k < Sets; k++)
        {
            last = vector.Update(_data.RandomIndices[k], _values[k]);
        }

        return last;
    }
}

/// <summary>
/// Insert in the middle of the size-n version. Target: PersistentList &gt;= 2x faster than ImmutableList at 100K and
/// 1M, faster at 1K; its cost grows less than 4x from 10K to 1M (O(log n)). FSharpx PersistentVector has no Insert.
/// </summary>
[MemoryDiagnoser]
public class ListInsertMiddleBenchmarks
{
    private ListData _data = null!;

    [ParamsSource(typeof(BenchSizes), nameof(BenchSizes.WithTenThousand))]
    public int Size { get; set; }

    [GlobalSetup]
    public void Setup() => _data = new ListData(Size);

    [Benchmark(Baseline = true)]
    public object ImmutableList() => _data.Immutable.Insert(Size / 2, -1);

    [Benchmark]
    public object PersistentList() => _data.Persistent.Insert(Size / 2, -1);

    [Benchmark]
    public object ImmutableArray() => _data.ImmutableArr.Insert(Size / 2, -1);

    [Benchmark]
    public object LockedCopyArray()
    {
        var array = new LockedCopyArray<int>(_data.Array);
        array.Insert(Size / 2, -1);
        return array;
    }
}

/// <summary>RemoveAt in the middle of the size-n version; targets as for Insert.</summary>
[MemoryDiagnoser]
public class ListRemoveAtMiddleBenchmarks
{
    private ListData _data = null!;

    [ParamsSource(typeof(BenchSizes), nameof(BenchSizes.WithTenThousand))]
    public int Size { get; set; }

    [GlobalSetup]
    public void Setup() => _data = new ListData(Size);

    [Benchmark(Baseline = true)]
    public object ImmutableList() => _data.Immutable.RemoveAt(Size / 2);

    [Benchmark]
    public object PersistentList() => _data.Persistent.RemoveAt(Size / 2);

    [Benchmark]
    public object ImmutableArray() => _data.ImmutableArr.RemoveAt(Size / 2);

    [Benchmark]
    public object LockedCopyArray()
    {
        var array = new LockedCopyArray<int>(_data.Array);
        array.RemoveAt(Size / 2);
        return array;
    }
}

/// <summary>Concatenating two lists of n elements. Target at 1M + 1M: PersistentList.AddRange(list) &gt;= 2x faster than ImmutableList.AddRange (an O(log n) join in .NET 10).</summary>
[MemoryDiagnoser]
public class ListConcatBenchmarks
{
    private ListData _data = null!;
    private PersistentList<int> _otherPersistent = null!;
    private ImmutableList<int> _otherImmutable = null!;
    private ImmutableArray<int> _otherArray;

    [ParamsSource(typeof(BenchSizes), nameof(BenchSizes.Standard))]
    public int Size { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _data = new ListData(Size);
        var other = Enumerable.Range(Size, Size).ToArray();
        _otherPersistent = CowCollections.PersistentList.Create<int>(other.AsSpan());
        _otherImmutable = System.Collections.Immutable.ImmutableList.CreateRange(other);
        _otherArray = System.Collections.Immutable.ImmutableArray.Create(other);
    }

    [Benchmark(Baseline = true)]
    public object ImmutableList() => _data.Immutable.AddRange(_otherImmutable);

    [Benchmark]
    public object PersistentList() => _data.Persistent.AddRange(_otherPersistent);

    [Benchmark]
    public object ImmutableArray() => _data.ImmutableArr.AddRange(_otherArray);
}

/// <summary>
/// Insert at 64 precomputed random indices, each into the size-n version (times are per Insert). Targets:
/// PersistentList &gt;= 2x faster than ImmutableList at 100K and 1M, faster at 1K.
/// </summary>
[MemoryDiagnoser]
public class ListInsertRandomBenchmarks
{
    private const int Ops = 64;
    private ListData _data = null!;

    [ParamsSource(typeof(BenchSizes), nameof(BenchSizes.Standard))]
    public int Size { get; set; }

    [GlobalSetup]
    public void Setup() => _data = new ListData(Size);

    [Benchmark(Baseline = true, OperationsPerInvoke = Ops)]
    public object ImmutableList()
    {
        var list = _data.Immutable;
        object last = list;
        for (int k = 0; k < Ops; k++)
        {
            last = list.Insert(_data.RandomIndices[k], -k);
        }

        return last;
    }

    [Benchmark(OperationsPerInvoke = Ops)]
    public object PersistentList()
    {
        var list = _data.Persistent;
        object last = list;
        for (int k = 0; k < Ops; k++)
        {
            last = list.Insert(_data.RandomIndices[k], -k);
        }

        return last;
    }
}

/// <summary>RemoveAt at 64 precomputed random indices, each from the size-n version (times are per RemoveAt); targets as for Insert.</summary>
[MemoryDiagnoser]
public class ListRemoveAtRandomBenchmarks
{
    private const int Ops = 64;
    private ListData _data = null!;

    [ParamsSource(typeof(BenchSizes), nameof(BenchSizes.Standard))]
    public int Size { get; set; }

    [GlobalSetup]
    public void Setup() => _data = new ListData(Size);

    [Benchmark(Baseline = true, OperationsPerInvoke = Ops)]
    public object ImmutableList()
    {
        var list = _data.Immutable;
        object last = list;
        for (int k = 0; k < Ops; k++)
        {
            last = list.RemoveAt(_data.RandomIndices[k]);
        }

        return last;
    }

    [Benchmark(OperationsPerInvoke = Ops)]
    public object PersistentList()
    {
        var list = _data.Persistent;
        object last = list;
        for (int k = 0; k < Ops; k++)
        {
            last = list.RemoveAt(_data.RandomIndices[k]);
        }

        return last;
    }
}

/// <summary>
/// Insert then RemoveAt at random indices into one evolving list (256 pairs per invocation, the list kept between
/// invocations): what a list that is edited in place over time pays once its nodes have room. No target; it shows
/// the cost after the first split of a full region, which the pristine-list classes above do not.
/// </summary>
[MemoryDiagnoser]
public class ListEvolvingEditBenchmarks
{
    private const int Pairs = 256;
    private ListData _data = null!;
    private System.Collections.Immutable.ImmutableList<int> _immutable = System.Collections.Immutable.ImmutableList<int>.Empty;
    private PersistentList<int> _persistent = CowCollections.PersistentList<int>.Empty;

    [ParamsSource(typeof(BenchSizes), nameof(BenchSizes.Standard))]
    public int Size { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _data = new ListData(Size);
        _immutable = _data.Immutable;
        _persistent = _data.Persistent;
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = 2 * Pairs)]
    public object ImmutableList()
    {
        var list = _immutable;
        for (int k = 0; k < Pairs; k++)
        {
            list = list.Insert(_data.RandomIndices[k], -k).RemoveAt(_data.RandomIndices[k + Pairs]);
        }

        _immutable = list;
        return list;
    }

    [Benchmark(OperationsPerInvoke = 2 * Pairs)]
    public object PersistentList()
    {
        var list = _persistent;
        for (int k = 0; k < Pairs; k++)
        {
            list = list.Insert(_data.RandomIndices[k], -k).RemoveAt(_data.RandomIndices[k + Pairs]);
        }

        _persistent = list;
        return list;
    }
}

/// <summary>GetRange of the middle half of the size-n list. Target at 1M: PersistentList &gt;= 10x faster than ImmutableList.GetRange.</summary>
[MemoryDiagnoser]
public class ListGetRangeBenchmarks
{
    private ListData _data = null!;

    [ParamsSource(typeof(BenchSizes), nameof(BenchSizes.Standard))]
    public int Size { get; set; }

    [GlobalSetup]
    public void Setup() => _data = new ListData(Size);

    [Benchmark(Baseline = true)]
    public object ImmutableList() => _data.Immutable.GetRange(Size / 4, Size / 2);

    [Benchmark]
    public object PersistentList() => _data.Persistent.GetRange(Size / 4, Size / 2);

    [Benchmark]
    public object ImmutableArray() => _data.ImmutableArr.Slice(Size / 4, Size / 2);
}
