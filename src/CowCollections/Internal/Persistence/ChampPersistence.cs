using System;
using System.Collections.Generic;
using CowCollections.Internal.Champ;

namespace CowCollections.Internal.Persistence;

/// <summary>
/// What the segment layer needs of the CHAMP engine's rules, all in the dictionary's geometry
/// (<see cref="ChampDefaultGeometry"/>, which the format fixes): the depth of collision nodes, the slot a hash selects,
/// the node-shape check (<see cref="ChampShape{TGeometry}"/>), so the decoder refuses exactly the nodes the engine's
/// checker refuses, and the bulk build the writer converts a dictionary with. A set's trie is reached through
/// <see cref="ForSetValue{TResult}"/>, <see cref="SetRoot{T, TUnit}"/> and <see cref="SetFromRoot{T, TUnit}"/>, so the
/// segment layer stores it with the dictionary's node records without naming the set's value type.
/// </summary>
internal static class ChampPersistence
{
    /// <summary>The shift at which the 32-bit hash is used up: nodes there are collision nodes.</summary>
    public const int CollisionShift = TrieGeometry.ChampMaxDepth * TrieGeometry.ChampBits;

    /// <summary>The fewest entries a sub-node's subtree holds.</summary>
    public const int MinSubtreeEntries = ChampShape<ChampDefaultGeometry>.MinSubtreeEntries;

    /// <summary>The slot bit <paramref name="hash"/> selects at <paramref name="shift"/>.</summary>
    public static uint Bit(uint hash, int shift) => ChampShape<ChampDefaultGeometry>.Bit(hash, shift);

    /// <summary>Null when a bitmap node of this shape is well formed; otherwise the broken rule (see <see cref="ChampShape{TGeometry}.Validate"/>).</summary>
    public static string? ValidateNode(uint dataMap, uint nodeMap, int entryCount, int nodeCount, int shift, bool isRoot) =>
        ChampShape<ChampDefaultGeometry>.Validate(dataMap, nodeMap, entryCount, nodeCount, shift, isRoot);

    /// <summary>Null when a collision node of this shape is well formed; otherwise the broken rule (see <see cref="ChampShape{TGeometry}.ValidateCollision"/>).</summary>
    public static string? ValidateCollision(uint dataMap, uint nodeMap, int entryCount, int nodeCount) =>
        ChampShape<ChampDefaultGeometry>.ValidateCollision(dataMap, nodeMap, entryCount, nodeCount);

    /// <summary>The hash of a set's null element (<see cref="ChampKeys{TKey}.Hash"/>: a null hashes to 0 without the comparer).</summary>
    public const uint NullHash = 0;

    /// <summary>Runs <paramref name="function"/> with the value type a set's entries carry (<see cref="ChampUnit"/>).</summary>
    public static TResult ForSetValue<TResult>(IChampSetFunction<TResult> function) => function.Invoke<ChampUnit>();

    /// <summary>The root node of <paramref name="set"/>; <typeparamref name="TUnit"/> is the type <see cref="ForSetValue{TResult}"/> passes.</summary>
    public static ChampNode<T, TUnit> SetRoot<T, TUnit>(PersistentHashSet<T> set)
        where TUnit : struct => (ChampNode<T, TUnit>)(object)set.Root;

    /// <summary>The set over <paramref name="root"/> (of <paramref name="count"/> elements) with <paramref name="comparer"/>: how a segment reader opens a stored set.</summary>
    public static PersistentHashSet<T> SetFromRoot<T, TUnit>(ChampNode<T, TUnit> root, int count, IEqualityComparer<T> comparer)
        where TUnit : struct => PersistentHashSet<T>.FromRoot((ChampNode<T, ChampUnit>)(object)root, count, PersistentHashSet<T>.EmptyWith(comparer));

    /// <summary>The trie of <paramref name="entries"/> (hashes filled in) built in one sorted pass; <paramref name="count"/> is the number of distinct keys.</summary>
    public static ChampNode<TKey, TValue> BuildTrie<TKey, TValue>(ReadOnlySpan<ChampEntry<TKey, TValue>> entries, IEqualityComparer<TKey> comparer, out int count) =>
        ChampBulk<TKey, TValue, ChampDefaultGeometry>.Build(entries, comparer, out count);
}
