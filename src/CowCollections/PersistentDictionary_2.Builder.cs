using System;
using System.Collections;
using System.Collections.Generic;
using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;
using CowCollections.Internal;
using CowCollections.Internal.Champ;

namespace CowCollections;

public sealed partial class PersistentDictionary<TKey, TValue>
{
    /// <summary>
    /// A mutable dictionary that edits in place only the nodes it allocated itself (tracked by an edit token)
    /// and shares everything else with the dictionary it started from. <see cref="ToImmutable"/> is O(1), and
    /// the builder may go on being used afterwards without ever changing a published dictionary.
    /// </summary>
    /// <remarks>
    /// Each edit costs O(log32 n): nodes the builder owns are updated in place (an insertion or removal still
    /// reallocates that node's exactly-sized slot array), shared nodes are copied once and then owned.
    /// Not thread-safe: use one builder from one thread at a time, or use <see cref="CopyOnWriteDictionary{TKey, TValue}"/>.
    /// </remarks>
    [DebuggerTypeProxy(typeof(CowCollections.Internal.DictionaryDebugView<,>))]
    [DebuggerDisplay("Count = {Count}")]
    public sealed partial class Builder : IDictionary<TKey, TValue>, IReadOnlyDictionary<TKey, TValue>
    {
        /// <summary>The whole state; its owner is the builder's live token (replaced on every publication).</summary>
        private ChampCore<TKey, TValue, ChampDefaultGeometry> _core;
        private PersistentDictionary<TKey, TValue> _template;
        private int _version;
        private PersistentDictionary<TKey, TValue>? _published;

        internal Builder(PersistentDictionary<TKey, TValue> dictionary)
        {
            _template = dictionary;
            _core = dictionary._core;
            _core.Owner = new EditToken();
            _published = dictionary;
        }

        internal ChampNode<TKey, TValue> Root => _core.Root;

        internal IEqualityComparer<TKey>? EngineComparer => _core.KeyComparer;

        /// <summary>The number of entries. O(1).</summary>
        public int Count => _core.Count;

        /// <summary>
        /// The key comparer. Setting another comparer rehashes every entry under it in O(n), as
        /// <c>ImmutableDictionary&lt;TKey, TValue&gt;.Builder.KeyComparer</c> does; setting the current one does nothing.
        /// </summary>
        /// <exception cref="ArgumentNullException">The value set is null.</exception>
        /// <exception cref="ArgumentException">Two keys become equal under the new comparer with different values (by
        /// <see cref="ValueComparer"/>); the builder is left unchanged.</exception>
        public IEqualityComparer<TKey> KeyComparer
        {
            get => ChampKeys<TKey>.Public(_core.KeyComparer);
            set
            {
                Requires.NotNull(value);
                var current = ToImmutable();
                var rehashed = current.WithComparers(value, _core.ValueComparer);
                if (!ReferenceEquals(rehashed, current))
                {
                    Adopt(rehashed);
                    _version++;
                }
            }
        }

        /// <summary>
        /// The value comparer. Setting it is O(1) (the trie's shape does not depend on values), as
        /// <c>ImmutableDictionary&lt;TKey, TValue&gt;.Builder.ValueComparer</c>.
        /// </summary>
        /// <exception cref="ArgumentNullException">The value set is null.</exception>
        public IEqualityComparer<TValue> ValueComparer
        {
            get => _core.ValueComparer;
            set
            {
                Requires.NotNull(value);
                if (!ReferenceEquals(value, _core.ValueComparer))
                {
                    Adopt(ToImmutable().WithComparers(_core.KeyComparer, value));
                }
            }
        }

        /// <summary>Makes <paramref name="dictionary"/> (just published from this builder's contents) the builder's state and comparers.</summary>
        private void Adopt(PersistentDictionary<TKey, TValue> dictionary)
        {
            _template = dictionary;
            _core = dictionary._core;
            _core.Owner = new EditToken();
            _published = dictionary;
        }

