using System;
using System.Collections.Generic;

namespace CowCollections;

/// <summary>Factory methods for <see cref="CopyOnWriteDictionary{TKey, TValue}"/>; the target of its collection expressions.</summary>
public static class CopyOnWriteDictionary
{
    /// <summary>
    /// A container whose first version holds <paramref name="items"/>, built in one pass as
    /// <see cref="PersistentDictionary.Create{TKey, TValue}(ReadOnlySpan{KeyValuePair{TKey, TValue}})"/> builds it
    /// (a later duplicate key wins); also the target of collection expressions. O(n).
    /// </summary>
    /// <typeparam name="TKey">The key type.</typeparam>
    /// <typeparam name="TValue">The value type.</typeparam>
    /// <param name="items">The entries.</param>
    /// <returns>The new container.</returns>
    /// <exception cref="ArgumentNullException">A key is null.</exception>
    public static CopyOnWriteDictionary<TKey, TValue> Create<TKey, TValue>(ReadOnlySpan<KeyValuePair<TKey, TValue>> items)
        where TKey : notnull => new(PersistentDictionary.Create(items));
}
