using System.Collections;
using System.Collections.Generic;
using CowCollections.Internal.Champ;

namespace CowCollections;

public sealed partial class PersistentHashSet<T>
{
    /// <summary>Returns a struct enumerator over the elements (in hash order, not insertion order). O(1), no allocation.</summary>
    public Enumerator GetEnumerator() => new(_core.Root);

    /// <summary>
    /// Enumerates the elements depth-first, each node's inline elements and then its sub-nodes, keeping its path
    /// in a fixed inline buffer: no allocation per <c>foreach</c>. A set never changes, so the enumerator never
    /// throws on concurrent use of other versions.
    /// </summary>
    public struct Enumerator : IEnumerator<T>
    {
        private ChampCursor<T, ChampUnit> _cursor;

        internal Enumerator(ChampNode<T, ChampUnit> root) => _cursor = new ChampCursor<T, ChampUnit>(root);

        /// <summary>The current element. O(1).</summary>
        /// <exception cref="System.InvalidOperationException">The enumerator is before the first element or after the last.</exception>
        public readonly T Current => _cursor.Current.Key;

        readonly object? IEnumerator.Current => Current;

        /// <summary>Advances to the next element. Amortized O(1).</summary>
        /// <returns>False after the last element.</returns>
        public bool MoveNext() => _cursor.MoveNext();

        /// <summary>Restarts before the first element. O(1).</summary>
        public void Reset() => _cursor.Reset();

        /// <summary>Does nothing; the enumerator holds no resources.</summary>
        public readonly void Dispose()
        {
        }
    }
}
