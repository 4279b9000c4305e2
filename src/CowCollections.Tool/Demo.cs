using System.Diagnostics;
using CowCollections;
using CowCollections.Segments;

namespace CowCollections.Tool;

/// <summary>The guided tour printed by <c>cow demo</c>; every section runs real library code.</summary>
internal static class Demo
{
    public static int Run(TextWriter output)
    {
        Lists(output);
        Containers(output);
        Segments(output);
        output.WriteLine();
        output.WriteLine("Demo finished.");
        return 0;
    }

    private static void Lists(TextWriter output)
    {
        output.WriteLine("== PersistentList<T>: versions that share structure ==");
        PersistentList<int> small = [1, 2, 3];
        var bigger = small.Add(4);
        output.WriteLine($"small  = [{string.Join(", ", small)}]   (unchanged by Add)");
        output.WriteLine($"bigger = [{string.Join(", ", bigger)}]");

        var million = PersistentList.CreateRange(Enumerable.Range(0, 1_000_000));
        var sw = Stopwatch.StartNew();
        var changed = million.SetItem(500_000, -1);
        var inserted = changed.Insert(250_000, 42);
        var joined = million.AddRange(million);
        var slice = joined.GetRange(999_990, 20);
        sw.Stop();
        output.WriteLine($"1M-element list: SetItem, Insert, concatenation with itself and a slice took {sw.Elapsed.TotalMilliseconds:F3} ms in all");
        output.WriteLine($"  original[500000] = {million[500_000]}, changed[500000] = {changed[500_000]}, inserted[250000] = {inserted[250_000]}");
        output.WriteLine($"  joined.Count = {joined.Count:N0}; slice = [{string.Join(", ", slice)}]");

        long sum = 0;
        foreach (ReadOnlySpan<int> chunk in million.Chunks)
        {
            foreach (int x in chunk)
            {
                sum += x;
            }
        }

        output.WriteLine($"  sum over ReadOnlySpan chunks = {sum:N0}");

        var builder = million.ToBuilder();
        for (int i = 0; i < 1000; i++)
        {
            builder[i] = -i;
        }

        var edited = builder.ToImmutable();
        output.WriteLine($"  builder edited 1,000 items in place; original[999] = {million[999]}, edited[999] = {edited[999]}");
    }

    private static void Containers(TextWriter output)
    {
        output.WriteLine();
        output.WriteLine("== CopyOnWriteList<T>: the CopyOnWriteArrayList pattern, O(log n) writes ==");
        var listeners = new CopyOnWriteList<string>();
        listeners.Add("audit");
        listeners.AddIfAbsent("metrics");
        listeners.AddIfAbsent("audit");
        var snapshot = listeners.Snapshot;
        var writers = Enumerable.Range(0, 4).Select(w => Task.Run(() =>
        {
            for (int i = 0; i < 250; i++)
            {
                listeners.Add($"w{w}-{i}");
            }
        })).ToArray();
        int seen = 0;
        foreach (var name in listeners)
        {
            seen++;
        }

        Task.WaitAll(writers);
        output.WriteLine($"snapshot taken early still has {snapshot.Count} items: [{string.Join(", ", snapshot)}]");
        output.WriteLine($"after 4 threads added 1,000 items: Count = {listeners.Count}, Version = {listeners.Version}; an enumeration during the writes saw {seen} items and never threw");
    }

    private static void Segments(TextWriter output)
    {
        output.WriteLine();
        output.WriteLine("== Segment files: commit a version to disk, open it lazily ==");
        string dir = Path.Combine(Path.GetTempPath(), "cow-demo-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        try
        {
            string path = Path.Combine(dir, "demo.seg");
            var million = PersistentList.CreateRange(Enumerable.Range(0, 1_000_000));
            using (var file = SegmentFile.OpenWrite(path))
            {
                var full = file.Commit("numbers", million);
                var one = file.Commit("numbers", million.SetItem(123_456, -1));
                output.WriteLine($"commit 1 wrote {full.BytesAppended:N0} bytes for 1M ints; a one-element change appended {one.BytesAppended:N0} bytes");
            }

            using (SegmentFile.OpenRead(path))
            {
                // The first open pays for JIT compilation; the timed one below does not.
            }

            var sw = Stopwatch.StartNew();
            using var reader = SegmentFile.OpenRead(path);
            var opened = reader.Current.GetList<int>("numbers");
            sw.Stop();
            output.WriteLine($"reopened in {sw.Elapsed.TotalMilliseconds:F3} ms (O(1): header, root table, map); opened[123456] = {opened[123_456]} decodes one path");
            output.WriteLine($"time travel: commit 1 still has {reader.OpenCommit(1).GetList<int>("numbers")[123_456]} there; {reader.GetCommits().Count} commits retained");
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
