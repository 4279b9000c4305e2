using System;
using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace CowCollections.Internal.VectorTrie;

/// <summary>
/// The relaxed radix balanced (RRB) vector trie: reads and path edits.
/// <para>
/// A tree is a root <see cref="TrieNode"/> at <c>shift</c>: a level-1 node (children are leaves) is at
/// <c>G.LeafBits</c>, each level above adds <c>G.Bits</c>; the children of a balanced node at <c>shift</c> hold at most
/// <c>1 &lt;&lt; shift</c> elements, those of a relaxed node up to twice that (the insert slack). See <see cref="TrieNode"/> for the node invariants. Every edit takes an
/// <see cref="EditToken"/> owner: <c>null</c> for persistent edits (always copy the path), a builder's live
/// token for in-place edits of the nodes it owns. One code path serves both.
/// </para>
/// <para>
/// Reads: a balanced subtree is descended by shifts alone, with no bounds check, no size-table test and no
/// lazy check (its invariants, verified by <see cref="TrieChecker{T, G}"/>, make every slot index valid). A
/// relaxed node is searched from its radix guess <c>index &gt;&gt; shift</c>, stepping back when children grown into
/// the slack put the guess past the right slot, then forward; relaxed nodes are the only place a pending (lazy) node
/// can be, so the load check lives there.
/// </para>
/// <para>Structural edits (insert, remove) are in <c>RrbTree.Structure.cs</c>; slicing and concatenation in <c>RrbTree.Concat.cs</c>.</para>
/// </summary>
internal static partial class RrbTree<T, G>
    where G : struct, ITrieGeometry
{
    /// <summary>Elements a child of a node at <paramref name="shift"/> can hold.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int ChildCapacity(int shift) => 1 << shift;

    /// <summary>
    /// Elements a child of a <em>relaxed</em> node at <paramref name="shift"/> may hold: its radix capacity with the
    /// slack (<see cref="TrieGeometry.RelaxedSlackBits"/>) that lets an insert grow a full leaf instead of splitting.
    /// </summary>
    public static long MaxChildTotal(int shift) => (long)ChildCapacity(shift) << TrieGeometry.RelaxedSlackBits;

    /// <summary>The longest leaf: <c>LeafWidth</c> with the slack, only ever under a relaxed level-1 node.</summary>
    public static int MaxLeaf => G.LeafWidth << TrieGeometry.RelaxedSlackBits;

    /// <summary>Elements a node at <paramref name="shift"/> can hold (can exceed <see cref="int"/> for a root).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static long NodeCapacity(int shift) => (long)G.Width << shift;

    /// <summary>True for a level-1 node (its children are leaves).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool IsLevelOne(int shift) => shift == G.LeafBits;

    /// <summary>Element count of a child (a leaf or a node).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int CountOf(object child, int shift) =>
        IsLevelOne(shift) ? Unsafe.As<T[]>(child).Length : Unsafe.As<TrieNode>(child).Total;

    /// <summary>Element count of child <paramref name="slot"/>, from the parent alone (no load of the child).</summary>
    public static int ChildTotal(TrieNode node, int shift, int slot)
    {
        if (node.Sizes is { } sizes)
        {
            return slot == 0 ? sizes[0] : sizes[slot] - sizes[slot - 1];
        }

        return slot < node.Count - 1 ? ChildCapacity(shift) : node.Total - ((node.Count - 1) << shift);
    }

    /// <summary>
    /// True when <paramref name="child"/> (of a node at <paramref name="shift"/>) may sit in a balanced node: a leaf no
    /// longer than <c>LeafWidth</c>, or a balanced node (which never exceeds its capacity). Reads the leaf's length or the
    /// node's size-table field.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool ChildBalanced(object child, int shift) =>
        IsLevelOne(shift) ? Unsafe.As<T[]>(child).Length <= G.LeafWidth : Unsafe.As<TrieNode>(child).Sizes is null;

    /// <summary>Reference to element <paramref name="index"/> (0 &lt;= index &lt; root.Total). O(log n), no allocation.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ref T ItemRef(TrieNode root, int shift, int index)
    {
        if (root.Sizes is not null)
        {
            return ref RelaxedItemRef(root, shift, index);
        }

        var node = root;
        while (shift > G.LeafBits)
        {
            node = Unsafe.As<TrieNode>(NonNull(node).Slot((index >> shift) & G.Mask));
            shift -= G.Bits;
        }

        var leaf = Unsafe.As<T[]>(NonNull(node).Slot((index >> shift) & G.Mask));
        return ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(NonNull(leaf)), index & G.LeafMask);
    }

    /// <summary>
    /// A register test the JIT turns into a non-null fact, so reading a slot needs no implicit null check (a load
    /// of the object's header, another cache line). Never fails on a tree that passes <see cref="TrieChecker{T, G}"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TNode NonNull<TNode>(TNode node)
        where TNode : class
    {
        if (node is null)
        {
            ThrowMissingChild();
        }

        return node;
    }

    [System.Diagnostics.CodeAnalysis.DoesNotReturn]
    private static void ThrowMissingChild() => throw new InvalidOperationException("Vector trie invariant broken: a child slot on the read path is empty.");

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static ref T RelaxedItemRef(TrieNode root, int shift, int index)
    {
        var leaf = LeafAt(root, shift, index, out int offset);
        return ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(leaf), offset);
    }

    /// <summary>Picks the child of <paramref name="node"/> holding <paramref name="index"/> and makes the index relative to it.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int Slot(TrieNode node, int shift, ref int index)
    {
        if (node.Sizes is { } sizes)
        {
            return RelaxedSlot(sizes, shift, ref index);
        }

        int slot = (index >> shift) & G.Mask;
        index &= ChildCapacity(shift) - 1;
        return slot;
    }

    /// <summary>
    /// Search of a relaxed node from its radix guess <c>index &gt;&gt; shift</c>: a node whose children are at most full
    /// is found by stepping forward only; children grown past their capacity (the insert slack) can put the guess past
    /// the right slot, so it first steps back (one compare when nothing grew).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int RelaxedSlot(int[] sizes, int shift, ref int index)
    {
        ref int size = ref MemoryMarshal.GetArrayDataReference(sizes);
        int slot = Math.Min(index >> shift, sizes.Length - 1);
        while (slot > 0 && Unsafe.Add(ref size, slot - 1) > index)
        {
            slot--;
        }

        while (Unsafe.Add(ref size, slot) <= index)
        {
            slot++;
        }

        if (slot > 0)
        {
            index -= Unsafe.Add(ref size, slot - 1);
        }

        return slot;
    }

    /// <summary>The leaf holding <paramref name="index"/>; <paramref name="offset"/> is the index inside it.</summary>
    public static T[] LeafAt(TrieNode root, int shift, int index, out int offset)
    {
        var node = root;
        while (node.Sizes is { } sizes)
        {
            node.EnsureLoaded();
            var child = node.Slot(RelaxedSlot(sizes, shift, ref index));
            if (IsLevelOne(shift))
            {
                offset = index;
                return Unsafe.As<T[]>(child);
            }

            node = Unsafe.As<TrieNode>(child);
            shift -= G.Bits;
        }

        while (shift > G.LeafBits)
        {
            node = Unsafe.As<TrieNode>(node.Slot((index >> shift) & G.Mask));
            shift -= G.Bits;
        }

        offset = index & G.LeafMask;
        return Unsafe.As<T[]>(node.Slot((index >> shift) & G.Mask));
    }

    /// <summary>
    /// The level-1 node holding <paramref name="index"/>, the slot of its leaf, the index inside that leaf, and
    /// the (tree) index where the level-1 node's elements end: lets a sequential walk step from leaf to leaf
    /// without descending again.
    /// </summary>
    public static TrieNode LevelOneAt(TrieNode root, int shift, int index, out int slot, out int offset, out int end)
    {
        var node = root;
        int start = 0;
        while (true)
        {
            int local = index - start;
            int before = local;
            if (node.Sizes is { } sizes)
            {
                node.EnsureLoaded();
                slot = RelaxedSlot(sizes, shift, ref local);
            }
            else
            {
                slot = (local >> shift) & G.Mask;
                local &= ChildCapacity(shift) - 1;
            }

            if (IsLevelOne(shift))
            {
                offset = local;
                end = start + node.Total;
                return node;
            }

            start += before - local;
            node = Unsafe.As<TrieNode>(node.Slot(slot));
            shift -= G.Bits;
        }
    }

    /// <summary>
    /// Returns <paramref name="node"/> itself when <paramref name="owner"/> owns it, otherwise a copy stamped
    /// with <paramref name="owner"/> (sharing the immutable size table; no leaf of the copy is owned).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TrieNode Editable(TrieNode node, EditToken? owner) =>
        EditToken.Owns(owner, node.Owner) ? node : node.Copy(owner);

    /// <summary>
    /// <see cref="Editable(TrieNode, EditToken?)"/> for an edit that grows the node to <paramref name="count"/> children:
    /// an owned node has the full width already; a copy gets the class that holds them.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TrieNode Editable(TrieNode node, EditToken? owner, int count) =>
        EditToken.Owns(owner, node.Owner) ? node : node.Copy(owner, count);

    /// <summary>True when leaf <paramref name="slot"/> of level-1 node <paramref name="node"/> may be written in place.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool OwnsLeaf(TrieNode node, int slot, EditToken? owner) =>
        EditToken.Owns(owner, node.Owner) && (node.OwnedLeaves & (1u << slot)) != 0;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void MarkLeaf(TrieNode node, int slot, bool owned)
    {
        if (owned && node.Owner is not null)
        {
            node.OwnedLeaves |= 1u << slot;
        }
        else
        {
            node.OwnedLeaves &= ~(1u << slot);
        }
    }

    /// <summary>Replaces element <paramref name="index"/>; copies the path unless owned, and never a size table. O(log n).</summary>
    public static TrieNode SetItem(TrieNode node, int shift, int index, T value, EditToken? owner)
    {
        var e = Editable(node, owner);
        int slot = Slot(e, shift, ref index);
        ref object child = ref e.Slot(slot);
        if (IsLevelOne(shift))
        {
            var leaf = Unsafe.As<T[]>(child);
            if (OwnsLeaf(e, slot, owner))
            {
                leaf[index] = value;
            }
            else
            {
                var copy = leaf.AsSpan().ToArray();
                copy[index] = value;
                child = copy;
                MarkLeaf(e, slot, owned: true);
            }
        }
        else
        {
            child = SetItem(Unsafe.As<TrieNode>(child), shift - G.Bits, index, value, owner);
        }

        return e;
    }

    /// <summary>The size table of <paramref name="node"/> (its own, or the one its radix shape implies), as a new array of <paramref name="length"/> entries (at least Count).</summary>
    public static int[] SizeTable(TrieNode node, int shift, int length)
    {
        var sizes = new int[length];
        if (node.Sizes is { } own)
        {
            own.CopyTo(sizes, 0);
            return sizes;
        }

        int capacity = ChildCapacity(shift);
        for (int i = 0; i < node.Count - 1; i++)
        {
            sizes[i] = (i + 1) * capacity;
        }

        sizes[node.Count - 1] = node.Total;
        return sizes;
    }

    /// <summary>
    /// A new node over <paramref name="children"/> whose element counts are <paramref name="totals"/>: balanced when
    /// <paramref name="childrenBalanced"/> and every child but the last is full, relaxed otherwise. No child is loaded.
    /// </summary>
    public static TrieNode NewNode(ReadOnlySpan<object> children, ReadOnlySpan<int> totals, bool childrenBalanced, int shift, EditToken? owner)
    {
        Debug.Assert(children.Length is > 0 && children.Length <= G.Width && totals.Length == children.Length, "1..Width children with their counts");
        var node = TrieNode.Create(owner, children.Length);
        children.CopyTo(node.AllSlots);
        node.Sizes = Cumulative(totals, childrenBalanced, shift);
        node.Total = node.Sizes is { } sizes ? sizes[^1] : Sum(totals);
        return node;
    }

    private static int Sum(ReadOnlySpan<int> totals)
    {
        int total = 0;
        foreach (int t in totals)
        {
            total += t;
        }

        return total;
    }

    /// <summary>A chain of single-child nodes from <paramref name="shift"/> down to <paramref name="leaf"/>.</summary>
    private static TrieNode NewPath(T[] leaf, int shift, EditToken? owner, bool leafOwned)
    {
        object child = leaf;
        TrieNode node = null!;
        for (int s = G.LeafBits; s <= shift; s += G.Bits)
        {
            node = TrieNode.Create(owner, 1, leaf.Length);
            node.Slot(0) = child;
            if (IsLevelOne(s))
            {
                MarkLeaf(node, 0, leafOwned);
            }

            child = node;
        }

        return node;
    }

    /// <summary>Appends <paramref name="leaf"/> after the last element. O(log n); a builder appends into the nodes it owns in place.</summary>
    public static TrieNode PushLeaf(TrieNode? root, ref int shift, T[] leaf, EditToken? owner, bool leafOwned)
    {
        if (root is null)
        {
            shift = G.LeafBits;
            return NewPath(leaf, shift, owner, leafOwned);
        }

        var pushed = TryPush(root, shift, leaf, owner, leafOwned);
        if (pushed is not null)
        {
            return pushed;
        }

        var top = TrieNode.Create(owner, 2, root.Total + leaf.Length);
        top.Slot(0) = root;
        top.Slot(1) = NewPath(leaf, shift, owner, leafOwned);
        if (root.Sizes is not null || root.Total != NodeCapacity(shift))
        {
            top.Sizes = [root.Total, top.Total];
        }

        shift += G.Bits;
        return top;
    }

    /// <summary>Pushes into the rightmost path of <paramref name="node"/>; null when that subtree has no free slot.</summary>
    private static TrieNode? TryPush(TrieNode node, int shift, T[] leaf, EditToken? owner, bool leafOwned)
    {
        node.EnsureLoaded();
        int n = node.Count;
        if (!IsLevelOne(shift))
        {
            var last = Unsafe.As<TrieNode>(node.Slot(n - 1));
            var pushed = TryPush(last, shift - G.Bits, leaf, owner, leafOwned);
            if (pushed is not null)
            {
                var e = Editable(node, owner);
                e.Slot(n - 1) = pushed;
                e.Total += leaf.Length;
                if (e.Sizes is { } sizes)
                {
                    var grown = (int[])sizes.Clone();
                    grown[^1] += leaf.Length;
                    e.Sizes = grown;
                }
                else if (pushed.Sizes is not null)
                {
                    // A balanced node may only hold balanced children.
                    e.Sizes = SizeTable(e, shift, n);
                }

                return e;
            }
        }

        if (n == G.Width)
        {
            return null;
        }

        int lastTotal = ChildTotal(node, shift, n - 1);
        var target = Editable(node, owner, n + 1);
        int[]? newSizes;
        if (node.Sizes is not null || lastTotal != ChildCapacity(shift))
        {
            newSizes = SizeTable(node, shift, n + 1);
            newSizes[n] = newSizes[n - 1] + leaf.Length;
        }
        else
        {
            newSizes = null;
        }

        target.Slot(n) = IsLevelOne(shift) ? leaf : NewPath(leaf, shift - G.Bits, owner, leafOwned);
        target.Count = n + 1;
        target.Total += leaf.Length;
        target.Sizes = newSizes;
        if (IsLevelOne(shift))
        {
            MarkLeaf(target, n, leafOwned);
        }

        return target;
    }

    /// <summary>
    /// Removes the last leaf; returns the remaining tree (null when it was the only leaf).
    /// <paramref name="leafOwned"/> tells whether the caller may now write the leaf in place.
    /// </summary>
    public static TrieNode? PopLeaf(TrieNode node, int shift, EditToken? owner, out T[] leaf, out bool leafOwned)
    {
        node.EnsureLoaded();
        int n = node.Count;
        if (!IsLevelOne(shift))
        {
            var rest = PopLeaf(Unsafe.As<TrieNode>(node.Slot(n - 1)), shift - G.Bits, owner, out leaf, out leafOwned);
            if (rest is not null)
            {
                var e = Editable(node, owner);
                e.Slot(n - 1) = rest;
                e.Total -= leaf.Length;
                if (e.Sizes is { } sizes)
                {
                    var shrunk = (int[])sizes.Clone();
                    shrunk[^1] -= leaf.Length;
                    e.Sizes = shrunk;
                }

                return e;
            }
        }
        else
        {
            leaf = Unsafe.As<T[]>(node.Slot(n - 1));
            leafOwned = OwnsLeaf(node, n - 1, owner);
        }

        if (n == 1)
        {
            return null;
        }

        var target = Editable(node, owner);
        target.Slot(n - 1) = null!;
        target.Count = n - 1;
        target.Total -= leaf.Length;
        target.Sizes = target.Sizes?.AsSpan(0, n - 1).ToArray();
        target.OwnedLeaves &= (1u << (n - 1)) - 1;
        return target;
    }

    /// <summary>Removes single-child roots above level 1.</summary>
    public static TrieNode Collapse(TrieNode root, ref int shift)
    {
        while (!IsLevelOne(shift) && root.Count == 1)
        {
            root = Unsafe.As<TrieNode>(root.Children[0]);
            shift -= G.Bits;
        }

        return root;
    }

    /// <summary>Builds a dense balanced tree over <paramref name="items"/> (non-empty). O(n).</summary>
    public static TrieNode Build(ReadOnlySpan<T> items, out int shift)
    {
        int leafCount = (items.Length + G.LeafMask) >> G.LeafBits;
        var level = new object[leafCount];
        for (int i = 0; i < leafCount; i++)
        {
            int start = i << G.LeafBits;
            level[i] = items.Slice(start, Math.Min(G.LeafWidth, items.Length - start)).ToArray();
        }

        shift = G.LeafBits;
        int childCapacity = G.LeafWidth;
        int total = items.Length;
        while (true)
        {
            int parents = (level.Length + G.Mask) >> G.Bits;
            var up = new object[parents];
            for (int i = 0; i < parents; i++)
            {
                int first = i << G.Bits;
                int count = Math.Min(G.Width, level.Length - first);
                var node = TrieNode.Create(null, count, (int)Math.Min((long)count * childCapacity, total - ((long)first * childCapacity)));
                level.AsSpan(first, count).CopyTo(node.AllSlots);
                up[i] = node;
            }

            if (parents == 1)
            {
                return Unsafe.As<TrieNode>(up[0]);
            }

            level = up;
            childCapacity <<= G.Bits;
            shift += G.Bits;
        }
    }
}
