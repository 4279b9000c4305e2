using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Runtime.CompilerServices;
using CowCollections.Internal.VectorTrie;

namespace CowCollections.Internal.ChunkedArray;

/// <summary>
/// The whole state of a persistent array and every array operation on it, shared by
/// <see cref="PersistentArray{T}"/> (which copies this struct and edits the copy with a null owner) and
/// its <c>Builder</c> (which edits its own copy with its live token).
/// <para>
/// The array is a vector-trie <em>list of chunks</em>: <see cref="Chunks"/> is the list engine's own
/// <see cref="ListCore{T, G}"/>, unchanged, with <c>T[]</c> chunks as its elements. Element <c>i</c> is
/// <c>Chunks[i &gt;&gt; Bits][i &amp; Mask]</c> (see <see cref="ChunkGeometry{T}"/>). A write copies one
/// chunk and the trie path to it; slicing and concatenation of the chunk list (O(log n) in the engine)
/// let a resize share every chunk it keeps.
/// </para>
/// <para>Invariants (checked by <see cref="ChunkChecker{T, G}"/>):</para>
/// <list type="bullet">
/// <item><c>Chunks.Count == ChunkCount(Length)</c>; every chunk but the last holds exactly
/// <c>ChunkGeometry&lt;T&gt;.Size</c> elements; the last holds 1..Size; their lengths add up to
/// <see cref="Length"/>.</item>
/// <item>Arrays of at most one chunk have no trie (the chunk list is flat, <c>Chunks.Root</c> is null).</item>
/// <item>The trie invariants of <see cref="TrieChecker{T, G}"/> hold for <see cref="Chunks"/>.</item>
/// <item>A chunk may be referenced from several positions and several arrays (the shared zero chunk,
/// a shared fill chunk, every chunk two versions share), so it is written in place only when bit
/// <c>c</c> of <see cref="OwnedChunks"/> is set: the builder whose live token is <c>Chunks.Owner</c>
/// allocated that chunk for position <c>c</c> and nothing else references it. Published states have no
/// owner and no owned bits.</item>
/// </list>
/// </summary>
internal struct ChunkedCore<T, G>
    where G : struct, ITrieGeometry
{
    public ListCore<T[], G> Chunks;
    public int Length;
    public ulong[]? OwnedChunks;

    public ChunkedCore(in ListCore<T[], G> chunks, int length)
    {
        Chunks = chunks;
        Length = length;
        OwnedChunks = null;
    }

    public static ChunkedCore<T, G> Empty => new(ListCore<T[], G>.Empty, 0);

    private static int Bits
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => ChunkGeometry<T>.Bits;
    }

    private static int Size
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => ChunkGeometry<T>.Size;
    }

    private static int Mask
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => ChunkGeometry<T>.Mask;
    }

    /// <summary>An array holding a copy of <paramref name="items"/>. O(n).</summary>
    public static ChunkedCore<T, G> From(ReadOnlySpan<T> items)
    {
        int n = ChunkGeometry<T>.ChunkCount(items.Length);
        if (n == 0)
        {
            return Empty;
        }

        var chunks = new T[n][];
        for (int c = 0; c < n; c++)
        {
            chunks[c] = items.Slice(c << Bits, ChunkGeometry<T>.ChunkLength(c, items.Length)).ToArray();
        }

        return new ChunkedCore<T, G>(ListCore<T[], G>.From(chunks), items.Length);
    }

    /// <summary>
    /// An array of <paramref name="length"/> copies of <paramref name="value"/>: every full chunk is one shared
    /// chunk, so this allocates O(length / Size) references plus at most two chunks.
    /// </summary>
    public static ChunkedCore<T, G> Filled(int length, T value)
    {
        int n = ChunkGeometry<T>.ChunkCount(length);
        if (n == 0)
        {
            return Empty;
        }

        var chunks = new T[n][];
        AppendFilled(chunks, 0, length, value);
        return new ChunkedCore<T, G>(ListCore<T[], G>.From(chunks), length);
    }

    /// <summary>Fills <paramref name="chunks"/> from <paramref name="first"/> with chunks of <paramref name="value"/> for an array of <paramref name="length"/>.</summary>
    private static void AppendFilled(Span<T[]> chunks, int first, int length, T value)
    {
        bool zero = EqualityComparer<T>.Default.Equals(value, default!);
        T[]? full = null;
        for (int i = 0; i < chunks.Length; i++)
        {
            int c = first + i;
            int len = ChunkGeometry<T>.ChunkLength(c, length);
            if (len == Size)
            {
                full ??= zero ? ChunkGeometry<T>.Zero : NewFilled(Size, value);
                chunks[i] = full;
            }
            else
            {
                chunks[i] = NewFilled(len, value);
            }
        }
    }

    private static T[] NewFilled(int length, T value)
    {
        var chunk = new T[length];
        if (!EqualityComparer<T>.Default.Equals(value, default!))
        {
            chunk.AsSpan().Fill(value);
        }

        return chunk;
    }

    public readonly int ChunkCount => Chunks.Count;

    /// <summary>Chunk <paramref name="chunk"/> (already range-checked). O(log32 chunks), no allocation.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public readonly T[] ChunkAt(int chunk) => Chunks.ItemRef(chunk);

    /// <summary>Reference to element <paramref name="index"/> (already range-checked).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public readonly ref T ItemRef(int index) => ref Chunks.ItemRef(index >> Bits)[index & Mask];

    private readonly bool IsOwned(int chunk) =>
        OwnedChunks is { } owned && Chunks.Owner is not null && (owned[chunk >> 6] & (1UL << chunk)) != 0;

    /// <summary>
    /// Chunk <paramref name="chunk"/> as an array this state may write: the chunk itself when the live
    /// builder owns it, otherwise a copy put in its place (and, under a builder, marked owned).
    /// </summary>
    private T[] WritableChunk(int chunk)
    {
        if (IsOwned(chunk))
        {
            return Chunks.ItemRef(chunk);
        }

        var copy = Chunks.ItemRef(chunk).AsSpan().ToArray();
        Chunks.SetItem(chunk, copy);
        MarkOwned(chunk);
        return copy;
    }

    private void MarkOwned(int chunk)
    {
        if (Chunks.Owner is null)
        {
            return;
        }

        OwnedChunks ??= new ulong[(Chunks.Count + 63) >> 6];
        OwnedChunks[chunk >> 6] |= 1UL << chunk;
    }

    /// <summary>
    /// A writable reference to element <paramref name="index"/> (already range-checked): copies the chunk
    /// and its trie path unless the builder owns them. Only for a state with a live owner.
    /// </summary>
    public ref T WritableRef(int index)
    {
        Debug.Assert(Chunks.Owner is not null, "only a builder writes in place");
        return ref WritableChunk(index >> Bits)[index & Mask];
    }

    /// <summary>Replaces element <paramref name="index"/> (already range-checked): one chunk copy plus the trie path, or an in-place write on an owned chunk.</summary>
    public void SetItem(int index, T value) => WritableChunk(index >> Bits)[index & Mask] = value;

    /// <summary>Copies <paramref name="values"/> over [index, index + values.Length) (already range-checked), chunk by chunk.</summary>
    public void SetRange(int index, ReadOnlySpan<T> values)
    {
        while (!values.IsEmpty)
        {
            int c = index >> Bits;
            int at = index & Mask;
            int take = Math.Min(values.Length, ChunkGeometry<T>.ChunkLength(c, Length) - at);
            values[..take].CopyTo(WritableChunk(c).AsSpan(at));
            values = values[take..];
            index += take;
        }
    }

    /// <summary>
    /// Sets [start, start + count) to <paramref name="value"/> (already range-checked). Chunks covered
    /// whole are replaced by one shared filled chunk; the at most two chunks covered in part are written.
    /// </summary>
    public void Fill(int start, int count, T value)
    {
        if (count == 0)
        {
            return;
        }

        bool zero = EqualityComparer<T>.Default.Equals(value, default!);
        T[]? full = null;
        int end = start + count;
        int first = start >> Bits;
        int last = (end - 1) >> Bits;
        for (int c = first; c <= last; c++)
        {
            int chunkStart = c << Bits;
            int len = ChunkGeometry<T>.ChunkLength(c, Length);
            int lo = Math.Max(start, chunkStart) - chunkStart;
            int hi = Math.Min(end, chunkStart + len) - chunkStart;
            if (lo == 0 && hi == len && len == Size)
            {
                full ??= zero ? ChunkGeometry<T>.Zero : NewFilled(Size, value);
                Chunks.SetItem(c, full);
                ClearOwned(c);
            }
            else
            {
                WritableChunk(c).AsSpan(lo, hi - lo).Fill(value);
            }
        }
    }

    private readonly void ClearOwned(int chunk)
    {
        if (OwnedChunks is { } owned)
        {
            owned[chunk >> 6] &= ~(1UL << chunk);
        }
    }

    /// <summary>
    /// Changes the length to <paramref name="newLength"/> (persistent states only): keeps the first
    /// <c>min(Length, newLength)</c> elements, sharing every whole chunk it keeps (the chunk list is sliced
    /// in O(log n)); new elements are <c>default(T)</c> in shared zero chunks. Copies at most one chunk.
    /// </summary>
    public void Resize(int newLength)
    {
        Debug.Assert(Chunks.Owner is null && OwnedChunks is null, "resize is a persistent operation");
        if (newLength == Length)
        {
            return;
        }

        int oldChunks = Chunks.Count;
        int newChunks = ChunkGeometry<T>.ChunkCount(newLength);
        if (newChunks == 0)
        {
            this = Empty;
            return;
        }

        if (newChunks < oldChunks)
        {
            Chunks.Slice(0, newChunks);
        }

        int keep = Math.Min(oldChunks, newChunks);
        if (keep > 0)
        {
            var lastChunk = Chunks.ItemRef(keep - 1);
            int want = ChunkGeometry<T>.ChunkLength(keep - 1, newLength);
            if (lastChunk.Length != want)
            {
                var resized = want == Size && IsZero(lastChunk) ? ChunkGeometry<T>.Zero : new T[want];
                if (!ReferenceEquals(resized, ChunkGeometry<T>.Zero))
                {
                    lastChunk.AsSpan(0, Math.Min(want, lastChunk.Length)).CopyTo(resized);
                }

                Chunks.SetItem(keep - 1, resized);
            }
        }

        if (newChunks > keep)
        {
            var added = new T[newChunks - keep][];
            AppendFilled(added, keep, newLength, default!);
            if (Chunks.Count == 0)
            {
                Chunks = ListCore<T[], G>.From(added);
            }
            else
            {
                Chunks.AddRange(added);
            }
        }

        Length = newLength;
    }

    private static bool IsZero(T[] chunk)
    {
        var comparer = EqualityComparer<T>.Default;
        foreach (var item in chunk)
        {
            if (!comparer.Equals(item, default!))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Copies every element to <paramref name="destination"/> chunk by chunk.</summary>
    public readonly void CopyTo(Span<T> destination)
    {
        var cursor = new LeafCursor<T[], G>(Chunks);
        int at = 0;
        while (cursor.MoveNext())
        {
            foreach (var chunk in cursor.Current)
            {
                chunk.CopyTo(destination[at..]);
                at += chunk.Length;
            }
        }
    }

    public readonly T[] ToArray()
    {
        if (Length == 0)
        {
            return [];
        }

        var result = new T[Length];
        CopyTo(result);
        return result;
    }

    /// <summary>Freezes this state for publication: drops the owner and the owned bits, trims the chunk list's tail.</summary>
    public readonly ChunkedCore<T, G> Frozen()
    {
        var frozen = this;
        frozen.Chunks = Chunks.Frozen();
        frozen.OwnedChunks = null;
        return frozen;
    }

    /// <summary>Index of the first element equal to <paramref name="item"/> in [start, start + count), or -1. Chunk by chunk.</summary>
    public readonly int IndexOf(T item, int start, int count, IEqualityComparer<T> comparer)
    {
        int end = start + count;
        int at = start;
        while (at < end)
        {
            int c = at >> Bits;
            var chunk = ChunkAt(c);
            int lo = at & Mask;
            int hi = Math.Min(chunk.Length, end - (c << Bits));
            for (int i = lo; i < hi; i++)
            {
                if (comparer.Equals(chunk[i], item))
                {
                    return (c << Bits) + i;
                }
            }

            at = (c << Bits) + hi;
        }

        return -1;
    }

    /// <summary>Index of the last element equal to <paramref name="item"/> in [index - count + 1, index], or -1.</summary>
    public readonly int LastIndexOf(T item, int index, int count, IEqualityComparer<T> comparer)
    {
        int stop = index - count;
        int at = index;
        while (at > stop)
        {
            int c = at >> Bits;
            var chunk = ChunkAt(c);
            int lo = Math.Max(0, stop + 1 - (c << Bits));
            for (int i = at & Mask; i >= lo; i--)
            {
                if (comparer.Equals(chunk[i], item))
                {
                    return (c << Bits) + i;
                }
            }

            at = (c << Bits) - 1;
        }

        return -1;
    }
}
