using System;
using System.Collections;
using System.Collections.Generic;
using System.Diagnostics;
using CowCollections.Internal;
using CowCollections.Internal.Publication;

namespace CowCollections;

/// <summary>
/// A thread-safe list that publishes a new <see cref="PersistentList{T}"/> on every change: the drop-in
/// replacement for the CopyOnWriteArrayList pattern (<c>lock { copy; publish }</c> or
/// <c>ImmutableInterlocked.Update</c>), with O(log n) writes instead of O(n).
/// </summary>
/// <remarks>
/// <para>Readers take no lock: every read is one volatile load of the current version and then a read of
/// that immutable version. Each write is atomic and linearizable: it computes a new version from the current
/// one and publishes it with a compare-and-swap, retrying on conflict, and <see cref="Version"/> grows by one
/// per published change. Enumeration runs over the version current when it starts (a frozen snapshot):
/// it never throws and never sees later writes.</para>
/// <para>Two calls are not atomic together (check-then-act): use <see cref="Update(Func{PersistentList{T}, PersistentList{T}})"/>,
/// <see cref="AddIfAbsent"/> or <see cref="AddRangeIfAbsent"/> for that. Functions passed to
/// <c>Update</c> may run more than once under contention and must be pure.</para>
/// <para>The list can be watched: <see cref="Subscribe(Action{SnapshotChange{PersistentList{T}}})"/> delivers
/// every published change (old version, new version, version number) after publication, in version order;
/// see <see cref="IWatchable{TSnapshot}"/> for threads, ordering and exceptions.</para>
/// <para><b>Bulk copies.</b> Every copy made through the interfaces while other threads write equals one
/// published version exactly (no exception, no padding, no element of another version): LINQ
/// <c>ToArray</c>/<c>ToList</c>, <c>new List&lt;T&gt;(list)</c>, <c>List&lt;T&gt;.AddRange(list)</c>
/// (<c>ICollection&lt;T&gt;.Count</c> then <c>CopyTo</c>, paired per thread: see <see cref="CopyTo(T[], int)"/>),
/// and this library's constructors and <c>AddRange</c> taking a container (which read its
/// <c>Snapshot</c> once). LINQ operators that read <c>list[i]</c> below a count they read first
/// (<c>Select(...).ToArray()</c>, <c>Last()</c>, <c>ElementAt</c>) make separate reads: run them over one
/// <see cref="Snapshot"/>.</para>
/// </remarks>
/// <typeparam name="T">The element type.</typeparam>
[DebuggerTypeProxy(typeof(CowCollections.Internal.SequenceDebugView<>))]
[DebuggerDisplay("Count = {Count}, Version = {Version}")]
[System.Text.Json.Serialization.JsonConverter(typeof(CowCollections.Serialization.CowJsonConverterFactory))]
public sealed class CopyOnWriteList<T> : IList<T>, IReadOnlyList<T>, IWatchable<PersistentList<T>>
{
    private AtomicRoot<PersistentList<T>> _root;

    /// <summary>An empty list.</summary>
    public CopyOnWriteList()
        : this(PersistentList<T>.Empty)
    {
    }

    /// <summary>A list holding the elements of <paramref name="items"/>.</summary>
    /// <param name="items">The initial elements.</param>
    /// <exception cref="ArgumentNullException"><paramref name="items"/> is null.</exception>
    /// <remarks>Another copy-on-write container is read once: the list starts at one of its versions, exactly.</remarks>
    public CopyOnWriteList(IEnumerable<T> items)
        : this(OneVersionOf(items))
    {
    }

    /// <summary>A list whose first version is <paramref name="initial"/> (shared, not copied). O(1).</summary>
    /// <param name="initial">The initial version.</param>
    /// <exception cref="ArgumentNullException"><paramref name="initial"/> is null.</exception>
    public CopyOnWriteList(PersistentList<T> initial)
    {
        Requires.NotNull(initial);
        _root = new AtomicRoot<PersistentList<T>>(initial);
    }

    /// <summary>The current version, frozen: later writes never change it. O(1), one volatile read.</summary>
    public PersistentList<T> Snapshot => _root.Value;

    /// <summary>How many changes have been published: grows by exactly one per published change. O(1).</summary>
    public long Version => _root.Current.Version;

