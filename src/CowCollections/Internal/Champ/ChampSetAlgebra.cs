using System.Collections.Generic;

namespace CowCollections.Internal.Champ;

/// <summary>
/// Set algebra on a set's core (<c>ChampCore&lt;T, ChampUnit, ...&gt;</c>), shared by <see cref="PersistentHashSet{T}"/>
/// (which edits a copy of its core with no owner) and its builder (which edits its own core in place).
/// <para>Invariants and rules:</para>
/// <list type="bullet">
/// <item>When the other side is a trie under the same key comparer (another <see cref="PersistentHashSet{T}"/>, or
/// one materialized from an arbitrary sequence), the operation goes through <see cref="Changes"/>, the structural
/// diff: a subtree the two share by reference is skipped, never walked, so two versions that differ in d elements
/// cost O(d log32 n). The result then starts from this core's trie, so every subtree the operation does not
/// touch stays shared with it.</item>
/// <item>A small other side (under a sixteenth of this core's count) is applied element by element instead:
/// O(m log32 n), where a diff of unrelated tries would walk all n.</item>
/// <item>An element present on both sides keeps this core's stored object, except in <see cref="IntersectWith"/>,
/// which keeps the other side's, as <c>ImmutableHashSet&lt;T&gt;</c> does.</item>
/// <item>Every comparer call is made before the core is written, or the core is written entry by entry, each step
/// leaving a valid trie (an exception from a comparer leaves a persistent caller's set unchanged).</item>
/// </list>
/// </summary>
/// <typeparam name="T">The element type.</typeparam>
internal static class ChampSetAlgebra<T>
{
    /// <summary>An other side smaller than this fraction of the core is applied element by element.</summary>
    private const int SmallFraction = 16;

    /// <summary>The elements only in <paramref name="newer"/> (added) and only in <paramref name="older"/> (removed); both tries under <paramref name="comparer"/>.</summary>
    public static void Changes(ChampNode<T, ChampUnit> older, ChampNode<T, ChampUnit> newer, IEqualityComparer<T>? comparer, out List<T> added, out List<T> removed)
    {
        var changes = new List<DictionaryChange<T, ChampUnit>>();
        ChampDiff<T, ChampUnit, ChampDefaultGeometry>.Diff(older, newer, 0, comparer, ChampUnit.Comparer, changes);
        added = [];
        removed = [];
        foreach (var change in changes)
        {
            (change.Kind == DictionaryChangeKind.Added ? added : removed).Add(change.Key);
        }
    }

    /// <summary>Adds every element of <paramref name="other"/>; true when the core changed.</summary>
    public static bool UnionWith(ref ChampCore<T, ChampUnit, ChampDefaultGeometry> core, IEnumerable<T> other)
    {
        Requires.NotNull(other);
        if (Shared(core, other) is { } set)
        {
            if (core.Count == 0)
            {
                if (set.Count == 0)
                {
                    return false;
                }

                // Taken whole: the result is the other trie itself.
                core.Root = set.Root;
                core.Count = set.Count;
                return true;
            }

            if (!IsSmall(set.Count, core.Count))
            {
                Changes(core.Root, set.Root, core.KeyComparer, out var added, out _);
                other = added;
            }
        }

        bool changed = false;
        core.AddKeys(other, default, ref changed);
        return changed;
    }

