using Xunit.Abstractions;

namespace CowCollections.Tests.Set;

/// <summary>
/// Lost updates and torn reads on <see cref="CopyOnWriteSet{T}"/>: several threads write through every kind of
/// write (Add, UnionWith, ExceptWith, Update) while readers check invariants that only whole versions satisfy.
/// </summary>
public sealed class CopyOnWriteSetConcurrencyTests(ITestOutputHelper output)
{
    private const int Threads = 4;

    private static void RunTogether(int threads, Action<int> body)
    {
        using var start = new Barrier(threads);
        var failures = new System.Collections.Concurrent.ConcurrentQueue<Exception>();
        var all = Enumerable.Range(0, threads).Select(t => new Thread(() =>
        {
            try
            {
                start.SignalAndWait();
                body(t);
            }
            catch (Exception ex)
            {
                failures.Enqueue(ex);
            }
        })).ToArray();
        foreach (var thread in all)
        {
            thread.Start();
        }

        foreach (var thread in all)
        {
            Assert.True(thread.Join(TimeSpan.FromSeconds(60)), "a thread did not finish within 60 s");
        }

        Assert.True(failures.IsEmpty, string.Join(Environment.NewLine, failures.Take(3)));
    }

    [Fact]
    public void Concurrent_Add_of_disjoint_ranges_loses_no_element_and_publishes_once_per_element()
    {
        const int PerThread = 10_000;
        var set = new CopyOnWriteSet<int>();
        var results = new bool[Threads * PerThread];
        RunTogether(Threads, t =>
        {
            for (int i = 0; i < PerThread; i++)
            {
                int x = (t * PerThread) + i;
                results[x] = set.Add(x);
            }
        });

        Assert.All(results, Assert.True);
        Assert.Equal(Threads * PerThread, set.Count);
        Assert.True(set.SetEquals(Enumerable.Range(0, Threads * PerThread)));
        Assert.Equal(Threads * PerThread, set.Version);
    }

    [Fact]
    public void Concurrent_Add_of_the_same_element_succeeds_for_exactly_one_caller_and_Remove_likewise()
    {
        const int Elements = 5_000;
        var set = new CopyOnWriteSet<int>();
        var addWins = new int[Elements];
        var removeWins = new int[Elements];
        RunTogether(Threads, t =>
        {
            // Every thread races for every element, starting at a different offset so the races are spread out.
            for (int i = 0; i < Elements; i++)
            {
                int x = (i + (t * 97)) % Elements;
                if (set.Add(x))
                {
                    Interlocked.Increment(ref addWins[x]);
                }
            }
        });

        // Only once every Add returned do the threads race to remove: a late Add could otherwise re-add an element.
        RunTogether(Threads, t =>
        {
            for (int i = 0; i < Elements; i++)
            {
                int x = (i + (t * 89)) % Elements;
                if (set.Remove(x))
                {
                    Interlocked.Increment(ref removeWins[x]);
                }
            }
        });

        Assert.All(addWins, w => Assert.Equal(1, w));
        Assert.All(removeWins, w => Assert.Equal(1, w));
        Assert.True(set.IsEmpty);
        Assert.Equal(2L * Elements, set.Version);
    }

    [Fact]
    public void UnionWith_ExceptWith_and_Update_under_contention_end_as_the_model_says_with_one_version_per_change()
    {
        // Thread t owns the elements t*1e6 .. t*1e6+Rounds*Batch: it unions a batch, removes every other element
        // of it with ExceptWith, adds a marker with Update and re-unions a batch it already holds (no change).
        const int Rounds = 400;
        const int Batch = 8;
        var set = new CopyOnWriteSet<int>();
        int updateRuns = 0;
        RunTogether(Threads, t =>
        {
            for (int r = 0; r < Rounds; r++)
            {
                int b = (t * 1_000_000) + (r * Batch);
                var batch = Enumerable.Range(b, Batch).ToArray();
                set.UnionWith(batch);
                set.ExceptWith(batch.Where(x => x % 2 == 1));
                set.Update((t, r), (s, a) =>
                {
                    Interlocked.Increment(ref updateRuns);
                    return s.Add(-1 - ((a.t * Rounds) + a.r));
                });
                set.UnionWith(batch.Where(x => x % 2 == 0));
                set.ExceptWith([int.MaxValue - t]);
            }
        });

        var model = new HashSet<int>();
        for (int t = 0; t < Threads; t++)
        {
            for (int r = 0; r < Rounds; r++)
            {
                int b = (t * 1_000_000) + (r * Batch);
                model.UnionWith(Enumerable.Range(b, Batch).Where(x => x % 2 == 0));
                model.Add(-1 - ((t * Rounds) + r));
            }
        }

        Assert.True(set.SetEquals(model), $"{set.Count} elements, the model has {model.Count}");
        Assert.Equal(model.Count, set.Count);

        // Three writes per round changed something (union, except, update); the re-union and the except of an
        // absent element published nothing.
        Assert.Equal(3L * Threads * Rounds, set.Version);
        Assert.True(updateRuns >= Threads * Rounds);
        output.WriteLine($"{updateRuns} update runs for {Threads * Rounds} published updates");
    }

