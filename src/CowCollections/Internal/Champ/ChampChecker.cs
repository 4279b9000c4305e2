using System;
using System.Collections.Generic;
using System.Numerics;

namespace CowCollections.Internal.Champ;

/// <summary>
/// Deep check of every invariant listed on <see cref="ChampNode{TKey, TValue}"/>: bitmaps disjoint and
/// matching the array lengths, every stored hash equal to the comparer's hash of its key and lying on the
/// path that leads to it, collision nodes only at the maximum depth with one full hash and distinct keys,
/// canonical form (every non-root subtree holds at least two entries and no non-root node is a singleton),
/// and the entry count. Run by the tests after every step; throws <see cref="InvalidOperationException"/>
/// naming the first broken invariant.
/// </summary>
internal static class ChampChecker<TKey, TValue>
{
    public static void Check(ChampNode<TKey, TValue> root, int count, IEqualityComparer<TKey>? comparer)
    {
        int total = CheckNode(root, 0, 0, isRoot: true, comparer);
        Require(total == count, $"the trie holds {total} entries but the count is {count}");
        Require(count != 0 || ReferenceEquals(root, ChampNode<TKey, TValue>.Empty) || (root.Entries.Length == 0 && root.Nodes.Length == 0), "an empty dictionary with a non-empty root");
    }

    private static int CheckNode(ChampNode<TKey, TValue> node, int shift, uint prefix, bool isRoot, IEqualityComparer<TKey>? comparer)
    {
        uint prefixMask = shift >= 32 ? uint.MaxValue : (1u << shift) - 1;
        if (shift >= ChampTrie<TKey, TValue>.CollisionShift)
        {
            Require(node.DataMap == 0 && node.NodeMap == 0, "a collision node has bitmaps");
            Require(node.Nodes.Length == 0, "a collision node has sub-nodes");
            Require(node.Entries.Length >= 2, $"a collision node holds {node.Entries.Length} entries (needs 2+)");
            uint hash = node.Entries[0].Hash;
            for (int i = 0; i < node.Entries.Length; i++)
            {
                var e = node.Entries[i];
                Require(e.Hash == ChampKeys<TKey>.Hash(comparer, e.Key), $"stored hash of key '{e.Key}' is stale");
                Require(e.Hash == hash, "a collision node mixes full hashes");
                Require((e.Hash & prefixMask) == prefix, $"key '{e.Key}' lies off its hash path");
                for (int j = 0; j < i; j++)
                {
                    Require(!ChampKeys<TKey>.Equal(comparer, node.Entries[j].Key, e.Key), $"key '{e.Key}' appears twice in a collision node");
                }
            }

            return node.Entries.Length;
        }

        Require(shift < ChampTrie<TKey, TValue>.CollisionShift, "a bitmap node below the maximum depth");
        Require((node.DataMap & node.NodeMap) == 0, "a slot is both an entry and a sub-node");
        Require(node.Entries.Length == BitOperations.PopCount(node.DataMap), "entry array length != PopCount(DataMap)");
        Require(node.Nodes.Length == BitOperations.PopCount(node.NodeMap), "node array length != PopCount(NodeMap)");
        int total = 0;
        int slot = 0;
        for (uint map = node.DataMap; map != 0; map &= map - 1, slot++)
        {
            uint bit = map & (~map + 1);
            var e = node.Entries[slot];
            Require(e.Hash == ChampKeys<TKey>.Hash(comparer, e.Key), $"stored hash of key '{e.Key}' is stale");
            Require((e.Hash & prefixMask) == prefix, $"key '{e.Key}' lies off its hash path");
            Require(ChampNode<TKey, TValue>.Bit(e.Hash, shift) == bit, $"key '{e.Key}' sits in the wrong slot");
            total++;
        }

        slot = 0;
        for (uint map = node.NodeMap; map != 0; map &= map - 1, slot++)
        {
            int fragment = BitOperations.TrailingZeroCount(map);
            var child = node.Nodes[slot];
            Require(child is not null, "a null sub-node");
            int childCount = CheckNode(child!, shift + TrieGeometry.ChampBits, prefix | ((uint)fragment << shift), isRoot: false, comparer);
            Require(childCount >= 2, "a sub-node holds fewer than two entries (not canonical)");
            total += childCount;
        }

        if (!isRoot)
        {
            Require(!node.IsSingleton, "a non-root node holds a single entry and no sub-node (not canonical)");
            Require(node.Entries.Length + node.Nodes.Length > 0, "an empty non-root node");
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
            if (depth * TrieGeometry.ChampBits >= ChampTrie<TKey, TValue>.CollisionShift)
            {
                collision++;
                return;
            }

            bitmap++;
            foreach (var child in node.Nodes)
            {
                Walk(child, depth + 1);
            }
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
