using Microsoft.Extensions.Primitives;

namespace CowCollections.Tests.Consistency;

/// <summary>
/// The single-threaded contracts of <see cref="CopyOnWriteSet{T}"/>'s publication: notifications (what a change
/// carries, when none is sent, subscriber exceptions), Exchange/CompareExchange/Update and their argument checks.
/// </summary>
public class CopyOnWriteSetContractTests
{
    [Fact]
    public void CopyOnWriteSet_a_subscriber_receives_old_snapshot_new_snapshot_version_and_Diff_after_publication()
    {
        var set = new CopyOnWriteSet<string>(["a", "b"]);
        var seen = new List<SnapshotChange<PersistentHashSet<string>>>();
        using var subscription = set.Subscribe(change =>
        {
            // Delivery runs after publication: the container already shows the change.
            Assert.Same(change.NewSnapshot, set.Snapshot);
            seen.Add(change);
        });
        var before = set.Snapshot;

        set.SymmetricExceptWith(["b", "c"]);

        var only = Assert.Single(seen);
        Assert.Same(before, only.OldSnapshot);
        Assert.True(only.NewSnapshot.SetEquals(["a", "c"]));
        Assert.Equal(1, only.Version);
        Assert.Equal(set.Version, only.Version);
        Assert.Equal(
            [new SetChange<string>(SetChangeKind.Added, "c"), new SetChange<string>(SetChangeKind.Removed, "b")],
            only.Diff().OrderBy(c => c.Kind).ToArray());
    }

    [Fact]
    public void CopyOnWriteSet_a_write_that_changes_nothing_publishes_and_notifies_nothing()
    {
        var set = new CopyOnWriteSet<int>([1, 2]);
        int calls = 0;
        using var subscription = set.Subscribe(_ => calls++);
        var snapshot = set.Snapshot;

        Assert.False(set.Add(1));
        Assert.False(set.Remove(42));
        set.UnionWith([1, 2]);
        set.UnionWith([]);
        set.ExceptWith([3, 4]);
        set.IntersectWith([1, 2, 3]);
        set.SymmetricExceptWith([]);
        Assert.False(set.Update(s => s));
        Assert.False(set.Update(0, static (s, _) => s));
        Assert.Same(snapshot, set.Exchange(snapshot));
        Assert.Same(snapshot, set.CompareExchange(snapshot, snapshot));
        new CopyOnWriteSet<int>().Clear();

        Assert.Equal(0, calls);
        Assert.Equal(0, set.Version);
        Assert.Same(snapshot, set.Snapshot);

        var empty = new CopyOnWriteSet<int>();
        using var emptySubscription = empty.Subscribe(_ => calls++);
        empty.Clear();
        empty.IntersectWith([1]);
        Assert.Equal(0, calls);
        Assert.Equal(0, empty.Version);
    }

    [Fact]
    public void CopyOnWriteSet_IntersectWith_a_superset_publishes_nothing_and_keeps_the_stored_objects()
    {
        // PersistentHashSet.Intersect builds its result from the other side (an equal, new instance); the container
        // must still see that nothing changed: from a sequence, a persistent set, another container.
        var set = new CopyOnWriteSet<string>(PersistentHashSet.Create(StringComparer.OrdinalIgnoreCase, "a", "b"));
        var snapshot = set.Snapshot;
        int calls = 0;
        using var subscription = set.Subscribe(_ => calls++);

        set.IntersectWith(["A", "B", "C"]);
        set.IntersectWith(PersistentHashSet.Create(StringComparer.OrdinalIgnoreCase, "A", "B", "C"));
        set.IntersectWith(new CopyOnWriteSet<string>(PersistentHashSet.Create(StringComparer.OrdinalIgnoreCase, "b", "a")));

        Assert.Same(snapshot, set.Snapshot);
        Assert.Equal(0, set.Version);
        Assert.Equal(0, calls);
        Assert.True(set.TryGetValue("A", out string? stored));
        Assert.Equal("a", stored);

        set.IntersectWith(["B"]);
        Assert.Equal(1, set.Version);
        Assert.Equal(1, calls);
        Assert.True(set.SetEquals(["b"]));
    }

