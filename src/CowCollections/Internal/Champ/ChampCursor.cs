using System.Runtime.CompilerServices;

namespace CowCollections.Internal.Champ;

/// <summary>The nodes on the path from the root to the current node; one slot per level.</summary>
[InlineArray(TrieGeometry.ChampMaxDepth + 1)]
internal struct ChampNodePath<TKey, TValue>
{
    private ChampNode<TKey, TValue>? _element;
}

/// <summary>The next sub-node to visit at each level of the path.</summary>
[InlineArray(TrieGeometry.ChampMaxDepth + 1)]
internal struct ChampSlotPath
{
    private int _element;
}

/// <summary>
/// Depth-first walk of a CHAMP trie without allocation: a node's inline entries first, then its sub-nodes
/// in slot order. Invariants: <c>_depth</c> indexes the node whose entries are being read; the path never
/// exceeds <c>ChampMaxDepth + 1</c> levels because collision nodes have no sub-nodes.
/// </summary>
internal struct ChampCursor<TKey, TValue>
{
    private readonly ChampNode<TKey, TValue> _root;
    private ChampNodePath<TKey, TValue> _nodes;
    private ChampSlotPath _next;
    private ChampEntry<TKey, TValue>[] _entries;
    private int _index;
    private int _depth;

    public ChampCursor(ChampNode<TKey, TValue> root)
    {
        _root = root;
        _nodes = default;
        _next = default;
        _nodes[0] = root;
        _entries = root.Entries;
        _index = -1;
        _depth = 0;
    }

    /// <summary>The current entry; throws <see cref="System.InvalidOperationException"/> unless <see cref="MoveNext"/> last returned true.</summary>
    public readonly ref ChampEntry<TKey, TValue> Current
    {
        get
        {
            var entries = _entries;
            int index = _index;
            if (entries is null || (uint)index >= (uint)entries.Length)
            {
                Requires.ThrowNoCurrent();
            }

            return ref entries[index];
        }
    }

    /// <summary>Advances to the next entry; a default cursor (no root) has none.</summary>
    public bool MoveNext()
    {
        var entries = _entries;
        if (entries is null)
        {
            return false;
        }

        if (++_index < entries.Length)
        {
            return true;
        }

        while (_depth >= 0)
        {
            var node = _nodes[_depth]!;
            int next = _next[_depth];
            if (next < node.Nodes.Length)
            {
                _next[_depth] = next + 1;
                var child = node.Child(next);
                _depth++;
                _nodes[_depth] = child;
                _next[_depth] = 0;
                if (child.Entries.Length > 0)
                {
                    _entries = child.Entries;
                    _index = 0;
                    return true;
                }
            }
            else
            {
                _nodes[_depth] = null;
                _depth--;
            }
        }

        _entries = [];
        _index = 0;
        return false;
    }

    public void Reset()
    {
        if (_root is not null)
        {
            this = new ChampCursor<TKey, TValue>(_root);
        }
    }
}
