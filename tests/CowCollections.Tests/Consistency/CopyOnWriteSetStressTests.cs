namespace CowCollections.Tests.Consistency;

/// <summary>Several writers and readers on one <see cref="CopyOnWriteSet{T}"/>, through <see cref="ConcurrencyHarness"/>.</summary>
public class CopyOnWriteSetStressTests
{
    private const int Writers = 3;
    private const int PerWriter = 2000;

    [Fact]
    public void CopyOnWriteSet_Update_and_set_algebra_batches_are_never_torn_in_any_snapshot()
    {
        // Elements are signed: +x and -x always come and go together (one UnionWith, ExceptWith,
        // SymmetricExceptWith or Update), so every snapshot sums to zero; a torn batch leaves a lone half.
        var set = new CopyOnWriteSet<long>();
        ConcurrencyHarness.SumToZero(
            () => set.Snapshot,
            s =>
            {
                long total = 0;
                foreach (long x in s)
                {
                    total += x;
                }

                return total;
            },
            (random, i) =>
            {
                long a = random.Next(1, 200);
                long b = random.Next(200, 400);
                switch (i % 4)
                {
                    case 0:
                        set.UnionWith([a, -a, b, -b]);
                        break;
                    case 1:
                        set.ExceptWith([a, -a, b, -b]);
                        break;
                    case 2:
                        set.SymmetricExceptWith([a, -a]);
                        break;
                    default:
                        set.Update((a, b), static (s, m) => s.Contains(m.a) ? s.Remove(m.a).Remove(-m.a).Add(m.b).Add(-m.b) : s.Add(m.a).Add(-m.a));
                        break;
                }
            },
            writers: Writers,
            iterations: PerWriter);

        Assert.Equal(0, set.Snapshot.Sum());
        var final = set.Snapshot;
        Assert.All(final, x => Assert.True(final.Contains(-x), $"{x} without {-x}"));
    }

    [Fact]
    public void CopyOnWriteSet_enumeration_never_throws_and_every_interface_copy_is_one_whole_version_while_writers_run()
    {
        // Writers only ever publish sets of whole "blocks" {10b .. 10b+9}: a copy of one version holds whole blocks.
        var set = new CopyOnWriteSet<int>();
        long reads = ConcurrencyHarness.Run(Writers, PerWriter, (w, i) =>
        {
            int block = ((w * 37) + i) % 30;
            var elements = Enumerable.Range(block * 10, 10).ToArray();
            if ((i & 1) == 0)
            {
                set.UnionWith(elements);
            }
            else
            {
                set.ExceptWith(elements);
            }

            if (i % 97 == 0)
            {
                set.Clear();
            }
        }, readers: 2, r =>
        {
            AssertWholeBlocks(Enumerable.ToArray(set), "Enumerable.ToArray");
            AssertWholeBlocks(Enumerable.ToList(set), "Enumerable.ToList");
            AssertWholeBlocks(new List<int>(set), "new List<int>(set)");
            AssertWholeBlocks(new HashSet<int>(set).ToArray(), "new HashSet<int>(set)");
            AssertWholeBlocks(new CopyOnWriteSet<int>(set).Snapshot.ToArray(), "new CopyOnWriteSet<int>(set)");
            var target = new CopyOnWriteSet<int>();
            target.UnionWith(set);
            AssertWholeBlocks(target.ToArray(), "UnionWith(container)");

            // The BCL's copy pattern: a count of zero copies nothing (a zero count is not paired with the copy).
            ICollection<int> collection = set;
            int count = collection.Count;
            var array = new int[count];
            if (count > 0)
            {
                collection.CopyTo(array, 0);
            }

            AssertWholeBlocks(array, "ICollection.Count then CopyTo");

            var seen = new List<int>();
            foreach (int x in set)
            {
                seen.Add(x);
            }

            AssertWholeBlocks(seen, "foreach");
        });
        Assert.True(reads > 0);
    }

    private static void AssertWholeBlocks(IReadOnlyCollection<int> copy, string how)
    {
        if (copy.Count % 10 != 0)
        {
            throw new Xunit.Sdk.XunitException($"{how}: {copy.Count} elements, not whole blocks of 10");
        }

        var distinct = copy.ToHashSet();
        if (distinct.Count != copy.Count)
        {
            throw new Xunit.Sdk.XunitException($"{how}: {copy.Count - distinct.Count} duplicates");
        }

        foreach (int x in distinct)
        {
            int first = x - (x % 10);
            for (int j = first; j < first + 10; j++)
            {
                if (!distinct.Contains(j))
                {
                    throw new Xunit.Sdk.XunitException($"{how}: {x} without {j}; no published version holds that");
                }
            }
        }
    }

    [Fact]
    public void CopyOnWriteSet_notification_versions_are_gap_free_and_each_Diff_is_the_brute_force_difference()
    {
        var set = new CopyOnWriteSet<int>();
        using var recorder = ConcurrencyHarness.Record(set);
        string? diffViolation = null;
        int diffs = 0;
        using var differ = set.Subscribe(change =>
        {
            var diff = change.Diff();
            var added = change.NewSnapshot.Where(x => !change.OldSnapshot.Contains(x)).ToHashSet();
            var removed = change.OldSnapshot.Where(x => !change.NewSnapshot.Contains(x)).ToHashSet();
            var diffAdded = diff.Where(c => c.Kind == SetChangeKind.Added).Select(c => c.Item).ToList();
            var diffRemoved = diff.Where(c => c.Kind == SetChangeKind.Removed).Select(c => c.Item).ToList();
            if (diffAdded.Count != added.Count || !added.SetEquals(diffAdded) || diffRemoved.Count != removed.Count || !removed.SetEquals(diffRemoved))
            {
                diffViolation ??= $"version {change.Version}: Diff added [{string.Join(",", diffAdded)}] removed [{string.Join(",", diffRemoved)}], brute force added [{string.Join(",", added)}] removed [{string.Join(",", removed)}]";
            }

            if (added.Count + removed.Count == 0)
            {
                diffViolation ??= $"version {change.Version} changed nothing";
            }

            diffs++;
        });

        ConcurrencyHarness.Run(Writers, PerWriter, (w, i) =>
        {
            int x = (w * 100) + (i % 40);
            switch (i % 6)
            {
                case 0: set.Add(x); break;
                case 1: set.UnionWith([x, x + 1, x + 2]); break;
                case 2: set.Remove(x + 1); break;
                case 3: set.SymmetricExceptWith([x, x + 3]); break;
                case 4: set.ExceptWith([x + 2, x + 50]); break;
                default: set.Update(s => s.Contains(x) ? s.Remove(x) : s); break;
            }
        }, readers: 1, _ => _ = set.Count);

        recorder.AssertGapFreeUpTo(set.Version);
        Assert.Equal(set.Version, recorder.Versions.Count);
        Assert.Null(diffViolation);
        Assert.Equal(set.Version, diffs);
    }
}
