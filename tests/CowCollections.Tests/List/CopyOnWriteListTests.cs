namespace CowCollections.Tests.List;

/// <summary>The container's own contract: atomic check-then-act members, snapshots, Update, Version, snapshot enumeration.</summary>
public sealed class CopyOnWriteListTests
{
    private static int[] Items(int count) => Enumerable.Range(0, count).Select(i => 2 * i).ToArray();

    [Fact]
    public void Constructors_start_at_version_zero_and_share_an_initial_list()
    {
        var initial = PersistentList.Create(1, 2, 3);
        var shared = new CopyOnWriteList<int>(initial);
        Assert.Same(initial, shared.Snapshot);
        Assert.Equal(0, shared.Version);
        Assert.Equal([1, 2, 3], new CopyOnWriteList<int>(new[] { 1, 2, 3 }.Select(x => x)).Snapshot.ToArray());
        Assert.Empty(new CopyOnWriteList<int>().Snapshot);
        Assert.Equal(0, new CopyOnWriteList<int>().Version);
        Assert.Equal("initial", Assert.Throws<ArgumentNullException>(() => new CopyOnWriteList<int>((PersistentList<int>)null!)).ParamName);
        Assert.Equal("items", Assert.Throws<ArgumentNullException>(() => new CopyOnWriteList<int>((IEnumerable<int>)null!)).ParamName);
    }

    [Fact]
    public void AddIfAbsent_adds_only_what_is_missing()
    {
        var list = new CopyOnWriteList<int>([1, 2]);
        Assert.True(list.AddIfAbsent(3));
        Assert.Equal(1, list.Version);
        var snapshot = list.Snapshot;
        Assert.False(list.AddIfAbsent(2));
        Assert.False(list.AddIfAbsent(3));
        Assert.Equal(1, list.Version);
        Assert.Same(snapshot, list.Snapshot);
        Assert.Equal([1, 2, 3], list.Snapshot.ToArray());
    }

    [Fact]
    public void AddRangeIfAbsent_returns_how_many_were_added_as_one_change()
    {
        var list = new CopyOnWriteList<int>([2, 4]);
        Assert.Equal(3, list.AddRangeIfAbsent([1, 2, 3, 3, 1, 4, 5]));
        Assert.Equal([2, 4, 1, 3, 5], list.Snapshot.ToArray());
        Assert.Equal(1, list.Version);
        Assert.Equal(0, list.AddRangeIfAbsent([5, 4, 3]));
        Assert.Equal(0, list.AddRangeIfAbsent([]));
        Assert.Equal(1, list.Version);
        Assert.Equal(40, list.AddRangeIfAbsent(Enumerable.Range(100, 40).Concat(Enumerable.Range(100, 40))));
        Assert.Equal(2, list.Version);
        Assert.Equal(45, list.Count);
        Assert.Equal("items", Assert.Throws<ArgumentNullException>(() => list.AddRangeIfAbsent(null!)).ParamName);
        Assert.Equal(2, list.Version);
    }

    [Fact]
    public void Snapshot_is_O1_and_frozen()
    {
        var list = new CopyOnWriteList<int>(Items(100_000));
        _ = list.Snapshot;
        long before = GC.GetAllocatedBytesForCurrentThread();
        var snapshot = list.Snapshot;
        var again = list.Snapshot;
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(0, allocated);
        Assert.Same(snapshot, again);

        list.Add(1);
        list[0] = -1;
        list.RemoveAt(500);
        list.Insert(10, -10);
        list.Clear();
        Assert.Equal(Items(100_000), snapshot.ToArray());
        Assert.Empty(list.Snapshot);
    }

    [Fact]
    public void Update_returning_the_same_list_publishes_nothing()
    {
        var list = new CopyOnWriteList<int>([1, 2, 3]);
        var snapshot = list.Snapshot;
        Assert.False(list.Update(l => l));
        Assert.False(list.Update(5, static (l, x) => l.Remove(x)));
        Assert.Equal(0, list.Version);
        Assert.Same(snapshot, list.Snapshot);

        Assert.True(list.Update(l => l.Add(4)));
        Assert.Equal(1, list.Version);
        Assert.True(list.Update(10, static (l, x) => l.Insert(0, x)));
        Assert.Equal(2, list.Version);
        Assert.Equal([10, 1, 2, 3, 4], list.Snapshot.ToArray());
    }