        bool ICollection<KeyValuePair<TKey, TValue>>.IsReadOnly => false;

        /// <summary>
        /// The keys, in enumeration order: a read-only live view (it reads the builder on every call, and its enumerator
        /// throws when the builder changes during the enumeration, as the builder's own does). O(1) to get.
        /// </summary>
        public IEnumerable<TKey> Keys => new KeyView(null, this);

        /// <summary>
        /// The values, in enumeration order: a read-only live view (it reads the builder on every call, and its
        /// enumerator throws when the builder changes during the enumeration, as the builder's own does). O(1) to get.
        /// </summary>
        public IEnumerable<TValue> Values => new ValueView(null, this);

        /// <summary>A read-only live view of the keys: O(1); every mutation throws <see cref="NotSupportedException"/>.</summary>
        ICollection<TKey> IDictionary<TKey, TValue>.Keys => new KeyView(null, this);

        /// <summary>A read-only live view of the values: O(1); every mutation throws <see cref="NotSupportedException"/>.</summary>
        ICollection<TValue> IDictionary<TKey, TValue>.Values => new ValueView(null, this);

        /// <summary>Gets or sets the value of <paramref name="key"/>; a set adds or replaces (last write wins). O(log32 n), in place on owned nodes.</summary>
        /// <remarks>Set: A present key equal by the key comparer but a different object is replaced by <paramref name="key"/> when the value changes, and kept when the value is equal (as ImmutableDictionary's SetItem).</remarks>
        /// <param name="key">The key.</param>
        /// <exception cref="ArgumentNullException"><paramref name="key"/> is null.</exception>
        /// <exception cref="KeyNotFoundException">Get: the key is absent; the message names it.</exception>
        public TValue this[TKey key]
        {
            get => _core.Get(key);
            set => Set(key, value, ChampSetMode.Overwrite);
        }

        /// <summary>Looks up <paramref name="key"/>. O(log32 n), no allocation.</summary>
        /// <param name="key">The key.</param>
        /// <param name="value">The value, or default.</param>
        /// <returns>True when present.</returns>
        /// <exception cref="ArgumentNullException"><paramref name="key"/> is null.</exception>
        public bool TryGetValue(TKey key, [MaybeNullWhen(false)] out TValue value) => _core.TryGetValue(key, out value);

        /// <summary>True when <paramref name="key"/> is present. O(log32 n).</summary>
        /// <param name="key">The key.</param>
        /// <exception cref="ArgumentNullException"><paramref name="key"/> is null.</exception>
        public bool ContainsKey(TKey key) => _core.ContainsKey(key);

        /// <summary>True when some value equals <paramref name="value"/> by <see cref="ValueComparer"/>. O(n).</summary>
        /// <param name="value">The value sought.</param>
        public bool ContainsValue(TValue value) => _core.ContainsValue(value);

        /// <summary>The stored key equal to <paramref name="equalKey"/>. O(log32 n).</summary>
        /// <param name="equalKey">A key equal to the one sought.</param>
        /// <param name="actualKey">The stored key, or <paramref name="equalKey"/>.</param>
        /// <returns>True when present.</returns>
        /// <exception cref="ArgumentNullException"><paramref name="equalKey"/> is null.</exception>
        public bool TryGetKey(TKey equalKey, out TKey actualKey) => _core.TryGetKey(equalKey, out actualKey);

        /// <summary>The value of <paramref name="key"/>, or <paramref name="defaultValue"/>. O(log32 n).</summary>
        /// <param name="key">The key.</param>
        /// <param name="defaultValue">Returned when absent.</param>
        /// <exception cref="ArgumentNullException"><paramref name="key"/> is null.</exception>
        public TValue? GetValueOrDefault(TKey key, TValue? defaultValue = default) =>
            TryGetValue(key, out var value) ? value : defaultValue;

