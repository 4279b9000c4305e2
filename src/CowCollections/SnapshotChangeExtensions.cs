using System.Collections.Generic;

namespace CowCollections;

/// <summary>Helpers for reading a <see cref="SnapshotChange{TSnapshot}"/> of a particular container.</summary>
public static class SnapshotChangeExtensions
{
    /// <summary>
    /// The entries a dictionary change touched: <c>change.OldSnapshot.Diff(change.NewSnapshot)</c> (see
    /// <see cref="PersistentDictionary{TKey, TValue}.Diff(PersistentDictionary{TKey, TValue})"/>).
    /// </summary>
    /// <remarks>
    /// Computed each time it is called and only then (the change itself carries just the two snapshots), so a
    /// subscriber that does not ask pays nothing. The two snapshots of a published change are derived from
    /// one another and share every untouched subtree, so the cost is O(d log32 n) for d changed entries,
    /// regardless of the dictionary's size; it allocates the result list only. The order is unspecified.
    /// </remarks>
    /// <typeparam name="TKey">The key type.</typeparam>
    /// <typeparam name="TValue">The value type.</typeparam>
    /// <param name="change">A change delivered by a <see cref="CopyOnWriteDictionary{TKey, TValue}"/> (or any change between two dictionary versions).</param>
    /// <returns>Each added, removed or changed key once; empty when the contents are equal.</returns>
    /// <exception cref="System.ArgumentNullException">A snapshot of <paramref name="change"/> is null (a default-constructed change).</exception>
    public static IReadOnlyList<DictionaryChange<TKey, TValue>> Diff<TKey, TValue>(this SnapshotChange<PersistentDictionary<TKey, TValue>> change)
        where TKey : notnull
    {
        var old = change.OldSnapshot;
        Internal.Requires.NotNull(old, nameof(change));
        return old.Diff(change.NewSnapshot);
    }

    /// <summary>
    /// The elements a set change touched: <c>change.OldSnapshot.Diff(change.NewSnapshot)</c> (see
    /// <see cref="PersistentHashSet{T}.Diff(PersistentHashSet{T})"/>).
    /// </summary>
    /// <remarks>
    /// Computed each time it is called and only then. The two snapshots of a published change are derived from
    /// one another and share every untouched subtree, so the cost is O(d log32 n) for d changed elements,
    /// regardless of the set's size; it allocates the result list only. The order is unspecified.
    /// </remarks>
    /// <typeparam name="T">The element type.</typeparam>
    /// <param name="change">A change delivered by a <see cref="CopyOnWriteSet{T}"/> (or any change between two set versions).</param>
    /// <returns>Each added or removed element once; empty when the contents are equal.</returns>
    /// <exception cref="System.ArgumentNullException">A snapshot of <paramref name="change"/> is null (a default-constructed change).</exception>
    public static IReadOnlyList<SetChange<T>> Diff<T>(this SnapshotChange<PersistentHashSet<T>> change)
    {
        var old = change.OldSnapshot;
        Internal.Requires.NotNull(old, nameof(change));
        return old.Diff(change.NewSnapshot);
    }
}
