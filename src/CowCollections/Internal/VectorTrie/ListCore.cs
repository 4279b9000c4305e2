using System;
using System.Collections.Generic;
using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;

namespace CowCollections.Internal.VectorTrie;

/// <summary>
/// The whole state of a vector-trie list — tree plus tail — and every list operation on it, shared by
/// <see cref="PersistentList{T}"/> (which copies this struct and edits the copy with a null owner) and its
/// <c>Builder</c> (which edits its own copy with its live token).
/// <para>Invariants (checked by <see cref="TrieChecker{T, G}"/>):</para>
/// <list type="bullet">
/// <item>The list is the tree's elements followed by <c>Tail[0..TailCount)</c>; <see cref="Count"/> is their sum.</item>
/// <item>A non-empty list has a non-empty tail (1..LeafWidth); appends touch only the tail until it is full.</item>
/// <item>A list of at most LeafWidth elements has no tree: it is one flat array (the tail), so small lists
/// read, enumerate and yield their one chunk at array speed.</item>
/// <item>The tree's element count is <c>Root.Total == Count - TailCount</c>.</item>
/// <item><c>Tail.Length == TailCount</c> unless <see cref="TailOwned"/> (a builder's tail has spare capacity).</item>
/// </list>
/// </summary>
internal partial struct ListCore<T, G>
    where G : struct, ITrieGeometry
{
    public TrieNode? Root;
    public int Shift;
    public T[] Tail;
    public int TailCount;
    public int Count;
    public bool TailOwned;
    public EditToken? Owner;

    public ListCore(TrieNode? root, int shift, T[] tail, int count)
    {
        Root = root;
        Shift = shift;
        Tail = tail;
        TailCount = tail.Length;
        Count = count;
    }

    public static ListCore<T, G> Empty => new(null, 0, [], 0);

    /// <summary>A list over a copy of <paramref name="items"/>: a flat array up to LeafWidth, a dense balanced tree above.</summary>
    public static ListCore<T, G> From(ReadOnlySpan<T> items)
    {
        if (items.Length <= G.LeafWidth)
        {
            return new ListCore<T, G>(null, 0, items.ToArray(), items.Length);
        }

        int tailCount = ((items.Length - 1) & G.LeafMask) + 1;
        var root = RrbTree<T, G>.Build(items[..^tailCount], out int shift);
        return new ListCore<T, G>(root, shift, items[^tailCount..].ToArray(), items.Length);
    }

    public readonly int TreeCount => Count - TailCount;

    /// <summary>
    /// The one check of every growing operation, made before anything changes: a list holds at most
    /// int.MaxValue elements (sharing makes such a list cheap, so the limit is reachable).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public readonly void EnsureRoom(int added)
    {
        if (added > int.MaxValue - Count)
        {
            ThrowTooLong(Count, added);
        }
    }

    [DoesNotReturn]
    public static void ThrowTooLong(int count, int added) =>
        throw new OverflowException($"A list of {count} elements cannot grow by {added}: a list holds at most {int.MaxValue} elements.");

    /// <summary>Reference to element <paramref name="index"/> (already range-checked).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public readonly ref T ItemRef(int index)
    {
        int inTail = index - (Count - TailCount);
        if (inTail >= 0)
        {
            return ref Tail[inTail];
        }

        return ref RrbTree<T, G>.ItemRef(Root!, Shift, index);
    }

    /// <summary>A tail array the caller may write, holding the current tail, with room for <paramref name="needed"/> items.</summary>
    private T[] WritableTail(int needed)
    {
        if (TailOwned && Tail.Length >= needed)
        {
            return Tail;
        }

        var fresh = new T[Owner is not null ? G.LeafWidth : needed];
        Tail.AsSpan(0, TailCount).CopyTo(fresh);
        Tail = fresh;
        TailOwned = Owner is not null;
        return fresh;
    }

    /// <summary>Appends <paramref name="item"/>: a store into an owned tail with room, else a tail copy (and a leaf push when full).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Add(T item)
    {
        if (Count == int.MaxValue)
        {
            ThrowTooLong(Count, 1);
        }

        int n = TailCount;
        var tail = Tail;
        if (TailOwned && (uint)n < (uint)tail.Length)
        {
            tail[n] = item;
            TailCount = n + 1;
            Count++;
            return;
        }

        AddSlow(item);
    }

    private void AddSlow(T item)
    {
        if (TailCount == G.LeafWidth)
        {
            PushTail();
        }

        var tail = WritableTail(TailCount + 1);
        tail[TailCount++] = item;
        Count++;
    }

    public void AddRange(ReadOnlySpan<T> items)
    {
        EnsureRoom(items.Length);
        while (!items.IsEmpty)
        {
            if (TailCount == G.LeafWidth)
            {
                PushTail();
            }

            if (TailCount == 0 && items.Length >= G.LeafWidth)
            {
                Tail = items[..G.LeafWidth].ToArray();
                TailCount = G.LeafWidth;
                TailOwned = Owner is not null;
                Count += G.LeafWidth;
                items = items[G.LeafWidth..];
                continue;
            }

            int take = Math.Min(G.LeafWidth - TailCount, items.Length);
            var tail = WritableTail(TailCount + take);
            items[..take].CopyTo(tail.AsSpan(TailCount));
            TailCount += take;
            Count += take;
            items = items[take..];
        }
    }

    /// <summary>Moves the tail into the tree as its last leaf; the tail becomes empty.</summary>
    private void PushTail()
    {
        if (TailCount == 0)
        {
            return;
        }

        bool exact = Tail.Length == TailCount;
        var leaf = exact ? Tail : Tail.AsSpan(0, TailCount).ToArray();
        Root = RrbTree<T, G>.PushLeaf(Root, ref Shift, leaf, Owner, leafOwned: !exact || TailOwned);
        Tail = [];
        TailCount = 0;
        TailOwned = false;
    }

    /// <summary>Makes the tree's last leaf the tail (the tail must be empty).</summary>
    private void PopTail()
    {
        if (Root is null)
        {
            return;
        }

        var rest = RrbTree<T, G>.PopLeaf(Root, Shift, Owner, out var leaf, out bool owned);
        if (rest is null)
        {
            Root = null;
            Shift = 0;
        }
        else
        {
            Root = RrbTree<T, G>.Collapse(rest, ref Shift);
        }

        if (leaf.Length > G.LeafWidth)
        {
            // A leaf grown into the insert slack: its last LeafWidth elements become the tail, the rest goes back as a leaf.
            int front = leaf.Length - G.LeafWidth;
            Root = RrbTree<T, G>.PushLeaf(Root, ref Shift, leaf.AsSpan(0, front).ToArray(), Owner, leafOwned: true);
            Tail = leaf.AsSpan(front).ToArray();
            TailCount = G.LeafWidth;
            TailOwned = false;
            return;
        }

        Tail = leaf;
        TailCount = leaf.Length;
        TailOwned = owned;
    }

    /// <summary>Restores the tail and flat-array invariants after a structural edit.</summary>
    private void Normalize()
    {
        if (TailCount == 0)
        {
            PopTail();
        }

        if (Root is not null && Count <= G.LeafWidth)
        {
            var flat = new T[Count];
            CopyTo(flat);
            Root = null;
            Shift = 0;
            Tail = flat;
            TailCount = flat.Length;
            TailOwned = false;
        }
    }

    public void SetItem(int index, T value)
    {
        int inTail = index - TreeCount;
        if (inTail >= 0)
        {
            WritableTail(TailCount)[inTail] = value;
        }
        else
        {
            Root = RrbTree<T, G>.SetItem(Root!, Shift, index, value, Owner);
        }
    }

    public void Insert(int index, T item)
    {
        if (Count == int.MaxValue)
        {
            ThrowTooLong(Count, 1);
        }

        int inTail = index - TreeCount;
        if (inTail >= 0 && TailCount < G.LeafWidth)
        {
            var tail = WritableTail(TailCount + 1);
            tail.AsSpan(inTail, TailCount - inTail).CopyTo(tail.AsSpan(inTail + 1));
            tail[inTail] = item;
            TailCount++;
            Count++;
            return;
        }

        if (inTail >= 0)
        {
            // The tail is full: the first LeafWidth of the LeafWidth + 1 items become a leaf.
            var all = new T[G.LeafWidth + 1];
            Tail.AsSpan(0, inTail).CopyTo(all);
            all[inTail] = item;
            Tail.AsSpan(inTail, TailCount - inTail).CopyTo(all.AsSpan(inTail + 1));
            Tail = all[..G.LeafWidth];
            TailOwned = false;
            PushTail();
            Tail = [all[G.LeafWidth]];
            TailCount = 1;
            Count++;
            return;
        }

        var root = RrbTree<T, G>.Insert(Root!, Shift, index, item, Owner, out var split);
        if (split is not null)
        {
            Shift += G.Bits;
            root = RrbTree<T, G>.NewNode([root, split], [root.Total, split.Total], root.Sizes is null && split.Sizes is null, Shift, Owner);
        }

        Root = root;
        Count++;
    }

    public void RemoveAt(int index)
    {
        int inTail = index - TreeCount;
        if (inTail >= 0)
        {
            if (TailOwned)
            {
                Tail.AsSpan(inTail + 1, TailCount - inTail - 1).CopyTo(Tail.AsSpan(inTail));
                Tail[TailCount - 1] = default!;
            }
            else
            {
                var shrunk = new T[TailCount - 1];
                Tail.AsSpan(0, inTail).CopyTo(shrunk);
                Tail.AsSpan(inTail + 1, TailCount - inTail - 1).CopyTo(shrunk.AsSpan(inTail));
                Tail = shrunk;
            }

            TailCount--;
        }
        else
        {
            var rest = RrbTree<T, G>.RemoveAt(Root!, Shift, index, Owner);
            if (rest is null)
            {
                Root = null;
                Shift = 0;
            }
            else
            {
                Root = RrbTree<T, G>.Collapse(rest, ref Shift);
            }
        }

        Count--;
        Normalize();
    }

    /// <summary>Keeps <paramref name="count"/> elements from <paramref name="start"/> (range already checked).</summary>
    public void Slice(int start, int count)
    {
        if (count == Count)
        {
            return;
        }

        if (start >= TreeCount)
        {
            Tail = Tail.AsSpan(start - TreeCount, count).ToArray();
            TailCount = count;
            TailOwned = Owner is not null;
            Root = null;
            Shift = 0;
            Count = count;
            return;
        }

        PushTail();
        SliceTree(start, count);
        Normalize();
    }

    /// <summary>
    /// Slices a list whose tail is empty, without restoring the tail: never edits a node in place, so two
    /// slices of one tree can be taken before either is normalized.
    /// </summary>
    private void SliceTree(int start, int count)
    {
        if (count == 0)
        {
            Root = null;
            Shift = 0;
            Count = 0;
            return;
        }

        var node = Root!;
        if (start + count < Count)
        {
            node = RrbTree<T, G>.SliceRight(node, Shift, start + count, Owner);
        }

        if (start > 0)
        {
            node = RrbTree<T, G>.SliceLeft(node, Shift, start, Owner);
        }

        Root = RrbTree<T, G>.Normalize(node, ref Shift, Owner);
        Count = count;
    }

    /// <summary>
    /// Splits the list at <paramref name="index"/>: this keeps [0, index), the result holds [from, Count).
    /// Both slices are taken from the untouched tree before either is normalized (normalizing edits
    /// owned nodes in place).
    /// </summary>
    private ListCore<T, G> SplitOff(int index, int from)
    {
        PushTail();
        var right = this;
        right.SliceTree(from, Count - from);
        SliceTree(0, index);
        right.Normalize();
        Normalize();
        return right;
    }

    /// <summary>Appends all of <paramref name="other"/> (O(log n) when both are large).</summary>
    public void Concat(ListCore<T, G> other)
    {
        if (other.Count == 0)
        {
            return;
        }

        EnsureRoom(other.Count);

        if (Count == 0)
        {
            var owner = Owner;
            this = other;
            Owner = owner;
            TailOwned = false;
            return;
        }

        if (other.Root is null)
        {
            AddRange(other.Tail.AsSpan(0, other.TailCount));
            return;
        }

        // The seam is this list's last element against the other's first tree element, so this tail goes into
        // the tree; the other's tail stays a tail (no push and pop of its right edge).
        PushTail();
        Root = RrbTree<T, G>.Concat(Root!, Shift, other.Root, other.Shift, Owner, out Shift);
        Tail = other.Tail.Length == other.TailCount ? other.Tail : other.Tail.AsSpan(0, other.TailCount).ToArray();
        TailCount = other.TailCount;
        TailOwned = false;
        Count += other.Count;
    }

    /// <summary>Inserts all of <paramref name="items"/> before <paramref name="index"/>.</summary>
    public void InsertRange(int index, ListCore<T, G> items)
    {
        EnsureRoom(items.Count);
        if (index == Count)
        {
            Concat(items);
            return;
        }

        var right = SplitOff(index, index);
        Concat(items);
        Concat(right);
    }

    public void RemoveRange(int index, int count)
    {
        if (count == 0)
        {
            return;
        }

        if (count == 1)
        {
            RemoveAt(index);
            return;
        }

        var right = SplitOff(index, index + count);
        Concat(right);
    }

    /// <summary>Copies every element to <paramref name="destination"/> leaf by leaf.</summary>
    public readonly void CopyTo(Span<T> destination)
    {
        var cursor = new LeafCursor<T, G>(this);
        int at = 0;
        while (cursor.MoveNext())
        {
            cursor.Current.CopyTo(destination[at..]);
            at += cursor.Current.Length;
        }
    }

    public readonly T[] ToArray()
    {
        if (Count == 0)
        {
            return [];
        }

        var result = new T[Count];
        CopyTo(result);
        return result;
    }

    /// <summary>Freezes this state for publication: trims a builder's tail to its exact length.</summary>
    public readonly ListCore<T, G> Frozen()
    {
        var frozen = this;
        frozen.Owner = null;
        frozen.TailOwned = false;
        if (Tail.Length != TailCount)
        {
            frozen.Tail = Tail.AsSpan(0, TailCount).ToArray();
        }

        return frozen;
    }
}
