namespace CowCollections.Tests.Consistency;

/// <summary>Several writers and readers on one <see cref="CopyOnWriteArray{T}"/>; each test proves a row of docs/consistency.md.</summary>
public class CopyOnWriteArrayStressTests
{
    private const int Writers = 3;
    private const int PerWriter = 2000;

    // Longer than one chunk, so a batch spans chunks: slots (2k, 2k+1) form a pair written together as (v, -v).
    private const int Length = 1024;

    [Fact]
    public void SetItems_batches_across_chunks_are_never_torn_in_any_snapshot()
    {
        var array = new CopyOnWriteArray<long>(Length);
        ConcurrencyHarness.SumToZero(
            () => array.Snapshot,
            s =>
            {
                long total = 0;
                for (int k = 0; k < Length; k += 2)
                {
                    if (s[k] != -s[k + 1])
                    {
                        throw new Xunit.Sdk.XunitException($"torn batch: slots {k} and {k + 1} hold {s[k]} and {s[k + 1]}");
                    }

                    total += s[k] + s[k + 1];
                }

                return total;
            },
            (random, _) =>
            {
                var batch = new List<KeyValuePair<int, long>>();
                for (int p = 0; p < 4; p++)
                {
                    int slot = 2 * random.Next(Length / 2);
                    long v = random.Next(1, 1000);
                    batch.Add(new(slot, v));
                    batch.Add(new(slot + 1, -v));
                }

                array.SetItems(batch);
            },
            writers: Writers,
            iterations: PerWriter);

        Assert.Equal(0, array.Snapshot.Sum());
        Assert.Equal(Writers * PerWriter, array.Version);
    }

    [Fact]
    public void CompareExchange_counters_lose_no_increment_and_readers_never_see_them_go_back()
    {
        const int Counters = 8;
        var array = new CopyOnWriteArray<long>(Counters);
        var lastSeen = new long[2];
        ConcurrencyHarness.Run(Writers, PerWriter, (w, i) =>
        {
            int slot = (w + i) % Counters;
            long current = array[slot];
            long seen;
            while ((seen = array.CompareExchange(slot, current + 1, current)) != current)
            {
                current = seen;
            }
        }, readers: 2, r =>
        {
            long total = array.Snapshot.Sum();
            if (total < lastSeen[r])
            {
                throw new Xunit.Sdk.XunitException($"the counters went back from {lastSeen[r]} to {total}");
            }

            lastSeen[r] = total;
        });

        Assert.Equal(Writers * PerWriter, array.Snapshot.Sum());

        // A failed comparison publishes nothing: one version per increment.
        Assert.Equal(Writers * PerWriter, array.Version);
    }

    [Fact]
    public void Notification_versions_are_gap_free_and_every_delivered_snapshot_keeps_the_batch_invariant()
    {
        var array = new CopyOnWriteArray<long>(Length);
        using var recorder = ConcurrencyHarness.Record(array);
        string? violation = null;
        using var checker = array.Subscribe(change =>
        {
            long total = 0;
            foreach (long v in change.NewSnapshot)
            {
                total += v;
            }

            if (total != 0 || change.NewSnapshot.Length != Length)
            {
                violation ??= $"version {change.Version}: a delivered snapshot sums to {total}";
            }
        });

        ConcurrencyHarness.Run(Writers, PerWriter / 2, (w, i) =>
        {
            int slot = 2 * (((w * 97) + i) % (Length / 2));
            if (i % 3 == 0)
            {
                array.Update(slot, static (a, s) => a.SetItem(s, a[s] + 1).SetItem(s + 1, a[s + 1] - 1));
            }
            else
            {
                array.SetItems([new(slot, i + 1L), new(slot + 1, -(i + 1L))]);
            }
        }, readers: 1, _ => Assert.Equal(Length, array.Snapshot.Length));

        recorder.AssertGapFreeUpTo(array.Version);
        Assert.Equal(array.Version, recorder.Versions.Count);
        Assert.Null(violation);
    }
}
