using System;

namespace CowCollections.Internal.VectorTrie;

/// <summary>
/// Deep check of every invariant of <see cref="ListCore{T, G}"/> and <see cref="TrieNode"/>; run by the tests
/// after every operation. Throws <see cref="InvalidOperationException"/> naming the first broken invariant.
/// Pending (lazy) nodes are loaded as they are checked.
/// </summary>
internal static class TrieChecker<T, G>
    where G : struct, ITrieGeometry
{
    public static void Check(in ListCore<T, G> core)
    {
        Require(G.Width <= TrieGeometry.MaxWidth && G.Width == 1 << G.Bits && G.LeafWidth == 1 << G.LeafBits, "geometry wider than a node's inline slots, or inconsistent");
        Require(core.Count >= 0, "negative count");
        Require(core.TailCount >= 0 && core.TailCount <= G.LeafWidth, "tail count out of 0..LeafWidth");
        Require(core.Tail.Length >= core.TailCount, "tail shorter than its count");
        Require(core.TailOwned || core.Tail.Length == core.TailCount, "shared tail has spare capacity");
        Require(core.Count == 0 || core.TailCount > 0, "non-empty list with an empty tail");
        if (core.Root is null)
        {
            Require(core.Count == core.TailCount, "no tree but count != tail count");
            Require(core.Count <= G.LeafWidth, "a list above LeafWidth elements without a tree");
            return;
        }

        Require(core.Count > G.LeafWidth, "a list of at most LeafWidth elements has a tree (must be flat)");
        Require(core.Shift >= G.LeafBits && (core.Shift - G.LeafBits) % G.Bits == 0, "root shift is not LeafBits plus a multiple of Bits");
        var (treeCount, _) = CheckNode(core.Root, core.Shift, isRoot: true);
        Require(treeCount == core.Count - core.TailCount, "tree count + tail count != count");
        int height = ((core.Shift - G.LeafBits) / G.Bits) + 1;
        Require(height <= MaxHeight(treeCount), $"height {height} exceeds the logarithmic bound for {treeCount} elements");
    }

    /// <summary>
    /// Inner nodes off the spines hold at least Width/2 children, so a tree of n elements (at least one per
    /// leaf) is at most about log_{Width/2}(n) + 2 levels high; with Width 4 that base is 2.
    /// </summary>
    public static int MaxHeight(int count)
    {
        int fanIn = Math.Max(2, G.Width >> 1);
        int height = 1;
        long reach = fanIn;
        while (reach < count)
        {
            reach *= fanIn;
            height++;
        }

        return height + 2;
    }

    /// <summary>Checks the subtree and returns its element count and whether it is balanced (no size table anywhere).</summary>
    private static (int Total, bool Balanced) CheckNode(object node, int shift, bool isRoot)
    {
        var b = node as TrieNode;
        Require(b is not null, "an inner node is not a TrieNode");
        bool wasPending = b!.IsPending;
        Require(!wasPending || b.Sizes is not null, "a pending (lazy) node without a size table: the radix path could reach it");
        Require(!wasPending || b.Owner is null, "a pending (lazy) node has an owner");
        var children = b.Children;
        int n = b.Count;
        Require(n >= 1 && n <= G.Width, "child count out of 1..Width");
        Require(!isRoot || shift == G.LeafBits || n >= 2, "root above level 1 has a single child (not collapsed)");
        Require(b.Capacity == TrieNode.ClassFor(b.Capacity) && b.Capacity >= n, "node capacity is not a class holding its children");
        Require(b.Owner is null || b.Capacity == TrieGeometry.MaxWidth, "an owned node is narrower than the full width (a builder could not append in place)");
        var slots = b.AllSlots;
        for (int i = n; i < slots.Length; i++)
        {
            Require(slots[i] is null, "a slot past the child count is not null");
        }

        long childCapacity = 1L << shift;
        int total = 0;
        bool childrenBalanced = true;
        for (int i = 0; i < n; i++)
        {
            int c;
            if (shift == G.LeafBits)
            {
                var leaf = children[i] as T[];
                Require(leaf is not null, "a child of a level-1 node is not a T[] leaf");
                Require(leaf!.Length > 0 && leaf.Length <= RrbTree<T, G>.MaxLeaf, "leaf length out of 1..MaxLeaf (twice LeafWidth)");
                c = leaf.Length;
            }
            else
            {
                Require(children[i] is TrieNode, "a child above level 1 is not a node");
                (c, bool balanced) = CheckNode(children[i], shift - G.Bits, isRoot: false);
                childrenBalanced &= balanced;
            }

            Require(c <= RrbTree<T, G>.MaxChildTotal(shift), "a child holds more than its capacity with the slack");
            total += c;
            if (b.Sizes is { } sizes)
            {
                Require(sizes.Length == n, "size table length != child count");
                Require(sizes[i] == total, "size table entry is not the cumulative count");
            }
            else if (i < n - 1)
            {
                Require(c == childCapacity, "balanced node has a non-last child that is not full");
            }
            else
            {
                Require(c <= childCapacity, "balanced node's last child holds more than its capacity (only relaxed nodes have slack)");
            }
        }

        Require(b.Sizes is not null || childrenBalanced, "balanced node has a relaxed child (the radix path would skip its size table)");
        Require(b.Total == total, "node total is not the sum of its children");
        Require(b.OwnedLeaves == 0 || shift == G.LeafBits, "owned-leaf bits on a node above level 1");
        Require(((ulong)b.OwnedLeaves >> n) == 0, "owned-leaf bit beyond the children");
        return (total, b.Sizes is null && childrenBalanced);
    }

    private static void Require(bool condition, string invariant)
    {
        if (!condition)
        {
            throw new InvalidOperationException("Vector trie invariant broken: " + invariant);
        }
    }
}
