using System;
using System.Collections;
using System.Collections.Generic;
using System.Diagnostics;
using CowCollections.Internal;
using CowCollections.Internal.ChunkedArray;
using CowCollections.Internal.VectorTrie;

namespace CowCollections;

public sealed partial class PersistentArray<T>
{
    /// <summary>
    /// A mutable array of fixed length that writes in place the chunks and trie nodes it allocated itself
    /// (tracked by an edit token and one bit per chunk) and shares everything else with the array it started
    /// from. The first write to a chunk copies it (and its trie path, once); later writes to it are plain
    /// array stores. <see cref="ToImmutable"/> is O(1) and the builder may go on being used afterwards
    /// without ever changing a published array.
    /// </summary>
    /// <remarks>Not thread-safe: use one builder from one thread at a time, or use <see cref="CopyOnWriteArray{T}"/>.</remarks>
    [DebuggerTypeProxy(typeof(CowCollections.Internal.SequenceDebugView<>))]
    [DebuggerDisplay("Length = {Length}")]
    public sealed partial class Builder : IReadOnlyList<T>
    {
        private ChunkedCore<T, ArrayDirectoryGeometry> _core;
        private int _version;
        private PersistentArray<T>? _published;

        internal Builder(PersistentArray<T> array)
        {
            _core = array.Core;
            _core.Chunks.Owner = new EditToken();
            _published = array;
        }

        internal ChunkedCore<T, ArrayDirectoryGeometry> Core => _core;

        /// <summary>The number of elements (fixed). O(1).</summary>
        public int Length => _core.Length;

        int IReadOnlyCollection<T>.Count => _core.Length;

        /// <summary>
        /// Gets or sets the element at <paramref name="index"/>. O(log32 (n / chunk)). A set writes in place
        /// when the builder owns the chunk; otherwise it first copies the chunk (and the trie path, once).
        /// </summary>
        /// <param name="index">A zero-based index.</param>
        /// <exception cref="ArgumentOutOfRangeException"><paramref name="index"/> is outside [0, Length).</exception>
        public T this[int index]
        {
            get
            {
                Requires.Index(index, _core.Length);
                return _core.ItemRef(index);
            }

            set
            {
                Requires.Index(index, _core.Length);
                Changing();
                _core.WritableRef(index) = value;
            }
        }

        /// <summary>A read-only reference to the element at <paramref name="index"/>. O(log32 (n / chunk)), no allocation.</summary>
        /// <param name="index">A zero-based index.</param>
        /// <exception cref="ArgumentOutOfRangeException"><paramref name="index"/> is outside [0, Length).</exception>
        public ref readonly T ItemRef(int index)
        {
            Requires.Index(index, _core.Length);
            return ref _core.ItemRef(index);
        }

        /// <summary>
        /// A writable reference to the element at <paramref name="index"/>, for updating large structs in place.
        /// Copies the chunk first unless the builder owns it (as a set does). The reference is valid until the
        /// next <see cref="ToImmutable"/>; writing through it afterwards would change a published array, so do not keep it.
        /// </summary>
        /// <param name="index">A zero-based index.</param>
        /// <exception cref="ArgumentOutOfRangeException"><paramref name="index"/> is outside [0, Length).</exception>
        public ref T WritableRef(int index)
        {
            Requires.Index(index, _core.Length);
            Changing();
            return ref _core.WritableRef(index);
        }

        /// <summary>Copies <paramref name="values"/> over the elements from <paramref name="index"/>. O(m), chunk by chunk, in place on owned chunks.</summary>
        /// <param name="index">The first element to replace.</param>
        /// <param name="values">The new elements.</param>
        /// <exception cref="ArgumentOutOfRangeException">[index, index + values.Length) is not inside the array.</exception>
        public void SetRange(int index, ReadOnlySpan<T> values)
        {
            Requires.Range(index, values.Length, _core.Length, lengthName: nameof(values));
            Changing();
            _core.SetRange(index, values);
        }

        /// <summary>Sets every element to <paramref name="value"/>. O(n / chunk): full chunks become one shared filled chunk.</summary>
        /// <param name="value">The new value.</param>
        public void Fill(T value) => Fill(value, 0, _core.Length);

        /// <summary>Sets [start, start + count) to <paramref name="value"/>. O(count / chunk + chunk).</summary>
        /// <param name="value">The new value.</param>
        /// <param name="start">The first element to set.</param>
        /// <param name="count">How many elements to set.</param>
        /// <exception cref="ArgumentOutOfRangeException">The range is not inside the array.</exception>
        public void Fill(T value, int start, int count)
        {
            Requires.Range(start, count, _core.Length);
            Changing();
            _core.Fill(start, count, value);
        }

        /// <summary>A new <c>T[]</c> holding the elements. O(n).</summary>
        public T[] ToArray() => _core.ToArray();

        /// <summary>Copies the elements to <paramref name="destination"/>. O(n), no allocation.</summary>
        /// <param name="destination">At least <see cref="Length"/> long.</param>
        /// <exception cref="ArgumentException"><paramref name="destination"/> is too short.</exception>
        public void CopyTo(Span<T> destination)
        {
            if (destination.Length < _core.Length)
            {
                throw new ArgumentException($"The destination holds {destination.Length} elements; {_core.Length} are needed.", nameof(destination));
            }

            _core.CopyTo(destination);
        }

        /// <summary>
        /// Publishes the current contents as an array. O(1) (trims the chunk directory's tail, at most 128
        /// references): the builder retires its edit token and its owned-chunk bits, so later writes copy
        /// before they write and never change the returned array. Returns the original array when nothing was written.
        /// </summary>
        public PersistentArray<T> ToImmutable()
        {
            if (_published is null)
            {
                _published = FromCore(_core);
                _core = _published.Core;
                _core.Chunks.Owner = new EditToken();
            }

            return _published;
        }

        /// <summary>Returns an enumerator that throws <see cref="InvalidOperationException"/> if the builder changes during enumeration. O(1), no allocation.</summary>
        public Enumerator GetEnumerator() => new(this);

        IEnumerator<T> IEnumerable<T>.GetEnumerator() => GetEnumerator();

        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

        private void Changing()
        {
            _version++;
            _published = null;
        }

        /// <summary>Enumerates a builder; any change to the builder makes the next <see cref="MoveNext"/> throw.</summary>
        public struct Enumerator : IEnumerator<T>
        {
            private readonly Builder _builder;
            private readonly int _version;
            private PersistentArray<T>.Enumerator _inner;

            internal Enumerator(Builder builder)
            {
                _builder = builder;
                _version = builder._version;
                _inner = new PersistentArray<T>.Enumerator(builder._core);
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

                Check();
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
