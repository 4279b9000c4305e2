using System;
using System.Collections.Generic;
using System.IO;
using System.Threading;

namespace CowCollections.Segments;

/// <summary>
/// Watches a segment file from any process: an <see cref="IWatchable{TSnapshot}"/> over the file's newest commit,
/// with the containers' <see cref="SnapshotChange{TSnapshot}"/> shape. Each commit is delivered once, in commit
/// order, as <c>(previous commit, this commit, this commit's number)</c>; <see cref="Version"/> is the number of the
/// newest commit delivered.
/// </summary>
/// <remarks>
/// <para><b>No gap, however late.</b> History stays in the file until a compaction, so a watcher that wakes after
/// several commits (it was busy, or polling is slow) delivers every one of them, in order, each as its own change.</para>
/// <para><b>Compaction is a reset.</b> A compaction replaces the file with a new one that keeps only the newest
/// commit. The watcher delivers that as one change for which <see cref="SegmentSnapshotChangeExtensions.IsReset"/>
/// is true: its new snapshot is the compacted file's commit (the last delivered number when the compaction kept it,
/// else the oldest the new file retains, skipping commits that are gone), and its version may therefore equal the
/// previous one or jump. Every other change has version = previous version + 1. Snapshots delivered before stay
/// readable.</para>
/// <para><b>Wake-up.</b> File-change notifications (<see cref="SegmentWatchOptions.UseFileSystemEvents"/>) and a
/// polling timer (<see cref="SegmentWatchOptions.PollingInterval"/>), whichever comes first; <see cref="Poll"/> checks
/// on demand. A check reopens the file by its path, so it also sees a file renamed over it.</para>
/// <para><b>Delivery.</b> One change at a time, never concurrently, on the thread that found it: a timer or
/// notification thread, or the caller of <see cref="Poll"/>. A subscriber receives the changes found after it
/// subscribed. A subscriber may call <see cref="Poll"/> (the outer delivery then picks up what is new) and may
/// subscribe and unsubscribe. A subscriber's exception goes to its <c>onError</c>; without one, the exceptions of a
/// check are collected and thrown by <see cref="Poll"/> as one <see cref="AggregateException"/>, or, on a background
/// check, kept in <see cref="LastError"/>. A background check that fails (the file is damaged, or gone) keeps the last
/// snapshot, records the error in <see cref="LastError"/> and tries again at the next wake-up.</para>
/// <para><b>Cost.</b> A check that finds nothing new reopens the file and reads its two header slots and its newest
/// root table (a map of the committed length, no data record), then closes it: O(1) in the file size. Delivering k commits:
/// O(k) record reads, and a map of the new length once.</para>
/// </remarks>
public sealed class SegmentWatcher : IWatchable<SegmentSnapshot>, IDisposable
{
    /// <summary>Guards <see cref="_subscribers"/>, <see cref="_sequence"/> and <see cref="_snapshot"/> writes; never held while a subscriber runs.</summary>
    private readonly object _gate = new();

    /// <summary>Held by the one check that is running, and through its deliveries (so they never overlap or reorder).</summary>
    private readonly object _checkGate = new();

    private readonly SegmentFile _file;
    private readonly Timer? _timer;
    private readonly FileSystemWatcher? _events;

    /// <summary>Copy-on-write; replaced under <see cref="_gate"/>, read without it.</summary>
    private Subscription[] _subscribers = [];

    /// <summary>How many changes were delivered; a subscription receives those numbered above the value when it started.</summary>
    private long _sequence;

    private SegmentSnapshot _snapshot;

    /// <summary>Under <see cref="_checkGate"/>: a check is delivering on this thread (a subscriber that polls only asks for another round).</summary>
    private bool _delivering;

    /// <summary>1 when a wake-up asked for a check that has not started yet.</summary>
    private int _wanted;

    private Exception? _lastError;
    private int _disposed;

    /// <summary>Starts watching <paramref name="path"/> with file-change notifications and a one-second polling fallback.</summary>
    /// <param name="path">The segment file; it must exist.</param>
    /// <exception cref="FileNotFoundException">There is no such file.</exception>
    /// <exception cref="SegmentException">The file is not a valid segment file.</exception>
    public SegmentWatcher(string path)
        : this(path, new SegmentWatchOptions())
    {
    }

