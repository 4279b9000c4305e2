using BenchmarkDotNet.Attributes;

namespace CowCollections.Benchmarks.List;

/// <summary>
/// Random index reads over a <b>hot set</b>: the same 1,024 precomputed random indices every invocation, so the
/// structure's path to them stays in cache and the time is instructions (times are per read). Targets:
/// PersistentList &lt;= 1.5x <c>List&lt;T&gt;</c> at 1K, &lt;= 2x at 100K, &lt;= 2.5x at 1M; &gt;= 10x faster than
/// ImmutableList at every size.
/// </summary>
/// <typeparam name="T"><see cref="int"/> or 16-char <see cref="string"/> elements.</typeparam>
[MemoryDiagnoser]
[GenericTypeArguments(typeof(int))]
[GenericTypeArguments(typeof(string))]
public class ListHotReadBenchmarks<T>
{
    private ListData<T> _data = null!;

    [ParamsSource(typeof(BenchSizes), nameof(BenchSizes.Standard))]
    public int Size { get; set; }

    [GlobalSetup]
    public void Setup() => _data = new ListData<T>(Size);

    [Benchmark(Baseline = true, OperationsPerInvoke = ListData<T>.ReadsPerInvoke)]
    public nint List_T()
    {
        var list = _data.List;
        nint sum = 0;
        foreach (int i in _data.RandomIndices)
        {
            sum += ReadBits.Of(list[i]);
        }

        return sum;
    }

    [Benchmark(OperationsPerInvoke = ListData<T>.ReadsPerInvoke)]
    public nint PersistentList()
    {
        var list = _data.Persistent;
        nint sum = 0;
        foreach (int i in _data.RandomIndices)
        {
            sum += ReadBits.Of(list[i]);
        }

        return sum;
    }

    [Benchmark(OperationsPerInvoke = ListData<T>.ReadsPerInvoke)]
    public nint CopyOnWriteList()
    {
        var list = _data.Container;
        nint sum = 0;
        foreach (int i in _data.RandomIndices)
        {
            sum += ReadBits.Of(list[i]);
        }

        return sum;
    }

    [Benchmark(OperationsPerInvoke = ListData<T>.ReadsPerInvoke)]
    public nint ImmutableList()
    {
        var list = _data.Immutable;
        nint sum = 0;
        foreach (int i in _data.RandomIndices)
        {
            sum += ReadBits.Of(list[i]);
        }

        return sum;
    }

    [Benchmark(OperationsPerInvoke = ListData<T>.ReadsPerInvoke)]
    public nint ImmutableArray()
    {
        var array = _data.ImmutableArr;
        nint sum = 0;
        foreach (int i in _data.RandomIndices)
        {
            sum += ReadBits.Of(array[i]);
        }

        return sum;
    }

    [Benchmark(OperationsPerInvoke = ListData<T>.ReadsPerInvoke)]
    public nint FSharpxPersistentVector()
    {
        var vector = _data.Vector;
        nint sum = 0;
        foreach (int i in _data.RandomIndices)
        {
            sum += ReadBits.Of(vector[i]);
        }

        return sum;
    }
}

/// <summary>
/// Random index reads over the <b>whole structure</b>: 1M (2^20) precomputed uniform random indices over [0, n)
/// per invocation, so each read pays for the memory a large list really occupies (times are per read). Targets:
/// PersistentList &lt;= 3x <c>List&lt;T&gt;</c> at 100K, &lt;= 4x at 1M.
/// </summary>
/// <typeparam name="T"><see cref="int"/> or 16-char <see cref="string"/> elements.</typeparam>
[MemoryDiagnoser]
[GenericTypeArguments(typeof(int))]
[GenericTypeArguments(typeof(string))]
public class ListWholeReadBenchmarks<T>
{
    private const int Reads = 1 << 20;
    private ListData<T> _data = null!;
    private int[] _indices = [];

    [ParamsSource(typeof(BenchSizes), nameof(BenchSizes.Standard))]
    public int Size { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _data = new ListData<T>(Size);
        var random = new Random(7);
        _indices = new int[Reads];
        for (int i = 0; i < Reads; i++)
        {
            _indices[i] = random.Next(Size);
        }
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Reads)]
    public nint List_T()
    {
        var list = _data.List;
        nint sum = 0;
        foreach (int i in _indices)
        {
            sum += ReadBits.Of(list[i]);
        }

        return sum;
    }

    [Benchmark(OperationsPerInvoke = Reads)]
    public nint PersistentList()
    {
        var list = _data.Persistent;
        nint sum = 0;
        foreach (int i in _indices)
        {
            sum += ReadBits.Of(list[i]);
        }

        return sum;
    }

    [Benchmark(OperationsPerInvoke = Reads)]
    public nint ImmutableList()
    {
        var list = _data.Immutable;
        nint sum = 0;
        foreach (int i in _indices)
        {
            sum += ReadBits.Of(list[i]);
        }

        return sum;
    }

    [Benchmark(OperationsPerInvoke = Reads)]
    public nint Array()
    {
        var array = _data.Array;
        nint sum = 0;
        foreach (int i in _indices)
        {
            sum += ReadBits.Of(array[i]);
        }

        return sum;
    }
}

/// <summary>
/// Folds a read element into a checksum without touching what it points to: the value of an <c>int</c>, the
/// address of a reference (so a <c>string</c> read costs the same load in every structure, not a string access).
/// </summary>
internal static class ReadBits
{
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    public static nint Of<T>(T value) =>
        typeof(T) == typeof(int) ? (int)(object)value! : System.Runtime.CompilerServices.Unsafe.As<T, nint>(ref value);
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
