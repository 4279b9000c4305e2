using System;
using System.Collections.Generic;

namespace CowCollections;

/// <summary>Factory methods for <see cref="PersistentHashSet{T}"/>, mirroring <c>System.Collections.Immutable.ImmutableHashSet</c>.</summary>
public static class PersistentHashSet
{
    /// <summary>The empty set with the default comparer. O(1), no allocation.</summary>
    /// <typeparam name="T">The element type.</typeparam>
    public static PersistentHashSet<T> Create<T>() => PersistentHashSet<T>.Empty;

    /// <summary>An empty set using <paramref name="equalityComparer"/>. O(1).</summary>
    /// <typeparam name="T">The element type.</typeparam>
    /// <param name="equalityComparer">The comparer; null for the default.</param>
    public static PersistentHashSet<T> Create<T>(IEqualityComparer<T>? equalityComparer) => PersistentHashSet<T>.EmptyWith(equalityComparer);

    /// <summary>The set of one element. O(1).</summary>
    /// <typeparam name="T">The element type.</typeparam>
    /// <param name="item">The element (may be null).</param>
    public static PersistentHashSet<T> Create<T>(T item) => PersistentHashSet<T>.Empty.Add(item);

    /// <summary>The set of one element under <paramref name="equalityComparer"/>. O(1).</summary>
    /// <typeparam name="T">The element type.</typeparam>
    /// <param name="equalityComparer">The comparer; null for the default.</param>
    /// <param name="item">The element (may be null).</param>
    public static PersistentHashSet<T> Create<T>(IEqualityComparer<T>? equalityComparer, T item) => PersistentHashSet<T>.EmptyWith(equalityComparer).Add(item);

    /// <summary>
    /// The set of <paramref name="items"/>, the first of equal elements kept; the target of collection expressions.
    /// Built in one sorted pass, not one insertion per element. O(n log n).
    /// </summary>
    /// <typeparam name="T">The element type.</typeparam>
    /// <param name="items">The elements.</param>
    public static PersistentHashSet<T> Create<T>(ReadOnlySpan<T> items) => PersistentHashSet<T>.CreateFrom(null, items.ToArray());

    /// <summary>The set of <paramref name="items"/> under <paramref name="equalityComparer"/>, the first of equal elements kept. O(n log n).</summary>
    /// <typeparam name="T">The element type.</typeparam>
    /// <param name="equalityComparer">The comparer; null for the default.</param>
    /// <param name="items">The elements.</param>
    public static PersistentHashSet<T> Create<T>(IEqualityComparer<T>? equalityComparer, ReadOnlySpan<T> items) => PersistentHashSet<T>.CreateFrom(equalityComparer, items.ToArray());

    /// <summary>The set of <paramref name="items"/>, the first of equal elements kept. O(n log n).</summary>
    /// <typeparam name="T">The element type.</typeparam>
    /// <param name="items">The elements.</param>
    /// <exception cref="ArgumentNullException"><paramref name="items"/> is null.</exception>
    public static PersistentHashSet<T> Create<T>(params T[] items)
    {
        ArgumentNullException.ThrowIfNull(items);
        return PersistentHashSet<T>.CreateFrom(null, items);
    }

    /// <summary>The set of <paramref name="items"/> under <paramref name="equalityComparer"/>, the first of equal elements kept. O(n log n).</summary>
    /// <typeparam name="T">The element type.</typeparam>
    /// <param name="equalityComparer">The comparer; null for the default.</param>
    /// <param name="items">The elements.</param>
    /// <exception cref="ArgumentNullException"><paramref name="items"/> is null.</exception>
    public static PersistentHashSet<T> Create<T>(IEqualityComparer<T>? equalityComparer, params T[] items)
    {
        ArgumentNullException.ThrowIfNull(items);
        return PersistentHashSet<T>.CreateFrom(equalityComparer, items);
    }

    /// <summary>The set of <paramref name="items"/>, the first of equal elements kept. O(n log n) in one bulk pass when the count is known.</summary>
    /// <typeparam name="T">The element type.</typeparam>
    /// <param name="items">The elements.</param>
    /// <exception cref="ArgumentNullException"><paramref name="items"/> is null.</exception>
    public static PersistentHashSet<T> CreateRange<T>(IEnumerable<T> items) => CreateRange(null, items);

    /// <summary>The set of <paramref name="items"/> under <paramref name="equalityComparer"/>, the first of equal elements kept.</summary>
    /// <typeparam name="T">The element type.</typeparam>
    /// <param name="equalityComparer">The comparer; null for the default.</param>
    /// <param name="items">The elements.</param>
    /// <remarks>A <see cref="PersistentHashSet{T}"/> with the same comparer is returned as it is, in O(1).</remarks>
    /// <exception cref="ArgumentNullException"><paramref name="items"/> is null.</exception>
    public static PersistentHashSet<T> CreateRange<T>(IEqualityComparer<T>? equalityComparer, IEnumerable<T> items)
    {
        ArgumentNullException.ThrowIfNull(items);
        return items is PersistentHashSet<T> set ? set.WithComparer(equalityComparer) : PersistentHashSet<T>.CreateFrom(equalityComparer, items);
    }

    /// <summary>An empty builder with the default comparer. O(1).</summary>
    /// <typeparam name="T">The element type.</typeparam>
    public static PersistentHashSet<T>.Builder CreateBuilder<T>() => PersistentHashSet<T>.Empty.ToBuilder();

    /// <summary>An empty builder using <paramref name="equalityComparer"/>. O(1).</summary>
    /// <typeparam name="T">The element type.</typeparam>
    /// <param name="equalityComparer">The comparer; null for the default.</param>
    public static PersistentHashSet<T>.Builder CreateBuilder<T>(IEqualityComparer<T>? equalityComparer) => PersistentHashSet<T>.EmptyWith(equalityComparer).ToBuilder();

    /// <summary>The distinct elements of <paramref name="source"/> (the first of equal ones kept) as a set. O(n log n) in one bulk pass; a set with the default comparer is returned as it is.</summary>
    /// <typeparam name="T">The element type.</typeparam>
    /// <param name="source">The elements.</param>
    /// <exception cref="ArgumentNullException"><paramref name="source"/> is null.</exception>
    public static PersistentHashSet<T> ToPersistentHashSet<T>(this IEnumerable<T> source) => ToPersistentHashSet(source, null);

    /// <summary>The distinct elements of <paramref name="source"/> under <paramref name="equalityComparer"/> as a set; a set with that comparer is returned as it is.</summary>
    /// <typeparam name="T">The element type.</typeparam>
    /// <param name="source">The elements.</param>
    /// <param name="equalityComparer">The comparer; null for the default.</param>
    /// <exception cref="ArgumentNullException"><paramref name="source"/> is null.</exception>
    public static PersistentHashSet<T> ToPersistentHashSet<T>(this IEnumerable<T> source, IEqualityComparer<T>? equalityComparer)
    {
        ArgumentNullException.ThrowIfNull(source);
        return source is PersistentHashSet<T>.Builder builder
            ? builder.ToImmutable().WithComparer(equalityComparer)
            : CreateRange(equalityComparer, source);
    }

    /// <summary>The builder's current contents as a set: <see cref="PersistentHashSet{T}.Builder.ToImmutable"/>. O(1).</summary>
    /// <typeparam name="T">The element type.</typeparam>
    /// <param name="builder">The builder.</param>
    /// <exception cref="ArgumentNullException"><paramref name="builder"/> is null.</exception>
    public static PersistentHashSet<T> ToPersistentHashSet<T>(this PersistentHashSet<T>.Builder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.ToImmutable();
    }
}
