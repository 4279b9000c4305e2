using System.Buffers.Binary;
using BenchmarkDotNet.Attributes;
using CowCollections.Segments;
using LightningDB;

namespace CowCollections.Benchmarks;

/// <summary>
/// Opening a segment file: header slots + root table + map, O(1) in the file size (target:
/// the 1M open within 2x of the 1K open, under 1 ms).
/// </summary>
[MemoryDiagnoser]
public class SegmentOpenBenchmarks
{
    private string? _dir;
    private string _path = "";

    /// <summary>1K and 1M entries (1K only under <c>COW_BENCH_SMOKE=1</c>, the CI dry run).</summary>
    public static IEnumerable<int> Sizes => BenchSizes.Pick(1_000, 1_000_000);

    [ParamsSource(nameof(Sizes))]
    public int N { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _dir = SegmentBenchmarkSupport.NewDirectory("open");
        _path = Path.Combine(_dir, "open.seg");
        using var file = SegmentFile.OpenWrite(_path);
        file.Commit("xs", PersistentList.CreateRange(Enumerable.Range(0, N)));
        Console.WriteLine($"// segment file of {N:N0} ints: {new FileInfo(_path).Length:N0} bytes, {(double)new FileInfo(_path).Length / N:F2} bytes per entry");
    }

    [GlobalCleanup]
    public void Cleanup() => SegmentBenchmarkSupport.Delete(_dir);

    [Benchmark(Baseline = true, Description = "open (header, root table, map, list root)")]
    public int Open()
    {
        using var file = SegmentFile.OpenRead(_path);
        return file.Current.GetList<int>("xs").Count;
    }

    [Benchmark(Description = "open + one read (decodes one root-to-leaf path)")]
    public int OpenAndRead()
    {
        using var file = SegmentFile.OpenRead(_path);
        var xs = file.Current.GetList<int>("xs");
        return xs[N / 2];
    }
}

/// <summary>
/// Random lookups in 1M int entries: in memory, mapped from a segment file (warm, and from a fresh open),
/// and LMDB through LightningDB on the same data. 1,000 lookups per operation.
/// </summary>
/// <remarks>
/// The segment side is a <c>PersistentList&lt;int&gt;</c> indexed by key; the dictionary lookups are in
/// <c>SegmentDictionaryBenchmarks</c>.
/// </remarks>
[MemoryDiagnoser]
public class SegmentLookupBenchmarks
{
    private static readonly int N = BenchSizes.Pick(1_000, 1_000_000).Max();
    private const int Lookups = 1000;
    private string? _dir;
    private string _path = "";
    private int[] _keys = [];
    private PersistentList<int> _memory = PersistentList<int>.Empty;
    private PersistentList<int> _mapped = PersistentList<int>.Empty;
    private SegmentFile? _file;
    private LightningEnvironment? _env;
    private LightningDatabase? _db;

