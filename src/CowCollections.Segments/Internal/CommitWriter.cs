using System.Collections.Generic;

namespace CowCollections.Segments.Internal;

/// <summary>
/// The state of one commit while its records are appended: the buffer, the file's table of durable node
/// offsets, and the nodes written by this commit (registered in the table only once the commit is durable).
/// </summary>
internal sealed class CommitWriter(RecordBuffer buffer, NodeTable table)
{
    private readonly Dictionary<object, long> _written = new(ReferenceEqualityComparer.Instance);
    private readonly List<(object Node, long Offset, string? CodecId)> _roots = [];

    public RecordBuffer Buffer { get; } = buffer;

    /// <summary>Where <paramref name="node"/> already is: written by an earlier commit, or earlier in this one.</summary>
    public bool TryFind(object node, out long offset) =>
        table.TryGet(node, out offset) || _written.TryGetValue(node, out offset);

    public bool TryFindRoot(object value, string codecId, out long offset) => table.TryGet(value, out offset, codecId);

    public void Written(object node, long offset) => _written[node] = offset;

    public void WrittenRoot(object value, long offset, string codecId) => _roots.Add((value, offset, codecId));

    /// <summary>Called after the header is durable: from now on these nodes are found by later commits.</summary>
    public void Publish()
    {
        foreach (var (node, offset) in _written)
        {
            table.Add(node, offset);
        }

        table.AddRange(_roots);
    }
}

/// <summary>What a reader needs to decode nodes: the view, and the writer's node table when the file is open for writing.</summary>
internal sealed class ReadContext(MappedView view, NodeTable? table)
{
    public MappedView View { get; } = view;

    public NodeTable? Table { get; } = table;

    public string Path => View.Path;

    public void Register(object node, long offset, string? codecId = null) => Table?.Add(node, offset, codecId);
}
