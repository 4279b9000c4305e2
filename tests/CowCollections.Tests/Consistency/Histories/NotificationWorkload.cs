using System.Collections.Immutable;
using CowCollections.Linearizability;

namespace CowCollections.Tests.Consistency.Histories;

/// <summary>
/// What a container's subscribers receive, judged against what its writers and readers did. Three writers each
/// add unique values (one change each) while a reader reads snapshots; two subscribers listen from the start and
/// a third subscribes in the middle. Every subscriber's sequence must be the model's sequence of versions after
/// it subscribed: consecutive versions, each change's old snapshot the previous change's new one, each new
/// snapshot its old one plus exactly one write (as the change itself reports it: the dictionary's <c>Diff</c>),
/// no delivery overlapping another to the same subscriber, none before readers can see its version, all on
/// writers' threads; a subscriber that throws still gets every change and its handler every exception; one that
/// leaves gets nothing after its <c>Dispose</c> returned; and the order of delivery, taken as the order of the
/// writes, must be linearizable with the reads.
/// </summary>
internal static class NotificationWorkload
{
    /// <summary>What the workload needs of a notifying container whose snapshots hold a set of ints.</summary>
    public interface ITarget<TSnapshot>
    {
        void Write(int value);

        TSnapshot Snapshot { get; }

        long Version { get; }

        ImmutableArray<int> Contents(TSnapshot snapshot);

        /// <summary>What a change added, as the container's own change API reports it (the dictionary's <c>Diff</c>).</summary>
        ImmutableArray<int> Added(SnapshotChange<TSnapshot> change);

        IDisposable Subscribe(Action<SnapshotChange<TSnapshot>> onChange);

        IDisposable Subscribe(Action<SnapshotChange<TSnapshot>> onChange, Action<Exception> onError);
    }

    public sealed class ListTarget : ITarget<PersistentList<int>>
    {
        private readonly CopyOnWriteList<int> _list = new();

        public PersistentList<int> Snapshot => _list.Snapshot;

        public long Version => _list.Version;

        public void Write(int value) => _list.Add(value);

        public ImmutableArray<int> Contents(PersistentList<int> snapshot) => [.. snapshot];

        public ImmutableArray<int> Added(SnapshotChange<PersistentList<int>> change) =>
            change.NewSnapshot.Count == change.OldSnapshot.Count + 1 ? [change.NewSnapshot[^1]] : [];

        public IDisposable Subscribe(Action<SnapshotChange<PersistentList<int>>> onChange) => _list.Subscribe(onChange);

        public IDisposable Subscribe(Action<SnapshotChange<PersistentList<int>>> onChange, Action<Exception> onError) => _list.Subscribe(onChange, onError);
    }

    public sealed class DictionaryTarget : ITarget<PersistentDictionary<int, int>>
    {
        private readonly CopyOnWriteDictionary<int, int> _dictionary = new();

        public PersistentDictionary<int, int> Snapshot => _dictionary.Snapshot;

        public long Version => _dictionary.Version;

        public void Write(int value) => _dictionary.SetItem(value, -value);

        public ImmutableArray<int> Contents(PersistentDictionary<int, int> snapshot) => [.. snapshot.Keys.Order()];

        public ImmutableArray<int> Added(SnapshotChange<PersistentDictionary<int, int>> change) =>
            [.. change.Diff().Where(d => d.Kind == DictionaryChangeKind.Added && d.NewValue == -d.Key).Select(d => d.Key)];

        public IDisposable Subscribe(Action<SnapshotChange<PersistentDictionary<int, int>>> onChange) => _dictionary.Subscribe(onChange);

        public IDisposable Subscribe(Action<SnapshotChange<PersistentDictionary<int, int>>> onChange, Action<Exception> onError) => _dictionary.Subscribe(onChange, onError);
    }

    public sealed class SetTarget : ITarget<PersistentHashSet<int>>
    {
        private readonly CopyOnWriteSet<int> _set = new();

        public PersistentHashSet<int> Snapshot => _set.Snapshot;

        public long Version => _set.Version;

        public void Write(int value) => _set.Add(value);

        public ImmutableArray<int> Contents(PersistentHashSet<int> snapshot) => [.. snapshot.Order()];

        public ImmutableArray<int> Added(SnapshotChange<PersistentHashSet<int>> change) =>
            change.Diff() is var diff && diff.All(d => d.Kind == SetChangeKind.Added) ? [.. diff.Select(d => d.Item)] : [];

        public IDisposable Subscribe(Action<SnapshotChange<PersistentHashSet<int>>> onChange) => _set.Subscribe(onChange);

        public IDisposable Subscribe(Action<SnapshotChange<PersistentHashSet<int>>> onChange, Action<Exception> onError) => _set.Subscribe(onChange, onError);
    }

    private sealed record Op(bool IsWrite, int Value)
    {
        public override string ToString() => IsWrite ? $"Write({Value})" : "Snapshot";
    }

