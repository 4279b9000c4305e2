using System.Diagnostics;
using CowCollections;
using Microsoft.Extensions.Primitives;

namespace CowCollections.Tool;

/// <summary>The guided tour printed by <c>cow demo</c>; every section runs real library code.</summary>
internal static class Demo
{
    public static int Run(TextWriter output)
    {
        Lists(output);
        Containers(output);
        Watching(output);
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

    private static void Watching(TextWriter output)
    {
        output.WriteLine();
        output.WriteLine("== Watching a container, and a listener registry ==");
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
}