    [Fact]
    public void Update_with_bad_arguments_throws_and_publishes_nothing()
    {
        var list = new CopyOnWriteList<int>([1, 2, 3]);
        var snapshot = list.Snapshot;
        Assert.Equal("transform", Assert.Throws<ArgumentNullException>(() => list.Update(null!)).ParamName);
        Assert.Equal("transform", Assert.Throws<ArgumentNullException>(() => list.Update<int>(1, null!)).ParamName);
        Assert.Throws<InvalidOperationException>(() => list.Update(_ => null!));
        Assert.Throws<InvalidOperationException>(() => list.Update(1, (_, _) => null!));
        Assert.Throws<ArgumentOutOfRangeException>(() => list.Update(l => l.RemoveAt(3)));
        Assert.Equal(0, list.Version);
        Assert.Same(snapshot, list.Snapshot);
    }

    [Fact]
    public void Version_grows_by_exactly_one_per_published_change()
    {
        var list = new CopyOnWriteList<int>();
        long expected = 0;

        void Changed(Action change)
        {
            change();
            expected++;
            Assert.Equal(expected, list.Version);
        }

        void Unchanged(Action call)
        {
            var snapshot = list.Snapshot;
            call();
            Assert.Equal(expected, list.Version);
            Assert.Same(snapshot, list.Snapshot);
        }

        Unchanged(() => list.Clear());
        Changed(() => list.Add(1));
        Changed(() => list.AddRange(Items(100)));
        Unchanged(() => list.AddRange([]));
        Changed(() => list.AddRange(PersistentList.Create(7, 8)));
        Unchanged(() => list.AddRange(PersistentList<int>.Empty));
        Changed(() => list.Insert(50, -1));
        Changed(() => list.RemoveAt(0));
        Changed(() => Assert.True(list.Remove(-1)));
        Unchanged(() => Assert.False(list.Remove(-1)));
        Changed(() => Assert.Equal(34, list.RemoveAll(x => x % 3 == 0)));
        Unchanged(() => Assert.Equal(0, list.RemoveAll(x => x % 3 == 0)));
        Changed(() => list[3] = 99);
        Changed(() => Assert.True(list.AddIfAbsent(1000)));
        Unchanged(() => Assert.False(list.AddIfAbsent(1000)));
        Changed(() => Assert.Equal(2, list.AddRangeIfAbsent([1000, 1001, 1002])));
        Unchanged(() => Assert.Equal(0, list.AddRangeIfAbsent([1000, 1001, 1002])));
        Changed(() => list.Clear());
        Unchanged(() => list.Clear());
        Assert.Equal(11, list.Version);
    }

    [Fact]
    public void Enumeration_runs_over_the_version_current_when_it_starts()
    {
        var list = new CopyOnWriteList<int>(Items(1000));
        var seen = new List<int>();
        foreach (int item in list)
        {
            seen.Add(item);
            if (seen.Count == 10)
            {
                list.Add(-1);
                list[500] = -5;
                list.RemoveAt(0);
                list.Insert(700, -7);
            }

            if (seen.Count == 900)
            {
                list.Clear();
            }
        }

        Assert.Equal(Items(1000), seen);
        Assert.Empty(list);

        var generic = new List<int>();
        list.AddRange(Items(40));
        foreach (int item in (IEnumerable<int>)list)
        {
            generic.Add(item);
            list.Add(item);
        }

        Assert.Equal(Items(40), generic);
        Assert.Equal(80, list.Count);
    }

    [Fact]
    public void Container_is_a_writable_IList()
    {
        IList<int> list = new CopyOnWriteList<int>();
        Assert.False(list.IsReadOnly);
        list.Add(1);
        list.Add(3);
        list.Insert(1, 2);
        list[0] = 0;
        Assert.True(list.Remove(3));
        Assert.Equal([0, 2], list);
        Assert.Equal(1, list.IndexOf(2));
        list.RemoveAt(0);
        list.Clear();
        Assert.Empty(list);
    }

    [Fact]
    public void A_failed_write_in_the_middle_of_a_sequence_leaves_the_previous_version()
    {
        var list = new CopyOnWriteList<int>(Items(40));
        list.Add(1);
        var snapshot = list.Snapshot;
        Assert.Equal("index", Assert.Throws<ArgumentOutOfRangeException>(() => list[41] = 0).ParamName);
        Assert.Equal("index", Assert.Throws<ArgumentOutOfRangeException>(() => list.Insert(42, 0)).ParamName);
        Assert.Equal("index", Assert.Throws<ArgumentOutOfRangeException>(() => list.RemoveAt(-1)).ParamName);
        Assert.Throws<InvalidOperationException>(() => list.RemoveAll(x => x > 20 ? throw new InvalidOperationException("predicate") : false));
        Assert.Same(snapshot, list.Snapshot);
        Assert.Equal(1, list.Version);
    }
}
