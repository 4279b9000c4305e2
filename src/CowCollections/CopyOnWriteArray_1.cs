using System;
using System.Collections;
using System.Collections.Generic;
using System.Diagnostics;
using CowCollections.Internal;
using CowCollections.Internal.Publication;

namespace CowCollections;

/// <summary>
/// A thread-safe fixed-length array that publishes a new <see cref="PersistentArray{T}"/> on every change:
/// lock-free reads at nearly <c>T[]</c> speed, writes that copy one chunk (about 1 KiB) instead of the
/// whole array, atomic batches, and per-slot atomics (<see cref="CompareExchange(int, T, T)"/>, <see cref="Exchange(int, T)"/>)
/// that no BCL collection offers.
/// </summary>
/// <remarks>
/// <para>Readers take no lock: every read is one volatile load of the current version and then a read of
/// that immutable version. Each write is atomic and linearizable: it computes a new version from the
/// current one and publishes it with a compare-and-swap, retrying on conflict, and <see cref="Version"/>
/// grows by one per published change. Enumeration runs over the version current when it starts (a frozen
/// snapshot): it never throws and never sees later writes.</para>
/// <para>The length is fixed at construction: every published version has the same <see cref="Length"/>,
/// and <see cref="Update(Func{PersistentArray{T}, PersistentArray{T}})"/> refuses a version of another
/// length. The size-changing members of <see cref="IList{T}"/> throw <see cref="NotSupportedException"/>,
/// as they do on <c>T[]</c>.</para>
/// <para>Two calls are not atomic together (check-then-act): use <see cref="CompareExchange(int, T, T)"/>,
/// <see cref="Exchange(int, T)"/>, <see cref="SetItems"/> or <c>Update</c> for that. Functions passed to
/// <c>Update</c> may run more than once under contention and must be pure.</para>
/// <para>The array can be watched: <see cref="Subscribe(Action{SnapshotChange{PersistentArray{T}}})"/> delivers
/// every published change (old version, new version, version number) after publication, in version order;
/// see <see cref="IWatchable{TSnapshot}"/> for threads, ordering and exceptions.</para>
/// <para><b>Bulk copies.</b> The length never changes, so <c>ICollection&lt;T&gt;.Count</c> followed by
/// <see cref="CopyTo(T[], int)"/> (LINQ <c>ToArray</c>/<c>ToList</c>, <c>new List&lt;T&gt;(array)</c>) always
/// copies one published version exactly, while other threads write.</para>
/// </remarks>
/// <typeparam name="T">The element type.</typeparam>
[System.Runtime.CompilerServices.CollectionBuilder(typeof(CopyOnWriteArray), nameof(CopyOnWriteArray.Create))]
[DebuggerTypeProxy(typeof(CowCollections.Internal.SequenceDebugView<>))]
[DebuggerDisplay("Length = {Length}, Version = {Version}")]
[System.Text.Json.Serialization.JsonConverter(typeof(CowCollections.Serialization.CowJsonConverterFactory))]
public sealed class CopyOnWriteArray<T> : IList<T>, IReadOnlyList<T>, IWatchable<PersistentArray<T>>
{
    private readonly IEqualityComparer<T> _comparer;
    private readonly int _length;
    private AtomicRoot<PersistentArray<T>> _root;

    /// <summary>An array of <paramref name="length"/> <c>default(T)</c> elements. O(length / chunk): full chunks share one zero chunk.</summary>
    /// <param name="length">The number of elements, at least 0.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="length"/> is negative.</exception>
    public CopyOnWriteArray(int length)
        : this(PersistentArray.Create<T>(length), null)
    {
    }

    /// <summary>An array of <paramref name="length"/> <c>default(T)</c> elements whose <see cref="CompareExchange(int, T, T)"/> compares with <paramref name="comparer"/>.</summary>
    /// <param name="length">The number of elements, at least 0.</param>
    /// <param name="comparer">The element comparer; null for <see cref="EqualityComparer{T}.Default"/>.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="length"/> is negative.</exception>
    public CopyOnWriteArray(int length, IEqualityComparer<T>? comparer)
        : this(PersistentArray.Create<T>(length), comparer)
    {
    }

    /// <summary>An array holding the elements of <paramref name="items"/> (its length is their count). O(n).</summary>
    /// <param name="items">The initial elements.</param>
    /// <exception cref="ArgumentNullException"><paramref name="items"/> is null.</exception>
    public CopyOnWriteArray(IEnumerable<T> items)
        : this(PersistentArray.CreateRange(items), null)
    {
    }

    /// <summary>An array whose first version is <paramref name="initial"/> (shared, not copied). O(1).</summary>
    /// <param name="initial">The initial version; its length is the container's length.</param>
    /// <exception cref="ArgumentNullException"><paramref name="initial"/> is null.</exception>
    public CopyOnWriteArray(PersistentArray<T> initial)
        : this(initial, null)
    {
    }

