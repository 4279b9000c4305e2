namespace CowCollections.Tests.Consistency;

/// <summary>Several writers and readers on one <see cref="CopyOnWriteList{T}"/>; each test proves one row of docs/consistency.md.</summary>
public class CopyOnWriteListStressTests
{
    private const int Writers = 4;
    private const int PerWriter = 2500;

    [Fact]
    public void Concurrent_adds_lose_no_update_and_bump_the_version_once_each()
    {
        var list = new CopyOnWriteList<int>();
        ConcurrencyHarness.Run(Writers, PerWriter, (w, i) => list.Add((w * PerWriter) + i), readers: 1, _ =>
        {
            var s = list.Snapshot;
            _ = s.Count == 0 ? 0 : s[s.Count - 1];
        });

        Assert.Equal(Writers * PerWriter, list.Count);
        Assert.Equal(Writers * PerWriter, list.Version);
        Assert.Equal(Enumerable.Range(0, Writers * PerWriter), list.Snapshot.Order());
    }

    [Fact]
    public void Concurrent_read_modify_writes_through_Update_lose_no_increment()
    {
        var list = new CopyOnWriteList<long>([0, 0, 0, 0]);
        int attempts = 0;
        ConcurrencyHarness.Run(Writers, PerWriter, (w, _) => list.Update(w % 4, (l, slot) =>
        {
            Interlocked.Increment(ref attempts);
            return l.SetItem(slot, l[slot] + 1);
        }), readers: 1, _ => Assert.True(list.Snapshot.Sum() <= Writers * PerWriter));

        Assert.Equal(Writers * PerWriter, list.Snapshot.Sum());
        Assert.Equal(Writers * PerWriter, list.Version);
        Assert.True(attempts >= Writers * PerWriter, "the transform ran fewer times than changes were published");
    }

    [Fact]
    public void A_multi_key_batch_is_never_torn_in_any_snapshot()
    {
        const int Keys = 64;
        var list = new CopyOnWriteList<long>(Enumerable.Repeat(0L, Keys));
        ConcurrencyHarness.SumToZero(
            () => list.Snapshot,
            s => s.Sum(),
            (random, _) =>
            {
                int from = random.Next(Keys);
                int to = (from + 1 + random.Next(Keys - 1)) % Keys;
                long amount = random.Next(1, 1000);
                list.Update((from, to, amount), static (l, m) => l.SetItem(m.from, l[m.from] - m.amount).SetItem(m.to, l[m.to] + m.amount));
            });
        Assert.Equal(0, list.Snapshot.Sum());
    }

    [Fact]
    public void Reads_are_linearizable_a_reader_never_sees_the_version_go_back_and_sees_what_was_returned()
    {
        var list = new CopyOnWriteList<int>();
        long lastReturned = 0;
        ConcurrencyHarness.Run(1, 10_000, (_, i) =>
        {
            list.Add(i);
            Volatile.Write(ref lastReturned, i + 1);
        }, readers: 2, _ =>
        {
            long returned = Volatile.Read(ref lastReturned);
            var snapshot = list.Snapshot;
            long version = list.Version;

            // A read that starts after a write returned sees it (or later); versions never go back.
            Assert.True(snapshot.Count >= returned, $"snapshot of {snapshot.Count} misses a write that had returned ({returned})");
            Assert.True(version >= snapshot.Count);
        });
    }

    [Fact]
    public void Snapshots_and_enumerations_are_frozen_and_never_throw_while_writers_run()
    {
        var list = new CopyOnWriteList<int>(Enumerable.Range(0, 1000));
        ConcurrencyHarness.Run(2, 2000, (w, i) =>
        {
            if ((i & 1) == 0)
            {
                list.Add(i);
            }
            else
            {
                list.RemoveAt(0);
            }
        }, readers: 2, _ =>
        {
            var snapshot = list.Snapshot;
            int count = snapshot.Count;
            int[] before = snapshot.ToArray();
            int enumerated = 0;
            foreach (int x in list)
            {
                enumerated++;
            }

            Assert.Equal(count, snapshot.Count);
            Assert.Equal(before, snapshot.ToArray());
            Assert.True(enumerated >= 0);
        });
    }

    [Fact]
    public void Holders_of_old_snapshots_converge_only_when_they_take_a_new_one()
    {
        var list = new CopyOnWriteList<int>([0]);
        var held = list.Snapshot;
        var readerViews = new System.Collections.Concurrent.ConcurrentBag<PersistentList<int>>();
        ConcurrencyHarness.Run(2, 1000, (w, i) => list.Add(i), readers: 2, _ => readerViews.Add(list.Snapshot));

        // The old snapshot is deliberately stale: it did not move.
        Assert.Equal([0], held.ToArray());

        // Readers that take a new snapshot after the writes stopped all converge on the same final version.
        var final = list.Snapshot;
        Assert.Equal(2001, final.Count);
        var again = Enumerable.Range(0, 4).Select(_ => Task.Run(() => list.Snapshot)).Select(t => t.Result).ToArray();
        Assert.All(again, s => Assert.Same(final, s));
        Assert.All(readerViews, v => Assert.True(v.Count <= final.Count));
    }

