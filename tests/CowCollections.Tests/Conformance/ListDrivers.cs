using CowCollections.Internal;
using CowCollections.Internal.VectorTrie;

namespace CowCollections.Tests.Conformance;

/// <summary>Drives the public <see cref="PersistentList{T}"/>: every step makes a new version and keeps the old one.</summary>
public sealed class PersistentListDriver : IListDriver
{
    private PersistentList<int> _list = PersistentList<int>.Empty;
    private PersistentList<int> _previous = PersistentList<int>.Empty;
    private int[] _previousContents = [];

    public IReadOnlySet<ListOpKind> Supported { get; } = Enum.GetValues<ListOpKind>().Where(k => k != ListOpKind.Freeze).ToHashSet();

    public void Apply(in BoundOp op)
    {
        _previous = _list;
        _previousContents = _list.ToArray();
        _list = op.Kind switch
        {
            ListOpKind.Add => _list.Add(op.Value),
            ListOpKind.AddRange => _list.AddRange(op.Items.AsSpan()),
            ListOpKind.Concat => _list.AddRange(PersistentList.Create<int>(op.Items.AsSpan())),
            ListOpKind.ConcatSelf => _list.AddRange(_list),
            ListOpKind.Insert => _list.Insert(op.Index, op.Value),
            ListOpKind.InsertRange => op.Items.Length % 2 == 0
                ? _list.InsertRange(op.Index, PersistentList.Create<int>(op.Items.AsSpan()))
                : _list.InsertRange(op.Index, (IEnumerable<int>)op.Items),
            ListOpKind.RemoveAt => _list.RemoveAt(op.Index),
            ListOpKind.RemoveRange => _list.RemoveRange(op.Index, op.Count),
            ListOpKind.SetItem => _list.SetItem(op.Index, op.Value),
            ListOpKind.Slice => _list.GetRange(op.Index, op.Count),
            ListOpKind.Remove => _list.Remove(op.Value),
            ListOpKind.RemoveAll => RemoveAll(_list, op.Value),
            ListOpKind.Sort => _list.Sort(),
            ListOpKind.Reverse => _list.Reverse(),
            ListOpKind.Clear => _list.Clear(),
            _ => throw new ArgumentOutOfRangeException(nameof(op)),
        };
    }

    private static PersistentList<int> RemoveAll(PersistentList<int> list, int m) => list.RemoveAll(x => x % m == 0);

    /// <summary>Also checks SequenceEqual (which skips shared subtrees) against the previous version and a rebuilt copy.</summary>
    public int[] CheckAndRead()
    {
        var contents = ListReads.CheckAndRead(_list);
        bool expected = _previousContents.AsSpan().SequenceEqual(contents);
        if (_list.SequenceEqual(_previous) != expected || _previous.SequenceEqual(_list) != expected)
        {
            throw new InvalidOperationException($"SequenceEqual with the previous version should be {expected}.");
        }

        if (!_list.SequenceEqual(PersistentList.Create<int>(contents)))
        {
            throw new InvalidOperationException("SequenceEqual with a rebuilt copy should be true.");
        }

        return contents;
    }

    public Func<int[]>? Version()
    {
        var frozen = _list;
        return () => frozen.ToArray();
    }
}

/// <summary>Drives <see cref="PersistentList{T}.Builder"/>; <see cref="ListOpKind.Freeze"/> publishes a version that must never change.</summary>
public sealed class ListBuilderDriver : IListDriver
{
    private readonly PersistentList<int>.Builder _builder = PersistentList.CreateBuilder<int>();
    private PersistentList<int>? _frozen;

    public IReadOnlySet<ListOpKind> Supported { get; } = Enum.GetValues<ListOpKind>().ToHashSet();

    public void Apply(in BoundOp op)
    {
        _frozen = null;
        switch (op.Kind)
        {
            case ListOpKind.Add: _builder.Add(op.Value); break;
            case ListOpKind.AddRange: _builder.AddRange(op.Items.AsSpan()); break;
            case ListOpKind.Concat: _builder.AddRange(PersistentList.Create<int>(op.Items.AsSpan())); break;
            case ListOpKind.ConcatSelf: _builder.AddRange(_builder.ToImmutable()); break;
            case ListOpKind.Insert: _builder.Insert(op.Index, op.Value); break;
            case ListOpKind.InsertRange: _builder.InsertRange(op.Index, op.Items); break;
            case ListOpKind.RemoveAt: _builder.RemoveAt(op.Index); break;
            case ListOpKind.RemoveRange: _builder.RemoveRange(op.Index, op.Count); break;
            case ListOpKind.SetItem: _builder[op.Index] = op.Value; break;
            case ListOpKind.Slice:
                _builder.RemoveRange(op.Index + op.Count, _builder.Count - op.Index - op.Count);
                _builder.RemoveRange(0, op.Index);
                break;
            case ListOpKind.Remove: _builder.Remove(op.Value); break;
            case ListOpKind.RemoveAll: { int m = op.Value; _builder.RemoveAll(x => x % m == 0); break; }
            case ListOpKind.Sort: _builder.Sort(); break;
            case ListOpKind.Reverse: _builder.Reverse(); break;
            case ListOpKind.Clear: _builder.Clear(); break;
            case ListOpKind.Freeze: _frozen = _builder.ToImmutable(); break;
            default: throw new ArgumentOutOfRangeException(nameof(op));
        }
    }

