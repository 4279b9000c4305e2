using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace CowCollections.Internal.Champ;

/// <summary>How <see cref="ChampTrie{TKey, TValue, TGeometry}.Set"/> treats a key that is already present.</summary>
internal enum ChampSetMode
{
    /// <summary>Replace the key object and the value (SetItem); an equal value leaves the node, and the old key, unchanged (as ImmutableDictionary).</summary>
    Overwrite,

    /// <summary>Keep the present value (TryAdd, GetOrAdd).</summary>
    KeepExisting,

    /// <summary>Throw <see cref="ArgumentException"/> if the present value differs (Add, as ImmutableDictionary does).</summary>
    ThrowIfDifferent,
}

/// <summary>What <see cref="ChampTrie{TKey, TValue, TGeometry}.Set"/> did.</summary>
internal enum ChampSetResult
{
    Unchanged,
    Added,
    Replaced,
}

/// <summary>
/// Lookup, insertion and removal on CHAMP nodes (see <see cref="ChampNode{TKey, TValue}"/> for the invariants).
/// <list type="bullet">
/// <item>Every operation descends one path, reading the geometry's <c>Bits</c> hash bits per level, and copies only
/// the nodes on that path (or writes them in place when the caller's edit token owns them).</item>
/// <item>Returning the same node reference means "nothing changed" (or "changed in place" for owned nodes);
/// callers use it to return the same dictionary instance.</item>
/// <item>Comparer calls happen during the descent, before any write: a throwing comparer leaves even a
/// builder's owned nodes untouched.</item>
/// <item>Removal keeps canonical form: a sub-node left with one entry and no sub-node is inlined into its parent.</item>
/// </list>
/// </summary>
/// <typeparam name="TKey">The key type.</typeparam>
/// <typeparam name="TValue">The value type.</typeparam>
/// <typeparam name="TGeometry">The trie's geometry (folded to constants by the JIT).</typeparam>
internal static class ChampTrie<TKey, TValue, TGeometry>
    where TGeometry : struct, IChampGeometry
{
    /// <summary>The shift at which the used hash bits run out: nodes there are collision nodes.</summary>
    public static int CollisionShift
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => TGeometry.CollisionShift;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static uint Bit(uint hash, int shift) => ChampShape<TGeometry>.Bit(hash, shift);

    /// <summary>The entry for <paramref name="key"/>, or a null reference. No allocation.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ref ChampEntry<TKey, TValue> Find(ChampNode<TKey, TValue> node, TKey key, uint hash, IEqualityComparer<TKey>? comparer)
    {
        int shift = 0;
        ChampNode<TKey, TValue>[]? parentNodes = null;
        int parentSlot = 0;
        while (true)
        {
            uint bit = Bit(hash, shift);
            uint dataMap = node.DataMap;
            if ((dataMap & bit) != 0)
            {
                ref var entry = ref node.EntryAt(ChampNode<TKey, TValue>.Slot(dataMap, bit));
                if (entry.Hash == hash && ChampKeys<TKey>.Equal(comparer, entry.Key, key))
                {
                    return ref entry;
                }

                return ref Unsafe.NullRef<ChampEntry<TKey, TValue>>();
            }

            uint nodeMap = node.NodeMap;
            if ((nodeMap & bit) == 0)
            {
                if (node.IsShell)
                {
                    // A shell's maps are 0, so only the miss path meets it: resolve it (and put the resolved node in its
                    // parent's slot, so the next lookup goes straight to it), then look again at this level.
                    node = parentNodes is null ? node.Resolve() : ChampNode<TKey, TValue>.ResolveIn(parentNodes, parentSlot);
                    continue;
                }

                return ref Unsafe.NullRef<ChampEntry<TKey, TValue>>();
            }

            parentNodes = node.Nodes;
            parentSlot = ChampNode<TKey, TValue>.Slot(nodeMap, bit);
            node = Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(parentNodes), parentSlot);
            shift += TGeometry.Bits;
            if (shift >= CollisionShift)
            {
                return ref FindInCollision(node, key, hash, comparer);
            }
        }
    }

    private static ref ChampEntry<TKey, TValue> FindInCollision(ChampNode<TKey, TValue> node, TKey key, uint hash, IEqualityComparer<TKey>? comparer)
    {
        var entries = node.Resolve().CollisionEntries;
        for (int i = 0; i < entries.Length; i++)
        {
            if (entries[i].Hash == hash && ChampKeys<TKey>.Equal(comparer, entries[i].Key, key))
            {
                return ref entries[i];
            }
        }

        return ref Unsafe.NullRef<ChampEntry<TKey, TValue>>();
    }

    /// <summary>
    /// Sets <paramref name="entry"/> below <paramref name="node"/> (at <paramref name="shift"/>) per <paramref name="mode"/>.
    /// O(log32 n) nodes copied (none when <paramref name="owner"/> owns the path).
    /// </summary>
    public static ChampNode<TKey, TValue> Set(
        ChampNode<TKey, TValue> node,
        EditToken? owner,
        in ChampEntry<TKey, TValue> entry,
        int shift,
        IEqualityComparer<TKey>? comparer,
        IEqualityComparer<TValue> valueComparer,
        ChampSetMode mode,
        out ChampSetResult result)
    {
        if (shift >= CollisionShift)
        {
            return SetInCollision(node, owner, entry, comparer, valueComparer, mode, out result);
        }

        uint bit = Bit(entry.Hash, shift);
        if ((node.DataMap & bit) != 0)
        {
            int slot = ChampNode<TKey, TValue>.Slot(node.DataMap, bit);
            ref readonly var present = ref node.EntryAt(slot);
            if (present.Hash == entry.Hash && ChampKeys<TKey>.Equal(comparer, present.Key, entry.Key))
            {
                if (!ShouldReplace(present, entry, valueComparer, mode))
                {
                    result = ChampSetResult.Unchanged;
                    return node;
                }

                result = ChampSetResult.Replaced;
                return node.WithEntry(owner, slot, entry);
            }

            var child = MergeTwo(present, entry, shift + TGeometry.Bits, owner);
            result = ChampSetResult.Added;
            return node.WithEntryMovedToNode(owner, bit, child);
        }

        if ((node.NodeMap & bit) != 0)
        {
            int slot = ChampNode<TKey, TValue>.Slot(node.NodeMap, bit);
            var child = node.Child(slot);
            var newChild = Set(child, owner, entry, shift + TGeometry.Bits, comparer, valueComparer, mode, out result);
            return ReferenceEquals(child, newChild) ? node : node.WithChild(owner, slot, newChild);
        }

        result = ChampSetResult.Added;
        return node.WithEntryInserted(owner, bit, entry);
    }

    private static bool ShouldReplace(in ChampEntry<TKey, TValue> present, in ChampEntry<TKey, TValue> entry, IEqualityComparer<TValue> valueComparer, ChampSetMode mode)
    {
        switch (mode)
        {
            case ChampSetMode.KeepExisting:
                return false;
            case ChampSetMode.ThrowIfDifferent:
                if (!valueComparer.Equals(present.Value, entry.Value))
                {
                    throw new ArgumentException($"An element with the key '{entry.Key}' already exists with a different value.");
                }

                return false;
            default:
                return !valueComparer.Equals(present.Value, entry.Value);
        }
    }

    private static ChampNode<TKey, TValue> SetInCollision(
        ChampNode<TKey, TValue> node,
        EditToken? owner,
        in ChampEntry<TKey, TValue> entry,
        IEqualityComparer<TKey>? comparer,
        IEqualityComparer<TValue> valueComparer,
        ChampSetMode mode,
        out ChampSetResult result)
    {
        var entries = node.CollisionEntries;
        for (int i = 0; i < entries.Length; i++)
        {
            if (ChampKeys<TKey>.Equal(comparer, entries[i].Key, entry.Key))
            {
                if (!ShouldReplace(entries[i], entry, valueComparer, mode))
                {
                    result = ChampSetResult.Unchanged;
                    return node;
                }

                result = ChampSetResult.Replaced;
                return node.WithCollisionEntry(owner, i, entry);
            }
        }

        result = ChampSetResult.Added;
        return node.WithCollisionEntries(owner, ChampNode<TKey, TValue>.Insert(entries, entries.Length, entry));
    }

    /// <summary>A new sub-node holding two entries whose hashes agree on every fragment above <paramref name="shift"/>.</summary>
    private static ChampNode<TKey, TValue> MergeTwo(in ChampEntry<TKey, TValue> a, in ChampEntry<TKey, TValue> b, int shift, EditToken? owner)
    {
        if (shift >= CollisionShift)
        {
            return ChampNode<TKey, TValue>.Collision([a, b], owner);
        }

        uint bitA = Bit(a.Hash, shift);
        uint bitB = Bit(b.Hash, shift);
        if (bitA != bitB)
        {
            var pair = ChampNode<TKey, TValue>.NewBitmap(bitA | bitB, 0, [], owner);
            pair.EntryAt(0) = bitA < bitB ? a : b;
            pair.EntryAt(1) = bitA < bitB ? b : a;
            return pair;
        }

        return ChampNode<TKey, TValue>.NewBitmap(0, bitA, [MergeTwo(a, b, shift + TGeometry.Bits, owner)], owner);
    }

    /// <summary>
    /// Removes <paramref name="key"/> below <paramref name="node"/>; returns the same node when absent.
    /// Compacts canonically: a child left as a singleton is inlined here.
    /// </summary>
    public static ChampNode<TKey, TValue> Remove(
        ChampNode<TKey, TValue> node,
        EditToken? owner,
        TKey key,
        uint hash,
        int shift,
        IEqualityComparer<TKey>? comparer,
        out bool removed,
        out TValue? oldValue)
    {
        if (shift >= CollisionShift)
        {
            var entries = node.CollisionEntries;
            for (int i = 0; i < entries.Length; i++)
            {
                if (ChampKeys<TKey>.Equal(comparer, entries[i].Key, key))
                {
                    removed = true;
                    oldValue = entries[i].Value;
                    return node.WithCollisionEntries(owner, ChampNode<TKey, TValue>.RemoveAt(entries, i));
                }
            }

            removed = false;
            oldValue = default;
            return node;
        }

        uint bit = Bit(hash, shift);
        if ((node.DataMap & bit) != 0)
        {
            ref readonly var present = ref node.EntryAt(ChampNode<TKey, TValue>.Slot(node.DataMap, bit));
            if (present.Hash == hash && ChampKeys<TKey>.Equal(comparer, present.Key, key))
            {
                removed = true;
                oldValue = present.Value;
                return node.WithEntryRemoved(owner, bit);
            }
        }
        else if ((node.NodeMap & bit) != 0)
        {
            int slot = ChampNode<TKey, TValue>.Slot(node.NodeMap, bit);
            var child = node.Child(slot);
            var newChild = Remove(child, owner, key, hash, shift + TGeometry.Bits, comparer, out removed, out oldValue);
            if (!removed)
            {
                return node;
            }

            if (newChild.IsSingleton)
            {
                return node.WithNodeMovedToEntry(owner, bit, newChild.Entries[0]);
            }

            return ReferenceEquals(child, newChild) ? node : node.WithChild(owner, slot, newChild);
        }

        removed = false;
        oldValue = default;
        return node;
    }
}
