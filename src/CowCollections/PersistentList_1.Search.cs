using System;
using System.Collections.Generic;
using CowCollections.Internal;
using CowCollections.Internal.VectorTrie;

namespace CowCollections;

public sealed partial class PersistentList<T>
{
    /// <summary>Calls <paramref name="action"/> on every element in order. O(n), leaf by leaf.</summary>
    /// <param name="action">The action.</param>
    /// <exception cref="ArgumentNullException"><paramref name="action"/> is null.</exception>
    public void ForEach(Action<T> action)
    {
        Requires.NotNull(action);
        Core.ForEach(action);
    }

    /// <summary>True when some element matches <paramref name="match"/>. O(n), leaf by leaf; stops at the first match.</summary>
    /// <param name="match">The predicate.</param>
    /// <exception cref="ArgumentNullException"><paramref name="match"/> is null.</exception>
    public bool Exists(Predicate<T> match)
    {
        Requires.NotNull(match);
        return Core.FindIndex(0, _count, match) >= 0;
    }

    /// <summary>True when every element matches <paramref name="match"/> (always for an empty list). O(n), leaf by leaf; stops at the first mismatch.</summary>
    /// <param name="match">The predicate.</param>
    /// <exception cref="ArgumentNullException"><paramref name="match"/> is null.</exception>
    public bool TrueForAll(Predicate<T> match)
    {
        Requires.NotNull(match);
        return Core.FindIndex(0, _count, item => !match(item)) < 0;
    }

    /// <summary>The first element matching <paramref name="match"/>, or <c>default(T)</c>. O(n), leaf by leaf.</summary>
    /// <param name="match">The predicate.</param>
    /// <exception cref="ArgumentNullException"><paramref name="match"/> is null.</exception>
    public T? Find(Predicate<T> match)
    {
        Requires.NotNull(match);
        int index = Core.FindIndex(0, _count, match);
        return index < 0 ? default : this[index];
    }

    /// <summary>The elements matching <paramref name="match"/>, in order, as a new list (the empty list when none does). O(n).</summary>
    /// <param name="match">The predicate.</param>
    /// <exception cref="ArgumentNullException"><paramref name="match"/> is null.</exception>
    public PersistentList<T> FindAll(Predicate<T> match)
    {
        Requires.NotNull(match);
        return FromCore(Core.FindAll(match));
    }

    /// <summary>The last element matching <paramref name="match"/>, or <c>default(T)</c>. O(n), searched backward leaf by leaf.</summary>
    /// <param name="match">The predicate.</param>
    /// <exception cref="ArgumentNullException"><paramref name="match"/> is null.</exception>
    public T? FindLast(Predicate<T> match)
    {
        Requires.NotNull(match);
        int index = _count == 0 ? -1 : Core.FindLastIndex(_count - 1, _count, match);
        return index < 0 ? default : this[index];
    }

    /// <summary>Index of the first element matching <paramref name="match"/>, or -1. O(n), leaf by leaf.</summary>
    /// <param name="match">The predicate.</param>
    /// <exception cref="ArgumentNullException"><paramref name="match"/> is null.</exception>
    public int FindIndex(Predicate<T> match)
    {
        Requires.NotNull(match);
        return Core.FindIndex(0, _count, match);
    }

    /// <summary>Index of the first element from <paramref name="startIndex"/> on matching <paramref name="match"/>, or -1. O(n).</summary>
    /// <param name="startIndex">Where the search starts, in [0, Count].</param>
    /// <param name="match">The predicate.</param>
    /// <exception cref="ArgumentNullException"><paramref name="match"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="startIndex"/> is outside [0, Count].</exception>
    public int FindIndex(int startIndex, Predicate<T> match) => FindIndex(Core, startIndex, match);

    /// <summary>Index of the first element in [startIndex, startIndex + count) matching <paramref name="match"/>, or -1. O(count).</summary>
    /// <param name="startIndex">Where the search starts.</param>
    /// <param name="count">How many elements to search.</param>
    /// <param name="match">The predicate.</param>
    /// <exception cref="ArgumentNullException"><paramref name="match"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="startIndex"/> or <paramref name="count"/> is negative, or the range passes the end (reported as <paramref name="count"/>, as <c>ImmutableList&lt;T&gt;</c> does).</exception>
    public int FindIndex(int startIndex, int count, Predicate<T> match) => FindIndex(Core, startIndex, count, match);

