using System;

namespace CowCollections.Internal.VectorTrie;

/// <summary>
/// Deep check of every invariant of <see cref="ListCore{T, G}"/> and <see cref="Branch"/>; run by the tests
/// after every operation. Throws <see cref="InvalidOperationException"/> naming the first broken invariant.
/// </summary>
internal static class TrieChecker<T, G>
    where G : struct, ITrieGeometry
{
    public static void Check(in ListCore<T, G> core)
    {
        Require(core.Count >= 0, "negative count");
        Require(core.TailCount >= 0 && core.TailCount <= G.Width, "tail count out of 0..Width");
        Require(core.Tail.Length >= core.TailCount, "tail shorter than its count");
        Require(core.TailOwned || core.Tail.Length == core.TailCount, "shared tail has spare capacity");
        Require(core.Count == 0 || core.TailCount > 0, "non-empty list with an empty tail");
        if (core.Root is null)
        {
            Require(core.Count == core.TailCount, "no tree but count != tail count");
            Require(core.Count <= G.Width, "a list above Width elements without a tree");
            return;
        }

        Require(core.Count > G.Width, "a list of at most Width elements has a tree (must be flat)");
        Require(core.Shift >= G.Bits && core.Shift % G.Bits == 0, "root shift is not a positive multiple of Bits");
        int treeCount = CheckNode(core.Root, core.Shift, isRoot: true);
        Require(treeCount == core.Count - core.TailCount, "tree count + tail count != count");
        int height = core.Shift / G.Bits;
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

    private static int CheckNode(object node, int shift, bool isRoot)
    {
        if (shift == 0)
        {
            var leaf = node as T[];
            Require(leaf is not null, "a leaf is not a T[]");
            Require(leaf!.Length is > 0 && leaf.Length <= G.Width, "leaf length out of 1..Width");
            return leaf.Length;
        }

        var b = node as Branch;
        Require(b is not null, "an inner node is not a Branch");
        var children = b!.Children;
        Require(children.Length >= 1 && children.Length <= G.Width, "branch child count out of 1..Width");
        Require(!isRoot || shift == G.Bits || children.Length >= 2, "root above level 1 has a single child (not collapsed)");
        int capacity = G.Width << (shift - G.Bits);
        int total = 0;
        for (int i = 0; i < children.Length; i++)
        {
            int c = CheckNode(children[i], shift - G.Bits, isRoot: false);
            total += c;
            if (b.Sizes is { } sizes)
            {
                Require(sizes.Length == children.Length, "size table length != child count");
                Require(sizes[i] == total, "size table entry is not the cumulative count");
            }
            else if (i < children.Length - 1)
            {
                Require(c == capacity, "balanced branch has a non-last child that is not full");
            }
        }

        Require(b.OwnedLeaves == 0 || shift == G.Bits, "owned-leaf bits on a branch above level 1");
        Require(((ulong)b.OwnedLeaves >> children.Length) == 0, "owned-leaf bit beyond the children");
        return total;
    }

    private static void Require(bool condition, string invariant)
    {
        if (!condition)
        {
            throw new InvalidOperationException("Vector trie invariant broken: " + invariant);
        }
    }
}