    /// <summary>Starts watching <paramref name="path"/>. O(1): opens the file as a reader; <see cref="Snapshot"/> is its newest commit.</summary>
    /// <param name="path">The segment file; it must exist.</param>
    /// <param name="options">How to learn about changes.</param>
    /// <exception cref="ArgumentOutOfRangeException">The polling interval is neither positive nor infinite.</exception>
    /// <exception cref="FileNotFoundException">There is no such file.</exception>
    /// <exception cref="SegmentException">The file is not a valid segment file.</exception>
    public SegmentWatcher(string path, SegmentWatchOptions options)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(options);
        if (options.PollingInterval <= TimeSpan.Zero && options.PollingInterval != Timeout.InfiniteTimeSpan)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.PollingInterval, "The polling interval must be positive, or Timeout.InfiniteTimeSpan for none.");
        }

        _file = SegmentFile.OpenRead(path);
        _snapshot = _file.Current;
        FilePath = _file.FilePath;
        try
        {
            if (options.UseFileSystemEvents)
            {
                _events = Notifications(options.PollingInterval != Timeout.InfiniteTimeSpan);
            }

            if (options.PollingInterval != Timeout.InfiniteTimeSpan)
            {
                _timer = new Timer(_ => Wake(), null, options.PollingInterval, options.PollingInterval);
            }
        }
        catch
        {
            _events?.Dispose();
            _file.Dispose();
            throw;
        }
    }

    /// <summary>The full path of the watched file.</summary>
    public string FilePath { get; }

    /// <summary>The newest commit delivered (at first: the newest when the watcher started). One volatile read.</summary>
    public SegmentSnapshot Snapshot => Volatile.Read(ref _snapshot);

    /// <summary>The commit number of <see cref="Snapshot"/>. O(1).</summary>
    public long Version => Snapshot.Commit.Number;

    /// <summary>The error of the last background check, or of subscribers without an error handler during it; null after a check that succeeded.</summary>
    public Exception? LastError => Volatile.Read(ref _lastError);

    /// <summary>
    /// Checks the file now and delivers, on this thread, every commit that is new since the last delivery (see the
    /// class remarks). Called from a subscriber, it only asks the running delivery for another round and returns false.
    /// </summary>
    /// <returns>True when at least one change was delivered.</returns>
    /// <exception cref="SegmentException">The file is damaged or no longer a segment file (the watcher keeps its last snapshot).</exception>
    /// <exception cref="IOException">The file cannot be opened (it was deleted, say).</exception>
    /// <exception cref="AggregateException">Subscribers without an error handler threw; every change was still delivered to every subscriber.</exception>
    /// <exception cref="ObjectDisposedException">The watcher was disposed.</exception>
    public bool Poll()
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        bool delivered;
        lock (_checkGate)
        {
            Volatile.Write(ref _wanted, 1);
            if (_delivering)
            {
                return false;
            }

            delivered = CheckWhileWanted(throwErrors: true);
        }

        // A wake-up that came after our last round but before we released the gate found it taken: serve it.
        Wake();
        return delivered;
    }

    /// <summary>Calls <paramref name="onChange"/> for every commit found from now on, until the result is disposed.</summary>
    /// <param name="onChange">Receives each change; see the class remarks for thread, order and exceptions.</param>
    /// <returns>Disposing it (idempotent) stops deliveries that have not started yet.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="onChange"/> is null.</exception>
    public IDisposable Subscribe(Action<SnapshotChange<SegmentSnapshot>> onChange)
    {
        ArgumentNullException.ThrowIfNull(onChange);
        return Add(new Subscription(this, onChange, null));
    }

    /// <summary>Calls <paramref name="onChange"/> for every commit found from now on; what it throws goes to <paramref name="onError"/>.</summary>
    /// <param name="onChange">Receives each change.</param>
    /// <param name="onError">Receives what <paramref name="onChange"/> threw.</param>
    /// <returns>Disposing it (idempotent) stops deliveries that have not started yet.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public IDisposable Subscribe(Action<SnapshotChange<SegmentSnapshot>> onChange, Action<Exception> onError)
    {
        ArgumentNullException.ThrowIfNull(onChange);
        ArgumentNullException.ThrowIfNull(onError);
        return Add(new Subscription(this, onChange, onError));
    }

    /// <summary>Delivers every commit found from now on to <paramref name="observer"/>'s <c>OnNext</c> (never <c>OnError</c> or <c>OnCompleted</c>).</summary>
    /// <param name="observer">The observer.</param>
    /// <returns>Disposing it (idempotent) stops deliveries that have not started yet.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="observer"/> is null.</exception>
    public IDisposable Subscribe(IObserver<SnapshotChange<SegmentSnapshot>> observer)
    {
        ArgumentNullException.ThrowIfNull(observer);
        return Add(new Subscription(this, observer.OnNext, null));
    }

    /// <summary>Stops the notifications and the timer and closes the file. A delivery already running completes. Idempotent.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        _events?.Dispose();
        _timer?.Dispose();
        lock (_checkGate)
        {
            _file.Dispose();
        }
    }

    /// <summary>
    /// File-change notifications for the file (inotify on Linux). When the system refuses one (Linux limits inotify
    /// instances per user) and polling is on, the watcher polls alone.
    /// </summary>
    private FileSystemWatcher? Notifications(bool canPoll)
    {
        FileSystemWatcher? events = null;
        try
        {
            events = new FileSystemWatcher(Path.GetDirectoryName(FilePath)!, Path.GetFileName(FilePath))
            {
                NotifyFilter = NotifyFilters.LastWrite | NotifyFilters.Size | NotifyFilters.FileName | NotifyFilters.CreationTime,
            };
            events.Changed += (_, _) => Wake();
            events.Created += (_, _) => Wake();
            events.Renamed += (_, _) => Wake();
            events.Error += (_, _) => Wake();
            events.EnableRaisingEvents = true;
            return events;
        }
        catch (IOException) when (canPoll)
        {
            events?.Dispose();
            return null;
        }
    }

    /// <summary>A notification or the timer: check, unless a check is running (it will see the request and go round again).</summary>
    private void Wake()
    {
        Volatile.Write(ref _wanted, 1);
        while (Volatile.Read(ref _wanted) == 1 && Volatile.Read(ref _disposed) == 0 && Monitor.TryEnter(_checkGate))
        {
            try
            {
                if (_delivering || Volatile.Read(ref _disposed) != 0)
                {
                    return;
                }

                CheckWhileWanted(throwErrors: false);
            }
            finally
            {
                Monitor.Exit(_checkGate);
            }
        }
    }

    /// <summary>Under <see cref="_checkGate"/>: checks as long as somebody asked; errors are thrown or recorded.</summary>
    private bool CheckWhileWanted(bool throwErrors)
    {
        bool delivered = false;
        _delivering = true;
        try
        {
            while (Volatile.Read(ref _disposed) == 0 && Interlocked.Exchange(ref _wanted, 0) == 1)
            {
                List<Exception>? errors = null;
                try
                {
                    delivered |= CheckOnce(ref errors);
                }
                catch (Exception e) when (!throwErrors && e is SegmentException or IOException or UnauthorizedAccessException)
                {
                    Volatile.Write(ref _lastError, e);
                    continue;
                }

                var failure = errors is null ? null : new AggregateException("One or more subscribers of a segment watcher threw while a commit was delivered.", errors);
                Volatile.Write(ref _lastError, failure);
                if (failure is not null && throwErrors)
                {
                    throw failure;
                }
            }
        }
        finally
        {
            _delivering = false;
        }

        return delivered;
    }

    /// <summary>Refreshes the file and delivers what is new: the retained commits after the last one, or a reset first when the file was replaced.</summary>
    private bool CheckOnce(ref List<Exception>? errors)
    {
        if (!_file.Refresh())
        {
            return false;
        }

        var last = _snapshot;
        var head = _file.Current;
        long delivered = last.Commit.Number;
        if (head.FileId == last.FileId)
        {
            foreach (var next in SegmentFile.CommitsAfter(head, delivered))
            {
                if (next.Commit.Number > delivered)
                {
                    Deliver(next, ref errors);
                }
            }

            return true;
        }

        // A new file (a compaction): reset to the delivered commit if it kept it, else to the oldest it retains.
        var retained = SegmentFile.CommitsAfter(head, -1);
        long oldest = retained[0].Commit.Number;
        long resetTo = Math.Clamp(delivered, oldest, head.Commit.Number);
        foreach (var next in retained)
        {
            if (next.Commit.Number >= resetTo)
            {
                Deliver(next, ref errors);
            }
        }

        return true;
    }

    private void Deliver(SegmentSnapshot next, ref List<Exception>? errors)
    {
        Subscription[] subscribers;
        SegmentSnapshot old;
        long sequence;
        lock (_gate)
        {
            old = _snapshot;
            Volatile.Write(ref _snapshot, next);
            sequence = ++_sequence;
            subscribers = _subscribers;
        }

        var change = new SnapshotChange<SegmentSnapshot>(old, next, next.Commit.Number);
        foreach (var subscription in subscribers)
        {
            subscription.Deliver(change, sequence, ref errors);
        }
    }

    private Subscription Add(Subscription subscription)
    {
        lock (_gate)
        {
            subscription.StartSequence = _sequence;
            var after = new Subscription[_subscribers.Length + 1];
            _subscribers.CopyTo(after, 0);
            after[^1] = subscription;
            Volatile.Write(ref _subscribers, after);
        }

        return subscription;
    }

    private void Remove(Subscription subscription)
    {
        lock (_gate)
        {
            int index = Array.IndexOf(_subscribers, subscription);
            if (index >= 0)
            {
                var after = new Subscription[_subscribers.Length - 1];
                Array.Copy(_subscribers, 0, after, 0, index);
                Array.Copy(_subscribers, index + 1, after, index, _subscribers.Length - index - 1);
                Volatile.Write(ref _subscribers, after);
            }
        }
    }

    /// <summary>One subscriber; disposing it removes it (idempotent).</summary>
    private sealed class Subscription(SegmentWatcher owner, Action<SnapshotChange<SegmentSnapshot>> onChange, Action<Exception>? onError) : IDisposable
    {
        private int _disposed;

        /// <summary>The delivery count when it subscribed (written under the owner's gate before it is published); it receives later deliveries only.</summary>
        public long StartSequence { get; set; }

        public void Deliver(SnapshotChange<SegmentSnapshot> change, long sequence, ref List<Exception>? errors)
        {
            if (sequence <= StartSequence || Volatile.Read(ref _disposed) != 0)
            {
                return;
            }

            try
            {
                onChange(change);
            }
            catch (Exception e) when (onError is not null)
            {
                try
                {
                    onError(e);
                }
                catch (Exception handlerError)
                {
                    (errors ??= []).Add(handlerError);
                }
            }
            catch (Exception e)
            {
                (errors ??= []).Add(e);
            }
        }

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                owner.Remove(this);
            }
        }
    }
}