    /// <summary>
    /// Keeps only the elements also in <paramref name="other"/>; true when the core changed. As
    /// <c>ImmutableHashSet&lt;T&gt;.Intersect</c>, the result holds the other side's objects (the first of equal ones in a
    /// sequence), so it is built from the other trie: the diff's added side (elements only there) is removed from it.
    /// </summary>
    public static bool IntersectWith(ref ChampCore<T, ChampUnit, ChampDefaultGeometry> core, IEnumerable<T> other)
    {
        Requires.NotNull(other);
        if (core.Count == 0)
        {
            return false;
        }

        var set = Shared(core, other) ?? Materialize(core, other);
        bool changed = false;
        var result = set;
        result.Owner = null;
        if (IsSmall(core.Count, set.Count))
        {
            // Few elements here: look each up there and build the result from the objects found.
            var keep = new List<T>(core.Count);
            var cursor = new ChampCursor<T, ChampUnit>(core.Root);
            while (cursor.MoveNext())
            {
                if (set.TryGetKey(cursor.Current.Key, out var actual))
                {
                    keep.Add(actual);
                }
            }

            result.Clear();
            result.AddKeys(keep, default, ref changed);
        }
        else if (set.Count != 0)
        {
            Changes(core.Root, set.Root, core.KeyComparer, out var onlyThere, out _);
            result.RemoveMany(onlyThere, "other", ref changed);
        }

        if (ReferenceEquals(result.Root, core.Root))
        {
            return false;
        }

        core.Root = result.Count == 0 ? ChampNode<T, ChampUnit>.Empty : result.Root;
        core.Count = result.Count;
        return true;
    }

    /// <summary>Removes every element of <paramref name="other"/>; true when the core changed.</summary>
    public static bool ExceptWith(ref ChampCore<T, ChampUnit, ChampDefaultGeometry> core, IEnumerable<T> other)
    {
        Requires.NotNull(other);
        if (core.Count == 0)
        {
            return false;
        }

        bool changed = false;
        if (Shared(core, other) is { } set && !IsSmall(set.Count, core.Count))
        {
            // What survives is what the other lacks: the diff's removed side. When that is at most half of this
            // core, rebuild from it; otherwise remove the other's elements one by one, keeping this trie's shape.
            Changes(core.Root, set.Root, core.KeyComparer, out _, out var kept);
            if (kept.Count * 2 <= core.Count)
            {
                var rebuilt = core;
                rebuilt.Clear();
                rebuilt.Owner = null;
                rebuilt.AddKeys(kept, default, ref changed);
                changed = rebuilt.Count != core.Count;
                core.Root = rebuilt.Root;
                core.Count = rebuilt.Count;
                return changed;
            }
        }

        core.RemoveMany(other, "other", ref changed);
        return changed;
    }

    /// <summary>Keeps the elements in exactly one of the two sides; true when the core changed.</summary>
    public static bool SymmetricExceptWith(ref ChampCore<T, ChampUnit, ChampDefaultGeometry> core, IEnumerable<T> other)
    {
        Requires.NotNull(other);
        var set = Shared(core, other) ?? Materialize(core, other);
        if (set.Count == 0)
        {
            return false;
        }

        if (core.Count == 0)
        {
            core.Root = set.Root;
            core.Count = set.Count;
            return true;
        }

        Changes(core.Root, set.Root, core.KeyComparer, out var added, out var removed);
        int common = core.Count - removed.Count;
        if (common == 0)
        {
            bool grew = false;
            core.AddKeys(added, default, ref grew);
            return grew;
        }

        // The common elements leave and the other's own come in. Rebuilding from the two diff sides costs
        // O(d); removing the common ones costs O(common), so take the cheaper.
        bool changed = false;
        if (removed.Count + added.Count <= common)
        {
            var rebuilt = core;
            rebuilt.Clear();
            rebuilt.Owner = null;
            rebuilt.AddKeys(removed, default, ref changed);
            rebuilt.AddKeys(added, default, ref changed);
            core.Root = rebuilt.Root;
            core.Count = rebuilt.Count;
            return true;
        }

        var commonElements = new List<T>(common);
        var cursor = new ChampCursor<T, ChampUnit>(set.Root);
        while (cursor.MoveNext())
        {
            if (core.ContainsKey(cursor.Current.Key))
            {
                commonElements.Add(cursor.Current.Key);
            }
        }

        core.RemoveMany(commonElements, "other", ref changed);
        core.AddKeys(added, default, ref changed);
        return true;
    }

