using System.Collections;
using System.Collections.Generic;
using CowCollections.Internal.Champ;

namespace CowCollections;

public sealed partial class PersistentDictionary<TKey, TValue>
{
    /// <summary>The keys, in enumeration order: a view of this version, O(1) to get; <c>foreach</c> over it allocates nothing.</summary>
    public KeyCollection Keys => new(this);

    /// <summary>The values, in enumeration order: a view of this version, O(1) to get; <c>foreach</c> over it allocates nothing.</summary>
    public ValueCollection Values => new(this);

    IEnumerable<TKey> IReadOnlyDictionary<TKey, TValue>.Keys => new KeyView(this, null);

    IEnumerable<TValue> IReadOnlyDictionary<TKey, TValue>.Values => new ValueView(this, null);

    /// <summary>
    /// The keys of one dictionary version: a read-only view (no copy) with a struct enumerator that walks the trie
    /// as the dictionary's own enumerator does. A <c>default</c> instance is empty.
    /// </summary>
    public readonly struct KeyCollection : IReadOnlyCollection<TKey>
    {
        private readonly PersistentDictionary<TKey, TValue>? _dictionary;

        internal KeyCollection(PersistentDictionary<TKey, TValue> dictionary) => _dictionary = dictionary;

        /// <summary>The number of keys. O(1).</summary>
        public int Count => _dictionary?.Count ?? 0;

        /// <summary>True when <paramref name="key"/> is a key of the dictionary (under its key comparer). O(log32 n).</summary>
        /// <param name="key">The key.</param>
        /// <returns>Whether the key is present.</returns>
        /// <exception cref="System.ArgumentNullException"><paramref name="key"/> is null.</exception>
        public bool Contains(TKey key) => (_dictionary ?? Empty).ContainsKey(key);

        /// <summary>Returns a struct enumerator over the keys. O(1), no allocation.</summary>
        /// <returns>The enumerator.</returns>
        public Enumerator GetEnumerator() => new((_dictionary ?? Empty)._core.Root);

        IEnumerator<TKey> IEnumerable<TKey>.GetEnumerator() => GetEnumerator();

        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

        /// <summary>Enumerates the keys of one version; it never throws on concurrent use of other versions.</summary>
        public struct Enumerator : IEnumerator<TKey>
        {
            private ChampCursor<TKey, TValue> _cursor;

            internal Enumerator(ChampNode<TKey, TValue> root) => _cursor = new ChampCursor<TKey, TValue>(root);

            /// <summary>The current key. O(1).</summary>
            /// <exception cref="System.InvalidOperationException">The enumerator is before the first key or after the last.</exception>
            public readonly TKey Current => _cursor.Current.Key;

            readonly object IEnumerator.Current => Current!;

            /// <summary>Advances to the next key. Amortized O(1).</summary>
            /// <returns>False after the last key.</returns>
            public bool MoveNext() => _cursor.MoveNext();

            /// <summary>Restarts before the first key. O(1).</summary>
            public void Reset() => _cursor.Reset();

            /// <summary>Does nothing; the enumerator holds no resources.</summary>
            public readonly void Dispose()
            {
            }
        }
    }

    /// <summary>
    /// The values of one dictionary version: a read-only view (no copy) with a struct enumerator that walks the trie
    /// as the dictionary's own enumerator does. A <c>default</c> instance is empty.
    /// </summary>
    public readonly struct ValueCollection : IReadOnlyCollection<TValue>
    {
        private readonly PersistentDictionary<TKey, TValue>? _dictionary;

        internal ValueCollection(PersistentDictionary<TKey, TValue> dictionary) => _dictionary = dictionary;

        /// <summary>The number of values (one per key). O(1).</summary>
        public int Count => _dictionary?.Count ?? 0;

        /// <summary>True when some key maps to <paramref name="value"/> (under the value comparer). O(n).</summary>
        /// <param name="value">The value.</param>
        /// <returns>Whether the value is present.</returns>
        public bool Contains(TValue value) => (_dictionary ?? Empty).ContainsValue(value);

        /// <summary>Returns a struct enumerator over the values. O(1), no allocation.</summary>
        /// <returns>The enumerator.</returns>
        public Enumerator GetEnumerator() => new((_dictionary ?? Empty)._core.Root);

        IEnumerator<TValue> IEnumerable<TValue>.GetEnumerator() => GetEnumerator();

        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

        /// <summary>Enumerates the values of one version; it never throws on concurrent use of other versions.</summary>
        public struct Enumerator : IEnumerator<TValue>
        {
            private ChampCursor<TKey, TValue> _cursor;

            internal Enumerator(ChampNode<TKey, TValue> root) => _cursor = new ChampCursor<TKey, TValue>(root);

            /// <summary>The current value. O(1).</summary>
            /// <exception cref="System.InvalidOperationException">The enumerator is before the first value or after the last.</exception>
            public readonly TValue Current => _cursor.Current.Value;

            readonly object? IEnumerator.Current => Current;

            /// <summary>Advances to the next value. Amortized O(1).</summary>
            /// <returns>False after the last value.</returns>
            public bool MoveNext() => _cursor.MoveNext();

            /// <summary>Restarts before the first value. O(1).</summary>
            public void Reset() => _cursor.Reset();

            /// <summary>Does nothing; the enumerator holds no resources.</summary>
            public readonly void Dispose()
            {
            }
        }
    }
}
