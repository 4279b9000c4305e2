using System;
using System.Collections;
using System.Collections.Generic;
using System.Diagnostics;
using System.Runtime.CompilerServices;
using CowCollections.Internal;
using CowCollections.Internal.VectorTrie;

namespace CowCollections;

public sealed partial class PersistentList<T>
{
    /// <summary>
    /// A mutable list that edits in place only the nodes it allocated itself (tracked by an edit token) and
    /// shares everything else with the list it started from. <see cref="ToImmutable"/> is O(1) and the
    /// builder may go on being used afterwards without ever changing a published list.
    /// </summary>
    /// <remarks>Not thread-safe: use one builder from one thread at a time, or use <see cref="CopyOnWriteList{T}"/>.</remarks>
    [DebuggerTypeProxy(typeof(CowCollections.Internal.SequenceDebugView<>))]
    [DebuggerDisplay("Count = {Count}")]
    public sealed partial class Builder : IList<T>, IReadOnlyList<T>
    {
        private ListCore<T, DefaultGeometry> _core;
        private int _version;
        private PersistentList<T>? _published;

        internal Builder(PersistentList<T> list)
        {
            _core = list.Core;
            _core.Owner = new EditToken();
            _published = list;
        }

        /// <summary>The number of elements. O(1).</summary>
        public int Count => _core.Count;

        /// <summary>The engine state, for deep-checks in tests.</summary>
        internal ListCore<T, DefaultGeometry> Core => _core;

        bool ICollection<T>.IsReadOnly => false;

        /// <summary>Gets or sets the element at <paramref name="index"/>. O(log32 n); a set writes in place when the builder owns the leaf.</summary>
        /// <param name="index">A zero-based index.</param>
        /// <exception cref="ArgumentOutOfRangeException"><paramref name="index"/> is outside [0, Count).</exception>
        public T this[int index]
        {
            get
            {
                Requires.Index(index, _core.Count);
                return _core.ItemRef(index);
            }

            set
            {
                Requires.Index(index, _core.Count);
                Changing();
                _core.SetItem(index, value);
            }
        }

        /// <summary>A read-only reference to the element at <paramref name="index"/>. O(log32 n).</summary>
        /// <param name="index">A zero-based index.</param>
        /// <exception cref="ArgumentOutOfRangeException"><paramref name="index"/> is outside [0, Count).</exception>
        public ref readonly T ItemRef(int index)
        {
            Requires.Index(index, _core.Count);
            return ref _core.ItemRef(index);
        }

        /// <summary>Appends <paramref name="item"/>. Amortized O(1): writes the owned tail in place.</summary>
        /// <param name="item">The element to append.</param>
        public void Add(T item)
        {
            Changing();
            _core.Add(item);
        }

        /// <summary>Appends <paramref name="items"/>. O(m); a <see cref="PersistentList{T}"/> is concatenated, sharing its nodes, in O(log n).</summary>
        /// <param name="items">The elements to append.</param>
        /// <exception cref="ArgumentNullException"><paramref name="items"/> is null.</exception>
        public void AddRange(IEnumerable<T> items)
        {
            Requires.NotNull(items);
            if (items is PersistentList<T> list)
            {
                Concat(list);
                return;
            }

            var span = Materialize(items);
            Changing();
            _core.AddRange(span);
        }

        /// <summary>Appends a copy of <paramref name="items"/>. O(m).</summary>
        /// <param name="items">The elements to append.</param>
        /// <remarks>A collection expression argument (<c>builder.AddRange([1, 2])</c>) binds here by the language's own
        /// rules (a span is the better target); <c>AddRange(null)</c> binds to the array overload and throws.</remarks>
        public void AddRange(ReadOnlySpan<T> items)
        {
            Changing();
            _core.AddRange(items);
        }

        /// <summary>
        /// Appends a copy of <paramref name="items"/>. O(m). This overload makes <c>AddRange(null)</c> compile (and
        /// throw <see cref="ArgumentNullException"/>), as <c>ImmutableList&lt;T&gt;.Builder.AddRange</c> does.
        /// </summary>
        /// <param name="items">The elements to append.</param>
        /// <exception cref="ArgumentNullException"><paramref name="items"/> is null.</exception>
        public void AddRange(T[] items)
        {
            Requires.NotNull(items);
            AddRange(new ReadOnlySpan<T>(items));
        }

        private void Concat(PersistentList<T> items)
        {
            Changing();
            _core.Concat(items.Core);
        }

        /// <summary>Inserts <paramref name="item"/> before <paramref name="index"/>. O(log n).</summary>
        /// <param name="index">The insertion point, in [0, Count].</param>
        /// <param name="item">The element.</param>
        /// <exception cref="ArgumentOutOfRangeException"><paramref name="index"/> is outside [0, Count].</exception>
        public void Insert(int index, T item)
        {
            Requires.Position(index, _core.Count);
            Changing();
            _core.Insert(index, item);
        }

        /// <summary>Inserts <paramref name="items"/> before <paramref name="index"/>. O(m + log n).</summary>
        /// <param name="index">The insertion point, in [0, Count].</param>
        /// <param name="items">The elements.</param>
        /// <exception cref="ArgumentNullException"><paramref name="items"/> is null.</exception>
        /// <exception cref="ArgumentOutOfRangeException"><paramref name="index"/> is outside [0, Count].</exception>
        public void InsertRange(int index, IEnumerable<T> items)
        {
            Requires.NotNull(items);
            Requires.Position(index, _core.Count);
            var inserted = items as PersistentList<T> ?? FromSpan(Materialize(items));
            Changing();
            _core.InsertRange(index, inserted.Core);
        }

