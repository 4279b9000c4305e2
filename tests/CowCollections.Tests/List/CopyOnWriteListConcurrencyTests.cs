using System.Diagnostics;
using CowCollections.Tests.Conformance;

namespace CowCollections.Tests.List;

/// <summary>
/// Concurrent writers and readers on one <see cref="CopyOnWriteList{T}"/>: no lost write, every enumeration a
/// consistent published version, nothing throws. Each test is bounded by a fixed amount of work and a time cap.
/// </summary>
public sealed class CopyOnWriteListConcurrencyTests
{
    private static readonly TimeSpan Cap = TimeSpan.FromSeconds(20);

    /// <summary>Runs every action on its own thread, all released together; rethrows the first failure.</summary>
    private static void RunTogether(params Action[] actions)
    {
        using var start = new Barrier(actions.Length);
        var failures = new System.Collections.Concurrent.ConcurrentQueue<Exception>();
        var threads = actions.Select(action => new Thread(() =>
        {
            try
            {
                start.SignalAndWait();
                action();
            }
            catch (Exception e)
            {
                failures.Enqueue(e);
            }
        })).ToList();
        threads.ForEach(t => t.Start());
        foreach (var thread in threads)
        {
            Assert.True(thread.Join(Cap), "a thread did not finish in time");
        }

        if (!failures.IsEmpty)
        {
            throw new AggregateException(failures);
        }
    }

    private const int Writers = 4;

    private static long Encode(int writer, int sequence) => ((long)writer << 32) | (uint)sequence;

    /// <summary>
    /// Checks one observed version: for each writer, the sequence numbers seen are exactly 0..k-1 in order
    /// (each writer adds in order, so a published version holds a prefix of each writer's adds).
    /// </summary>
    private static void AssertPrefixClosed(IReadOnlyList<long> seen, int[] perWriter)
    {
        Array.Clear(perWriter);
        foreach (long item in seen)
        {
            int writer = (int)(item >> 32);
            int sequence = (int)item;
            if (sequence != perWriter[writer])
            {
                Assert.Fail($"writer {writer}: saw sequence {sequence} where {perWriter[writer]} was next ({seen.Count} items in this version)");
            }

            perWriter[writer]++;
        }
    }

    [Fact]
    public void Writers_adding_while_readers_enumerate_lose_nothing_and_readers_see_prefix_closed_versions()
    {
        const int addsPerWriter = 20_000;
        var list = new CopyOnWriteList<long>();
        int writersDone = 0;
        int enumerations = 0;

        void Writer(int id)
        {
            for (int i = 0; i < addsPerWriter; i++)
            {
                list.Add(Encode(id, i));
            }

            Interlocked.Increment(ref writersDone);
        }

        void Reader()
        {
            var perWriter = new int[Writers];
            var seen = new List<long>();
            do
            {
                seen.Clear();
                long versionBefore = list.Version;
                foreach (long item in list)
                {
                    seen.Add(item);
                }

                AssertPrefixClosed(seen, perWriter);
                Assert.True(seen.Count >= versionBefore, $"an enumeration started after version {versionBefore} saw only {seen.Count} items");

                var snapshot = list.Snapshot;
                Assert.Equal(snapshot.Count, snapshot.ToArray().Length);
                if (snapshot.Count > 0)
                {
                    _ = snapshot[snapshot.Count - 1];
                }

                Interlocked.Increment(ref enumerations);
            }
            while (Volatile.Read(ref writersDone) < Writers);
        }

        RunTogether(() => Writer(0), () => Writer(1), () => Writer(2), () => Writer(3), Reader, Reader);

        Assert.Equal(Writers * addsPerWriter, list.Count);
        Assert.Equal(Writers * addsPerWriter, list.Version);
        AssertPrefixClosed(list.Snapshot.ToArray(), new int[Writers]);
        Assert.All(Enumerable.Range(0, Writers), w => Assert.Equal(addsPerWriter, list.Count(x => (x >> 32) == w)));
        Invariants.Check(list.Snapshot);
        Assert.True(enumerations >= 2, "the readers never ran");
    }

