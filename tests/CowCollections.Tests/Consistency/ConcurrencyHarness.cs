namespace CowCollections.Tests.Consistency;

/// <summary>
/// Reusable stress drivers for every copy-on-write container: start writers and readers together, stop the
/// readers when the writers finish, and rethrow the first failure of any thread. Bounded by iteration counts,
/// never by wall-clock luck.
/// </summary>
internal static class ConcurrencyHarness
{
    /// <summary>Runs <paramref name="writers"/> writer loops and <paramref name="readers"/> reader loops concurrently.</summary>
    /// <param name="writers">How many writer threads.</param>
    /// <param name="writerIterations">Iterations per writer.</param>
    /// <param name="write">(writer index, iteration) -> one write.</param>
    /// <param name="readers">How many reader threads; they loop until every writer finished.</param>
    /// <param name="read">(reader index) -> one read and its checks; throw to fail.</param>
    /// <returns>How many reads the readers performed in all.</returns>
    public static long Run(int writers, int writerIterations, Action<int, int> write, int readers, Action<int> read)
    {
        using var start = new Barrier(writers + readers);
        int writersLeft = writers;
        long reads = 0;
        var failures = new System.Collections.Concurrent.ConcurrentQueue<Exception>();
        var threads = new List<Thread>();
        for (int w = 0; w < writers; w++)
        {
            int id = w;
            threads.Add(new Thread(() =>
            {
                try
                {
                    start.SignalAndWait();
                    for (int i = 0; i < writerIterations; i++)
                    {
                        write(id, i);
                    }
                }
                catch (Exception ex)
                {
                    failures.Enqueue(ex);
                }
                finally
                {
                    Interlocked.Decrement(ref writersLeft);
                }
            }));
        }

        for (int r = 0; r < readers; r++)
        {
            int id = r;
            threads.Add(new Thread(() =>
            {
                try
                {
                    start.SignalAndWait();
                    long mine = 0;
                    do
                    {
                        read(id);
                        mine++;
                    }
                    while (Volatile.Read(ref writersLeft) > 0 && failures.IsEmpty);

                    read(id);
                    Interlocked.Add(ref reads, mine + 1);
                }
                catch (Exception ex)
                {
                    failures.Enqueue(ex);
                }
            }));
        }

        foreach (var t in threads)
        {
            t.IsBackground = true;
            t.Start();
        }

        foreach (var t in threads)
        {
            Assert.True(t.Join(TimeSpan.FromSeconds(60)), "a stress thread did not finish within 60 s");
        }

        if (failures.TryDequeue(out var first))
        {
            throw new Xunit.Sdk.XunitException($"a stress thread failed: {first}");
        }

        return reads;
    }

    /// <summary>
    /// The multi-key batch invariant, for any container: <paramref name="batch"/> moves an amount between
    /// two keys in ONE atomic update so the keys always sum to zero; readers check <paramref name="sum"/> on
    /// snapshots. A torn batch (half of it visible) breaks the invariant.
    /// </summary>
    public static void SumToZero<TSnapshot>(Func<TSnapshot> snapshot, Func<TSnapshot, long> sum, Action<Random, int> batch, int writers = 3, int iterations = 3000, int readers = 2)
    {
        long checkedSnapshots = Run(
            writers,
            iterations,
            (w, i) => batch(new Random(HashCode.Combine(w, i)), i),
            readers,
            _ =>
            {
                var s = snapshot();
                long total = sum(s);
                if (total != 0)
                {
                    throw new Xunit.Sdk.XunitException($"torn batch: a snapshot sums to {total}");
                }
            });
        Assert.True(checkedSnapshots > 0);
    }

    /// <summary>
    /// Subscribes to <paramref name="container"/> and returns the recorder; the recorder fails if two deliveries
    /// overlap, if a version is skipped or repeated, or if a change's old snapshot is not the previous change's
    /// new snapshot.
    /// </summary>
    public static ChangeRecorder<TSnapshot> Record<TSnapshot>(IWatchable<TSnapshot> container)
        where TSnapshot : class => new(container);
}

/// <summary>Records the changes one subscriber receives and checks the ordering contract as they arrive.</summary>
internal sealed class ChangeRecorder<TSnapshot> : IDisposable
    where TSnapshot : class
{
    private readonly IDisposable _subscription;
    private int _inside;
    private TSnapshot? _lastNew;

    public ChangeRecorder(IWatchable<TSnapshot> container)
    {
        VersionBefore = container.Version;
        _subscription = container.Subscribe(OnChange);
        VersionAfter = container.Version;
    }

    /// <summary>The container's version read just before subscribing.</summary>
    public long VersionBefore { get; }

    /// <summary>The container's version read just after subscribing.</summary>
    public long VersionAfter { get; }

    public List<long> Versions { get; } = [];

    public string? Violation { get; private set; }

    public void Dispose() => _subscription.Dispose();

    /// <summary>Asserts no violation and that exactly the versions (start, <paramref name="finalVersion"/>] arrived.</summary>
    public void AssertGapFreeUpTo(long finalVersion)
    {
        Assert.Null(Violation);
        if (Versions.Count == 0)
        {
            Assert.True(finalVersion <= VersionAfter, $"no change delivered although the version moved from {VersionAfter} to {finalVersion}");
            return;
        }

        long first = Versions[0];
        Assert.True(first > VersionBefore, $"delivered version {first} predates the subscription (version before was {VersionBefore})");
        Assert.True(first <= VersionAfter + 1, $"the first delivered version {first} leaves a gap after {VersionAfter}");
        Assert.Equal(finalVersion, Versions[^1]);
        Assert.Equal(finalVersion - first + 1, Versions.Count);
    }

    private void OnChange(SnapshotChange<TSnapshot> change)
    {
        if (Interlocked.Increment(ref _inside) != 1)
        {
            Violation ??= $"two deliveries overlapped at version {change.Version}";
        }

        if (Versions.Count > 0 && change.Version != Versions[^1] + 1)
        {
            Violation ??= $"version {change.Version} after {Versions[^1]}";
        }

        if (_lastNew is not null && !ReferenceEquals(_lastNew, change.OldSnapshot))
        {
            Violation ??= $"change {change.Version}: its old snapshot is not the previous change's new snapshot";
        }

        _lastNew = change.NewSnapshot;
        Versions.Add(change.Version);
        Interlocked.Decrement(ref _inside);
    }
}
