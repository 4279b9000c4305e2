using System;
using CowCollections.Internal.VectorTrie;

namespace CowCollections.Internal.Persistence;

/// <summary>
/// The segment layer's view of the vector trie (<see cref="PersistentList{T}"/>, and the chunk list of
/// <see cref="PersistentArray{T}"/>): the parts of a frozen list, its nodes as <see cref="ListNode"/> (children,
/// size table, count), the factory of a list from decoded parts, and the lazy-node hook
/// (<see cref="ListNodeSource"/>). Nothing else of the engine is visible to the segment layer.
/// </summary>
internal static class VectorTriePersistence
{
    /// <summary>Bits per inner level of every persisted list (32-way nodes).</summary>
    public const int Bits = TrieGeometry.VectorBits;

    /// <summary>Children per node.</summary>
    public const int Width = 1 << Bits;

    /// <summary>Leaf bits of a <see cref="PersistentList{T}"/> in this process (64-element leaves).</summary>
    public const int ListLeafBits = TrieGeometry.VectorLeafBits;

    /// <summary>Leaf bits of every list written by segment format version 1 (32-element leaves).</summary>
    public const int LegacyLeafBits = TrieGeometry.VectorBits;

    /// <summary>The parts of <paramref name="list"/>. O(1).</summary>
    public static ListParts<T> Parts<T>(PersistentList<T> list) => ListParts<T>.Of(list.Core);

    /// <summary>
    /// A child of a relaxed node holds at most its radix capacity shifted left by this (a leaf up to twice its width):
    /// the slack <c>Insert</c> uses so that an insert into a full leaf splits nothing (see <c>RrbTree.Structure.cs</c>).
    /// </summary>
    public const int SlackBits = TrieGeometry.RelaxedSlackBits;

    /// <summary>A list over decoded parts (the segment layer has checked them against the engine's invariants). O(1).</summary>
    public static PersistentList<T> List<T>(in ListParts<T> parts) =>
        parts.Count == 0 ? PersistentList<T>.Empty : PersistentList<T>.FromCore(parts.Core<DefaultGeometry>());

    /// <summary>
    /// A pending node whose children hold <paramref name="childCounts"/> elements: it gets their cumulative size
    /// table whatever its shape (a pending node is always relaxed, so the engine's radix path never reaches it); its
    /// children are decoded by <paramref name="source"/> on first touch.
    /// </summary>
    public static ListNode PendingNode(ListNodeSource source, ReadOnlySpan<int> childCounts) =>
        new(TrieNode.CreatePending(source, RrbTree<object, DefaultGeometry>.Cumulative(childCounts, balancedChildren: false, Bits)!));
}

/// <summary>
/// A frozen list state as the segment layer reads and writes it: an optional tree (<see cref="Root"/> at
/// <see cref="Shift"/>: <see cref="LeafBits"/> for a root whose children are leaves, +5 per level) and a tail of
/// <see cref="TailCount"/> elements.
/// </summary>
internal readonly struct ListParts<T>
{
    public ListParts(ListNode? root, int shift, T[] tail, int count, int leafBits)
    {
        Root = root;
        Shift = root is null ? 0 : shift;
        Tail = tail;
        TailCount = tail.Length;
        Count = count;
        LeafBits = leafBits;
    }

    private ListParts(ListNode? root, int shift, T[] tail, int tailCount, int count, int leafBits)
    {
        Root = root;
        Shift = shift;
        Tail = tail;
        TailCount = tailCount;
        Count = count;
        LeafBits = leafBits;
    }

    public static ListParts<T> Empty(int leafBits) => new(null, 0, [], 0, leafBits);

    public ListNode? Root { get; }

    public int Shift { get; }

    public T[] Tail { get; }

    public int TailCount { get; }

    public int Count { get; }

    /// <summary>Bits of a leaf of this list's geometry: a level-1 node is at this shift.</summary>
    public int LeafBits { get; }

    internal static ListParts<T> Of<G>(in ListCore<T, G> core)
        where G : struct, ITrieGeometry =>
        new(core.Root is { } node ? new ListNode(node) : null, core.Shift, core.Tail, core.TailCount, core.Count, G.LeafBits);

    internal ListCore<T, G> Core<G>()
        where G : struct, ITrieGeometry
    {
        System.Diagnostics.Debug.Assert(LeafBits == G.LeafBits, "the parts were decoded for another geometry");
        return new(Root?.Node, Shift, Tail, Count);
    }
}

/// <summary>An inner node of a list as the segment layer sees it.</summary>
internal readonly struct ListNode
{
    internal ListNode(TrieNode node) => Node = node;

    internal TrieNode Node { get; }

    /// <summary>The node's identity (what a segment writer remembers the node's record offset by).</summary>
    public object Identity => Node;

    /// <summary>Number of children.</summary>
    public int Count => Node.Count;

    /// <summary>The cumulative size table, or null for a balanced node (every child but the last full).</summary>
    public int[]? Sizes => Node.Sizes;

    /// <summary>True while a pending node's children have not been decoded.</summary>
    public bool IsPending => Node.IsPending;

    /// <summary>Child <paramref name="index"/> of a node above level 1 (decodes a pending node first).</summary>
    public ListNode Child(int index) => new((TrieNode)Node.Children[index]);

    /// <summary>Leaf <paramref name="index"/> of a level-1 node (decodes a pending node first).</summary>
    public T[] Leaf<T>(int index) => (T[])Node.Children[index];
}

/// <summary>
/// Decodes the children of a pending node (implemented by the segment layer over a mapped file).
/// <see cref="Load"/> must be deterministic and return the children in order: <c>T[]</c> leaves for a level-1
/// node, <see cref="ListNode.Identity"/> of nodes made by <see cref="VectorTriePersistence.PendingNode"/> above.
/// It throws (a typed segment exception) when the bytes are damaged; the node then stays pending and the next
/// reader tries again.
/// </summary>
internal abstract class ListNodeSource
{
    public abstract object[] Load();
}
