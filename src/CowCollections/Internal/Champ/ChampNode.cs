using System;
using System.Diagnostics;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Threading;

namespace CowCollections.Internal.Champ;

/// <summary>
/// A node of a CHAMP (compressed hash-array mapped prefix) trie: one heap object holding its two maps and its
/// inline entries, plus a sub-node array when it has sub-nodes. Invariants (checked by <see cref="ChampChecker{TKey, TValue, TGeometry}"/>):
/// <list type="bullet">
/// <item>Each node has the shape <see cref="ChampShape{TGeometry}"/> defines: maps, counts, the depth of collision nodes and
/// canonical form (the rules are written there once, for the checker and the segment decoder). A bitmap node's
/// entries and sub-nodes are in ascending order of the hash fragment (slot = <c>PopCount(map &amp; (bit - 1))</c>),
/// so equal contents have equal shape (collision nodes aside, whose entry order is insertion order).</item>
/// <item><b>Layout.</b> A bitmap node is an instance of one of a fixed set of classes, one per inline capacity
/// (0 to 8 entries, then steps of two to 24, then 28 and 32); its <c>PopCount(DataMap)</c> entries fill the first slots of its
/// inline array and the slots past them hold default entries (no stale reference is kept alive). Every capacity
/// class puts its inline array at the same offset, which the type initializer verifies, so <see cref="EntryAt"/>
/// reads an entry with no virtual call and no bounds check: a lookup that ends in a node's own entries touches
/// that node only. A collision node (at the geometry's <c>CollisionShift</c>) keeps its entries, equal in the
/// hash bits the trie uses, in an array of their own: their number is not bounded by 32.</item>
/// <item>Every entry and every entry below a sub-node carries a hash whose fragments along the path equal
/// the bits that lead to it; a collision node's entries share the hash bits the geometry uses (the whole hash by
/// default) and have distinct keys. A node does not know its geometry: the engine's classes take it as a type
/// parameter (<see cref="IChampGeometry"/>).</item>
/// <item>A node whose <see cref="Owner"/> is not a live builder token is frozen: it is never written again (but for the
/// swap of a resolved shell into its sub-node array, below).
/// A builder writes in place only nodes stamped with its own token (inserting into spare inline capacity, or
/// replacing the node by a larger one it then owns), and such a node never shares its sub-node array with
/// another node (a frozen node's arrays are shared freely).</item>
/// <item>A <em>lazy</em> node (made by the segment layer over a mapped file) has its maps and entries but
/// not yet its sub-nodes: the first read of <see cref="Nodes"/> asks its <see cref="ChampNodeSource{TKey, TValue}"/>
/// to decode them. Decoding is idempotent and thread-safe (racing readers decode equal content and one
/// array wins); a lazy node has no owner, so no builder edits it in place.</item>
/// <item>A <em>shell</em> (made by the segment layer for a child record not yet read) stands for a node whose maps,
/// entries and sub-nodes are all still in the file: its maps are 0 and it has no sub-node array (which is what marks
/// it: a lazy node always has sub-nodes), and <see cref="Resolve"/> decodes it once (thread-safe, by the rule of
/// <see cref="LazyChildren"/>) into the node it stands for, which it then keeps. A shell is never filled in place: code
/// reaches a sub-node through <see cref="Child"/>, which returns the resolved node, and <c>ChampTrie.Find</c> resolves
/// a shell only on its miss path (a shell's maps are 0), so a lookup in a freshly opened file decodes only the records
/// on its path and a lookup in memory pays nothing for shells. Once resolved, the shell's slot in its parent's sub-node
/// array is swapped for the resolved node (<see cref="ResolveIn"/>), so a warm lookup does not pass through the shell
/// again; versions that share a shell through different parents still compare equal through <see cref="Resolve"/>.</item>
/// <item>One field, <c>_tag</c>, holds whichever of these a node has: its owner token, a lazy node's source, a shell's
/// source and then its resolved node (a lazy node and a shell have no owner).</item>
/// </list>
/// </summary>
internal abstract class ChampNode<TKey, TValue>
{
    /// <summary>The largest inline capacity: a bitmap node has at most 32 slots (the widest geometry).</summary>
    public const int MaxCapacity = 32;

