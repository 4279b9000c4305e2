using System;

namespace CowCollections;

/// <summary>Factory methods for <see cref="CopyOnWriteArray{T}"/>; the target of its collection expressions.</summary>
public static class CopyOnWriteArray
{
    /// <summary>A container whose first version holds a copy of <paramref name="items"/>; also the target of collection expressions. O(n), one copy.</summary>
    /// <typeparam name="T">The element type.</typeparam>
    /// <param name="items">The elements, in order.</param>
    /// <returns>The new container.</returns>
    public static CopyOnWriteArray<T> Create<T>(ReadOnlySpan<T> items) => new(PersistentArray.Create(items));
}
