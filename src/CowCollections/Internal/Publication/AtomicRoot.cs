using System;
using System.Runtime.CompilerServices;
using System.Threading;

namespace CowCollections.Internal.Publication;

/// <summary>
/// Transforms the current value; may run more than once under contention, so it must be pure.
/// Returning the same reference means "no change": nothing is published and the version stays.
/// </summary>
internal delegate TValue Transform<TValue, TArg, TResult>(TValue current, TArg arg, out TResult result);

/// <summary>
/// The one publication mechanism of every copy-on-write container.
/// <list type="bullet">
/// <item>The container's whole state is one reference to an immutable <see cref="Published"/> record
/// (value + version); readers take it with a single volatile read and never lock.</item>
/// <item>A writer computes a new value from the current one with the caller's pure function and publishes
/// it with one <see cref="Interlocked.CompareExchange{T}(ref T, T, T)"/>; on conflict it retries with the
/// newer value. A published change is therefore atomic and linearizable.</item>
/// <item><see cref="Published.Version"/> grows by exactly one per published change.</item>
/// <item>Change notification is part of the mechanism: after a successful compare-and-swap the publisher
/// hands the change to the <see cref="ChangeNotifier{TValue}"/> when one exists and has subscribers, so every
/// container built on this type is watchable by construction. With no subscriber the cost is one null check
/// (no notifier was ever created) or one array-length read.</item>
/// </list>
/// A mutable struct: hold it in a non-readonly field and call its members on the field itself.
/// </summary>
internal struct AtomicRoot<TValue>
    where TValue : class
{
    private Published _current;

    /// <summary>Created by the first <see cref="Subscribe"/>; never replaced afterwards.</summary>
    private ChangeNotifier<TValue>? _notifier;

    public AtomicRoot(TValue initial)
    {
        _current = new Published(initial, 0);
        _notifier = null;
    }

    /// <summary>The current value (one volatile read).</summary>
    public readonly TValue Value => Volatile.Read(ref Unsafe.AsRef(in _current)).Value;

    /// <summary>The current value and version, read together.</summary>
    public readonly Published Current => Volatile.Read(ref Unsafe.AsRef(in _current));

    /// <summary>
    /// Applies <paramref name="transform"/> until its result is published or it returns the current value
    /// unchanged. Returns the publication (old and new record) or <c>null</c> when nothing changed.
    /// </summary>
    public Change? Update<TArg, TResult>(TArg arg, Transform<TValue, TArg, TResult> transform, out TResult result)
    {
        var current = Volatile.Read(ref _current);
        while (true)
        {
            var next = transform(current.Value, arg, out result);
            if (ReferenceEquals(next, current.Value))
            {
                return null;
            }

            var published = new Published(next, current.Version + 1);
            var seen = Interlocked.CompareExchange(ref _current, published, current);
            if (ReferenceEquals(seen, current))
            {
                var change = new Change(current, published);
                Notify(change);
                return change;
            }

            current = seen;
        }
    }

    /// <summary>Replaces the value unconditionally (one publication unless it is the same reference).</summary>
    public Change? Exchange(TValue next) =>
        Update(next, static (TValue _, TValue replacement, out bool unused) =>
        {
            unused = false;
            return replacement;
        }, out _);

    /// <summary>
    /// Publishes <paramref name="next"/> only if the current value is <paramref name="comparand"/> (by reference);
    /// returns the value that was current when that was decided (<paramref name="comparand"/> exactly when it published).
    /// </summary>
    public TValue CompareExchange(TValue next, TValue comparand)
    {
        Update((next, comparand), static (TValue current, (TValue Next, TValue Comparand) a, out TValue seen) =>
        {
            seen = current;
            return ReferenceEquals(current, a.Comparand) ? a.Next : current;
        }, out var seen);
        return seen;
    }

    /// <summary>
    /// Subscribes to every change published after this call (see <see cref="IWatchable{TSnapshot}"/> for the
    /// delivery contract). Thread-safe; O(subscribers) under the notifier's lock.
    /// </summary>
    public IDisposable Subscribe(Action<SnapshotChange<TValue>> onChange, Action<Exception>? onError)
    {
        var notifier = Volatile.Read(ref _notifier);
        if (notifier is null)
        {
            var created = new ChangeNotifier<TValue>();
            notifier = Interlocked.CompareExchange(ref _notifier, created, null) ?? created;
        }

        return notifier.Subscribe(onChange, onError, ref _current);
    }

    /// <summary>
    /// The body of every container's <c>Subscribe(onChange)</c>: checks the argument, then subscribes with no
    /// error handler (the writer receives what <paramref name="onChange"/> throws).
    /// </summary>
    public IDisposable SubscribeChecked(Action<SnapshotChange<TValue>> onChange)
    {
        Requires.NotNull(onChange);
        return Subscribe(onChange, null);
    }

    /// <summary>The body of every container's <c>Subscribe(onChange, onError)</c>: checks both arguments, then subscribes.</summary>
    public IDisposable SubscribeChecked(Action<SnapshotChange<TValue>> onChange, Action<Exception> onError)
    {
        Requires.NotNull(onChange);
        Requires.NotNull(onError);
        return Subscribe(onChange, onError);
    }

    /// <summary>The body of every container's <c>Subscribe(IObserver)</c>: checks the argument, then delivers to <c>OnNext</c> only.</summary>
    public IDisposable SubscribeChecked(IObserver<SnapshotChange<TValue>> observer)
    {
        Requires.NotNull(observer);
        return Subscribe(observer.OnNext, null);
    }

    /// <summary>Delivers a change that this root just published, when anybody listens; may throw the subscribers' <see cref="AggregateException"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private readonly void Notify(Change change)
    {
        var notifier = Volatile.Read(ref Unsafe.AsRef(in _notifier));
        if (notifier is not null && notifier.HasSubscribers)
        {
            notifier.OnPublished(new SnapshotChange<TValue>(change.Old.Value, change.New.Value, change.New.Version));
        }
    }

    /// <summary>One published state: a value and the number of changes published before it.</summary>
    internal sealed class Published(TValue value, long version)
    {
        public TValue Value { get; } = value;

        public long Version { get; } = version;
    }

    /// <summary>One successful publication.</summary>
    internal readonly record struct Change(Published Old, Published New);
}
