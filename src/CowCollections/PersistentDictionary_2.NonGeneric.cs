using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using CowCollections.Internal;

namespace CowCollections;

/// <remarks>
/// The non-generic <see cref="IDictionary"/> is implemented explicitly, as on <c>ImmutableDictionary&lt;TKey, TValue&gt;</c>:
/// fixed-size, read-only (<c>Add</c>, <c>Clear</c>, <c>Remove</c> and the indexer's set throw
/// <see cref="NotSupportedException"/>) and synchronized (it never changes; <c>SyncRoot</c> is the dictionary). <c>CopyTo</c>
/// writes <see cref="DictionaryEntry"/> values (or <c>KeyValuePair&lt;TKey, TValue&gt;</c> into an array of them). A null key
/// is an <see cref="ArgumentNullException"/>; reading an absent key throws <see cref="KeyNotFoundException"/> (as SCI);
/// reading (null) or testing a key of another type finds nothing, as in <c>Dictionary&lt;TKey, TValue&gt;</c>.
/// </remarks>
public sealed partial class PersistentDictionary<TKey, TValue> : IDictionary
{
    bool IDictionary.IsFixedSize => true;

    bool IDictionary.IsReadOnly => true;

    bool ICollection.IsSynchronized => true;

    object ICollection.SyncRoot => this;

    ICollection IDictionary.Keys => Keys.ToArray();

    ICollection IDictionary.Values => Values.ToArray();

    object? IDictionary.this[object key]
    {
        get
        {
            Requires.NotNull(key);
            return NonGeneric.IsCompatible<TKey>(key) ? this[(TKey)key] : null;
        }

        set => throw ReadOnly();
    }

    void IDictionary.Add(object key, object? value) => throw ReadOnly();

    void IDictionary.Clear() => throw ReadOnly();

    bool IDictionary.Contains(object key)
    {
        Requires.NotNull(key);
        return NonGeneric.IsCompatible<TKey>(key) && ContainsKey((TKey)key);
    }

    IDictionaryEnumerator IDictionary.GetEnumerator() => new DictionaryEnumerator<TKey, TValue>(GetEnumerator());

    void IDictionary.Remove(object key) => throw ReadOnly();

    void ICollection.CopyTo(Array array, int index) => NonGenericEntries.CopyTo(this, _core.Count, array, index);
}
