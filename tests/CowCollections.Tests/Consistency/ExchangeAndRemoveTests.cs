namespace CowCollections.Tests.Consistency;

/// <summary>
/// <c>Exchange(snapshot)</c> and <c>CompareExchange(snapshot, comparand)</c> on the three containers (publish a
/// given version: swap in a loaded configuration, restore an old one), and <see cref="ListenerRegistry{T}.Remove(T)"/>.
/// </summary>
public class ExchangeAndRemoveTests
{
    [Fact]
    public void Exchange_publishes_the_given_version_as_one_change_and_returns_the_one_it_replaced()
    {
        var list = new CopyOnWriteList<int>([1, 2]);
        var old = list.Snapshot;
        var changes = new List<SnapshotChange<PersistentList<int>>>();
        using var subscription = list.Subscribe(changes.Add);
        var loaded = PersistentList.Create(7, 8, 9);

        Assert.Same(old, list.Exchange(loaded));
        Assert.Same(loaded, list.Snapshot);
        Assert.Equal(1, list.Version);
        var change = Assert.Single(changes);
        Assert.Same(old, change.OldSnapshot);
        Assert.Same(loaded, change.NewSnapshot);

        // Restoring the old version is one more change; exchanging the current version itself publishes nothing.
        Assert.Same(loaded, list.Exchange(old));
        Assert.Same(old, list.Exchange(old));
        Assert.Equal(2, list.Version);
        Assert.Equal(2, changes.Count);
    }

    [Fact]
    public void CompareExchange_publishes_only_over_the_comparand_and_returns_what_was_current()
    {
        var dictionary = new CopyOnWriteDictionary<string, int>();
        dictionary["a"] = 1;
        var read = dictionary.Snapshot;
        var next = read.SetItem("b", 2);

        Assert.Same(read, dictionary.CompareExchange(next, read));
        Assert.Same(next, dictionary.Snapshot);

        // The comparand is no longer current: nothing is published, the current version is returned.
        var stale = read.SetItem("c", 3);
        Assert.Same(next, dictionary.CompareExchange(stale, read));
        Assert.Same(next, dictionary.Snapshot);
        Assert.Equal(2, dictionary.Version);

        // An equal but different instance is not the comparand.
        var equal = next.Remove("a").SetItem("a", 1);
        Assert.NotSame(next, equal);
        Assert.True(equal.DictionaryEquals(next));
        Assert.Same(next, dictionary.CompareExchange(stale, equal));
        Assert.Equal(2, dictionary.Version);
    }

    [Fact]
    public void The_dictionary_takes_the_comparers_of_the_version_it_exchanges_in()
    {
        var dictionary = new CopyOnWriteDictionary<string, int>();
        dictionary["A"] = 1;
        dictionary.Exchange(PersistentDictionary.Create<string, int>(StringComparer.OrdinalIgnoreCase).SetItem("A", 1));
        Assert.True(dictionary.ContainsKey("a"));
        Assert.Same(StringComparer.OrdinalIgnoreCase, dictionary.Snapshot.KeyComparer);
    }

    [Fact]
    public void The_array_exchanges_whole_versions_beside_its_per_slot_exchange_and_keeps_its_comparer()
    {
        var array = new CopyOnWriteArray<string>(PersistentArray.CreateRange(["a", "b"]), StringComparer.OrdinalIgnoreCase);
        var old = array.Snapshot;
        var loaded = PersistentArray.CreateRange(["x", "y"]);
        Assert.Same(old, array.Exchange(loaded));
        Assert.Same(loaded, array.Snapshot);
        Assert.Same(loaded, array.CompareExchange(old, loaded));
        Assert.Same(old, array.Snapshot);

        // The length is fixed: a version of another length is refused and nothing is published.
        Assert.Equal("snapshot", Assert.Throws<ArgumentException>(() => array.Exchange(PersistentArray.CreateRange(["x", "y", "z"]))).ParamName);
        Assert.Equal("snapshot", Assert.Throws<ArgumentException>(() => array.CompareExchange(PersistentArray.Create<string>(1), old)).ParamName);
        Assert.Equal(2, array.Version);
        Assert.Equal("a", array.CompareExchange(0, "c", "A"));
        Assert.Equal("c", array[0]);
        Assert.Same(StringComparer.OrdinalIgnoreCase, array.Comparer);
    }

