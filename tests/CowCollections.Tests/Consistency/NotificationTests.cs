namespace CowCollections.Tests.Consistency;

public class NotificationTests
{
    [Fact]
    public void A_subscriber_receives_old_snapshot_new_snapshot_and_version_after_publication()
    {
        var list = new CopyOnWriteList<int>([1]);
        var seen = new List<SnapshotChange<PersistentList<int>>>();
        using var subscription = list.Subscribe(change =>
        {
            // Delivery runs after publication: the container already shows the change.
            Assert.Same(change.NewSnapshot, list.Snapshot);
            seen.Add(change);
        });
        var before = list.Snapshot;

        list.Add(2);

        var only = Assert.Single(seen);
        Assert.Same(before, only.OldSnapshot);
        Assert.Equal([1, 2], only.NewSnapshot.ToArray());
        Assert.Equal(1, only.Version);
        Assert.Equal(list.Version, only.Version);
    }

    [Fact]
    public void A_write_that_changes_nothing_publishes_and_notifies_nothing()
    {
        var list = new CopyOnWriteList<int>([1, 2]);
        int calls = 0;
        using var subscription = list.Subscribe(_ => calls++);

        Assert.False(list.AddIfAbsent(1));
        Assert.False(list.Remove(42));
        Assert.False(list.Update(l => l));

        Assert.Equal(0, calls);
        Assert.Equal(0, list.Version);
    }

    [Fact]
    public void Every_kind_of_write_notifies_including_Clear_through_Exchange()
    {
        var list = new CopyOnWriteList<int>();
        var versions = new List<long>();
        using var subscription = list.Subscribe(c => versions.Add(c.Version));

        list.Add(1);
        list.AddRange([2, 3]);
        list.Insert(0, 0);
        list[0] = 5;
        list.RemoveAt(0);
        list.RemoveAll(x => x == 2);
        list.AddRangeIfAbsent([3, 4]);
        list.Clear();

        Assert.Equal([1, 2, 3, 4, 5, 6, 7, 8], versions);
    }

    [Fact]
    public void Disposing_stops_delivery_and_is_idempotent()
    {
        var list = new CopyOnWriteList<int>();
        int calls = 0;
        var subscription = list.Subscribe(_ => calls++);
        list.Add(1);
        subscription.Dispose();
        subscription.Dispose();
        list.Add(2);

        Assert.Equal(1, calls);
    }

    [Fact]
    public void A_throwing_subscriber_does_not_stop_others_and_the_write_is_published_then_reported()
    {
        var list = new CopyOnWriteList<int>();
        var order = new List<string>();
        using var a = list.Subscribe(_ => order.Add("a"));
        using var bad = list.Subscribe(_ => throw new InvalidOperationException("subscriber failed"));
        using var c = list.Subscribe(_ => order.Add("c"));

        var error = Assert.Throws<AggregateException>(() => list.Add(1));

        Assert.IsType<InvalidOperationException>(Assert.Single(error.InnerExceptions));
        Assert.Equal(["a", "c"], order);
        Assert.Equal([1], list.Snapshot.ToArray());
        Assert.Equal(1, list.Version);

        // The container is not corrupted: the next write publishes and notifies again.
        Assert.Throws<AggregateException>(() => list.Add(2));
        Assert.Equal(["a", "c", "a", "c"], order);
        Assert.Equal(2, list.Version);
    }

    [Fact]
    public void An_error_handler_receives_the_subscribers_exception_instead_of_the_writer()
    {
        var list = new CopyOnWriteList<int>();
        var errors = new List<Exception>();
        using var s = list.Subscribe(_ => throw new FormatException("x"), errors.Add);

        list.Add(1);

        Assert.IsType<FormatException>(Assert.Single(errors));
    }

    [Fact]
    public void A_write_made_by_a_subscriber_is_delivered_after_the_current_delivery_in_version_order()
    {
        var list = new CopyOnWriteList<int>();
        var log = new List<string>();
        using var first = list.Subscribe(c =>
        {
            log.Add($"first v{c.Version} start");
            if (c.Version == 1)
            {
                list.Add(100); // re-entrant write: published now, delivered after this delivery returns
                log.Add($"first v{c.Version} wrote; list has {list.Count}");
            }

            log.Add($"first v{c.Version} end");
        });
        using var second = list.Subscribe(c => log.Add($"second v{c.Version}"));

        list.Add(1);

        Assert.Equal(
        [
            "first v1 start", "first v1 wrote; list has 2", "first v1 end", "second v1",
            "first v2 start", "first v2 end", "second v2",
        ], log);
    }

    [Fact]
    public void A_subscriber_added_later_sees_only_later_versions()
    {
        var list = new CopyOnWriteList<int>();
        list.Add(1);
        list.Add(2);
        var versions = new List<long>();
        using var s = list.Subscribe(c => versions.Add(c.Version));
        list.Add(3);

        Assert.Equal([3L], versions);
    }

    [Fact]
    public void After_all_subscribers_left_a_new_subscriber_starts_cleanly()
    {
        var list = new CopyOnWriteList<int>();
        var s1 = list.Subscribe(_ => { });
        list.Add(1);
        s1.Dispose();
        list.Add(2);
        list.Add(3);
        var versions = new List<long>();
        using var s2 = list.Subscribe(c => versions.Add(c.Version));
        list.Add(4);
        list.Add(5);

        Assert.Equal([4L, 5L], versions);
    }

    [Fact]
    public void An_observer_receives_OnNext_for_each_change()
    {
        var list = new CopyOnWriteList<string>();
        var observer = new Recorder();
        using var s = list.Subscribe(observer);
        list.Add("x");
        list.Add("y");

        Assert.Equal([1L, 2L], observer.Versions);
    }

    [Fact]
    public void Unsubscribing_inside_a_delivery_stops_later_deliveries_to_that_subscriber()
    {
        var list = new CopyOnWriteList<int>();
        IDisposable? self = null;
        int calls = 0;
        self = list.Subscribe(_ =>
        {
            calls++;
            self!.Dispose();
        });
        list.Add(1);
        list.Add(2);

        Assert.Equal(1, calls);
    }

    [Fact]
    public void Null_arguments_are_rejected()
    {
        var list = new CopyOnWriteList<int>();
        Assert.Throws<ArgumentNullException>(() => list.Subscribe((Action<SnapshotChange<PersistentList<int>>>)null!));
        Assert.Throws<ArgumentNullException>(() => list.Subscribe(_ => { }, null!));
        Assert.Throws<ArgumentNullException>(() => list.Subscribe((IObserver<SnapshotChange<PersistentList<int>>>)null!));
    }

    private sealed class Recorder : IObserver<SnapshotChange<PersistentList<string>>>
    {
        public List<long> Versions { get; } = [];

        public void OnCompleted() => throw new InvalidOperationException("never completes");

        public void OnError(Exception error) => throw new InvalidOperationException("never errors", error);

        public void OnNext(SnapshotChange<PersistentList<string>> value) => Versions.Add(value.Version);
    }
}
