using System;
using System.Collections;
using System.Collections.Generic;
using System.Diagnostics;
using CowCollections.Internal;
using CowCollections.Internal.Publication;

namespace CowCollections;

/// <summary>
/// A thread-safe set that publishes a new <see cref="PersistentHashSet{T}"/> on every change: Java's
/// <c>CopyOnWriteArraySet</c> pattern (many lock-free readers, rare writers) without <c>lock</c> and without
/// copying the whole set per write.
/// </summary>
/// <remarks>
/// <para>Readers take no lock: every read is one volatile load of the current version, then a lookup in that
/// immutable version. Each write is atomic and linearizable: it computes a new version from the current one and
/// publishes it with a compare-and-swap, retrying on conflict; <see cref="Version"/> grows by one per published
/// change, and a write that changes nothing publishes nothing. <see cref="UnionWith"/>, <see cref="ExceptWith"/>,
/// <see cref="IntersectWith"/> and <see cref="SymmetricExceptWith"/> publish their whole batch at once: no reader
/// ever sees half of it. Enumeration runs over the version current when it starts and never throws.</para>
/// <para>Two calls are not atomic together; <see cref="Update(Func{PersistentHashSet{T}, PersistentHashSet{T}})"/> is.
/// <b>Update functions may run more than once</b> under contention and must be pure; only the result of the
/// successful attempt is published.</para>
/// <para>The set can be watched: <see cref="Subscribe(Action{SnapshotChange{PersistentHashSet{T}}})"/> delivers every
/// published change (old version, new version, version number) after publication, in version order; see
/// <see cref="IWatchable{TSnapshot}"/>. The elements a change added and removed are
/// <see cref="SnapshotChangeExtensions.Diff{T}(SnapshotChange{PersistentHashSet{T}})"/>, computed only when asked and
/// proportional to what changed.</para>
/// <para>The comparisons (<see cref="SetEquals"/>, <see cref="IsSubsetOf"/> and the rest) read one version.</para>
/// </remarks>
/// <typeparam name="T">The element type.</typeparam>
[System.Runtime.CompilerServices.CollectionBuilder(typeof(CopyOnWriteSet), nameof(CopyOnWriteSet.Create))]
[DebuggerTypeProxy(typeof(SequenceDebugView<>))]
[DebuggerDisplay("Count = {Count}, Version = {Version}")]
[System.Text.Json.Serialization.JsonConverter(typeof(CowCollections.Serialization.CowJsonConverterFactory))]
public sealed class CopyOnWriteSet<T> : ISet<T>, IReadOnlySet<T>, IReadOnlyCollection<T>, IWatchable<PersistentHashSet<T>>
{
    private AtomicRoot<PersistentHashSet<T>> _root;

    /// <summary>An empty set with the default comparer. O(1).</summary>
    public CopyOnWriteSet()
        : this(PersistentHashSet<T>.Empty)
    {
    }

    /// <summary>An empty set using <paramref name="equalityComparer"/>. O(1).</summary>
    /// <param name="equalityComparer">The comparer; null for the default.</param>
    public CopyOnWriteSet(IEqualityComparer<T>? equalityComparer)
        : this(PersistentHashSet<T>.EmptyWith(equalityComparer))
    {
    }

    /// <summary>A set holding the distinct elements of <paramref name="items"/>. O(n log n).</summary>
    /// <param name="items">The initial elements.</param>
    /// <exception cref="ArgumentNullException"><paramref name="items"/> is null.</exception>
    /// <remarks>Another <see cref="CopyOnWriteSet{T}"/> is read once: the set starts with exactly the elements of one of its versions.</remarks>
    public CopyOnWriteSet(IEnumerable<T> items)
        : this(PersistentHashSet.CreateRange(Batch(items)))
    {
    }

    /// <summary>A set whose first version is <paramref name="initial"/> (shared, not copied). O(1).</summary>
    /// <param name="initial">The initial version.</param>
    /// <exception cref="ArgumentNullException"><paramref name="initial"/> is null.</exception>
    public CopyOnWriteSet(PersistentHashSet<T> initial)
    {
        Requires.NotNull(initial);
        _root = new AtomicRoot<PersistentHashSet<T>>(initial);
    }

    /// <summary>The current version, frozen: later writes never change it. O(1), one volatile read.</summary>
    public PersistentHashSet<T> Snapshot => _root.Value;

    /// <summary>How many changes have been published: grows by exactly one per published change. O(1).</summary>
    public long Version => _root.Current.Version;

    /// <summary>The number of elements in the current version. O(1).</summary>
    public int Count => Snapshot.Count;

    /// <summary>True when the current version is empty. O(1).</summary>
    public bool IsEmpty => Snapshot.IsEmpty;

