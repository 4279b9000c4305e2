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
    /// <summary>Bits per level (inner nodes and leaves) of every persisted list.</summary>
    public const int Bits = TrieGeometry.VectorBits;

    /// <summary>Children per node and elements per leaf.</summary>
    public const int Width = 1 << Bits;

    /// <summary>The parts of <paramref name="list"/>. O(1).</summary>
    public static ListParts<T> Parts<T>(PersistentList<T> list) => ListParts<T>.Of(list.Core);

    /// <summary>A list over decoded parts (the segment layer has checked them against the engine's invariants). O(1).</summary>
    public static PersistentList<T> List<T>(in ListParts<T> parts) =>
        parts.Count == 0 ? PersistentList<T>.Empty : PersistentList<T>.FromCore(parts.Core());

    /// <summary>
    /// A pending node whose children hold <paramref name="childCounts"/> elements: it gets their cumulative size
    /// table whatever its shape (a pending node is always relaxed, so the engine's radix path never reaches it); its
    /// children are decoded by <paramref name="source"/> on first touch.
    /// </summary>
    public static ListNode PendingNode(ListNodeSource source, ReadOnlySpan<int> childCounts) =>
        new(new TrieNode(source, RrbTree<object, DefaultGeometry>.Cumulative(childCounts, balancedChildren: false, Bits)!));
}

/// <summary>
/// A frozen list state as the segment layer reads and writes it: an optional tree (<see cref="Root"/> at
/// <see cref="Shift"/>: 5 for a root whose children are leaves, +5 per level) and a tail of
/// <see cref="TailCount"/> elements.
/// </summary>
internal readonly struct ListParts<T>
{
    public ListParts(ListNode? root, int shift, T[] tail, int count)
    {
        Root = root;
        Shift = root is null ? 0 : shift;
        Tail = tail;
        TailCount = tail.Length;
        Count = count;
    }

    private ListParts(in ListCore<T, DefaultGeometry> core)
    {
        Root = core.Root is { } node ? new ListNode(node) : null;
        Shift = core.Shift;
        Tail = core.Tail;
        TailCount = core.TailCount;
        Count = core.Count;
    }

    public static ListParts<T> Empty => new(null, 0, [], 0);

    public ListNode? Root { get; }

    public int Shift { get; }

    public T[] Tail { get; }

    public int TailCount { get; }

    public int Count { get; }

    internal static ListParts<T> Of(in ListCore<T, DefaultGeometry> core) => new(core);

    internal ListCore<T, DefaultGeometry> Core() => new(Root?.Node, Shift, Tail, Count);
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