    [Fact]
    public void CopyOnWriteSet_every_kind_of_write_publishes_one_version_and_notifies_once()
    {
        var set = new CopyOnWriteSet<int>();
        var versions = new List<long>();
        using var subscription = set.Subscribe(c => versions.Add(c.Version));

        Assert.True(set.Add(1));
        ((ICollection<int>)set).Add(2);
        set.UnionWith([3, 4, 5]);
        Assert.True(set.Remove(1));
        set.ExceptWith([2, 9]);
        set.IntersectWith([3, 4]);
        set.SymmetricExceptWith([4, 6]);
        Assert.True(set.Update(s => s.Add(7)));
        Assert.True(set.Update(8, static (s, x) => s.Add(x)));
        set.Exchange(PersistentHashSet.Create(1, 2));
        set.CompareExchange(set.Snapshot.Add(3), set.Snapshot);
        set.Clear();

        Assert.Equal(Enumerable.Range(1, 12).Select(v => (long)v), versions);
        Assert.Equal(12, set.Version);
        Assert.True(set.IsEmpty);
    }

    [Fact]
    public void CopyOnWriteSet_a_throwing_subscriber_does_not_stop_others_and_the_write_is_published_then_reported()
    {
        var set = new CopyOnWriteSet<int>();
        var order = new List<string>();
        using var a = set.Subscribe(_ => order.Add("a"));
        using var bad = set.Subscribe(_ => throw new InvalidOperationException("subscriber failed"));
        using var c = set.Subscribe(_ => order.Add("c"));

        var error = Assert.Throws<AggregateException>(() => set.Add(1));

        Assert.IsType<InvalidOperationException>(Assert.Single(error.InnerExceptions));
        Assert.Equal(["a", "c"], order);
        Assert.True(set.Snapshot.SetEquals([1]));
        Assert.Equal(1, set.Version);

        // The container is not corrupted: the next batch publishes and notifies again, once.
        Assert.Throws<AggregateException>(() => set.UnionWith([2, 3]));
        Assert.Equal(["a", "c", "a", "c"], order);
        Assert.Equal(2, set.Version);
        Assert.True(set.SetEquals([1, 2, 3]));
    }

    [Fact]
    public void CopyOnWriteSet_an_error_handler_receives_the_subscribers_exception_instead_of_the_writer()
    {
        var set = new CopyOnWriteSet<int>();
        var errors = new List<Exception>();
        using var s = set.Subscribe(_ => throw new FormatException("x"), errors.Add);

        Assert.True(set.Add(1));

        Assert.IsType<FormatException>(Assert.Single(errors));
        Assert.Equal(1, set.Version);
    }

    [Fact]
    public void CopyOnWriteSet_disposing_stops_delivery_is_idempotent_and_observers_get_OnNext()
    {
        var set = new CopyOnWriteSet<int>();
        int calls = 0;
        var subscription = set.Subscribe(_ => calls++);
        var observer = new Observer();
        using var observed = set.Subscribe(observer);
        set.Add(1);
        subscription.Dispose();
        subscription.Dispose();
        set.Add(2);

        Assert.Equal(1, calls);
        Assert.Equal([1L, 2L], observer.Versions);
    }

    [Fact]
    public void CopyOnWriteSet_a_write_made_by_a_subscriber_is_delivered_after_the_current_delivery_in_version_order()
    {
        var set = new CopyOnWriteSet<int>();
        var log = new List<string>();
        using var subscription = set.Subscribe(change =>
        {
            log.Add($"start {change.Version}");
            if (change.Version == 1)
            {
                set.Add(100);
            }

            log.Add($"end {change.Version}");
        });

        set.Add(1);

        Assert.Equal(["start 1", "end 1", "start 2", "end 2"], log);
        Assert.True(set.SetEquals([1, 100]));
    }

    [Fact]
    public void CopyOnWriteSet_Exchange_publishes_the_given_version_as_one_change_and_returns_the_one_it_replaced()
    {
        var set = new CopyOnWriteSet<int>([1, 2]);
        var old = set.Snapshot;
        var changes = new List<SnapshotChange<PersistentHashSet<int>>>();
        using var subscription = set.Subscribe(changes.Add);
        var loaded = PersistentHashSet.Create(7, 8, 9);

        Assert.Same(old, set.Exchange(loaded));
        Assert.Same(loaded, set.Snapshot);
        Assert.Equal(1, set.Version);
        var change = Assert.Single(changes);
        Assert.Same(old, change.OldSnapshot);
        Assert.Same(loaded, change.NewSnapshot);

        // Restoring the old version is one more change; exchanging the current version itself publishes nothing.
        Assert.Same(loaded, set.Exchange(old));
        Assert.Same(old, set.Exchange(old));
        Assert.Equal(2, set.Version);
        Assert.Equal(2, changes.Count);
    }

