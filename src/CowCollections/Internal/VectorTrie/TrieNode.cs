using System;
using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Threading;

namespace CowCollections.Internal.VectorTrie;

/// <summary>
/// An inner node of the vector trie: one object holding its children inline (so a descent costs one
/// dependent load per level), its element count and, when relaxed, a size table. Leaves are plain
/// <c>T[]</c> arrays (exact length 1..LeafWidth, up to twice that under a relaxed node), so a leaf costs one array
/// header and nothing else.
/// <para>Invariants (checked by <see cref="TrieChecker{T, G}"/>):</para>
/// <list type="bullet">
/// <item><b>Shape.</b> <see cref="Count"/> children, 1..Width, in slots <c>[0, Count)</c>, all of one height:
/// leaves under a level-1 node (shift <c>LeafBits</c>), nodes above. Slots from <see cref="Count"/> on are null.</item>
/// <item><b>Total.</b> <see cref="Total"/> is the number of elements below. A child of a node at <c>shift</c> has the
/// capacity <c>1 &lt;&lt; shift</c>; a child of a relaxed node may exceed it by the insert slack, up to
/// <c>capacity &lt;&lt; RelaxedSlackBits</c> (a leaf up to twice LeafWidth).</item>
/// <item><b>Balanced (radix).</b> <see cref="Sizes"/> is null only if every child but the last is full, the last is
/// at most full (no slack), and every child node is itself balanced, so the whole subtree is indexed by shifts alone:
/// once a descent meets a balanced node it never tests anything again.</item>
/// <item><b>Relaxed.</b> Otherwise <see cref="Sizes"/> holds the cumulative element counts of children
/// <c>0..i</c> (strictly increasing, <c>Length == Count</c>, last entry <c>== Total</c>). A node may be relaxed
/// even when its shape would allow radix indexing (edits relax a node rather than re-checking its children);
/// relaxed nodes arise only from insertion, removal, concatenation, slicing and lazy decoding.</item>
/// <item><b>Size tables are immutable.</b> A table is never written once attached; copies of a node share
/// it, and an edit that changes sizes attaches a new table derived from the old one.</item>
/// <item><b>Ownership.</b> A node is mutated in place only when <see cref="Owner"/> is the live token of the
/// builder doing the edit. <see cref="OwnedLeaves"/> (level-1 nodes only) has bit i set only if leaf i was
/// allocated by that owner and is referenced nowhere else; it is meaningful only while the owner is live.</item>
/// <item><b>Lazy.</b> A node made by the segment layer over a mapped file starts <em>pending</em>: its count,
/// total and size table are known, its children are not. A pending node is always relaxed (it carries a size
/// table even when its shape is radix), so the balanced fast path never reaches one and pays nothing for the
/// hook; the relaxed path calls <see cref="EnsureLoaded"/>, and every edit reads children through
/// <see cref="Children"/>, which loads them. Loading is idempotent and thread-safe (see
/// <see cref="LazyChildren.Fill{TNode, TSource}"/>); a pending node has no owner, so no builder edits it in place.</item>
/// </list>
/// </summary>
internal sealed class TrieNode
{
    private Slots _slots;

    /// <summary>Null for a balanced node; the cumulative size table of a relaxed one (never written after it is attached).</summary>
    public int[]? Sizes;

    /// <summary>The builder token that may edit this node in place (null for persistent nodes).</summary>
    public EditToken? Owner;

    /// <summary>Level-1 nodes: bit i set when leaf i is owned by <see cref="Owner"/>.</summary>
    public uint OwnedLeaves;

    /// <summary>Number of children.</summary>
    public int Count;

    /// <summary>Number of elements below this node.</summary>
    public int Total;

    private Persistence.ListNodeSource? _source;

    public TrieNode(EditToken? owner) => Owner = owner;

    /// <summary>A pending node: <paramref name="source"/> decodes its <c>sizes.Length</c> children on first touch.</summary>
    public TrieNode(Persistence.ListNodeSource source, int[] sizes)
    {
        Debug.Assert(sizes.Length is > 0 and <= TrieGeometry.MaxWidth, "a node has 1..MaxWidth children");
        _source = source;
        Sizes = sizes;
        Count = sizes.Length;
        Total = sizes[^1];
    }

    /// <summary>Child slot <paramref name="index"/> (0 &lt;= index &lt; MaxWidth), without a bounds check or a load check.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ref object Slot(int index) => ref Unsafe.Add(ref Unsafe.As<Slots, object>(ref _slots), index);

    /// <summary>The children, loading a pending node first.</summary>
    public Span<object> Children
    {
        get
        {
            EnsureLoaded();
            return MemoryMarshal.CreateSpan(ref Slot(0), Count);
        }
    }

    /// <summary>Every slot, used and unused (for copies and shifts inside a node being built).</summary>
    public Span<object> AllSlots => MemoryMarshal.CreateSpan(ref Slot(0), TrieGeometry.MaxWidth);

    /// <summary>True while the children have not been decoded (a lazy node not yet touched).</summary>
    public bool IsPending => Volatile.Read(ref _source) is not null;

    /// <summary>Decodes the children of a pending node; does nothing for a loaded one.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void EnsureLoaded()
    {
        if (Volatile.Read(ref _source) is not null)
        {
            Load();
        }
    }

    /// <summary>A copy with the same children, count, total and (shared, immutable) size table, stamped with <paramref name="owner"/>.</summary>
    public TrieNode Copy(EditToken? owner)
    {
        EnsureLoaded();
        var copy = new TrieNode(owner) { Sizes = Sizes, Count = Count, Total = Total };
        MemoryMarshal.CreateSpan(ref Slot(0), Count).CopyTo(copy.AllSlots);
        return copy;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void Load() => LazyChildren.Fill(this, ref _source, static (node, source) =>
    {
        var children = source.Load();
        if (children.Length != node.Count)
        {
            throw new InvalidOperationException($"A lazy node of {node.Count} children decoded {children.Length}.");
        }

        children.CopyTo(node.AllSlots);
    });

    [InlineArray(TrieGeometry.MaxWidth)]
    private struct Slots
    {
        private object _element0;
    }
}
