using System.Diagnostics;
using CowCollections;
using Microsoft.Extensions.Primitives;
using CowCollections.Segments;

namespace CowCollections.Tool;

/// <summary>The guided tour printed by <c>cow demo</c>; every section runs real library code.</summary>
internal static partial class Demo
{
    /// <param name="output">Where the tour is printed.</param>
    /// <param name="keep">A folder to keep the demo's segment file in (for <c>cow verify</c>/<c>cow dump</c>), or null to delete it.</param>
    public static int Run(TextWriter output, string? keep = null)
    {
        Lists(output);
        Containers(output);
        Arrays(output);
        Dictionaries(output);
        Sets(output);
        Watching(output);
        ConfigurationReload(output);
        HostConfiguration(output);
        Fleet(output);
        Segments(output, keep);
        output.WriteLine();
        output.WriteLine("Demo finished.");
        return 0;
    }

    /// <summary>Starts a section: its title, what it is about to do, and the few lines of library code behind it.</summary>
    private static void Section(TextWriter output, string title, string doing, params string[] code)
    {
        output.WriteLine();
        output.WriteLine($"== {title} ==");
        output.WriteLine(doing);
        foreach (string line in code)
        {
            output.WriteLine($"    | {line}");
        }

        output.WriteLine();
    }

    private static void Lists(TextWriter output)
    {
        Section(
            output,
            "PersistentList<T>: versions that share structure",
            "Building a 1M-element list, then changing it: each change returns a new version that shares every untouched node.",
            "var bigger = small.Add(4);                        // small is unchanged",
            "var changed = million.SetItem(500_000, -1);       // copies one leaf and its path",
            "var joined = million.AddRange(million);           // O(log n) concatenation",
            "foreach (ReadOnlySpan<int> chunk in million.Chunks) { ... }");
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
        ListNumbers(output, million);
    }

    /// <summary>The numbers the list and array work is judged by, measured here on this machine (a rough reading, not a benchmark).</summary>
    private static void ListNumbers(TextWriter output, PersistentList<int> million)
    {
        var items = Enumerable.Range(0, 1_000_000).ToArray();
        var immutable = System.Collections.Immutable.ImmutableList.CreateRange(items);
        var random = new Random(11);
        var at = Enumerable.Range(0, 4_096).Select(_ => random.Next(items.Length)).ToArray();
        // The best of five passes over 4,096 random indexes: the first passes also let the JIT finish tiering up.
        double Each(Func<int, object> op)
        {
            double best = double.MaxValue;
            for (int pass = 0; pass < 5; pass++)
            {
                var sw = Stopwatch.StartNew();
                foreach (int i in at)
                {
                    op(i);
                }

                best = Math.Min(best, sw.Elapsed.TotalMilliseconds * 1e6 / at.Length);
                Thread.Sleep(60);
            }

            return best;
        }

        double EachRead(Func<int, int> read)
        {
            double best = double.MaxValue;
            long sum = 0;
            for (int pass = 0; pass < 5; pass++)
            {
                var sw = Stopwatch.StartNew();
                for (int r = 0; r < 16; r++)
                {
                    foreach (int i in at)
                    {
                        sum += read(i);
                    }
                }

                best = Math.Min(best, sw.Elapsed.TotalMilliseconds * 1e6 / (16.0 * at.Length));
                Thread.Sleep(60);
            }

            GC.KeepAlive(sum);
            return best;
        }

        // Warm-up: every operation runs enough times for the JIT to queue its optimized code, then a pause lets it finish.
        var list = new List<int>(items);
        var array = PersistentArray.Create<int>(items);
        for (int k = 0; k < 64; k++)
        {
            _ = (million.SetItem(at[k], -1), immutable.SetItem(at[k], -1), million.Insert(at[k], -1), immutable.Insert(at[k], -1));
            _ = (million.RemoveAt(at[k]), immutable.RemoveAt(at[k]), million[at[k]], list[at[k]], array[at[k]], items[at[k]]);
        }

        Thread.Sleep(250);
        output.WriteLine("  measured now, 1M ints, ns per operation at random indexes (PersistentList vs ImmutableList; best of 5 passes, rough):");
        output.WriteLine($"    SetItem {Each(i => million.SetItem(i, -1)):F0} vs {Each(i => immutable.SetItem(i, -1)):F0}; Insert {Each(i => million.Insert(i, -1)):F0} vs {Each(i => immutable.Insert(i, -1)):F0}; RemoveAt {Each(i => million.RemoveAt(i)):F0} vs {Each(i => immutable.RemoveAt(i)):F0}; AddRange(itself) {Each(_ => million.AddRange(million)):F0} vs {Each(_ => immutable.AddRange(immutable)):F0}");
        output.WriteLine($"    a random read (a delegate call included): PersistentList {EachRead(i => million[i]):F1}, List<T> {EachRead(i => list[i]):F1}, PersistentArray {EachRead(i => array[i]):F1}, int[] {EachRead(i => items[i]):F1}");
        long before = GC.GetTotalMemory(forceFullCollection: true);
        var retained = PersistentList.Create<int>(items.AsSpan());
        long after = GC.GetTotalMemory(forceFullCollection: true);
        GC.KeepAlive(retained);
        output.WriteLine($"  a 1M-int PersistentList retains {(after - before) / 1e6:F2} B per element (int[] 4, ImmutableList about 48): 64-element leaves, one 32-slot node per 2,048 elements");
        output.WriteLine("  inserts into a full leaf grow it up to twice its width, so an Insert copies one leaf and the path and splits nothing");
        output.WriteLine("  (a rough reading in one process on whatever else this machine runs; the BenchmarkDotNet suites are the measurement)");
    }

