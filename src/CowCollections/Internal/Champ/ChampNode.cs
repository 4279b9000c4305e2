using System;
using System.Diagnostics;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Threading;

namespace CowCollections.Internal.Champ;

/// <summary>
/// A node of a CHAMP (compressed hash-array mapped prefix) trie. Invariants (checked by <see cref="ChampChecker{TKey, TValue}"/>):
/// <list type="bullet">
/// <item>Each node has the shape <see cref="ChampShape"/> defines: maps, array lengths, the depth of collision
/// nodes and canonical form (the rules are written there once, for the checker and the segment decoder).
/// <see cref="Entries"/> and <see cref="Nodes"/> are in ascending order of the hash fragment
/// (slot = <c>PopCount(map &amp; (bit - 1))</c>), so equal contents have equal shape (collision nodes aside,
/// whose entry order is insertion order).</item>
/// <item>Every entry and every entry below a sub-node carries a hash whose fragments along the path equal
/// the bits that lead to it; a collision node's entries share one full hash and have distinct keys.</item>
/// <item>A node whose <see cref="Owner"/> is not a live builder token is frozen: it is never written again.
/// A builder writes in place only nodes stamped with its own token, and such a node never shares its
/// arrays with another node (a frozen node's arrays are shared freely).</item>
/// <item>A <em>lazy</em> node (made by the segment layer over a mapped file) has its maps and entries but
/// not yet its sub-nodes: the first read of <see cref="Nodes"/> asks its <see cref="ChampNodeSource{TKey, TValue}"/>
/// to decode them. Decoding is idempotent and thread-safe (racing readers decode equal content and one
/// array wins); a lazy node has no owner, so no builder edits it in place. Only <see cref="Nodes"/> is a
/// property, so the read path pays one null check per level.</item>
/// <item>A <em>shell</em> (made by the segment layer for a child record not yet read) stands for a node whose maps,
/// entries and sub-nodes are all still in the file: its maps are 0, its <see cref="Entries"/> null (which is what
/// marks it), and <see cref="Resolve"/> decodes it once (thread-safe, by the rule of <see cref="LazyChildren"/>) into
/// the node it stands for, which it then keeps. A shell is never filled in place: code reaches a sub-node through
/// <see cref="Child"/>, which returns the resolved node, and <c>ChampTrie.Find</c> resolves a shell only on its miss
/// path (a shell's maps are 0), so a lookup in a freshly opened file decodes only the records on its path and a
/// lookup in memory pays nothing for shells. The segment writer finds a shell by identity, as any node it read,
/// without resolving it. A shell costs no field of its own: its source and then its resolved node live in the field
/// a lazy node keeps its source in.</item>
/// </list>
/// </summary>
internal sealed class ChampNode<TKey, TValue>
{
    /// <summary>The root of every empty dictionary. Frozen.</summary>
    public static readonly ChampNode<TKey, TValue> Empty = new(0, 0, [], [], null);

    /// <summary>Bit i set: slot i holds an inline entry.</summary>
    public uint DataMap;

    /// <summary>Bit i set: slot i holds a sub-node.</summary>
    public uint NodeMap;

    /// <summary>The inline entries, in slot order (exactly sized).</summary>
    public ChampEntry<TKey, TValue>[] Entries;

    private ChampNode<TKey, TValue>[]? _nodes;

    /// <summary>
    /// A lazy node's <see cref="ChampNodeSource{TKey, TValue}"/> until its sub-nodes are decoded (then null); a shell's
    /// <see cref="ChampShellSource{TKey, TValue}"/> until it is resolved, then the resolved node.
    /// </summary>
    private object? _source;

    /// <summary>The builder token that may write this node in place; null once published by a persistent operation.</summary>
    public EditToken? Owner;

    public ChampNode(uint dataMap, uint nodeMap, ChampEntry<TKey, TValue>[] entries, ChampNode<TKey, TValue>[] nodes, EditToken? owner)
    {
        DataMap = dataMap;
        NodeMap = nodeMap;
        Entries = entries;
        _nodes = nodes;
        Owner = owner;
    }

    /// <summary>A lazy node: its maps and entries are known, <paramref name="source"/> decodes its sub-nodes on first touch.</summary>
    public ChampNode(uint dataMap, uint nodeMap, ChampEntry<TKey, TValue>[] entries, ChampNodeSource<TKey, TValue> source)
    {
        DataMap = dataMap;
        NodeMap = nodeMap;
        Entries = entries;
        _source = source;
    }

    private ChampNode(ChampShellSource<TKey, TValue> source)
    {
        Entries = null!;
        _source = source;
    }

