using System;
using System.Runtime.CompilerServices;

namespace CowCollections.Internal.VectorTrie;

/// <summary>
/// Slicing and concatenation, each O(log n):
/// <list type="bullet">
/// <item><b>Slicing</b> cuts along one root-to-leaf path per end; the nodes off the path are shared. Keeping a
/// prefix keeps a balanced tree balanced.</item>
/// <item><b>Concatenation</b> joins the right spine of the left tree to the left spine of the right tree. At each
/// level the children of the two seam nodes (at most 2 x Width, with the one or two nodes the level below
/// produced) are packed into one node, or two, split so that the new seam children sit on one side: the other
/// side is made of one tree's untouched children and keeps its radix shape. Each level therefore gains at most
/// one relaxed node (when both inputs were balanced), and nothing is recounted: child counts come from the
/// parents' size tables or radix shapes. The leaves at the seam are kept, merged into one, or redistributed so
/// that neither is below half full.</item>
/// </list>
/// </summary>
internal static partial class RrbTree<T, G>
    where G : struct, ITrieGeometry
{
    /// <summary>Keeps the first <paramref name="end"/> elements (1 &lt;= end &lt;= Total). Never edits in place.</summary>
    public static TrieNode SliceRight(TrieNode node, int shift, int end, EditToken? owner)
    {
        if (end == node.Total)
        {
            return node;
        }

        node.EnsureLoaded();
        int index = end - 1;
        int slot = Slot(node, shift, ref index);
        object child = node.Slot(slot);
        object cut = IsLevelOne(shift)
            ? Unsafe.As<T[]>(child).AsSpan(0, index + 1).ToArray()
            : SliceRight(Unsafe.As<TrieNode>(child), shift - G.Bits, index + 1, owner);
        var result = TrieNode.Create(owner, slot + 1, end);
        node.AllSlots[..slot].CopyTo(result.AllSlots);
        result.Slot(slot) = cut;
        if (node.Sizes is { } sizes)
        {
            var prefix = sizes.AsSpan(0, slot + 1).ToArray();
            prefix[slot] = end;
            result.Sizes = prefix;
        }
        else if (!ChildBalanced(cut, shift))
        {
            var prefix = SizeTable(node, shift, node.Count).AsSpan(0, slot + 1).ToArray();
            prefix[slot] = end;
            result.Sizes = prefix;
        }

        return result;
    }

    /// <summary>Drops the first <paramref name="start"/> elements (0 &lt;= start &lt; Total). Never edits in place.</summary>
    public static TrieNode SliceLeft(TrieNode node, int shift, int start, EditToken? owner)
    {
        if (start == 0)
        {
            return node;
        }

        node.EnsureLoaded();
        int index = start;
        int slot = Slot(node, shift, ref index);
        object child = node.Slot(slot);
        object cut = IsLevelOne(shift)
            ? Unsafe.As<T[]>(child).AsSpan(index).ToArray()
            : SliceLeft(Unsafe.As<TrieNode>(child), shift - G.Bits, index, owner);
        int n = node.Count - slot;
        Span<int> totals = stackalloc int[TrieGeometry.MaxWidth];
        totals[0] = CountOf(cut, shift);
        for (int i = 1; i < n; i++)
        {
            totals[i] = ChildTotal(node, shift, slot + i);
        }

        var result = TrieNode.Create(owner, n, node.Total - start);
        node.AllSlots.Slice(slot, n).CopyTo(result.AllSlots);
        result.Slot(0) = cut;
        result.Sizes = Cumulative(totals[..n], node.Sizes is null && ChildBalanced(cut, shift), shift);
        return result;
    }

    /// <summary>
    /// Lowers the height of a sliced tree whose root has only thin spines left: while the root has two
    /// children that are both shorter than their slot, the root is replaced by their concatenation.
    /// </summary>
    public static TrieNode Normalize(TrieNode root, ref int shift, EditToken? owner)
    {
        root = Collapse(root, ref shift);
        while (!IsLevelOne(shift) && root.Count == 2)
        {
            int ls = shift - G.Bits;
            int rs = ls;
            var children = root.Children;
            var left = Collapse(Unsafe.As<TrieNode>(children[0]), ref ls);
            var right = Collapse(Unsafe.As<TrieNode>(children[1]), ref rs);
            if (Math.Max(ls, rs) >= shift - G.Bits)
            {
                break;
            }

            root = Concat(left, ls, right, rs, owner, out shift);
        }

        return root;
    }

    /// <summary>Concatenates two trees. O(Width x log n).</summary>
    public static TrieNode Concat(TrieNode left, int leftShift, TrieNode right, int rightShift, EditToken? owner, out int shift)
    {
        var (a, b) = ConcatNodes(left, leftShift, right, rightShift, owner);
        shift = Math.Max(leftShift, rightShift);
        var root = a;
        if (b is not null)
        {
            shift += G.Bits;
            root = NewNode([a, b], [a.Total, b.Total], a.Sizes is null && b.Sizes is null, shift, owner);
        }

        return Collapse(root, ref shift);
    }

    /// <summary>The concatenation of two subtrees as one or two nodes at the larger of the two shifts.</summary>
    private static (TrieNode Left, TrieNode? Right) ConcatNodes(TrieNode left, int leftShift, TrieNode right, int rightShift, EditToken? owner)
    {
        var seam = new Seam();
        int shift = Math.Max(leftShift, rightShift);
        if (leftShift > rightShift)
        {
            var lc = left.Children;
            var (a, b) = ConcatNodes(Unsafe.As<TrieNode>(lc[^1]), leftShift - G.Bits, right, rightShift, owner);
            seam.AddPrefix(left, shift, lc.Length - 1);
            seam.AddMiddle(a, b);
        }
        else if (leftShift < rightShift)
        {
            var rc = right.Children;
            var (a, b) = ConcatNodes(left, leftShift, Unsafe.As<TrieNode>(rc[0]), rightShift - G.Bits, owner);
            seam.AddMiddle(a, b);
            seam.AddSuffix(right, shift, 1);
        }
        else
        {
            var lc = left.Children;
            var rc = right.Children;
            seam.AddPrefix(left, shift, lc.Length - 1);
            if (IsLevelOne(shift))
            {
                seam.AddLeaves(Unsafe.As<T[]>(lc[^1]), Unsafe.As<T[]>(rc[0]));
            }
            else
            {
                var (a, b) = ConcatNodes(Unsafe.As<TrieNode>(lc[^1]), shift - G.Bits, Unsafe.As<TrieNode>(rc[0]), shift - G.Bits, owner);
                seam.AddMiddle(a, b);
            }

            seam.AddSuffix(right, shift, 1);
        }

        return seam.Pack(shift, owner);
    }

    /// <summary>
    /// The children of one level of a concatenation, in order: a prefix of the left node's children, the new
    /// middle children, a suffix of the right node's children; with their counts and whether each run is balanced.
    /// </summary>
    private ref struct Seam
    {
        private ChildBuffer _children;
        private CountBuffer _totals;
        private int _count;
        private int _middleStart;
        private int _middleEnd;
        private bool _prefixBalanced;
        private bool _middleBalanced;
        private bool _suffixBalanced;

        public Seam()
        {
            _prefixBalanced = true;
            _middleBalanced = true;
            _suffixBalanced = true;
        }

        public void AddPrefix(TrieNode node, int shift, int count)
        {
            for (int i = 0; i < count; i++)
            {
                Add(node.Slot(i), ChildTotal(node, shift, i));
            }

            _prefixBalanced = IsLevelOne(shift) || node.Sizes is null;
            _middleStart = _count;
            _middleEnd = _count;
        }

        public void AddMiddle(TrieNode a, TrieNode? b)
        {
            _middleStart = _count;
            Add(a, a.Total);
            _middleBalanced = a.Sizes is null;
            if (b is not null)
            {
                Add(b, b.Total);
                _middleBalanced &= b.Sizes is null;
            }

            _middleEnd = _count;
        }

        /// <summary>The two seam leaves: kept when both are at least half full, else merged into one or redistributed.</summary>
        public void AddLeaves(T[] x, T[] y)
        {
            _middleStart = _count;
            if (x.Length + y.Length <= G.LeafWidth)
            {
                var merged = new T[x.Length + y.Length];
                x.CopyTo(merged, 0);
                y.CopyTo(merged, x.Length);
                Add(merged, merged.Length);
            }
            else if (x.Length >= MinLeafFill && y.Length >= MinLeafFill)
            {
                Add(x, x.Length);
                Add(y, y.Length);
            }
            else
            {
                var (l, r) = Redistribute(x, y);
                Add(l, l.Length);
                Add(r, r.Length);
            }

            _middleEnd = _count;
        }

        public void AddSuffix(TrieNode node, int shift, int from)
        {
            for (int i = from; i < node.Count; i++)
            {
                Add(node.Slot(i), ChildTotal(node, shift, i));
            }

            _suffixBalanced = IsLevelOne(shift) || node.Sizes is null;
        }

        private void Add(object child, int total)
        {
            _children[_count] = child;
            _totals[_count] = total;
            _count++;
        }

        /// <summary>One node, or two split so that the middle run sits on one side when that keeps both sides within Width.</summary>
        public (TrieNode Left, TrieNode? Right) Pack(int shift, EditToken? owner)
        {
            Span<object> children = _children;
            Span<int> totals = _totals;
            if (_count <= G.Width)
            {
                return (NewNode(children[.._count], totals[.._count], Balanced(0, _count), shift, owner), null);
            }

            int k = (_count + 1) >> 1;
            if (_middleStart < k && k < _middleEnd)
            {
                if (_middleEnd <= G.Width && _count - _middleEnd >= 1)
                {
                    k = _middleEnd;
                }
                else if (_middleStart >= 1 && _count - _middleStart <= G.Width)
                {
                    k = _middleStart;
                }
            }

            return (NewNode(children[..k], totals[..k], Balanced(0, k), shift, owner),
                NewNode(children[k.._count], totals[k.._count], Balanced(k, _count), shift, owner));
        }

        /// <summary>True when every child in [from, to) comes from a run known to be balanced.</summary>
        private readonly bool Balanced(int from, int to) =>
            (from >= _middleStart || _prefixBalanced)
            && (to <= _middleStart || from >= _middleEnd || _middleBalanced)
            && (to <= _middleEnd || _suffixBalanced);
    }

    [InlineArray(2 * TrieGeometry.MaxWidth)]
    private struct ChildBuffer
    {
        private object _element0;
    }

    [InlineArray(2 * TrieGeometry.MaxWidth)]
    private struct CountBuffer
    {
        private int _element0;
    }
}