    [Fact]
    public void Under_contention_exactly_one_CompareExchange_over_a_comparand_wins()
    {
        for (int round = 0; round < 200; round++)
        {
            var list = new CopyOnWriteList<int>();
            var start = list.Snapshot;
            int wins = 0;
            using var barrier = new Barrier(4);
            var threads = Enumerable.Range(0, 4).Select(t => new Thread(() =>
            {
                barrier.SignalAndWait();
                if (ReferenceEquals(list.CompareExchange(start.Add(t), start), start))
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
            Assert.Equal(1, list.Version);
            Assert.Single(list.Snapshot);
        }
    }

    [Fact]
    public void Null_arguments_are_reported_with_their_names()
    {
        var list = new CopyOnWriteList<int>();
        var dictionary = new CopyOnWriteDictionary<int, int>();
        var array = new CopyOnWriteArray<int>(2);
        Assert.Equal("snapshot", Assert.Throws<ArgumentNullException>(() => list.Exchange(null!)).ParamName);
        Assert.Equal("snapshot", Assert.Throws<ArgumentNullException>(() => list.CompareExchange(null!, list.Snapshot)).ParamName);
        Assert.Equal("comparand", Assert.Throws<ArgumentNullException>(() => list.CompareExchange(list.Snapshot, null!)).ParamName);
        Assert.Equal("snapshot", Assert.Throws<ArgumentNullException>(() => dictionary.Exchange(null!)).ParamName);
        Assert.Equal("comparand", Assert.Throws<ArgumentNullException>(() => dictionary.CompareExchange(dictionary.Snapshot, null!)).ParamName);
        Assert.Equal("snapshot", Assert.Throws<ArgumentNullException>(() => array.Exchange(null!)).ParamName);
        Assert.Equal("comparand", Assert.Throws<ArgumentNullException>(() => array.CompareExchange(array.Snapshot, null!)).ParamName);
        Assert.Equal("listener", Assert.Throws<ArgumentNullException>(() => new ListenerRegistry<Action>().Remove(null!)).ParamName);
    }

    [Fact]
    public void Remove_takes_out_the_most_recent_live_registration_of_the_listener_like_an_event_accessor()
    {
        var registry = new ListenerRegistry<Action>();
        var calls = new List<string>();
        Action a = () => calls.Add("a");
        Action b = () => calls.Add("b");
        var first = registry.Add(a);
        registry.Add(b);
        registry.Add(a);

        Assert.True(registry.Remove(a));
        Assert.Equal(2, registry.Count);
        registry.Invoke(l => l());
        Assert.Equal(["a", "b"], calls);

        // The remaining registration of a is the first one; removing it makes its Dispose a no-op.
        Assert.True(registry.Remove(a));
        first.Dispose();
        Assert.Equal(1, registry.Count);
        Assert.False(registry.Remove(a));
        Assert.False(registry.Remove(() => { }));
        Assert.Equal([b], registry.ToArray());
    }

    [Fact]
    public void Remove_racing_Dispose_of_the_same_registration_counts_it_once()
    {
        for (int round = 0; round < 500; round++)
        {
            var registry = new ListenerRegistry<object>();
            var listener = new object();
            var registration = registry.Add(listener);
            registry.Add(new object());
            bool removed = false;
            using var barrier = new Barrier(2);
            var remover = new Thread(() =>
            {
                barrier.SignalAndWait();
                removed = registry.Remove(listener);
            });
            remover.Start();
            barrier.SignalAndWait();
            registration.Dispose();
            remover.Join();

            Assert.Equal(1, registry.Count);
            Assert.DoesNotContain(listener, registry.ToArray());
            Assert.False(registry.Remove(listener));
            _ = removed;
        }
    }
}
