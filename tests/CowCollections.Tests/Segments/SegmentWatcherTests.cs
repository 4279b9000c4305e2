using System.Collections.Concurrent;
using CowCollections.Segments;
using CowCollections.TestHost;

namespace CowCollections.Tests.Segments;

/// <summary>
/// The cross-process watch (<see cref="SegmentWatcher"/>): every commit delivered once, in order, with its old and
/// new snapshot and its number as the version, however late the watcher wakes; compaction as a reset; wake-up by
/// file-change notification or by polling; a writer in another process; subscriber failures.
/// </summary>
public class SegmentWatcherTests
{
    private static readonly SegmentWatchOptions Manual = new() { UseFileSystemEvents = false, PollingInterval = Timeout.InfiniteTimeSpan };

    [Fact]
    public void Every_commit_is_delivered_in_order_with_its_old_and_new_snapshot_and_its_number_as_the_version()
    {
        using var dir = new TempDirectory();
        string path = dir.File("watched.seg");
        using var writer = SegmentFile.OpenWrite(path);
        using var watcher = new SegmentWatcher(path, Manual);
        var changes = new List<SnapshotChange<SegmentSnapshot>>();
        using var subscription = watcher.Subscribe(changes.Add);
        Assert.Equal(0, watcher.Version);
        Assert.False(watcher.Poll());

        var xs = PersistentList<int>.Empty;
        for (int i = 1; i <= 5; i++)
        {
            xs = xs.Add(i);
            writer.Commit("xs", xs);
            Assert.True(watcher.Poll());
            Assert.Equal(i, watcher.Version);
        }

        Assert.Equal([1L, 2, 3, 4, 5], changes.Select(c => c.Version));
        for (int i = 0; i < changes.Count; i++)
        {
            var change = changes[i];
            Assert.False(change.IsReset());
            Assert.Equal(change.Version, change.NewSnapshot.Commit.Number);
            Assert.Equal(change.Version - 1, change.OldSnapshot.Commit.Number);
            Assert.Equal(Enumerable.Range(1, i + 1), change.NewSnapshot.GetList<int>("xs").ToArray());
            if (i > 0)
            {
                Assert.Same(changes[i - 1].NewSnapshot, change.OldSnapshot);
            }
        }

        Assert.Same(changes[^1].NewSnapshot, watcher.Snapshot);
    }

    [Fact]
    public void A_watcher_that_wakes_late_delivers_every_retained_commit_in_order_without_a_gap()
    {
        using var dir = new TempDirectory();
        string path = dir.File("late.seg");
        using var writer = SegmentFile.OpenWrite(path);
        writer.Commit("xs", PersistentList.Create(0));
        using var watcher = new SegmentWatcher(path, Manual);
        var changes = new List<SnapshotChange<SegmentSnapshot>>();
        using var subscription = watcher.Subscribe(changes.Add);

        var versions = new Dictionary<long, int[]>();
        var xs = PersistentList.Create(0);
        for (int i = 0; i < 40; i++)
        {
            xs = i % 3 == 0 ? xs.AddRange(Enumerable.Range(i * 100, 90)) : xs.SetItem(i % xs.Count, -i);
            var commit = i % 5 == 4 ? writer.BeginCommit().Remove("xs").Commit() : writer.Commit("xs", xs);
            versions[commit.Number] = i % 5 == 4 ? [] : xs.ToArray();
        }

        Assert.True(watcher.Poll());
        Assert.Equal(Enumerable.Range(2, 40).Select(v => (long)v), changes.Select(c => c.Version));
        long previous = 1;
        foreach (var change in changes)
        {
            Assert.False(change.IsReset());
            Assert.Equal(previous, change.OldSnapshot.Commit.Number);
            previous = change.Version;
            var expected = versions[change.Version];
            Assert.Equal(expected.Length > 0, change.NewSnapshot.Contains("xs"));
            if (expected.Length > 0)
            {
                Assert.Equal(expected, change.NewSnapshot.GetList<int>("xs").ToArray());
            }
        }
    }