    private static readonly bool s_layoutVerified = VerifyLayout();

    /// <summary>The root of every empty dictionary. Frozen.</summary>
    public static readonly ChampNode<TKey, TValue> Empty = NewBitmap(0, 0, [], null);

    /// <summary>Bit i set: slot i holds an inline entry.</summary>
    public uint DataMap;

    /// <summary>Bit i set: slot i holds a sub-node.</summary>
    public uint NodeMap;

    /// <summary>The sub-nodes in slot order (exactly sized); null while a lazy node's are not decoded, and in a shell.</summary>
    private ChampNode<TKey, TValue>[]? _nodes;

    /// <summary>The owner token, a lazy node's <see cref="ChampNodeSource{TKey, TValue}"/>, or a shell's <see cref="ChampShellSource{TKey, TValue}"/> and then its resolved node.</summary>
    private object? _tag;

    private ChampNode()
    {
    }

    /// <summary>The builder token that may write this node in place; null once published by a persistent operation.</summary>
    public EditToken? Owner
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => _tag as EditToken;
    }

    /// <summary>How many entries this node can hold inline (a collision node: how many it holds).</summary>
    public abstract int Capacity { get; }

    /// <summary>The entries, in slot order (a collision node's in insertion order). Throws for a shell, whose entries are not read yet.</summary>
    public abstract Span<ChampEntry<TKey, TValue>> Entries { get; }

    /// <summary>The number of entries: <c>PopCount(DataMap)</c> for a bitmap node.</summary>
    public int EntryCount => Entries.Length;

    /// <summary>
    /// The inline entry at <paramref name="slot"/> of a bitmap node (not of a collision node or a shell). No bounds
    /// check: callers pass a slot below <c>PopCount(DataMap)</c>, or below <see cref="Capacity"/> when they fill a new node.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ref ChampEntry<TKey, TValue> EntryAt(int slot)
    {
        Debug.Assert((uint)slot < (uint)Capacity && this is not CollisionNode, "an inline slot of a bitmap node");
        return ref Unsafe.Add(ref Unsafe.As<Entries1, ChampEntry<TKey, TValue>>(ref Unsafe.As<Sized<Entries1>>(this).Buffer), slot);
    }

    /// <summary>True for an instance of the collision node class (what the deep check compares with the node's depth).</summary>
    public bool IsCollisionClass => this is CollisionNode;

    /// <summary>A collision node's entry array (written in place only by its owner).</summary>
    public ChampEntry<TKey, TValue>[] CollisionEntries
    {
        get
        {
            Debug.Assert(this is CollisionNode, "a collision node");
            return Unsafe.As<CollisionNode>(this).Items;
        }
    }

    /// <summary>
    /// A new bitmap node with room for <paramref name="capacity"/> entries (default until the caller fills them with
    /// <see cref="EntryAt"/>), the given maps and sub-nodes. The class is the smallest capacity class that fits.
    /// </summary>
    public static ChampNode<TKey, TValue> NewBitmap(uint dataMap, uint nodeMap, ChampNode<TKey, TValue>[] nodes, EditToken? owner, int capacity = -1)
    {
        var node = Allocate(capacity < 0 ? BitOperations.PopCount(dataMap) : capacity);
        node.DataMap = dataMap;
        node.NodeMap = nodeMap;
        node._nodes = nodes;
        node._tag = owner;
        return node;
    }

    /// <summary>A bitmap node holding a copy of <paramref name="entries"/> (exactly <c>PopCount(dataMap)</c> of them).</summary>
    public static ChampNode<TKey, TValue> Bitmap(uint dataMap, uint nodeMap, ReadOnlySpan<ChampEntry<TKey, TValue>> entries, ChampNode<TKey, TValue>[] nodes, EditToken? owner)
    {
        Debug.Assert(entries.Length == BitOperations.PopCount(dataMap), "one entry per data-map bit");
        var node = NewBitmap(dataMap, nodeMap, nodes, owner);
        node.Fill(entries);
        return node;
    }

    /// <summary>A lazy node: its maps and entries are known, <paramref name="source"/> decodes its sub-nodes on first touch.</summary>
    public static ChampNode<TKey, TValue> Lazy(uint dataMap, uint nodeMap, ReadOnlySpan<ChampEntry<TKey, TValue>> entries, ChampNodeSource<TKey, TValue> source)
    {
        Debug.Assert(nodeMap != 0, "a lazy node has sub-nodes to decode");
        var node = Allocate(entries.Length);
        node.DataMap = dataMap;
        node.NodeMap = nodeMap;
        node._tag = source;
        node.Fill(entries);
        return node;
    }

    /// <summary>A shell for a node still in the file: <paramref name="source"/> decodes it on the first <see cref="Resolve"/>.</summary>
    public static ChampNode<TKey, TValue> Shell(ChampShellSource<TKey, TValue> source) => new ShellNode { _tag = source };

    /// <summary>A collision node (at the geometry's collision depth): entries whose used hash bits are equal.</summary>
    public static ChampNode<TKey, TValue> Collision(ChampEntry<TKey, TValue>[] entries, EditToken? owner) =>
        new CollisionNode { Items = entries, _nodes = [], _tag = owner };

    private void Fill(ReadOnlySpan<ChampEntry<TKey, TValue>> entries)
    {
        if (!entries.IsEmpty)
        {
            entries.CopyTo(MemoryMarshal.CreateSpan(ref EntryAt(0), entries.Length));
        }
    }

    /// <summary>True for a shell: a stand-in whose contents must be read through <see cref="Resolve"/>.</summary>
    public bool IsShell
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => _nodes is null && NodeMap == 0;
    }

    /// <summary>False only for a shell not resolved yet (its record not read): what laziness tests count.</summary>
    public bool IsDecoded => !IsShell || Volatile.Read(ref _tag) is ChampNode<TKey, TValue>;

    /// <summary>The node a shell stands for, decoded on the first call (racing callers decode equal nodes, one wins); this node when it is not a shell.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ChampNode<TKey, TValue> Resolve() => IsShell ? ResolveShell() : this;

    [MethodImpl(MethodImplOptions.NoInlining)]
    private ChampNode<TKey, TValue> ResolveShell() =>
        LazyChildren.Resolve<ChampNode<TKey, TValue>, ChampShellSource<TKey, TValue>>(ref _tag, static source => source.Decode());

    /// <summary>The sub-node at <paramref name="slot"/>, resolved when it is a shell: how every walk reaches a child.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ChampNode<TKey, TValue> Child(int slot)
    {
        var nodes = Nodes;
        var child = nodes[slot];
        return child.IsShell ? ResolveIn(nodes, slot) : child;
    }

    /// <summary>
    /// Resolves the shell in slot <paramref name="slot"/> of <paramref name="nodes"/> and puts the resolved node in that
    /// slot: the one write a frozen node's array ever takes, a single reference store of a node equivalent to the shell,
    /// so a racing reader sees one or the other and gets the same answers from both.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static ChampNode<TKey, TValue> ResolveIn(ChampNode<TKey, TValue>[] nodes, int slot)
    {
        var resolved = nodes[slot].Resolve();
        Volatile.Write(ref nodes[slot], resolved);
        return resolved;
    }

    /// <summary>The sub-nodes, in slot order (exactly sized). May hold shells: read a child through <see cref="Child"/>.</summary>
    public ChampNode<TKey, TValue>[] Nodes
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => _nodes ?? Load();
    }

    /// <summary>True while the sub-nodes have not been decoded (a lazy node not yet touched).</summary>
    public bool IsPending => Volatile.Read(ref _nodes) is null;

    [MethodImpl(MethodImplOptions.NoInlining)]
    private ChampNode<TKey, TValue>[] Load() =>
        Volatile.Read(ref _tag) is ChampNodeSource<TKey, TValue>
            ? LazyChildren.Load(ref _nodes, ref _tag, static source => ((ChampNodeSource<TKey, TValue>)source).Load())
            : Volatile.Read(ref _nodes) ?? throw new InvalidOperationException("Internal error: a shell CHAMP node was read without being resolved.");

    /// <summary>True when the node holds one entry and no sub-node: as a child it must be inlined into its parent.</summary>
    public bool IsSingleton => NodeMap == 0 && EntryCount == 1;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int Slot(uint map, uint bit) => BitOperations.PopCount(map & (bit - 1));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private bool OwnedBy(EditToken? owner) => owner is not null && ReferenceEquals(_tag, owner);

    /// <summary>
    /// The node with entry <paramref name="slot"/> replaced by <paramref name="entry"/>, an equal key with the same
    /// hash: its key object and its value are both stored, as ImmutableDictionary's SetItem does (in place when owned).
    /// </summary>
    public ChampNode<TKey, TValue> WithEntry(EditToken? owner, int slot, in ChampEntry<TKey, TValue> entry)
    {
        if (OwnedBy(owner))
        {
            EntryAt(slot) = entry;
            return this;
        }

        var copy = Copy(owner, DataMap, NodeMap, Private(owner, Nodes));
        copy.EntryAt(slot) = entry;
        return copy;
    }

    /// <summary>The node with sub-node <paramref name="slot"/> replaced (in place when owned).</summary>
    public ChampNode<TKey, TValue> WithChild(EditToken? owner, int slot, ChampNode<TKey, TValue> child)
    {
        if (OwnedBy(owner))
        {
            Nodes[slot] = child;
            return this;
        }

        var nodes = (ChampNode<TKey, TValue>[])Nodes.Clone();
        nodes[slot] = child;
        return Copy(owner, DataMap, NodeMap, nodes);
    }

    /// <summary>The node with <paramref name="entry"/> inserted at the free slot <paramref name="bit"/>; an owned node with spare capacity takes it in place.</summary>
    public ChampNode<TKey, TValue> WithEntryInserted(EditToken? owner, uint bit, in ChampEntry<TKey, TValue> entry)
    {
        Debug.Assert(((DataMap | NodeMap) & bit) == 0, "slot is free");
        int count = BitOperations.PopCount(DataMap);
        int slot = Slot(DataMap, bit);
        var target = OwnedBy(owner) && count < Capacity ? this : Grown(owner, count + 1, Nodes);
        target.InsertEntry(this, count, slot, entry);
        target.DataMap = DataMap | bit;
        target.NodeMap = NodeMap;
        return target;
    }

    /// <summary>The node without the entry at slot <paramref name="bit"/>.</summary>
    public ChampNode<TKey, TValue> WithEntryRemoved(EditToken? owner, uint bit)
    {
        Debug.Assert((DataMap & bit) != 0, "slot holds an entry");
        int count = BitOperations.PopCount(DataMap);
        var target = OwnedBy(owner) ? this : NewBitmap(DataMap ^ bit, NodeMap, Private(owner, Nodes), owner);
        target.RemoveEntry(this, count, Slot(DataMap, bit));
        target.DataMap = DataMap ^ bit;
        return target;
    }

    /// <summary>The node with the entry at <paramref name="bit"/> replaced by the sub-node <paramref name="child"/>.</summary>
    public ChampNode<TKey, TValue> WithEntryMovedToNode(EditToken? owner, uint bit, ChampNode<TKey, TValue> child)
    {
        Debug.Assert((DataMap & bit) != 0, "slot holds an entry");
        int count = BitOperations.PopCount(DataMap);
        uint nodeMap = NodeMap | bit;
        var nodes = Insert(Nodes, Slot(nodeMap, bit), child);
        var target = OwnedBy(owner) ? this : NewBitmap(DataMap ^ bit, nodeMap, nodes, owner);
        target.RemoveEntry(this, count, Slot(DataMap, bit));
        target.DataMap = DataMap ^ bit;
        target.NodeMap = nodeMap;
        target._nodes = nodes;
        return target;
    }

    /// <summary>The node with the sub-node at <paramref name="bit"/> replaced by the inline <paramref name="entry"/> (canonical compaction).</summary>
    public ChampNode<TKey, TValue> WithNodeMovedToEntry(EditToken? owner, uint bit, in ChampEntry<TKey, TValue> entry)
    {
        Debug.Assert((NodeMap & bit) != 0, "slot holds a sub-node");
        int count = BitOperations.PopCount(DataMap);
        var nodes = RemoveAt(Nodes, Slot(NodeMap, bit));
        uint dataMap = DataMap | bit;
        var target = OwnedBy(owner) && count < Capacity ? this : Grown(owner, count + 1, nodes);
        target.InsertEntry(this, count, Slot(dataMap, bit), entry);
        target.DataMap = dataMap;
        target.NodeMap = NodeMap ^ bit;
        target._nodes = nodes;
        return target;
    }

    /// <summary>
    /// A new node to hold <paramref name="count"/> entries in place of this one. A builder's node gets room to grow
    /// (the capacity class above the count, so the next inserts write in place) and may keep this node's sub-node
    /// array when it owned this node (which is dropped); a persistent operation's node is the tightest class.
    /// </summary>
    private ChampNode<TKey, TValue> Grown(EditToken? owner, int count, ChampNode<TKey, TValue>[] nodes)
    {
        // A fresh array (not this node's) is the new node's own; this node's array moves over only from an owned node.
        bool keep = OwnedBy(owner) || !ReferenceEquals(nodes, _nodes);
        return NewBitmap(DataMap, NodeMap, keep ? nodes : Private(owner, nodes), owner, CapacityFor(owner, count));
    }

    /// <summary>The capacity a new node holding <paramref name="count"/> entries gets: exact for a persistent operation, half as much again for a builder.</summary>
    private static int CapacityFor(EditToken? owner, int count) => owner is null ? count : Math.Min(MaxCapacity, count + (count >> 1));

    /// <summary>A copy of this bitmap node with other maps and sub-nodes, its entries copied (a builder's copy with room to grow).</summary>
    private ChampNode<TKey, TValue> Copy(EditToken? owner, uint dataMap, uint nodeMap, ChampNode<TKey, TValue>[] nodes)
    {
        var copy = NewBitmap(dataMap, nodeMap, nodes, owner, CapacityFor(owner, BitOperations.PopCount(DataMap)));
        copy.Fill(Entries);
        return copy;
    }

    /// <summary>The collision node with entry <paramref name="index"/> replaced (in place when owned).</summary>
    public ChampNode<TKey, TValue> WithCollisionEntry(EditToken? owner, int index, in ChampEntry<TKey, TValue> entry)
    {
        var entries = OwnedBy(owner) ? CollisionEntries : (ChampEntry<TKey, TValue>[])CollisionEntries.Clone();
        entries[index] = entry;
        return WithCollisionEntries(owner, entries);
    }

    /// <summary>A collision node holding <paramref name="entries"/> in place of this one (this node, rewritten, when owned).</summary>
    public ChampNode<TKey, TValue> WithCollisionEntries(EditToken? owner, ChampEntry<TKey, TValue>[] entries)
    {
        if (OwnedBy(owner))
        {
            Unsafe.As<CollisionNode>(this).Items = entries;
            return this;
        }

        return Collision(entries, owner);
    }

    /// <summary>Writes <paramref name="source"/>'s <paramref name="count"/> entries into this node with <paramref name="entry"/> at <paramref name="slot"/> (this may be <paramref name="source"/>).</summary>
    private void InsertEntry(ChampNode<TKey, TValue> source, int count, int slot, in ChampEntry<TKey, TValue> entry)
    {
        if (count > 0)
        {
            var from = MemoryMarshal.CreateSpan(ref source.EntryAt(0), count);
            var to = MemoryMarshal.CreateSpan(ref EntryAt(0), count + 1);
            from[slot..].CopyTo(to[(slot + 1)..]);
            if (!ReferenceEquals(source, this))
            {
                from[..slot].CopyTo(to);
            }
        }

        EntryAt(slot) = entry;
    }

    /// <summary>Writes <paramref name="source"/>'s <paramref name="count"/> entries but the one at <paramref name="slot"/> into this node (this may be <paramref name="source"/>); the freed last slot is cleared.</summary>
    private void RemoveEntry(ChampNode<TKey, TValue> source, int count, int slot)
    {
        var from = MemoryMarshal.CreateSpan(ref source.EntryAt(0), count);
        if (ReferenceEquals(source, this))
        {
            from[(slot + 1)..].CopyTo(from[slot..]);
            from[count - 1] = default;
            return;
        }

        if (count > 1)
        {
            var to = MemoryMarshal.CreateSpan(ref EntryAt(0), count - 1);
            from[..slot].CopyTo(to);
            from[(slot + 1)..].CopyTo(to[slot..]);
        }
    }

    /// <summary>
    /// A sub-node array a new node may keep: a node stamped with a builder token is written in place later, so it
    /// must not share its array with a frozen node; a node of a persistent operation (no owner) never is.
    /// </summary>
    private static ChampNode<TKey, TValue>[] Private(EditToken? owner, ChampNode<TKey, TValue>[] array) =>
        owner is null || array.Length == 0 ? array : (ChampNode<TKey, TValue>[])array.Clone();

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

    /// <summary>The bitmap node class of the smallest capacity of at least <paramref name="capacity"/>.</summary>
    private static ChampNode<TKey, TValue> Allocate(int capacity) => capacity switch
    {
        0 => new Bare(),
        1 => new Sized<Entries1>(),
        2 => new Sized<Entries2>(),
        3 => new Sized<Entries3>(),
        4 => new Sized<Entries4>(),
        5 => new Sized<Entries5>(),
        6 => new Sized<Entries6>(),
        7 => new Sized<Entries7>(),
        8 => new Sized<Entries8>(),
        <= 10 => new Sized<Entries10>(),
        <= 12 => new Sized<Entries12>(),
        <= 14 => new Sized<Entries14>(),
        <= 16 => new Sized<Entries16>(),
        <= 18 => new Sized<Entries18>(),
        <= 20 => new Sized<Entries20>(),
        <= 22 => new Sized<Entries22>(),
        <= 24 => new Sized<Entries24>(),
        <= 28 => new Sized<Entries28>(),
        _ => new Sized<Entries32>(),
    };

    /// <summary>
    /// <see cref="EntryAt"/> reads every capacity class through the smallest one: each holds one field, its inline
    /// array, after the same base fields, so the array sits at the same offset in all of them. Checked once per
    /// instantiation; a runtime that laid them out otherwise fails here, not with a misread entry.
    /// </summary>
    private static bool VerifyLayout()
    {
        var smallest = new Sized<Entries1>();
        nint expected = OffsetOf(smallest, ref Unsafe.As<Entries1, byte>(ref smallest.Buffer));
        Check<Entries2>(expected);
        Check<Entries3>(expected);
        Check<Entries4>(expected);
        Check<Entries5>(expected);
        Check<Entries6>(expected);
        Check<Entries7>(expected);
        Check<Entries8>(expected);
        Check<Entries10>(expected);
        Check<Entries12>(expected);
        Check<Entries14>(expected);
        Check<Entries16>(expected);
        Check<Entries18>(expected);
        Check<Entries20>(expected);
        Check<Entries22>(expected);
        Check<Entries24>(expected);
        Check<Entries28>(expected);
        Check<Entries32>(expected);
        return true;

        static void Check<TBuffer>(nint expected)
            where TBuffer : struct
        {
            var node = new Sized<TBuffer>();
            nint actual = OffsetOf(node, ref Unsafe.As<TBuffer, byte>(ref node.Buffer));
            if (actual != expected)
            {
                throw new InvalidOperationException(
                    $"Internal error: CHAMP node class {typeof(Sized<TBuffer>)} keeps its entries at offset {actual}, not {expected}: this runtime's field layout is not supported.");
            }
        }

        static nint OffsetOf(object node, ref byte field) => Unsafe.ByteOffset(ref Unsafe.As<RawData>(node).First, ref field);
    }

    /// <summary>Whether the type initializer verified the layout <see cref="EntryAt"/> relies on (read by a test).</summary>
    internal static bool LayoutVerified => s_layoutVerified;

    /// <summary>The view of any object's first field, to measure field offsets.</summary>
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Performance", "CA1812", Justification = "Never instantiated: a view of other objects.")]
    private sealed class RawData
    {
#pragma warning disable CS0649 // Never written: only its address is taken.
        public byte First;
#pragma warning restore CS0649
    }

    /// <summary>A bitmap node with no inline entries (a node of sub-nodes only, or the empty root).</summary>
    private sealed class Bare : ChampNode<TKey, TValue>
    {
        public override int Capacity => 0;

        public override Span<ChampEntry<TKey, TValue>> Entries => default;
    }

    /// <summary>A bitmap node with room for the entries of its inline array.</summary>
    private sealed class Sized<TBuffer> : ChampNode<TKey, TValue>
        where TBuffer : struct
    {
        public TBuffer Buffer;

        public override int Capacity => Unsafe.SizeOf<TBuffer>() / Unsafe.SizeOf<ChampEntry<TKey, TValue>>();

        public override Span<ChampEntry<TKey, TValue>> Entries
        {
            get
            {
                int count = BitOperations.PopCount(DataMap);
                return count == 0 ? default : MemoryMarshal.CreateSpan(ref Unsafe.As<TBuffer, ChampEntry<TKey, TValue>>(ref Buffer), count);
            }
        }
    }

    /// <summary>A collision node: entries of one full hash, in an array (their number is unbounded).</summary>
    private sealed class CollisionNode : ChampNode<TKey, TValue>
    {
        public ChampEntry<TKey, TValue>[] Items = [];

        public override int Capacity => Items.Length;

        public override Span<ChampEntry<TKey, TValue>> Entries => Items;
    }

    /// <summary>A shell: no maps, no entries, no sub-nodes until resolved (see the class remarks).</summary>
    private sealed class ShellNode : ChampNode<TKey, TValue>
    {
        public override int Capacity => 0;

        public override Span<ChampEntry<TKey, TValue>> Entries =>
            throw new InvalidOperationException("Internal error: a shell CHAMP node was read without being resolved.");
    }

    [InlineArray(1)] private struct Entries1 { private ChampEntry<TKey, TValue> _first; }
    [InlineArray(2)] private struct Entries2 { private ChampEntry<TKey, TValue> _first; }
    [InlineArray(3)] private struct Entries3 { private ChampEntry<TKey, TValue> _first; }
    [InlineArray(4)] private struct Entries4 { private ChampEntry<TKey, TValue> _first; }
    [InlineArray(5)] private struct Entries5 { private ChampEntry<TKey, TValue> _first; }
    [InlineArray(6)] private struct Entries6 { private ChampEntry<TKey, TValue> _first; }
    [InlineArray(7)] private struct Entries7 { private ChampEntry<TKey, TValue> _first; }
    [InlineArray(8)] private struct Entries8 { private ChampEntry<TKey, TValue> _first; }
    [InlineArray(10)] private struct Entries10 { private ChampEntry<TKey, TValue> _first; }
    [InlineArray(12)] private struct Entries12 { private ChampEntry<TKey, TValue> _first; }
    [InlineArray(14)] private struct Entries14 { private ChampEntry<TKey, TValue> _first; }
    [InlineArray(16)] private struct Entries16 { private ChampEntry<TKey, TValue> _first; }
    [InlineArray(18)] private struct Entries18 { private ChampEntry<TKey, TValue> _first; }
    [InlineArray(20)] private struct Entries20 { private ChampEntry<TKey, TValue> _first; }
    [InlineArray(22)] private struct Entries22 { private ChampEntry<TKey, TValue> _first; }
    [InlineArray(24)] private struct Entries24 { private ChampEntry<TKey, TValue> _first; }
    [InlineArray(28)] private struct Entries28 { private ChampEntry<TKey, TValue> _first; }
    [InlineArray(32)] private struct Entries32 { private ChampEntry<TKey, TValue> _first; }
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
