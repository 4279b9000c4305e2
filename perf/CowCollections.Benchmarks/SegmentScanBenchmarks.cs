using System.Buffers.Binary;
using BenchmarkDotNet.Attributes;
using CowCollections.Segments;
using LightningDB;

namespace CowCollections.Benchmarks;

/// <summary>
/// A full scan of an <c>int</c> list: every element read once, in order, in memory, from a mapped segment (its
/// nodes already decoded, and from a fresh open that decodes every node) and with an LMDB cursor over the same
/// values. The scan of a file larger than the managed heap is the fresh-open case run under a heap limit (see
/// docs/segment-format.md, "Larger than RAM", for the commands and what bounds the heap).
/// </summary>
[MemoryDiagnoser]
public class SegmentScanBenchmarks
{
    private string? _dir;
    private string _path = "";
    private PersistentList<int> _memory = PersistentList<int>.Empty;
    private PersistentList<int> _mapped = PersistentList<int>.Empty;
    private SegmentFile? _file;
    private LightningEnvironment? _env;
    private LightningDatabase? _db;

    /// <summary>1K and 1M elements (1K only under <c>COW_BENCH_SMOKE=1</c>, the CI dry run).</summary>
    public static IEnumerable<int> Sizes => BenchSizes.Pick(1_000, 1_000_000);

    [ParamsSource(nameof(Sizes))]
    public int N { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _dir = SegmentBenchmarkSupport.NewDirectory("scan");
        _path = Path.Combine(_dir, "scan.seg");
        _memory = PersistentList.CreateRange(Enumerable.Range(0, N));
        using (var writer = SegmentFile.OpenWrite(_path))
        {
            writer.Commit("xs", _memory);
        }

        _file = SegmentFile.OpenRead(_path);
        _mapped = _file.Current.GetList<int>("xs");
        _ = Sum(_mapped);
        string lmdbDir = Path.Combine(_dir, "lmdb");
        Directory.CreateDirectory(lmdbDir);
        (_env, _db) = SegmentBenchmarkSupport.Lmdb(lmdbDir, N);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _db?.Dispose();
        _env?.Dispose();
        _file?.Dispose();
        SegmentBenchmarkSupport.Delete(_dir);
    }

    [Benchmark(Baseline = true, Description = "in memory")]
    public long InMemory() => Sum(_memory);

    [Benchmark(Description = "mapped segment (warm: nodes decoded)")]
    public long MappedWarm() => Sum(_mapped);

    [Benchmark(Description = "mapped segment (fresh open: decodes every node)")]
    public long MappedFreshOpen()
    {
        using var file = SegmentFile.OpenRead(_path);
        return Sum(file.Current.GetList<int>("xs"));
    }

    [Benchmark(Description = "mapped segment (fresh open, ScanList: nothing kept)")]
    public long ScanListFreshOpen()
    {
        using var file = SegmentFile.OpenRead(_path);
        long sum = 0;
        foreach (int x in file.Current.ScanList<int>("xs"))
        {
            sum += x;
        }

        return sum;
    }

    [Benchmark(Description = "LMDB cursor (LightningDB)")]
    public long LmdbCursor()
    {
        long sum = 0;
        using var tx = _env!.BeginTransaction(TransactionBeginFlags.ReadOnly);
        using var cursor = tx.CreateCursor(_db!);
        for (var (code, _, value) = cursor.Next(); code == MDBResultCode.Success; (code, _, value) = cursor.Next())
        {
            sum += BinaryPrimitives.ReadInt32LittleEndian(value.AsSpan());
        }

        return sum;
    }

    private static long Sum(PersistentList<int> list)
    {
        long sum = 0;
        foreach (int x in list)
        {
            sum += x;
        }

        return sum;
    }
}
