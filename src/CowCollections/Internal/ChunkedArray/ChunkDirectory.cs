using System.Runtime.CompilerServices;
using CowCollections.Internal.VectorTrie;

namespace CowCollections.Internal.ChunkedArray;

/// <summary>
/// The read path of the chunk directory, inlined into the array's indexer: descends balanced branches by
/// pure radix (no size-table search, no call) and hands a relaxed branch, met only after a resize has
/// sliced or concatenated the directory, to the engine's <see cref="RrbTree{T, G}.ItemRef"/>. Reads only;
/// the directory's shape and every edit stay the list engine's.
/// </summary>
internal static class ChunkDirectory<T, G>
    where G : struct, ITrieGeometry
{
    /// <summary>Chunk <paramref name="chunk"/> of the tree rooted at <paramref name="root"/> (0 &lt;= chunk &lt; tree count).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T[] ChunkAt(Branch root, int shift, int chunk)
    {
        var b = root;
        while (true)
        {
            if (b.Sizes is not null)
            {
                return RrbTree<T[], G>.ItemRef(b, shift, chunk);
            }

            object child = b.Children[chunk >> shift];
            chunk &= (1 << shift) - 1;
            shift -= G.Bits;
            if (shift == 0)
            {
                return Unsafe.As<T[][]>(child)[chunk];
            }

            b = Unsafe.As<Branch>(child);
        }
    }
}
