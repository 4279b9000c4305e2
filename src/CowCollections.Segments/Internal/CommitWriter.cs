using System.Collections.Generic;

namespace CowCollections.Segments.Internal;

/// <summary>
/// One commit in progress: the record buffer, the nodes it wrote (published to the writer's
/// <see cref="NodeTable"/> only after the commit is durable), and lookups of nodes already in the file.
/// </summary>
internal sealed class CommitWriter(RecordBuffer buffer, NodeTable table)
{
    private readonly Dictionary<object, (long Offset, string CodecId, long Count)> _written = new(ReferenceEqualityComparer.Instance);
    private readonly Dictionary<string, NodeTable.Conversion> _conversions = new(System.StringComparer.Ordinal);

    public RecordBuffer Buffer { get; } = buffer;

    public bool TryFind(object node, string codecId, out long offset) => TryFind(node, codecId, out offset, out _);

    /// <summary>
    /// The record of <paramref name="node"/> (a node or a collection value) if it is in the file or was written
    /// by this commit with the codec <paramref name="codecId"/>, with its entry count (CHAMP nodes).
    /// </summary>
    public bool TryFind(object node, string codecId, out long offset, out long count)
    {
        if (table.TryGet(node, out offset, out count, codecId))
        {
            return true;
        }

        if (_written.TryGetValue(node, out var written) && written.CodecId == codecId)
        {
            (offset, _, count) = written;
            return true;
        }

        return false;
    }

    public void Written(object node, long offset, string codecId, long count = 0) => _written[node] = (offset, codecId, count);

    /// <summary>The last conversion of root <paramref name="name"/>: this commit's, else the file's.</summary>
    public bool TryGetConversion(string name, out NodeTable.Conversion conversion) =>
        _conversions.TryGetValue(name, out conversion!) || table.TryGetConversion(name, out conversion);

    public void Converted(string name, object source, object converted) => _conversions[name] = new NodeTable.Conversion(source, converted);

    /// <summary>Called once the commit is durable: the file now holds these records.</summary>
    public void Publish()
    {
        foreach (var (node, (offset, codecId, count)) in _written)
        {
            table.Add(node, offset, codecId, count);
        }

        foreach (var (name, conversion) in _conversions)
        {
            table.SetConversion(name, conversion);
        }
    }
}

/// <summary>What decoding needs: the mapped view, and the writer's node table (null for read-only files) to register decoded nodes in.</summary>
internal sealed class ReadContext(MappedView view, NodeTable? table)
{
    public MappedView View { get; } = view;

    public NodeTable? Table { get; } = table;

    public string Path => View.Path;

    public void Register(object node, long offset, string codecId, long count = 0) => Table?.Add(node, offset, codecId, count);

    /// <summary>
    /// For a check of many commits that share nodes (null otherwise): the records decoded so far (see
    /// <see cref="CheckedRecords"/>), so each record is checked once however many commits reach it.
    /// </summary>
    public CheckedRecords? Checked { get; init; }

    /// <summary>The node decoded earlier for <paramref name="record"/> under a check (see <see cref="Checked"/>).</summary>
    public bool TryRecall<TNode>(in CheckedRecord record, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out TNode? node)
        where TNode : class
    {
        node = null;
        return Checked is { } memo && memo.TryRecall(record, out node);
    }

    /// <summary>Keeps <paramref name="node"/>, just decoded, as the decoding of <paramref name="record"/> under a check; returns it.</summary>
    public TNode Remember<TNode>(in CheckedRecord record, TNode node)
        where TNode : class
    {
        Checked?.Remember(record, node);
        return node;
    }
}

/// <summary>
/// The node records a check has decoded, by the record and what its parent expected of it. A record reached again
/// with the same expectations is the node already decoded and checked.
/// </summary>
internal sealed class CheckedRecords
{
    private readonly Dictionary<CheckedRecord, object> _nodes = [];

    /// <summary>How many node records were decoded (each distinct record once when sharing is recognised).</summary>
    public long Decoded { get; private set; }

    public bool TryRecall<TNode>(in CheckedRecord record, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out TNode? node)
        where TNode : class
    {
        node = _nodes.TryGetValue(record, out var known) ? known as TNode : null;
        return node is not null;
    }

    public void Remember(in CheckedRecord record, object node)
    {
        Decoded++;
        _nodes.TryAdd(record, node);
    }
}

/// <summary>
/// A record as a parent expects it: its offset, the level and count the parent requires, and the codecs it is read
/// with. Two reaches with equal keys check the same things, so the second can reuse the first's node.
/// </summary>
internal readonly record struct CheckedRecord(long Offset, int Level, long Expected, string Codecs);