    /// <summary>The number of elements in the current version. O(1).</summary>
    /// <remarks>To copy what you counted, take one <see cref="Snapshot"/> and use its <c>Count</c> and <c>CopyTo</c>;
    /// through <see cref="ICollection{T}"/> the pairing is kept for you (see <see cref="CopyTo(T[], int)"/>).</remarks>
    public int Count => Snapshot.Count;

    /// <summary>The count of the current version, remembered (on this thread) for the <c>CopyTo</c> that presizes from it.</summary>
    int ICollection<T>.Count
    {
        get
        {
            var snapshot = Snapshot;
            CountedSnapshot<PersistentList<T>>.Remember(this, snapshot, snapshot.Count);
            return snapshot.Count;
        }
    }

    bool ICollection<T>.IsReadOnly => false;

    /// <summary>Reads or replaces the element at <paramref name="index"/>. Read O(log32 n) without a lock; a set publishes a new version.</summary>
    /// <param name="index">A zero-based index into the current version.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="index"/> is outside the current version.</exception>
    public T this[int index]
    {
        get => Snapshot[index];
        set => Update((index, value), static (list, arg) => list.SetItem(arg.index, arg.value));
    }

    /// <summary>The interface indexer: an index read also ends the pairing of a preceding interface count with a copy (see <see cref="CopyTo(T[], int)"/>).</summary>
    T IList<T>.this[int index]
    {
        get
        {
            CountedSnapshot<PersistentList<T>>.Forget(this);
            return Snapshot[index];
        }

        set => this[index] = value;
    }

