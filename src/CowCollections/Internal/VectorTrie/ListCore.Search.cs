using System;
using System.Collections.Generic;

namespace CowCollections.Internal.VectorTrie;

/// <summary>
/// The predicate and search walks of a list, shared by <see cref="PersistentList{T}"/> and its builder: forward
/// walks go leaf by leaf through a <see cref="LeafCursor{T, G}"/>, backward walks take one descent per leaf and
/// scan the leaf as a span. Arguments are checked by the callers.
/// </summary>
internal partial struct ListCore<T, G>
{
    /// <summary>Index of the first element in [start, start + count) matching <paramref name="match"/>, or -1.</summary>
    public readonly int FindIndex(int start, int count, Predicate<T> match) => FirstIndex(start, count, new PredicateMatch(match));

    /// <summary>Index of the first element equal to <paramref name="item"/> in [start, start + count), or -1.</summary>
    public readonly int IndexOf(T item, int start, int count, IEqualityComparer<T> comparer) => FirstIndex(start, count, new EqualMatch(item, comparer));

    /// <summary>
    /// The one forward search: leaf by leaf from <paramref name="start"/>, the first index in [start, start + count)
    /// whose element <paramref name="match"/> accepts, or -1. <typeparamref name="TMatch"/> is a struct, so the JIT
    /// specializes the loop per test and calls it directly.
    /// </summary>
    private readonly int FirstIndex<TMatch>(int start, int count, TMatch match)
        where TMatch : struct, IElementMatch
    {
        var cursor = new LeafCursor<T, G>(this, start);
        int end = start + count;
        int at = start;
        while (at < end && cursor.MoveNext())
        {
            var chunk = cursor.Current;
            if (chunk.Length > end - at)
            {
                chunk = chunk[..(end - at)];
            }

            for (int i = 0; i < chunk.Length; i++)
            {
                if (match.Matches(chunk[i]))
                {
                    return at + i;
                }
            }

            at += chunk.Length;
        }

        return -1;
    }

    /// <summary>The test of <see cref="FirstIndex{TMatch}"/>.</summary>
    private interface IElementMatch
    {
        bool Matches(T element);
    }

    private readonly struct PredicateMatch(Predicate<T> match) : IElementMatch
    {
        public bool Matches(T element) => match(element);
    }

    private readonly struct EqualMatch(T item, IEqualityComparer<T> comparer) : IElementMatch
    {
        public bool Matches(T element) => comparer.Equals(element, item);
    }

    /// <summary>
    /// The elements from the start of the leaf (or tail) holding <paramref name="index"/> up to and including it,
    /// and the list index of the span's first element. One descent.
    /// </summary>
    private readonly ReadOnlySpan<T> ChunkEndingAt(int index, out int chunkStart)
    {
        int treeCount = TreeCount;
        if (index >= treeCount)
        {
            chunkStart = treeCount;
            return new ReadOnlySpan<T>(Tail, 0, index - treeCount + 1);
        }

        var parent = RrbTree<T, G>.LevelOneAt(Root!, Shift, index, out int slot, out int offset, out _);
        var leaf = System.Runtime.CompilerServices.Unsafe.As<T[]>(parent.Slot(slot));
        chunkStart = index - offset;
        return new ReadOnlySpan<T>(leaf, 0, offset + 1);
    }

    /// <summary>Index of the last element in (start - count, start] matching <paramref name="match"/>, searching backward, or -1.</summary>
    public readonly int FindLastIndex(int start, int count, Predicate<T> match)
    {
        int stop = start - count;
        int at = start;
        while (at > stop)
        {
            var chunk = ChunkEndingAt(at, out int chunkStart);
            int low = Math.Max(chunkStart, stop + 1) - chunkStart;
            for (int i = chunk.Length - 1; i >= low; i--)
            {
                if (match(chunk[i]))
                {
                    return chunkStart + i;
                }
            }

            at = chunkStart - 1;
        }

        return -1;
    }

    /// <summary>Index of the last element in (start - count, start] equal to <paramref name="item"/>, searching backward, or -1.</summary>
    public readonly int LastIndexOf(T item, int start, int count, IEqualityComparer<T> comparer)
    {
        int stop = start - count;
        int at = start;
        while (at > stop)
        {
            var chunk = ChunkEndingAt(at, out int chunkStart);
            int low = Math.Max(chunkStart, stop + 1) - chunkStart;
            for (int i = chunk.Length - 1; i >= low; i--)
            {
                if (comparer.Equals(chunk[i], item))
                {
                    return chunkStart + i;
                }
            }

            at = chunkStart - 1;
        }

        return -1;
    }

    /// <summary>Calls <paramref name="action"/> on every element in order, leaf by leaf.</summary>
    public readonly void ForEach(Action<T> action)
    {
        var cursor = new LeafCursor<T, G>(this);
        while (cursor.MoveNext())
        {
            foreach (var item in cursor.Current)
            {
                action(item);
            }
        }
    }

    /// <summary>The elements matching <paramref name="match"/>, in order, gathered in an owned core (frozen by the caller).</summary>
    public readonly ListCore<T, G> FindAll(Predicate<T> match)
    {
        var result = Empty;
        result.Owner = new EditToken();
        var cursor = new LeafCursor<T, G>(this);
        while (cursor.MoveNext())
        {
            foreach (var item in cursor.Current)
            {
                if (match(item))
                {
                    result.Add(item);
                }
            }
        }

        return result;
    }

    /// <summary>Every element converted by <paramref name="converter"/>, in order, gathered in an owned core (frozen by the caller).</summary>
    public readonly ListCore<TOutput, G> ConvertAll<TOutput>(Func<T, TOutput> converter)
    {
        var result = ListCore<TOutput, G>.Empty;
        result.Owner = new EditToken();
        var cursor = new LeafCursor<T, G>(this);
        while (cursor.MoveNext())
        {
            foreach (var item in cursor.Current)
            {
                result.Add(converter(item));
            }
        }

        return result;
    }

    /// <summary>
    /// Binary search of [index, index + count) as <c>Array.BinarySearch</c> probes (same midpoints, so the same
    /// answer among equal elements); O(log n) per probe.
    /// </summary>
    public readonly int BinarySearch(int index, int count, T item, IComparer<T> comparer)
    {
        int lo = index;
        int hi = index + count - 1;
        while (lo <= hi)
        {
            int i = lo + ((hi - lo) >> 1);
            int order = comparer.Compare(ItemRef(i), item);
            if (order == 0)
            {
                return i;
            }

            if (order < 0)
            {
                lo = i + 1;
            }
            else
            {
                hi = i - 1;
            }
        }

        return ~lo;
    }

    /// <summary>Copies [index, index + count) to <paramref name="destination"/>, leaf by leaf.</summary>
    public readonly void CopyTo(int index, Span<T> destination, int count)
    {
        var cursor = new LeafCursor<T, G>(this, index);
        int at = 0;
        while (at < count && cursor.MoveNext())
        {
            var chunk = cursor.Current;
            if (chunk.Length > count - at)
            {
                chunk = chunk[..(count - at)];
            }

            chunk.CopyTo(destination[at..]);
            at += chunk.Length;
        }
    }
}
