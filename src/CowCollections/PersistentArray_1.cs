using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using CowCollections.Internal;
using CowCollections.Internal.ChunkedArray;
using CowCollections.Internal.VectorTrie;

namespace CowCollections;

/// <summary>
/// An immutable array whose versions share structure: the elements live in fixed-size chunks (about
/// 1 KiB each) held by a 32-way vector trie, so a write copies one chunk and a short path instead of
/// the whole array. The answer to <c>ImmutableArray&lt;T&gt;.SetItem</c> costing O(n).
/// </summary>
/// <remarks>
/// <para>Costs: indexing O(log32 (n / chunk)): one chunk lookup in the trie and one array index, no
/// allocation; <see cref="SetItem"/> copies one chunk plus the trie path (O(chunk + log n));
/// <see cref="SetItems(IEnumerable{KeyValuePair{int, T}})"/> copies each touched chunk and trie node once;
/// <see cref="Resize"/> is O(log n) plus at most one chunk copy and shares every chunk it keeps.
/// Arrays of at most one chunk (<see cref="ChunkSize"/> elements) are a single flat <c>T[]</c>, readable
/// with <see cref="AsSpan"/>; larger arrays are read chunk by chunk with <see cref="Chunks"/> or
/// <see cref="GetChunk"/>.</para>
/// <para>The chunk size is a power of two fixed per element type from its size: 1024 for
/// <c>byte</c>, 256 for <c>int</c>, 128 for references, 16 for a 64-byte struct, never fewer than 8.</para>
/// <para>This is a sealed class, so there is no <c>default</c> instance to guard against: every
/// <see cref="PersistentArray{T}"/> reference is either null or a valid array (<see cref="Empty"/>
/// has length 0).</para>
/// <para>Through <see cref="System.Collections.Immutable.IImmutableList{T}"/> the array can also change
/// length: <c>Add</c> and <c>AddRange</c> cost O(chunk + m + log n) (a <see cref="Resize"/> then a write),
/// <c>Insert</c>, <c>InsertRange</c>, <c>RemoveAt</c>, <c>RemoveRange</c>, <c>Remove</c> and <c>RemoveAll</c>
/// rebuild the array in O(n), as <c>ImmutableArray&lt;T&gt;</c> does; use <see cref="PersistentList{T}"/>
/// for O(log n) inserts and removals.</para>
/// <para>Equality is reference equality; compare contents with
/// <see cref="SequenceEqual(PersistentArray{T}, IEqualityComparer{T})"/>.
/// Thread safety: an array never changes, so any number of threads may read it at once.</para>
/// </remarks>
/// <typeparam name="T">The element type.</typeparam>
[CollectionBuilder(typeof(PersistentArray), nameof(PersistentArray.Create))]
[DebuggerTypeProxy(typeof(CowCollections.Internal.SequenceDebugView<>))]
[DebuggerDisplay("Length = {Length}")]
[System.Text.Json.Serialization.JsonConverter(typeof(CowCollections.Serialization.CowJsonConverterFactory))]
public sealed partial class PersistentArray<T>
{
    /// <summary>The empty array. O(1), no allocation.</summary>
    public static readonly PersistentArray<T> Empty = new(ChunkedCore<T, ArrayDirectoryGeometry>.Empty);

    private readonly TrieNode? _root;
    private readonly T[][] _tail;
    private readonly int _shift;
    private readonly int _chunkCount;
    private readonly int _treeChunks;
    private readonly int _length;

    private PersistentArray(in ChunkedCore<T, ArrayDirectoryGeometry> core)
    {
        Debug.Assert(core.Chunks.Owner is null && core.Chunks.Tail.Length == core.Chunks.TailCount, "a published array is frozen");
        _root = core.Chunks.Root;
        _shift = core.Chunks.Shift;
        _tail = core.Chunks.Tail;
        _chunkCount = core.Chunks.Count;
        _treeChunks = core.Chunks.Count - core.Chunks.TailCount;
        _length = core.Length;
    }

    internal ChunkedCore<T, ArrayDirectoryGeometry> Core => new(new ListCore<T[], ArrayDirectoryGeometry>(_root, _shift, _tail, _chunkCount), _length);

    internal static PersistentArray<T> FromSpan(ReadOnlySpan<T> items) =>
        items.IsEmpty ? Empty : new PersistentArray<T>(ChunkedCore<T, ArrayDirectoryGeometry>.From(items));

    internal static PersistentArray<T> FromCore(in ChunkedCore<T, ArrayDirectoryGeometry> core) =>
        core.Length == 0 ? Empty : new PersistentArray<T>(core.Frozen());

