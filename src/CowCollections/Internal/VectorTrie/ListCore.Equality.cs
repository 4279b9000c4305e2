using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;

namespace CowCollections.Internal.VectorTrie;

internal partial struct ListCore<T, G>
{
    /// <summary>
    /// Element-wise equality that skips, by reference, every subtree the two versions share at the same
    /// position: two versions that differ in k places compare in about O(k x Width x log n), not O(n).
    /// </summary>
    public static bool SequenceEqual(in ListCore<T, G> a, in ListCore<T, G> b, IEqualityComparer<T> comparer)
    {
        if (a.Count != b.Count)
        {
            return false;
        }

        var pathA = new PathNode[MaxPath];
        var pathB = new PathNode[MaxPath];
        int aTree = a.TreeCount;
        int bTree = b.TreeCount;
        int i = 0;
        while (i < a.Count)
        {
            if (i < aTree && i < bTree)
            {
                int skip = SharedSubtreeAt(a, b, i, pathA, pathB);
                if (skip > 0)
                {
                    i += skip;
                    continue;
                }
            }

            var x = a.ChunkAt(i);
            var y = b.ChunkAt(i);
            int n = Math.Min(x.Length, y.Length);
            if (!(Unsafe.AreSame(ref Unsafe.AsRef(in x[0]), ref Unsafe.AsRef(in y[0]))))
            {
                for (int k = 0; k < n; k++)
                {
                    if (!comparer.Equals(x[k], y[k]))
                    {
                        return false;
                    }
                }
            }

            i += n;
        }

        return true;
    }

    /// <summary>The longest run from <paramref name="index"/> (inside the tree) to the end of its leaf or tail.</summary>
    private readonly ReadOnlySpan<T> ChunkAt(int index)
    {
        int inTail = index - TreeCount;
        if (inTail >= 0)
        {
            return new ReadOnlySpan<T>(Tail, inTail, TailCount - inTail);
        }

        var leaf = RrbTree<T, G>.LeafAt(Root!, Shift, index, out int offset);
        return new ReadOnlySpan<T>(leaf, offset, leaf.Length - offset);
    }

    private const int MaxPath = 16;

    private readonly record struct PathNode(object Node, int Shift, int Start);

    /// <summary>Fills <paramref name="path"/> with the nodes from the root to the leaf holding <paramref name="index"/>.</summary>
    private readonly int Path(int index, Span<PathNode> path)
    {
        object node = Root!;
        int shift = Shift;
        int start = 0;
        int depth = 0;
        int local = index;
        while (true)
        {
            path[depth++] = new PathNode(node, shift, start);
            if (shift == 0)
            {
                return depth;
            }

            var b = Unsafe.As<TrieNode>(node);
            b.EnsureLoaded();
            int before = local;
            int slot = RrbTree<T, G>.Slot(b, shift, ref local);
            start += before - local;
            node = b.Slot(slot);
            shift = shift == G.LeafBits ? 0 : shift - G.Bits;
        }
    }

    /// <summary>Element count of the largest node starting exactly at <paramref name="index"/> that both trees hold by reference, or 0.</summary>
    private static int SharedSubtreeAt(in ListCore<T, G> a, in ListCore<T, G> b, int index, Span<PathNode> pathA, Span<PathNode> pathB)
    {
        int na = a.Path(index, pathA);
        int nb = b.Path(index, pathB);
        for (int i = 0; i < na; i++)
        {
            var x = pathA[i];
            if (x.Start != index)
            {
                continue;
            }

            for (int j = 0; j < nb; j++)
            {
                var y = pathB[j];
                if (y.Start == index && y.Shift == x.Shift && ReferenceEquals(x.Node, y.Node))
                {
                    return x.Shift == 0 ? Unsafe.As<T[]>(x.Node).Length : Unsafe.As<TrieNode>(x.Node).Total;
                }
            }
        }

        return 0;
    }
}
