using System.Diagnostics;
using System.Globalization;
using CowCollections.Segments;
using Xunit.Abstractions;

namespace CowCollections.Tests.Segments;

/// <summary>
/// One segment file several times larger than the GC heap limit the tests impose on a reader process:
/// a 56M-element <c>int</c> list (about 250 MB on disk) whose element <c>i</c> is <c>i * 7</c>, so the reader
/// can check every value without the data. Written once for the class (about 7 s), deleted with its
/// directory at the end.
/// </summary>
public sealed class LargeSegmentFile : IDisposable
{
    public const string Root = "big";
    public const int Multiplier = 7;
    public const int Count = 56_000_000;

    private readonly TempDirectory _dir = new();

    public LargeSegmentFile()
    {
        Path = _dir.File("large.seg");
        var clock = Stopwatch.StartNew();
        var builder = PersistentList.CreateBuilder<int>();
        for (int i = 0; i < Count; i++)
        {
            builder.Add(unchecked(i * Multiplier));
        }

        // No fsync: the tests are about reading, and atomicity (the header is written last) does not need it.
        using (var file = SegmentFile.OpenWrite(Path, new SegmentWriteOptions { FlushToDisk = false }))
        {
            file.Commit(Root, builder.ToImmutable());
        }

        WriteTime = clock.Elapsed;
        Length = new FileInfo(Path).Length;
    }

    public string Path { get; }

    public long Length { get; }

    public TimeSpan WriteTime { get; }

    public void Dispose() => _dir.Dispose();
}

/// <summary>
/// Larger than RAM: a reader process (the test host's <c>sample-read</c>) whose managed heap is capped with
/// <c>DOTNET_GCHeapHardLimit</c> at 32 MiB, an eighth of the file, checks 100,000 random reads spread over
/// the whole file against the formula, and its heap and anonymous memory stay bounded.
/// </summary>
/// <remarks>
/// What this shows and what it does not:
/// <list type="bullet">
/// <item>The file is memory-mapped, so the pages the reader touches are page cache. They count in its resident
/// set (<c>RssFile</c>: with these reads nearly the whole file, since decoding a level-2 branch touches the
/// records spread over its 160 KB subtree; and transiently more than the file, because after a reopen the old
/// map is unmapped only when its finalizer runs) but they are clean and file-backed: under memory pressure
/// the kernel drops them instead of failing the reader. The bounded part is what the process owns: the managed
/// heap (the hard limit turns any overrun into an <see cref="OutOfMemoryException"/>) and the anonymous
/// resident memory (<c>RssAnon</c>: heap plus runtime). The tests do not run under a memory cgroup (they cannot
/// count on permission to create one), so page-cache eviction itself is not exercised.</item>
/// <item>A list read from a segment keeps every node it decoded for as long as the list is reachable, and a
/// snapshot hands out the same list for the same name. Many reads over a value larger than the heap
/// therefore have to drop the value and reopen the file now and then: the reader reopens every 1,000 reads
/// (opening is O(1)). Another test shows the other side: the same reads through one list exhaust the
/// heap after a few thousand reads. A full scan needs no reopening: <c>SegmentSnapshot.ScanList</c> reads the
/// records without building or keeping nodes, through one open file.</item>
/// </list>
/// </remarks>
public sealed class SegmentLargeFileTests : IClassFixture<LargeSegmentFile>
{
    /// <summary>32 MiB (the runtime reads the variable as hex).</summary>
    private const long HeapLimit = 0x2000000;
    private const int Reads = 100_000;

    private readonly LargeSegmentFile _file;
    private readonly ITestOutputHelper _output;

    public SegmentLargeFileTests(LargeSegmentFile file, ITestOutputHelper output)
    {
        _file = file;
        _output = output;
    }

    [Fact]
    public void A_reader_whose_heap_limit_is_an_eighth_of_the_file_verifies_100000_sampled_reads_with_a_bounded_heap()
    {
        Assert.True(_file.Length >= 7 * HeapLimit, $"the file ({_file.Length:N0} bytes) should be at least 7x the heap limit");
        var report = SampleRead(reopenEvery: 1000);

        Assert.Equal(0, report.ExitCode);
        Assert.Equal("ok", report.Result);
        Assert.Equal(Reads, report["reads"]);
        Assert.Equal(0, report["mismatches"]);
        Assert.Equal(LargeSegmentFile.Count, report["count"]);
        Assert.Equal(Reads / 1000, report["opens"]);

        // The limit really applied (the runtime reports it as the memory available to the GC) ...
        Assert.Equal(HeapLimit, report["heapLimit"]);

        // ... and the managed heap, sampled every 1,000 reads, stayed under it: far below the file.
        Assert.InRange(report["peakHeap"], 1, HeapLimit);
        Assert.InRange(report["peakCommitted"], 1, HeapLimit);
        Assert.InRange(report["peakHeap"], 1, _file.Length / 4);
        if (OperatingSystem.IsLinux())
        {
            // Anonymous resident memory (heap plus the runtime itself), sampled with the heap. The mapped file
            // pages are RssFile and are not asserted on (page cache; see the remarks).
            Assert.InRange(report["peakRssAnon"], 1, _file.Length / 3);
        }
    }

