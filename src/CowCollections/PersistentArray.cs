using System;
using System.Collections.Generic;

namespace CowCollections;

/// <summary>Factory methods for <see cref="PersistentArray{T}"/>, mirroring <c>System.Collections.Immutable.ImmutableArray</c>.</summary>
public static class PersistentArray
{
    /// <summary>
    /// An array of <paramref name="length"/> elements, all <c>default(T)</c>. O(length / chunk size):
    /// every full chunk is one shared zero chunk, so a 1M-element array allocates only its chunk directory.
    /// </summary>
    /// <typeparam name="T">The element type.</typeparam>
    /// <param name="length">The number of elements, at least 0.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="length"/> is negative.</exception>
    public static PersistentArray<T> Create<T>(int length) => PersistentArray<T>.Filled(length, default!);

    /// <summary>An array of <paramref name="length"/> copies of <paramref name="value"/>. O(length / chunk size): full chunks share one filled chunk.</summary>
    /// <typeparam name="T">The element type.</typeparam>
    /// <param name="length">The number of elements, at least 0.</param>
    /// <param name="value">The value of every element.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="length"/> is negative.</exception>
    public static PersistentArray<T> Create<T>(int length, T value) => PersistentArray<T>.Filled(length, value);

    /// <summary>An array holding a copy of <paramref name="items"/>; also the target of collection expressions. O(n), one copy.</summary>
    /// <typeparam name="T">The element type.</typeparam>
    /// <param name="items">The elements, in order.</param>
    public static PersistentArray<T> Create<T>(ReadOnlySpan<T> items) => PersistentArray<T>.FromSpan(items);

    /// <summary>An array holding the elements of <paramref name="items"/>. O(n).</summary>
    /// <typeparam name="T">The element type.</typeparam>
    /// <param name="items">The elements, in order.</param>
    /// <exception cref="ArgumentNullException"><paramref name="items"/> is null.</exception>
    public static PersistentArray<T> CreateRange<T>(IEnumerable<T> items)
    {
        ArgumentNullException.ThrowIfNull(items);
        return items is PersistentArray<T> array ? array : PersistentArray<T>.FromSpan(PersistentArray<T>.Materialize(items));
    }

    /// <summary>A builder over a new array of <paramref name="length"/> <c>default(T)</c> elements. O(length / chunk size).</summary>
    /// <typeparam name="T">The element type.</typeparam>
    /// <param name="length">The number of elements, at least 0.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="length"/> is negative.</exception>
    public static PersistentArray<T>.Builder CreateBuilder<T>(int length) => Create<T>(length).ToBuilder();

    /// <summary>
    /// An array of the elements of <paramref name="source"/>, in order, as <c>ToImmutableArray</c>: a
    /// <see cref="PersistentArray{T}"/> is returned itself (O(1)); anything else is copied, O(n).
    /// </summary>
    /// <typeparam name="T">The element type.</typeparam>
    /// <param name="source">The elements.</param>
    /// <exception cref="ArgumentNullException"><paramref name="source"/> is null.</exception>
    /// <remarks>A null <paramref name="source"/> is reported as <c>items</c>, as <c>ToImmutableArray</c> reports it.</remarks>
    public static PersistentArray<T> ToPersistentArray<T>(this IEnumerable<T> source) => CreateRange(source);

    /// <summary>The builder's current contents as an array: <see cref="PersistentArray{T}.Builder.ToImmutable"/>.</summary>
    /// <typeparam name="T">The element type.</typeparam>
    /// <param name="builder">The builder.</param>
    /// <exception cref="ArgumentNullException"><paramref name="builder"/> is null.</exception>
    public static PersistentArray<T> ToPersistentArray<T>(this PersistentArray<T>.Builder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.ToImmutable();
    }
}