    /// <summary>An array whose first version is <paramref name="initial"/> and whose <see cref="CompareExchange(int, T, T)"/> compares with <paramref name="comparer"/>. O(1).</summary>
    /// <param name="initial">The initial version; its length is the container's length.</param>
    /// <param name="comparer">The element comparer; null for <see cref="EqualityComparer{T}.Default"/>.</param>
    /// <exception cref="ArgumentNullException"><paramref name="initial"/> is null.</exception>
    public CopyOnWriteArray(PersistentArray<T> initial, IEqualityComparer<T>? comparer)
    {
        Requires.NotNull(initial);
        _comparer = comparer ?? EqualityComparer<T>.Default;
        _length = initial.Length;
        _root = new AtomicRoot<PersistentArray<T>>(initial);
    }

    /// <summary>The current version, frozen: later writes never change it. O(1), one volatile read.</summary>
    public PersistentArray<T> Snapshot => _root.Value;

    /// <summary>How many changes have been published: grows by exactly one per published change. O(1).</summary>
    public long Version => _root.Current.Version;

    /// <summary>
    /// Calls <paramref name="onChange"/> with every change published after this call, in version order,
    /// until the returned subscription is disposed. Delivery runs on a writer's thread after publication;
    /// see <see cref="IWatchable{TSnapshot}"/> for the full contract.
    /// </summary>
    /// <remarks>O(subscribers) to subscribe and to dispose. A write with no subscriber pays one null check.
    /// If <paramref name="onChange"/> throws, the delivering write throws an <see cref="AggregateException"/>
    /// after every subscriber ran; that write has been published.</remarks>
    /// <param name="onChange">Receives each change.</param>
    /// <returns>A subscription; disposing it is idempotent.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="onChange"/> is null.</exception>
    public IDisposable Subscribe(Action<SnapshotChange<PersistentArray<T>>> onChange) => _root.SubscribeChecked(onChange);

    /// <summary>
    /// Calls <paramref name="onChange"/> with every change published after this call; what it throws goes to
    /// <paramref name="onError"/> instead of the delivering writer.
    /// </summary>
    /// <remarks>O(subscribers) to subscribe and to dispose.</remarks>
    /// <param name="onChange">Receives each change.</param>
    /// <param name="onError">Receives the exceptions of <paramref name="onChange"/>.</param>
    /// <returns>A subscription; disposing it is idempotent.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="onChange"/> or <paramref name="onError"/> is null.</exception>
    public IDisposable Subscribe(Action<SnapshotChange<PersistentArray<T>>> onChange, Action<Exception> onError) => _root.SubscribeChecked(onChange, onError);

    /// <summary>Delivers every change published after this call to <paramref name="observer"/>'s <c>OnNext</c> (never <c>OnError</c> or <c>OnCompleted</c>).</summary>
    /// <remarks>Same contract as <see cref="Subscribe(Action{SnapshotChange{PersistentArray{T}}})"/>.</remarks>
    /// <param name="observer">The observer.</param>
    /// <returns>A subscription; disposing it is idempotent.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="observer"/> is null.</exception>
    public IDisposable Subscribe(IObserver<SnapshotChange<PersistentArray<T>>> observer) => _root.SubscribeChecked(observer);

    /// <summary>The number of elements, fixed at construction. O(1).</summary>
    public int Length => _length;

    /// <summary>The comparer <see cref="CompareExchange(int, T, T)"/> uses. O(1).</summary>
    public IEqualityComparer<T> Comparer => _comparer;

    int ICollection<T>.Count => _length;

    int IReadOnlyCollection<T>.Count => _length;

    bool ICollection<T>.IsReadOnly => false;

    /// <summary>
    /// Reads or replaces the element at <paramref name="index"/>. A read is one volatile load plus an array
    /// read, no lock, no allocation; a set publishes a new version (one chunk copy plus the trie path).
    /// </summary>
    /// <param name="index">A zero-based index.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="index"/> is outside [0, Length).</exception>
    public T this[int index]
    {
        get => Snapshot[index];
        set
        {
            Requires.Index(index, _length);
            _root.Update((index, value), static (PersistentArray<T> a, (int Index, T Value) s, out bool unused) =>
            {
                unused = false;
                return a.SetItem(s.Index, s.Value);
            }, out _);
        }
    }

