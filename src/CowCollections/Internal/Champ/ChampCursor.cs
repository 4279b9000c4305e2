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
/// in slot order. Invariants: <c>_depth</c> indexes the node whose entries are being read (<c>_node</c>, or the
/// collision entry array <c>_collision</c> when that node is a collision node); <c>_index &lt; _count</c> while
/// <see cref="Current"/> is valid; the path never exceeds <c>ChampMaxDepth + 1</c> levels because collision nodes
/// have no sub-nodes.
/// </summary>
internal struct ChampCursor<TKey, TValue>
{
    private readonly ChampNode<TKey, TValue> _root;
    private ChampNodePath<TKey, TValue> _nodes;
    private ChampSlotPath _next;
    private ChampNode<TKey, TValue>? _node;
    private ChampEntry<TKey, TValue>[]? _collision;
    private int _index;
    private int _count;
    private int _depth;

    public ChampCursor(ChampNode<TKey, TValue> root)
    {
        root = root.Resolve();
        _root = root;
        _nodes = default;
        _next = default;
        _nodes[0] = root;
        _depth = 0;
        _index = -1;
        _node = null;
        _collision = null;
        _count = 0;
        Enter(root);
    }

    /// <summary>The current entry; throws <see cref="System.InvalidOperationException"/> unless <see cref="MoveNext"/> last returned true.</summary>
    public readonly ref ChampEntry<TKey, TValue> Current
    {
        get
        {
            int index = _index;
            if (_node is null || (uint)index >= (uint)_count)
            {
                Requires.ThrowNoCurrent();
            }

            return ref _collision is null ? ref _node.EntryAt(index) : ref _collision[index];
        }
    }

    private void Enter(ChampNode<TKey, TValue> node)
    {
        _node = node;
        if ((node.DataMap | node.NodeMap) == 0)
        {
            // The empty root or a collision node: only a collision node has entries and no maps.
            _collision = node.EntryCount > 0 ? node.CollisionEntries : null;
            _count = _collision?.Length ?? 0;
        }
        else
        {
            _collision = null;
            _count = System.Numerics.BitOperations.PopCount(node.DataMap);
        }
    }

    /// <summary>Advances to the next entry; a default cursor (no root) has none.</summary>
    public bool MoveNext()
    {
        if (_node is null)
        {
            return false;
        }

        if (++_index < _count)
        {
            return true;
        }

        while (_depth >= 0)
        {
            var node = _nodes[_depth]!;
            int next = _next[_depth];
            if (next < System.Numerics.BitOperations.PopCount(node.NodeMap))
            {
                _next[_depth] = next + 1;
                var child = node.Child(next);
                _depth++;
                _nodes[_depth] = child;
                _next[_depth] = 0;
                Enter(child);
                if (_count > 0)
                {
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

        _count = 0;
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
