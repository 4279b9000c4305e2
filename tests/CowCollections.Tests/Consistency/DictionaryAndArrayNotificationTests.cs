namespace CowCollections.Tests.Consistency;

/// <summary>The <see cref="IWatchable{TSnapshot}"/> contract on the dictionary and the array (the list's is in <see cref="NotificationTests"/>).</summary>
public class DictionaryAndArrayNotificationTests
{
    [Fact]
    public void A_dictionary_change_carries_both_snapshots_and_its_Diff_names_exactly_the_touched_keys()
    {
        var dictionary = new CopyOnWriteDictionary<string, int>(new Dictionary<string, int> { ["a"] = 1, ["b"] = 2, ["c"] = 3 });
        var changes = new List<SnapshotChange<PersistentDictionary<string, int>>>();
        using var subscription = dictionary.Subscribe(changes.Add);

        dictionary.SetItems([new("a", 10), new("d", 4)]);
        dictionary.TryRemove("b", out _);
        dictionary.GetOrAdd("c", 99);

        Assert.Equal([1L, 2L], changes.Select(c => c.Version));
        Assert.Equal(2, changes[0].OldSnapshot["b"]);
        Assert.Same(changes[0].NewSnapshot, changes[1].OldSnapshot);
        Assert.Same(dictionary.Snapshot, changes[1].NewSnapshot);

        var first = changes[0].Diff().OrderBy(c => c.Key).ToList();
        Assert.Equal(
            [
                new DictionaryChange<string, int>(DictionaryChangeKind.Changed, "a", 1, 10),
                new DictionaryChange<string, int>(DictionaryChangeKind.Added, "d", 0, 4),
            ],
            first);
        Assert.Equal([new DictionaryChange<string, int>(DictionaryChangeKind.Removed, "b", 2, 0)], changes[1].Diff());
    }

    [Fact]
    public void An_array_change_carries_both_snapshots_and_a_failed_CompareExchange_notifies_nothing()
    {
        var array = new CopyOnWriteArray<int>(3);
        var versions = new List<long>();
        var errors = new List<Exception>();
        using var subscription = array.Subscribe(c =>
        {
            versions.Add(c.Version);
            if (c.Version == 2)
            {
                throw new InvalidOperationException("subscriber failure");
            }
        }, errors.Add);

        array.SetItems([new(0, 1), new(2, 3)]);
        Assert.Equal(0, array.CompareExchange(1, 5, 7));
        Assert.Equal(0, array.CompareExchange(1, 5, 0));

        Assert.Equal([1L, 2L], versions);
        Assert.Equal("subscriber failure", Assert.Single(errors).Message);
        Assert.Equal([1, 5, 3], array.ToArray());
    }

    [Fact]
    public void Observers_receive_each_change_and_null_arguments_are_rejected()
    {
        var dictionary = new CopyOnWriteDictionary<int, int>();
        var array = new CopyOnWriteArray<int>(2);
        var dictionaryObserver = new Observer<PersistentDictionary<int, int>>();
        var arrayObserver = new Observer<PersistentArray<int>>();
        using (dictionary.Subscribe(dictionaryObserver))
        using (array.Subscribe(arrayObserver))
        {
            dictionary[1] = 1;
            dictionary[2] = 2;
            array[1] = 1;
        }

        dictionary[3] = 3;
        array[0] = 1;
        Assert.Equal([1L, 2L], dictionaryObserver.Versions);
        Assert.Equal([1L], arrayObserver.Versions);

        Assert.Equal("onChange", Assert.Throws<ArgumentNullException>(() => dictionary.Subscribe((Action<SnapshotChange<PersistentDictionary<int, int>>>)null!)).ParamName);
        Assert.Equal("onError", Assert.Throws<ArgumentNullException>(() => dictionary.Subscribe(_ => { }, null!)).ParamName);
        Assert.Equal("observer", Assert.Throws<ArgumentNullException>(() => dictionary.Subscribe((IObserver<SnapshotChange<PersistentDictionary<int, int>>>)null!)).ParamName);
        Assert.Equal("onChange", Assert.Throws<ArgumentNullException>(() => array.Subscribe((Action<SnapshotChange<PersistentArray<int>>>)null!)).ParamName);
        Assert.Equal("onError", Assert.Throws<ArgumentNullException>(() => array.Subscribe(_ => { }, null!)).ParamName);
        Assert.Equal("observer", Assert.Throws<ArgumentNullException>(() => array.Subscribe((IObserver<SnapshotChange<PersistentArray<int>>>)null!)).ParamName);
        Assert.Throws<ArgumentNullException>(() => default(SnapshotChange<PersistentDictionary<int, int>>).Diff());
    }

    private sealed class Observer<T> : IObserver<SnapshotChange<T>>
    {
        public List<long> Versions { get; } = [];

        public void OnCompleted() => throw new InvalidOperationException("never completes");

        public void OnError(Exception error) => throw new InvalidOperationException("never errors", error);

        public void OnNext(SnapshotChange<T> value) => Versions.Add(value.Version);
    }
}