    /// <summary>Index of the last element matching <paramref name="match"/>, or -1. O(n), searched backward leaf by leaf.</summary>
    /// <param name="match">The predicate.</param>
    /// <exception cref="ArgumentNullException"><paramref name="match"/> is null.</exception>
    public int FindLastIndex(Predicate<T> match)
    {
        Requires.NotNull(match);
        return _count == 0 ? -1 : Core.FindLastIndex(_count - 1, _count, match);
    }

    /// <summary>Index of the last element in [0, startIndex] matching <paramref name="match"/>, or -1. O(startIndex).</summary>
    /// <param name="startIndex">Where the backward search starts: in [0, Count), or 0 on an empty list.</param>
    /// <param name="match">The predicate.</param>
    /// <exception cref="ArgumentNullException"><paramref name="match"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="startIndex"/> is outside the list.</exception>
    public int FindLastIndex(int startIndex, Predicate<T> match) => FindLastIndex(Core, startIndex, match);

    /// <summary>Index of the last element in (startIndex - count, startIndex] matching <paramref name="match"/>, searching backward, or -1. O(count).</summary>
    /// <param name="startIndex">Where the backward search starts.</param>
    /// <param name="count">How many elements to search.</param>
    /// <param name="match">The predicate.</param>
    /// <exception cref="ArgumentNullException"><paramref name="match"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="startIndex"/> or <paramref name="count"/> does not describe a range inside the list (named as <c>ImmutableList&lt;T&gt;</c> names them; a negative count is rejected, as <see cref="List{T}"/> rejects it).</exception>
    public int FindLastIndex(int startIndex, int count, Predicate<T> match) => FindLastIndex(Core, startIndex, count, match);

    /// <summary>A new list of every element converted by <paramref name="converter"/>, in order. O(n): built leaf by leaf through an owned tail, no intermediate copy.</summary>
    /// <typeparam name="TOutput">The element type of the result.</typeparam>
    /// <param name="converter">The conversion.</param>
    /// <exception cref="ArgumentNullException"><paramref name="converter"/> is null.</exception>
    public PersistentList<TOutput> ConvertAll<TOutput>(Func<T, TOutput> converter)
    {
        Requires.NotNull(converter);
        return PersistentList<TOutput>.FromCore(Core.ConvertAll(converter));
    }

    /// <summary>Binary search of the (sorted) list for <paramref name="item"/> by the default comparer. O(log n) probes of O(log32 n) each.</summary>
    /// <param name="item">The element to find.</param>
    /// <returns>Its index, or the bitwise complement of the index of the first larger element (of Count when there is none), as <see cref="List{T}.BinarySearch(T)"/>.</returns>
    /// <exception cref="InvalidOperationException">The default comparer cannot compare <typeparamref name="T"/>.</exception>
    public int BinarySearch(T item) => BinarySearch(0, _count, item, null);

    /// <summary>Binary search of the (sorted) list for <paramref name="item"/> by <paramref name="comparer"/>. O(log n) probes.</summary>
    /// <param name="item">The element to find.</param>
    /// <param name="comparer">The comparer; null for the default.</param>
    /// <returns>Its index, or the bitwise complement of the index of the first larger element.</returns>
    public int BinarySearch(T item, IComparer<T>? comparer) => BinarySearch(0, _count, item, comparer);

    /// <summary>Binary search of the (sorted) range [index, index + count) for <paramref name="item"/>. O(log count) probes; probes as <see cref="List{T}.BinarySearch(int, int, T, IComparer{T})"/>, so equal elements give the same answer.</summary>
    /// <param name="index">The first element of the range.</param>
    /// <param name="count">How many elements the range holds.</param>
    /// <param name="item">The element to find.</param>
    /// <param name="comparer">The comparer; null for the default.</param>
    /// <returns>Its index, or the bitwise complement of the index of the first larger element of the range.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="index"/> or <paramref name="count"/> is negative, or the range passes the end (reported as <paramref name="count"/>).</exception>
    public int BinarySearch(int index, int count, T item, IComparer<T>? comparer) => BinarySearch(Core, index, count, item, comparer);

