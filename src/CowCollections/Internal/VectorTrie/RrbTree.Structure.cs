using System;
using System.Runtime.CompilerServices;

namespace CowCollections.Internal.VectorTrie;

/// <summary>
/// Structural edits of the RRB trie, each O(log n):
/// <list type="bullet">
/// <item>insert and remove one element B-tree style: a full leaf or branch splits in two halves, an
/// underfull one (below Width/2) merges with or borrows from a sibling, so inner nodes stay at least half
/// full and the height stays logarithmic;</item>
/// <item>slicing cuts along two root-to-leaf paths;</item>
/// <item>concatenation merges the right spine of the left tree with the left spine of the right tree and
/// packs each merged level into one or two nodes (each at least half full), so the seam costs O(Width)
/// per level.</item>
/// </list>
/// Nodes whose child counts change become relaxed (size tables); the radix fast path is kept wherever
/// every non-last child stays full.
/// </summary>
internal static partial class RrbTree<T, G>
    where G : struct, ITrieGeometry
{
    private static int MinFill => G.Width >> 1;

    /// <summary>Replaces child <paramref name="slot"/>, whose element count changed by <paramref name="delta"/>.</summary>
    private static Branch ReplaceChild(Branch b, int shift, int slot, object child, int delta, EditToken? owner, bool leafOwned)
    {
        var e = Editable(b, owner, copySizes: b.Sizes is not null && delta != 0);
        e.Children[slot] = child;
        if (shift == G.Bits)
        {
            MarkLeaf(e, slot, leafOwned);
        }

        if (delta != 0)
        {
            if (e.Sizes is { } sizes)
            {
                for (int j = slot; j < sizes.Length; j++)
                {
                    sizes[j] += delta;
                }
            }
            else if (slot != e.Children.Length - 1)
            {
                // The branch was balanced before this child changed: every other child is full.
                var relaxed = BalancedSizes(b.Children, shift - G.Bits);
                for (int j = slot; j < relaxed.Length; j++)
                {
                    relaxed[j] += delta;
                }

                e.Sizes = relaxed;
            }
        }

        return e;
    }

    /// <summary>Inserts <paramref name="item"/> before <paramref name="index"/> (&lt; count). A split returns the right half in <paramref name="split"/>.</summary>
    public static Branch Insert(Branch b, int shift, int index, T item, EditToken? owner, out Branch? split)
    {
        int slot = Slot(b, shift, ref index);
        if (shift == G.Bits)
        {
            var leaf = Unsafe.As<T[]>(b.Children[slot]);
            if (leaf.Length < G.Width)
            {
                var grown = new T[leaf.Length + 1];
                leaf.AsSpan(0, index).CopyTo(grown);
                grown[index] = item;
                leaf.AsSpan(index).CopyTo(grown.AsSpan(index + 1));
                split = null;
                return ReplaceChild(b, shift, slot, grown, 1, owner, leafOwned: true);
            }

            var all = new T[leaf.Length + 1];
            leaf.AsSpan(0, index).CopyTo(all);
            all[index] = item;
            leaf.AsSpan(index).CopyTo(all.AsSpan(index + 1));
            int half = (all.Length + 1) >> 1;
            return InsertPair(b, shift, slot, all.AsSpan(0, half).ToArray(), all.AsSpan(half).ToArray(), owner, out split);
        }

        var child = Insert(Unsafe.As<Branch>(b.Children[slot]), shift - G.Bits, index, item, owner, out var childSplit);
        if (childSplit is null)
        {
            split = null;
            return ReplaceChild(b, shift, slot, child, 1, owner, leafOwned: false);
        }

        return InsertPair(b, shift, slot, child, childSplit, owner, out split);
    }

    /// <summary>Replaces child <paramref name="slot"/> by two nodes; splits this branch when it overflows.</summary>
    private static Branch InsertPair(Branch b, int shift, int slot, object left, object right, EditToken? owner, out Branch? split)
    {
        int n = b.Children.Length;
        var children = new object[n + 1];
        Array.Copy(b.Children, children, slot);
        children[slot] = left;
        children[slot + 1] = right;
        Array.Copy(b.Children, slot + 1, children, slot + 2, n - slot - 1);
        if (children.Length <= G.Width)
        {
            split = null;
            return MakeBranch(children, shift, owner);
        }

        int half = (children.Length + 1) >> 1;
        split = MakeBranch(children.AsSpan(half).ToArray(), shift, owner);
        return MakeBranch(children.AsSpan(0, half).ToArray(), shift, owner);
    }

    /// <summary>Removes element <paramref name="index"/>; null when the subtree becomes empty.</summary>
    public static Branch? RemoveAt(Branch b, int shift, int index, EditToken? owner)
    {
        int slot = Slot(b, shift, ref index);
        int n = b.Children.Length;
        object? child;
        int fill;
        if (shift == G.Bits)
        {
            var leaf = Unsafe.As<T[]>(b.Children[slot]);
            if (leaf.Length == 1)
            {
                child = null;
                fill = 0;
            }
            else
            {
                var shrunk = new T[leaf.Length - 1];
                leaf.AsSpan(0, index).CopyTo(shrunk);
                leaf.AsSpan(index + 1).CopyTo(shrunk.AsSpan(index));
                child = shrunk;
                fill = shrunk.Length;
            }
        }
        else
        {
            var rest = RemoveAt(Unsafe.As<Branch>(b.Children[slot]), shift - G.Bits, index, owner);
            child = rest;
            fill = rest?.Children.Length ?? 0;
        }

        if (child is null)
        {
            if (n == 1)
            {
                return null;
            }

            var remaining = new object[n - 1];
            Array.Copy(b.Children, remaining, slot);
            Array.Copy(b.Children, slot + 1, remaining, slot, n - slot - 1);
            return MakeBranch(remaining, shift, owner);
        }

        if (fill >= MinFill || n == 1)
        {
            return ReplaceChild(b, shift, slot, child, -1, owner, leafOwned: true);
        }

        int lo = slot + 1 < n ? slot : slot - 1;
        object a = lo == slot ? child : b.Children[lo];
        object c = lo == slot ? b.Children[lo + 1] : child;
        var merged = MergeSiblings(a, c, shift - G.Bits, owner);
        var children = new object[n - 2 + merged.Length];
        Array.Copy(b.Children, children, lo);
        merged.CopyTo(children, lo);
        Array.Copy(b.Children, lo + 2, children, lo + merged.Length, n - lo - 2);
        return MakeBranch(children, shift, owner);
    }

    /// <summary>Merges two adjacent nodes into one, or redistributes them into two at least half full.</summary>
    private static object[] MergeSiblings(object a, object c, int shift, EditToken? owner)
    {
        if (shift == 0)
        {
            var la = Unsafe.As<T[]>(a);
            var lc = Unsafe.As<T[]>(c);
            return [.. SplitEvenly<T>(la, lc)];
        }

        var ba = Unsafe.As<Branch>(a);
        var bc = Unsafe.As<Branch>(c);
        var parts = SplitEvenly<object>(ba.Children, bc.Children);
        var result = new object[parts.Length];
        for (int i = 0; i < parts.Length; i++)
        {
            result[i] = MakeBranch(parts[i], shift, owner);
        }

        return result;
    }

    /// <summary>The items of <paramref name="x"/> then <paramref name="y"/>, in one array or two halves.</summary>
    private static TItem[][] SplitEvenly<TItem>(TItem[] x, TItem[] y)
    {
        int total = x.Length + y.Length;
        var all = new TItem[total];
        x.CopyTo(all, 0);
        y.CopyTo(all, x.Length);
        if (total <= G.Width)
        {
            return [all];
        }

        int half = (total + 1) >> 1;
        return [all.AsSpan(0, half).ToArray(), all.AsSpan(half).ToArray()];
    }

    /// <summary>Keeps the first <paramref name="end"/> elements (1 &lt;= end &lt;= count).</summary>
    public static object SliceRight(object node, int shift, int end, EditToken? owner)
    {
        if (shift == 0)
        {
            var leaf = Unsafe.As<T[]>(node);
            return end == leaf.Length ? leaf : leaf.AsSpan(0, end).ToArray();
        }

        var b = Unsafe.As<Branch>(node);
        int index = end - 1;
        int slot = Slot(b, shift, ref index);
        var child = SliceRight(b.Children[slot], shift - G.Bits, index + 1, owner);
        if (slot == b.Children.Length - 1 && ReferenceEquals(child, b.Children[slot]))
        {
            return b;
        }

        var children = new object[slot + 1];
        Array.Copy(b.Children, children, slot);
        children[slot] = child;
        return MakeBranch(children, shift, owner);
    }

    /// <summary>Drops the first <paramref name="start"/> elements (0 &lt;= start &lt; count).</summary>
    public static object SliceLeft(object node, int shift, int start, EditToken? owner)
    {
        if (shift == 0)
        {
            var leaf = Unsafe.As<T[]>(node);
            return start == 0 ? leaf : leaf.AsSpan(start).ToArray();
        }

        var b = Unsafe.As<Branch>(node);
        int index = start;
        int slot = Slot(b, shift, ref index);
        var child = SliceLeft(b.Children[slot], shift - G.Bits, index, owner);
        if (slot == 0 && ReferenceEquals(child, b.Children[0]))
        {
            return b;
        }

        int n = b.Children.Length;
        var children = new object[n - slot];
        children[0] = child;
        Array.Copy(b.Children, slot + 1, children, 1, n - slot - 1);
        return MakeBranch(children, shift, owner);
    }

    /// <summary>
    /// Lowers the height of a sliced tree whose root has only thin spines left: while the root has two
    /// children that are both shorter than their slot, the root is replaced by their concatenation.
    /// </summary>
    public static Branch Normalize(Branch root, ref int shift, EditToken? owner)
    {
        root = Collapse(root, ref shift);
        while (shift > G.Bits && root.Children.Length == 2)
        {
            int ls = shift - G.Bits;
            int rs = ls;
            var left = Collapse(Unsafe.As<Branch>(root.Children[0]), ref ls);
            var right = Collapse(Unsafe.As<Branch>(root.Children[1]), ref rs);
            if (Math.Max(ls, rs) >= shift - G.Bits)
            {
                break;
            }

            root = Concat(left, ls, right, rs, owner, out shift);
        }

        return root;
    }

    /// <summary>Concatenates two trees. O(Width x log n).</summary>
    public static Branch Concat(Branch left, int leftShift, Branch right, int rightShift, EditToken? owner, out int shift)
    {
        var nodes = ConcatNodes(left, leftShift, right, rightShift, owner);
        shift = Math.Max(leftShift, rightShift);
        Branch root;
        if (nodes.Length == 1)
        {
            root = Unsafe.As<Branch>(nodes[0]);
        }
        else
        {
            shift += G.Bits;
            root = MakeBranch(nodes, shift, owner);
        }

        return Collapse(root, ref shift);
    }

    /// <summary>The concatenation of two subtrees as one or two nodes at the larger of the two shifts.</summary>
    private static object[] ConcatNodes(object left, int leftShift, object right, int rightShift, EditToken? owner)
    {
        if (leftShift == 0 && rightShift == 0)
        {
            var l = Unsafe.As<T[]>(left);
            var r = Unsafe.As<T[]>(right);
            if (l.Length + r.Length > G.Width && l.Length >= MinFill && r.Length >= MinFill)
            {
                return [l, r];
            }

            return [.. SplitEvenly<T>(l, r)];
        }

        object[] all;
        int shift;
        if (leftShift > rightShift)
        {
            var lb = Unsafe.As<Branch>(left);
            var mid = ConcatNodes(lb.Children[^1], leftShift - G.Bits, right, rightShift, owner);
            all = [.. lb.Children.AsSpan(0, lb.Children.Length - 1), .. mid];
            shift = leftShift;
        }
        else if (leftShift < rightShift)
        {
            var rb = Unsafe.As<Branch>(right);
            var mid = ConcatNodes(left, leftShift, rb.Children[0], rightShift - G.Bits, owner);
            all = [.. mid, .. rb.Children.AsSpan(1)];
            shift = rightShift;
        }
        else
        {
            var lb = Unsafe.As<Branch>(left);
            var rb = Unsafe.As<Branch>(right);
            var mid = ConcatNodes(lb.Children[^1], leftShift - G.Bits, rb.Children[0], rightShift - G.Bits, owner);
            all = [.. lb.Children.AsSpan(0, lb.Children.Length - 1), .. mid, .. rb.Children.AsSpan(1)];
            shift = leftShift;
        }

        if (all.Length <= G.Width)
        {
            return [MakeBranch(all, shift, owner)];
        }

        int half = (all.Length + 1) >> 1;
        return [MakeBranch(all.AsSpan(0, half).ToArray(), shift, owner), MakeBranch(all.AsSpan(half).ToArray(), shift, owner)];
    }
}
