using System.Buffers.Binary;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Engines;
using CowCollections.Segments;
using LightningDB;

namespace CowCollections.Benchmarks;

/// <summary>
/// Data shared by the segment dictionary suites: <c>n</c> distinct random <c>int</c> keys from a seeded
/// <see cref="Random"/> (sequential ints would give the default comparer an unrealistically dense trie), value
/// = the key's index, and the same pairs in LMDB.
/// </summary>
internal static class SegmentDictionaryData
{
    public const string Root = "d";

    /// <summary><paramref name="n"/> distinct non-negative random keys, in generation (random) order, and their values (0..n-1).</summary>
    public static (int[] Keys, int[] Values) Make(int n, int seed = 42)
    {
        var random = new Random(seed);
        var seen = new HashSet<int>(n);
        var keys = new int[n];
        int i = 0;
        while (i < n)
        {
            int k = random.Next();
            if (seen.Add(k))
            {
                keys[i++] = k;
            }
        }

        return (keys, Enumerable.Range(0, n).ToArray());
    }

    public static IEnumerable<KeyValuePair<int, int>> Pairs(int[] keys, int[] values) =>
        keys.Select((k, i) => new KeyValuePair<int, int>(k, values[i]));

    /// <summary>With the default comparer (what a user builds without thinking about segments).</summary>
    public static PersistentDictionary<int, int> WithDefaultComparer(int[] keys, int[] values) =>
        PersistentDictionary.CreateRange(Pairs(keys, values));

    /// <summary>With the format's key comparer: the same shape (hashes, node layout) as the dictionary on disk.</summary>
    public static PersistentDictionary<int, int> WithFormatComparer(int[] keys, int[] values) =>
        PersistentDictionary.CreateRange(SegmentCodecs.KeyComparer<int>(), Pairs(keys, values));

    /// <summary>The pairs sorted by LMDB's key order (big-endian bytes, so unsigned order), for append-mode loads.</summary>
    public static (int[] Keys, int[] Values) SortedForLmdb(int[] keys, int[] values)
    {
        int[] order = Enumerable.Range(0, keys.Length).OrderBy(i => (uint)keys[i]).ToArray();
        return (order.Select(i => keys[i]).ToArray(), order.Select(i => values[i]).ToArray());
    }

    public static string Describe(string what, long bytes, int n) =>
        $"// {what}: {bytes:N0} bytes for {n:N0} <int,int> entries, {(double)bytes / n:F2} bytes per entry, {(double)bytes / (8L * n):F2}x the raw {8L * n:N0}-byte payload";
}

/// <summary>
/// Opening a segment file holding one <c>&lt;int,int&gt;</c> dictionary: header slots + root table + map +
/// dictionary root, O(1) in the file size (target: the 1M open within 2x of the 1K open, under 1 ms).
/// </summary>
[MemoryDiagnoser]
public class SegmentDictionaryOpenBenchmarks
{
    private string? _dir;
    private string _path = "";
    private int _probe;
    private int _expected;

    /// <summary>1K and 1M entries (1K only under <c>COW_BENCH_SMOKE=1</c>, the CI dry run).</summary>
    public static IEnumerable<int> Sizes => BenchSizes.Pick(1_000, 1_000_000);

    [ParamsSource(nameof(Sizes))]
    public int N { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _dir = SegmentBenchmarkSupport.NewDirectory("dict-open");
        _path = Path.Combine(_dir, "open.seg");
        var (keys, values) = SegmentDictionaryData.Make(N);
        using (var file = SegmentFile.OpenWrite(_path))
        {
            file.Commit(SegmentDictionaryData.Root, SegmentDictionaryData.WithFormatComparer(keys, values));
        }

        _probe = keys[N / 2];
        _expected = values[N / 2];
        Console.WriteLine(SegmentDictionaryData.Describe("segment file", new FileInfo(_path).Length, N));
        if (OpenAndLookup() != _expected || Open() != N)
        {
            throw new InvalidOperationException("The opened dictionary does not hold what was committed.");
        }
    }

