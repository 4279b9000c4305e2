using System;
using System.Collections.Generic;
using System.Numerics;

namespace CowCollections.Internal.Champ;

/// <summary>
/// Builds a whole CHAMP trie from a batch of entries in O(n log n) with one sort, instead of n insertions.
/// <list type="bullet">
/// <item>Entries are sorted by their <em>path key</em>: the hash's fragments from the root down (fragment 0
/// in the top bits). Every subtree is then a contiguous run, its children runs in slot order, and the trie is
/// built bottom-up in one pass: memory is touched in order, not at random as n insertions do.</item>
/// <item>The result is canonical (the invariants of <see cref="ChampNode{TKey, TValue}"/>): a run of one entry
/// is an inline entry, a longer run a sub-node, a run at the collision depth a collision node. It therefore
/// has exactly the shape that inserting the same entries one by one produces.</item>
/// <item>Keys equal under the comparer (necessarily of equal hash, so in one run of equal path keys after the sort) are resolved
/// as <see cref="ChampTrie{TKey, TValue, TGeometry}.Set"/> resolves them, in input order: the last different value wins
/// (<see cref="ChampSetMode.Overwrite"/>; an equal value keeps the stored one), the first stays (<see cref="ChampSetMode.KeepExisting"/>), or a
/// different value throws (<see cref="ChampSetMode.ThrowIfDifferent"/>). Every node is frozen (no owner).</item>
/// </list>
/// </summary>
/// <typeparam name="TKey">The key type.</typeparam>
/// <typeparam name="TValue">The value type.</typeparam>
/// <typeparam name="TGeometry">The trie's geometry.</typeparam>
internal static class ChampBulk<TKey, TValue, TGeometry>
    where TGeometry : struct, IChampGeometry
{
    private static int Bits => TGeometry.Bits;

    /// <summary>The trie of <paramref name="entries"/> (their <see cref="ChampEntry{TKey, TValue}.Hash"/> filled in); <paramref name="count"/> is the number of distinct keys.</summary>
    public static ChampNode<TKey, TValue> Build(ReadOnlySpan<ChampEntry<TKey, TValue>> entries, IEqualityComparer<TKey>? comparer, out int count) =>
        Build(entries, comparer, EqualityComparer<TValue>.Default, ChampSetMode.Overwrite, out count);

    /// <summary>The trie of <paramref name="entries"/>, duplicates resolved by <paramref name="mode"/> (see the class remarks).</summary>
    public static ChampNode<TKey, TValue> Build(ReadOnlySpan<ChampEntry<TKey, TValue>> entries, IEqualityComparer<TKey>? comparer, IEqualityComparer<TValue> valueComparer, ChampSetMode mode, out int count)
    {
        if (entries.IsEmpty)
        {
            count = 0;
            return ChampNode<TKey, TValue>.Empty;
        }

        // Sort (path key, input index): equal path keys (equal hashes) stay in input order.
        var order = new ulong[entries.Length];
        for (int i = 0; i < order.Length; i++)
        {
            order[i] = ((ulong)PathKey(entries[i].Hash) << 32) | (uint)i;
        }

        Array.Sort(order);

        // Keys equal under the comparer have equal hashes, so they are in one run of equal path keys: keep
        // the first position and the last value.
        var sorted = new ChampEntry<TKey, TValue>[entries.Length];
        int n = 0;
        for (int i = 0; i < order.Length;)
        {
            int j = i + 1;
            while (j < order.Length && (order[j] >> 32) == (order[i] >> 32))
            {
                j++;
            }

            int runStart = n;
            for (int r = i; r < j; r++)
            {
                ref readonly var entry = ref entries[(int)(uint)order[r]];
                int same = -1;
                for (int q = runStart; q < n; q++)
                {
                    if (ChampKeys<TKey>.Equal(comparer, sorted[q].Key, entry.Key))
                    {
                        same = q;
                        break;
                    }
                }

                if (same >= 0)
                {
                    Resolve(ref sorted[same], entry, valueComparer, mode);
                }
                else
                {
                    sorted[n++] = entry;
                }
            }

            i = j;
        }

        count = n;
        return Node(sorted, 0, n, 0);
    }

    private static void Resolve(ref ChampEntry<TKey, TValue> present, in ChampEntry<TKey, TValue> entry, IEqualityComparer<TValue> valueComparer, ChampSetMode mode)
    {
        switch (mode)
        {
            case ChampSetMode.Overwrite when !valueComparer.Equals(present.Value, entry.Value):
                // As SetItem: a different value replaces the key object too; an equal one is a no-op that keeps both
                // (the guard above), as ImmutableDictionary does.
                present = entry;
                break;
            case ChampSetMode.ThrowIfDifferent when !valueComparer.Equals(present.Value, entry.Value):
                throw new ArgumentException($"An element with the key '{entry.Key}' already exists with a different value.");
        }
    }

    /// <summary>The used hash bits with their fragments reversed in groups of <c>Bits</c>: fragment 0 (the root's) becomes the most significant.</summary>
    public static uint PathKey(uint hash)
    {
        uint key = 0;
        for (int shift = 0; shift < TGeometry.HashBits; shift += Bits)
        {
            int width = Math.Min(Bits, TGeometry.HashBits - shift);
            key = (key << width) | ((hash >> shift) & ((1u << width) - 1));
        }

        return key;
    }

    private static ChampNode<TKey, TValue> Node(ChampEntry<TKey, TValue>[] sorted, int lo, int hi, int shift)
    {
        if (shift >= TGeometry.CollisionShift)
        {
            return ChampNode<TKey, TValue>.Collision(sorted[lo..hi], null);
        }

        // First pass: the runs' slots decide the maps; second pass fills the node (its class fits its entries exactly) and its sub-node array.
        uint dataMap = 0;
        uint nodeMap = 0;
        for (int i = lo; i < hi;)
        {
            int j = RunEnd(sorted, i, hi, shift, out uint bit);
            if (j - i == 1)
            {
                dataMap |= bit;
            }
            else
            {
                nodeMap |= bit;
            }

            i = j;
        }

        var nodes = nodeMap == 0 ? [] : new ChampNode<TKey, TValue>[BitOperations.PopCount(nodeMap)];
        var node = ChampNode<TKey, TValue>.NewBitmap(dataMap, nodeMap, nodes, null);
        int e = 0;
        int n = 0;
        for (int i = lo; i < hi;)
        {
            int j = RunEnd(sorted, i, hi, shift, out _);
            if (j - i == 1)
            {
                node.EntryAt(e++) = sorted[i];
            }
            else
            {
                nodes[n++] = Node(sorted, i, j, shift + Bits);
            }

            i = j;
        }

        return node;
    }

    /// <summary>The end of the run starting at <paramref name="i"/> whose entries share the fragment at <paramref name="shift"/> (its slot bit).</summary>
    private static int RunEnd(ChampEntry<TKey, TValue>[] sorted, int i, int hi, int shift, out uint bit)
    {
        bit = ChampShape<TGeometry>.Bit(sorted[i].Hash, shift);
        int j = i + 1;
        while (j < hi && ChampShape<TGeometry>.Bit(sorted[j].Hash, shift) == bit)
        {
            j++;
        }

        return j;
    }
}
