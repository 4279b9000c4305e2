using System.Collections;
using System.Collections.Generic;
using CowCollections.Internal.Champ;

namespace CowCollections;

public sealed partial class PersistentDictionary<TKey, TValue>
{
    /// <summary>Returns a struct enumerator over the entries (in hash order, not insertion order). O(1), no allocation.</summary>
    public Enumerator GetEnumerator() => new(_core.Root);

    /// <summary>
    /// Enumerates the entries depth-first, each node's inline entries and then its sub-nodes, keeping its path
    /// in a fixed inline buffer: no allocation per <c>foreach</c>. A dictionary never changes, so the
    /// enumerator never throws on concurrent use of other versions.
    /// </summary>
    public struct Enumerator : IEnumerator<KeyValuePair<TKey, TValue>>
    {
        private ChampCursor<TKey, TValue> _cursor;

        internal Enumerator(ChampNode<TKey, TValue> root) => _cursor = new ChampCursor<TKey, TValue>(root);

        /// <summary>The current entry. O(1).</summary>
        /// <exception cref="System.InvalidOperationException">The enumerator is before the first entry or after the last (as <c>ImmutableDictionary</c>'s enumerator).</exception>
        public readonly KeyValuePair<TKey, TValue> Current
        {
            get
            {
                ref var entry = ref _cursor.Current;
                return new KeyValuePair<TKey, TValue>(entry.Key, entry.Value);
            }
        }

        readonly object IEnumerator.Current => Current;

        /// <summary>Advances to the next entry. Amortized O(1).</summary>
        /// <returns>False after the last entry.</returns>
        public bool MoveNext() => _cursor.MoveNext();

        /// <summary>Restarts before the first entry. O(1).</summary>
        public void Reset() => _cursor.Reset();

        /// <summary>Does nothing; the enumerator holds no resources.</summary>
        public readonly void Dispose()
        {
        }
    }
}