        /// <summary>Removes the element at <paramref name="index"/>. O(log n).</summary>
        /// <param name="index">A zero-based index.</param>
        /// <exception cref="ArgumentOutOfRangeException"><paramref name="index"/> is outside [0, Count).</exception>
        public void RemoveAt(int index)
        {
            Requires.Index(index, _core.Count);
            Changing();
            _core.RemoveAt(index);
        }

        /// <summary>Removes <paramref name="count"/> elements from <paramref name="index"/>. O(log n).</summary>
        /// <param name="index">The first element to remove.</param>
        /// <param name="count">How many elements.</param>
        /// <exception cref="ArgumentOutOfRangeException">The range is not inside the list.</exception>
        public void RemoveRange(int index, int count)
        {
            Requires.Range(index, count, _core.Count);
            Changing();
            _core.RemoveRange(index, count);
        }

        /// <summary>Removes the first element equal to <paramref name="item"/>. O(n).</summary>
        /// <param name="item">The element.</param>
        /// <returns>True when an element was removed.</returns>
        public bool Remove(T item)
        {
            int index = IndexOf(item);
            if (index < 0)
            {
                return false;
            }

            RemoveAt(index);
            return true;
        }

        /// <summary>Removes every element matching <paramref name="match"/>. O(n).</summary>
        /// <param name="match">The predicate.</param>
        /// <returns>How many elements were removed.</returns>
        /// <exception cref="ArgumentNullException"><paramref name="match"/> is null.</exception>
        public int RemoveAll(Predicate<T> match)
        {
            Requires.NotNull(match);
            var before = ToImmutable();
            var after = before.RemoveAll(match);
            if (!ReferenceEquals(before, after))
            {
                Changing();
                Reset(after);
            }

            return before.Count - after.Count;
        }

        /// <summary>Index of the first element equal to <paramref name="item"/>, or -1. O(n).</summary>
        /// <param name="item">The element.</param>
        public int IndexOf(T item) => _core.IndexOf(item, 0, _core.Count, EqualityComparer<T>.Default);

        /// <summary>True when an element equals <paramref name="item"/>. O(n).</summary>
        /// <param name="item">The element.</param>
        public bool Contains(T item) => IndexOf(item) >= 0;

        /// <summary>Removes every element. O(1).</summary>
        public void Clear()
        {
            Changing();
            Reset(Empty);
        }

        /// <summary>Sorts the elements in place by the default comparer. O(n log n).</summary>
        public void Sort() => Sort((IComparer<T>?)null);

        /// <summary>Sorts the elements in place by <paramref name="comparer"/>. O(n log n).</summary>
        /// <param name="comparer">The comparer; null for the default.</param>
        public void Sort(IComparer<T>? comparer)
        {
            var items = _core.ToArray();
            Array.Sort(items, comparer);
            Changing();
            Reset(FromSpan(items));
        }

        /// <summary>Reverses the order of the elements. O(n).</summary>
        public void Reverse()
        {
            var items = _core.ToArray();
            Array.Reverse(items);
            Changing();
            Reset(FromSpan(items));
        }

        /// <summary>A new array holding the elements. O(n).</summary>
        public T[] ToArray() => _core.ToArray();

        /// <summary>Copies the elements to <paramref name="destination"/>. O(n).</summary>
        /// <param name="destination">At least <see cref="Count"/> long.</param>
        /// <exception cref="ArgumentException"><paramref name="destination"/> is too short.</exception>
        public void CopyTo(Span<T> destination)
        {
            if (destination.Length < _core.Count)
            {
                throw new ArgumentException($"The destination holds {destination.Length} elements; {_core.Count} are needed.", nameof(destination));
            }

            _core.CopyTo(destination);
        }

        void ICollection<T>.CopyTo(T[] array, int arrayIndex)
        {
            Requires.CopyTarget(array, arrayIndex, _core.Count);
            CopyTo(array.AsSpan(arrayIndex));
        }

        /// <summary>
        /// Publishes the current contents as a list. O(1) (trims the tail, at most 64 elements): the builder
        /// retires its edit token, so later edits copy before they write and never change the returned list.
        /// </summary>
        public PersistentList<T> ToImmutable()
        {
            if (_published is null)
            {
                _published = FromCore(_core);
                _core = _published.Core;
                _core.Owner = new EditToken();
            }

            return _published;
        }

        /// <summary>Returns an enumerator that throws <see cref="InvalidOperationException"/> if the builder changes during enumeration.</summary>
        public Enumerator GetEnumerator() => new(this);

        IEnumerator<T> IEnumerable<T>.GetEnumerator() => GetEnumerator();

        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

        private void Changing()
        {
            _version++;
            _published = null;
        }

        private void Reset(PersistentList<T> list)
        {
            var owner = _core.Owner;
            _core = list.Core;
            _core.Owner = owner;
        }

        /// <summary>Enumerates a builder; any change to the builder makes the next <see cref="MoveNext"/> throw.</summary>
        public struct Enumerator : IEnumerator<T>
        {
            private readonly Builder _builder;
            private readonly int _version;
            private PersistentList<T>.Enumerator _inner;

            internal Enumerator(Builder builder)
            {
                _builder = builder;
                _version = builder._version;
                _inner = new PersistentList<T>.Enumerator(builder._core);
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
