using System;

namespace CowCollections.Internal.VectorTrie;

/// <summary>
/// Walks a list leaf by leaf (then its tail): one tree descent per leaf, not per element. The single
/// traversal behind enumeration, chunk access, copying and searching.
/// </summary>
internal struct LeafCursor<T, G>
    where G : struct, ITrieGeometry
{
    private readonly Branch? _root;
    private readonly int _shift;
    private readonly T[] _tail;
    private readonly int _tailCount;
    private readonly int _treeCount;
    private int _next;
    private T[] _leaf;
    private int _offset;
    private int _length;

    public LeafCursor(in ListCore<T, G> core, int start = 0)
    {
        _root = core.Root;
        _shift = core.Shift;
        _tail = core.Tail;
        _tailCount = core.TailCount;
        _treeCount = core.Count - core.TailCount;
        _next = start;
        _leaf = [];
        _offset = 0;
        _length = 0;
    }

    /// <summary>The current chunk (the first one starts at the cursor's start index).</summary>
    public readonly ReadOnlySpan<T> Current => new(_leaf, _offset, _length);

    /// <summary>The array behind <see cref="Current"/> and the chunk's bounds in it.</summary>
    public readonly T[] Leaf => _leaf;

    public readonly int Offset => _offset;

    public readonly int Length => _length;

    /// <summary>Goes back to before the first chunk (index 0).</summary>
    public void Restart()
    {
        _next = 0;
        _leaf = [];
        _offset = 0;
        _length = 0;
    }

    /// <summary>Positions after the last chunk: the next <see cref="MoveNext"/> returns false.</summary>
    public void MoveToEnd() => _next = _treeCount + _tailCount;

    public bool MoveNext()
    {
        if (_next < _treeCount)
        {
            _leaf = RrbTree<T, G>.LeafAt(_root!, _shift, _next, out _offset);
            _length = _leaf.Length - _offset;
            _next += _length;
            return true;
        }

        int inTail = _next - _treeCount;
        if (inTail < _tailCount)
        {
            _leaf = _tail;
            _offset = inTail;
            _length = _tailCount - inTail;
            _next += _length;
            return true;
        }

        _length = 0;
        return false;
    }
}