    [Fact]
    public void A_compaction_is_delivered_as_a_reset_and_later_commits_continue_from_it()
    {
        using var dir = new TempDirectory();
        string path = dir.File("compacted.seg");
        using var writer = SegmentFile.OpenWrite(path);
        writer.Commit("xs", PersistentList.Create(1));
        using var watcher = new SegmentWatcher(path, Manual);
        var changes = new List<SnapshotChange<SegmentSnapshot>>();
        using var subscription = watcher.Subscribe(changes.Add);

        // Commits 2 and 3, then a compaction before the watcher looks: commit 2 is gone, so the watcher resets to 3.
        writer.Commit("xs", PersistentList.Create(1, 2));
        writer.Commit("xs", PersistentList.Create(1, 2, 3));
        writer.Compact();
        Assert.True(watcher.Poll());
        var reset = Assert.Single(changes);
        Assert.True(reset.IsReset());
        Assert.Equal(3, reset.Version);
        Assert.Equal(1, reset.OldSnapshot.Commit.Number);
        Assert.Equal([1, 2, 3], reset.NewSnapshot.GetList<int>("xs").ToArray());
        Assert.Equal([1], reset.OldSnapshot.GetList<int>("xs").ToArray());

        // A compaction of a commit already delivered: a reset to the same number, then ordinary changes again.
        writer.Compact();
        writer.Commit("xs", PersistentList.Create(4));
        Assert.True(watcher.Poll());
        Assert.Equal(3, changes.Count);
        Assert.True(changes[1].IsReset());
        Assert.Equal(3, changes[1].Version);
        Assert.False(changes[2].IsReset());
        Assert.Equal(4, changes[2].Version);
        Assert.Same(changes[1].NewSnapshot, changes[2].OldSnapshot);
        Assert.Equal([4], watcher.Snapshot.GetList<int>("xs").ToArray());
    }

    [Fact]
    public void A_file_change_notification_delivers_a_commit_without_polling()
    {
        using var dir = new TempDirectory();
        string path = dir.File("events.seg");
        using var writer = SegmentFile.OpenWrite(path);
        using var watcher = new SegmentWatcher(path, new SegmentWatchOptions { UseFileSystemEvents = true, PollingInterval = Timeout.InfiniteTimeSpan });
        using var delivered = new SemaphoreSlim(0);
        using var subscription = watcher.Subscribe(_ => delivered.Release());
        writer.Commit("xs", PersistentList.Create(1));
        Assert.True(delivered.Wait(TimeSpan.FromSeconds(20)), "no notification delivered the commit");
        Assert.Equal(1, watcher.Version);
    }

    [Fact]
    public void The_polling_fallback_delivers_a_commit_without_notifications()
    {
        using var dir = new TempDirectory();
        string path = dir.File("polled.seg");
        using var writer = SegmentFile.OpenWrite(path);
        using var watcher = new SegmentWatcher(path, new SegmentWatchOptions { UseFileSystemEvents = false, PollingInterval = TimeSpan.FromMilliseconds(50) });
        using var delivered = new SemaphoreSlim(0);
        using var subscription = watcher.Subscribe(_ => delivered.Release());
        writer.Commit("xs", PersistentList.Create(1));
        writer.Commit("xs", PersistentList.Create(2));
        Assert.True(delivered.Wait(TimeSpan.FromSeconds(20)) && delivered.Wait(TimeSpan.FromSeconds(20)), "polling did not deliver both commits");
        Assert.Equal(2, watcher.Version);
    }

