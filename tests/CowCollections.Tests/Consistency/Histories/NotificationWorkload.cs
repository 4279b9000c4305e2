using System.Collections.Immutable;
using CowCollections.Linearizability;

namespace CowCollections.Tests.Consistency.Histories;

/// <summary>
/// What a container's subscribers receive, judged against what its writers and readers did. Three writers each
/// add unique values (one change each) while a reader reads snapshots; two subscribers listen from the start and
/// a third subscribes in the middle. Every subscriber's sequence must be the model's sequence of versions after
/// it subscribed: consecutive versions, each change's old snapshot the previous change's new one, each new
/// snapshot its old one plus exactly one write, no delivery overlapping another to the same subscriber; and the
/// order of delivery, taken as the order of the writes, must be linearizable with the reads.
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

        IDisposable Subscribe(Action<SnapshotChange<TSnapshot>> onChange);
    }

    public sealed class ListTarget : ITarget<PersistentList<int>>
    {
        private readonly CopyOnWriteList<int> _list = new();

        public PersistentList<int> Snapshot => _list.Snapshot;

        public long Version => _list.Version;

        public void Write(int value) => _list.Add(value);

        public ImmutableArray<int> Contents(PersistentList<int> snapshot) => [.. snapshot];

        public IDisposable Subscribe(Action<SnapshotChange<PersistentList<int>>> onChange) => _list.Subscribe(onChange);
    }

    public sealed class DictionaryTarget : ITarget<PersistentDictionary<int, int>>
    {
        private readonly CopyOnWriteDictionary<int, int> _dictionary = new();

        public PersistentDictionary<int, int> Snapshot => _dictionary.Snapshot;

        public long Version => _dictionary.Version;

        public void Write(int value) => _dictionary.SetItem(value, -value);

        public ImmutableArray<int> Contents(PersistentDictionary<int, int> snapshot) => [.. snapshot.Keys.Order()];

        public IDisposable Subscribe(Action<SnapshotChange<PersistentDictionary<int, int>>> onChange) => _dictionary.Subscribe(onChange);
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
        var early = new[] { new Subscriber<TSnapshot>(), new Subscriber<TSnapshot>() };
        var subscriptions = early.Select(s => target.Subscribe(s.Deliver)).ToList();
        var late = new Subscriber<TSnapshot>();
        long lateBefore = 0, lateAfter = 0;

        var recorder = new HistoryRecorder<Op, string>(Writers + 1, writesPerWriter * 4);
        using var start = new Barrier(Writers + 2);
        var threads = new List<Thread>();
        for (int w = 0; w < Writers; w++)
        {
            int writer = w;
            threads.Add(new Thread(() =>
            {
                var me = recorder.ForThread(writer);
                start.SignalAndWait();
                for (int i = 0; i < writesPerWriter; i++)
                {
                    int value = (writer * 1_000_000) + i;
                    me.Invoke(new Op(true, value));
                    target.Write(value);
                    me.Return(string.Empty);
                }
            }));
        }

        threads.Add(new Thread(() =>
        {
            var me = recorder.ForThread(Writers);
            start.SignalAndWait();
            for (int i = 0; i < writesPerWriter; i++)
            {
                me.Invoke(new Op(false, 0));
                me.Return(Answer.Of(target.Contents(target.Snapshot).Order()));
            }
        }));
        threads.Add(new Thread(() =>
        {
            start.SignalAndWait();
            Thread.Sleep(new Random(seed).Next(3));
            lateBefore = target.Version;
            subscriptions.Add(target.Subscribe(late.Deliver));
            lateAfter = target.Version;
        }));
        foreach (var t in threads)
        {
            t.Start();
        }

        foreach (var t in threads)
        {
            t.Join();
        }

        foreach (var s in subscriptions)
        {
            s.Dispose();
        }

        var full = early[0].Changes;
        int total = Writers * writesPerWriter;
        foreach (var (subscriber, name) in early.Select((s, i) => (s, $"subscriber {i}")).Append((late, "late subscriber")))
        {
            if (subscriber.Overlapped)
            {
                violations.Add($"{name}: a delivery started while another to the same subscriber was running");
            }
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

    /// <summary>Collects one subscriber's changes and notices a delivery that overlaps another.</summary>
    private sealed class Subscriber<TSnapshot>
    {
        private readonly List<SnapshotChange<TSnapshot>> _changes = [];
        private int _inside;

        public bool Overlapped { get; private set; }

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

            lock (_changes)
            {
                _changes.Add(change);
            }

            Thread.SpinWait(20);
            Interlocked.Decrement(ref _inside);
        }
    }
}
