using System;
using System.Collections;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using CowCollections.Internal;
using CowCollections.Internal.VectorTrie;

namespace CowCollections;

public sealed partial class PersistentList<T>
{
    /// <summary>Returns a struct enumerator that walks the list leaf by leaf. O(1), no allocation.</summary>
    public Enumerator GetEnumerator() => new(_root, _shift, _tail, _count);

    /// <summary>The list as contiguous <see cref="ReadOnlySpan{T}"/> chunks (one per leaf, then the tail), for array-speed loops.</summary>
    /// <example><code>foreach (ReadOnlySpan&lt;int&gt; chunk in list.Chunks) { foreach (int x in chunk) sum += x; }</code></example>
    public ChunkEnumerable Chunks => new(this);

    /// <summary>
    /// Enumerates a list element by element, descending the tree once per leaf (not per element).
    /// A list never changes, so the enumerator never throws on concurrent use of other versions.
    /// </summary>
    public struct Enumerator : IEnumerator<T>
    {
        private LeafCursor<T, DefaultGeometry> _cursor;
        private T[] _leaf;
        private int _index;
        private int _end;

        internal Enumerator(in ListCore<T, DefaultGeometry> core)
            : this(core.Root, core.Shift, core.Tail, core.TailCount, core.Count)
        {
        }

        internal Enumerator(TrieNode? root, int shift, T[] tail, int count)
            : this(root, shift, tail, tail.Length, count)
        {
        }

        private Enumerator(TrieNode? root, int shift, T[] tail, int tailCount, int count)
        {
            _cursor = new LeafCursor<T, DefaultGeometry>(root, shift, tail, tailCount, count);
            if (root is null)
            {
                // A flat list (at most 64 elements) is one array: MoveNext is an increment and a compare.
                _leaf = tail;
                _index = -1;
                _end = tailCount;
                _cursor.MoveToEnd();
            }
            else
            {
                _leaf = [];
                _index = 0;
                _end = 0;
            }
        }

        /// <summary>The current element.</summary>
        /// <exception cref="InvalidOperationException">The enumerator is before the first element or after the last (as <c>ImmutableList&lt;T&gt;.Enumerator</c>).</exception>
        public readonly T Current
        {
            [MethodImpl(MethodImplOptions.AggressiveInlining)]
            get
            {
                if ((uint)_index >= (uint)_end)
                {
                    Requires.ThrowNoCurrent();
                }

                return _leaf[_index];
            }
        }

        readonly object? IEnumerator.Current => Current;

        /// <summary>Advances to the next element.</summary>
        /// <returns>False after the last element.</returns>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public bool MoveNext()
        {
            if (++_index < _end)
            {
                return true;
            }

            return NextLeaf();
        }

        [MethodImpl(MethodImplOptions.NoInlining)]
        private bool NextLeaf()
        {
            if (!_cursor.MoveNext())
            {
                _index = _end;
                return false;
            }

            _leaf = _cursor.Leaf;
            _index = _cursor.Offset;
            _end = _index + _cursor.Length;
            return true;
        }

        /// <summary>Restarts before the first element.</summary>
        public void Reset()
        {
            _cursor.Restart();
            _leaf = [];
            _index = 0;
            _end = 0;
        }

        /// <summary>Does nothing; the enumerator holds no resources.</summary>
        public readonly void Dispose()
        {
        }
    }

    /// <summary>The chunks of a list; see <see cref="Chunks"/>.</summary>
    public readonly struct ChunkEnumerable
    {
        private readonly PersistentList<T> _list;

        internal ChunkEnumerable(PersistentList<T> list) => _list = list;

        /// <summary>Returns an enumerator over the chunks. O(1), no allocation.</summary>
        public ChunkEnumerator GetEnumerator() => new(_list._root, _list._shift, _list._tail, _list._count);
    }

    /// <summary>Enumerates the chunks of a list, each a contiguous <see cref="ReadOnlySpan{T}"/> (one leaf: at most 128 elements).</summary>
    public struct ChunkEnumerator
    {
        private LeafCursor<T, DefaultGeometry> _cursor;

        internal ChunkEnumerator(TrieNode? root, int shift, T[] tail, int count) =>
            _cursor = new LeafCursor<T, DefaultGeometry>(root, shift, tail, tail.Length, count);

        /// <summary>The current chunk.</summary>
        public readonly ReadOnlySpan<T> Current => _cursor.Current;

        /// <summary>Advances to the next chunk.</summary>
        /// <returns>False after the last chunk.</returns>
        public bool MoveNext() => _cursor.MoveNext();
    }
}