    private sealed class Payload
    {
        public int A;
        public int B;
    }

    [Fact]
    public void Happens_before_what_a_writer_did_before_publishing_is_visible_to_readers_of_that_version()
    {
        var list = new CopyOnWriteList<Payload>();
        ConcurrencyHarness.Run(2, 5000, (w, i) =>
        {
            var p = new Payload { A = i + 1 };
            p.B = p.A * 2;
            list.Add(p);
        }, readers: 2, _ =>
        {
            var s = list.Snapshot;
            if (s.Count > 0)
            {
                var p = s[s.Count - 1];
                Assert.True(p.A > 0 && p.B == p.A * 2, "a reader saw a published object before its fields were written");
            }
        });
    }

    [Fact]
    public void Concurrent_AddIfAbsent_adds_each_value_exactly_once()
    {
        var list = new CopyOnWriteList<int>();
        int added = 0;
        ConcurrencyHarness.Run(Writers, 400, (_, i) =>
        {
            if (list.AddIfAbsent(i % 100))
            {
                Interlocked.Increment(ref added);
            }
        }, readers: 1, _ =>
        {
            // One snapshot: reading Snapshot twice would compare two different versions.
            var snapshot = list.Snapshot;
            Assert.Equal(snapshot.Count, snapshot.Distinct().Count());
        });

        Assert.Equal(100, added);
        Assert.Equal(Enumerable.Range(0, 100), list.Snapshot.Order());
        Assert.Equal(100, list.Version);
    }

    [Fact]
    public void Check_then_act_across_two_calls_is_not_atomic_but_Update_is()
    {
        // Two calls (Contains, then Add) race: duplicates are possible and are what this test looks for.
        var racy = new CopyOnWriteList<int>();
        var atomic = new CopyOnWriteList<int>();
        int duplicatesSeen = 0;
        for (int round = 0; round < 200 && duplicatesSeen == 0; round++)
        {
            racy.Clear();
            atomic.Clear();
            ConcurrencyHarness.Run(4, 50, (_, i) =>
            {
                if (!racy.Contains(i))
                {
                    Thread.SpinWait(50);
                    racy.Add(i);
                }

                atomic.AddIfAbsent(i);
            }, readers: 0, _ => { });
            duplicatesSeen = racy.Count - racy.Snapshot.Distinct().Count();
            Assert.Equal(50, atomic.Count);
        }

        Assert.True(duplicatesSeen > 0, "check-then-act never raced in 200 rounds; the test could not show the difference");
    }

    [Fact]
    public void Notification_versions_are_strictly_increasing_and_gap_free_under_concurrent_writers()
    {
        var list = new CopyOnWriteList<int>();
        using var recorder = ConcurrencyHarness.Record(list);
        using var second = ConcurrencyHarness.Record(list);
        ConcurrencyHarness.Run(Writers, 2000, (w, i) =>
        {
            if (i % 3 == 2)
            {
                list.Update(l => l.Count > 0 ? l.RemoveAt(l.Count - 1) : l.Add(w));
            }
            else
            {
                list.Add(i);
            }
        }, readers: 1, _ => _ = list.Count);

        recorder.AssertGapFreeUpTo(list.Version);
        second.AssertGapFreeUpTo(list.Version);
        Assert.Equal(list.Version, recorder.Versions.Count);
    }

    [Fact]
    public void Subscribers_joining_and_leaving_during_writes_each_see_a_gap_free_run_of_versions()
    {
        var list = new CopyOnWriteList<int>();
        var finished = new System.Collections.Concurrent.ConcurrentBag<ChangeRecorder<PersistentList<int>>>();
        var kept = new System.Collections.Concurrent.ConcurrentBag<ChangeRecorder<PersistentList<int>>>();
        ConcurrencyHarness.Run(3, 2000, (_, i) => list.Add(i), readers: 2, r =>
        {
            // Churn: subscribe, let some changes pass, unsubscribe. Keep a few to the end.
            var recorder = ConcurrencyHarness.Record(list);
            Thread.SpinWait(200);
            if (kept.Count < 4 && r == 0)
            {
                kept.Add(recorder);
            }
            else
            {
                recorder.Dispose();
                finished.Add(recorder);
            }
        });

        long final = list.Version;
        foreach (var recorder in kept)
        {
            recorder.AssertGapFreeUpTo(final);
            recorder.Dispose();
        }

        foreach (var recorder in finished)
        {
            Assert.Null(recorder.Violation);
            if (recorder.Versions.Count > 0)
            {
                Assert.True(recorder.Versions[0] > recorder.VersionBefore);
                Assert.True(recorder.Versions[0] <= recorder.VersionAfter + 1, $"gap at the start: first {recorder.Versions[0]}, subscribed at {recorder.VersionAfter}");
                Assert.Equal(recorder.Versions[^1] - recorder.Versions[0] + 1, recorder.Versions.Count);
            }
        }

        Assert.NotEmpty(kept);
        Assert.NotEmpty(finished);
    }
}