    /// <summary>A copy with the sorted range [index, index + count); the rest is shared with this list. O(n).</summary>
    /// <param name="index">The first element to sort.</param>
    /// <param name="count">How many elements to sort.</param>
    /// <param name="comparer">The comparer; null for the default.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="index"/> or <paramref name="count"/> is negative, or the range passes the end (reported as <paramref name="count"/>).</exception>
    public PersistentList<T> Sort(int index, int count, IComparer<T>? comparer)
    {
        CheckRange(index, count, _count);
        if (count < 2)
        {
            return this;
        }

        var items = new T[count];
        Core.CopyTo(index, items, count);
        Array.Sort(items, comparer);
        return Splice(index, count, items);
    }

    /// <summary>A copy with the range [index, index + count) reversed; the rest is shared with this list. O(count + log n).</summary>
    /// <param name="index">The first element to reverse.</param>
    /// <param name="count">How many elements to reverse.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="index"/> or <paramref name="count"/> is negative, or the range passes the end (reported as <paramref name="index"/>, as <c>ImmutableList&lt;T&gt;.Reverse</c> does).</exception>
    public PersistentList<T> Reverse(int index, int count)
    {
        CheckRange(index, count, _count, pastEndName: nameof(index));
        if (count < 2)
        {
            return this;
        }

        var items = new T[count];
        Core.CopyTo(index, items, count);
        Array.Reverse(items);
        return Splice(index, count, items);
    }

    /// <summary>Copies every element to the start of <paramref name="array"/>. O(n), leaf by leaf.</summary>
    /// <param name="array">The destination, at least <see cref="Count"/> long.</param>
    /// <exception cref="ArgumentNullException"><paramref name="array"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="array"/> is shorter than the list (as <c>ImmutableList&lt;T&gt;.CopyTo</c> reports it).</exception>
    public void CopyTo(T[] array) => CopyTo(Core, array);

    /// <summary>Copies every element to <paramref name="array"/> from <paramref name="arrayIndex"/>. O(n), leaf by leaf.</summary>
    /// <param name="array">The destination.</param>
    /// <param name="arrayIndex">Where in <paramref name="array"/> the first element goes.</param>
    /// <exception cref="ArgumentNullException"><paramref name="array"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="arrayIndex"/> is negative or the elements do not fit after it (as <c>ImmutableList&lt;T&gt;.CopyTo</c> reports both).</exception>
    public void CopyTo(T[] array, int arrayIndex) => CopyTo(Core, 0, array, arrayIndex, _count);

    /// <summary>Copies [index, index + count) to <paramref name="array"/> from <paramref name="arrayIndex"/>. O(count), leaf by leaf.</summary>
    /// <param name="index">The first element to copy.</param>
    /// <param name="array">The destination.</param>
    /// <param name="arrayIndex">Where in <paramref name="array"/> the first element goes.</param>
    /// <param name="count">How many elements to copy.</param>
    /// <exception cref="ArgumentNullException"><paramref name="array"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A negative index or count, a source range past the end (reported as <paramref name="count"/>) or a destination range past the array's end (reported as <paramref name="arrayIndex"/>).</exception>
    public void CopyTo(int index, T[] array, int arrayIndex, int count) => CopyTo(Core, index, array, arrayIndex, count);

    /// <summary>
    /// The elements [start, start + length) as a list sharing this one's nodes: <see cref="GetRange"/> under the name
    /// the C# range indexer uses, so <c>list[1..3]</c> works. O(log n).
    /// </summary>
    /// <param name="start">The first element.</param>
    /// <param name="length">How many elements.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="start"/> is outside [0, Count], or <paramref name="length"/> is negative or passes the end.</exception>
    public PersistentList<T> Slice(int start, int length)
    {
        Requires.Range(start, length, _count);
        return GetRange(start, length);
    }

    /// <summary>This list with [index, index + count) replaced by <paramref name="items"/> (as long), sharing the rest.</summary>
    private PersistentList<T> Splice(int index, int count, T[] items)
    {
        if (count == _count)
        {
            return FromSpan(items);
        }

        var core = Core;
        core.RemoveRange(index, count);
        core.InsertRange(index, ListCore<T, DefaultGeometry>.From(items));
        return FromCore(core);
    }

