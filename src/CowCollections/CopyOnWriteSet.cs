using System;

namespace CowCollections;

/// <summary>Factory methods for <see cref="CopyOnWriteSet{T}"/>; the target of its collection expressions.</summary>
public static class CopyOnWriteSet
{
    /// <summary>
    /// A container whose first version holds <paramref name="items"/>, built in one pass as
    /// <see cref="PersistentHashSet.Create{T}(ReadOnlySpan{T})"/> builds it (the first of equal elements kept); also
    /// the target of collection expressions. O(n log n).
    /// </summary>
    /// <typeparam name="T">The element type.</typeparam>
    /// <param name="items">The elements.</param>
    /// <returns>The new container.</returns>
    public static CopyOnWriteSet<T> Create<T>(ReadOnlySpan<T> items) => new(PersistentHashSet.Create(items));
}
