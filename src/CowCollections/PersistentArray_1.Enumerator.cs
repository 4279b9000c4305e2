using System;
using System.Collections;
using System.Collections.Generic;
using CowCollections.Internal;
using CowCollections.Internal.ChunkedArray;
using CowCollections.Internal.VectorTrie;

namespace CowCollections;

public sealed partial class PersistentArray<T>
{
    /// <summary>Returns a struct enumerator that walks the array chunk by chunk. O(1), no allocation.</summary>
    public Enumerator GetEnumerator() => new(Core);

    /// <summary>The array as contiguous <see cref="ReadOnlySpan{T}"/> chunks (<see cref="ChunkSize"/> elements each, the last possibly shorter), for array-speed loops. O(1), no allocation.</summary>
    /// <example><code>foreach (ReadOnlySpan&lt;int&gt; chunk in array.Chunks) { foreach (int x in chunk) sum += x; }</code></example>
    public ChunkEnumerable Chunks => new(this);

    /// <summary>
    /// Enumerates an array element by element, descending the trie once per 32 chunks (not per element).
    /// An array never changes, so the enumerator never throws on concurrent use of other versions.
    /// </summary>
    public struct Enumerator : IEnumerator<T>
    {
        private ChunkWalker _walker;
        private T[] _chunk;
        private int _index;
        private int _end;

        internal Enumerator(in ChunkedCore<T, ArrayDirectoryGeometry> core)
        {
            _walker = new ChunkWalker(core.Chunks);
            _chunk = [];
            _index = 0;
            _end = 0;
        }

        /// <summary>The current element.</summary>
        /// <exception cref="InvalidOperationException">The enumerator is before the first element or after the last.</exception>
        public readonly T Current
        {
            get
            {
                if ((uint)_index >= (uint)_end)
                {
                    Requires.ThrowNoCurrent();
                }

                return _chunk[_index];
            }
        }

        readonly object? IEnumerator.Current => Current;

        /// <summary>Advances to the next element.</summary>
        /// <returns>False after the last element.</returns>
        public bool MoveNext()
        {
            if (++_index < _end)
            {
                return true;
            }

            if (!_walker.MoveNext(out _chunk))
            {
                _chunk = [];
                _index = _end = 0;
                return false;
            }

            _index = 0;
            _end = _chunk.Length;
            return true;
        }

        /// <summary>Restarts before the first element.</summary>
        public void Reset()
        {
            _walker.Restart();
            _chunk = [];
            _index = 0;
            _end = 0;
        }

        /// <summary>Does nothing; the enumerator holds no resources.</summary>
        public readonly void Dispose()
        {
        }
    }

    /// <summary>The chunks of an array; see <see cref="Chunks"/>.</summary>
    public readonly struct ChunkEnumerable
    {
        private readonly PersistentArray<T> _array;

        internal ChunkEnumerable(PersistentArray<T> array) => _array = array;

        /// <summary>Returns an enumerator over the chunks. O(1), no allocation.</summary>
        public ChunkEnumerator GetEnumerator() => new(_array.Core);
    }

    /// <summary>Enumerates the chunks of an array, each a contiguous <see cref="ReadOnlySpan{T}"/> of at most <see cref="ChunkSize"/> elements.</summary>
    public struct ChunkEnumerator
    {
        private ChunkWalker _walker;
        private T[] _chunk;

        internal ChunkEnumerator(in ChunkedCore<T, ArrayDirectoryGeometry> core)
        {
            _walker = new ChunkWalker(core.Chunks);
            _chunk = [];
        }

        /// <summary>The current chunk.</summary>
        public readonly ReadOnlySpan<T> Current => _chunk;

        /// <summary>Advances to the next chunk.</summary>
        /// <returns>False after the last chunk.</returns>
        public bool MoveNext()
        {
            if (_walker.MoveNext(out var chunk))
            {
                _chunk = chunk;
                return true;
            }

            _chunk = [];
            return false;
        }
    }

    /// <summary>Walks the chunk list leaf by leaf (one trie descent per leaf of up to 128 chunks).</summary>
    private struct ChunkWalker
    {
        private LeafCursor<T[], ArrayDirectoryGeometry> _cursor;
        private T[][] _leaf;
        private int _at;
        private int _end;

        public ChunkWalker(in ListCore<T[], ArrayDirectoryGeometry> chunks)
        {
            _cursor = new LeafCursor<T[], ArrayDirectoryGeometry>(chunks);
            _leaf = [];
            _at = 0;
            _end = 0;
        }

        public bool MoveNext(out T[] chunk)
        {
            while (_at >= _end)
            {
                if (!_cursor.MoveNext())
                {
                    chunk = [];
                    return false;
                }

                _leaf = _cursor.Leaf;
                _at = _cursor.Offset;
                _end = _at + _cursor.Length;
            }

            chunk = _leaf[_at++];
            return true;
        }

        public void Restart()
        {
            _cursor.Restart();
            _leaf = [];
            _at = 0;
            _end = 0;
        }
    }
}
