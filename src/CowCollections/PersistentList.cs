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

    /// <summary>
    /// A list of the elements of <paramref name="source"/>, in order, as <c>ToImmutableList</c>: a
    /// <see cref="PersistentList{T}"/> is returned itself and a <see cref="PersistentList{T}.Builder"/> gives its
    /// <see cref="PersistentList{T}.Builder.ToImmutable"/> (both O(1)); anything else is copied, O(n).
    /// </summary>
    /// <typeparam name="T">The element type.</typeparam>
    /// <param name="source">The elements.</param>
    /// <exception cref="ArgumentNullException"><paramref name="source"/> is null.</exception>
    /// <remarks>A null <paramref name="source"/> is reported as <c>items</c>, as <c>ToImmutableList</c> reports it.</remarks>
    public static PersistentList<T> ToPersistentList<T>(this IEnumerable<T> source) =>
        source as PersistentList<T> ?? PersistentList<T>.Empty.AddRange(source);

    /// <summary>The builder's current contents as a list: <see cref="PersistentList{T}.Builder.ToImmutable"/>, O(1).</summary>
    /// <typeparam name="T">The element type.</typeparam>
    /// <param name="builder">The builder.</param>
    /// <exception cref="ArgumentNullException"><paramref name="builder"/> is null.</exception>
    public static PersistentList<T> ToPersistentList<T>(this PersistentList<T>.Builder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.ToImmutable();
    }
}