    [Fact]
    public async Task A_writer_in_another_process_is_watched_and_every_commit_arrives_in_order()
    {
        using var dir = new TempDirectory();
        string path = dir.File("remote.seg");
        using (SegmentFile.OpenWrite(path))
        {
        }

        using var watcher = new SegmentWatcher(path, new SegmentWatchOptions { PollingInterval = TimeSpan.FromMilliseconds(100) });
        var changes = new ConcurrentQueue<SnapshotChange<SegmentSnapshot>>();
        using var subscription = watcher.Subscribe(changes.Enqueue);
        var (code, output, error) = await Task.Run(() => SegmentTestFiles.RunTestHost("stress-commit", path, "--count", "30"));
        Assert.True(code == 0, error);
        Assert.Equal("30", output.Split('\n', StringSplitOptions.RemoveEmptyEntries)[^1]);

        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (watcher.Version < 30 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20);
        }

        watcher.Poll();
        Assert.Equal(Enumerable.Range(1, 30).Select(v => (long)v), changes.Select(c => c.Version));
        foreach (var change in changes)
        {
            Assert.Equal(change.Version - 1, change.OldSnapshot.Commit.Number);
            Assert.Equal(StressModel.Version(change.Version).ToArray(), change.NewSnapshot.GetList<int>(StressModel.Root).ToArray());
        }
    }

    [Fact]
    public void Subscribers_receive_only_what_is_found_after_they_subscribe_and_disposing_stops_delivery()
    {
        using var dir = new TempDirectory();
        string path = dir.File("subscribers.seg");
        using var writer = SegmentFile.OpenWrite(path);
        using var watcher = new SegmentWatcher(path, Manual);
        var first = new List<long>();
        var second = new List<long>();
        var observed = new List<long>();
        var one = watcher.Subscribe(c => first.Add(c.Version));
        writer.Commit("xs", PersistentList.Create(1));
        watcher.Poll();
        using var two = watcher.Subscribe(c => second.Add(c.Version));
        using var three = watcher.Subscribe(new Observer(observed));
        writer.Commit("xs", PersistentList.Create(2));
        watcher.Poll();
        one.Dispose();
        one.Dispose();
        writer.Commit("xs", PersistentList.Create(3));
        watcher.Poll();

        Assert.Equal([1L, 2], first);
        Assert.Equal([2L, 3], second);
        Assert.Equal([2L, 3], observed);
    }

    [Fact]
    public void A_throwing_subscriber_does_not_stop_the_others_and_Poll_reports_it_or_its_error_handler_gets_it()
    {
        using var dir = new TempDirectory();
        string path = dir.File("throwing.seg");
        using var writer = SegmentFile.OpenWrite(path);
        using var watcher = new SegmentWatcher(path, Manual);
        var handled = new List<Exception>();
        var seen = new List<long>();
        using var bad = watcher.Subscribe(_ => throw new InvalidOperationException("boom"));
        using var handledBad = watcher.Subscribe(_ => throw new FormatException("handled"), handled.Add);
        using var good = watcher.Subscribe(c => seen.Add(c.Version));
        writer.Commit("xs", PersistentList.Create(1));
        writer.Commit("xs", PersistentList.Create(2));

        var e = Assert.Throws<AggregateException>(() => watcher.Poll());
        Assert.All(e.InnerExceptions, x => Assert.IsType<InvalidOperationException>(x));
        Assert.Equal([1L, 2], seen);
        Assert.Equal(2, handled.Count);
        Assert.Equal(2, watcher.Version);
        Assert.Same(e, watcher.LastError);
    }

    [Fact]
    public void A_subscriber_that_polls_does_not_reorder_deliveries()
    {
        using var dir = new TempDirectory();
        string path = dir.File("reentrant.seg");
        using var writer = SegmentFile.OpenWrite(path);
        using var watcher = new SegmentWatcher(path, Manual);
        var versions = new List<long>();
        using var subscription = watcher.Subscribe(c =>
        {
            versions.Add(c.Version);
            if (c.Version == 1)
            {
                // A commit made and polled from inside a delivery is delivered after it, in order.
                writer.Commit("xs", PersistentList.Create(2));
                Assert.False(watcher.Poll());
            }
        });
        writer.Commit("xs", PersistentList.Create(1));
        Assert.True(watcher.Poll());
        Assert.Equal([1L, 2], versions);
    }

    [Fact]
    public void A_check_that_fails_keeps_the_last_snapshot_and_reports_the_error()
    {
        using var dir = new TempDirectory();
        string path = dir.File("damaged.seg");
        using (var writer = SegmentFile.OpenWrite(path))
        {
            writer.Commit("xs", PersistentList.Create(1));
        }

        using var watcher = new SegmentWatcher(path, new SegmentWatchOptions { UseFileSystemEvents = false, PollingInterval = TimeSpan.FromMilliseconds(30) });
        var snapshot = watcher.Snapshot;
        // Something else is renamed over the file (writing into it in place would change what the old maps show).
        File.WriteAllText(path + ".other", new string('x', 10_000));
        File.Move(path + ".other", path, overwrite: true);
        Assert.Throws<SegmentFormatException>(() => watcher.Poll());
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (watcher.LastError is null && DateTime.UtcNow < deadline)
        {
            Thread.Sleep(10);
        }

        Assert.IsType<SegmentFormatException>(watcher.LastError);
        Assert.Same(snapshot, watcher.Snapshot);
        Assert.Equal([1], watcher.Snapshot.GetList<int>("xs").ToArray());
        watcher.Dispose();
        Assert.Throws<ObjectDisposedException>(() => watcher.Poll());
    }

    [Fact]
    public void A_subscriber_that_disposes_the_watcher_ends_the_delivery_rounds_without_an_error()
    {
        using var dir = new TempDirectory();
        string path = dir.File("disposing.seg");
        using var writer = SegmentFile.OpenWrite(path);
        var watcher = new SegmentWatcher(path, Manual);
        var versions = new List<long>();
        using var subscription = watcher.Subscribe(c =>
        {
            versions.Add(c.Version);
            writer.Commit("xs", PersistentList.Create((int)c.Version));
            Assert.False(watcher.Poll());
            watcher.Dispose();
        });
        writer.Commit("xs", PersistentList.Create(0));
        Assert.True(watcher.Poll());
        Assert.Equal([1L], versions);
        Assert.Null(watcher.LastError);
        Assert.Throws<ObjectDisposedException>(() => watcher.Poll());
    }

    [Fact]
    public void Watcher_arguments_are_checked()
    {
        using var dir = new TempDirectory();
        string path = dir.File("args.seg");
        using (SegmentFile.OpenWrite(path))
        {
        }

        Assert.Throws<FileNotFoundException>(() => new SegmentWatcher(dir.File("none.seg")));
        Assert.Equal("options", Assert.Throws<ArgumentOutOfRangeException>(() => new SegmentWatcher(path, new SegmentWatchOptions { PollingInterval = TimeSpan.Zero })).ParamName);
        using var watcher = new SegmentWatcher(path, Manual);
        Assert.Equal("onChange", Assert.Throws<ArgumentNullException>(() => watcher.Subscribe((Action<SnapshotChange<SegmentSnapshot>>)null!)).ParamName);
        Assert.Equal("onError", Assert.Throws<ArgumentNullException>(() => watcher.Subscribe(_ => { }, null!)).ParamName);
        Assert.Equal("change", Assert.Throws<ArgumentNullException>(() => default(SnapshotChange<SegmentSnapshot>).IsReset()).ParamName);
        Assert.Equal(Path.GetFullPath(path), watcher.FilePath);
    }

    private sealed class Observer(List<long> versions) : IObserver<SnapshotChange<SegmentSnapshot>>
    {
        public void OnCompleted() => throw new InvalidOperationException("never called");

        public void OnError(Exception error) => throw new InvalidOperationException("never called", error);

        public void OnNext(SnapshotChange<SegmentSnapshot> value) => versions.Add(value.Version);
    }
}