    /// <summary>A shell for a node still in the file: <paramref name="source"/> decodes it on the first <see cref="Resolve"/>.</summary>
    public static ChampNode<TKey, TValue> Shell(ChampShellSource<TKey, TValue> source) => new(source);

    /// <summary>True for a shell: a stand-in whose contents must be read through <see cref="Resolve"/>.</summary>
    public bool IsShell
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => Entries is null;
    }

    /// <summary>False only for a shell not resolved yet (its record not read): what laziness tests count.</summary>
    public bool IsDecoded => Entries is not null || Volatile.Read(ref _source) is ChampNode<TKey, TValue>;

    /// <summary>The node a shell stands for, decoded on the first call (racing callers decode equal nodes, one wins); this node when it is not a shell.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ChampNode<TKey, TValue> Resolve() => Entries is null ? ResolveShell() : this;

    [MethodImpl(MethodImplOptions.NoInlining)]
    private ChampNode<TKey, TValue> ResolveShell() =>
        LazyChildren.Resolve<ChampNode<TKey, TValue>, ChampShellSource<TKey, TValue>>(ref _source, static source => source.Decode());

    /// <summary>The sub-node at <paramref name="slot"/>, resolved when it is a shell: how every walk reaches a child.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ChampNode<TKey, TValue> Child(int slot) => Nodes[slot].Resolve();

    /// <summary>The sub-nodes, in slot order (exactly sized). May hold shells: read a child through <see cref="Child"/>.</summary>
    public ChampNode<TKey, TValue>[] Nodes
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => _nodes ?? Load();
        set => _nodes = value;
    }

    /// <summary>True while the sub-nodes have not been decoded (a lazy node not yet touched).</summary>
    public bool IsPending => Volatile.Read(ref _nodes) is null;

    [MethodImpl(MethodImplOptions.NoInlining)]
    private ChampNode<TKey, TValue>[] Load() =>
        Entries is null
            ? throw new InvalidOperationException("Internal error: a shell CHAMP node was read without being resolved.")
            : LazyChildren.Load(ref _nodes, ref _source, static source => ((ChampNodeSource<TKey, TValue>)source).Load());

    /// <summary>A collision node (depth <c>ChampMaxDepth</c>): entries sharing one full hash.</summary>
    public static ChampNode<TKey, TValue> Collision(ChampEntry<TKey, TValue>[] entries, EditToken? owner) =>
        new(0, 0, entries, [], owner);

    /// <summary>True when the node holds one entry and no sub-node: as a child it must be inlined into its parent.</summary>
    public bool IsSingleton => NodeMap == 0 && Entries.Length == 1;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static uint Bit(uint hash, int shift) => 1u << (int)((hash >> shift) & TrieGeometry.ChampMask);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int Slot(uint map, uint bit) => BitOperations.PopCount(map & (bit - 1));

    /// <summary>
    /// The node with entry <paramref name="slot"/> replaced by <paramref name="entry"/>, an equal key with the same
    /// hash: its key object and its value are both stored, as ImmutableDictionary's SetItem does (in place when owned).
    /// </summary>
    public ChampNode<TKey, TValue> WithEntry(EditToken? owner, int slot, in ChampEntry<TKey, TValue> entry)
    {
        if (EditToken.Owns(owner, Owner))
        {
            Entries[slot] = entry;
            return this;
        }

        var entries = (ChampEntry<TKey, TValue>[])Entries.Clone();
        entries[slot] = entry;
        return new ChampNode<TKey, TValue>(DataMap, NodeMap, entries, Private(owner, Nodes), owner);
    }

    /// <summary>The node with sub-node <paramref name="slot"/> replaced (in place when owned).</summary>
    public ChampNode<TKey, TValue> WithChild(EditToken? owner, int slot, ChampNode<TKey, TValue> child)
    {
        if (EditToken.Owns(owner, Owner))
        {
            Nodes[slot] = child;
            return this;
        }

        var nodes = (ChampNode<TKey, TValue>[])Nodes.Clone();
        nodes[slot] = child;
        return new ChampNode<TKey, TValue>(DataMap, NodeMap, Private(owner, Entries), nodes, owner);
    }

    /// <summary>The node with <paramref name="entry"/> inserted at the free slot <paramref name="bit"/>.</summary>
    public ChampNode<TKey, TValue> WithEntryInserted(EditToken? owner, uint bit, in ChampEntry<TKey, TValue> entry)
    {
        Debug.Assert(((DataMap | NodeMap) & bit) == 0, "slot is free");
        int slot = Slot(DataMap, bit);
        var entries = Insert(Entries, slot, entry);
        return Rebuilt(owner, DataMap | bit, NodeMap, entries, Nodes);
    }

    /// <summary>The node without the entry at slot <paramref name="bit"/>.</summary>
    public ChampNode<TKey, TValue> WithEntryRemoved(EditToken? owner, uint bit)
    {
        Debug.Assert((DataMap & bit) != 0, "slot holds an entry");
        var entries = RemoveAt(Entries, Slot(DataMap, bit));
        return Rebuilt(owner, DataMap ^ bit, NodeMap, entries, Nodes);
    }

    /// <summary>The node with the entry at <paramref name="bit"/> replaced by the sub-node <paramref name="child"/>.</summary>
    public ChampNode<TKey, TValue> WithEntryMovedToNode(EditToken? owner, uint bit, ChampNode<TKey, TValue> child)
    {
        Debug.Assert((DataMap & bit) != 0, "slot holds an entry");
        var entries = RemoveAt(Entries, Slot(DataMap, bit));
        uint nodeMap = NodeMap | bit;
        var nodes = Insert(Nodes, Slot(nodeMap, bit), child);
        return Rebuilt(owner, DataMap ^ bit, nodeMap, entries, nodes);
    }

    /// <summary>The node with the sub-node at <paramref name="bit"/> replaced by the inline <paramref name="entry"/> (canonical compaction).</summary>
    public ChampNode<TKey, TValue> WithNodeMovedToEntry(EditToken? owner, uint bit, in ChampEntry<TKey, TValue> entry)
    {
        Debug.Assert((NodeMap & bit) != 0, "slot holds a sub-node");
        var nodes = RemoveAt(Nodes, Slot(NodeMap, bit));
        uint dataMap = DataMap | bit;
        var entries = Insert(Entries, Slot(dataMap, bit), entry);
        return Rebuilt(owner, dataMap, NodeMap ^ bit, entries, nodes);
    }

    private ChampNode<TKey, TValue> Rebuilt(EditToken? owner, uint dataMap, uint nodeMap, ChampEntry<TKey, TValue>[] entries, ChampNode<TKey, TValue>[] nodes)
    {
        if (EditToken.Owns(owner, Owner))
        {
            DataMap = dataMap;
            NodeMap = nodeMap;
            Entries = entries;
            _nodes = nodes;
            return this;
        }

        return new ChampNode<TKey, TValue>(
            dataMap,
            nodeMap,
            ReferenceEquals(entries, Entries) ? Private(owner, entries) : entries,
            ReferenceEquals(nodes, Nodes) ? Private(owner, nodes) : nodes,
            owner);
    }

    /// <summary>
    /// An array a new node may keep: a node stamped with a builder token is written in place later, so it
    /// must not share an array with a frozen node; a node of a persistent operation (no owner) never is.
    /// </summary>
    private static T[] Private<T>(EditToken? owner, T[] array) =>
        owner is null || array.Length == 0 ? array : (T[])array.Clone();

    public static T[] Insert<T>(T[] source, int index, in T item)
    {
        var result = new T[source.Length + 1];
        Array.Copy(source, result, index);
        result[index] = item;
        Array.Copy(source, index, result, index + 1, source.Length - index);
        return result;
    }

    public static T[] RemoveAt<T>(T[] source, int index)
    {
        if (source.Length == 1)
        {
            return [];
        }

        var result = new T[source.Length - 1];
        Array.Copy(source, result, index);
        Array.Copy(source, index + 1, result, index, source.Length - index - 1);
        return result;
    }
}

/// <summary>
/// Decodes the sub-nodes of a lazy <see cref="ChampNode{TKey, TValue}"/> (implemented by the segment layer
/// over a mapped file). <see cref="Load"/> must be deterministic: racing callers must get equal sub-nodes.
/// It throws (a typed segment exception) when the bytes are damaged; the node then stays lazy.
/// </summary>
/// <typeparam name="TKey">The key type.</typeparam>
/// <typeparam name="TValue">The value type.</typeparam>
internal abstract class ChampNodeSource<TKey, TValue>
{
    public abstract ChampNode<TKey, TValue>[] Load();
}

/// <summary>
/// Decodes the node a shell <see cref="ChampNode{TKey, TValue}"/> stands for (implemented by the segment layer over a
/// mapped file). <see cref="Decode"/> must be deterministic; it throws a typed segment exception when the bytes are
/// damaged, and the shell then stays unresolved (the next reader tries again).
/// </summary>
/// <typeparam name="TKey">The key type.</typeparam>
/// <typeparam name="TValue">The value type.</typeparam>
internal abstract class ChampShellSource<TKey, TValue>
{
    public abstract ChampNode<TKey, TValue> Decode();
}
