using BenchmarkDotNet.Attributes;
using CowCollections.Segments;

namespace CowCollections.Benchmarks;

/// <summary>
/// Random reads of a 1M-element <c>PersistentArray&lt;int&gt;</c>: in memory (the baseline), mapped from a
/// segment file with its chunks already decoded (warm), and from a fresh open each operation (cold: open plus
/// first-touch decoding). 1,000 reads per operation, indexes precomputed. 1K under <c>COW_BENCH_SMOKE=1</c>.
/// </summary>
/// <remarks>
/// On disk an array is a list of chunks (docs/segment-format.md, "Array root"): for <c>int</c> a chunk is 256
/// values, a chunk-list leaf holds 32 chunks (32 KB) and a level-1 branch 32 leaves (1 MB), so a cold read
/// decodes a whole megabyte of chunks; a warm mapped array is an in-memory array.
/// </remarks>
[MemoryDiagnoser]
public class SegmentArrayReadBenchmarks
{
    private static readonly int N = BenchSizes.Pick(1_000, 1_000_000).Max();
    private const int Reads = 1000;
    private string? _dir;
    private string _path = "";
    private int[] _indexes = [];
    private PersistentArray<int> _memory = PersistentArray<int>.Empty;
    private PersistentArray<int> _mapped = PersistentArray<int>.Empty;
    private SegmentFile? _file;

    [GlobalSetup]
    public void Setup()
    {
        _dir = SegmentBenchmarkSupport.NewDirectory("array-read");
        _path = Path.Combine(_dir, "array.seg");
        _memory = PersistentArray.Create<int>(Enumerable.Range(0, N).ToArray());
        using (var writer = SegmentFile.OpenWrite(_path))
        {
            writer.Commit("a", _memory);
        }

        _file = SegmentFile.OpenRead(_path);
        _mapped = _file.Current.GetArray<int>("a");
        long sum = 0;
        foreach (ReadOnlySpan<int> chunk in _mapped.Chunks)
        {
            foreach (int x in chunk)
            {
                sum += x;
            }
        }

        var random = new Random(42);
        _indexes = Enumerable.Range(0, Reads).Select(_ => random.Next(N)).ToArray();
        long length = new FileInfo(_path).Length;
        Console.WriteLine($"// segment file of a {N:N0}-int array: {length:N0} bytes, {(double)length / N:F2} bytes per element; warm-up sum {sum:N0}");
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _file?.Dispose();
        SegmentBenchmarkSupport.Delete(_dir);
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Reads, Description = "in memory")]
    public long InMemory()
    {
        long sum = 0;
        var a = _memory;
        foreach (int i in _indexes)
        {
            sum += a[i];
        }

        return sum;
    }

    [Benchmark(OperationsPerInvoke = Reads, Description = "mapped segment (warm)")]
    public long Mapped()
    {
        long sum = 0;
        var a = _mapped;
        foreach (int i in _indexes)
        {
            sum += a[i];
        }

        return sum;
    }

    [Benchmark(OperationsPerInvoke = Reads, Description = "mapped segment (fresh open, cold chunks)")]
    public long MappedFreshOpen()
    {
        using var file = SegmentFile.OpenRead(_path);
        var a = file.Current.GetArray<int>("a");
        long sum = 0;
        foreach (int i in _indexes)
        {
            sum += a[i];
        }

        return sum;
    }
}

/// <summary>
/// Durable (fdatasync) commits of a 1M-element <c>PersistentArray&lt;int&gt;</c>: a one-element <c>SetItem</c> +
/// <c>Commit</c>, and a full commit into a new file; the same two for a <c>PersistentList&lt;int&gt;</c> of the
/// same values as the reference (the list one-element commit is the baseline). Bytes appended are printed in
/// the setup. 1K under <c>COW_BENCH_SMOKE=1</c>.
/// </summary>
[MemoryDiagnoser]
public class SegmentArrayCommitBenchmarks
{
    private static readonly int N = BenchSizes.Pick(1_000, 1_000_000).Max();
    private string? _dir;
    private SegmentFile? _arrayFile;
    private SegmentFile? _listFile;
    private PersistentArray<int> _array = PersistentArray<int>.Empty;
    private PersistentList<int> _list = PersistentList<int>.Empty;
    private PersistentArray<int> _fullArray = PersistentArray<int>.Empty;
    private PersistentList<int> _fullList = PersistentList<int>.Empty;
    private int _next;

    [GlobalSetup]
    public void Setup()
    {
        _dir = SegmentBenchmarkSupport.NewDirectory("array-commit");
        var values = Enumerable.Range(0, N).ToArray();
        _array = PersistentArray.Create<int>(values);
        _fullArray = PersistentArray.Create<int>(values);
        _list = PersistentList.Create<int>(values);
        _fullList = PersistentList.Create<int>(values);
        _arrayFile = SegmentFile.OpenWrite(Path.Combine(_dir, "array.seg"));
        _listFile = SegmentFile.OpenWrite(Path.Combine(_dir, "list.seg"));
        var arrayFull = _arrayFile.Commit("a", _array);
        var listFull = _listFile.Commit("xs", _list);
        var arrayOne = _arrayFile.Commit("a", _array.SetItem(N / 2, -1));
        var listOne = _listFile.Commit("xs", _list.SetItem(N / 2, -1));
        Console.WriteLine($"// full commit of {N:N0} ints: array {arrayFull.BytesAppended:N0} bytes, list {listFull.BytesAppended:N0} bytes");
        Console.WriteLine($"// one-element change appends: array {arrayOne.BytesAppended:N0} bytes, list {listOne.BytesAppended:N0} bytes");
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _arrayFile?.Dispose();
        _listFile?.Dispose();
        SegmentBenchmarkSupport.Delete(_dir);
    }

    [Benchmark(Baseline = true, Description = "list one-element commit (fdatasync)")]
    public long ListOneElement()
    {
        int k = (_next++ * 7919) % N;
        _list = _list.SetItem(k, -k);
        return _listFile!.Commit("xs", _list).BytesAppended;
    }

    [Benchmark(Description = "array one-element commit (fdatasync)")]
    public long ArrayOneElement()
    {
        int k = (_next++ * 7919) % N;
        _array = _array.SetItem(k, -k);
        return _arrayFile!.Commit("a", _array).BytesAppended;
    }

    [Benchmark(Description = "list full commit 1M (fdatasync)")]
    public long ListFull()
    {
        string dir = SegmentBenchmarkSupport.NewDirectory("list-full");
        try
        {
            using var file = SegmentFile.OpenWrite(Path.Combine(dir, "full.seg"));
            return file.Commit("xs", _fullList).BytesAppended;
        }
        finally
        {
            SegmentBenchmarkSupport.Delete(dir);
        }
    }

    [Benchmark(Description = "array full commit 1M (fdatasync)")]
    public long ArrayFull()
    {
        string dir = SegmentBenchmarkSupport.NewDirectory("array-full");
        try
        {
            using var file = SegmentFile.OpenWrite(Path.Combine(dir, "full.seg"));
            return file.Commit("a", _fullArray).BytesAppended;
        }
        finally
        {
            SegmentBenchmarkSupport.Delete(dir);
        }
    }
}
