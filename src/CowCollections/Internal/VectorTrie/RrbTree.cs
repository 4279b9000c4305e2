using System;
using System.Runtime.CompilerServices;

namespace CowCollections.Internal.VectorTrie;

/// <summary>
/// The relaxed radix balanced (RRB) vector trie: reads and path edits.
/// <para>
/// A tree is a root <see cref="Branch"/> at <c>shift</c> (a multiple of <c>G.Bits</c>, at least
/// <c>G.Bits</c>); a branch at shift <c>s</c> has children of capacity <c>1 &lt;&lt; s</c>; leaves are
/// <c>T[]</c> at shift 0. See <see cref="Branch"/> for the node invariants. Every operation here takes an
/// <see cref="EditToken"/> owner: <c>null</c> for persistent edits (always copy the path), a builder's live
/// token for in-place edits of the nodes it owns. One code path serves both.
/// </para>
/// <para>Structural edits (insert, remove, slice, concatenate) live in <c>RrbTree.Structure.cs</c>.</para>
/// </summary>
internal static partial class RrbTree<T, G>
    where G : struct, ITrieGeometry
{
    /// <summary>Capacity of a node at <paramref name="shift"/> (a leaf at shift 0 holds Width).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int Capacity(int shift) => G.Width << shift;

    /// <summary>Number of elements under <paramref name="node"/>. O(1) for relaxed, O(depth) for balanced.</summary>
    public static int NodeCount(object node, int shift)
    {
        int acc = 0;
        while (shift > 0)
        {
            var b = Unsafe.As<Branch>(node);
            if (b.Sizes is { } sizes)
            {
                return acc + sizes[^1];
            }

            acc += (b.Children.Length - 1) << shift;
            node = b.Children[^1];
            shift -= G.Bits;
        }

        return acc + Unsafe.As<T[]>(node).Length;
    }

    /// <summary>Picks the child of <paramref name="b"/> holding <paramref name="index"/> and makes the index relative to it.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int Slot(Branch b, int shift, ref int index)
    {
        int slot = index >> shift;
        if (b.Sizes is { } sizes)
        {
            while (sizes[slot] <= index)
            {
                slot++;
            }

            if (slot > 0)
            {
                index -= sizes[slot - 1];
            }
        }
        else
        {
            index &= (1 << shift) - 1;
        }

        return slot;
    }

    /// <summary>Reference to element <paramref name="index"/> (0 &lt;= index &lt; tree count). O(log n), no allocation.</summary>
    public static ref T ItemRef(Branch root, int shift, int index)
    {
        object node = root;
        while (shift > 0)
        {
            var b = Unsafe.As<Branch>(node);
            node = b.Children[Slot(b, shift, ref index)];
            shift -= G.Bits;
        }

        return ref Unsafe.As<T[]>(node)[index];
    }

    /// <summary>The leaf holding <paramref name="index"/>; <paramref name="offset"/> is the index inside it.</summary>
    public static T[] LeafAt(Branch root, int shift, int index, out int offset)
    {
        object node = root;
        while (shift > 0)
        {
            var b = Unsafe.As<Branch>(node);
            int slot = Slot(b, shift, ref index);
            node = b.Children[slot];
            shift -= G.Bits;
        }

        offset = index;
        return Unsafe.As<T[]>(node);
    }

    /// <summary>
    /// Returns <paramref name="b"/> itself when <paramref name="owner"/> owns it, otherwise a copy stamped
    /// with <paramref name="owner"/>. The copy shares the size table only for persistent edits that do not
    /// change sizes (<paramref name="copySizes"/> false); an owned node always has a private size table.
    /// </summary>
    public static Branch Editable(Branch b, EditToken? owner, bool copySizes)
    {
        if (EditToken.Owns(owner, b.Owner))
        {
            return b;
        }

        var sizes = b.Sizes;
        if (sizes is not null && (copySizes || owner is not null))
        {
            sizes = (int[])sizes.Clone();
        }

        return new Branch((object[])b.Children.Clone(), sizes, owner);
    }

    /// <summary>True when leaf <paramref name="slot"/> of level-1 branch <paramref name="b"/> may be written in place.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool OwnsLeaf(Branch b, int slot, EditToken? owner) =>
        EditToken.Owns(owner, b.Owner) && (b.OwnedLeaves & (1u << slot)) != 0;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void MarkLeaf(Branch b, int slot, bool owned)
    {
        if (owned && b.Owner is not null)
        {
            b.OwnedLeaves |= 1u << slot;
        }
        else
        {
            b.OwnedLeaves &= ~(1u << slot);
        }
    }

    /// <summary>Replaces element <paramref name="index"/>; copies the path unless owned. O(log n).</summary>
    public static Branch SetItem(Branch b, int shift, int index, T value, EditToken? owner)
    {
        var e = Editable(b, owner, copySizes: false);
        int slot = Slot(e, shift, ref index);
        if (shift == G.Bits)
        {
            var leaf = Unsafe.As<T[]>(e.Children[slot]);
            if (OwnsLeaf(e, slot, owner))
            {
                leaf[index] = value;
            }
            else
            {
                var copy = leaf.AsSpan().ToArray();
                copy[index] = value;
                e.Children[slot] = copy;
                MarkLeaf(e, slot, owned: true);
            }
        }
        else
        {
            e.Children[slot] = SetItem(Unsafe.As<Branch>(e.Children[slot]), shift - G.Bits, index, value, owner);
        }

        return e;
    }

    /// <summary>
    /// The size table a balanced branch would have: every child but the last is full, so only the last one
    /// is counted (O(depth) instead of O(Width x depth)). Used when an edit relaxes a balanced branch.
    /// </summary>
    public static int[] BalancedSizes(object[] children, int childShift)
    {
        var sizes = new int[children.Length];
        int capacity = Capacity(childShift);
        for (int i = 0; i < sizes.Length - 1; i++)
        {
            sizes[i] = (i + 1) * capacity;
        }

        sizes[^1] = ((sizes.Length - 1) * capacity) + NodeCount(children[^1], childShift);
        return sizes;
    }

    /// <summary>
    /// A new branch over <paramref name="children"/> (1..Width nodes at <c>shift - Bits</c>): balanced when
    /// every child but the last is full, relaxed with a size table otherwise.
    /// </summary>
    public static Branch MakeBranch(object[] children, int shift, EditToken? owner)
    {
        int childShift = shift - G.Bits;
        int capacity = Capacity(childShift);
        var sizes = new int[children.Length];
        bool balanced = true;
        int acc = 0;
        for (int i = 0; i < children.Length; i++)
        {
            int c = NodeCount(children[i], childShift);
            acc += c;
            sizes[i] = acc;
            if (c != capacity && i < children.Length - 1)
            {
                balanced = false;
            }
        }

        return new Branch(children, balanced ? null : sizes, owner);
    }

    /// <summary>A chain of single-child branches from <paramref name="shift"/> down to <paramref name="leaf"/>.</summary>
    private static object NewPath(T[] leaf, int shift, EditToken? owner, bool leafOwned)
    {
        object node = leaf;
        for (int s = G.Bits; s <= shift; s += G.Bits)
        {
            node = new Branch([node], null, owner, s == G.Bits && leafOwned && owner is not null ? 1u : 0u);
        }

        return node;
    }

    /// <summary>Appends <paramref name="leaf"/> after the last element. O(log n).</summary>
    public static Branch PushLeaf(Branch? root, ref int shift, T[] leaf, EditToken? owner, bool leafOwned)
    {
        if (root is null)
        {
            shift = G.Bits;
            return (Branch)NewPath(leaf, G.Bits, owner, leafOwned);
        }

        var pushed = TryPush(root, shift, leaf, owner, leafOwned);
        if (pushed is not null)
        {
            return pushed;
        }

        int rootCount = NodeCount(root, shift);
        var path = NewPath(leaf, shift, owner, leafOwned);
        var newRoot = new Branch(
            [root, path],
            rootCount == Capacity(shift) ? null : [rootCount, rootCount + leaf.Length],
            owner);
        shift += G.Bits;
        return newRoot;
    }

    /// <summary>Pushes into the rightmost path of <paramref name="b"/>; null when that subtree has no room.</summary>
    private static Branch? TryPush(Branch b, int shift, T[] leaf, EditToken? owner, bool leafOwned)
    {
        int n = b.Children.Length;
        int childShift = shift - G.Bits;
        object last = b.Children[n - 1];
        if (shift > G.Bits)
        {
            var pushed = TryPush(Unsafe.As<Branch>(last), childShift, leaf, owner, leafOwned);
            if (pushed is not null)
            {
                var e = Editable(b, owner, copySizes: b.Sizes is not null);
                e.Children[n - 1] = pushed;
                if (e.Sizes is { } sizes)
                {
                    sizes[n - 1] += leaf.Length;
                }

                return e;
            }
        }

        if (n == G.Width)
        {
            return null;
        }

        object child = NewPath(leaf, childShift, owner, leafOwned);
        var children = new object[n + 1];
        Array.Copy(b.Children, children, n);
        children[n] = child;
        int[]? newSizes;
        if (b.Sizes is { } old)
        {
            newSizes = new int[n + 1];
            Array.Copy(old, newSizes, n);
            newSizes[n] = old[n - 1] + leaf.Length;
        }
        else
        {
            int lastCount = NodeCount(last, childShift);
            if (lastCount == Capacity(childShift))
            {
                newSizes = null;
            }
            else
            {
                newSizes = new int[n + 1];
                for (int i = 0; i < n - 1; i++)
                {
                    newSizes[i] = (i + 1) * Capacity(childShift);
                }

                newSizes[n - 1] = ((n - 1) * Capacity(childShift)) + lastCount;
                newSizes[n] = newSizes[n - 1] + leaf.Length;
            }
        }

        if (EditToken.Owns(owner, b.Owner))
        {
            b.Children = children;
            b.Sizes = newSizes;
            if (shift == G.Bits)
            {
                MarkLeaf(b, n, leafOwned);
            }

            return b;
        }

        return new Branch(children, newSizes, owner, shift == G.Bits && leafOwned && owner is not null ? 1u << n : 0u);
    }

    /// <summary>
    /// Removes the last leaf; returns the remaining tree (null when it was the only leaf).
    /// <paramref name="leafOwned"/> tells whether the caller may now write the leaf in place.
    /// </summary>
    public static Branch? PopLeaf(Branch b, int shift, EditToken? owner, out T[] leaf, out bool leafOwned)
    {
        int n = b.Children.Length;
        if (shift > G.Bits)
        {
            var rest = PopLeaf(Unsafe.As<Branch>(b.Children[n - 1]), shift - G.Bits, owner, out leaf, out leafOwned);
            if (rest is not null)
            {
                var e = Editable(b, owner, copySizes: b.Sizes is not null);
                e.Children[n - 1] = rest;
                if (e.Sizes is { } sizes)
                {
                    sizes[n - 1] -= leaf.Length;
                }

                return e;
            }
        }
        else
        {
            leaf = Unsafe.As<T[]>(b.Children[n - 1]);
            leafOwned = OwnsLeaf(b, n - 1, owner);
        }

        if (n == 1)
        {
            return null;
        }

        var children = b.Children.AsSpan(0, n - 1).ToArray();
        var newSizes = b.Sizes?.AsSpan(0, n - 1).ToArray();
        if (EditToken.Owns(owner, b.Owner))
        {
            b.Children = children;
            b.Sizes = newSizes;
            b.OwnedLeaves &= (1u << (n - 1)) - 1;
            return b;
        }

        return new Branch(children, newSizes, owner);
    }

    /// <summary>Removes single-child roots above the lowest branch level.</summary>
    public static Branch Collapse(Branch root, ref int shift)
    {
        while (shift > G.Bits && root.Children.Length == 1)
        {
            root = Unsafe.As<Branch>(root.Children[0]);
            shift -= G.Bits;
        }

        return root;
    }

    /// <summary>Builds a dense balanced tree over <paramref name="items"/> (non-empty). O(n).</summary>
    public static Branch Build(ReadOnlySpan<T> items, out int shift)
    {
        int leafCount = (items.Length + G.Width - 1) >> G.Bits;
        var level = new object[leafCount];
        for (int i = 0; i < leafCount; i++)
        {
            int start = i << G.Bits;
            level[i] = items.Slice(start, Math.Min(G.Width, items.Length - start)).ToArray();
        }

        shift = G.Bits;
        while (true)
        {
            int parents = (level.Length + G.Width - 1) >> G.Bits;
            var up = new object[parents];
            for (int i = 0; i < parents; i++)
            {
                int start = i << G.Bits;
                up[i] = new Branch(level.AsSpan(start, Math.Min(G.Width, level.Length - start)).ToArray(), null, null);
            }

            if (parents == 1)
            {
                return Unsafe.As<Branch>(up[0]);
            }

            level = up;
            shift += G.Bits;
        }
    }
}