    /// <summary>
    /// Publishes <paramref name="snapshot"/> as the next version, whatever the current one is, and returns the
    /// version it replaced: to swap in a version loaded or built elsewhere (a configuration read from disk, say)
    /// or to restore an old one. One atomic publication, delivered to subscribers as one change; none when
    /// <paramref name="snapshot"/> already is the current version. O(1) per attempt.
    /// </summary>
    /// <param name="snapshot">The version to publish (any list).</param>
    /// <returns>The version that was current just before.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="snapshot"/> is null.</exception>
    public PersistentList<T> Exchange(PersistentList<T> snapshot)
    {
        Requires.NotNull(snapshot);
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
    public PersistentList<T> CompareExchange(PersistentList<T> snapshot, PersistentList<T> comparand)
    {
        Requires.NotNull(snapshot);
        Requires.NotNull(comparand);
        return _root.CompareExchange(snapshot, comparand);
    }

    /// <summary>Appends <paramref name="item"/> atomically. Amortized O(1) per attempt.</summary>
    /// <param name="item">The element.</param>
    public void Add(T item) => Update(item, static (list, x) => list.Add(x));

    /// <summary>Appends <paramref name="items"/> atomically, as one published change. O(m + log n).</summary>
    /// <remarks>Another copy-on-write container is read once: exactly one of its versions is appended (a
    /// <see cref="CopyOnWriteList{T}"/> in O(log n), sharing its structure).</remarks>
    /// <param name="items">The elements.</param>
    /// <exception cref="ArgumentNullException"><paramref name="items"/> is null.</exception>
    public void AddRange(IEnumerable<T> items)
    {
        Requires.NotNull(items);
        var batch = OneVersionOf(items);
        Update(batch, static (list, b) => list.AddRange(b));
    }

    /// <summary>Inserts <paramref name="item"/> before <paramref name="index"/> atomically. O(log n).</summary>
    /// <param name="index">The insertion point in the current version.</param>
    /// <param name="item">The element.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="index"/> is outside [0, Count] of the current version.</exception>
    public void Insert(int index, T item) => Update((index, item), static (list, arg) => list.Insert(arg.index, arg.item));

    /// <summary>Removes the element at <paramref name="index"/> atomically. O(log n).</summary>
    /// <param name="index">A zero-based index into the current version.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="index"/> is outside the current version.</exception>
    public void RemoveAt(int index) => Update(index, static (list, i) => list.RemoveAt(i));

    /// <summary>Removes the first element equal to <paramref name="item"/> atomically. O(n).</summary>
    /// <param name="item">The element.</param>
    /// <returns>True when an element was removed.</returns>
    public bool Remove(T item) => Update(item, static (list, x) => list.Remove(x));

    /// <summary>Removes every element matching <paramref name="match"/> as one published change. O(n); <paramref name="match"/> may run more than once per element under contention.</summary>
    /// <param name="match">The predicate; must be pure.</param>
    /// <returns>How many elements the published change removed.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="match"/> is null.</exception>
    public int RemoveAll(Predicate<T> match)
    {
        Requires.NotNull(match);
        _root.Update(match, static (PersistentList<T> list, Predicate<T> m, out int removed) =>
        {
            var next = list.RemoveAll(m);
            removed = list.Count - next.Count;
            return next;
        }, out int removedCount);
        return removedCount;
    }

    /// <summary>Removes every element atomically. O(1).</summary>
    public void Clear() => _root.Exchange(PersistentList<T>.Empty);

    /// <summary>Appends <paramref name="item"/> unless an equal element is present, atomically. O(n).</summary>
    /// <param name="item">The element.</param>
    /// <returns>True when the element was added.</returns>
    public bool AddIfAbsent(T item) => Update(item, static (list, x) => list.Contains(x) ? list : list.Add(x));

    /// <summary>
    /// Appends, as one published change, every element of <paramref name="items"/> that is not present yet
    /// (and not repeated earlier in <paramref name="items"/>). O(n x m).
    /// </summary>
    /// <param name="items">The candidates.</param>
    /// <returns>How many elements were added.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="items"/> is null.</exception>
    public int AddRangeIfAbsent(IEnumerable<T> items)
    {
        Requires.NotNull(items);
        var candidates = System.Linq.Enumerable.ToArray(items);
        _root.Update(candidates, static (PersistentList<T> list, T[] c, out int added) =>
        {
            var builder = list.ToBuilder();
            added = 0;
            foreach (var item in c)
            {
                if (!builder.Contains(item))
                {
                    builder.Add(item);
                    added++;
                }
            }

            return added == 0 ? list : builder.ToImmutable();
        }, out int addedCount);
        return addedCount;
    }

    /// <summary>
    /// Replaces the current version with <c>transform(current)</c> atomically (compare-and-swap, retried on
    /// conflict, so <paramref name="transform"/> may run more than once and must be pure).
    /// </summary>
    /// <param name="transform">Computes the next version; returning its argument publishes nothing.</param>
    /// <returns>True when a new version was published.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="transform"/> is null.</exception>
    public bool Update(Func<PersistentList<T>, PersistentList<T>> transform)
    {
        Requires.NotNull(transform);
        return Update(transform, static (list, f) => f(list));
    }

    /// <summary>
    /// Replaces the current version with <c>transform(current, argument)</c> atomically; pass state through
    /// <paramref name="argument"/> and a static lambda to avoid a closure allocation.
    /// </summary>
    /// <typeparam name="TArg">The type of the state passed to <paramref name="transform"/>.</typeparam>
    /// <param name="argument">State for <paramref name="transform"/>.</param>
    /// <param name="transform">Computes the next version; may run more than once; must be pure and return non-null.</param>
    /// <returns>True when a new version was published.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="transform"/> is null.</exception>
    /// <exception cref="InvalidOperationException"><paramref name="transform"/> returned null.</exception>
    public bool Update<TArg>(TArg argument, Func<PersistentList<T>, TArg, PersistentList<T>> transform)
    {
        Requires.NotNull(transform);
        return _root.Update((transform, argument), static (PersistentList<T> list, (Func<PersistentList<T>, TArg, PersistentList<T>> f, TArg a) s, out bool unused) =>
        {
            unused = false;
            return s.f(list, s.a) ?? throw new InvalidOperationException("The update function returned null.");
        }, out _) is not null;
    }

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
    public IDisposable Subscribe(Action<SnapshotChange<PersistentList<T>>> onChange)
    {
        return _root.SubscribeChecked(onChange);
    }

    /// <summary>
    /// Calls <paramref name="onChange"/> with every change published after this call; what it throws goes to
    /// <paramref name="onError"/> instead of the delivering writer.
    /// </summary>
    /// <remarks>O(subscribers) to subscribe and to dispose.</remarks>
    /// <param name="onChange">Receives each change.</param>
    /// <param name="onError">Receives the exceptions of <paramref name="onChange"/>.</param>
    /// <returns>A subscription; disposing it is idempotent.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="onChange"/> or <paramref name="onError"/> is null.</exception>
    public IDisposable Subscribe(Action<SnapshotChange<PersistentList<T>>> onChange, Action<Exception> onError)
    {
        return _root.SubscribeChecked(onChange, onError);
    }

    /// <summary>Delivers every change published after this call to <paramref name="observer"/>'s <c>OnNext</c> (never <c>OnError</c> or <c>OnCompleted</c>).</summary>
    /// <remarks>Same contract as <see cref="Subscribe(Action{SnapshotChange{PersistentList{T}}})"/>.</remarks>
    /// <param name="observer">The observer.</param>
    /// <returns>A subscription; disposing it is idempotent.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="observer"/> is null.</exception>
    public IDisposable Subscribe(IObserver<SnapshotChange<PersistentList<T>>> observer)
    {
        return _root.SubscribeChecked(observer);
    }

    /// <summary>Index of the first element equal to <paramref name="item"/> in the current version, or -1. O(n).</summary>
    /// <param name="item">The element.</param>
    public int IndexOf(T item) => Snapshot.IndexOf(item);

    /// <summary>True when the current version holds an element equal to <paramref name="item"/>. O(n).</summary>
    /// <param name="item">The element.</param>
    public bool Contains(T item) => Snapshot.Contains(item);

    /// <summary>Copies one version, whole, to <paramref name="array"/> from <paramref name="arrayIndex"/>. O(n).</summary>
    /// <remarks>
    /// <para>A copy always equals one published version exactly: never a mix of two, never padded. It is the
    /// current version, except when this thread's last use of the list through the interfaces was a read of
    /// <see cref="ICollection{T}.Count"/> (no copy, interface enumeration or interface index read since) and
    /// the count changed since: then it is the version that count was read from. So callers that presize from
    /// <c>ICollection&lt;T&gt;.Count</c> and then call <c>CopyTo</c> (LINQ <c>ToArray</c>/<c>ToList</c>,
    /// <c>new List&lt;T&gt;(list)</c>, <c>List&lt;T&gt;.AddRange</c>) get exactly the elements they made room
    /// for while other threads write; the pair is one read, linearized at the count. A remembered version
    /// serves one copy, and the thread keeps it alive until then (or its next interface count, enumeration
    /// or index read). The public <see cref="Count"/> remembers nothing: to size a buffer yourself, take one
    /// <see cref="Snapshot"/> and use its <c>Count</c> and <c>CopyTo</c>.</para>
    /// <para>Index-based reads through <see cref="IList{T}"/> (LINQ operators that read <c>list[i]</c> for
    /// i below a count read first) are separate reads of the current version; run them over one
    /// <see cref="Snapshot"/>.</para>
    /// </remarks>
    /// <param name="array">The destination.</param>
    /// <param name="arrayIndex">Where to start writing.</param>
    /// <exception cref="ArgumentNullException"><paramref name="array"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="arrayIndex"/> is outside the array.</exception>
    /// <exception cref="ArgumentException">The array is too short for the version copied.</exception>
    public void CopyTo(T[] array, int arrayIndex)
    {
        var snapshot = Snapshot;
        var counted = CountedSnapshot<PersistentList<T>>.Take(this);
        if (counted is not null && counted.Count != snapshot.Count)
        {
            snapshot = counted;
        }

        Requires.CopyTarget(array, arrayIndex, snapshot.Count);

        snapshot.CopyTo(array.AsSpan(arrayIndex));
    }

    /// <summary>Enumerates the version current at this call: never throws and never sees later writes. O(1), no allocation.</summary>
    public PersistentList<T>.Enumerator GetEnumerator() => Snapshot.GetEnumerator();

    IEnumerator<T> IEnumerable<T>.GetEnumerator()
    {
        // A count read for presizing was followed by an enumeration, not a copy.
        CountedSnapshot<PersistentList<T>>.Forget(this);
        return GetEnumerator();
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>The elements of <paramref name="items"/>, as one version when it is a container (read once, shared, not copied).</summary>
    private static PersistentList<T> OneVersionOf(IEnumerable<T> items) => items switch
    {
        PersistentList<T> list => list,
        CopyOnWriteList<T> container => container.Snapshot,
        CopyOnWriteArray<T> array => PersistentList<T>.Empty.AddRange(array.Snapshot),
        _ => PersistentList<T>.Empty.AddRange(items),
    };
}