    /// <summary>True when both sides hold the same elements (duplicates in a sequence do not count).</summary>
    public static bool SetEquals(in ChampCore<T, ChampUnit, ChampDefaultGeometry> core, IEnumerable<T> other)
    {
        Requires.NotNull(other);
        var set = Shared(core, other) ?? Materialize(core, other);
        return ReferenceEquals(set.Root, core.Root)
            || (set.Count == core.Count && ChampDiff<T, ChampUnit, ChampDefaultGeometry>.Equal(core.Root, set.Root, 0, core.KeyComparer, ChampUnit.Comparer));
    }

    /// <summary>True when every element of the core is in <paramref name="other"/>; with <paramref name="proper"/>, and the other has more.</summary>
    public static bool IsSubsetOf(in ChampCore<T, ChampUnit, ChampDefaultGeometry> core, IEnumerable<T> other, bool proper)
    {
        Requires.NotNull(other);
        var set = Shared(core, other) ?? Materialize(core, other);
        if (core.Count > set.Count || (proper && core.Count == set.Count))
        {
            return false;
        }

        if (core.Count == 0)
        {
            return true;
        }

        Changes(core.Root, set.Root, core.KeyComparer, out _, out var onlyHere);
        return onlyHere.Count == 0;
    }

    /// <summary>True when every element of <paramref name="other"/> is in the core; with <paramref name="proper"/>, and the core has more.</summary>
    public static bool IsSupersetOf(in ChampCore<T, ChampUnit, ChampDefaultGeometry> core, IEnumerable<T> other, bool proper)
    {
        Requires.NotNull(other);
        var shared = Shared(core, other);
        if (shared is null && !proper)
        {
            foreach (var item in other)
            {
                if (!core.ContainsKey(item))
                {
                    return false;
                }
            }

            return true;
        }

        var set = shared ?? Materialize(core, other);
        if (set.Count > core.Count || (proper && set.Count == core.Count))
        {
            return false;
        }

        if (set.Count == 0)
        {
            return true;
        }

        Changes(core.Root, set.Root, core.KeyComparer, out var onlyThere, out _);
        return onlyThere.Count == 0;
    }

    /// <summary>True when the two sides share at least one element.</summary>
    public static bool Overlaps(in ChampCore<T, ChampUnit, ChampDefaultGeometry> core, IEnumerable<T> other)
    {
        Requires.NotNull(other);
        if (core.Count == 0)
        {
            return false;
        }

        if (Shared(core, other) is { } set && !IsSmall(set.Count, core.Count))
        {
            if (set.Count == 0)
            {
                return false;
            }

            // The elements here that the other lacks are the diff's removed side; anything beyond them is common.
            Changes(core.Root, set.Root, core.KeyComparer, out _, out var onlyHere);
            return onlyHere.Count < core.Count;
        }

        foreach (var item in other)
        {
            if (core.ContainsKey(item))
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsSmall(int count, int than) => count < than / SmallFraction;

    /// <summary>The other side's core when it is a set whose trie is hashed as this core's (the same key comparer).</summary>
    private static ChampCore<T, ChampUnit, ChampDefaultGeometry>? Shared(in ChampCore<T, ChampUnit, ChampDefaultGeometry> core, IEnumerable<T> other) =>
        other is PersistentHashSet<T> set && ReferenceEquals(set.Core.KeyComparer, core.KeyComparer) ? set.Core : null;

    /// <summary>The distinct elements of <paramref name="other"/> as a trie under this core's comparer (one bulk build). O(m log m).</summary>
    private static ChampCore<T, ChampUnit, ChampDefaultGeometry> Materialize(in ChampCore<T, ChampUnit, ChampDefaultGeometry> core, IEnumerable<T> other)
    {
        var set = new ChampCore<T, ChampUnit, ChampDefaultGeometry>(ChampNode<T, ChampUnit>.Empty, 0, core.KeyComparer, ChampUnit.Comparer) { NullKeys = true };
        bool changed = false;
        set.AddKeys(other, default, ref changed);
        return set;
    }
}