    [GlobalCleanup]
    public void Cleanup() => SegmentBenchmarkSupport.Delete(_dir);

    [Benchmark(Baseline = true, Description = "open (header, root table, map, dictionary root)")]
    public int Open()
    {
        using var file = SegmentFile.OpenRead(_path);
        return file.Current.GetDictionary<int, int>(SegmentDictionaryData.Root).Count;
    }

    [Benchmark(Description = "open + one lookup (decodes the records on its path)")]
    public int OpenAndLookup()
    {
        using var file = SegmentFile.OpenRead(_path);
        var d = file.Current.GetDictionary<int, int>(SegmentDictionaryData.Root);
        return d.TryGetValue(_probe, out int value) ? value : -1;
    }
}

/// <summary>
/// Random lookups in a 1M-entry <c>&lt;int,int&gt;</c> dictionary (random keys): in memory with the default
/// comparer (baseline) and with the format's key comparer (the shape it has on disk), mapped from a segment
/// file (warm, and from a fresh open), and LMDB through LightningDB on the same pairs. 1,000 lookups of
/// present keys per operation; times are per lookup.
/// </summary>
/// <remarks>
/// A cold lookup decodes one node record per level of its path: a node's external sub-nodes start as shells, each
/// read when a walk first reaches it.
/// </remarks>
[MemoryDiagnoser]
public class SegmentDictionaryLookupBenchmarks
{
    private static readonly int N = BenchSizes.Pick(1_000, 1_000_000).Max();
    private const int Lookups = 1000;
    private string? _dir;
    private string _path = "";
    private int[] _probes = [];
    private PersistentDictionary<int, int> _memory = PersistentDictionary<int, int>.Empty;
    private PersistentDictionary<int, int> _memoryFormat = PersistentDictionary<int, int>.Empty;
    private PersistentDictionary<int, int> _mapped = PersistentDictionary<int, int>.Empty;
    private SegmentFile? _file;
    private LightningEnvironment? _env;
    private LightningDatabase? _db;

    [GlobalSetup]
    public void Setup()
    {
        _dir = SegmentBenchmarkSupport.NewDirectory("dict-lookup");
        _path = Path.Combine(_dir, "lookup.seg");
        var (keys, values) = SegmentDictionaryData.Make(N);
        _memory = SegmentDictionaryData.WithDefaultComparer(keys, values);
        _memoryFormat = SegmentDictionaryData.WithFormatComparer(keys, values);
        using (var writer = SegmentFile.OpenWrite(_path))
        {
            writer.Commit(SegmentDictionaryData.Root, _memoryFormat);
        }

        _file = SegmentFile.OpenRead(_path);
        _mapped = _file.Current.GetDictionary<int, int>(SegmentDictionaryData.Root);
        var random = new Random(7);
        _probes = Enumerable.Range(0, Lookups).Select(_ => keys[random.Next(N)]).ToArray();
        string lmdbDir = Path.Combine(_dir, "lmdb");
        Directory.CreateDirectory(lmdbDir);
        var (sortedKeys, sortedValues) = SegmentDictionaryData.SortedForLmdb(keys, values);
        (_env, _db) = SegmentBenchmarkSupport.Lmdb(lmdbDir, sortedKeys, sortedValues);

        // Every variant must find the same values (warms the mapped dictionary's nodes on the probe paths too).
        long expected = InMemory();
        var sums = new[] { InMemoryFormatComparer(), Mapped(), MappedFreshOpen(), Lmdb() };
        if (sums.Any(s => s != expected))
        {
            throw new InvalidOperationException($"Lookup variants disagree: {expected} vs {string.Join(", ", sums)}.");
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _db?.Dispose();
        _env?.Dispose();
        _file?.Dispose();
        SegmentBenchmarkSupport.Delete(_dir);
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Lookups, Description = "in memory (default comparer)")]
    public long InMemory() => Sum(_memory);

