using System;
using System.Collections;
using System.Collections.Generic;
using System.Collections.Immutable;
using CowCollections.Internal;

namespace CowCollections;

public sealed partial class PersistentDictionary<TKey, TValue> : IImmutableDictionary<TKey, TValue>, IReadOnlyDictionary<TKey, TValue>, IDictionary<TKey, TValue>
{
    bool ICollection<KeyValuePair<TKey, TValue>>.IsReadOnly => true;

    /// <summary>A read-only view of the keys: O(1); every mutation throws <see cref="NotSupportedException"/>.</summary>
    ICollection<TKey> IDictionary<TKey, TValue>.Keys => new KeyView(this, null);

    /// <summary>A read-only view of the values: O(1); every mutation throws <see cref="NotSupportedException"/>.</summary>
    ICollection<TValue> IDictionary<TKey, TValue>.Values => new ValueView(this, null);

    TValue IDictionary<TKey, TValue>.this[TKey key]
    {
        get => this[key];
        set => throw ReadOnly();
    }

    /// <summary>True when <paramref name="pair"/>'s key is present with a value equal by <see cref="ValueComparer"/>. O(log32 n).</summary>
    /// <param name="pair">The entry.</param>
    /// <exception cref="ArgumentNullException">The key is null.</exception>
    public bool Contains(KeyValuePair<TKey, TValue> pair) => _core.Contains(pair);

    /// <summary>Copies the entries to <paramref name="array"/> from <paramref name="arrayIndex"/>. O(n).</summary>
    /// <param name="array">The destination.</param>
    /// <param name="arrayIndex">Where to start writing.</param>
    /// <exception cref="ArgumentNullException"><paramref name="array"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="arrayIndex"/> is outside the array.</exception>
    /// <exception cref="ArgumentException">The array is too short.</exception>
    public void CopyTo(KeyValuePair<TKey, TValue>[] array, int arrayIndex)
    {
        Requires.NotNull(array);
        Requires.Position(arrayIndex, array.Length);
        if (array.Length - arrayIndex < _core.Count)
        {
            throw new ArgumentException($"The destination has room for {array.Length - arrayIndex} entries; {_core.Count} are needed.", nameof(array));
        }

        foreach (var entry in this)
        {
            array[arrayIndex++] = entry;
        }
    }

    IImmutableDictionary<TKey, TValue> IImmutableDictionary<TKey, TValue>.Add(TKey key, TValue value) => Add(key, value);

    IImmutableDictionary<TKey, TValue> IImmutableDictionary<TKey, TValue>.AddRange(IEnumerable<KeyValuePair<TKey, TValue>> pairs) => AddRange(pairs);

    IImmutableDictionary<TKey, TValue> IImmutableDictionary<TKey, TValue>.Clear() => Clear();

    IImmutableDictionary<TKey, TValue> IImmutableDictionary<TKey, TValue>.Remove(TKey key) => Remove(key);

    IImmutableDictionary<TKey, TValue> IImmutableDictionary<TKey, TValue>.RemoveRange(IEnumerable<TKey> keys) => RemoveRange(keys);

    IImmutableDictionary<TKey, TValue> IImmutableDictionary<TKey, TValue>.SetItem(TKey key, TValue value) => SetItem(key, value);

    IImmutableDictionary<TKey, TValue> IImmutableDictionary<TKey, TValue>.SetItems(IEnumerable<KeyValuePair<TKey, TValue>> items) => SetItems(items);

    IEnumerator<KeyValuePair<TKey, TValue>> IEnumerable<KeyValuePair<TKey, TValue>>.GetEnumerator() => GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    void IDictionary<TKey, TValue>.Add(TKey key, TValue value) => throw ReadOnly();

    bool IDictionary<TKey, TValue>.Remove(TKey key) => throw ReadOnly();

    void ICollection<KeyValuePair<TKey, TValue>>.Add(KeyValuePair<TKey, TValue> item) => throw ReadOnly();

    void ICollection<KeyValuePair<TKey, TValue>>.Clear() => throw ReadOnly();

    bool ICollection<KeyValuePair<TKey, TValue>>.Remove(KeyValuePair<TKey, TValue> item) => throw ReadOnly();

    private static NotSupportedException ReadOnly() =>
        new("A PersistentDictionary never changes; use the methods that return a new version, a Builder, or CopyOnWriteDictionary.");
}
