using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using CowCollections.Internal;
using CowCollections.Internal.Champ;

namespace CowCollections;

/// <summary>
/// An immutable dictionary whose versions share structure: a CHAMP hash trie (32-way, two bitmaps per node,
/// entries stored unboxed with their hash, canonical compaction on removal, collision nodes for full-hash
/// collisions). Every change returns a new dictionary and leaves this one untouched.
/// </summary>
/// <remarks>
/// <para>Costs: lookup O(log32 n) (at most 7 levels plus a collision node; about 4 levels at 1M keys),
/// no allocation; <see cref="SetItem"/>, <see cref="Add"/> and <see cref="Remove(TKey)"/> copy one path,
/// O(log32 n) nodes of at most 32 slots; <see cref="SetItems"/>, <see cref="AddRange"/> and
/// <see cref="RemoveRange"/> edit privately owned nodes in place and copy each shared node at most once.
/// <see cref="Diff(PersistentDictionary{TKey, TValue})"/> and <see cref="DictionaryEquals(PersistentDictionary{TKey, TValue})"/>
/// skip subtrees the two versions share.</para>
/// <para>Keys are compared with <see cref="KeyComparer"/>, values (by <see cref="SetItem"/>,
/// <see cref="Add"/>, <see cref="ContainsValue"/>, <see cref="Diff(PersistentDictionary{TKey, TValue})"/>,
/// <see cref="DictionaryEquals(PersistentDictionary{TKey, TValue})"/>) with <see cref="ValueComparer"/>.
/// A comparer that throws leaves every version unchanged. Equality of the dictionary object itself is
/// reference equality.</para>
/// <para>Thread safety: a dictionary never changes, so any number of threads may read it at once.</para>
/// </remarks>
/// <typeparam name="TKey">The key type; keys are never null.</typeparam>
/// <typeparam name="TValue">The value type.</typeparam>
[CollectionBuilder(typeof(PersistentDictionary), nameof(PersistentDictionary.Create))]
[DebuggerTypeProxy(typeof(CowCollections.Internal.DictionaryDebugView<,>))]
[DebuggerDisplay("Count = {Count}")]
[System.Text.Json.Serialization.JsonConverter(typeof(CowCollections.Serialization.CowJsonConverterFactory))]
public sealed partial class PersistentDictionary<TKey, TValue>
    where TKey : notnull
{
    /// <summary>The empty dictionary with the default comparers. O(1), no allocation.</summary>
    public static readonly PersistentDictionary<TKey, TValue> Empty =
        new(new ChampCore<TKey, TValue, ChampDefaultGeometry>(ChampNode<TKey, TValue>.Empty, 0, ChampKeys<TKey>.Normalize(null), EqualityComparer<TValue>.Default));

    /// <summary>The whole state; its <see cref="ChampCore{TKey, TValue, TGeometry}.Owner"/> is always null. Every operation copies it, edits the copy and wraps the result.</summary>
    private readonly ChampCore<TKey, TValue, ChampDefaultGeometry> _core;

    private PersistentDictionary(in ChampCore<TKey, TValue, ChampDefaultGeometry> core)
    {
        _core = core;
        _core.Owner = null;
    }

    internal ChampNode<TKey, TValue> Root => _core.Root;

    internal IEqualityComparer<TKey>? EngineComparer => _core.KeyComparer;

    /// <summary>The number of entries. O(1).</summary>
    public int Count => _core.Count;

    /// <summary>True when the dictionary has no entries. O(1).</summary>
    public bool IsEmpty => _core.Count == 0;

    /// <summary>The comparer that decides key equality and hashing. O(1).</summary>
    public IEqualityComparer<TKey> KeyComparer => ChampKeys<TKey>.Public(_core.KeyComparer);

    /// <summary>The comparer that decides value equality (for <see cref="SetItem"/>, <see cref="Add"/>, <see cref="ContainsValue"/>, <c>Diff</c>). O(1).</summary>
    public IEqualityComparer<TValue> ValueComparer => _core.ValueComparer;

    /// <summary>The value stored under <paramref name="key"/>. O(log32 n), no allocation.</summary>
    /// <param name="key">The key.</param>
    /// <exception cref="ArgumentNullException"><paramref name="key"/> is null.</exception>
    /// <exception cref="KeyNotFoundException">No entry has the key; the message names it.</exception>
    public TValue this[TKey key] => _core.Get(key);

    /// <summary>Looks up <paramref name="key"/>. O(log32 n), no allocation; no interface call for value-type keys with the default comparer.</summary>
    /// <param name="key">The key.</param>
    /// <param name="value">The value, or default when absent.</param>
    /// <returns>True when the key is present.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="key"/> is null.</exception>
    public bool TryGetValue(TKey key, [MaybeNullWhen(false)] out TValue value) => _core.TryGetValue(key, out value);

    /// <summary>True when <paramref name="key"/> is present. O(log32 n), no allocation.</summary>
    /// <param name="key">The key.</param>
    /// <exception cref="ArgumentNullException"><paramref name="key"/> is null.</exception>
    public bool ContainsKey(TKey key) => _core.ContainsKey(key);

    /// <summary>The stored key equal to <paramref name="equalKey"/> (useful when the comparer ignores case, for example). O(log32 n).</summary>
    /// <param name="equalKey">A key equal to the one sought.</param>
    /// <param name="actualKey">The stored key, or <paramref name="equalKey"/> when absent.</param>
    /// <returns>True when the key is present.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="equalKey"/> is null.</exception>
    public bool TryGetKey(TKey equalKey, out TKey actualKey) => _core.TryGetKey(equalKey, out actualKey);

    /// <summary>True when some entry's value equals <paramref name="value"/> by <see cref="ValueComparer"/>. O(n), no allocation.</summary>
    /// <param name="value">The value sought.</param>
    public bool ContainsValue(TValue value) => _core.ContainsValue(value);

    /// <summary>The value for <paramref name="key"/>, or <paramref name="defaultValue"/> when absent. O(log32 n), no allocation.</summary>
    /// <param name="key">The key.</param>
    /// <param name="defaultValue">Returned when the key is absent.</param>
    /// <exception cref="ArgumentNullException"><paramref name="key"/> is null.</exception>
    public TValue? GetValueOrDefault(TKey key, TValue? defaultValue = default) =>
        TryGetValue(key, out var value) ? value : defaultValue;

    /// <summary>
    /// Adds an entry. Like <c>ImmutableDictionary.Add</c>: a key already present with an equal value (by
    /// <see cref="ValueComparer"/>) returns this dictionary; with a different value it throws.
    /// O(log32 n): copies one path.
    /// </summary>
    /// <param name="key">The key.</param>
    /// <param name="value">The value.</param>
    /// <exception cref="ArgumentNullException"><paramref name="key"/> is null.</exception>
    /// <exception cref="ArgumentException">The key is present with a different value.</exception>
    public PersistentDictionary<TKey, TValue> Add(TKey key, TValue value) => Set(key, value, ChampSetMode.ThrowIfDifferent);

    /// <summary>Sets the value of <paramref name="key"/>, adding it if absent; returns this dictionary when the key already has an equal value. O(log32 n): copies one path.</summary>
    /// <remarks>A present key equal by the key comparer but a different object is replaced by <paramref name="key"/> when the value changes, and kept when the value is equal (as ImmutableDictionary's SetItem).</remarks>
    /// <param name="key">The key.</param>
    /// <param name="value">The value.</param>
    /// <exception cref="ArgumentNullException"><paramref name="key"/> is null.</exception>
    public PersistentDictionary<TKey, TValue> SetItem(TKey key, TValue value) => Set(key, value, ChampSetMode.Overwrite);

    /// <summary>Adds <paramref name="key"/> only if absent; returns this dictionary otherwise. O(log32 n).</summary>
    /// <param name="key">The key.</param>
    /// <param name="value">The value.</param>
    /// <exception cref="ArgumentNullException"><paramref name="key"/> is null.</exception>
    public PersistentDictionary<TKey, TValue> TryAdd(TKey key, TValue value) => Set(key, value, ChampSetMode.KeepExisting);

    /// <summary>Sets every entry of <paramref name="items"/> (a later duplicate key wins). O(m log32 n); each shared node is copied at most once.</summary>
    /// <remarks>Each entry stores its key object as <see cref="SetItem"/> does: only when its value differs from the present one.</remarks>
    /// <param name="items">The entries.</param>
    /// <exception cref="ArgumentNullException"><paramref name="items"/> or one of its keys is null.</exception>
    public PersistentDictionary<TKey, TValue> SetItems(IEnumerable<KeyValuePair<TKey, TValue>> items) => SetMany(items, ChampSetMode.Overwrite);

    /// <summary>Adds every entry of <paramref name="items"/> with the rules of <see cref="Add"/>. O(m log32 n); on an exception this dictionary is unchanged.</summary>
    /// <param name="items">The entries.</param>
    /// <exception cref="ArgumentNullException"><paramref name="items"/> or one of its keys is null.</exception>
    /// <exception cref="ArgumentException">A key is present (or repeated) with a different value.</exception>
    /// <remarks>
    /// As <c>ImmutableDictionary.AddRange</c>: on an empty dictionary, a <see cref="PersistentDictionary{TKey, TValue}"/>
    /// argument (or a <see cref="Builder"/>'s <see cref="Builder.ToImmutable"/>) is taken over with
    /// <see cref="WithComparers(IEqualityComparer{TKey}, IEqualityComparer{TValue})"/>, so with the same
    /// comparers the argument itself is returned, in O(1).
    /// </remarks>
    public PersistentDictionary<TKey, TValue> AddRange(IEnumerable<KeyValuePair<TKey, TValue>> items)
    {
        if (_core.Count == 0)
        {
            var other = items as PersistentDictionary<TKey, TValue> ?? (items as Builder)?.ToImmutable();
            if (other is not null)
            {
                return other.WithComparers(_core.KeyComparer, _core.ValueComparer);
            }
        }

        return SetMany(items, ChampSetMode.ThrowIfDifferent);
    }

    /// <summary>Removes <paramref name="key"/>; returns this dictionary when absent. O(log32 n): copies one path and compacts it canonically.</summary>
    /// <param name="key">The key.</param>
    /// <exception cref="ArgumentNullException"><paramref name="key"/> is null.</exception>
    public PersistentDictionary<TKey, TValue> Remove(TKey key) => Remove(key, out _);

    /// <summary>Removes <paramref name="key"/> and reports the value it had. O(log32 n).</summary>
    /// <param name="key">The key.</param>
    /// <param name="value">The removed value, or default.</param>
    /// <exception cref="ArgumentNullException"><paramref name="key"/> is null.</exception>
    public PersistentDictionary<TKey, TValue> Remove(TKey key, out TValue? value)
    {
        var core = _core;
        return core.Remove(key, out value) ? With(core.Root, core.Count) : this;
    }

    /// <summary>Removes every key of <paramref name="keys"/> that is present. O(m log32 n); each shared node is copied at most once.</summary>
    /// <param name="keys">The keys.</param>
    /// <exception cref="ArgumentNullException"><paramref name="keys"/> or one of its keys is null.</exception>
    public PersistentDictionary<TKey, TValue> RemoveRange(IEnumerable<TKey> keys)
    {
        var core = _core;
        bool changed = false;
        core.RemoveMany(keys, nameof(keys), ref changed);
        return With(core.Root, core.Count);
    }

    /// <summary>The empty dictionary with this dictionary's comparers. O(1).</summary>
    public PersistentDictionary<TKey, TValue> Clear() => _core.Count == 0 ? this : With(ChampNode<TKey, TValue>.Empty, 0);

    /// <summary>
    /// This dictionary's entries under other comparers. O(1) when the key comparer is unchanged (only the
    /// value comparer differs); otherwise O(n) rebuild, which throws if keys that become equal have different values.
    /// </summary>
    /// <param name="keyComparer">The key comparer; null for the default.</param>
    /// <param name="valueComparer">The value comparer; null for the default.</param>
    /// <exception cref="ArgumentException">Two keys become equal but have different values.</exception>
    public PersistentDictionary<TKey, TValue> WithComparers(IEqualityComparer<TKey>? keyComparer, IEqualityComparer<TValue>? valueComparer)
    {
        var keys = ChampKeys<TKey>.Normalize(keyComparer);
        var values = valueComparer ?? EqualityComparer<TValue>.Default;
        if (ReferenceEquals(keys, _core.KeyComparer))
        {
            return ReferenceEquals(values, _core.ValueComparer) ? this : new PersistentDictionary<TKey, TValue>(new ChampCore<TKey, TValue, ChampDefaultGeometry>(_core.Root, _core.Count, keys, values));
        }

        return new PersistentDictionary<TKey, TValue>(new ChampCore<TKey, TValue, ChampDefaultGeometry>(ChampNode<TKey, TValue>.Empty, 0, keys, values)).SetMany(this, ChampSetMode.ThrowIfDifferent);
    }

    /// <summary>This dictionary's entries under another key comparer, keeping <see cref="ValueComparer"/>. See <see cref="WithComparers(IEqualityComparer{TKey}, IEqualityComparer{TValue})"/>.</summary>
    /// <param name="keyComparer">The key comparer; null for the default.</param>
    public PersistentDictionary<TKey, TValue> WithComparers(IEqualityComparer<TKey>? keyComparer) => WithComparers(keyComparer, _core.ValueComparer);

    /// <summary>A builder that starts with this dictionary's entries and shares its nodes until it edits them. O(1).</summary>
    public Builder ToBuilder() => new(this);

    internal static PersistentDictionary<TKey, TValue> EmptyWith(IEqualityComparer<TKey>? keyComparer, IEqualityComparer<TValue>? valueComparer)
    {
        var keys = ChampKeys<TKey>.Normalize(keyComparer);
        var values = valueComparer ?? EqualityComparer<TValue>.Default;
        return ReferenceEquals(keys, Empty._core.KeyComparer) && ReferenceEquals(values, Empty._core.ValueComparer)
            ? Empty
            : new PersistentDictionary<TKey, TValue>(new ChampCore<TKey, TValue, ChampDefaultGeometry>(ChampNode<TKey, TValue>.Empty, 0, keys, values));
    }

    internal static PersistentDictionary<TKey, TValue> FromRoot(ChampNode<TKey, TValue> root, int count, PersistentDictionary<TKey, TValue> comparers) =>
        comparers.With(root, count);

    private PersistentDictionary<TKey, TValue> Set(TKey key, TValue value, ChampSetMode mode)
    {
        var core = _core;
        core.Set(key, value, mode);
        return With(core.Root, core.Count);
    }

    private PersistentDictionary<TKey, TValue> SetMany(IEnumerable<KeyValuePair<TKey, TValue>> items, ChampSetMode mode)
    {
        var core = _core;
        bool changed = false;
        core.SetMany(items, mode, ref changed);
        return With(core.Root, core.Count);
    }

    /// <summary>The dictionary of <paramref name="items"/>, a later duplicate key winning as <c>SetItem</c> does, built in one sorted pass. O(n log n).</summary>
    /// <exception cref="ArgumentNullException">A key is null (named <c>key</c>, as the indexer names it).</exception>
    internal static PersistentDictionary<TKey, TValue> CreateFrom(ReadOnlySpan<KeyValuePair<TKey, TValue>> items)
    {
        var core = Empty._core;
        core.SetMany(items, ChampSetMode.Overwrite, "key");
        return Empty.With(core.Root, core.Count);
    }

    /// <summary>The parameter a range operation names for a null key, as <c>ImmutableDictionary</c> does: the pair's <c>Key</c>.</summary>
    internal const string KeyParameter = ChampCore<TKey, TValue, ChampDefaultGeometry>.KeyParameter;

    /// <summary>A dictionary with this one's comparers over <paramref name="root"/>; this one when the root is unchanged.</summary>
    private PersistentDictionary<TKey, TValue> With(ChampNode<TKey, TValue> root, int count)
    {
        if (ReferenceEquals(root, _core.Root))
        {
            return this;
        }

        if (count == 0)
        {
            root = ChampNode<TKey, TValue>.Empty;
            if (ReferenceEquals(_core.KeyComparer, Empty._core.KeyComparer) && ReferenceEquals(_core.ValueComparer, Empty._core.ValueComparer))
            {
                return Empty;
            }
        }

        return new PersistentDictionary<TKey, TValue>(new ChampCore<TKey, TValue, ChampDefaultGeometry>(root, count, _core.KeyComparer, _core.ValueComparer));
    }
}
