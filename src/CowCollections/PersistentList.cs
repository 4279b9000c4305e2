using System;
using System.Collections.Generic;

namespace CowCollections;

/// <summary>Factory methods for <see cref="PersistentList{T}"/>, mirroring <c>System.Collections.Immutable.ImmutableList</c>.</summary>
public static class PersistentList
{
    /// <summary>The empty list. O(1), no allocation.</summary>
    /// <typeparam name="T">The element type.</typeparam>
    public static PersistentList<T> Create<T>() => PersistentList<T>.Empty;

    /// <summary>A list of one element.</summary>
    /// <typeparam name="T">The element type.</typeparam>
    /// <param name="item">The element.</param>
    public static PersistentList<T> Create<T>(T item) => PersistentList<T>.Empty.Add(item);

    /// <summary>A list holding a copy of <paramref name="items"/>; also the target of collection expressions. O(n).</summary>
    /// <typeparam name="T">The element type.</typeparam>
    /// <param name="items">The elements, in order.</param>
    public static PersistentList<T> Create<T>(ReadOnlySpan<T> items) => PersistentList<T>.FromSpan(items);

    /// <summary>A list holding a copy of <paramref name="items"/>. O(n).</summary>
    /// <typeparam name="T">The element type.</typeparam>
    /// <param name="items">The elements, in order.</param>
    public static PersistentList<T> Create<T>(params T[] items)
    {
        ArgumentNullException.ThrowIfNull(items);
        return PersistentList<T>.FromSpan(items);
    }

    /// <summary>A list holding the elements of <paramref name="items"/>. O(n).</summary>
    /// <typeparam name="T">The element type.</typeparam>
    /// <param name="items">The elements, in order.</param>
    /// <exception cref="ArgumentNullException"><paramref name="items"/> is null.</exception>
    public static PersistentList<T> CreateRange<T>(IEnumerable<T> items) => PersistentList<T>.Empty.AddRange(items);

    /// <summary>A new empty builder. O(1).</summary>
    /// <typeparam name="T">The element type.</typeparam>
    public static PersistentList<T>.Builder CreateBuilder<T>() => PersistentList<T>.Empty.ToBuilder();
}
