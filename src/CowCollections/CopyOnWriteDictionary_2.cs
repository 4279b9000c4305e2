using System;
using System.Collections;
using System.Collections.Generic;
using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;
using CowCollections.Internal;
using CowCollections.Internal.Publication;

namespace CowCollections;

/// <summary>
/// A thread-safe dictionary that publishes a new <see cref="PersistentDictionary{TKey, TValue}"/> on every
/// change: the configuration-snapshot pattern (many lock-free readers, rare writers that publish many keys
/// at once) without <c>lock</c> and without copying the whole map per write.
/// </summary>
/// <remarks>
/// <para>Readers take no lock: every read is one volatile load of the current version, then a lookup in that
/// immutable version. Each write is atomic and linearizable: it computes a new version from the current one
/// and publishes it with a compare-and-swap, retrying on conflict; <see cref="Version"/> grows by one per
/// published change. <see cref="SetItems"/> and <see cref="RemoveRange"/> publish a whole batch at once:
/// no reader ever sees half of it. Enumeration runs over the version current when it starts.</para>
/// <para>Two calls are not atomic together; the <c>TryAdd</c>/<c>TryRemove</c>/<c>TryUpdate</c>/<c>GetOrAdd</c>/<c>AddOrUpdate</c>
/// family and <c>Update</c> are. <b>Factories and update functions may run more than once</b> under
/// contention (each retry runs them again on the newer version) and must be pure; only the result of
/// the successful attempt is published and returned.</para>
/// <para>The dictionary can be watched: <see cref="Subscribe(Action{SnapshotChange{PersistentDictionary{TKey, TValue}}})"/>
/// delivers every published change (old version, new version, version number) after publication, in version
/// order; see <see cref="IWatchable{TSnapshot}"/> for threads, ordering and exceptions. The entries a change
/// touched are <see cref="SnapshotChangeExtensions.Diff{TKey, TValue}(SnapshotChange{PersistentDictionary{TKey, TValue}})"/>,
/// computed only when asked and proportional to what changed.</para>
/// <para><b>Bulk copies.</b> Every copy made through the interfaces while other threads write equals one
/// published version exactly (no exception, no <c>default(KeyValuePair)</c> padding): LINQ
/// <c>ToArray</c>/<c>ToList</c> and <c>new List&lt;KeyValuePair&lt;TKey, TValue&gt;&gt;(dictionary)</c>
/// (<c>ICollection&lt;KeyValuePair&lt;TKey, TValue&gt;&gt;.Count</c> then <c>CopyTo</c>, paired per thread as
/// <see cref="CopyOnWriteList{T}.CopyTo(T[], int)"/> describes), <c>ToDictionary</c> and
/// <c>new Dictionary&lt;TKey, TValue&gt;(dictionary)</c> (one enumeration), and this type's constructor and
/// <see cref="SetItems"/> taking another <see cref="CopyOnWriteDictionary{TKey, TValue}"/> (its
/// <c>Snapshot</c>, read once).</para>
/// </remarks>
/// <typeparam name="TKey">The key type; keys are never null.</typeparam>
/// <typeparam name="TValue">The value type.</typeparam>
[System.Runtime.CompilerServices.CollectionBuilder(typeof(CopyOnWriteDictionary), nameof(CopyOnWriteDictionary.Create))]
[DebuggerTypeProxy(typeof(CowCollections.Internal.DictionaryDebugView<,>))]
[DebuggerDisplay("Count = {Count}, Version = {Version}")]
[System.Text.Json.Serialization.JsonConverter(typeof(CowCollections.Serialization.CowJsonConverterFactory))]
public sealed class CopyOnWriteDictionary<TKey, TValue> : IDictionary<TKey, TValue>, IReadOnlyDictionary<TKey, TValue>, IWatchable<PersistentDictionary<TKey, TValue>>
    where TKey : notnull
{
    private AtomicRoot<PersistentDictionary<TKey, TValue>> _root;

    /// <summary>An empty dictionary with the default comparers. O(1).</summary>
    public CopyOnWriteDictionary()
        : this(PersistentDictionary<TKey, TValue>.Empty)
    {
    }

    /// <summary>An empty dictionary using <paramref name="keyComparer"/>. O(1).</summary>
    /// <param name="keyComparer">The key comparer; null for the default.</param>
    public CopyOnWriteDictionary(IEqualityComparer<TKey>? keyComparer)
        : this(PersistentDictionary<TKey, TValue>.EmptyWith(keyComparer, null))
    {
    }

    /// <summary>A dictionary holding <paramref name="items"/> (a later duplicate key wins). O(n).</summary>
    /// <param name="items">The initial entries.</param>
    /// <exception cref="ArgumentNullException"><paramref name="items"/> or a key is null.</exception>
    /// <remarks>Another <see cref="CopyOnWriteDictionary{TKey, TValue}"/> is read once: the dictionary starts with exactly the entries of one of its versions.</remarks>
    public CopyOnWriteDictionary(IEnumerable<KeyValuePair<TKey, TValue>> items)
        : this(PersistentDictionary<TKey, TValue>.Empty.SetItems(items is CopyOnWriteDictionary<TKey, TValue> container ? container.Snapshot : items))
    {
    }

    /// <summary>A dictionary whose first version is <paramref name="initial"/> (shared, not copied). O(1).</summary>
    /// <param name="initial">The initial version.</param>
    /// <exception cref="ArgumentNullException"><paramref name="initial"/> is null.</exception>
    public CopyOnWriteDictionary(PersistentDictionary<TKey, TValue> initial)
    {
        Requires.NotNull(initial);
        _root = new AtomicRoot<PersistentDictionary<TKey, TValue>>(initial);
    }

    /// <summary>The current version, frozen: later writes never change it. O(1), one volatile read.</summary>
    public PersistentDictionary<TKey, TValue> Snapshot => _root.Value;

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
    public IDisposable Subscribe(Action<SnapshotChange<PersistentDictionary<TKey, TValue>>> onChange) => _root.SubscribeChecked(onChange);

    /// <summary>
    /// Calls <paramref name="onChange"/> with every change published after this call; what it throws goes to
    /// <paramref name="onError"/> instead of the delivering writer.
    /// </summary>
    /// <remarks>O(subscribers) to subscribe and to dispose.</remarks>
    /// <param name="onChange">Receives each change.</param>
    /// <param name="onError">Receives the exceptions of <paramref name="onChange"/>.</param>
    /// <returns>A subscription; disposing it is idempotent.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="onChange"/> or <paramref name="onError"/> is null.</exception>
    public IDisposable Subscribe(Action<SnapshotChange<PersistentDictionary<TKey, TValue>>> onChange, Action<Exception> onError) => _root.SubscribeChecked(onChange, onError);

    /// <summary>Delivers every change published after this call to <paramref name="observer"/>'s <c>OnNext</c> (never <c>OnError</c> or <c>OnCompleted</c>).</summary>
    /// <remarks>Same contract as <see cref="Subscribe(Action{SnapshotChange{PersistentDictionary{TKey, TValue}}})"/>.</remarks>
    /// <param name="observer">The observer.</param>
    /// <returns>A subscription; disposing it is idempotent.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="observer"/> is null.</exception>
    public IDisposable Subscribe(IObserver<SnapshotChange<PersistentDictionary<TKey, TValue>>> observer) => _root.SubscribeChecked(observer);

    /// <summary>The number of entries in the current version. O(1).</summary>
    public int Count => Snapshot.Count;

    /// <summary>True when the current version is empty. O(1).</summary>
    public bool IsEmpty => Snapshot.IsEmpty;

    /// <summary>The keys of the current version: a view of that one snapshot, O(1) to get; <c>foreach</c> over it allocates nothing.</summary>
    public PersistentDictionary<TKey, TValue>.KeyCollection Keys => Snapshot.Keys;

    /// <summary>The values of the current version: a view of that one snapshot, O(1) to get; <c>foreach</c> over it allocates nothing.</summary>
    public PersistentDictionary<TKey, TValue>.ValueCollection Values => Snapshot.Values;

    IEnumerable<TKey> IReadOnlyDictionary<TKey, TValue>.Keys => ((IReadOnlyDictionary<TKey, TValue>)Snapshot).Keys;

    IEnumerable<TValue> IReadOnlyDictionary<TKey, TValue>.Values => ((IReadOnlyDictionary<TKey, TValue>)Snapshot).Values;

    /// <summary>A read-only view of the current version's keys (a snapshot): O(1); every mutation throws <see cref="NotSupportedException"/>.</summary>
    ICollection<TKey> IDictionary<TKey, TValue>.Keys => ((IDictionary<TKey, TValue>)Snapshot).Keys;

    /// <summary>A read-only view of the current version's values (a snapshot): O(1); every mutation throws <see cref="NotSupportedException"/>.</summary>
    ICollection<TValue> IDictionary<TKey, TValue>.Values => ((IDictionary<TKey, TValue>)Snapshot).Values;

    bool ICollection<KeyValuePair<TKey, TValue>>.IsReadOnly => false;

    /// <summary>The count of the current version, remembered (on this thread) for the <c>CopyTo</c> that presizes from it.</summary>
    int ICollection<KeyValuePair<TKey, TValue>>.Count
    {
        get
        {
            var snapshot = Snapshot;
            CountedSnapshot<PersistentDictionary<TKey, TValue>>.Remember(this, snapshot, snapshot.Count);
            return snapshot.Count;
        }
    }

    /// <summary>Gets the value of <paramref name="key"/> (O(log32 n), no lock) or sets it atomically (adds or replaces).</summary>
    /// <remarks>Set: see <see cref="SetItem"/> for which key object is stored.</remarks>
    /// <param name="key">The key.</param>
    /// <exception cref="ArgumentNullException"><paramref name="key"/> is null.</exception>
    /// <exception cref="KeyNotFoundException">Get: the key is absent; the message names it.</exception>
    public TValue this[TKey key]
    {
        get => Snapshot[key];
        set => SetItem(key, value);
    }

    /// <summary>Looks up <paramref name="key"/> in the current version. O(log32 n), no lock, no allocation.</summary>
    /// <param name="key">The key.</param>
    /// <param name="value">The value, or default.</param>
    /// <returns>True when present.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="key"/> is null.</exception>
    public bool TryGetValue(TKey key, [MaybeNullWhen(false)] out TValue value) => Snapshot.TryGetValue(key, out value);

    /// <summary>True when the current version holds <paramref name="key"/>. O(log32 n), no lock.</summary>
    /// <param name="key">The key.</param>
    /// <exception cref="ArgumentNullException"><paramref name="key"/> is null.</exception>
    public bool ContainsKey(TKey key) => Snapshot.ContainsKey(key);

    /// <summary>Sets <paramref name="key"/> to <paramref name="value"/> atomically (adds or replaces). O(log32 n) per attempt.</summary>
    /// <remarks>A present key equal by the key comparer but a different object is replaced by <paramref name="key"/> when the value changes, and kept when the value is equal (as ImmutableDictionary's SetItem).</remarks>
    /// <param name="key">The key.</param>
    /// <param name="value">The value.</param>
    /// <exception cref="ArgumentNullException"><paramref name="key"/> is null.</exception>
    public void SetItem(TKey key, TValue value)
    {
        Requires.NotNull(key);
        _root.Update((key, value), static (PersistentDictionary<TKey, TValue> d, (TKey Key, TValue Value) a, out bool unused) =>
        {
            unused = false;
            return d.SetItem(a.Key, a.Value);
        }, out _);
    }

    /// <summary>Sets every entry of <paramref name="items"/> as one published change (readers see all or none of it). O(m log32 n) per attempt.</summary>
    /// <param name="items">The entries (a later duplicate key wins); enumerated once, before publishing.</param>
    /// <exception cref="ArgumentNullException"><paramref name="items"/> or a key is null.</exception>
    public void SetItems(IEnumerable<KeyValuePair<TKey, TValue>> items)
    {
        Requires.NotNull(items);
        var batch = Materialize(items);
        _root.Update(batch, static (PersistentDictionary<TKey, TValue> d, KeyValuePair<TKey, TValue>[] b, out bool unused) =>
        {
            unused = false;
            return d.SetItems(b);
        }, out _);
    }

    /// <summary>Removes every key of <paramref name="keys"/> as one published change. O(m log32 n) per attempt.</summary>
    /// <param name="keys">The keys; enumerated once, before publishing.</param>
    /// <returns>How many entries the published change removed.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="keys"/> or a key is null.</exception>
    public int RemoveRange(IEnumerable<TKey> keys)
    {
        Requires.NotNull(keys);
        var batch = System.Linq.Enumerable.ToArray(keys);
        foreach (var key in batch)
        {
            Requires.NotNull(key, nameof(keys));
        }

        _root.Update(batch, static (PersistentDictionary<TKey, TValue> d, TKey[] b, out int removed) =>
        {
            var next = d.RemoveRange(b);
            removed = d.Count - next.Count;
            return next;
        }, out int removedCount);
        return removedCount;
    }

    /// <summary>Adds <paramref name="key"/> unless present, atomically. O(log32 n) per attempt.</summary>
    /// <param name="key">The key.</param>
    /// <param name="value">The value.</param>
    /// <returns>True when this call added the key.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="key"/> is null.</exception>
    public bool TryAdd(TKey key, TValue value)
    {
        Requires.NotNull(key);
        return _root.Update((key, value), static (PersistentDictionary<TKey, TValue> d, (TKey Key, TValue Value) a, out bool unused) =>
        {
            unused = false;
            return d.TryAdd(a.Key, a.Value);
        }, out _) is not null;
    }

    /// <summary>Removes <paramref name="key"/> atomically and reports the value it had. O(log32 n) per attempt.</summary>
    /// <param name="key">The key.</param>
    /// <param name="value">The removed value, or default.</param>
    /// <returns>True when this call removed the key.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="key"/> is null.</exception>
    public bool TryRemove(TKey key, [MaybeNullWhen(false)] out TValue value)
    {
        Requires.NotNull(key);
        var change = _root.Update(key, static (PersistentDictionary<TKey, TValue> d, TKey k, out TValue? removed) => d.Remove(k, out removed), out var old);
        value = old!;
        return change is not null;
    }

    /// <summary>
    /// Removes <paramref name="item"/>'s key atomically only if its value equals <paramref name="item"/>'s value (by the
    /// value comparer), as <c>ConcurrentDictionary.TryRemove(KeyValuePair)</c>. O(log32 n) per attempt.
    /// </summary>
    /// <param name="item">The key and the value it must have.</param>
    /// <returns>True when this call removed the entry.</returns>
    /// <exception cref="ArgumentNullException">The key of <paramref name="item"/> is null.</exception>
    public bool TryRemove(KeyValuePair<TKey, TValue> item)
    {
        Requires.NotNull(item.Key, nameof(item));
        _root.Update(item, static (PersistentDictionary<TKey, TValue> d, KeyValuePair<TKey, TValue> kv, out bool removed) =>
        {
            removed = d.TryGetValue(kv.Key, out var current) && d.ValueComparer.Equals(current, kv.Value);
            return removed ? d.Remove(kv.Key) : d;
        }, out bool result);
        return result;
    }

    /// <summary>
    /// Replaces the value of <paramref name="key"/> with <paramref name="newValue"/> only if it currently
    /// equals <paramref name="comparisonValue"/> (by the value comparer), atomically. O(log32 n) per attempt.
    /// </summary>
    /// <param name="key">The key.</param>
    /// <param name="newValue">The replacement.</param>
    /// <param name="comparisonValue">The value the key must have.</param>
    /// <returns>True when the value was replaced (or already equal to <paramref name="newValue"/> with a match).</returns>
    /// <exception cref="ArgumentNullException"><paramref name="key"/> is null.</exception>
    public bool TryUpdate(TKey key, TValue newValue, TValue comparisonValue)
    {
        Requires.NotNull(key);
        _root.Update((key, newValue, comparisonValue), static (PersistentDictionary<TKey, TValue> d, (TKey Key, TValue New, TValue Expected) a, out bool matched) =>
        {
            matched = d.TryGetValue(a.Key, out var current) && d.ValueComparer.Equals(current, a.Expected);
            return matched ? d.SetItem(a.Key, a.New) : d;
        }, out bool updated);
        return updated;
    }

    /// <summary>The value of <paramref name="key"/>, adding <paramref name="value"/> first if absent, atomically. O(log32 n) per attempt; no write when present.</summary>
    /// <param name="key">The key.</param>
    /// <param name="value">The value to add when absent.</param>
    /// <returns>The value in the dictionary after the call.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="key"/> is null.</exception>
    public TValue GetOrAdd(TKey key, TValue value)
    {
        Requires.NotNull(key);
        if (Snapshot.TryGetValue(key, out var present))
        {
            return present;
        }

        _root.Update((key, value), static (PersistentDictionary<TKey, TValue> d, (TKey Key, TValue Value) a, out TValue result) =>
        {
            if (d.TryGetValue(a.Key, out var existing))
            {
                result = existing;
                return d;
            }

            result = a.Value;
            return d.SetItem(a.Key, a.Value);
        }, out var final);
        return final;
    }

    /// <summary>
    /// The value of <paramref name="key"/>, adding <c>valueFactory(key)</c> first if absent, atomically.
    /// <paramref name="valueFactory"/> runs only when the key is absent, but <b>may run more than once</b>
    /// under contention (and its result may be discarded when another thread adds the key first).
    /// </summary>
    /// <param name="key">The key.</param>
    /// <param name="valueFactory">Computes the value; must be pure.</param>
    /// <returns>The value in the dictionary after the call.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="key"/> or <paramref name="valueFactory"/> is null.</exception>
    public TValue GetOrAdd(TKey key, Func<TKey, TValue> valueFactory)
    {
        Requires.NotNull(valueFactory);
        return GetOrAdd<Func<TKey, TValue>>(key, static (k, f) => f(k), valueFactory);
    }

    /// <summary>
    /// The value of <paramref name="key"/>, adding <c>valueFactory(key, factoryArgument)</c> first if absent,
    /// atomically, without a closure allocation. The factory <b>may run more than once</b> under contention.
    /// </summary>
    /// <typeparam name="TArg">The type of the factory's state.</typeparam>
    /// <param name="key">The key.</param>
    /// <param name="valueFactory">Computes the value; must be pure.</param>
    /// <param name="factoryArgument">State for <paramref name="valueFactory"/>.</param>
    /// <returns>The value in the dictionary after the call.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="key"/> or <paramref name="valueFactory"/> is null.</exception>
    public TValue GetOrAdd<TArg>(TKey key, Func<TKey, TArg, TValue> valueFactory, TArg factoryArgument)
    {
        Requires.NotNull(key);
        Requires.NotNull(valueFactory);
        if (Snapshot.TryGetValue(key, out var present))
        {
            return present;
        }

        _root.Update((key, valueFactory, factoryArgument), static (PersistentDictionary<TKey, TValue> d, (TKey Key, Func<TKey, TArg, TValue> F, TArg A) s, out TValue result) =>
        {
            if (d.TryGetValue(s.Key, out var existing))
            {
                result = existing;
                return d;
            }

            result = s.F(s.Key, s.A);
            return d.SetItem(s.Key, result);
        }, out var final);
        return final;
    }

    /// <summary>
    /// Adds <paramref name="addValue"/> when <paramref name="key"/> is absent, otherwise replaces its value with
    /// <c>updateValueFactory(key, oldValue)</c>, atomically. The factory <b>may run more than once</b> under contention.
    /// </summary>
    /// <param name="key">The key.</param>
    /// <param name="addValue">The value when absent.</param>
    /// <param name="updateValueFactory">Computes the new value from the old; must be pure.</param>
    /// <returns>The value published for the key.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="key"/> or <paramref name="updateValueFactory"/> is null.</exception>
    public TValue AddOrUpdate(TKey key, TValue addValue, Func<TKey, TValue, TValue> updateValueFactory)
    {
        Requires.NotNull(key);
        Requires.NotNull(updateValueFactory);
        _root.Update((key, addValue, updateValueFactory), static (PersistentDictionary<TKey, TValue> d, (TKey Key, TValue Add, Func<TKey, TValue, TValue> Update) s, out TValue result) =>
        {
            result = d.TryGetValue(s.Key, out var old) ? s.Update(s.Key, old) : s.Add;
            return d.SetItem(s.Key, result);
        }, out var final);
        return final;
    }

    /// <summary>
    /// Adds <c>addValueFactory(key)</c> when <paramref name="key"/> is absent, otherwise replaces its value with
    /// <c>updateValueFactory(key, oldValue)</c>, atomically. Either factory <b>may run more than once</b> under contention.
    /// </summary>
    /// <param name="key">The key.</param>
    /// <param name="addValueFactory">Computes the value when absent; must be pure.</param>
    /// <param name="updateValueFactory">Computes the new value from the old; must be pure.</param>
    /// <returns>The value published for the key.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public TValue AddOrUpdate(TKey key, Func<TKey, TValue> addValueFactory, Func<TKey, TValue, TValue> updateValueFactory)
    {
        Requires.NotNull(key);
        Requires.NotNull(addValueFactory);
        Requires.NotNull(updateValueFactory);
        _root.Update((key, addValueFactory, updateValueFactory), static (PersistentDictionary<TKey, TValue> d, (TKey Key, Func<TKey, TValue> Add, Func<TKey, TValue, TValue> Update) s, out TValue result) =>
        {
            result = d.TryGetValue(s.Key, out var old) ? s.Update(s.Key, old) : s.Add(s.Key);
            return d.SetItem(s.Key, result);
        }, out var final);
        return final;
    }

    /// <summary>
    /// Adds <c>addValueFactory(key, factoryArgument)</c> when <paramref name="key"/> is absent, otherwise replaces its value
    /// with <c>updateValueFactory(key, oldValue, factoryArgument)</c>, atomically, as the <c>ConcurrentDictionary</c>
    /// overload of the same shape (the argument spares a closure). Either factory <b>may run more than once</b> under contention.
    /// </summary>
    /// <typeparam name="TArg">The type of the argument passed to the factories.</typeparam>
    /// <param name="key">The key.</param>
    /// <param name="addValueFactory">Computes the value when absent; must be pure.</param>
    /// <param name="updateValueFactory">Computes the new value from the old; must be pure.</param>
    /// <param name="factoryArgument">The argument passed to both factories.</param>
    /// <returns>The value published for the key.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="key"/>, <paramref name="addValueFactory"/> or <paramref name="updateValueFactory"/> is null.</exception>
    public TValue AddOrUpdate<TArg>(TKey key, Func<TKey, TArg, TValue> addValueFactory, Func<TKey, TValue, TArg, TValue> updateValueFactory, TArg factoryArgument)
    {
        Requires.NotNull(key);
        Requires.NotNull(addValueFactory);
        Requires.NotNull(updateValueFactory);
        _root.Update((key, addValueFactory, updateValueFactory, factoryArgument), static (PersistentDictionary<TKey, TValue> d, (TKey Key, Func<TKey, TArg, TValue> Add, Func<TKey, TValue, TArg, TValue> Update, TArg Argument) s, out TValue result) =>
        {
            result = d.TryGetValue(s.Key, out var old) ? s.Update(s.Key, old, s.Argument) : s.Add(s.Key, s.Argument);
            return d.SetItem(s.Key, result);
        }, out var final);
        return final;
    }

    /// <summary>Adds an entry atomically; throws if the key is present with a different value. O(log32 n) per attempt.</summary>
    /// <param name="key">The key.</param>
    /// <param name="value">The value.</param>
    /// <exception cref="ArgumentNullException"><paramref name="key"/> is null.</exception>
    /// <exception cref="ArgumentException">The key is present with a different value.</exception>
    public void Add(TKey key, TValue value)
    {
        Requires.NotNull(key);
        _root.Update((key, value), static (PersistentDictionary<TKey, TValue> d, (TKey Key, TValue Value) a, out bool unused) =>
        {
            unused = false;
            return d.Add(a.Key, a.Value);
        }, out _);
    }

    /// <summary>Removes <paramref name="key"/> atomically. O(log32 n) per attempt.</summary>
    /// <param name="key">The key.</param>
    /// <returns>True when this call removed the key.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="key"/> is null.</exception>
    public bool Remove(TKey key) => TryRemove(key, out _);

    /// <summary>
    /// Publishes <paramref name="snapshot"/> as the next version, whatever the current one is, and returns the
    /// version it replaced: to swap in a version loaded or built elsewhere (a configuration read from disk, say)
    /// or to restore an old one. One atomic publication, delivered to subscribers as one change; none when
    /// <paramref name="snapshot"/> already is the current version. O(1) per attempt.
    /// </summary>
    /// <param name="snapshot">The version to publish (its comparers become the container's).</param>
    /// <returns>The version that was current just before.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="snapshot"/> is null.</exception>
    public PersistentDictionary<TKey, TValue> Exchange(PersistentDictionary<TKey, TValue> snapshot)
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
    public PersistentDictionary<TKey, TValue> CompareExchange(PersistentDictionary<TKey, TValue> snapshot, PersistentDictionary<TKey, TValue> comparand)
    {
        Requires.NotNull(snapshot);
        Requires.NotNull(comparand);
        return _root.CompareExchange(snapshot, comparand);
    }

    /// <summary>Removes every entry atomically (keeps the comparers). O(1).</summary>
    public void Clear() => _root.Update(0, static (PersistentDictionary<TKey, TValue> d, int unusedArg, out bool unused) =>
    {
        unused = false;
        return d.Clear();
    }, out _);

    /// <summary>
    /// Replaces the current version with <c>transform(current)</c> atomically (compare-and-swap, retried on
    /// conflict, so <paramref name="transform"/> <b>may run more than once</b> and must be pure).
    /// </summary>
    /// <param name="transform">Computes the next version; returning its argument publishes nothing.</param>
    /// <returns>True when a new version was published.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="transform"/> is null.</exception>
    /// <exception cref="InvalidOperationException"><paramref name="transform"/> returned null.</exception>
    public bool Update(Func<PersistentDictionary<TKey, TValue>, PersistentDictionary<TKey, TValue>> transform)
    {
        Requires.NotNull(transform);
        return Update(transform, static (d, f) => f(d));
    }

    /// <summary>
    /// Replaces the current version with <c>transform(current, argument)</c> atomically; pass state through
    /// <paramref name="argument"/> and a static lambda to avoid a closure. <paramref name="transform"/> <b>may run more than once</b>.
    /// </summary>
    /// <typeparam name="TArg">The type of the state passed to <paramref name="transform"/>.</typeparam>
    /// <param name="argument">State for <paramref name="transform"/>.</param>
    /// <param name="transform">Computes the next version; must be pure and return non-null.</param>
    /// <returns>True when a new version was published.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="transform"/> is null.</exception>
    /// <exception cref="InvalidOperationException"><paramref name="transform"/> returned null.</exception>
    public bool Update<TArg>(TArg argument, Func<PersistentDictionary<TKey, TValue>, TArg, PersistentDictionary<TKey, TValue>> transform)
    {
        Requires.NotNull(transform);
        return _root.Update((transform, argument), static (PersistentDictionary<TKey, TValue> d, (Func<PersistentDictionary<TKey, TValue>, TArg, PersistentDictionary<TKey, TValue>> F, TArg A) s, out bool unused) =>
        {
            unused = false;
            return s.F(d, s.A) ?? throw new InvalidOperationException("The update function returned null.");
        }, out _) is not null;
    }

    /// <summary>Enumerates the version current at this call: never throws and never sees later writes. O(1), no allocation.</summary>
    public PersistentDictionary<TKey, TValue>.Enumerator GetEnumerator() => Snapshot.GetEnumerator();

    IEnumerator<KeyValuePair<TKey, TValue>> IEnumerable<KeyValuePair<TKey, TValue>>.GetEnumerator()
    {
        // A count read for presizing was followed by an enumeration, not a copy.
        CountedSnapshot<PersistentDictionary<TKey, TValue>>.Forget(this);
        return GetEnumerator();
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    void ICollection<KeyValuePair<TKey, TValue>>.Add(KeyValuePair<TKey, TValue> item) => Add(item.Key, item.Value);

    bool ICollection<KeyValuePair<TKey, TValue>>.Contains(KeyValuePair<TKey, TValue> item) => Snapshot.Contains(item);

    /// <summary>
    /// Copies one version, whole: the current one, or, right after this thread read
    /// <c>ICollection&lt;KeyValuePair&lt;TKey, TValue&gt;&gt;.Count</c> and the count changed since, the version
    /// that count was read from (so LINQ <c>ToArray</c>/<c>ToList</c> and <c>new List&lt;T&gt;(dictionary)</c>
    /// get exactly the entries they made room for). Never a mix of versions, never padded.
    /// </summary>
    void ICollection<KeyValuePair<TKey, TValue>>.CopyTo(KeyValuePair<TKey, TValue>[] array, int arrayIndex)
    {
        var snapshot = Snapshot;
        var counted = CountedSnapshot<PersistentDictionary<TKey, TValue>>.Take(this);
        if (counted is not null && counted.Count != snapshot.Count)
        {
            snapshot = counted;
        }

        snapshot.CopyTo(array, arrayIndex);
    }

    bool ICollection<KeyValuePair<TKey, TValue>>.Remove(KeyValuePair<TKey, TValue> item) => TryRemove(item);

    private static KeyValuePair<TKey, TValue>[] Materialize(IEnumerable<KeyValuePair<TKey, TValue>> items)
    {
        // Another container is read once, as one version.
        var batch = items is CopyOnWriteDictionary<TKey, TValue> container
            ? System.Linq.Enumerable.ToArray(container.Snapshot)
            : System.Linq.Enumerable.ToArray(items);
        foreach (var item in batch)
        {
            Requires.NotNull(item.Key, PersistentDictionary<TKey, TValue>.KeyParameter);
        }

        return batch;
    }
}