    [Benchmark(OperationsPerInvoke = Lookups, Description = "in memory (format key comparer, on-disk shape)")]
    public long InMemoryFormatComparer() => Sum(_memoryFormat);

    [Benchmark(OperationsPerInvoke = Lookups, Description = "mapped segment (warm)")]
    public long Mapped() => Sum(_mapped);

    [Benchmark(OperationsPerInvoke = Lookups, Description = "mapped segment (fresh open, cold nodes)")]
    public long MappedFreshOpen()
    {
        using var file = SegmentFile.OpenRead(_path);
        return Sum(file.Current.GetDictionary<int, int>(SegmentDictionaryData.Root));
    }

    [Benchmark(OperationsPerInvoke = Lookups, Description = "LMDB (LightningDB)")]
    public long Lmdb() => SegmentBenchmarkSupport.LmdbSum(_env!, _db!, _probes);

    private long Sum(PersistentDictionary<int, int> d)
    {
        long sum = 0;
        foreach (int k in _probes)
        {
            if (d.TryGetValue(k, out int v))
            {
                sum += v;
            }
        }

        return sum;
    }
}

/// <summary>
/// Dictionary commits, durable (fdatasync) on both sides, in two groups with their own baseline:
/// <list type="bullet">
/// <item>"one key": a one-key change to a 1M-entry dictionary (a different key every invocation, to a value it never
/// had, so every commit writes) against LMDB put + commit. The segment side is measured with the default comparer
/// (converted by the <c>Diff</c> against the previous commit) and with the format's comparer (no conversion).</item>
/// <item>"full": 1M <c>&lt;int,int&gt;</c> into a new file against an LMDB bulk load (pre-sorted keys in append
/// mode, LMDB's best case) into a new environment. The default-comparer case includes the O(n) conversion.</item>
/// </list>
/// Bytes appended per one-key commit and file bytes per entry of the full commit are printed as <c>//</c> lines
/// (once from the set-up, and a summary of every measured commit from the clean-up).
/// </summary>
[MemoryDiagnoser]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class SegmentDictionaryCommitBenchmarks
{
    private const string OneKey = "one key";
    private const string Full = "full";
    private static readonly int N = BenchSizes.Pick(1_000, 1_000_000).Max();
    private readonly List<string> _fullDirs = [];
    private readonly Stats _defaultStats = new("segment one-key commits (default comparer), bytes appended", perEntry: false);
    private readonly Stats _formatStats = new("segment one-key commits (format comparer), bytes appended", perEntry: false);
    private readonly Stats _fullStats = new("segment full commits, file bytes", perEntry: true);
    private string? _dir;
    private int[] _keys = [];
    private int[] _sortedKeys = [];
    private int[] _sortedValues = [];
    private PersistentDictionary<int, int> _fullDefault = PersistentDictionary<int, int>.Empty;
    private PersistentDictionary<int, int> _fullFormat = PersistentDictionary<int, int>.Empty;
    private SegmentFile? _defaultFile;
    private SegmentFile? _formatFile;
    private PersistentDictionary<int, int> _defaultDict = PersistentDictionary<int, int>.Empty;
    private PersistentDictionary<int, int> _formatDict = PersistentDictionary<int, int>.Empty;
    private LightningEnvironment? _env;
    private LightningDatabase? _db;
    private int _next;

    [GlobalSetup]
    public void Setup()
    {
        _dir = SegmentBenchmarkSupport.NewDirectory("dict-commit");
        int[] values;
        (_keys, values) = SegmentDictionaryData.Make(N);
        (_sortedKeys, _sortedValues) = SegmentDictionaryData.SortedForLmdb(_keys, values);
        _fullDefault = SegmentDictionaryData.WithDefaultComparer(_keys, values);
        _fullFormat = SegmentDictionaryData.WithFormatComparer(_keys, values);
        _defaultDict = _fullDefault;
        _formatDict = _fullFormat;

        // Initial full commits (the default-comparer one is converted here, O(n); later commits convert the Diff).
        _defaultFile = SegmentFile.OpenWrite(Path.Combine(_dir, "default.seg"));
        var first = _defaultFile.Commit(SegmentDictionaryData.Root, _defaultDict);
        _formatFile = SegmentFile.OpenWrite(Path.Combine(_dir, "format.seg"));
        _formatFile.Commit(SegmentDictionaryData.Root, _formatDict);
        Console.WriteLine(SegmentDictionaryData.Describe("full commit, file", first.CommittedLength, N));

        string lmdbDir = Path.Combine(_dir, "lmdb");
        Directory.CreateDirectory(lmdbDir);
        (_env, _db) = SegmentBenchmarkSupport.Lmdb(lmdbDir, _sortedKeys, _sortedValues);

        // One one-key commit of each kind, outside the measurements, to report its size.
        long defaultBytes = CommitOneKey(ref _defaultDict, _defaultFile, null);
        long formatBytes = CommitOneKey(ref _formatDict, _formatFile, null);
        Console.WriteLine($"// one-key change appends {defaultBytes:N0} bytes (default comparer) / {formatBytes:N0} bytes (format comparer); LMDB: {SegmentBenchmarkSupport.LmdbLibrary}");
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        foreach (var stats in new[] { _defaultStats, _formatStats, _fullStats })
        {
            stats.Print(N);
        }

        _defaultFile?.Dispose();
        _formatFile?.Dispose();
        _db?.Dispose();
        _env?.Dispose();
        DeleteFullDirs();
        SegmentBenchmarkSupport.Delete(_dir);
    }

    [IterationCleanup(Targets = new[] { nameof(LmdbFull), nameof(SegmentFullFormatComparer), nameof(SegmentFullDefaultComparer) })]
    public void DeleteFullDirs()
    {
        foreach (string dir in _fullDirs)
        {
            SegmentBenchmarkSupport.Delete(dir);
        }

        _fullDirs.Clear();
    }

    [BenchmarkCategory(OneKey)]
    [Benchmark(Baseline = true, Description = "LMDB put + commit (fdatasync)")]
    public void LmdbOneKey()
    {
        int k = NextKey(out int newValue);
        Span<byte> key = stackalloc byte[4];
        Span<byte> value = stackalloc byte[4];
        SegmentBenchmarkSupport.Key(k, key);
        BinaryPrimitives.WriteInt32LittleEndian(value, newValue);
        using var tx = _env!.BeginTransaction();
        tx.Put(_db!, key, value);
        tx.Commit();
    }

    [BenchmarkCategory(OneKey)]
    [Benchmark(Description = "segment one-key commit, default comparer (Diff conversion) (fdatasync)")]
    public long SegmentOneKeyDefaultComparer() => CommitOneKey(ref _defaultDict, _defaultFile!, _defaultStats);

    [BenchmarkCategory(OneKey)]
    [Benchmark(Description = "segment one-key commit, format comparer (fdatasync)")]
    public long SegmentOneKeyFormatComparer() => CommitOneKey(ref _formatDict, _formatFile!, _formatStats);

    [BenchmarkCategory(Full)]
    [Benchmark(Baseline = true, Description = "LMDB bulk load 1M, sorted, append mode (fdatasync)")]
    public void LmdbFull()
    {
        string dir = FullDir("dict-lmdb-full");
        var (env, db) = SegmentBenchmarkSupport.Lmdb(dir, _sortedKeys, _sortedValues);
        db.Dispose();
        env.Dispose();
    }

    [BenchmarkCategory(Full)]
    [Benchmark(Description = "segment full commit 1M, format comparer (fdatasync)")]
    public long SegmentFullFormatComparer() => CommitFull(_fullFormat);

    [BenchmarkCategory(Full)]
    [Benchmark(Description = "segment full commit 1M, default comparer (O(n) conversion) (fdatasync)")]
    public long SegmentFullDefaultComparer() => CommitFull(_fullDefault);

    /// <summary>A different existing key every call, and a value no key had before (negative, never repeated).</summary>
    private int NextKey(out int newValue)
    {
        int i = _next++;
        newValue = -1 - i;
        return _keys[(int)((long)i * 7919 % N)];
    }

    private long CommitOneKey(ref PersistentDictionary<int, int> d, SegmentFile file, Stats? stats)
    {
        int k = NextKey(out int newValue);
        d = d.SetItem(k, newValue);
        long bytes = file.Commit(SegmentDictionaryData.Root, d).BytesAppended;
        stats?.Add(bytes);
        return bytes;
    }

    private long CommitFull(PersistentDictionary<int, int> d)
    {
        string dir = FullDir("dict-seg-full");
        using var file = SegmentFile.OpenWrite(Path.Combine(dir, "full.seg"));
        long length = file.Commit(SegmentDictionaryData.Root, d).CommittedLength;
        _fullStats.Add(length);
        return length;
    }

    private string FullDir(string name)
    {
        string dir = SegmentBenchmarkSupport.NewDirectory(name);
        _fullDirs.Add(dir);
        return dir;
    }

    private sealed class Stats(string what, bool perEntry)
    {
        private long _count;
        private long _sum;
        private long _min = long.MaxValue;
        private long _max;

        public void Add(long bytes)
        {
            _count++;
            _sum += bytes;
            _min = Math.Min(_min, bytes);
            _max = Math.Max(_max, bytes);
        }

        public void Print(int n)
        {
            if (_count == 0)
            {
                return;
            }

            string ratio = perEntry ? $", {(double)_sum / _count / n:F2} bytes per entry" : "";
            Console.WriteLine($"// {what}: {_count:N0} measured, mean {(double)_sum / _count:N0}, min {_min:N0}, max {_max:N0}{ratio}");
            _count = _sum = _max = 0;
            _min = long.MaxValue;
        }
    }
}

