using System;
using System.Collections.Generic;
using System.Numerics;

namespace CowCollections.Internal.Champ;

/// <summary>
/// Structural comparison of two CHAMP tries built with the same key comparer.
/// <list type="bullet">
/// <item>Subtrees shared by reference are skipped, so diffing a version against one derived from it costs
/// O(changes x log32 n), not O(n).</item>
/// <item>Both tries are canonical, so equal contents have equal bitmaps at every bitmap node; only
/// collision nodes compare their entries as sets.</item>
/// <item>Diff reports each differing key exactly once: Removed (only in the old trie), Added (only in the new
/// one) or Changed (in both, values unequal by the value comparer).</item>
/// </list>
/// </summary>
/// <typeparam name="TKey">The key type.</typeparam>
/// <typeparam name="TValue">The value type.</typeparam>
/// <typeparam name="TGeometry">The geometry both tries have.</typeparam>
internal static class ChampDiff<TKey, TValue, TGeometry>
    where TGeometry : struct, IChampGeometry
{
    private static int CollisionShift => TGeometry.CollisionShift;

    public static void Diff(
        ChampNode<TKey, TValue> older,
        ChampNode<TKey, TValue> newer,
        int shift,
        IEqualityComparer<TKey>? comparer,
        IEqualityComparer<TValue> valueComparer,
        List<DictionaryChange<TKey, TValue>> changes)
    {
        // Shared subtrees are skipped before anything is resolved: a shell two versions share is never read.
        if (ReferenceEquals(older, newer))
        {
            return;
        }

        (older, newer) = (older.Resolve(), newer.Resolve());
        if (ReferenceEquals(older, newer))
        {
            return;
        }

        if (shift >= CollisionShift)
        {
            DiffCollision(older.Entries, newer.Entries, comparer, valueComparer, changes);
            return;
        }

        uint all = older.DataMap | older.NodeMap | newer.DataMap | newer.NodeMap;
        while (all != 0)
        {
            uint bit = 1u << BitOperations.TrailingZeroCount(all);
            all ^= bit;
            bool oldData = (older.DataMap & bit) != 0;
            bool oldNode = (older.NodeMap & bit) != 0;
            bool newData = (newer.DataMap & bit) != 0;
            bool newNode = (newer.NodeMap & bit) != 0;
            if (oldData && newData)
            {
                ref readonly var a = ref older.EntryAt(ChampNode<TKey, TValue>.Slot(older.DataMap, bit));
                ref readonly var b = ref newer.EntryAt(ChampNode<TKey, TValue>.Slot(newer.DataMap, bit));
                if (a.Hash == b.Hash && ChampKeys<TKey>.Equal(comparer, a.Key, b.Key))
                {
                    if (!valueComparer.Equals(a.Value, b.Value))
                    {
                        changes.Add(new DictionaryChange<TKey, TValue>(DictionaryChangeKind.Changed, a.Key, a.Value, b.Value));
                    }
                }
                else
                {
                    changes.Add(Removed(a));
                    changes.Add(Added(b));
                }
            }
            else if (oldNode && newNode)
            {
                Diff(
                    older.Nodes[ChampNode<TKey, TValue>.Slot(older.NodeMap, bit)],
                    newer.Nodes[ChampNode<TKey, TValue>.Slot(newer.NodeMap, bit)],
                    shift + TGeometry.Bits,
                    comparer,
                    valueComparer,
                    changes);
            }
            else if (oldData && newNode)
            {
                EntryVersusNode(older.EntryAt(ChampNode<TKey, TValue>.Slot(older.DataMap, bit)), newer.Child(ChampNode<TKey, TValue>.Slot(newer.NodeMap, bit)), entryIsOld: true, comparer, valueComparer, changes);
            }
            else if (oldNode && newData)
            {
                EntryVersusNode(newer.EntryAt(ChampNode<TKey, TValue>.Slot(newer.DataMap, bit)), older.Child(ChampNode<TKey, TValue>.Slot(older.NodeMap, bit)), entryIsOld: false, comparer, valueComparer, changes);
            }
            else if (oldData)
            {
                changes.Add(Removed(older.EntryAt(ChampNode<TKey, TValue>.Slot(older.DataMap, bit))));
            }
            else if (newData)
            {
                changes.Add(Added(newer.EntryAt(ChampNode<TKey, TValue>.Slot(newer.DataMap, bit))));
            }
            else if (oldNode)
            {
                AddAll(older.Child(ChampNode<TKey, TValue>.Slot(older.NodeMap, bit)), DictionaryChangeKind.Removed, changes);
            }
            else
            {
                AddAll(newer.Child(ChampNode<TKey, TValue>.Slot(newer.NodeMap, bit)), DictionaryChangeKind.Added, changes);
            }
        }
    }

    /// <summary>True when both tries hold equal keys with equal values. O(1) on the same root; skips shared subtrees.</summary>
    public static bool Equal(ChampNode<TKey, TValue> a, ChampNode<TKey, TValue> b, int shift, IEqualityComparer<TKey>? comparer, IEqualityComparer<TValue> valueComparer)
    {
        if (ReferenceEquals(a, b))
        {
            return true;
        }

        (a, b) = (a.Resolve(), b.Resolve());
        if (ReferenceEquals(a, b))
        {
            return true;
        }

        if (shift >= CollisionShift)
        {
            if (a.Entries.Length != b.Entries.Length)
            {
                return false;
            }

            ReadOnlySpan<ChampEntry<TKey, TValue>> inB = b.Entries;
            foreach (var x in a.Entries)
            {
                int i = IndexOf(inB, x, comparer);
                if (i < 0 || !valueComparer.Equals(x.Value, inB[i].Value))
                {
                    return false;
                }
            }

            return true;
        }

        if (a.DataMap != b.DataMap || a.NodeMap != b.NodeMap)
        {
            return false;
        }

        ReadOnlySpan<ChampEntry<TKey, TValue>> ea = a.Entries;
        ReadOnlySpan<ChampEntry<TKey, TValue>> eb = b.Entries;
        for (int i = 0; i < ea.Length; i++)
        {
            if (ea[i].Hash != eb[i].Hash || !ChampKeys<TKey>.Equal(comparer, ea[i].Key, eb[i].Key) || !valueComparer.Equals(ea[i].Value, eb[i].Value))
            {
                return false;
            }
        }

        for (int i = 0; i < a.Nodes.Length; i++)
        {
            if (!Equal(a.Nodes[i], b.Nodes[i], shift + TGeometry.Bits, comparer, valueComparer))
            {
                return false;
            }
        }

        return true;
    }

    private static void EntryVersusNode(
        in ChampEntry<TKey, TValue> entry,
        ChampNode<TKey, TValue> node,
        bool entryIsOld,
        IEqualityComparer<TKey>? comparer,
        IEqualityComparer<TValue> valueComparer,
        List<DictionaryChange<TKey, TValue>> changes)
    {
        bool found = false;
        var otherKind = entryIsOld ? DictionaryChangeKind.Added : DictionaryChangeKind.Removed;
        var cursor = new ChampCursor<TKey, TValue>(node);
        while (cursor.MoveNext())
        {
            ref var x = ref cursor.Current;
            if (!found && x.Hash == entry.Hash && ChampKeys<TKey>.Equal(comparer, x.Key, entry.Key))
            {
                found = true;
                var (oldValue, newValue) = entryIsOld ? (entry.Value, x.Value) : (x.Value, entry.Value);
                if (!valueComparer.Equals(oldValue, newValue))
                {
                    changes.Add(new DictionaryChange<TKey, TValue>(DictionaryChangeKind.Changed, entryIsOld ? entry.Key : x.Key, oldValue, newValue));
                }
            }
            else
            {
                changes.Add(Of(otherKind, x));
            }
        }

        if (!found)
        {
            changes.Add(entryIsOld ? Removed(entry) : Added(entry));
        }
    }

    private static void DiffCollision(
        ReadOnlySpan<ChampEntry<TKey, TValue>> older,
        ReadOnlySpan<ChampEntry<TKey, TValue>> newer,
        IEqualityComparer<TKey>? comparer,
        IEqualityComparer<TValue> valueComparer,
        List<DictionaryChange<TKey, TValue>> changes)
    {
        foreach (var a in older)
        {
            int i = IndexOf(newer, a, comparer);
            if (i < 0)
            {
                changes.Add(Removed(a));
            }
            else if (!valueComparer.Equals(a.Value, newer[i].Value))
            {
                changes.Add(new DictionaryChange<TKey, TValue>(DictionaryChangeKind.Changed, a.Key, a.Value, newer[i].Value));
            }
        }

        foreach (var b in newer)
        {
            if (IndexOf(older, b, comparer) < 0)
            {
                changes.Add(Added(b));
            }
        }
    }

    private static int IndexOf(ReadOnlySpan<ChampEntry<TKey, TValue>> entries, in ChampEntry<TKey, TValue> entry, IEqualityComparer<TKey>? comparer)
    {
        for (int i = 0; i < entries.Length; i++)
        {
            if (entries[i].Hash == entry.Hash && ChampKeys<TKey>.Equal(comparer, entries[i].Key, entry.Key))
            {
                return i;
            }
        }

        return -1;
    }

    private static void AddAll(ChampNode<TKey, TValue> node, DictionaryChangeKind kind, List<DictionaryChange<TKey, TValue>> changes)
    {
        var cursor = new ChampCursor<TKey, TValue>(node);
        while (cursor.MoveNext())
        {
            changes.Add(Of(kind, cursor.Current));
        }
    }

    private static DictionaryChange<TKey, TValue> Of(DictionaryChangeKind kind, in ChampEntry<TKey, TValue> e) =>
        kind == DictionaryChangeKind.Added ? Added(e) : Removed(e);

    private static DictionaryChange<TKey, TValue> Added(in ChampEntry<TKey, TValue> e) =>
        new(DictionaryChangeKind.Added, e.Key, default, e.Value);

    private static DictionaryChange<TKey, TValue> Removed(in ChampEntry<TKey, TValue> e) =>
        new(DictionaryChangeKind.Removed, e.Key, e.Value, default);
}