    private static void Containers(TextWriter output)
    {
        Section(
            output,
            "CopyOnWriteList<T>: the CopyOnWriteArrayList pattern, O(log n) writes",
            "Four threads add to one list while this thread enumerates it: the enumeration reads one frozen snapshot.",
            "var listeners = new CopyOnWriteList<string>();",
            "listeners.AddIfAbsent(\"metrics\");",
            "var snapshot = listeners.Snapshot;                // frozen: later writes do not reach it",
            "foreach (var name in listeners) { ... }           // never throws, whatever the writers do");
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

    private static void Arrays(TextWriter output)
    {
        Section(
            output,
            "PersistentArray<T> / CopyOnWriteArray<T>: writes copy a chunk, not the array",
            "Timing 20 SetItem calls on 1M ints against ImmutableArray, then counting with CompareExchange from four threads.",
            "var array = PersistentArray.Create<int>(source);",
            "var changed = array.SetItem(i * 9_973, -i);       // copies one chunk and its path",
            "while (counters.CompareExchange(slot, seen + 1, seen) != seen) { ... }");
        var source = Enumerable.Range(0, 1_000_000).ToArray();
        var array = PersistentArray.Create<int>(source);
        var immutable = System.Collections.Immutable.ImmutableArray.Create(source);
        _ = array.SetItem(1, 1);     // JIT warm-up of both write paths, so the timing below is the writes
        _ = immutable.SetItem(1, 1);
        var sw = Stopwatch.StartNew();
        var changed = array;
        for (int i = 0; i < 20; i++)
        {
            changed = changed.SetItem(i * 9_973, -i);
        }

        double persistentMs = sw.Elapsed.TotalMilliseconds;
        sw.Restart();
        var changedImmutable = immutable;
        for (int i = 0; i < 20; i++)
        {
            changedImmutable = changedImmutable.SetItem(i * 9_973, -i);
        }

        double immutableMs = sw.Elapsed.TotalMilliseconds;
        output.WriteLine($"20 SetItem on 1M ints: PersistentArray {persistentMs:F2} ms, ImmutableArray {immutableMs:F2} ms");
        output.WriteLine($"  chunk size for int = {PersistentArray<int>.ChunkSize}; original[9973] = {array[9_973]}, changed[9973] = {changed[9_973]}");
        var grown = array.Resize(1_500_000);
        output.WriteLine($"  Resize(1.5M) keeps every chunk shared: grown[999999] = {grown[999_999]}, grown[1499999] = {grown[1_499_999]}");

        var counters = new CopyOnWriteArray<int>(8);
        var workers = Enumerable.Range(0, 4).Select(_ => Task.Run(() =>
        {
            for (int i = 0; i < 1_000; i++)
            {
                int slot = i % 8;
                int seen;
                do
                {
                    seen = counters[slot];
                }
                while (counters.CompareExchange(slot, seen + 1, seen) != seen);
            }
        })).ToArray();
        Task.WaitAll(workers);
        output.WriteLine($"4 threads x 1,000 CompareExchange increments over 8 slots: total = {counters.Snapshot.Sum()} (exact), Version = {counters.Version}");
    }

    private static void Dictionaries(TextWriter output)
    {
        Section(
            output,
            "CopyOnWriteDictionary<TKey,TValue>: a configuration reload, and what changed",
            "Loading a 100,000-key configuration, reloading a few keys as one atomic version, and asking what changed.",
            "config.Update(current => current.SetItems([new(\"db.timeout\", \"60s\"), ...]).Remove(\"log.level\"));",
            "var changes = before.Diff(after);                 // skips every subtree the versions share");
        var config = new CopyOnWriteDictionary<string, string>(
            Enumerable.Range(0, 100_000).Select(i => new KeyValuePair<string, string>($"feature.{i}", "off")));
        config.SetItems([new("db.timeout", "30s"), new("log.level", "info")]);
        var before = config.Snapshot;

        // A reload publishes every new key at once: readers see the old settings or the new, never a mix.
        config.Update(static current => current
            .SetItems([new("db.timeout", "60s"), new("cache.size", "512MB")])
            .Remove("log.level"));
        var after = config.Snapshot;

        var changes = before.Diff(after);
        var sw = Stopwatch.StartNew();
        changes = before.Diff(after);
        sw.Stop();
        output.WriteLine($"reload of a {after.Count:N0}-key config; Diff took {sw.Elapsed.TotalMicroseconds:F0} us once jitted (shared subtrees skipped):");
        foreach (var change in changes.OrderBy(c => c.Key, StringComparer.Ordinal))
        {
            output.WriteLine($"  {change}");
        }

        output.WriteLine($"  old snapshot still reads db.timeout = {before["db.timeout"]}; Version = {config.Version}");
    }

    private static void Sets(TextWriter output)
    {
        Section(
            output,
            "PersistentHashSet<T> and CopyOnWriteSet<T>: allowed origins, and set algebra between versions",
            "A 1M-element set and a version 1% different: Union, Except and SetEquals skip every subtree the two share.",
            "var next = origins.Except(retired).Union(added);       // a version that shares almost every node",
            "var merged = origins.Union(next);                      // walks only the 1% that differs",
            "allowed.UnionWith([\"https://b.example\", ...]);       // CopyOnWriteSet: one atomic publication");
        var origins = PersistentHashSet.CreateRange(Enumerable.Range(0, 1_000_000).Select(i => $"https://host{i}.example"));
        var retired = Enumerable.Range(0, 5_000).Select(i => $"https://host{i * 200}.example").ToArray();
        var added = Enumerable.Range(0, 5_000).Select(i => $"https://new{i}.example").ToArray();
        var next = origins.Except(retired).Union(added);
        _ = origins.Union(next);
        var sw = Stopwatch.StartNew();
        var merged = origins.Union(next);
        sw.Stop();
        output.WriteLine($"origins: {origins.Count:N0}; next: {next.Count:N0} (5,000 retired, 5,000 added)");
        output.WriteLine($"origins.Union(next): {merged.Count:N0} elements in {sw.Elapsed.TotalMilliseconds:F1} ms once jitted: only the 10,000 differing elements are visited");
        output.WriteLine($"next.SetEquals(origins.Except(retired).Union(added)) = {next.SetEquals(origins.Except(retired).Union(added))}; origins.Diff(next) has {origins.Diff(next).Count:N0} changes");

        var allowed = new CopyOnWriteSet<string>(["https://a.example"]);
        using var subscription = allowed.Subscribe(change =>
            output.WriteLine($"  v{change.Version}: {string.Join(", ", change.Diff().Select(c => c.ToString()).Order(StringComparer.Ordinal))}"));
        bool first = allowed.Add("https://b.example");
        bool again = allowed.Add("https://b.example");
        allowed.UnionWith(["https://c.example", "https://d.example"]);
        allowed.ExceptWith(["https://a.example"]);
        output.WriteLine($"Add b: {first}, Add b again: {again} (no version published); now {string.Join(", ", allowed.Order(StringComparer.Ordinal))}, Version = {allowed.Version}");
    }

    private static void Watching(TextWriter output)
    {
        Section(
            output,
            "Watching a container, and a listener registry",
            "Subscribing to a list's changes, following it with an IChangeToken, then registering and removing 50,000 listeners.",
            "using var _ = settings.Subscribe(change => Console.WriteLine($\"v{change.Version}: ...\"));",
            "ChangeToken.OnChange(settings.GetChangeToken, () => reloads++);",
            "using var audit = handlers.Add(e => ...);          // dispose to remove",
            "handlers.Invoke(\"started\", (handler, e) => handler(e));");
        var settings = new CopyOnWriteList<string>();
        int reloads = 0;
        using (settings.Subscribe(change => output.WriteLine($"  v{change.Version}: {change.OldSnapshot.Count} -> {change.NewSnapshot.Count} items")))
        using (ChangeToken.OnChange(settings.GetChangeToken, () => reloads++))
        {
            settings.Add("timeout=30");
            settings.Update(s => s.Add("retries=3").Add("region=eu"));
            settings.Add("tracing=on");
        }

        output.WriteLine($"  an IChangeToken loop saw {reloads} reload(s)");

        long delivered = 0;
        long last = settings.Version;
        bool ordered = true;
        using (settings.Subscribe(c =>
        {
            ordered &= c.Version == last + 1;
            last = c.Version;
            delivered++;
        }))
        {
            Task.WaitAll(Enumerable.Range(0, 4).Select(w => Task.Run(() =>
            {
                for (int i = 0; i < 250; i++)
                {
                    settings.Add($"w{w}-{i}");
                }
            })).ToArray());
        }

        output.WriteLine($"  4 writers published 1,000 changes; a subscriber got {delivered}, in version order without gaps: {ordered}");

        var handlers = new ListenerRegistry<Action<string>>();
        var sw = Stopwatch.StartNew();
        var registrations = Enumerable.Range(0, 50_000).Select(i => handlers.Add(_ => { })).ToList();
        using var audit = handlers.Add(e => output.WriteLine($"  audit heard '{e}'"));
        foreach (var registration in registrations)
        {
            registration.Dispose();
        }

        sw.Stop();
        handlers.Invoke("started", static (handler, e) => handler(e));
        output.WriteLine($"  50,000 listeners added and removed in {sw.Elapsed.TotalMilliseconds:F1} ms; {handlers.Count} left");
    }

    private static void Segments(TextWriter output, string? keep)
    {
        Section(
            output,
            "Segment files: commit a version to disk, open it lazily",
            "Committing a 1M-int list and a one-element change to a segment file, then reopening it through a read-only map.",
            "using var file = SegmentFile.OpenWrite(path);",
            "file.Commit(\"numbers\", million.SetItem(123_456, -1));   // appends only the changed path",
            "using var reader = SegmentFile.OpenRead(path);",
            "var opened = reader.Current.GetList<int>(\"numbers\");   // O(1); nodes decode on first touch",
            "var old = reader.OpenCommit(1).GetList<int>(\"numbers\");");
        string dir = keep ?? Path.Combine(Path.GetTempPath(), "cow-demo-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        try
        {
            string path = Path.Combine(dir, "demo.seg");
            File.Delete(path);
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
            if (keep is not null)
            {
                output.WriteLine($"kept {path}: try 'cow inspect {path}' and 'cow verify {path}'");
            }
        }
        finally
        {
            if (keep is null)
            {
                Directory.Delete(dir, recursive: true);
            }
        }
    }
}
