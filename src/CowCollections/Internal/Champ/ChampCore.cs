using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;
using System.Linq;
using System.Runtime.CompilerServices;

namespace CowCollections.Internal.Champ;

/// <summary>
/// The whole state of a CHAMP dictionary — root, count, comparers, edit token — and every operation on it,
/// shared by <see cref="PersistentDictionary{TKey, TValue}"/> (which copies this struct and edits the copy with
/// a null owner, then wraps the result) and its <c>Builder</c> (which edits its own copy with its live token).
/// <para>Invariants (the trie's own are listed on <see cref="ChampNode{TKey, TValue}"/> and checked by
/// <see cref="ChampChecker{TKey, TValue, TGeometry}"/>):</para>
/// <list type="bullet">
/// <item><see cref="Count"/> is the number of entries below <see cref="Root"/>.</item>
/// <item><see cref="KeyComparer"/> is in engine form (<see cref="ChampKeys{TKey}.Normalize"/>: null stands for the
/// default comparer of a value-type key) and every stored hash is its hash of the stored key;
/// <see cref="ValueComparer"/> is never null.</item>
/// <item><see cref="Owner"/> is null for a persistent dictionary: an edit then copies the path it changes, so a
/// root that is the same reference means nothing changed (the dictionary returns itself). A builder's owner is
/// its live token: the nodes stamped with it are written in place and are reachable from this core only.</item>
/// <item>An operation checks its arguments and makes every comparer call before it writes a node, so an
/// exception leaves the core as the entries before the failing one left it (for a persistent caller, whose
/// copy is dropped, unchanged).</item>
/// <item>A key already present keeps the SCI rules of <see cref="ChampSetMode"/>: a new key object is stored
/// only with a different value, and an equal value (by <see cref="ValueComparer"/>) is a no-op.</item>
/// </list>
/// </summary>
/// <typeparam name="TKey">The key type.</typeparam>
/// <typeparam name="TValue">The value type.</typeparam>
/// <typeparam name="TGeometry">The trie's geometry: <see cref="ChampDefaultGeometry"/> for every dictionary, a tiny one in tests.</typeparam>
internal struct ChampCore<TKey, TValue, TGeometry>
    where TGeometry : struct, IChampGeometry
{
    /// <summary>The parameter a range operation names for a null key, as <c>ImmutableDictionary</c> does: the pair's <c>Key</c>.</summary>
    public const string KeyParameter = nameof(KeyValuePair<TKey, TValue>.Key);

    /// <summary>Batches at least this large into an empty persistent dictionary are built by <see cref="ChampBulk{TKey, TValue, TGeometry}"/>.</summary>
    private const int BulkThreshold = 64;

    public ChampNode<TKey, TValue> Root;
    public int Count;
    public IEqualityComparer<TKey>? KeyComparer;
    public IEqualityComparer<TValue> ValueComparer;
    public EditToken? Owner;

    /// <summary>True for a set, whose elements may be null as in <c>HashSet&lt;T&gt;</c> (a null hashes to 0); false for a dictionary, whose keys never are.</summary>
    public bool NullKeys;

    public ChampCore(ChampNode<TKey, TValue> root, int count, IEqualityComparer<TKey>? keyComparer, IEqualityComparer<TValue> valueComparer)
    {
        Root = root;
        Count = count;
        KeyComparer = keyComparer;
        ValueComparer = valueComparer;
    }

    /// <summary>The entry for <paramref name="key"/>, or a null reference. O(log32 n), no allocation.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="key"/> is null.</exception>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public readonly ref ChampEntry<TKey, TValue> Find(TKey key)
    {
        RequireKey(key);
        return ref ChampTrie<TKey, TValue, TGeometry>.Find(Root, key, ChampKeys<TKey>.Hash(KeyComparer, key), KeyComparer);
    }

    /// <summary>The value of <paramref name="key"/>; <see cref="KeyNotFoundException"/> naming it when absent.</summary>
    public readonly TValue Get(TKey key)
    {
        ref var entry = ref Find(key);
        if (Unsafe.IsNullRef(ref entry))
        {
            ThrowKeyNotFound(key);
        }

        return entry.Value;
    }

    public readonly bool TryGetValue(TKey key, [MaybeNullWhen(false)] out TValue value)
    {
        ref var entry = ref Find(key);
        if (Unsafe.IsNullRef(ref entry))
        {
            value = default;
            return false;
        }

        value = entry.Value;
        return true;
    }

    public readonly bool ContainsKey(TKey key) => !Unsafe.IsNullRef(ref Find(key));

    /// <summary>The stored key equal to <paramref name="equalKey"/>, or <paramref name="equalKey"/> itself when absent.</summary>
    public readonly bool TryGetKey(TKey equalKey, out TKey actualKey)
    {
        RequireKey(equalKey, nameof(equalKey));
        ref var entry = ref Find(equalKey);
        if (Unsafe.IsNullRef(ref entry))
        {
            actualKey = equalKey;
            return false;
        }

        actualKey = entry.Key;
        return true;
    }

    /// <summary>True when <paramref name="pair"/>'s key is present with a value equal by <see cref="ValueComparer"/>.</summary>
    public readonly bool Contains(KeyValuePair<TKey, TValue> pair) =>
        TryGetValue(pair.Key, out var value) && ValueComparer.Equals(value, pair.Value);

    /// <summary>True when some value equals <paramref name="value"/> by <see cref="ValueComparer"/>. O(n), no allocation.</summary>
    public readonly bool ContainsValue(TValue value)
    {
        var cursor = new ChampCursor<TKey, TValue>(Root);
        while (cursor.MoveNext())
        {
            if (ValueComparer.Equals(cursor.Current.Value, value))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Sets <paramref name="key"/> per <paramref name="mode"/>. O(log32 n): copies one path, or writes it in place where <see cref="Owner"/> owns it.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="key"/> is null.</exception>
    /// <exception cref="ArgumentException"><see cref="ChampSetMode.ThrowIfDifferent"/> and the key is present with a different value.</exception>
    public ChampSetResult Set(TKey key, TValue value, ChampSetMode mode)
    {
        RequireKey(key);
        var entry = new ChampEntry<TKey, TValue>(key, value, ChampKeys<TKey>.Hash(KeyComparer, key));
        Root = ChampTrie<TKey, TValue, TGeometry>.Set(Root, Owner, entry, 0, KeyComparer, ValueComparer, mode, out var result);
        if (result == ChampSetResult.Added)
        {
            Count++;
        }

        return result;
    }

    /// <summary>Removes <paramref name="key"/>, compacting canonically. O(log32 n).</summary>
    /// <returns>True when it was present.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="key"/> is null.</exception>
    public bool Remove(TKey key, [MaybeNullWhen(false)] out TValue value)
    {
        RequireKey(key);
        Root = ChampTrie<TKey, TValue, TGeometry>.Remove(Root, Owner, key, ChampKeys<TKey>.Hash(KeyComparer, key), 0, KeyComparer, out bool removed, out var old);
        if (!removed)
        {
            value = default;
            return false;
        }

        Count--;
        value = old!;
        return true;
    }

    /// <summary>Removes every entry. O(1).</summary>
    public void Clear()
    {
        Root = ChampNode<TKey, TValue>.Empty;
        Count = 0;
    }

    /// <summary>
    /// Sets every entry of <paramref name="items"/> per <paramref name="mode"/>, in order. A persistent core (no
    /// owner) edits under a private token, so each shared node is copied at most once, and an empty one takes a
    /// batch of known size of at least <see cref="BulkThreshold"/> entries through <see cref="ChampBulk{TKey, TValue, TGeometry}"/>
    /// (same result, same exceptions). <paramref name="changed"/> turns true at the first entry that changes the
    /// core, even when a later one throws.
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="items"/> or one of its keys (named <see cref="KeyParameter"/>) is null.</exception>
    /// <exception cref="ArgumentException"><see cref="ChampSetMode.ThrowIfDifferent"/> and a key is present with a different value.</exception>
    public void SetMany(IEnumerable<KeyValuePair<TKey, TValue>> items, ChampSetMode mode, ref bool changed)
    {
        Requires.NotNull(items);
        if (Owner is null && Count == 0 && items.TryGetNonEnumeratedCount(out int batch) && batch >= BulkThreshold)
        {
            Bulk(items, batch, mode);
            changed |= Count != 0;
            return;
        }

        var owner = Owner ?? new EditToken();
        foreach (var item in items)
        {
            Requires.NotNull(item.Key, KeyParameter);
            var entry = new ChampEntry<TKey, TValue>(item.Key, item.Value, ChampKeys<TKey>.Hash(KeyComparer, item.Key));
            Root = ChampTrie<TKey, TValue, TGeometry>.Set(Root, owner, entry, 0, KeyComparer, ValueComparer, mode, out var result);
            if (result != ChampSetResult.Unchanged)
            {
                changed = true;
                if (result == ChampSetResult.Added)
                {
                    Count++;
                }
            }
        }
    }

    /// <summary>
    /// Removes every key of <paramref name="keys"/> that is present, in order (a persistent core under a private
    /// token, so each shared node is copied at most once). <paramref name="changed"/> turns true at the first removal.
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="keys"/> is null, or one of its keys (named <paramref name="keyParameter"/>).</exception>
    public void RemoveMany(IEnumerable<TKey> keys, string keyParameter, ref bool changed)
    {
        Requires.NotNull(keys);
        var owner = Owner ?? new EditToken();
        foreach (var key in keys)
        {
            RequireKey(key, keyParameter);
            Root = ChampTrie<TKey, TValue, TGeometry>.Remove(Root, owner, key, ChampKeys<TKey>.Hash(KeyComparer, key), 0, KeyComparer, out bool removed, out _);
            if (removed)
            {
                Count--;
                changed = true;
            }
        }
    }

    /// <summary>
    /// Builds the empty core's trie from <paramref name="items"/> in one sorted pass: O(m log m) with memory
    /// touched in order, and the nodes laid out depth-first, which later enumerations read nearly sequentially.
    /// </summary>
    /// <summary>
    /// Fills an empty persistent core with <paramref name="items"/> per <paramref name="mode"/> through the sorted bulk
    /// build (the same result and exceptions as setting them one by one): the span form of <see cref="SetMany(IEnumerable{KeyValuePair{TKey, TValue}}, ChampSetMode, ref bool)"/>.
    /// </summary>
    /// <exception cref="ArgumentNullException">A key (named <paramref name="keyParameter"/>) is null; the duplicates before it are resolved first.</exception>
    public void SetMany(ReadOnlySpan<KeyValuePair<TKey, TValue>> items, ChampSetMode mode, string keyParameter)
    {
        Debug.Assert(Owner is null && Count == 0, "an empty persistent core");
        var entries = new ChampEntry<TKey, TValue>[items.Length];
        int n = 0;
        while (n < items.Length && items[n].Key is { } key)
        {
            entries[n] = new ChampEntry<TKey, TValue>(key, items[n].Value, ChampKeys<TKey>.Hash(KeyComparer, key));
            n++;
        }

        var root = ChampBulk<TKey, TValue, TGeometry>.Build(entries.AsSpan(0, n), KeyComparer, ValueComparer, mode, out int count);
        if (n < items.Length)
        {
            Requires.ThrowNull(keyParameter);
        }

        Root = root;
        Count = count;
    }

    private void Bulk(IEnumerable<KeyValuePair<TKey, TValue>> items, int batch, ChampSetMode mode)
    {
        var entries = new ChampEntry<TKey, TValue>[batch];
        int n = 0;
        bool nullKey = false;
        foreach (var item in items)
        {
            if (item.Key is null)
            {
                // The entries before the null key are resolved first: a duplicate among them is what one-by-one
                // insertion reports, so it wins over the null.
                nullKey = true;
                break;
            }

            if (n == entries.Length)
            {
                Array.Resize(ref entries, n * 2);
            }

            entries[n++] = new ChampEntry<TKey, TValue>(item.Key, item.Value, ChampKeys<TKey>.Hash(KeyComparer, item.Key));
        }

        var root = ChampBulk<TKey, TValue, TGeometry>.Build(entries.AsSpan(0, n), KeyComparer, ValueComparer, mode, out int count);
        if (nullKey)
        {
            Requires.ThrowNull(KeyParameter);
        }

        Root = root;
        Count = count;
    }

    /// <summary>
    /// Sets <paramref name="value"/> under every key of <paramref name="keys"/> that is absent (a present key keeps
    /// its stored object, as <c>HashSet&lt;T&gt;.UnionWith</c> does): the set's range add. The same owner and bulk
    /// rules as <see cref="SetMany(IEnumerable{KeyValuePair{TKey, TValue}}, ChampSetMode, ref bool)"/>.
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="keys"/> is null, or (without <see cref="NullKeys"/>) one of its keys.</exception>
    public void AddKeys(IEnumerable<TKey> keys, TValue value, ref bool changed)
    {
        Requires.NotNull(keys);
        if (Owner is null && Count == 0 && keys.TryGetNonEnumeratedCount(out int batch) && batch >= BulkThreshold)
        {
            var entries = new ChampEntry<TKey, TValue>[batch];
            int n = 0;
            foreach (var key in keys)
            {
                RequireKey(key, nameof(key));
                if (n == entries.Length)
                {
                    Array.Resize(ref entries, n * 2);
                }

                entries[n++] = new ChampEntry<TKey, TValue>(key, value, ChampKeys<TKey>.Hash(KeyComparer, key));
            }

            Root = ChampBulk<TKey, TValue, TGeometry>.Build(entries.AsSpan(0, n), KeyComparer, ValueComparer, ChampSetMode.KeepExisting, out Count);
            changed |= Count != 0;
            return;
        }

        var owner = Owner ?? new EditToken();
        foreach (var key in keys)
        {
            RequireKey(key, nameof(key));
            var entry = new ChampEntry<TKey, TValue>(key, value, ChampKeys<TKey>.Hash(KeyComparer, key));
            Root = ChampTrie<TKey, TValue, TGeometry>.Set(Root, owner, entry, 0, KeyComparer, ValueComparer, ChampSetMode.KeepExisting, out var result);
            if (result == ChampSetResult.Added)
            {
                Count++;
                changed = true;
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private readonly void RequireKey(TKey key, [CallerArgumentExpression(nameof(key))] string? paramName = null)
    {
        if (key is null && !NullKeys)
        {
            Requires.ThrowNull(paramName);
        }
    }

    [DoesNotReturn]
    public static void ThrowKeyNotFound(TKey key) =>
        throw new KeyNotFoundException($"The key '{key}' was not found in the dictionary.");
}