    /// <summary>The comparer of the current version. O(1).</summary>
    public IEqualityComparer<T> KeyComparer => Snapshot.KeyComparer;

    bool ICollection<T>.IsReadOnly => false;

    int ICollection<T>.Count
    {
        get
        {
            var snapshot = Snapshot;
            CountedSnapshot<PersistentHashSet<T>>.Remember(this, snapshot, snapshot.Count);
            return snapshot.Count;
        }
    }

    /// <summary>
    /// Calls <paramref name="onChange"/> with every change published after this call, in version order, until the
    /// returned subscription is disposed. Delivery runs on a writer's thread after publication; see
    /// <see cref="IWatchable{TSnapshot}"/> for the full contract.
    /// </summary>
    /// <remarks>If <paramref name="onChange"/> throws, the delivering write throws an <see cref="AggregateException"/>
    /// after every subscriber ran; that write has been published.</remarks>
    /// <param name="onChange">Receives each change.</param>
    /// <returns>A subscription; disposing it is idempotent.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="onChange"/> is null.</exception>
    public IDisposable Subscribe(Action<SnapshotChange<PersistentHashSet<T>>> onChange) => _root.SubscribeChecked(onChange);

    /// <summary>Calls <paramref name="onChange"/> with every change published after this call; what it throws goes to <paramref name="onError"/> instead of the delivering writer.</summary>
    /// <param name="onChange">Receives each change.</param>
    /// <param name="onError">Receives the exceptions of <paramref name="onChange"/>.</param>
    /// <returns>A subscription; disposing it is idempotent.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="onChange"/> or <paramref name="onError"/> is null.</exception>
    public IDisposable Subscribe(Action<SnapshotChange<PersistentHashSet<T>>> onChange, Action<Exception> onError) => _root.SubscribeChecked(onChange, onError);

    /// <summary>Delivers every change published after this call to <paramref name="observer"/>'s <c>OnNext</c> (never <c>OnError</c> or <c>OnCompleted</c>).</summary>
    /// <param name="observer">The observer.</param>
    /// <returns>A subscription; disposing it is idempotent.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="observer"/> is null.</exception>
    public IDisposable Subscribe(IObserver<SnapshotChange<PersistentHashSet<T>>> observer) => _root.SubscribeChecked(observer);

    /// <summary>True when the current version holds <paramref name="item"/>. O(log32 n), lock-free.</summary>
    /// <param name="item">The element (may be null).</param>
    public bool Contains(T item) => Snapshot.Contains(item);

    /// <summary>The stored element equal to <paramref name="equalValue"/> in the current version. O(log32 n).</summary>
    /// <param name="equalValue">An element equal to the one sought.</param>
    /// <param name="actualValue">The stored element, or <paramref name="equalValue"/>.</param>
    /// <returns>True when an equal element is present.</returns>
    public bool TryGetValue(T equalValue, out T actualValue) => Snapshot.TryGetValue(equalValue, out actualValue);

    /// <summary>Adds <paramref name="item"/> atomically if no equal element is present (Java's <c>addIfAbsent</c>). O(log32 n).</summary>
    /// <param name="item">The element (may be null).</param>
    /// <returns>True when this call added it (and published a version).</returns>
    public bool Add(T item) =>
        _root.Update(item, static (PersistentHashSet<T> s, T x, out bool unused) =>
        {
            unused = false;
            return s.Add(x);
        }, out _) is not null;

    void ICollection<T>.Add(T item) => Add(item);

    /// <summary>Removes <paramref name="item"/> atomically. O(log32 n).</summary>
    /// <param name="item">The element (may be null).</param>
    /// <returns>True when this call removed it (and published a version).</returns>
    public bool Remove(T item) =>
        _root.Update(item, static (PersistentHashSet<T> s, T x, out bool unused) =>
        {
            unused = false;
            return s.Remove(x);
        }, out _) is not null;

    /// <summary>Adds every element of <paramref name="other"/> in one atomic publication (none when nothing is new). See <see cref="PersistentHashSet{T}.Union"/>.</summary>
    /// <param name="other">The elements to add; read once, before the first attempt.</param>
    /// <exception cref="ArgumentNullException"><paramref name="other"/> is null.</exception>
    public void UnionWith(IEnumerable<T> other) => Apply(other, static (s, b) => s.Union(b));

    /// <summary>Removes every element of <paramref name="other"/> in one atomic publication. See <see cref="PersistentHashSet{T}.Except"/>.</summary>
    /// <param name="other">The elements to remove; read once, before the first attempt.</param>
    /// <exception cref="ArgumentNullException"><paramref name="other"/> is null.</exception>
    public void ExceptWith(IEnumerable<T> other) => Apply(other, static (s, b) => s.Except(b));

