using System;
using System.Collections;
using System.Collections.Generic;
using System.Diagnostics;
using CowCollections.Internal;
using CowCollections.Internal.Champ;

namespace CowCollections;

public sealed partial class PersistentHashSet<T>
{
    /// <summary>
    /// A mutable set that edits in place only the nodes it allocated itself (tracked by an edit token) and shares
    /// everything else with the set it started from. <see cref="ToImmutable"/> is O(1), and the builder may go on
    /// being used afterwards without ever changing a published set.
    /// </summary>
    /// <remarks>
    /// Each edit costs O(log32 n): nodes the builder owns are updated in place (with spare room for inserts), shared
    /// nodes are copied once and then owned. The set operations (<see cref="UnionWith"/> and the rest) follow the
    /// rules of their <see cref="PersistentHashSet{T}"/> counterparts, skipping subtrees shared with another set.
    /// Not thread-safe: use one builder from one thread at a time, or use <see cref="CopyOnWriteSet{T}"/>.
    /// </remarks>
    [DebuggerTypeProxy(typeof(SequenceDebugView<>))]
    [DebuggerDisplay("Count = {Count}")]
    public sealed class Builder : ISet<T>, IReadOnlySet<T>, IReadOnlyCollection<T>
    {
        /// <summary>The whole state; its owner is the builder's live token (replaced on every publication).</summary>
        private ChampCore<T, ChampUnit, ChampDefaultGeometry> _core;
        private PersistentHashSet<T> _template;
        private int _version;
        private PersistentHashSet<T>? _published;

        internal Builder(PersistentHashSet<T> set)
        {
            _template = set;
            _core = set._core;
            _core.Owner = new EditToken();
            _published = set;
        }

        internal ChampNode<T, ChampUnit> Root => _core.Root;

        /// <summary>The engine's form of the comparer (what the deep check and the diff use). O(1).</summary>
        internal IEqualityComparer<T>? EngineComparer => _core.KeyComparer;

        /// <summary>The number of elements. O(1).</summary>
        public int Count => _core.Count;

        /// <summary>
        /// The comparer. Setting another comparer rehashes every element under it in O(n), as
        /// <c>ImmutableHashSet&lt;T&gt;.Builder.KeyComparer</c> does (elements that become equal collapse into the first
        /// one met); setting the current one does nothing.
        /// </summary>
        /// <exception cref="ArgumentNullException">The value set is null.</exception>
        public IEqualityComparer<T> KeyComparer
        {
            get => ChampKeys<T>.Public(_core.KeyComparer);
            set
            {
                Requires.NotNull(value);
                var current = ToImmutable();
                var rehashed = current.WithComparer(value);
                if (!ReferenceEquals(rehashed, current))
                {
                    _template = rehashed;
                    _core = rehashed._core;
                    _core.Owner = new EditToken();
                    _published = rehashed;
                    _version++;
                }
            }
        }

        bool ICollection<T>.IsReadOnly => false;

        /// <summary>True when <paramref name="item"/> is in the set. O(log32 n).</summary>
        /// <param name="item">The element (may be null).</param>
        public bool Contains(T item) => _core.ContainsKey(item);

        /// <summary>The stored element equal to <paramref name="equalValue"/>. O(log32 n).</summary>
        /// <param name="equalValue">An element equal to the one sought.</param>
        /// <param name="actualValue">The stored element, or <paramref name="equalValue"/>.</param>
        /// <returns>True when an equal element is present.</returns>
        public bool TryGetValue(T equalValue, out T actualValue) => _core.TryGetKey(equalValue, out actualValue);

        /// <summary>Adds <paramref name="item"/> if no equal element is present. O(log32 n), in place on owned nodes.</summary>
        /// <param name="item">The element (may be null).</param>
        /// <returns>True when added.</returns>
        public bool Add(T item) => Edited(_core.Set(item, default, ChampSetMode.KeepExisting) == ChampSetResult.Added);

        void ICollection<T>.Add(T item) => Add(item);

        /// <summary>Removes <paramref name="item"/>. O(log32 n), compacting canonically.</summary>
        /// <param name="item">The element (may be null).</param>
        /// <returns>True when it was present.</returns>
        public bool Remove(T item) => Edited(_core.Remove(item, out _));

        /// <summary>Removes every element. O(1).</summary>
        public void Clear()
        {
            if (_core.Count != 0)
            {
                _core.Clear();
                Changed();
            }
        }

        /// <summary>Adds every element of <paramref name="other"/>; see <see cref="PersistentHashSet{T}.Union"/>.</summary>
        /// <param name="other">The elements to add.</param>
        /// <exception cref="ArgumentNullException"><paramref name="other"/> is null.</exception>
        public void UnionWith(IEnumerable<T> other) => Edited(ChampSetAlgebra<T>.UnionWith(ref _core, other));

        /// <summary>Keeps only the elements also in <paramref name="other"/>; see <see cref="PersistentHashSet{T}.Intersect"/>.</summary>
        /// <param name="other">The elements to keep.</param>
        /// <exception cref="ArgumentNullException"><paramref name="other"/> is null.</exception>
        public void IntersectWith(IEnumerable<T> other) => Edited(ChampSetAlgebra<T>.IntersectWith(ref _core, other));

        /// <summary>Removes every element of <paramref name="other"/>; see <see cref="PersistentHashSet{T}.Except"/>.</summary>
        /// <param name="other">The elements to remove.</param>
        /// <exception cref="ArgumentNullException"><paramref name="other"/> is null.</exception>
        public void ExceptWith(IEnumerable<T> other) => Edited(ChampSetAlgebra<T>.ExceptWith(ref _core, other));