    /// <summary>
    /// Sets slot <paramref name="index"/> to <paramref name="value"/> if it holds a value equal (by
    /// <see cref="Comparer"/>) to <paramref name="comparand"/>, as one published change; returns the value
    /// the slot held, as <see cref="System.Threading.Interlocked.CompareExchange{T}(ref T, T, T)"/> does.
    /// O(chunk + log n) per attempt; publishes nothing (and allocates nothing) when the comparison fails.
    /// </summary>
    /// <param name="index">A zero-based index.</param>
    /// <param name="value">The value to store when the comparison succeeds.</param>
    /// <param name="comparand">The value the slot must hold.</param>
    /// <returns>The value in the slot just before the operation; equal to <paramref name="comparand"/> when the store happened.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="index"/> is outside [0, Length).</exception>
    public T CompareExchange(int index, T value, T comparand)
    {
        Requires.Index(index, _length);
        _root.Update((index, value, comparand, _comparer), static (PersistentArray<T> a, (int Index, T Value, T Comparand, IEqualityComparer<T> Comparer) s, out T seen) =>
        {
            seen = a[s.Index];
            return s.Comparer.Equals(seen, s.Comparand) ? a.SetItem(s.Index, s.Value) : a;
        }, out T original);
        return original;
    }

    /// <summary>Sets slot <paramref name="index"/> to <paramref name="value"/> as one published change and returns the value it held. O(chunk + log n) per attempt.</summary>
    /// <param name="index">A zero-based index.</param>
    /// <param name="value">The new value.</param>
    /// <returns>The value in the slot just before the operation.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="index"/> is outside [0, Length).</exception>
    public T Exchange(int index, T value)
    {
        Requires.Index(index, _length);
        _root.Update((index, value), static (PersistentArray<T> a, (int Index, T Value) s, out T seen) =>
        {
            seen = a[s.Index];
            return a.SetItem(s.Index, s.Value);
        }, out T original);
        return original;
    }

    /// <summary>
    /// Replaces several elements as one published change: readers see all of them or none. Later pairs win
    /// for a repeated index. O(m + k x chunk + log n) per attempt for m pairs touching k chunks.
    /// </summary>
    /// <param name="items">Index/value pairs.</param>
    /// <exception cref="ArgumentNullException"><paramref name="items"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An index is outside [0, Length); nothing is published.</exception>
    public void SetItems(IEnumerable<KeyValuePair<int, T>> items)
    {
        Requires.NotNull(items);
        var pairs = System.Linq.Enumerable.ToArray(items);
        foreach (var pair in pairs)
        {
            Requires.Index(pair.Key, _length, nameof(items));
        }

        if (pairs.Length == 0)
        {
            return;
        }

        Update(pairs, static (a, p) => a.SetItems(p.AsSpan()));
    }

    /// <summary>
    /// Publishes <paramref name="snapshot"/> as the next version, whatever the current one is, and returns the
    /// version it replaced: to swap in a version loaded or built elsewhere (a configuration read from disk, say)
    /// or to restore an old one. One atomic publication, delivered to subscribers as one change; none when
    /// <paramref name="snapshot"/> already is the current version. O(1) per attempt.
    /// </summary>
    /// <param name="snapshot">The version to publish, of the container's <see cref="Length"/> (the container's <see cref="Comparer"/> stays).</param>
    /// <returns>The version that was current just before.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="snapshot"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="snapshot"/> has another length; nothing is published.</exception>
    public PersistentArray<T> Exchange(PersistentArray<T> snapshot)
    {
        RequireLength(snapshot);
        return _root.Exchange(snapshot) is { } change ? change.Old.Value : snapshot;
    }

    /// <summary>
    /// Publishes <paramref name="snapshot"/> only if the current version is <paramref name="comparand"/> (the same
    /// instance), as <see cref="System.Threading.Interlocked.CompareExchange{T}(ref T, T, T)"/> does; returns the
    /// version that was current, which is <paramref name="comparand"/> exactly when <paramref name="snapshot"/> was
    /// published. Use it to publish a version computed from one you read only if nobody wrote in between.
    /// O(1) per attempt.
    /// </summary>
    /// <param name="snapshot">The version to publish.</param>
    /// <param name="comparand">The version that must be current (compared by reference).</param>
    /// <returns>The version that was current when the exchange was decided.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="snapshot"/> or <paramref name="comparand"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="snapshot"/> has another length; nothing is published.</exception>
    public PersistentArray<T> CompareExchange(PersistentArray<T> snapshot, PersistentArray<T> comparand)
    {
        RequireLength(snapshot);
        Requires.NotNull(comparand);
        return _root.CompareExchange(snapshot, comparand);
    }

    /// <summary>Checks that <paramref name="snapshot"/> is a version this container can hold: not null, of its length.</summary>
    private void RequireLength(PersistentArray<T> snapshot, [System.Runtime.CompilerServices.CallerArgumentExpression(nameof(snapshot))] string? paramName = null)
    {
        Requires.NotNull(snapshot, paramName);
        if (snapshot.Length != _length)
        {
            throw new ArgumentException($"A CopyOnWriteArray<T> has a fixed length of {_length}; the version given has {snapshot.Length} elements.", paramName);
        }
    }

