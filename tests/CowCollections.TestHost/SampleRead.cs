using System.Diagnostics;
using System.Globalization;
using System.Runtime.CompilerServices;
using CowCollections.Segments;

namespace CowCollections.TestHost;

/// <summary>
/// <c>cow-testhost sample-read</c> (a test helper): random reads (or, with <c>--sequential</c>, a scan in index
/// order) of an <c>int</c> list whose element <c>i</c> is <c>i * multiplier</c>, each checked against that
/// formula, with the process's memory reported at the end.
/// The larger-than-RAM test runs it under a GC heap hard limit several times smaller than the file.
/// </summary>
/// <remarks>
/// A list read from a segment keeps every node it has decoded for as long as the list is reachable, and a
/// snapshot returns the same list for the same name. So to keep the managed heap bounded, the reader drops
/// its <see cref="SegmentFile"/> and list every <c>--reopen-every</c> reads and opens the file again (O(1)):
/// the decoded nodes then become garbage. <c>--reopen-every 0</c> keeps one list for the whole run, which
/// shows the opposite: on a file larger than the heap limit, enough reads run out of heap.
/// </remarks>
internal static class SampleRead
{
    private static readonly char[] Blanks = [' ', '\t'];

    public static int Run(string path, string root, int reads, int seed, int multiplier, int reopenEvery, bool sequential, bool scan, TextWriter output)
    {
        var clock = Stopwatch.StartNew();
        var peak = new Peaks();
        var run = scan ? ScanAll(path, root, multiplier, output, peak) : ReadAll(path, root, reads, seed, multiplier, reopenEvery, sequential, output, peak);
        clock.Stop();

        // The lists and files the loop opened are unreachable now (also after an OutOfMemoryException, which
        // only failed the allocation that hit the limit), so the report below has room.
        GC.Collect();
        string result = run.OutOfMemory ? "out-of-memory" : run.Mismatches == 0 ? "ok" : "mismatch";
        output.WriteLine(Report(result, run, clock, peak));
        return run.OutOfMemory ? 3 : run.Mismatches == 0 ? 0 : 1;
    }

    /// <summary>One pass of <see cref="SegmentSnapshot.ScanList{T}(string)"/> through one open file: nothing is reopened.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static Outcome ScanAll(string path, string root, int multiplier, TextWriter output, Peaks peak)
    {
        var outcome = new Outcome { Opens = 1 };
        try
        {
            using var file = SegmentFile.OpenRead(path);
            outcome.Count = (int)file.Current.GetRootInfo(root).Count;
            foreach (int actual in file.Current.ScanList<int>(root))
            {
                int expected = unchecked(outcome.Reads * multiplier);
                if (actual != expected)
                {
                    if (outcome.Mismatches == 0)
                    {
                        output.WriteLine($"mismatch: [{outcome.Reads}] = {actual}, expected {expected}");
                    }

                    outcome.Mismatches++;
                }

                if (++outcome.Reads % 1000 == 0)
                {
                    peak.Sample();
                }
            }

            peak.Sample();
        }
        catch (OutOfMemoryException)
        {
            outcome.OutOfMemory = true;
        }

        return outcome;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static Outcome ReadAll(string path, string root, int reads, int seed, int multiplier, int reopenEvery, bool sequential, TextWriter output, Peaks peak)
    {
        var random = new Random(seed);
        var outcome = new Outcome();
        SegmentFile? file = null;
        PersistentList<int>? list = null;
        try
        {
            for (; outcome.Reads < reads; outcome.Reads++)
            {
                if (list is null || (reopenEvery > 0 && outcome.Reads % reopenEvery == 0))
                {
                    file?.Dispose();
                    list = null;
                    file = SegmentFile.OpenRead(path);
                    list = file.Current.GetList<int>(root);
                    outcome.Count = list.Count;
                    outcome.Opens++;
                }

                int i = sequential ? outcome.Reads % outcome.Count : random.Next(outcome.Count);
                int expected = unchecked(i * multiplier);
                int actual = list[i];
                if (actual != expected)
                {
                    if (outcome.Mismatches == 0)
                    {
                        output.WriteLine($"mismatch: [{i}] = {actual}, expected {expected}");
                    }

                    outcome.Mismatches++;
                }

                if (outcome.Reads % 1000 == 0)
                {
                    peak.Sample();
                }
            }

            peak.Sample();
        }
        catch (OutOfMemoryException)
        {
            outcome.OutOfMemory = true;
        }
        finally
        {
            file?.Dispose();
        }

        return outcome;
    }

    private static string Report(string result, Outcome run, Stopwatch clock, Peaks peak)
    {
        var info = GC.GetGCMemoryInfo();
        using var process = Process.GetCurrentProcess();
        var status = ProcStatus();
        return string.Create(CultureInfo.InvariantCulture,
            $"sample-read result={result} reads={run.Reads} mismatches={run.Mismatches} count={run.Count} opens={run.Opens} ms={clock.ElapsedMilliseconds} " +
            $"heapLimit={info.TotalAvailableMemoryBytes} peakHeap={peak.Heap} peakCommitted={peak.Committed} peakRssAnon={peak.RssAnon} peakRssFile={peak.RssFile} " +
            $"workingSet={Environment.WorkingSet} peakWorkingSet={process.PeakWorkingSet64} " +
            $"rssAnon={status.GetValueOrDefault("RssAnon", -1)} rssFile={status.GetValueOrDefault("RssFile", -1)} vmHwm={status.GetValueOrDefault("VmHWM", -1)} " +
            $"gen0={GC.CollectionCount(0)} gen1={GC.CollectionCount(1)} gen2={GC.CollectionCount(2)}");
    }

    /// <summary>Fields of <c>/proc/self/status</c> in bytes (Linux only; empty elsewhere).</summary>
    private static Dictionary<string, long> ProcStatus()
    {
        var result = new Dictionary<string, long>(StringComparer.Ordinal);
        if (!OperatingSystem.IsLinux())
        {
            return result;
        }

        foreach (string line in File.ReadLines("/proc/self/status"))
        {
            // "RssAnon:	   12345 kB"
            int colon = line.IndexOf(':', StringComparison.Ordinal);
            string[] parts = line[(colon + 1)..].Split(Blanks, StringSplitOptions.RemoveEmptyEntries);
            if (colon > 0 && parts.Length == 2 && parts[1] == "kB" && long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out long kb))
            {
                result[line[..colon]] = kb * 1024;
            }
        }

        return result;
    }

    private sealed class Outcome
    {
        public int Reads { get; set; }

        public long Mismatches { get; set; }

        public int Count { get; set; }

        public int Opens { get; set; }

        public bool OutOfMemory { get; set; }
    }

    /// <summary>
    /// The largest values seen (sampled every 1,000 reads): the managed heap (live bytes now, and the heap and
    /// committed sizes at the last GC) and, on Linux, the anonymous and file-backed resident memory.
    /// </summary>
    private sealed class Peaks
    {
        public long Heap { get; private set; }

        public long Committed { get; private set; }

        public long RssAnon { get; private set; } = -1;

        public long RssFile { get; private set; } = -1;

        public void Sample()
        {
            var info = GC.GetGCMemoryInfo();
            Heap = Math.Max(Heap, Math.Max(GC.GetTotalMemory(forceFullCollection: false), info.HeapSizeBytes));
            Committed = Math.Max(Committed, info.TotalCommittedBytes);
            var status = ProcStatus();
            RssAnon = Math.Max(RssAnon, status.GetValueOrDefault("RssAnon", -1));
            RssFile = Math.Max(RssFile, status.GetValueOrDefault("RssFile", -1));
        }
    }
}