    [Fact]
    public void A_full_scan_of_the_file_under_the_heap_limit_reopening_every_million_elements_keeps_the_heap_bounded()
    {
        var report = SampleRead(reopenEvery: 1_000_000, reads: LargeSegmentFile.Count, sequential: true);

        Assert.Equal(0, report.ExitCode);
        Assert.Equal("ok", report.Result);
        Assert.Equal(LargeSegmentFile.Count, report["reads"]);
        Assert.Equal(0, report["mismatches"]);
        Assert.Equal(LargeSegmentFile.Count / 1_000_000, report["opens"]);
        Assert.Equal(HeapLimit, report["heapLimit"]);
        Assert.InRange(report["peakHeap"], 1, HeapLimit);
        Assert.InRange(report["peakCommitted"], 1, HeapLimit);
    }

    [Fact]
    public void A_full_scan_with_ScanList_through_one_open_file_keeps_the_heap_bounded_without_reopening()
    {
        var report = SampleRead(reopenEvery: 0, reads: LargeSegmentFile.Count, scan: true);

        Assert.Equal(0, report.ExitCode);
        Assert.Equal("ok", report.Result);
        Assert.Equal(LargeSegmentFile.Count, report["reads"]);
        Assert.Equal(0, report["mismatches"]);
        Assert.Equal(1, report["opens"]);
        Assert.Equal(HeapLimit, report["heapLimit"]);
        Assert.InRange(report["peakHeap"], 1, HeapLimit);
        Assert.InRange(report["peakCommitted"], 1, HeapLimit);
        Assert.InRange(report["peakHeap"], 1, _file.Length / 8);
    }

    [Fact]
    public void The_same_reads_through_one_list_run_out_of_heap_because_a_value_keeps_the_nodes_it_decoded()
    {
        var report = SampleRead(reopenEvery: 0);

        Assert.Equal(3, report.ExitCode);
        Assert.Equal("out-of-memory", report.Result);
        Assert.Equal(HeapLimit, report["heapLimit"]);
        Assert.Equal(1, report["opens"]);
        Assert.Equal(0, report["mismatches"]);
        Assert.InRange(report["reads"], 1, Reads - 1);
    }

    private Report SampleRead(int reopenEvery, int reads = Reads, bool sequential = false, bool scan = false)
    {
        var environment = new Dictionary<string, string>
        {
            ["DOTNET_GCHeapHardLimit"] = "0x" + HeapLimit.ToString("X", CultureInfo.InvariantCulture),
        };
        var args = new List<string>
        {
            "sample-read", _file.Path, LargeSegmentFile.Root,
            "--reads", reads.ToString(CultureInfo.InvariantCulture),
            "--seed", "11",
            "--multiplier", LargeSegmentFile.Multiplier.ToString(CultureInfo.InvariantCulture),
            "--reopen-every", reopenEvery.ToString(CultureInfo.InvariantCulture),
        };
        if (sequential)
        {
            args.Add("--sequential");
        }

        if (scan)
        {
            args.Add("--scan");
        }

        var (code, output, error) = SegmentTestFiles.Run(SegmentTestFiles.TestHostDll, environment, [.. args]);
        _output.WriteLine($"file: {_file.Length:N0} bytes, {LargeSegmentFile.Count:N0} ints, written in {_file.WriteTime.TotalSeconds:F1} s");
        _output.WriteLine($"exit {code}: {output.Trim()}");
        if (error.Length > 0)
        {
            _output.WriteLine("stderr: " + error);
        }

        string? line = output.Split('\n').LastOrDefault(l => l.StartsWith("sample-read ", StringComparison.Ordinal));
        Assert.True(line is not null, $"no report from the reader (exit {code}): {output}\n{error}");
        return new Report(code, line);
    }

    /// <summary>The reader's last line: <c>sample-read key=value key=value ...</c>.</summary>
    private sealed class Report
    {
        private readonly Dictionary<string, string> _fields;

        public Report(int exitCode, string line)
        {
            ExitCode = exitCode;
            _fields = line.Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1)
                .Select(f => f.Split('=', 2))
                .ToDictionary(kv => kv[0], kv => kv[1], StringComparer.Ordinal);
        }

        public int ExitCode { get; }

        public string Result => _fields["result"];

        public long this[string name] => long.Parse(_fields[name], CultureInfo.InvariantCulture);
    }
}