        /// <summary>Adds an entry; like <c>ImmutableDictionary.Builder.Add</c>, a present key with an equal value is a no-op and with a different value throws. O(log32 n).</summary>
        /// <param name="key">The key.</param>
        /// <param name="value">The value.</param>
        /// <exception cref="ArgumentNullException"><paramref name="key"/> is null.</exception>
        /// <exception cref="ArgumentException">The key is present with a different value.</exception>
        public void Add(TKey key, TValue value) => Set(key, value, ChampSetMode.ThrowIfDifferent);

        /// <summary>Adds <paramref name="item"/>; see <see cref="Add(TKey, TValue)"/>.</summary>
        /// <param name="item">The entry.</param>
        /// <exception cref="ArgumentNullException">The key is null.</exception>
        /// <exception cref="ArgumentException">The key is present with a different value.</exception>
        public void Add(KeyValuePair<TKey, TValue> item) => Add(item.Key, item.Value);

        /// <summary>Adds <paramref name="key"/> only if absent. O(log32 n).</summary>
        /// <param name="key">The key.</param>
        /// <param name="value">The value.</param>
        /// <returns>True when added.</returns>
        /// <exception cref="ArgumentNullException"><paramref name="key"/> is null.</exception>
        public bool TryAdd(TKey key, TValue value) => Set(key, value, ChampSetMode.KeepExisting) == ChampSetResult.Added;

        /// <summary>Adds every entry of <paramref name="items"/> with the rules of <see cref="Add(TKey, TValue)"/>. O(m log32 n).</summary>
        /// <param name="items">The entries.</param>
        /// <exception cref="ArgumentNullException"><paramref name="items"/> or a key is null.</exception>
        /// <exception cref="ArgumentException">A key is present with a different value (the entries before it stay added).</exception>
        public void AddRange(IEnumerable<KeyValuePair<TKey, TValue>> items) => SetMany(items, ChampSetMode.ThrowIfDifferent);

        /// <summary>Sets every entry of <paramref name="items"/> (last write wins). O(m log32 n).</summary>
        /// <param name="items">The entries.</param>
        /// <exception cref="ArgumentNullException"><paramref name="items"/> or a key is null.</exception>
        public void SetItems(IEnumerable<KeyValuePair<TKey, TValue>> items) => SetMany(items, ChampSetMode.Overwrite);

        /// <summary>Removes <paramref name="key"/>. O(log32 n), compacting canonically.</summary>
        /// <param name="key">The key.</param>
        /// <returns>True when it was present.</returns>
        /// <exception cref="ArgumentNullException"><paramref name="key"/> is null.</exception>
        public bool Remove(TKey key) => Remove(key, out _);

        /// <summary>Removes <paramref name="key"/> and reports its value. O(log32 n).</summary>
        /// <param name="key">The key.</param>
        /// <param name="value">The removed value, or default.</param>
        /// <returns>True when it was present.</returns>
        /// <exception cref="ArgumentNullException"><paramref name="key"/> is null.</exception>
        public bool Remove(TKey key, [MaybeNullWhen(false)] out TValue value)
        {
            if (!_core.Remove(key, out value))
            {
                return false;
            }

            Changed();
            return true;
        }

        /// <summary>Removes every key of <paramref name="keys"/> that is present. O(m log32 n).</summary>
        /// <param name="keys">The keys.</param>
        /// <exception cref="ArgumentNullException"><paramref name="keys"/> or a key is null.</exception>
        public void RemoveRange(IEnumerable<TKey> keys)
        {
            // A null key is named as Remove(key) names it; the keys before it stay removed.
            bool changed = false;
            try
            {
                _core.RemoveMany(keys, "key", ref changed);
            }
            finally
            {
                if (changed)
                {
                    Changed();
                }
            }
        }

        bool ICollection<KeyValuePair<TKey, TValue>>.Contains(KeyValuePair<TKey, TValue> item) => _core.Contains(item);