    internal static PersistentArray<T> Filled(int length, T value)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        return length == 0 ? Empty : new PersistentArray<T>(ChunkedCore<T, ArrayDirectoryGeometry>.Filled(length, value));
    }

    /// <summary>The number of elements in a full chunk for this element type (a power of two, at least 8). O(1), a JIT-time constant.</summary>
    public static int ChunkSize => ChunkGeometry<T>.Size;

    /// <summary>The number of elements. O(1).</summary>
    public int Length => _length;

    /// <summary>True when the array has no elements. O(1).</summary>
    public bool IsEmpty => _length == 0;

    /// <summary>The number of chunks: <c>ceil(Length / ChunkSize)</c>. O(1).</summary>
    public int ChunkCount => _chunkCount;

    /// <summary>The element at <paramref name="index"/>. O(log32 (n / chunk)), no allocation: one chunk lookup, one array index.</summary>
    /// <param name="index">A zero-based index.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="index"/> is outside [0, Length).</exception>
    public T this[int index]
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get
        {
            Requires.Index(index, _length);
            int c = index >> ChunkGeometry<T>.Bits;
            var chunk = c >= _treeChunks ? _tail[c - _treeChunks] : RrbTree<T[], ArrayDirectoryGeometry>.ItemRef(_root!, _shift, c);
            // Every chunk holds its full length but the last, which holds the rest: the offset is in range.
            return Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(RrbTree<T[], ArrayDirectoryGeometry>.NonNull(chunk)), index & ChunkGeometry<T>.Mask);
        }
    }

    /// <summary>A read-only reference to the element at <paramref name="index"/>, for large structs. O(log32 (n / chunk)), no allocation.</summary>
    /// <param name="index">A zero-based index.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="index"/> is outside [0, Length).</exception>
    public ref readonly T ItemRef(int index)
    {
        Requires.Index(index, _length);
        int c = index >> ChunkGeometry<T>.Bits;
        var chunk = c >= _treeChunks ? _tail[c - _treeChunks] : RrbTree<T[], ArrayDirectoryGeometry>.ItemRef(_root!, _shift, c);
        return ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(RrbTree<T[], ArrayDirectoryGeometry>.NonNull(chunk)), index & ChunkGeometry<T>.Mask);
    }

    /// <summary>Chunk <paramref name="chunkIndex"/>: elements [chunkIndex x ChunkSize, ...) as one contiguous span. O(log32 (n / chunk)), no allocation.</summary>
    /// <param name="chunkIndex">A chunk index in [0, ChunkCount).</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="chunkIndex"/> is outside [0, ChunkCount).</exception>
    public ReadOnlySpan<T> GetChunk(int chunkIndex)
    {
        Requires.Index(chunkIndex, _chunkCount);
        return chunkIndex >= _treeChunks ? _tail[chunkIndex - _treeChunks] : RrbTree<T[], ArrayDirectoryGeometry>.ItemRef(_root!, _shift, chunkIndex);
    }

    /// <summary>The whole array as one span. O(1), no allocation. Only arrays of at most one chunk (<see cref="ChunkSize"/> elements) are flat.</summary>
    /// <exception cref="InvalidOperationException">The array has more than one chunk; use <see cref="Chunks"/>, <see cref="TryGetSpan"/> or <see cref="CopyTo"/>.</exception>
    public ReadOnlySpan<T> AsSpan()
    {
        if (!TryGetSpan(out var span))
        {
            throw new InvalidOperationException($"An array of {_length} elements is {_chunkCount} chunks of up to {ChunkSize}; only an array of at most one chunk is one span. Use Chunks or GetChunk.");
        }

        return span;
    }

    /// <summary>The whole array as one span when it is a single flat chunk. O(1), no allocation.</summary>
    /// <param name="span">The elements, or empty when the method returns false.</param>
    /// <returns>True when the array has at most one chunk.</returns>
    public bool TryGetSpan(out ReadOnlySpan<T> span)
    {
        if (_chunkCount <= 1)
        {
            span = _chunkCount == 0 ? default : _tail[0];
            return true;
        }

        span = default;
        return false;
    }

    /// <summary>Replaces the element at <paramref name="index"/>. Copies one chunk (about 1 KiB) and the trie path to it; shares everything else. O(chunk + log n).</summary>
    /// <param name="index">A zero-based index.</param>
    /// <param name="value">The new element.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="index"/> is outside [0, Length).</exception>
    public PersistentArray<T> SetItem(int index, T value)
    {
        Requires.Index(index, _length);
        var core = Core;
        core.SetItem(index, value);
        return new PersistentArray<T>(core);
    }

    /// <summary>
    /// Replaces several elements as one new version (later pairs win for a repeated index). Each touched
    /// chunk and trie node is copied once, however many of its elements change: O(m + k x chunk + log n) for
    /// m pairs touching k chunks.
    /// </summary>
    /// <param name="items">Index/value pairs.</param>
    /// <exception cref="ArgumentNullException"><paramref name="items"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An index is outside [0, Length); nothing is changed.</exception>
    public PersistentArray<T> SetItems(IEnumerable<KeyValuePair<int, T>> items)
    {
        Requires.NotNull(items);
        var builder = ToBuilder();
        foreach (var pair in items)
        {
            builder[pair.Key] = pair.Value;
        }

        return builder.ToImmutable();
    }

    /// <summary>Replaces several elements as one new version; see <see cref="SetItems(IEnumerable{KeyValuePair{int, T}})"/>. No allocation beyond the copied chunks and nodes.</summary>
    /// <param name="items">Index/value pairs.</param>
    /// <exception cref="ArgumentOutOfRangeException">An index is outside [0, Length); nothing is changed.</exception>
    public PersistentArray<T> SetItems(ReadOnlySpan<KeyValuePair<int, T>> items)
    {
        if (items.IsEmpty)
        {
            return this;
        }

        var builder = ToBuilder();
        foreach (var pair in items)
        {
            builder[pair.Key] = pair.Value;
        }

        return builder.ToImmutable();
    }

    /// <summary>Copies <paramref name="values"/> over the elements from <paramref name="index"/>. O(m + k x chunk + log n) for m values over k chunks.</summary>
    /// <param name="index">The first element to replace.</param>
    /// <param name="values">The new elements.</param>
    /// <exception cref="ArgumentOutOfRangeException">[index, index + values.Length) is not inside the array.</exception>
    public PersistentArray<T> SetRange(int index, ReadOnlySpan<T> values)
    {
        Requires.Range(index, values.Length, _length, lengthName: nameof(values));
        if (values.IsEmpty)
        {
            return this;
        }

        var core = Core;
        core.Chunks.Owner = new EditToken();
        core.SetRange(index, values);
        return FromCore(core);
    }

    /// <summary>
    /// An array of the same length with every element <paramref name="value"/>. O(n / chunk): every full
    /// chunk is one shared filled chunk (the shared zero chunk for <c>default(T)</c>).
    /// </summary>
    /// <param name="value">The value of every element.</param>
    public PersistentArray<T> Fill(T value) => Filled(_length, value);

    /// <summary>
    /// Sets [start, start + count) to <paramref name="value"/>. O(count / chunk + log n): chunks covered whole
    /// are replaced by one shared filled chunk; at most two chunks are copied.
    /// </summary>
    /// <param name="value">The new value.</param>
    /// <param name="start">The first element to set.</param>
    /// <param name="count">How many elements to set.</param>
    /// <exception cref="ArgumentOutOfRangeException">The range is not inside the array.</exception>
    public PersistentArray<T> Fill(T value, int start, int count)
    {
        Requires.Range(start, count, _length);
        if (count == 0)
        {
            return this;
        }

        var core = Core;
        core.Chunks.Owner = new EditToken();
        core.Fill(start, count, value);
        return FromCore(core);
    }

    /// <summary>
    /// An array of <paramref name="newLength"/> elements: the first <c>min(Length, newLength)</c> are this
    /// array's, the rest <c>default(T)</c>. O(log n) plus at most one chunk copy (and O(added / chunk) for
    /// growth, in shared zero chunks); every whole chunk kept is shared with this array.
    /// </summary>
    /// <param name="newLength">The new length, at least 0.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="newLength"/> is negative.</exception>
    public PersistentArray<T> Resize(int newLength)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(newLength);
        if (newLength == _length)
        {
            return this;
        }

        var core = Core;
        core.Resize(newLength);
        return FromCore(core);
    }

    /// <summary>Index of the first element equal to <paramref name="item"/>, or -1. O(n), chunk by chunk.</summary>
    /// <param name="item">The element to find.</param>
    public int IndexOf(T item) => Core.IndexOf(item, 0, _length, EqualityComparer<T>.Default);

    /// <summary>Index of the first element equal to <paramref name="item"/> in [index, index + count), or -1. O(count).</summary>
    /// <param name="item">The element to find.</param>
    /// <param name="index">Where the search starts.</param>
    /// <param name="count">How many elements to search.</param>
    /// <param name="equalityComparer">The comparer; null for the default.</param>
    /// <exception cref="ArgumentOutOfRangeException">The range is not inside the array.</exception>
    public int IndexOf(T item, int index, int count, IEqualityComparer<T>? equalityComparer)
    {
        Requires.Range(index, count, _length);
        return Core.IndexOf(item, index, count, equalityComparer ?? EqualityComparer<T>.Default);
    }

    /// <summary>Index of the last element equal to <paramref name="item"/>, or -1. O(n).</summary>
    /// <param name="item">The element to find.</param>
    public int LastIndexOf(T item) => _length == 0 ? -1 : Core.LastIndexOf(item, _length - 1, _length, EqualityComparer<T>.Default);

    /// <summary>Index of the last element equal to <paramref name="item"/> searching backward from <paramref name="index"/> over <paramref name="count"/> elements, or -1. O(count).</summary>
    /// <param name="item">The element to find.</param>
    /// <param name="index">Where the backward search starts.</param>
    /// <param name="count">How many elements to search.</param>
    /// <param name="equalityComparer">The comparer; null for the default.</param>
    /// <returns>The index, or -1; always -1 on an empty array searched over 0 elements from 0 or -1.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The range is not inside the array.</exception>
    public int LastIndexOf(T item, int index, int count, IEqualityComparer<T>? equalityComparer)
    {
        // Empty: a search of nothing from 0 (as List<T>, ImmutableList and ImmutableArray accept) or from -1 (as LastIndexOf(item) makes).
        if (_length == 0 && count == 0 && (index == 0 || index == -1))
        {
            return -1;
        }

        Requires.Index(index, _length);
        if (count < 0 || count > index + 1)
        {
            throw new ArgumentOutOfRangeException(nameof(count), count, $"A backward search from {index} covers at most {index + 1} elements.");
        }

        return Core.LastIndexOf(item, index, count, equalityComparer ?? EqualityComparer<T>.Default);
    }

    /// <summary>True when an element equals <paramref name="item"/>. O(n).</summary>
    /// <param name="item">The element to find.</param>
    public bool Contains(T item) => IndexOf(item) >= 0;

    /// <summary>A new <c>T[]</c> holding the elements. O(n), copied chunk by chunk.</summary>
    public T[] ToArray() => Core.ToArray();

    /// <summary>Copies the elements to <paramref name="destination"/>. O(n), no allocation.</summary>
    /// <param name="destination">At least <see cref="Length"/> long.</param>
    /// <exception cref="ArgumentException"><paramref name="destination"/> is too short.</exception>
    public void CopyTo(Span<T> destination)
    {
        if (destination.Length < _length)
        {
            throw new ArgumentException($"The destination holds {destination.Length} elements; {_length} are needed.", nameof(destination));
        }

        Core.CopyTo(destination);
    }

    /// <summary>
    /// True when both arrays hold equal elements in the same order. O(1) for the same array; otherwise
    /// compares chunk by chunk and skips every chunk the two versions share (an array and its
    /// <see cref="SetItem"/> result compare in O(n / chunk + chunk)).
    /// </summary>
    /// <param name="other">The array to compare with.</param>
    /// <param name="equalityComparer">The comparer; null for the default.</param>
    /// <exception cref="ArgumentNullException"><paramref name="other"/> is null.</exception>
    public bool SequenceEqual(PersistentArray<T> other, IEqualityComparer<T>? equalityComparer = null)
    {
        Requires.NotNull(other);
        if (ReferenceEquals(this, other))
        {
            return true;
        }

        if (_length != other._length)
        {
            return false;
        }

        var comparer = equalityComparer ?? EqualityComparer<T>.Default;
        for (int c = 0; c < _chunkCount; c++)
        {
            var mine = GetChunk(c);
            var theirs = other.GetChunk(c);
            if (mine == theirs)
            {
                continue;
            }

            for (int i = 0; i < mine.Length; i++)
            {
                if (!comparer.Equals(mine[i], theirs[i]))
                {
                    return false;
                }
            }
        }

        return true;
    }

    /// <summary>A builder that starts from this array. O(1): chunks and nodes are copied only when the builder first writes them.</summary>
    public Builder ToBuilder() => new(this);

    internal static ReadOnlySpan<T> Materialize(IEnumerable<T> items) => items switch
    {
        T[] array => array,
        List<T> list => System.Runtime.InteropServices.CollectionsMarshal.AsSpan(list),
        _ => System.Linq.Enumerable.ToArray(items),
    };
}
