using System;
using System.Numerics;
using System.Runtime.CompilerServices;

namespace CowCollections.Internal.Champ;

/// <summary>
/// The shape rules of one CHAMP node, written once: <see cref="ChampChecker{TKey, TValue, TGeometry}"/> applies them to
/// nodes in memory and the segment decoder to nodes read from a file (through the persistence seam), each
/// reporting a broken rule in its own way. The rules (see also <see cref="ChampNode{TKey, TValue}"/>):
/// <list type="bullet">
/// <item>A bitmap node sits at a shift that is a multiple of the geometry's <c>Bits</c> below its <c>CollisionShift</c>.</item>
/// <item>Its data map and node map are disjoint, and neither has a bit no hash fragment can select (at the last
/// bitmap level fewer than <c>Bits</c> hash bits may remain, so only the low slots exist).</item>
/// <item>It holds exactly <c>PopCount(data map)</c> entries and <c>PopCount(node map)</c> sub-nodes.</item>
/// <item>Canonical form: a non-root node is never empty, nor a single entry with no sub-node.</item>
/// <item>A collision node sits at <c>CollisionShift</c>: both maps are 0, it has no sub-node and holds
/// at least two entries (equal in the hash bits the geometry uses, with distinct keys: the callers check those per
/// entry, with their own comparer).</item>
/// </list>
/// The checks return null when the rule holds (no allocation) or a reason naming the broken rule.
/// </summary>
/// <typeparam name="TGeometry">The trie's geometry.</typeparam>
internal static class ChampShape<TGeometry>
    where TGeometry : struct, IChampGeometry
{
    /// <summary>The shift at which the used hash bits run out: nodes there are collision nodes.</summary>
    public static int CollisionShift => TGeometry.CollisionShift;

    /// <summary>The fewest entries a sub-node's subtree holds (canonical form).</summary>
    public const int MinSubtreeEntries = 2;

    /// <summary>The slots a hash fragment can select at <paramref name="shift"/>: all of them above the last level, fewer there.</summary>
    public static uint ReachableSlots(int shift)
    {
        int remaining = Math.Min(TGeometry.Bits, TGeometry.HashBits - shift);
        return remaining >= 5 ? uint.MaxValue : (1u << (1 << remaining)) - 1;
    }

    /// <summary>The slot bit of <paramref name="hash"/> at <paramref name="shift"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static uint Bit(uint hash, int shift) => 1u << (int)((hash >> shift) & (uint)TGeometry.Mask);

    /// <summary>The used bits of a hash: what the entries of one collision node share.</summary>
    public static uint UsedBits(uint hash) => TGeometry.HashBits >= 32 ? hash : hash & ((1u << TGeometry.HashBits) - 1);

    /// <summary>Null when a bitmap node with these maps and array lengths at <paramref name="shift"/> is well formed; otherwise the broken rule.</summary>
    public static string? Validate(uint dataMap, uint nodeMap, int entryCount, int nodeCount, int shift, bool isRoot)
    {
        if (shift < 0 || shift >= CollisionShift || shift % TGeometry.Bits != 0)
        {
            return $"a bitmap node at shift {shift} (bitmap nodes sit at shifts 0 to {CollisionShift - TGeometry.Bits} in steps of {TGeometry.Bits})";
        }

        if ((dataMap & nodeMap) != 0 || ((dataMap | nodeMap) & ~ReachableSlots(shift)) != 0)
        {
            return $"bad bitmaps (data {dataMap:x8}, nodes {nodeMap:x8}) at shift {shift}: overlapping, or slots no hash reaches";
        }

        if (entryCount != BitOperations.PopCount(dataMap))
        {
            return $"a node at shift {shift} holds {entryCount} entries where its data map {dataMap:x8} has {BitOperations.PopCount(dataMap)} slots";
        }

        if (nodeCount != BitOperations.PopCount(nodeMap))
        {
            return $"a node at shift {shift} holds {nodeCount} sub-nodes where its node map {nodeMap:x8} has {BitOperations.PopCount(nodeMap)} slots";
        }

        if (!isRoot && nodeMap == 0 && entryCount < MinSubtreeEntries)
        {
            return $"a node at shift {shift} that is empty or holds a single entry (not canonical)";
        }

        return null;
    }

    /// <summary>Null when a collision node with these maps and array lengths is well formed; otherwise the broken rule.</summary>
    public static string? ValidateCollision(uint dataMap, uint nodeMap, int entryCount, int nodeCount)
    {
        if (dataMap != 0 || nodeMap != 0 || nodeCount != 0)
        {
            return $"a collision node has bitmaps (data {dataMap:x8}, nodes {nodeMap:x8}) or sub-nodes ({nodeCount})";
        }

        if (entryCount < MinSubtreeEntries)
        {
            return $"a collision node holds {entryCount} entries (needs {MinSubtreeEntries} or more)";
        }

        return null;
    }
}