    /// <summary>Sets every element to <paramref name="value"/> as one published change. O(n / chunk): full chunks share one filled chunk.</summary>
    /// <param name="value">The new value.</param>
    public void Fill(T value) => Update(value, static (a, v) => a.Fill(v));

    /// <summary>
    /// Replaces the current version with <c>transform(current)</c> atomically (compare-and-swap, retried on
    /// conflict, so <paramref name="transform"/> may run more than once and must be pure).
    /// </summary>
    /// <param name="transform">Computes the next version (of the same length); returning its argument publishes nothing.</param>
    /// <returns>True when a new version was published.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="transform"/> is null.</exception>
    /// <exception cref="InvalidOperationException"><paramref name="transform"/> returned null or an array of another length.</exception>
    public bool Update(Func<PersistentArray<T>, PersistentArray<T>> transform)
    {
        Requires.NotNull(transform);
        return Update(transform, static (a, f) => f(a));
    }

    /// <summary>
    /// Replaces the current version with <c>transform(current, argument)</c> atomically; pass state through
    /// <paramref name="argument"/> and a static lambda to avoid a closure allocation.
    /// </summary>
    /// <typeparam name="TArg">The type of the state passed to <paramref name="transform"/>.</typeparam>
    /// <param name="argument">State for <paramref name="transform"/>.</param>
    /// <param name="transform">Computes the next version (of the same length); may run more than once; must be pure.</param>
    /// <returns>True when a new version was published.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="transform"/> is null.</exception>
    /// <exception cref="InvalidOperationException"><paramref name="transform"/> returned null or an array of another length.</exception>
    public bool Update<TArg>(TArg argument, Func<PersistentArray<T>, TArg, PersistentArray<T>> transform)
    {
        Requires.NotNull(transform);
        return _root.Update((transform, argument, _length), static (PersistentArray<T> a, (Func<PersistentArray<T>, TArg, PersistentArray<T>> F, TArg Arg, int Length) s, out bool unused) =>
        {
            unused = false;
            var next = s.F(a, s.Arg) ?? throw new InvalidOperationException("The update function returned null.");
            if (next.Length != s.Length)
            {
                throw new InvalidOperationException($"A CopyOnWriteArray<T> has a fixed length of {s.Length}; the update function returned an array of {next.Length}.");
            }

            return next;
        }, out _) is not null;
    }

    /// <summary>Index of the first element equal to <paramref name="item"/> (by the default comparer) in the current version, or -1. O(n).</summary>
    /// <param name="item">The element.</param>
    public int IndexOf(T item) => Snapshot.IndexOf(item);

    /// <summary>True when the current version holds an element equal to <paramref name="item"/>. O(n).</summary>
    /// <param name="item">The element.</param>
    public bool Contains(T item) => Snapshot.Contains(item);

    /// <summary>Copies the current version to <paramref name="destination"/>. O(n), no allocation.</summary>
    /// <param name="destination">At least <see cref="Length"/> long.</param>
    /// <exception cref="ArgumentException"><paramref name="destination"/> is too short.</exception>
    public void CopyTo(Span<T> destination) => Snapshot.CopyTo(destination);

    /// <summary>Copies the current version to <paramref name="array"/> from <paramref name="arrayIndex"/>. O(n).</summary>
    /// <param name="array">The destination.</param>
    /// <param name="arrayIndex">Where to start writing.</param>
    /// <exception cref="ArgumentNullException"><paramref name="array"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="arrayIndex"/> is outside the array.</exception>
    /// <exception cref="ArgumentException">The array is too short.</exception>
    public void CopyTo(T[] array, int arrayIndex)
    {
        var snapshot = Snapshot;
        Requires.CopyTarget(array, arrayIndex, snapshot.Length);
        snapshot.CopyTo(array.AsSpan(arrayIndex));
    }

    /// <summary>A new <c>T[]</c> holding the current version. O(n).</summary>
    public T[] ToArray() => Snapshot.ToArray();

    /// <summary>Enumerates the version current at this call: never throws and never sees later writes. O(1), no allocation.</summary>
    public PersistentArray<T>.Enumerator GetEnumerator() => Snapshot.GetEnumerator();

    IEnumerator<T> IEnumerable<T>.GetEnumerator() => GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    void IList<T>.Insert(int index, T item) => throw FixedSize();

    void IList<T>.RemoveAt(int index) => throw FixedSize();

    void ICollection<T>.Add(T item) => throw FixedSize();

    void ICollection<T>.Clear() => throw FixedSize();

    bool ICollection<T>.Remove(T item) => throw FixedSize();

    private static NotSupportedException FixedSize() =>
        new("A CopyOnWriteArray<T> has a fixed length; set elements, or use a CopyOnWriteList<T> to add and remove.");
}