    /// <summary>Keeps only the elements also in <paramref name="other"/>, in one atomic publication. See <see cref="PersistentHashSet{T}.Intersect"/>.</summary>
    /// <param name="other">The elements to keep; read once, before the first attempt.</param>
    /// <exception cref="ArgumentNullException"><paramref name="other"/> is null.</exception>
    /// <remarks>When every element is also in <paramref name="other"/>, nothing is published and the current version
    /// (with its stored objects) stays; <see cref="PersistentHashSet{T}.Intersect"/> would return an equal set built from
    /// <paramref name="other"/>'s objects.</remarks>
    public void IntersectWith(IEnumerable<T> other) => Apply(other, static (s, b) =>
    {
        // The intersection is a subset of s under s's comparer: the same count means the same elements.
        var kept = s.Intersect(b);
        return kept.Count == s.Count ? s : kept;
    });

    /// <summary>Keeps the elements in exactly one of this set and <paramref name="other"/>, in one atomic publication.</summary>
    /// <param name="other">The other elements; read once, before the first attempt.</param>
    /// <exception cref="ArgumentNullException"><paramref name="other"/> is null.</exception>
    public void SymmetricExceptWith(IEnumerable<T> other) => Apply(other, static (s, b) => s.SymmetricExcept(b));

    /// <summary>True when the current version and <paramref name="other"/> hold the same elements.</summary>
    /// <param name="other">The other elements.</param>
    /// <exception cref="ArgumentNullException"><paramref name="other"/> is null.</exception>
    public bool SetEquals(IEnumerable<T> other) => Snapshot.SetEquals(Read(other));

    /// <summary>True when every element of the current version is in <paramref name="other"/>.</summary>
    /// <param name="other">The other elements.</param>
    /// <exception cref="ArgumentNullException"><paramref name="other"/> is null.</exception>
    public bool IsSubsetOf(IEnumerable<T> other) => Snapshot.IsSubsetOf(Read(other));

    /// <summary>True when every element of the current version is in <paramref name="other"/>, which has more.</summary>
    /// <param name="other">The other elements.</param>
    /// <exception cref="ArgumentNullException"><paramref name="other"/> is null.</exception>
    public bool IsProperSubsetOf(IEnumerable<T> other) => Snapshot.IsProperSubsetOf(Read(other));

    /// <summary>True when every element of <paramref name="other"/> is in the current version.</summary>
    /// <param name="other">The other elements.</param>
    /// <exception cref="ArgumentNullException"><paramref name="other"/> is null.</exception>
    public bool IsSupersetOf(IEnumerable<T> other) => Snapshot.IsSupersetOf(Read(other));

    /// <summary>True when every element of <paramref name="other"/> is in the current version, which has more.</summary>
    /// <param name="other">The other elements.</param>
    /// <exception cref="ArgumentNullException"><paramref name="other"/> is null.</exception>
    public bool IsProperSupersetOf(IEnumerable<T> other) => Snapshot.IsProperSupersetOf(Read(other));

    /// <summary>True when the current version and <paramref name="other"/> share an element.</summary>
    /// <param name="other">The other elements.</param>
    /// <exception cref="ArgumentNullException"><paramref name="other"/> is null.</exception>
    public bool Overlaps(IEnumerable<T> other) => Snapshot.Overlaps(Read(other));

    /// <summary>Removes every element, publishing the empty set with the same comparer (nothing when already empty). O(1).</summary>
    public void Clear() => _root.Update(0, static (PersistentHashSet<T> s, int unusedArg, out bool unused) =>
    {
        unused = false;
        return s.Clear();
    }, out _);

    /// <summary>
    /// Publishes <paramref name="transform"/>'s result for the current version, atomically (compare-and-swap, retried
    /// on conflict; the function may run more than once and must be pure). Returning the version it was given
    /// publishes nothing.
    /// </summary>
    /// <param name="transform">Computes the next version.</param>
    /// <returns>True when a new version was published.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="transform"/> is null.</exception>
    /// <exception cref="InvalidOperationException"><paramref name="transform"/> returned null.</exception>
    public bool Update(Func<PersistentHashSet<T>, PersistentHashSet<T>> transform)
    {
        Requires.NotNull(transform);
        return Update(transform, static (s, f) => f(s));
    }

    /// <summary>As <see cref="Update(Func{PersistentHashSet{T}, PersistentHashSet{T}})"/>, passing <paramref name="argument"/> to a static function (no closure).</summary>
    /// <typeparam name="TArg">The argument type.</typeparam>
    /// <param name="argument">Passed to <paramref name="transform"/>.</param>
    /// <param name="transform">Computes the next version.</param>
    /// <returns>True when a new version was published.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="transform"/> is null.</exception>
    /// <exception cref="InvalidOperationException"><paramref name="transform"/> returned null.</exception>
    public bool Update<TArg>(TArg argument, Func<PersistentHashSet<T>, TArg, PersistentHashSet<T>> transform)
    {
        Requires.NotNull(transform);
        return _root.Update((transform, argument), static (PersistentHashSet<T> s, (Func<PersistentHashSet<T>, TArg, PersistentHashSet<T>> F, TArg A) a, out bool unused) =>
        {
            unused = false;
            return a.F(s, a.A) ?? throw new InvalidOperationException("The update function returned null.");
        }, out _) is not null;
    }

