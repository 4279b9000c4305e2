using System;
using System.Runtime.CompilerServices;

namespace CowCollections.Internal.VectorTrie;

/// <summary>
/// Insert and remove one element, each O(log n), copying only the path (plus at most one neighbour per level):
/// <list type="bullet">
/// <item><b>Size tables are derived from the parent's</b> (its own table, or the one its radix shape implies),
/// never recounted from the children.</item>
/// <item><b>Insert</b> uses the slack of relaxed nodes (<see cref="TrieGeometry.RelaxedSlackBits"/>): a leaf, full or
/// not, grows by one up to <see cref="MaxLeaf"/> (twice <c>LeafWidth</c>), so an insert copies one leaf and the path with
/// new size tables and splits nothing, even in a completely full tree (whose nodes would otherwise all split on the
/// first insert). The nodes on the path become relaxed; a relaxed node's children may then exceed their radix capacity
/// (by at most the slack, which follows from the leaf bound), and its search steps back from the radix guess. A leaf
/// at <see cref="MaxLeaf"/> shares with a neighbour leaf that is not full (the two are redistributed evenly, the parent
/// keeps its child count), and splits in two halves only when both neighbours are full. A node that overflows splits
/// in two halves; the half that does not hold the changed children keeps the original's radix shape when it had one.</item>
/// <item><b>Remove</b> leaves a node alone while it is at least half full; an underfull one merges with, or
/// borrows from, a neighbour, so inner nodes stay at least half full and the height stays logarithmic.</item>
/// </list>
/// </summary>
internal static partial class RrbTree<T, G>
    where G : struct, ITrieGeometry
{
    private static int MinFill => G.Width >> 1;

    private static int MinLeafFill => G.LeafWidth >> 1;

    /// <summary>Largest number of children a merge or split handles at once (two nodes' worth).</summary>
    private const int MaxPair = 2 * TrieGeometry.MaxWidth;

    /// <summary>
    /// Replaces child <paramref name="slot"/> by <paramref name="child"/>, whose element count changed by
    /// <paramref name="delta"/>. A balanced node stays balanced only when the change is in its last child and that
    /// child is still balanced; otherwise its size table is derived from its old one.
    /// </summary>
    private static TrieNode ReplaceChild(TrieNode node, int shift, int slot, object child, int delta, EditToken? owner, bool leafOwned)
    {
        int[]? sizes = node.Sizes;
        bool relax = sizes is null
            ? (delta != 0 && slot != node.Count - 1) || !ChildBalanced(child, shift)
            : delta != 0;
        if (relax)
        {
            sizes = SizeTable(node, shift, node.Count);
            for (int j = slot; j < sizes.Length; j++)
            {
                sizes[j] += delta;
            }
        }

        var e = Editable(node, owner);
        e.Slot(slot) = child;
        e.Total += delta;
        e.Sizes = sizes;
        if (IsLevelOne(shift))
        {
            MarkLeaf(e, slot, leafOwned);
        }

        return e;
    }

    /// <summary>Inserts <paramref name="item"/> before <paramref name="index"/> (&lt; Total). A split returns the right half in <paramref name="split"/>.</summary>
    public static TrieNode Insert(TrieNode node, int shift, int index, T item, EditToken? owner, out TrieNode? split)
    {
        node.EnsureLoaded();
        int slot = Slot(node, shift, ref index);
        if (IsLevelOne(shift))
        {
            return InsertInLeaf(node, shift, slot, index, item, owner, out split);
        }

        var child = Insert(Unsafe.As<TrieNode>(node.Slot(slot)), shift - G.Bits, index, item, owner, out var childSplit);
        if (childSplit is null)
        {
            split = null;
            return ReplaceChild(node, shift, slot, child, 1, owner, leafOwned: false);
        }

        return ReplacePair(node, shift, slot, 1, child, child.Total, childSplit, childSplit.Total, 1, owner, leavesOwned: false, out split);
    }

    private static TrieNode InsertInLeaf(TrieNode node, int shift, int slot, int index, T item, EditToken? owner, out TrieNode? split)
    {
        var leaf = Unsafe.As<T[]>(node.Slot(slot));
        if (leaf.Length < MaxLeaf)
        {
            // A leaf with room, or a full one growing into the slack: one leaf copy and the path, nothing splits.
            split = null;
            return ReplaceChild(node, shift, slot, Inserted(leaf, index, item), 1, owner, leafOwned: true);
        }

        // A leaf at the slack's end: share with a neighbour that has room, so the parent keeps its child count.
        int n = node.Count;
        if (slot + 1 < n && Unsafe.As<T[]>(node.Slot(slot + 1)).Length < G.LeafWidth)
        {
            var (a, b) = Redistribute(Inserted(leaf, index, item), Unsafe.As<T[]>(node.Slot(slot + 1)));
            split = null;
            return ReplacePair(node, shift, slot, 2, a, a.Length, b, b.Length, 1, owner, leavesOwned: true, out _);
        }

        if (slot > 0 && Unsafe.As<T[]>(node.Slot(slot - 1)).Length < G.LeafWidth)
        {
            var (a, b) = Redistribute(Unsafe.As<T[]>(node.Slot(slot - 1)), Inserted(leaf, index, item));
            split = null;
            return ReplacePair(node, shift, slot - 1, 2, a, a.Length, b, b.Length, 1, owner, leavesOwned: true, out _);
        }

        var (left, right) = SplitInserted(leaf, index, item);
        return ReplacePair(node, shift, slot, 1, left, left.Length, right, right.Length, 1, owner, leavesOwned: true, out split);
    }

    private static T[] Inserted(T[] leaf, int index, T item)
    {
        var grown = new T[leaf.Length + 1];
        leaf.AsSpan(0, index).CopyTo(grown);
        grown[index] = item;
        leaf.AsSpan(index).CopyTo(grown.AsSpan(index + 1));
        return grown;
    }

    /// <summary>A full leaf with <paramref name="item"/> inserted at <paramref name="index"/>, as two halves (no intermediate copy).</summary>
    private static (T[] Left, T[] Right) SplitInserted(T[] leaf, int index, T item)
    {
        int total = leaf.Length + 1;
        int half = (total + 1) >> 1;
        var left = new T[half];
        var right = new T[total - half];
        if (index < half)
        {
            leaf.AsSpan(0, index).CopyTo(left);
            left[index] = item;
            leaf.AsSpan(index, half - index - 1).CopyTo(left.AsSpan(index + 1));
            leaf.AsSpan(half - 1).CopyTo(right);
        }
        else
        {
            leaf.AsSpan(0, half).CopyTo(left);
            int r = index - half;
            leaf.AsSpan(half, r).CopyTo(right);
            right[r] = item;
            leaf.AsSpan(index).CopyTo(right.AsSpan(r + 1));
        }

        return (left, right);
    }

    /// <summary>The items of <paramref name="x"/> then <paramref name="y"/> as two arrays of (nearly) equal length.</summary>
    private static (T[] Left, T[] Right) Redistribute(T[] x, T[] y)
    {
        int total = x.Length + y.Length;
        int half = (total + 1) >> 1;
        var left = new T[half];
        var right = new T[total - half];
        if (x.Length >= half)
        {
            x.AsSpan(0, half).CopyTo(left);
            x.AsSpan(half).CopyTo(right);
            y.CopyTo(right.AsSpan(x.Length - half));
        }
        else
        {
            x.CopyTo(left);
            y.AsSpan(0, half - x.Length).CopyTo(left.AsSpan(x.Length));
            y.AsSpan(half - x.Length).CopyTo(right);
        }

        return (left, right);
    }

    /// <summary>
    /// Replaces the <paramref name="replaced"/> (1 or 2) children from <paramref name="slot"/> by the two nodes
    /// <paramref name="a"/> and <paramref name="b"/>, the subtree growing by <paramref name="delta"/>. Splits this node
    /// in two halves when it overflows; the half without the new children keeps the original's radix shape when it had
    /// one. Sizes come from the old table (or radix shape) and the two new counts.
    /// </summary>
    private static TrieNode ReplacePair(TrieNode node, int shift, int slot, int replaced, object a, int aTotal, object b, int bTotal, int delta, EditToken? owner, bool leavesOwned, out TrieNode? split)
    {
        node.EnsureLoaded();
        var pair = new PairView(node, shift, slot, replaced, a, aTotal, b, bTotal);
        int n = node.Count;
        int count = pair.Count;
        bool oldBalanced = node.Sizes is null;
        bool newBalanced = ChildBalanced(a, shift) && ChildBalanced(b, shift);
        if (count <= G.Width)
        {
            var sizes = pair.Sizes(0, count, oldBalanced && newBalanced);
            var e = Editable(node, owner, count);
            if (replaced == 1)
            {
                var slots = e.AllSlots;
                slots.Slice(slot + 1, n - slot - 1).CopyTo(slots[(slot + 2)..]);
                if (IsLevelOne(shift))
                {
                    uint low = e.OwnedLeaves & ((1u << slot) - 1);
                    uint high = (e.OwnedLeaves >> (slot + 1)) << (slot + 2);
                    e.OwnedLeaves = low | high;
                }
            }

            e.Slot(slot) = a;
            e.Slot(slot + 1) = b;
            e.Count = count;
            e.Total += delta;
            e.Sizes = sizes;
            if (IsLevelOne(shift))
            {
                MarkLeaf(e, slot, leavesOwned);
                MarkLeaf(e, slot + 1, leavesOwned);
            }

            split = null;
            return e;
        }

        // Overflow: two halves, copied straight from the node; the half without the new pair keeps its radix shape.
        int half = (count + 1) >> 1;
        bool pairLeft = slot + 1 < half;
        bool pairRight = slot >= half;
        var leftNode = pair.NewNode(0, half, oldBalanced && (pairRight || newBalanced), owner);
        var rightNode = pair.NewNode(half, count - half, oldBalanced && (pairLeft || newBalanced), owner);
        if (IsLevelOne(shift) && leavesOwned && owner is not null)
        {
            MarkPairOwned(leftNode, rightNode, slot, half);
        }

        split = rightNode;
        return leftNode;
    }

    /// <summary>
    /// The children of <c>Node</c> with the <c>Replaced</c> (1 or 2) children from <c>Slot</c> replaced by the pair
    /// <c>A</c>, <c>B</c>, seen by position without building the sequence: child counts come from the node's size
    /// table or radix shape, and runs of untouched children are copied in bulk.
    /// </summary>
    private readonly ref struct PairView(TrieNode node, int shift, int slot, int replaced, object a, int aTotal, object b, int bTotal)
    {
        public int Count => node.Count - replaced + 2;

        private int TotalAt(int v) =>
            v < slot ? ChildTotal(node, shift, v)
            : v == slot ? aTotal
            : v == slot + 1 ? bTotal
            : ChildTotal(node, shift, v - 2 + replaced);

        /// <summary>The size table of positions [from, from + length), or null when radix indexing holds there.</summary>
        public int[]? Sizes(int from, int length, bool childrenBalanced)
        {
            int capacity = ChildCapacity(shift);
            bool radix = childrenBalanced && TotalAt(from + length - 1) <= capacity;
            for (int v = from; radix && v < from + length - 1; v++)
            {
                radix = TotalAt(v) == capacity;
            }

            if (radix)
            {
                return null;
            }

            var sizes = new int[length];
            int acc = 0;
            for (int i = 0; i < length; i++)
            {
                acc += TotalAt(from + i);
                sizes[i] = acc;
            }

            return sizes;
        }

        /// <summary>A new node over positions [from, from + length).</summary>
        public TrieNode NewNode(int from, int length, bool childrenBalanced, EditToken? owner)
        {
            var target = TrieNode.Create(owner, length);
            var slots = target.AllSlots;
            var source = node.AllSlots;
            int end = from + length;

            // Untouched children before the pair, the pair, untouched children after it.
            int lo = Math.Max(from, 0);
            int hi = Math.Min(end, slot);
            if (lo < hi)
            {
                source[lo..hi].CopyTo(slots[(lo - from)..]);
            }

            if (slot >= from && slot < end)
            {
                slots[slot - from] = a;
            }

            if (slot + 1 >= from && slot + 1 < end)
            {
                slots[slot + 1 - from] = b;
            }

            lo = Math.Max(from, slot + 2);
            if (lo < end)
            {
                source[(lo - 2 + replaced)..(end - 2 + replaced)].CopyTo(slots[(lo - from)..]);
            }

            target.Sizes = Sizes(from, length, childrenBalanced);
            target.Total = target.Sizes is { } sizes ? sizes[^1] : TotalOf(from, length);
            return target;
        }

        private int TotalOf(int from, int length)
        {
            int total = 0;
            for (int v = from; v < from + length; v++)
            {
                total += TotalAt(v);
            }

            return total;
        }
    }

    /// <summary>After a split of a level-1 node, marks the two new leaves (positions <paramref name="slot"/> and the next) as owned.</summary>
    private static void MarkPairOwned(TrieNode left, TrieNode right, int slot, int half)
    {
        for (int p = slot; p <= slot + 1; p++)
        {
            if (p < half)
            {
                MarkLeaf(left, p, owned: true);
            }
            else
            {
                MarkLeaf(right, p - half, owned: true);
            }
        }
    }

    /// <summary>The cumulative table of <paramref name="totals"/>, or null when <paramref name="balancedChildren"/> and the shape is radix.</summary>
    public static int[]? Cumulative(ReadOnlySpan<int> totals, bool balancedChildren, int shift)
    {
        int capacity = ChildCapacity(shift);
        bool radix = balancedChildren && totals[^1] <= capacity;
        for (int i = 0; radix && i < totals.Length - 1; i++)
        {
            radix = totals[i] == capacity;
        }

        if (radix)
        {
            return null;
        }

        var sizes = new int[totals.Length];
        int acc = 0;
        for (int i = 0; i < totals.Length; i++)
        {
            acc += totals[i];
            sizes[i] = acc;
        }

        return sizes;
    }

    /// <summary>Removes element <paramref name="index"/>; null when the subtree becomes empty.</summary>
    public static TrieNode? RemoveAt(TrieNode node, int shift, int index, EditToken? owner)
    {
        node.EnsureLoaded();
        int slot = Slot(node, shift, ref index);
        int n = node.Count;
        object? child;
        bool underfull;
        if (IsLevelOne(shift))
        {
            var leaf = Unsafe.As<T[]>(node.Slot(slot));
            if (leaf.Length == 1)
            {
                child = null;
                underfull = false;
            }
            else
            {
                var shrunk = new T[leaf.Length - 1];
                leaf.AsSpan(0, index).CopyTo(shrunk);
                leaf.AsSpan(index + 1).CopyTo(shrunk.AsSpan(index));
                child = shrunk;
                underfull = shrunk.Length < MinLeafFill;
            }
        }
        else
        {
            var rest = RemoveAt(Unsafe.As<TrieNode>(node.Slot(slot)), shift - G.Bits, index, owner);
            child = rest;
            underfull = rest is not null && rest.Count < MinFill;
        }

        if (child is null)
        {
            return n == 1 ? null : RemoveChild(node, shift, slot, owner);
        }

        if (!underfull || n == 1)
        {
            return ReplaceChild(node, shift, slot, child, -1, owner, leafOwned: true);
        }

        // Underfull: merge with, or borrow from, a neighbour.
        int lo = slot + 1 < n ? slot : slot - 1;
        object first = lo == slot ? child : node.Slot(lo);
        object second = lo == slot ? node.Slot(lo + 1) : child;
        return MergeNeighbours(node, shift, lo, first, second, owner);
    }

    /// <summary>Removes child <paramref name="slot"/> (it became empty). A balanced node stays balanced.</summary>
    private static TrieNode RemoveChild(TrieNode node, int shift, int slot, EditToken? owner)
    {
        int n = node.Count;
        int removed = ChildTotal(node, shift, slot);
        int[]? sizes = null;
        if (node.Sizes is { } old)
        {
            sizes = new int[n - 1];
            old.AsSpan(0, slot).CopyTo(sizes);
            for (int j = slot + 1; j < n; j++)
            {
                sizes[j - 1] = old[j] - removed;
            }
        }

        // A balanced node only ever loses its last child (the others are full), and stays balanced.
        var e = Editable(node, owner);
        var slots = e.AllSlots;
        slots.Slice(slot + 1, n - slot - 1).CopyTo(slots[slot..]);
        slots[n - 1] = null!;
        if (IsLevelOne(shift))
        {
            uint low = e.OwnedLeaves & ((1u << slot) - 1);
            uint high = (e.OwnedLeaves >> (slot + 1)) << slot;
            e.OwnedLeaves = low | high;
        }

        e.Count = n - 1;
        e.Total -= removed;
        e.Sizes = sizes;
        return e;
    }

    /// <summary>
    /// Replaces children <paramref name="lo"/> and <paramref name="lo"/> + 1 (now <paramref name="first"/> and
    /// <paramref name="second"/>, one of them underfull) by one merged child, or two children at least half full.
    /// </summary>
    private static TrieNode MergeNeighbours(TrieNode node, int shift, int lo, object first, object second, EditToken? owner)
    {
        int n = node.Count;
        object a;
        object? b;
        int aTotal, bTotal;
        if (IsLevelOne(shift))
        {
            var x = Unsafe.As<T[]>(first);
            var y = Unsafe.As<T[]>(second);
            if (x.Length + y.Length <= G.LeafWidth)
            {
                var merged = new T[x.Length + y.Length];
                x.CopyTo(merged, 0);
                y.CopyTo(merged, x.Length);
                (a, b, aTotal, bTotal) = (merged, null, merged.Length, 0);
            }
            else
            {
                var (l, r) = Redistribute(x, y);
                (a, b, aTotal, bTotal) = (l, r, l.Length, r.Length);
            }
        }
        else
        {
            var pair = MergeNodes(Unsafe.As<TrieNode>(first), Unsafe.As<TrieNode>(second), shift - G.Bits, owner);
            a = pair.Left;
            b = pair.Right;
            aTotal = pair.Left.Total;
            bTotal = pair.Right?.Total ?? 0;
        }

        if (b is not null)
        {
            return ReplacePair(node, shift, lo, 2, a, aTotal, b, bTotal, -1, owner, leavesOwned: true, out _);
        }

        // Two children became one: the node shrinks by one child.
        Span<int> totals = stackalloc int[MaxPair];
        int k = 0;
        for (int i = 0; i < n; i++)
        {
            if (i == lo)
            {
                totals[k++] = aTotal;
                i++;
            }
            else
            {
                totals[k++] = ChildTotal(node, shift, i);
            }
        }

        var e = Editable(node, owner);
        var slots = e.AllSlots;
        e.Slot(lo) = a;
        slots.Slice(lo + 2, n - lo - 2).CopyTo(slots[(lo + 1)..]);
        slots[n - 1] = null!;
        if (IsLevelOne(shift))
        {
            uint low = e.OwnedLeaves & ((1u << lo) - 1);
            uint high = (e.OwnedLeaves >> (lo + 2)) << (lo + 1);
            e.OwnedLeaves = low | high | (e.Owner is null ? 0u : 1u << lo);
        }

        e.Count = n - 1;
        e.Total -= 1;
        e.Sizes = Cumulative(totals[..k], balancedChildren: false, shift);
        return e;
    }

    /// <summary>Merges two sibling nodes at <paramref name="shift"/> into one, or redistributes their children into two at least half full.</summary>
    private static (TrieNode Left, TrieNode? Right) MergeNodes(TrieNode x, TrieNode y, int shift, EditToken? owner)
    {
        var cx = x.Children;
        var cy = y.Children;
        int total = cx.Length + cy.Length;
        var buffer = default(ChildBuffer);
        Span<object> children = buffer;
        Span<int> totals = stackalloc int[MaxPair];
        cx.CopyTo(children);
        cy.CopyTo(children[cx.Length..]);
        for (int i = 0; i < cx.Length; i++)
        {
            totals[i] = ChildTotal(x, shift, i);
        }

        for (int i = 0; i < cy.Length; i++)
        {
            totals[cx.Length + i] = ChildTotal(y, shift, i);
        }

        if (total <= G.Width)
        {
            return (NewNode(children[..total], totals[..total], childrenBalanced: false, shift, owner), null);
        }

        int half = (total + 1) >> 1;
        return (NewNode(children[..half], totals[..half], childrenBalanced: false, shift, owner),
            NewNode(children[half..total], totals[half..total], childrenBalanced: false, shift, owner));
    }
}