    [GlobalSetup]
    public void Setup()
    {
        _dir = SegmentBenchmarkSupport.NewDirectory("lookup");
        _path = Path.Combine(_dir, "lookup.seg");
        _memory = PersistentList.CreateRange(Enumerable.Range(0, N));
        using (var writer = SegmentFile.OpenWrite(_path))
        {
            writer.Commit("xs", _memory);
        }

        _file = SegmentFile.OpenRead(_path);
        _mapped = _file.Current.GetList<int>("xs");
        var random = new Random(42);
        _keys = Enumerable.Range(0, Lookups).Select(_ => random.Next(N)).ToArray();
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

    [Benchmark(Baseline = true, OperationsPerInvoke = Lookups, Description = "in memory")]
    public long InMemory()
    {
        long sum = 0;
        var xs = _memory;
        foreach (int k in _keys)
        {
            sum += xs[k];
        }

        return sum;
    }

    [Benchmark(OperationsPerInvoke = Lookups, Description = "mapped segment (warm)")]
    public long Mapped()
    {
        long sum = 0;
        var xs = _mapped;
        foreach (int k in _keys)
        {
            sum += xs[k];
        }

        return sum;
    }

    [Benchmark(OperationsPerInvoke = Lookups, Description = "mapped segment (fresh open, cold nodes)")]
    public long MappedFreshOpen()
    {
        using var file = SegmentFile.OpenRead(_path);
        var xs = file.Current.GetList<int>("xs");
        long sum = 0;
        foreach (int k in _keys)
        {
            sum += xs[k];
        }

        return sum;
    }

    [Benchmark(OperationsPerInvoke = Lookups, Description = "LMDB (LightningDB)")]
    public long Lmdb() => SegmentBenchmarkSupport.LmdbSum(_env!, _db!, _keys);
}

/// <summary>
/// Commits, durable (fdatasync) on both sides: a one-entry change to a 1M-entry collection, and a full write of
/// 1M entries into a new file, against LMDB put + commit and an LMDB bulk load.
/// </summary>
[MemoryDiagnoser]
public class SegmentCommitBenchmarks
{
    private static readonly int N = BenchSizes.Pick(1_000, 1_000_000).Max();
    private string? _dir;
    private SegmentFile? _file;
    private PersistentList<int> _list = PersistentList<int>.Empty;
    private LightningEnvironment? _env;
    private LightningDatabase? _db;
    private int _next;
    private PersistentList<int> _full = PersistentList<int>.Empty;

    [GlobalSetup]
    public void Setup()
    {
        _dir = SegmentBenchmarkSupport.NewDirectory("commit");
        _list = PersistentList.CreateRange(Enumerable.Range(0, N));
        _full = PersistentList.CreateRange(Enumerable.Range(0, N));
        _file = SegmentFile.OpenWrite(Path.Combine(_dir, "commit.seg"));
        _file.Commit("xs", _list);
        string lmdbDir = Path.Combine(_dir, "lmdb");
        Directory.CreateDirectory(lmdbDir);
        (_env, _db) = SegmentBenchmarkSupport.Lmdb(lmdbDir, N);
        var one = _file.Commit("xs", _list.SetItem(N / 2, -1));
        Console.WriteLine($"// one-entry change appends {one.BytesAppended:N0} bytes; LMDB: {SegmentBenchmarkSupport.LmdbLibrary}");
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _file?.Dispose();
        _db?.Dispose();
        _env?.Dispose();
        SegmentBenchmarkSupport.Delete(_dir);
    }

    [Benchmark(Baseline = true, Description = "LMDB put + commit (fdatasync)")]
    public void LmdbOneKey()
    {
        int k = (_next++ * 7919) % N;
        Span<byte> key = stackalloc byte[4];
        Span<byte> value = stackalloc byte[4];
        SegmentBenchmarkSupport.Key(k, key);
        BinaryPrimitives.WriteInt32LittleEndian(value, -k);
        using var tx = _env!.BeginTransaction();
        tx.Put(_db!, key, value);
        tx.Commit();
    }

    [Benchmark(Description = "segment one-entry commit (fdatasync)")]
    public long SegmentOneKey()
    {
        int k = (_next++ * 7919) % N;
        _list = _list.SetItem(k, -k);
        return _file!.Commit("xs", _list).BytesAppended;
    }

    [Benchmark(Description = "LMDB bulk load 1M (fdatasync)")]
    public void LmdbFull()
    {
        string dir = SegmentBenchmarkSupport.NewDirectory("lmdb-full");
        try
        {
            var (env, db) = SegmentBenchmarkSupport.Lmdb(dir, N);
            db.Dispose();
            env.Dispose();
        }
        finally
        {
            SegmentBenchmarkSupport.Delete(dir);
        }
    }

    [Benchmark(Description = "segment full commit 1M (fdatasync)")]
    public long SegmentFull()
    {
        string dir = SegmentBenchmarkSupport.NewDirectory("seg-full");
        try
        {
            using var file = SegmentFile.OpenWrite(Path.Combine(dir, "full.seg"));
            return file.Commit("xs", _full).BytesAppended;
        }
        finally
        {
            SegmentBenchmarkSupport.Delete(dir);
        }
    }
}
