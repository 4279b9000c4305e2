using System;
using System.Collections.Generic;
using System.Numerics;
using System.Runtime.CompilerServices;

namespace CowCollections.Internal.Champ;

/// <summary>
/// Deep check of every invariant listed on <see cref="ChampNode{TKey, TValue}"/>: each node's shape by the
/// rules of <see cref="ChampShape{TGeometry}"/> (bitmaps disjoint, reachable and matching the array lengths, canonical form,
/// collision nodes only at the maximum depth), every stored hash equal to the comparer's hash of its key and lying
/// on the path that leads to it and in its slot, one used hash and distinct keys in each collision node, the node class matching the depth (collision nodes
/// only at the collision depth), an inline capacity that holds the entries with every spare slot cleared, at least
/// two entries below every sub-node, and the entry count. Run by the tests after every step; throws <see cref="InvalidOperationException"/>
/// naming the first broken invariant.
/// </summary>
/// <typeparam name="TKey">The key type.</typeparam>
/// <typeparam name="TValue">The value type.</typeparam>
/// <typeparam name="TGeometry">The trie's geometry.</typeparam>
internal static class ChampChecker<TKey, TValue, TGeometry>
    where TGeometry : struct, IChampGeometry
{
    public static void Check(ChampNode<TKey, TValue> root, int count, IEqualityComparer<TKey>? comparer)
    {
        int total = CheckNode(root, 0, 0, isRoot: true, comparer);
        Require(total == count, $"the trie holds {total} entries but the count is {count}");
        Require(count != 0 || ReferenceEquals(root, ChampNode<TKey, TValue>.Empty) || (root.EntryCount == 0 && root.Nodes.Length == 0), "an empty dictionary with a non-empty root");
    }

    private static int CheckNode(ChampNode<TKey, TValue> node, int shift, uint prefix, bool isRoot, IEqualityComparer<TKey>? comparer)
    {
        uint prefixMask = shift >= 32 ? uint.MaxValue : (1u << shift) - 1;
        if (shift >= TGeometry.CollisionShift)
        {
            Require(node.IsCollisionClass, "a node at the collision depth is not a collision node");
            Require(ChampShape<TGeometry>.ValidateCollision(node.DataMap, node.NodeMap, node.Entries.Length, node.Nodes.Length));
            uint hash = node.Entries[0].Hash;
            for (int i = 0; i < node.Entries.Length; i++)
            {
                var e = node.Entries[i];
                Require(e.Hash == ChampKeys<TKey>.Hash(comparer, e.Key), $"stored hash of key '{e.Key}' is stale");
                Require(ChampShape<TGeometry>.UsedBits(e.Hash) == ChampShape<TGeometry>.UsedBits(hash), "a collision node mixes hashes that differ in the bits the trie uses");
                Require((e.Hash & prefixMask) == prefix, $"key '{e.Key}' lies off its hash path");
                for (int j = 0; j < i; j++)
                {
                    Require(!ChampKeys<TKey>.Equal(comparer, node.Entries[j].Key, e.Key), $"key '{e.Key}' appears twice in a collision node");
                }
            }

            return node.Entries.Length;
        }

        Require(!node.IsCollisionClass, "a collision node above the collision depth");
        Require(ChampShape<TGeometry>.Validate(node.DataMap, node.NodeMap, node.Entries.Length, node.Nodes.Length, shift, isRoot));
        Require(node.Capacity >= node.Entries.Length && node.Capacity <= ChampNode<TKey, TValue>.MaxCapacity, $"a node of inline capacity {node.Capacity} holds {node.Entries.Length} entries");
        if (RuntimeHelpers.IsReferenceOrContainsReferences<ChampEntry<TKey, TValue>>())
        {
            for (int i = node.Entries.Length; i < node.Capacity; i++)
            {
                ref var spare = ref node.EntryAt(i);
                Require(EqualityComparer<TKey>.Default.Equals(spare.Key, default!) && EqualityComparer<TValue>.Default.Equals(spare.Value, default!), $"spare inline slot {i} still holds an entry (a stale reference kept alive)");
            }
        }

        int total = 0;
        int slot = 0;
        for (uint map = node.DataMap; map != 0; map &= map - 1, slot++)
        {
            uint bit = map & (~map + 1);
            var e = node.Entries[slot];
            Require(e.Hash == ChampKeys<TKey>.Hash(comparer, e.Key), $"stored hash of key '{e.Key}' is stale");
            Require((e.Hash & prefixMask) == prefix, $"key '{e.Key}' lies off its hash path");
            Require(ChampShape<TGeometry>.Bit(e.Hash, shift) == bit, $"key '{e.Key}' sits in the wrong slot");
            total++;
        }

        slot = 0;
        for (uint map = node.NodeMap; map != 0; map &= map - 1, slot++)
        {
            int fragment = BitOperations.TrailingZeroCount(map);
            var child = node.Child(slot);
            Require(child is not null, "a null sub-node");
            int childCount = CheckNode(child!, shift + TGeometry.Bits, prefix | ((uint)fragment << shift), isRoot: false, comparer);
            Require(childCount >= ChampShape<TGeometry>.MinSubtreeEntries, "a sub-node holds fewer than two entries (not canonical)");
            total += childCount;
        }

        return total;
    }

    /// <summary>The number of nodes of each kind (for shape tests and memory estimates).</summary>
    public static (int BitmapNodes, int CollisionNodes, int MaxDepth) Shape(ChampNode<TKey, TValue> root)
    {
        int bitmap = 0, collision = 0, maxDepth = 0;
        Walk(root, 0);
        return (bitmap, collision, maxDepth);

        void Walk(ChampNode<TKey, TValue> node, int depth)
        {
            maxDepth = Math.Max(maxDepth, depth);
            if (depth * TGeometry.Bits >= TGeometry.CollisionShift)
            {
                collision++;
                return;
            }

            bitmap++;
            for (int i = 0; i < node.Nodes.Length; i++)
            {
                Walk(node.Child(i), depth + 1);
            }
        }
    }

    /// <summary>Throws the checker's error for a broken shape rule (<paramref name="reason"/> not null).</summary>
    private static void Require(string? reason)
    {
        if (reason is not null)
        {
            throw new InvalidOperationException("CHAMP invariant broken: " + reason);
        }
    }

    private static void Require(bool condition, string message)
    {
        if (!condition)
        {
            throw new InvalidOperationException("CHAMP invariant broken: " + message);
        }
    }
}