    /// <summary>Runs one round and returns every violation found (empty when the round is correct).</summary>
    public static List<string> Round<TSnapshot>(ITarget<TSnapshot> target, int writesPerWriter, int seed)
        where TSnapshot : class
    {
        const int Writers = 3;
        var violations = new List<string>();
        var initial = target.Snapshot;
        var writerThreads = new HashSet<int>();
        var early = new[] { new Subscriber<TSnapshot>(target, writerThreads), new Subscriber<TSnapshot>(target, writerThreads) };
        var subscriptions = early.Select(s => target.Subscribe(s.Deliver)).ToList();

        // A subscriber that throws on every seventh change, with an error handler: it still receives every
        // change, each exception reaches its handler, and the other subscribers see nothing of it.
        var throwing = new Subscriber<TSnapshot>(target, writerThreads) { ThrowEvery = 7 };
        var errors = 0;
        subscriptions.Add(target.Subscribe(throwing.Deliver, e => Interlocked.Increment(ref errors)));

        // One subscriber joins in the middle; another leaves in the middle and must get nothing that started after
        // its Dispose returned.
        var late = new Subscriber<TSnapshot>(target, writerThreads);
        long lateBefore = 0, lateAfter = 0;
        var leaving = new Subscriber<TSnapshot>(target, writerThreads);
        var leavingSubscription = target.Subscribe(leaving.Deliver);
        long leftAtVersion = long.MaxValue;

        var recorder = new HistoryRecorder<Op, string>(Writers + 1, writesPerWriter * 4);
        Workload.Together(Writers + 2, t =>
        {
            if (t < Writers)
            {
                // A writer: its thread is one the deliveries may run on.
                var me = recorder.ForThread(t);
                lock (writerThreads)
                {
                    writerThreads.Add(Environment.CurrentManagedThreadId);
                }

                return () =>
                {
                    for (int i = 0; i < writesPerWriter; i++)
                    {
                        int value = (t * 1_000_000) + i;
                        me.Invoke(new Op(true, value));
                        target.Write(value);
                        me.Return(string.Empty);
                    }
                };
            }

            if (t == Writers)
            {
                // The reader.
                var me = recorder.ForThread(Writers);
                return () =>
                {
                    for (int i = 0; i < writesPerWriter; i++)
                    {
                        me.Invoke(new Op(false, 0));
                        me.Return(Answer.Of(target.Contents(target.Snapshot).Order()));
                    }
                };
            }

            // A subscriber that joins in the middle, and one that leaves.
            return () =>
            {
                Thread.Sleep(new Random(seed).Next(3));
                lateBefore = target.Version;
                subscriptions.Add(target.Subscribe(late.Deliver));
                lateAfter = target.Version;
                Thread.Sleep(1);
                leavingSubscription.Dispose();
                leavingSubscription.Dispose();
                leftAtVersion = target.Version;
            };
        });

        foreach (var s in subscriptions)
        {
            s.Dispose();
        }

        var full = early[0].Changes;
        int total = Writers * writesPerWriter;
        foreach (var (subscriber, name) in early.Select((s, i) => (s, $"subscriber {i}")).Append((late, "late subscriber")).Append((throwing, "throwing subscriber")).Append((leaving, "leaving subscriber")))
        {
            if (subscriber.Overlapped)
            {
                violations.Add($"{name}: a delivery started while another to the same subscriber was running");
            }

            if (subscriber.BeforePublication is { } early1)
            {
                violations.Add($"{name}: version {early1} was delivered before readers could see it");
            }

            if (subscriber.OffWriterThread)
            {
                violations.Add($"{name}: a change was delivered on a thread that writes nothing");
            }
        }

        if (!throwing.Changes.Select(c => c.Version).SequenceEqual(Enumerable.Range(1, total).Select(v => (long)v)))
        {
            violations.Add($"the throwing subscriber received {throwing.Changes.Count} changes, not every one of the {total}");
        }

        if (Volatile.Read(ref errors) != throwing.Thrown)
        {
            violations.Add($"the throwing subscriber threw {throwing.Thrown} times but its error handler ran {errors} times");
        }

        // A delivery already under way when Dispose returned may complete, so only a version published after
        // Dispose returned (above the version read just after it) must never arrive.
        if (leaving.Changes.FirstOrDefault(c => c.Version > leftAtVersion) is { NewSnapshot: not null } afterDispose)
        {
            violations.Add($"the leaving subscriber received version {afterDispose.Version}, published after its Dispose returned (at version {leftAtVersion})");
        }

        // The first subscriber's sequence: consecutive versions from 1, each change one write on top of the last.
        if (full.Count != total)
        {
            violations.Add($"subscriber 0 received {full.Count} changes for {total} writes");
        }

        var order = new List<int>();
        var previous = initial;
        for (int i = 0; i < full.Count; i++)
        {
            var change = full[i];
            if (change.Version != i + 1)
            {
                violations.Add($"change {i} of subscriber 0 has version {change.Version}, expected {i + 1}");
            }

            if (!ReferenceEquals(change.OldSnapshot, previous))
            {
                violations.Add($"change {i} (version {change.Version}) of subscriber 0: its old snapshot is not the new snapshot of the change before it");
            }

            var added = target.Contents(change.NewSnapshot).Except(target.Contents(change.OldSnapshot)).ToArray();
            if (added.Length != 1 || target.Contents(change.NewSnapshot).Length != target.Contents(change.OldSnapshot).Length + 1)
            {
                violations.Add($"change {i} (version {change.Version}) of subscriber 0 is not one write: added [{string.Join(",", added)}]");
            }
            else if (!target.Added(change).SequenceEqual(added))
            {
                violations.Add($"change {i} (version {change.Version}): the change reports [{string.Join(",", target.Added(change))}] added, but [{added[0]}] was");
            }
            else
            {
                order.Add(added[0]);
            }

            previous = change.NewSnapshot;
        }

        if (!ReferenceEquals(previous, target.Snapshot))
        {
            violations.Add("the last change delivered is not the container's final snapshot");
        }

        if (!early[1].Changes.Select(c => (c.Version, c.NewSnapshot)).SequenceEqual(full.Select(c => (c.Version, c.NewSnapshot))))
        {
            violations.Add("subscribers 0 and 1 received different sequences");
        }

        // The late subscriber: exactly the changes after it subscribed.
        var lateChanges = late.Changes;
        if (lateChanges.Count > 0)
        {
            long first = lateChanges[0].Version;
            if (first < lateBefore + 1 || first > lateAfter + 1)
            {
                violations.Add($"the late subscriber's first change is version {first}, but it subscribed between versions {lateBefore} and {lateAfter}");
            }

            var expected = full.Where(c => c.Version >= first).Select(c => (c.Version, c.NewSnapshot));
            if (!lateChanges.Select(c => (c.Version, c.NewSnapshot)).SequenceEqual(expected))
            {
                violations.Add("the late subscriber's sequence is not the suffix of the full sequence from its first change");
            }
        }
        else if (lateAfter < total)
        {
            violations.Add($"the late subscriber received nothing though it subscribed at version {lateAfter} of {total}");
        }

        // The delivery order is the order of the writes: it must be linearizable with the reads.
        var position = order.Select((v, i) => (v, i)).ToDictionary(p => p.v, p => p.i);
        var builder = new HistoryBuilder<Call<object?, ImmutableArray<int>>, string>();
        foreach (var o in recorder.ToHistory().Operations)
        {
            if (o.Input.IsWrite)
            {
                string at = position.TryGetValue(o.Input.Value, out int p) ? Answer.Of(p) : "never delivered";
                builder.Add(o.Thread, new Call<object?, ImmutableArray<int>>(o.Input.ToString(), _ => "", s => (s.Add(o.Input.Value), Answer.Of(s.Length))), at, o.Invoke, o.Response);
            }
            else
            {
                builder.Add(o.Thread, new Call<object?, ImmutableArray<int>>("Snapshot", _ => "", s => (s, Answer.Of(s.Order()))), o.Output, o.Invoke, o.Response);
            }
        }

        var model = new CallModel<object?, ImmutableArray<int>>([], States.List, s => Answer.Of(s));
        var result = LinearizabilityChecker.Check(model, builder.Build(), new CheckOptions { Seed = seed.ToString(System.Globalization.CultureInfo.InvariantCulture) });
        if (!result.IsOk)
        {
            violations.Add("the delivery order is not a linearization of the writes and reads:\n" + result.Report);
        }

        return violations;
    }

