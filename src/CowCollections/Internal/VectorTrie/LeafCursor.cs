using System;

namespace CowCollections.Internal.VectorTrie;

/// <summary>
/// Walks a list leaf by leaf (then its tail): it remembers the level-1 node of the current leaf, so stepping to
/// the next leaf is one load, and it descends from the root only once per level-1 node (every Width leaves).
/// The single traversal behind enumeration, chunk access, copying and searching.
/// </summary>
internal struct LeafCursor<T, G>
    where G : struct, ITrieGeometry
{
    private readonly TrieNode? _root;
    private readonly int _shift;
    private readonly T[] _tail;
    private readonly int _tailCount;
    private readonly int _treeCount;
    private int _next;
    private T[] _leaf;
    private int _offset;
    private int _length;
    private TrieNode? _parent;
    private int _slot;
    private int _parentEnd;

    public LeafCursor(in ListCore<T, G> core, int start = 0)
        : this(core.Root, core.Shift, core.Tail, core.TailCount, core.Count, start)
    {
    }

    public LeafCursor(TrieNode? root, int shift, T[] tail, int tailCount, int count, int start = 0)
    {
        _root = root;
        _shift = shift;
        _tail = tail;
        _tailCount = tailCount;
        _treeCount = count - tailCount;
        _next = start;
        _leaf = [];
        _offset = 0;
        _length = 0;
        _parent = null;
        _slot = 0;
        _parentEnd = 0;
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
        _parent = null;
    }

    /// <summary>Positions after the last chunk: the next <see cref="MoveNext"/> returns false.</summary>
    public void MoveToEnd() => _next = _treeCount + _tailCount;

    public bool MoveNext()
    {
        if (_next < _treeCount)
        {
            if (_parent is not null && _next < _parentEnd)
            {
                // The next leaf of the same level-1 node: the previous leaf ended exactly here.
                _leaf = System.Runtime.CompilerServices.Unsafe.As<T[]>(_parent.Slot(++_slot));
                _offset = 0;
            }
            else
            {
                _parent = RrbTree<T, G>.LevelOneAt(_root!, _shift, _next, out _slot, out _offset, out _parentEnd);
                _leaf = System.Runtime.CompilerServices.Unsafe.As<T[]>(_parent.Slot(_slot));
            }

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