    public int[] CheckAndRead()
    {
        var core = _builder.Core;
        TrieChecker<int, DefaultGeometry>.Check(core);
        var viaEnumerator = new List<int>(_builder.Count);
        foreach (var x in _builder)
        {
            viaEnumerator.Add(x);
        }

        var array = _builder.ToArray();
        if (!viaEnumerator.SequenceEqual(array))
        {
            throw new InvalidOperationException("Builder enumeration and ToArray disagree.");
        }

        return array;
    }

    public Func<int[]>? Version()
    {
        if (_frozen is null)
        {
            return null;
        }

        var frozen = _frozen;
        TrieChecker<int, DefaultGeometry>.Check(frozen.Core);
        return () => frozen.ToArray();
    }
}

/// <summary>
/// Drives the engine (<see cref="ListCore{T, G}"/>) directly with any geometry; with an owner it behaves as a
/// builder (in-place edits, <see cref="ListOpKind.Freeze"/> publishes), without one every step is persistent.
/// </summary>
internal sealed class EngineDriver<G> : IListDriver
    where G : struct, ITrieGeometry
{
    private readonly bool _transient;
    private ListCore<int, G> _core = ListCore<int, G>.Empty;
    private ListCore<int, G>? _frozen;

    public EngineDriver(bool transient)
    {
        _transient = transient;
        _core.Owner = transient ? new EditToken() : null;
    }

    public IReadOnlySet<ListOpKind> Supported { get; } = new HashSet<ListOpKind>
    {
        ListOpKind.Add, ListOpKind.AddRange, ListOpKind.Concat, ListOpKind.ConcatSelf, ListOpKind.Insert,
        ListOpKind.InsertRange, ListOpKind.RemoveAt, ListOpKind.RemoveRange, ListOpKind.SetItem, ListOpKind.Slice,
        ListOpKind.Freeze,
    };

    public void Apply(in BoundOp op)
    {
        _frozen = null;
        var core = _transient ? _core : _core.Frozen();
        switch (op.Kind)
        {
            case ListOpKind.Add: core.Add(op.Value); break;
            case ListOpKind.AddRange: core.AddRange(op.Items); break;
            case ListOpKind.Concat: core.Concat(ListCore<int, G>.From(op.Items)); break;
            case ListOpKind.ConcatSelf:
                core = Freeze(core);
                core.Concat(_frozen!.Value);
                _frozen = null;
                break;
            case ListOpKind.Insert: core.Insert(op.Index, op.Value); break;
            case ListOpKind.InsertRange: core.InsertRange(op.Index, ListCore<int, G>.From(op.Items)); break;
            case ListOpKind.RemoveAt: core.RemoveAt(op.Index); break;
            case ListOpKind.RemoveRange: core.RemoveRange(op.Index, op.Count); break;
            case ListOpKind.SetItem: core.SetItem(op.Index, op.Value); break;
            case ListOpKind.Slice: core.Slice(op.Index, op.Count); break;
            case ListOpKind.Freeze: core = Freeze(core); break;
            default: throw new ArgumentOutOfRangeException(nameof(op));
        }

        _core = core;
        if (!_transient)
        {
            _frozen = _core.Frozen();
        }
    }

    /// <summary>Publishes like Builder.ToImmutable: the frozen copy, and a new token for further edits.</summary>
    private ListCore<int, G> Freeze(ListCore<int, G> core)
    {
        _frozen = core.Frozen();
        var next = _frozen.Value;
        next.Owner = _transient ? new EditToken() : null;
        return next;
    }

    public int[] CheckAndRead()
    {
        TrieChecker<int, G>.Check(_core);
        var array = _core.ToArray();
        for (int i = 0; i < array.Length; i += 1 + (array.Length / 16))
        {
            if (_core.ItemRef(i) != array[i])
            {
                throw new InvalidOperationException($"Indexing disagrees with the leaf walk at {i}.");
            }
        }

        return array;
    }

    public Func<int[]>? Version()
    {
        if (_frozen is not { } frozen)
        {
            return null;
        }

        TrieChecker<int, G>.Check(frozen);
        return () => frozen.ToArray();
    }
}

/// <summary>Reads a list every way it can be read and checks they agree, after a deep-check.</summary>
public static class ListReads
{
    public static int[] CheckAndRead(PersistentList<int> list)
    {
        TrieChecker<int, DefaultGeometry>.Check(list.Core);
        var array = list.ToArray();
        if (array.Length != list.Count)
        {
            throw new InvalidOperationException("ToArray length != Count.");
        }

        int at = 0;
        foreach (var x in list)
        {
            if (at >= array.Length || array[at++] != x)
            {
                throw new InvalidOperationException($"Enumerator disagrees with ToArray at {at - 1}.");
            }
        }

        at = 0;
        foreach (var chunk in list.Chunks)
        {
            if (chunk.Length == 0 || chunk.Length > RrbTree<int, DefaultGeometry>.MaxLeaf || !chunk.SequenceEqual(array.AsSpan(at, chunk.Length)))
            {
                throw new InvalidOperationException($"Chunk at {at} disagrees with ToArray.");
            }

            at += chunk.Length;
        }

        if (at != array.Length)
        {
            throw new InvalidOperationException("Chunks do not cover the list.");
        }

        for (int i = 0; i < array.Length; i += 1 + (array.Length / 16))
        {
            if (list[i] != array[i] || list.ItemRef(i) != array[i])
            {
                throw new InvalidOperationException($"Indexer disagrees with ToArray at {i}.");
            }
        }

        return array;
    }
}