    [Fact]
    public void CopyOnWriteSet_CompareExchange_publishes_only_over_the_comparand_by_reference_and_returns_what_was_current()
    {
        var set = new CopyOnWriteSet<string>(["a"]);
        var read = set.Snapshot;
        var next = read.Add("b");

        Assert.Same(read, set.CompareExchange(next, read));
        Assert.Same(next, set.Snapshot);

        var stale = read.Add("c");
        Assert.Same(next, set.CompareExchange(stale, read));
        Assert.Same(next, set.Snapshot);
        Assert.Equal(1, set.Version);

        // An equal but different instance is not the comparand.
        var equal = next.Remove("a").Add("a");
        Assert.NotSame(next, equal);
        Assert.True(equal.SetEquals(next));
        Assert.Same(next, set.CompareExchange(stale, equal));
        Assert.Equal(1, set.Version);
    }

    [Fact]
    public void CopyOnWriteSet_takes_the_comparer_of_the_version_it_exchanges_in()
    {
        var set = new CopyOnWriteSet<string>(["a"]);
        set.Exchange(PersistentHashSet.Create(StringComparer.OrdinalIgnoreCase, "X"));

        Assert.Same(StringComparer.OrdinalIgnoreCase, set.KeyComparer);
        Assert.True(set.Snapshot.Contains("x"), "the exchanged-in comparer ignores case");
        Assert.False(set.Add("x"));
        set.Clear();
        Assert.Same(StringComparer.OrdinalIgnoreCase, set.KeyComparer);
    }

    [Fact]
    public void CopyOnWriteSet_under_contention_exactly_one_CompareExchange_over_a_comparand_wins()
    {
        for (int round = 0; round < 200; round++)
        {
            var set = new CopyOnWriteSet<int>();
            var start = set.Snapshot;
            int wins = 0;
            using var barrier = new Barrier(4);
            var threads = Enumerable.Range(0, 4).Select(t => new Thread(() =>
            {
                barrier.SignalAndWait();
                if (ReferenceEquals(set.CompareExchange(start.Add(t), start), start))
                {
                    Interlocked.Increment(ref wins);
                }
            })).ToArray();
            foreach (var thread in threads)
            {
                thread.Start();
            }

            foreach (var thread in threads)
            {
                thread.Join();
            }

            Assert.Equal(1, wins);
            Assert.Equal(1, set.Version);
            Assert.Single(set.Snapshot);
        }
    }

    [Fact]
    public void CopyOnWriteSet_Update_returning_null_throws_InvalidOperationException_and_publishes_nothing()
    {
        var set = new CopyOnWriteSet<int>([1]);
        var snapshot = set.Snapshot;

        Assert.Throws<InvalidOperationException>(() => set.Update(_ => null!));
        Assert.Throws<InvalidOperationException>(() => set.Update(0, static (_, _) => null!));

        Assert.Same(snapshot, set.Snapshot);
        Assert.Equal(0, set.Version);
    }