    [Fact]
    public void Update_functions_may_run_more_than_once_but_publish_once()
    {
        var set = new CopyOnWriteSet<int>();
        int calls = 0;
        RunTogether(Threads, t =>
        {
            for (int i = 0; i < 500; i++)
            {
                set.Update(s =>
                {
                    Interlocked.Increment(ref calls);
                    return s.Add((t * 1000) + i);
                });
            }
        });

        Assert.Equal(Threads * 500, set.Version);
        Assert.Equal(Threads * 500, set.Count);
        Assert.True(calls >= Threads * 500);
    }

    [Fact]
    public void Readers_never_see_half_of_a_UnionWith_or_ExceptWith_batch()
    {
        // Each batch is a set of pairs {k, k + 1000000}: UnionWith adds pairs and ExceptWith removes pairs, so
        // every version holds both halves of a pair or neither, an even count, and the pairs of one batch together.
        const int Offset = 1_000_000;
        const int Rounds = 4_000;
        var set = new CopyOnWriteSet<int>();
        using var stop = new CancellationTokenSource();
        long reads = 0;
        string? torn = null;
        var readers = Enumerable.Range(0, Threads - 1).Select(id => new Thread(() =>
        {
            try
            {
                while (!stop.IsCancellationRequested && torn is null)
                {
                    var s = set.Snapshot;
                    if (s.Count % 2 != 0)
                    {
                        torn ??= $"a snapshot holds {s.Count} elements";
                    }

                    foreach (int x in s)
                    {
                        int partner = x >= Offset ? x - Offset : x + Offset;
                        if (!s.Contains(partner))
                        {
                            torn ??= $"{x} without {partner}";
                        }

                        // A batch adds the pairs of 4 consecutive k: they come and go together.
                        int k = x % Offset;
                        int first = k - (k % 4);
                        for (int j = first; j < first + 4; j++)
                        {
                            if (!s.Contains(j))
                            {
                                torn ??= $"{x} without {j} of its batch";
                            }
                        }
                    }

                    // The container's own lookups read one version each: a batch seen whole stays whole until removed,
                    // and the interface copies are one version too.
                    int[] copy = [.. set];
                    if (copy.Length % 2 != 0)
                    {
                        torn ??= $"a collection-expression copy holds {copy.Length} elements";
                    }

                    var list = new List<int>(set);
                    if (list.Count % 2 != 0 || list.Distinct().Count() != list.Count)
                    {
                        torn ??= $"new List<int>(set) holds {list.Count} elements";
                    }

                    var array = Enumerable.ToArray(set);
                    var asSet = array.ToHashSet();
                    if (array.Any(x => !asSet.Contains(x >= Offset ? x - Offset : x + Offset)))
                    {
                        torn ??= "a ToArray copy holds half a pair";
                    }

                    Interlocked.Increment(ref reads);
                }
            }
            catch (Exception ex)
            {
                torn ??= $"reader {id} threw {ex}";
            }
        })).ToArray();
        foreach (var reader in readers)
        {
            reader.Start();
        }

        var random = new Random(11);
        for (int round = 0; round < Rounds; round++)
        {
            int k = random.Next(500) * 4;
            var pairs = Enumerable.Range(k, 4).SelectMany(x => new[] { x, x + Offset }).ToArray();
            if (set.Contains(k))
            {
                set.ExceptWith(pairs);
            }
            else
            {
                set.UnionWith(pairs);
            }
        }

        stop.Cancel();
        foreach (var reader in readers)
        {
            Assert.True(reader.Join(TimeSpan.FromSeconds(30)));
        }

        output.WriteLine($"{reads} checked reads");
        Assert.Null(torn);
        Assert.True(reads > 0, "the readers never ran");
        Assert.Equal(Rounds, set.Version);
    }

    [Fact]
    public void Contains_and_Count_called_on_the_container_see_batches_whole_over_time()
    {
        // A writer moves a marker pair {a, b} in one SymmetricExceptWith: every version holds exactly two
        // markers; Count is always 2 and Contains of the next pair never precedes a version that dropped the old.
        var set = new CopyOnWriteSet<int>([0, 1]);
        using var stop = new CancellationTokenSource();
        string? violation = null;
        long reads = 0;
        var reader = new Thread(() =>
        {
            while (!stop.IsCancellationRequested && violation is null)
            {
                int count = set.Count;
                if (count != 2)
                {
                    violation ??= $"Count {count}";
                }

                // Markers only ever grow: the pair {2n, 2n+1} replaces {2n-2, 2n-1} in one version. Once 2n+1 is seen,
                // later reads never see 2n-1 again, and a snapshot holds one pair.
                var s = set.Snapshot;
                int max = s.Max();
                if (s.Count != 2 || !s.Contains(max - 1) || max % 2 != 1)
                {
                    violation ??= $"a snapshot holds {string.Join(",", s)}";
                }

                if (set.Contains(max - 2))
                {
                    violation ??= $"saw {max} and later {max - 2}";
                }

                Interlocked.Increment(ref reads);
            }
        });
        reader.Start();
        for (int n = 1; n <= 3_000; n++)
        {
            set.SymmetricExceptWith([(2 * n) - 2, (2 * n) - 1, 2 * n, (2 * n) + 1]);
        }

        stop.Cancel();
        Assert.True(reader.Join(TimeSpan.FromSeconds(30)));
        Assert.Null(violation);
        Assert.True(reads > 0);
        Assert.True(set.SetEquals([6000, 6001]));
        Assert.Equal(3_000, set.Version);
    }
}
