using System.Collections.Generic;
using CowCollections.Internal;
using CowCollections.Internal.Champ;

namespace CowCollections;

public sealed partial class PersistentDictionary<TKey, TValue>
{
    /// <summary>
    /// The entries that differ between this (older) version and <paramref name="other"/> (newer): keys only
    /// in <paramref name="other"/> are <see cref="DictionaryChangeKind.Added"/>, keys only here are
    /// <see cref="DictionaryChangeKind.Removed"/>, and keys in both whose values differ by
    /// <see cref="ValueComparer"/> are <see cref="DictionaryChangeKind.Changed"/>. Each key appears at most once.
    /// </summary>
    /// <remarks>
    /// When both versions use the same key comparer (always the case for versions derived from one another)
    /// the walk skips every subtree the two share by reference, so its cost is proportional to what differs:
    /// O(d log32 n) for d differing entries, regardless of n.
    /// <para>When the key comparers differ, the versions are compared under <paramref name="other"/>'s key
    /// comparer in O(n + m): an entry here whose key <paramref name="other"/> lacks is Removed, a key of
    /// <paramref name="other"/> that no entry here matches is Added, and a key matched by an entry with a
    /// different value, or by several entries here (keys this version tells apart and <paramref name="other"/>'s
    /// comparer does not), is Changed. Applying the changes to this version's entries re-keyed under
    /// <paramref name="other"/>'s comparer (removing the Removed keys, setting the others to their new values)
    /// gives <paramref name="other"/>; each key appears once under that comparer.</para>
    /// Allocates the result list only (and, when the comparers differ, two sets of keys). The order of the changes is unspecified.
    /// </remarks>
    /// <param name="other">The newer version.</param>
    /// <returns>The changes; empty when the contents are equal.</returns>
    /// <exception cref="System.ArgumentNullException"><paramref name="other"/> is null.</exception>
    public IReadOnlyList<DictionaryChange<TKey, TValue>> Diff(PersistentDictionary<TKey, TValue> other)
    {
        Requires.NotNull(other);
        var changes = new List<DictionaryChange<TKey, TValue>>();
        if (ReferenceEquals(_core.KeyComparer, other._core.KeyComparer))
        {
            ChampDiff<TKey, TValue, ChampDefaultGeometry>.Diff(_core.Root, other._core.Root, 0, _core.KeyComparer, _core.ValueComparer, changes);
            return changes;
        }

        // Under the other's comparer: each of its keys is matched by none, one or several of the entries here.
        var comparer = other.KeyComparer;
        var matched = new Dictionary<TKey, (TValue OldValue, bool Changed)>(comparer);
        var removed = new HashSet<TKey>(comparer);
        foreach (var entry in this)
        {
            if (!other.TryGetKey(entry.Key, out var newKey))
            {
                if (removed.Add(entry.Key))
                {
                    changes.Add(new DictionaryChange<TKey, TValue>(DictionaryChangeKind.Removed, entry.Key, entry.Value, default));
                }

                continue;
            }

            var newValue = other[newKey];
            bool differs = !_core.ValueComparer.Equals(entry.Value, newValue);
            if (matched.TryGetValue(newKey, out var seen))
            {
                // Several entries here fall on one key there: setting it is the only change that is right whichever survives a re-keying.
                matched[newKey] = (seen.OldValue, true);
            }
            else
            {
                matched.Add(newKey, (entry.Value, differs));
            }
        }

        foreach (var entry in other)
        {
            if (!matched.TryGetValue(entry.Key, out var seen))
            {
                changes.Add(new DictionaryChange<TKey, TValue>(DictionaryChangeKind.Added, entry.Key, default, entry.Value));
            }
            else if (seen.Changed)
            {
                changes.Add(new DictionaryChange<TKey, TValue>(DictionaryChangeKind.Changed, entry.Key, seen.OldValue, entry.Value));
            }
        }

        return changes;
    }

    /// <summary>
    /// True when <paramref name="other"/> holds the same keys with equal values (by <see cref="ValueComparer"/>).
    /// O(1) when both share a root or differ in count; with the same key comparer it compares the canonical
    /// tries node by node and skips shared subtrees, so a derived version costs O(d log32 n); otherwise O(n)
    /// lookups. No allocation.
    /// </summary>
    /// <param name="other">The dictionary to compare with.</param>
    /// <exception cref="System.ArgumentNullException"><paramref name="other"/> is null.</exception>
    public bool DictionaryEquals(PersistentDictionary<TKey, TValue> other)
    {
        Requires.NotNull(other);
        if (ReferenceEquals(_core.Root, other._core.Root))
        {
            return true;
        }

        if (_core.Count != other._core.Count)
        {
            return false;
        }

        if (ReferenceEquals(_core.KeyComparer, other._core.KeyComparer))
        {
            return ChampDiff<TKey, TValue, ChampDefaultGeometry>.Equal(_core.Root, other._core.Root, 0, _core.KeyComparer, _core.ValueComparer);
        }

        foreach (var entry in this)
        {
            if (!other.TryGetValue(entry.Key, out var value) || !_core.ValueComparer.Equals(entry.Value, value))
            {
                return false;
            }
        }

        return true;
    }
}