    [Fact]
    public void CopyOnWriteSet_null_arguments_are_reported_with_their_names()
    {
        var set = new CopyOnWriteSet<int>();
        Assert.Equal("snapshot", Assert.Throws<ArgumentNullException>(() => set.Exchange(null!)).ParamName);
        Assert.Equal("snapshot", Assert.Throws<ArgumentNullException>(() => set.CompareExchange(null!, set.Snapshot)).ParamName);
        Assert.Equal("comparand", Assert.Throws<ArgumentNullException>(() => set.CompareExchange(set.Snapshot, null!)).ParamName);
        Assert.Equal("transform", Assert.Throws<ArgumentNullException>(() => set.Update(null!)).ParamName);
        Assert.Equal("transform", Assert.Throws<ArgumentNullException>(() => set.Update(0, (Func<PersistentHashSet<int>, int, PersistentHashSet<int>>)null!)).ParamName);
        Assert.Equal("onChange", Assert.Throws<ArgumentNullException>(() => set.Subscribe((Action<SnapshotChange<PersistentHashSet<int>>>)null!)).ParamName);
        Assert.Equal("onChange", Assert.Throws<ArgumentNullException>(() => set.Subscribe(null!, _ => { })).ParamName);
        Assert.Equal("onError", Assert.Throws<ArgumentNullException>(() => set.Subscribe(_ => { }, null!)).ParamName);
        Assert.Equal("observer", Assert.Throws<ArgumentNullException>(() => set.Subscribe((IObserver<SnapshotChange<PersistentHashSet<int>>>)null!)).ParamName);
        Assert.Equal("other", Assert.Throws<ArgumentNullException>(() => set.UnionWith(null!)).ParamName);
        Assert.Equal("other", Assert.Throws<ArgumentNullException>(() => set.ExceptWith(null!)).ParamName);
        Assert.Equal("other", Assert.Throws<ArgumentNullException>(() => set.IntersectWith(null!)).ParamName);
        Assert.Equal("other", Assert.Throws<ArgumentNullException>(() => set.SymmetricExceptWith(null!)).ParamName);
        Assert.Equal("other", Assert.Throws<ArgumentNullException>(() => set.SetEquals(null!)).ParamName);
        Assert.Equal("initial", Assert.Throws<ArgumentNullException>(() => new CopyOnWriteSet<int>((PersistentHashSet<int>)null!)).ParamName);
        Assert.Equal("items", Assert.Throws<ArgumentNullException>(() => new CopyOnWriteSet<int>((IEnumerable<int>)null!)).ParamName);
        Assert.Equal(0, set.Version);
    }

    [Fact]
    public void CopyOnWriteSet_a_copy_after_an_interface_count_copies_the_counted_version()
    {
        var set = new CopyOnWriteSet<int>([1, 2]);
        ICollection<int> collection = set;
        var copy = new int[collection.Count];
        set.Add(3);
        collection.CopyTo(copy, 0);
        Assert.Equal([1, 2], copy.Order());

        // The remembered version served that copy; the next copy is the current version.
        var next = new int[3];
        collection.CopyTo(next, 0);
        Assert.Equal([1, 2, 3], next.Order());

        // A count of zero is not remembered.
        var empty = new CopyOnWriteSet<int>();
        Assert.Empty(empty.ToArray());
        empty.Add(5);
        var after = new[] { -1, -1 };
        empty.CopyTo(after, 0);
        Assert.Equal([5, -1], after);
    }

    [Fact]
    public void CopyOnWriteSet_a_change_token_fires_on_a_batch_and_ChangeToken_OnChange_sees_each_batch_whole()
    {
        var set = new CopyOnWriteSet<int>();
        var token = set.GetChangeToken();
        int callbacks = 0;
        using (token.RegisterChangeCallback(_ => callbacks++, null))
        {
            Assert.False(token.HasChanged);
            set.IntersectWith([1]);
            Assert.False(token.HasChanged);
            set.UnionWith([1, 2]);
            Assert.True(token.HasChanged);
            Assert.Equal(1, callbacks);
        }

        var seen = new List<string>();
        using (ChangeToken.OnChange(set.GetChangeToken, () => seen.Add(string.Join(",", set.Snapshot.Order()))))
        {
            set.SymmetricExceptWith([2, 3, 4]);
            set.ExceptWith([1, 4]);
        }

        set.Add(9);
        Assert.Equal(["1,3,4", "3"], seen);

        var counts = new List<int>();
        using (set.OnChange(s => counts.Add(s.Count)))
        {
            set.UnionWith([10, 11]);
            set.IntersectWith([3, 9, 10, 11, 12]);
        }

        set.Clear();
        Assert.Equal([4], counts);
    }

    private sealed class Observer : IObserver<SnapshotChange<PersistentHashSet<int>>>
    {
        public List<long> Versions { get; } = [];

        public void OnCompleted() => throw new InvalidOperationException("never completes");

        public void OnError(Exception error) => throw new InvalidOperationException("never errors", error);

        public void OnNext(SnapshotChange<PersistentHashSet<int>> value) => Versions.Add(value.Version);
    }
}