        /// <summary>Keeps the elements in exactly one of the builder and <paramref name="other"/>; see <see cref="PersistentHashSet{T}.SymmetricExcept"/>.</summary>
        /// <param name="other">The other elements.</param>
        /// <exception cref="ArgumentNullException"><paramref name="other"/> is null.</exception>
        public void SymmetricExceptWith(IEnumerable<T> other) => Edited(ChampSetAlgebra<T>.SymmetricExceptWith(ref _core, other));

        /// <summary>True when the builder and <paramref name="other"/> hold the same elements.</summary>
        /// <param name="other">The other elements.</param>
        /// <exception cref="ArgumentNullException"><paramref name="other"/> is null.</exception>
        public bool SetEquals(IEnumerable<T> other) => ChampSetAlgebra<T>.SetEquals(_core, other);

        /// <summary>True when every element of the builder is in <paramref name="other"/>.</summary>
        /// <param name="other">The other elements.</param>
        /// <exception cref="ArgumentNullException"><paramref name="other"/> is null.</exception>
        public bool IsSubsetOf(IEnumerable<T> other) => ChampSetAlgebra<T>.IsSubsetOf(_core, other, proper: false);

        /// <summary>True when every element of the builder is in <paramref name="other"/>, which has more.</summary>
        /// <param name="other">The other elements.</param>
        /// <exception cref="ArgumentNullException"><paramref name="other"/> is null.</exception>
        public bool IsProperSubsetOf(IEnumerable<T> other) => ChampSetAlgebra<T>.IsSubsetOf(_core, other, proper: true);

        /// <summary>True when every element of <paramref name="other"/> is in the builder.</summary>
        /// <param name="other">The other elements.</param>
        /// <exception cref="ArgumentNullException"><paramref name="other"/> is null.</exception>
        public bool IsSupersetOf(IEnumerable<T> other) => ChampSetAlgebra<T>.IsSupersetOf(_core, other, proper: false);

        /// <summary>True when every element of <paramref name="other"/> is in the builder, which has more.</summary>
        /// <param name="other">The other elements.</param>
        /// <exception cref="ArgumentNullException"><paramref name="other"/> is null.</exception>
        public bool IsProperSupersetOf(IEnumerable<T> other) => ChampSetAlgebra<T>.IsSupersetOf(_core, other, proper: true);

        /// <summary>True when the builder and <paramref name="other"/> share at least one element.</summary>
        /// <param name="other">The other elements.</param>
        /// <exception cref="ArgumentNullException"><paramref name="other"/> is null.</exception>
        public bool Overlaps(IEnumerable<T> other) => ChampSetAlgebra<T>.Overlaps(_core, other);

        /// <summary>Copies the elements to <paramref name="array"/> from <paramref name="arrayIndex"/>. O(n).</summary>
        /// <param name="array">The destination.</param>
        /// <param name="arrayIndex">Where to start writing.</param>
        /// <exception cref="ArgumentNullException"><paramref name="array"/> is null.</exception>
        /// <exception cref="ArgumentOutOfRangeException"><paramref name="arrayIndex"/> is outside the array.</exception>
        /// <exception cref="ArgumentException">The array is too short.</exception>
        public void CopyTo(T[] array, int arrayIndex) => ToImmutable().CopyTo(array, arrayIndex);

        /// <summary>
        /// Publishes the current contents. O(1), no allocation when nothing changed since the last call: the builder
        /// retires its edit token, so later edits copy before they write and never change the result.
        /// </summary>
        public PersistentHashSet<T> ToImmutable()
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

        IEnumerator<T> IEnumerable<T>.GetEnumerator() => GetEnumerator();

        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

        private bool Edited(bool changed)
        {
            if (changed)
            {
                Changed();
            }

            return changed;
        }

        private void Changed()
        {
            _version++;
            _published = null;
        }

        /// <summary>Enumerates a builder; any change to the builder makes the next <see cref="MoveNext"/> throw.</summary>
        public struct Enumerator : IEnumerator<T>
        {
            private readonly Builder _builder;
            private readonly int _version;
            private PersistentHashSet<T>.Enumerator _inner;

            internal Enumerator(Builder builder)
            {
                _builder = builder;
                _version = builder._version;
                _inner = new PersistentHashSet<T>.Enumerator(builder._core.Root);
            }

            /// <summary>The current element.</summary>
            /// <exception cref="InvalidOperationException">The enumerator is before the first element or after the last.</exception>
            public readonly T Current => _inner.Current;

            readonly object? IEnumerator.Current => Current;

            /// <summary>Advances to the next element.</summary>
            /// <returns>False after the last element, and always for a default enumerator.</returns>
            /// <exception cref="InvalidOperationException">The builder changed since enumeration started.</exception>
            public bool MoveNext()
            {
                if (_builder is null)
                {
                    return false;
                }

                Requires.UnchangedSince(_version, _builder._version);
                return _inner.MoveNext();
            }

            /// <summary>Restarts before the first element.</summary>
            /// <exception cref="InvalidOperationException">The builder changed since enumeration started.</exception>
            public void Reset()
            {
                if (_builder is null)
                {
                    return;
                }

                Requires.UnchangedSince(_version, _builder._version);
                _inner.Reset();
            }

            /// <summary>Does nothing; the enumerator holds no resources.</summary>
            public readonly void Dispose()
            {
            }
        }
    }
}