    [Fact]
    public void Concurrent_read_modify_write_Updates_lose_no_increment()
    {
        const int threads = 4;
        const int incrementsPerThread = 5_000;
        var list = new CopyOnWriteList<int>(new int[40]);

        void Increment(int id)
        {
            for (int i = 0; i < incrementsPerThread; i++)
            {
                // Counter 0 is shared by every thread; counter 1 + id is this thread's own.
                list.Update(id, static (l, me) => l.SetItem(0, l[0] + 1).SetItem(1 + me, l[1 + me] + 1));
            }
        }

        RunTogether(Enumerable.Range(0, threads).Select(id => (Action)(() => Increment(id))).ToArray());

        var final = list.Snapshot;
        Assert.Equal(threads * incrementsPerThread, final[0]);
        Assert.All(Enumerable.Range(1, threads), i => Assert.Equal(incrementsPerThread, final[i]));
        Assert.All(Enumerable.Range(1 + threads, 40 - 1 - threads), i => Assert.Equal(0, final[i]));
        Assert.Equal(threads * incrementsPerThread, list.Version);
    }

    [Fact]
    public void Racing_AddIfAbsent_adds_each_value_exactly_once()
    {
        const int threads = 4;
        const int values = 2_000;
        var list = new CopyOnWriteList<int>();
        int added = 0;

        void Race(int id)
        {
            var order = Enumerable.Range(0, values).ToArray();
            new Random(id).Shuffle(order);
            foreach (int value in order)
            {
                if (list.AddIfAbsent(value))
                {
                    Interlocked.Increment(ref added);
                }
            }
        }

        RunTogether(Enumerable.Range(0, threads).Select(id => (Action)(() => Race(id))).ToArray());

        Assert.Equal(values, added);
        Assert.Equal(Enumerable.Range(0, values), list.Snapshot.Order());
        Assert.Equal(values, list.Version);
    }

    [Fact]
    public void Racing_AddRangeIfAbsent_counts_add_up_to_the_distinct_values()
    {
        const int threads = 4;
        var list = new CopyOnWriteList<int>();
        int added = 0;

        void Race(int id)
        {
            for (int batch = 0; batch < 200; batch++)
            {
                var items = Enumerable.Range(batch * 5, 10 + id).ToArray();
                Interlocked.Add(ref added, list.AddRangeIfAbsent(items));
            }
        }

        RunTogether(Enumerable.Range(0, threads).Select(id => (Action)(() => Race(id))).ToArray());

        int distinct = list.Snapshot.Distinct().Count();
        Assert.Equal(list.Count, distinct);
        Assert.Equal(Enumerable.Range(0, 199 * 5 + 10 + threads - 1), list.Snapshot.Order());
        Assert.Equal(distinct, added);
    }

    [Fact]
    public void Readers_never_see_half_of_an_Update_that_rewrites_every_element()
    {
        const int size = 1100;
        var list = new CopyOnWriteList<int>(new int[size]);
        int done = 0;
        int checks = 0;

        void Writer()
        {
            var clock = Stopwatch.StartNew();
            for (int round = 1; round <= 300 && clock.Elapsed < TimeSpan.FromSeconds(2); round++)
            {
                list.Update(round, static (l, r) => PersistentList.Create<int>(Enumerable.Repeat(r, size).ToArray().AsSpan()));
                list.Update(static l => l.Insert(l.Count / 2, l[0]).RemoveAt(0));
            }

            Volatile.Write(ref done, 1);
        }

        void Reader()
        {
            do
            {
                var snapshot = list.Snapshot;
                int first = snapshot[0];
                Assert.Equal(size, snapshot.Count);
                foreach (int item in snapshot)
                {
                    if (item != first)
                    {
                        Assert.Fail($"a version mixes {first} and {item}");
                    }
                }

                Interlocked.Increment(ref checks);
            }
            while (Volatile.Read(ref done) == 0);
        }

        RunTogether(Writer, Reader, Reader);
        Assert.True(checks >= 2, "the readers never ran");
    }
}