/// <summary>
/// The first lookup in a freshly opened segment file holding a 1M-entry <c>&lt;int,int&gt;</c> dictionary (target:
/// at most 20 us). Each iteration opens the file in its set-up (not measured) and measures one lookup of a key not
/// looked up before in that open, so every record on its path is read cold from the map.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 5, iterationCount: 60, invocationCount: 1)]
public class SegmentDictionaryColdLookupBenchmarks
{
    private static readonly int N = BenchSizes.Pick(1_000, 1_000_000).Max();
    private string? _dir;
    private string _path = "";
    private int[] _keys = [];
    private int _next;
    private SegmentFile? _file;
    private PersistentDictionary<int, int> _opened = PersistentDictionary<int, int>.Empty;

    [GlobalSetup]
    public void Setup()
    {
        _dir = SegmentBenchmarkSupport.NewDirectory("dict-cold");
        _path = Path.Combine(_dir, "cold.seg");
        int[] values;
        (_keys, values) = SegmentDictionaryData.Make(N);
        using var file = SegmentFile.OpenWrite(_path);
        file.Commit(SegmentDictionaryData.Root, SegmentDictionaryData.WithFormatComparer(_keys, values));
    }

    [IterationSetup]
    public void OpenFresh()
    {
        _file?.Dispose();
        _file = SegmentFile.OpenRead(_path);
        _opened = _file.Current.GetDictionary<int, int>(SegmentDictionaryData.Root);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _file?.Dispose();
        SegmentBenchmarkSupport.Delete(_dir);
    }

    [Benchmark(Description = "first lookup after a fresh open (1M entries)")]
    public int ColdLookup()
    {
        int key = _keys[(int)((long)_next++ * 7919 % _keys.Length)];
        return _opened.TryGetValue(key, out int value) ? value : throw new InvalidOperationException($"key {key} missing");
    }
}