    /// <summary>
    /// Collects one subscriber's changes and notices a delivery that overlaps another, one that comes before the
    /// readers can see its version, and one on a thread that is not a writer's.
    /// </summary>
    private sealed class Subscriber<TSnapshot>(ITarget<TSnapshot> target, HashSet<int> writerThreads)
    {
        private readonly List<SnapshotChange<TSnapshot>> _changes = [];
        private int _inside;

        public int ThrowEvery { get; init; }

        public int Thrown { get; private set; }

        public bool Overlapped { get; private set; }

        public bool OffWriterThread { get; private set; }

        public long? BeforePublication { get; private set; }

        public List<SnapshotChange<TSnapshot>> Changes
        {
            get
            {
                lock (_changes)
                {
                    return [.. _changes];
                }
            }
        }

        public void Deliver(SnapshotChange<TSnapshot> change)
        {
            if (Interlocked.Increment(ref _inside) != 1)
            {
                Overlapped = true;
            }

            if (target.Version < change.Version)
            {
                BeforePublication ??= change.Version;
            }

            bool onWriter;
            lock (writerThreads)
            {
                onWriter = writerThreads.Contains(Environment.CurrentManagedThreadId);
            }

            OffWriterThread |= !onWriter;
            int count;
            lock (_changes)
            {
                _changes.Add(change);
                count = _changes.Count;
            }

            Thread.SpinWait(20);
            Interlocked.Decrement(ref _inside);
            if (ThrowEvery > 0 && count % ThrowEvery == 0)
            {
                Thrown++;
                throw new InvalidOperationException("a subscriber that throws");
            }
        }
    }
}