    /// <summary>The range checks of <c>ImmutableList&lt;T&gt;</c>: a negative index or count names itself, a range past the end names the count.</summary>
    private static void CheckRange(int index, int count, int total, string indexName = "index", string countName = "count", string? pastEndName = null)
    {
        if (index < 0)
        {
            throw new ArgumentOutOfRangeException(indexName, index, "The index is negative.");
        }

        if (count < 0)
        {
            throw new ArgumentOutOfRangeException(countName, count, "The count is negative.");
        }

        if (count > total - index)
        {
            throw new ArgumentOutOfRangeException(pastEndName ?? countName, count, $"The range [{index}, {index}+{count}) does not fit in a list of {total} elements.");
        }
    }

    private static int FindIndex(in ListCore<T, DefaultGeometry> core, int startIndex, Predicate<T> match)
    {
        Requires.NotNull(match);
        Requires.Position(startIndex, core.Count);
        return core.FindIndex(startIndex, core.Count - startIndex, match);
    }

    private static int FindIndex(in ListCore<T, DefaultGeometry> core, int startIndex, int count, Predicate<T> match)
    {
        Requires.NotNull(match);
        CheckRange(startIndex, count, core.Count, nameof(startIndex));
        return core.FindIndex(startIndex, count, match);
    }

    private static int FindLastIndex(in ListCore<T, DefaultGeometry> core, int startIndex, Predicate<T> match)
    {
        Requires.NotNull(match);
        if (startIndex < 0 || (startIndex != 0 && startIndex >= core.Count))
        {
            throw new ArgumentOutOfRangeException(nameof(startIndex), startIndex, $"A backward search starts in [0, {core.Count}).");
        }

        return core.Count == 0 ? -1 : core.FindLastIndex(startIndex, startIndex + 1, match);
    }

    private static int FindLastIndex(in ListCore<T, DefaultGeometry> core, int startIndex, int count, Predicate<T> match)
    {
        // The checks of ImmutableList<T>, in its order, except that a negative count is rejected as List<T> rejects it.
        Requires.NotNull(match);
        if (startIndex < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(startIndex), startIndex, "The start index is negative.");
        }

        if (count < 0 || count > core.Count)
        {
            throw new ArgumentOutOfRangeException(nameof(count), count, $"A backward search covers 0 to {core.Count} elements.");
        }

        if (startIndex - count + 1 < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(startIndex), startIndex, $"A backward search of {count} elements starts at {count - 1} or later.");
        }

        if (count == 0)
        {
            return -1;
        }

        if (startIndex >= core.Count)
        {
            throw new ArgumentOutOfRangeException(nameof(startIndex), startIndex, $"A backward search starts in [0, {core.Count}).");
        }

        return core.FindLastIndex(startIndex, count, match);
    }

    private static int LastIndexOf(in ListCore<T, DefaultGeometry> core, T item, int index, int count, IEqualityComparer<T>? equalityComparer)
    {
        // Empty: a search of nothing from 0 (as List<T>, ImmutableList and ImmutableArray accept) or from -1 (as LastIndexOf(item) makes).
        if (core.Count == 0 && count == 0 && (index == 0 || index == -1))
        {
            return -1;
        }

        Requires.Index(index, core.Count);
        if (count < 0 || count > index + 1)
        {
            throw new ArgumentOutOfRangeException(nameof(count), count, $"A backward search from {index} covers at most {index + 1} elements.");
        }

        return core.LastIndexOf(item, index, count, equalityComparer ?? EqualityComparer<T>.Default);
    }

    private static int BinarySearch(in ListCore<T, DefaultGeometry> core, int index, int count, T item, IComparer<T>? comparer)
    {
        CheckRange(index, count, core.Count);
        return core.BinarySearch(index, count, item, comparer ?? Comparer<T>.Default);
    }

    private static void CopyTo(in ListCore<T, DefaultGeometry> core, T[] array)
    {
        Requires.NotNull(array);
        if (array.Length < core.Count)
        {
            throw new ArgumentOutOfRangeException(nameof(array), array.Length, $"The array holds {array.Length} elements; {core.Count} are needed.");
        }

        core.CopyTo(array);
    }

    private static void CopyTo(in ListCore<T, DefaultGeometry> core, int index, T[] array, int arrayIndex, int count)
    {
        Requires.NotNull(array);
        CheckRange(index, count, core.Count);
        if (arrayIndex < 0 || count > array.Length - arrayIndex)
        {
            throw new ArgumentOutOfRangeException(nameof(arrayIndex), arrayIndex, $"{count} elements from {arrayIndex} do not fit in an array of {array.Length}.");
        }

        core.CopyTo(index, array.AsSpan(arrayIndex), count);
    }
}