    /// <summary>Publishes <paramref name="snapshot"/> unconditionally and returns the version it replaced (or <paramref name="snapshot"/> itself when it was already current).</summary>
    /// <param name="snapshot">The new version.</param>
    /// <returns>The previous version.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="snapshot"/> is null.</exception>
    public PersistentHashSet<T> Exchange(PersistentHashSet<T> snapshot)
    {
        Requires.NotNull(snapshot);
        return _root.Exchange(snapshot) is { } change ? change.Old.Value : snapshot;
    }

    /// <summary>Publishes <paramref name="snapshot"/> only if the current version is <paramref name="comparand"/> (by reference); returns the version current before the call.</summary>
    /// <param name="snapshot">The new version.</param>
    /// <param name="comparand">The version expected to be current.</param>
    /// <returns>The version that was current: <paramref name="comparand"/> when the exchange happened.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="snapshot"/> or <paramref name="comparand"/> is null.</exception>
    public PersistentHashSet<T> CompareExchange(PersistentHashSet<T> snapshot, PersistentHashSet<T> comparand)
    {
        Requires.NotNull(snapshot);
        Requires.NotNull(comparand);
        return _root.CompareExchange(snapshot, comparand);
    }

    /// <summary>Enumerates the version current when called; never throws on concurrent writes. No allocation.</summary>
    public PersistentHashSet<T>.Enumerator GetEnumerator() => Snapshot.GetEnumerator();

    IEnumerator<T> IEnumerable<T>.GetEnumerator()
    {
        // A count read for presizing was followed by an enumeration, not a copy.
        CountedSnapshot<PersistentHashSet<T>>.Forget(this);
        return GetEnumerator();
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>
    /// Copies the current version to <paramref name="array"/> from <paramref name="arrayIndex"/>. After a nonzero
    /// <c>ICollection&lt;T&gt;.Count</c> read on the same thread (how <c>new List&lt;T&gt;(set)</c> and LINQ size a copy) whose
    /// version has since been replaced by one of another count, it copies the version that count was read from, so
    /// such a copy is one whole version. A zero count is not remembered (those copies skip <c>CopyTo</c>): an array
    /// sized by a zero count and then filled by <c>CopyTo</c> while a writer adds can be too short.
    /// </summary>
    /// <param name="array">The destination.</param>
    /// <param name="arrayIndex">Where to start writing.</param>
    /// <exception cref="ArgumentNullException"><paramref name="array"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="arrayIndex"/> is outside the array.</exception>
    /// <exception cref="ArgumentException">The array is too short.</exception>
    public void CopyTo(T[] array, int arrayIndex)
    {
        var snapshot = Snapshot;
        var counted = CountedSnapshot<PersistentHashSet<T>>.Take(this);
        if (counted is not null && counted.Count != snapshot.Count)
        {
            snapshot = counted;
        }

        snapshot.CopyTo(array, arrayIndex);
    }

    private void Apply(IEnumerable<T> other, Func<PersistentHashSet<T>, IEnumerable<T>, PersistentHashSet<T>> operation)
    {
        var batch = Batch(other);
        _root.Update((batch, operation), static (PersistentHashSet<T> s, (IEnumerable<T> Batch, Func<PersistentHashSet<T>, IEnumerable<T>, PersistentHashSet<T>> Op) a, out bool unused) =>
        {
            unused = false;
            return a.Op(s, a.Batch);
        }, out _);
    }

    /// <summary>A sequence read once, before any attempt: a persistent set as it is (it never changes), another container as one of its versions, anything else copied.</summary>
    private static IEnumerable<T> Batch(IEnumerable<T> other, [System.Runtime.CompilerServices.CallerArgumentExpression(nameof(other))] string? paramName = null)
    {
        Requires.NotNull(other, paramName);
        return other switch
        {
            PersistentHashSet<T> set => set,
            CopyOnWriteSet<T> container => container.Snapshot,
            _ => System.Linq.Enumerable.ToArray(other),
        };
    }

    private static IEnumerable<T> Read(IEnumerable<T> other, [System.Runtime.CompilerServices.CallerArgumentExpression(nameof(other))] string? paramName = null)
    {
        Requires.NotNull(other, paramName);
        return other is CopyOnWriteSet<T> container ? container.Snapshot : other;
    }
}
