using CowCollections.Internal.ChunkedArray;
using CowCollections.Internal.VectorTrie;

namespace CowCollections.Internal.Persistence;

/// <summary>
/// The segment layer's view of <see cref="PersistentArray{T}"/>: an array is a list of chunks (every chunk but
/// the last holds <see cref="ChunkSize{T}"/> elements), so it is persisted as the chunk list's
/// <see cref="ListParts{T}"/> plus its length.
/// </summary>
internal static class ChunkedArrayPersistence
{
    /// <summary>Elements per full chunk for <typeparamref name="T"/> in this process.</summary>
    public static int ChunkSize<T>() => ChunkGeometry<T>.Size;

    /// <summary>Leaf bits of the chunk directory (128 chunks per directory leaf).</summary>
    public const int DirectoryLeafBits = TrieGeometry.ArrayDirectoryLeafBits;

    /// <summary>The chunk list of <paramref name="array"/> and its length. O(1).</summary>
    public static ListParts<T[]> Chunks<T>(PersistentArray<T> array, out int length)
    {
        var core = array.Core;
        length = core.Length;
        return ListParts<T[]>.Of(core.Chunks);
    }

    /// <summary>An array over a decoded chunk list (checked by the segment layer: full chunks, lengths adding up). O(1).</summary>
    public static PersistentArray<T> Array<T>(in ListParts<T[]> chunks, int length) =>
        PersistentArray<T>.FromCore(new ChunkedCore<T, ArrayDirectoryGeometry>(chunks.Core<ArrayDirectoryGeometry>(), length));
}
