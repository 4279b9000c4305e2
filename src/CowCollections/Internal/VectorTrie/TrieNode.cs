using System;
using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Threading;

namespace CowCollections.Internal.VectorTrie;

/// <summary>
/// An inner node of the vector trie: one object holding its children inline (so a descent costs one
/// dependent load per level), its element count and, when relaxed, a size table. The inline slots come in capacity
/// classes (1, 2, 4, 8, 16, 24, 32; one sealed subclass each): a persistent node gets the smallest class that holds
/// its children, so a root of 2 children costs 72 bytes instead of a full node's 312, and every path copy that
/// touches a partly filled node copies only what it holds. Leaves are plain
/// <c>T[]</c> arrays (exact length 1..LeafWidth, up to twice that under a relaxed node), so a leaf costs one array
/// header and nothing else.
/// <para>Invariants (checked by <see cref="TrieChecker{T, G}"/>):</para>
/// <list type="bullet">
/// <item><b>Shape.</b> <see cref="Count"/> children, 1..Width, in slots <c>[0, Count)</c>, all of one height:
/// leaves under a level-1 node (shift <c>LeafBits</c>), nodes above. Slots from <see cref="Count"/> to
/// <see cref="Capacity"/> are null.</item>
/// <item><b>Capacity.</b> <see cref="Capacity"/> is one of the classes and at least <see cref="Count"/>; a node with an
/// owner has the full <see cref="TrieGeometry.MaxWidth"/>, so a builder appends into the nodes it owns in place. Every
/// class's slots start at the same offset, so a read goes through the widest class's layout without knowing the
/// class (a test checks the offsets).</item>
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
internal abstract class TrieNode
{
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

    /// <summary>Inline child slots of this node's class (fits in the padding of the fields above: no extra bytes).</summary>
    public readonly int Capacity;

    private Persistence.ListNodeSource? _source;

    private protected TrieNode(EditToken? owner, int capacity)
    {
        Owner = owner;
        Capacity = capacity;
    }

    /// <summary>
    /// A node of <paramref name="count"/> children (slots still null) and <paramref name="total"/> elements: the full
    /// width when <paramref name="owner"/> may edit it in place, else the smallest class holding <paramref name="count"/>.
    /// </summary>
    public static TrieNode Create(EditToken? owner, int count, int total = 0)
    {
        Debug.Assert(count is > 0 and <= TrieGeometry.MaxWidth, "a node has 1..MaxWidth children");
        var node = New(owner is null ? count : TrieGeometry.MaxWidth, owner);
        node.Count = count;
        node.Total = total;
        return node;
    }

    /// <summary>A pending node: <paramref name="source"/> decodes its <c>sizes.Length</c> children on first touch.</summary>
    public static TrieNode CreatePending(Persistence.ListNodeSource source, int[] sizes)
    {
        Debug.Assert(sizes.Length is > 0 and <= TrieGeometry.MaxWidth, "a node has 1..MaxWidth children");
        var node = New(sizes.Length, owner: null);
        node._source = source;
        node.Sizes = sizes;
        node.Count = sizes.Length;
        node.Total = sizes[^1];
        return node;
    }

    /// <summary>The capacity class that holds <paramref name="count"/> children.</summary>
    public static int ClassFor(int count) => count switch
    {
        <= 1 => 1,
        <= 2 => 2,
        <= 4 => 4,
        <= 8 => 8,
        <= 16 => 16,
        <= 24 => 24,
        _ => TrieGeometry.MaxWidth,
    };

    private static TrieNode New(int count, EditToken? owner) => ClassFor(count) switch
    {
        1 => new Node1(owner),
        2 => new Node2(owner),
        4 => new Node4(owner),
        8 => new Node8(owner),
        16 => new Node16(owner),
        24 => new Node24(owner),
        _ => new Node32(owner),
    };

    /// <summary>Child slot <paramref name="index"/> (0 &lt;= index &lt; Capacity), without a bounds check or a load check.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ref object Slot(int index) => ref Unsafe.Add(ref Unsafe.As<Node32>(this).First, index);

    /// <summary>The children, loading a pending node first.</summary>
    public Span<object> Children
    {
        get
        {
            EnsureLoaded();
            return MemoryMarshal.CreateSpan(ref Slot(0), Count);
        }
    }

    /// <summary>Every slot of this node's class, used and unused (for copies and shifts inside a node being built).</summary>
    public Span<object> AllSlots => MemoryMarshal.CreateSpan(ref Slot(0), Capacity);

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

    /// <summary>
    /// A copy with the same children, count, total and (shared, immutable) size table, stamped with <paramref name="owner"/>,
    /// with room for <paramref name="room"/> children (at least <see cref="Count"/>) for an edit about to add some.
    /// </summary>
    public TrieNode Copy(EditToken? owner, int room = 0)
    {
        EnsureLoaded();
        var copy = Create(owner, Math.Max(room, Count), Total);
        copy.Count = Count;
        copy.Sizes = Sizes;
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

    /// <summary>This class's first own slot, found through its own field (for the test that all classes share one offset).</summary>
    internal abstract ref object OwnFirstSlot { get; }

    private sealed class Node1(EditToken? owner) : TrieNode(owner, 1)
    {
        private object? _slot;

        internal override ref object OwnFirstSlot => ref _slot!;
    }

    private sealed class Node2(EditToken? owner) : TrieNode(owner, 2)
    {
        private Slots2 _slots;

        internal override ref object OwnFirstSlot => ref Unsafe.As<Slots2, object>(ref _slots);
    }

    private sealed class Node4(EditToken? owner) : TrieNode(owner, 4)
    {
        private Slots4 _slots;

        internal override ref object OwnFirstSlot => ref Unsafe.As<Slots4, object>(ref _slots);
    }

    private sealed class Node8(EditToken? owner) : TrieNode(owner, 8)
    {
        private Slots8 _slots;

        internal override ref object OwnFirstSlot => ref Unsafe.As<Slots8, object>(ref _slots);
    }

    private sealed class Node16(EditToken? owner) : TrieNode(owner, 16)
    {
        private Slots16 _slots;

        internal override ref object OwnFirstSlot => ref Unsafe.As<Slots16, object>(ref _slots);
    }

    private sealed class Node24(EditToken? owner) : TrieNode(owner, 24)
    {
        private Slots24 _slots;

        internal override ref object OwnFirstSlot => ref Unsafe.As<Slots24, object>(ref _slots);
    }

    /// <summary>The widest class; every read goes through its layout (the slots start at the same offset in every class).</summary>
    private sealed class Node32(EditToken? owner) : TrieNode(owner, TrieGeometry.MaxWidth)
    {
        private Slots32 _slots;

        public ref object First => ref Unsafe.As<Slots32, object>(ref _slots);

        internal override ref object OwnFirstSlot => ref First;
    }

    [InlineArray(2)]
    private struct Slots2
    {
        private object _element0;
    }

    [InlineArray(4)]
    private struct Slots4
    {
        private object _element0;
    }

    [InlineArray(8)]
    private struct Slots8
    {
        private object _element0;
    }

    [InlineArray(16)]
    private struct Slots16
    {
        private object _element0;
    }

    [InlineArray(24)]
    private struct Slots24
    {
        private object _element0;
    }

    [InlineArray(TrieGeometry.MaxWidth)]
    private struct Slots32
    {
        private object _element0;
    }
}