        bool ICollection<KeyValuePair<TKey, TValue>>.Remove(KeyValuePair<TKey, TValue> item) =>
            ((ICollection<KeyValuePair<TKey, TValue>>)this).Contains(item) && Remove(item.Key);

        void ICollection<KeyValuePair<TKey, TValue>>.CopyTo(KeyValuePair<TKey, TValue>[] array, int arrayIndex) =>
            ((ICollection<KeyValuePair<TKey, TValue>>)ToImmutable()).CopyTo(array, arrayIndex);

        /// <summary>Removes every entry. O(1).</summary>
        public void Clear()
        {
            if (_core.Count != 0)
            {
                _core.Clear();
                Changed();
            }
        }

        /// <summary>
        /// Publishes the current contents. O(1), no allocation when nothing changed since the last call: the
        /// builder retires its edit token, so later edits copy before they write and never change the result.
        /// </summary>
        public PersistentDictionary<TKey, TValue> ToImmutable()
        {
            if (_published is null)
            {
                _published = _template.With(_core.Root, _core.Count);
                _core.Owner = new EditToken();
            }

            return _published;
        }

        /// <summary>Returns an enumerator that throws <see cref="InvalidOperationException"/> if the builder changes during enumeration. No allocation.</summary>
        public Enumerator GetEnumerator() => new(this);

        IEnumerator<KeyValuePair<TKey, TValue>> IEnumerable<KeyValuePair<TKey, TValue>>.GetEnumerator() => GetEnumerator();

        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

        private ChampSetResult Set(TKey key, TValue value, ChampSetMode mode)
        {
            var result = _core.Set(key, value, mode);
            if (result != ChampSetResult.Unchanged)
            {
                Changed();
            }

            return result;
        }

        /// <summary>The entries before one that throws stay set (as one <see cref="Set"/> each would leave them).</summary>
        private void SetMany(IEnumerable<KeyValuePair<TKey, TValue>> items, ChampSetMode mode)
        {
            bool changed = false;
            try
            {
                _core.SetMany(items, mode, ref changed);
            }
            finally
            {
                if (changed)
                {
                    Changed();
                }
            }
        }

        private void Changed()
        {
            _version++;
            _published = null;
        }

        /// <summary>Enumerates a builder; any change to the builder makes the next <see cref="MoveNext"/> throw.</summary>
        public struct Enumerator : IEnumerator<KeyValuePair<TKey, TValue>>
        {
            private readonly Builder _builder;
            private readonly int _version;
            private PersistentDictionary<TKey, TValue>.Enumerator _inner;

            internal Enumerator(Builder builder)
            {
                _builder = builder;
                _version = builder._version;
                _inner = new PersistentDictionary<TKey, TValue>.Enumerator(builder._core.Root);
            }

            /// <summary>The current entry.</summary>
            /// <exception cref="InvalidOperationException">The enumerator is before the first entry or after the last.</exception>
            public readonly KeyValuePair<TKey, TValue> Current => _inner.Current;

            readonly object IEnumerator.Current => Current;

            /// <summary>Advances to the next entry.</summary>
            /// <returns>False after the last entry, and always for a default enumerator.</returns>
            /// <exception cref="InvalidOperationException">The builder changed since enumeration started.</exception>
            public bool MoveNext()
            {
                if (_builder is null)
                {
                    return false;
                }

                Check();
                return _inner.MoveNext();
            }

            /// <summary>Restarts before the first entry.</summary>
            /// <exception cref="InvalidOperationException">The builder changed since enumeration started.</exception>
            public void Reset()
            {
                if (_builder is null)
                {
                    return;
                }

                Check();
                _inner.Reset();
            }

            /// <summary>Does nothing; the enumerator holds no resources.</summary>
            public readonly void Dispose()
            {
            }

            private readonly void Check()
            {
                Requires.UnchangedSince(_version, _builder._version);
            }
        }
    }
}
