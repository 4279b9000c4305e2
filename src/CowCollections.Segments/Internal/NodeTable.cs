using System.Collections.Generic;
using System.Runtime.CompilerServices;

namespace CowCollections.Segments.Internal;

/// <summary>
/// "A node that is already in the file remembers where" (SEGMENTS.md rule 7), without a field in the
/// engines: a weak map from node identity (a <c>Branch</c>, a leaf array, a collection value) to its record
/// offset in one file. Entries die with their nodes. Only durable offsets are added: a commit registers
/// its new nodes after its header is on disk, so a failed commit leaves no entry pointing at bytes a later
/// commit will overwrite.
/// </summary>
internal sealed class NodeTable
{
    private readonly ConditionalWeakTable<object, Location> _table = new();

    public bool TryGet(object node, out long offset, string? codecId = null)
    {
        if (_table.TryGetValue(node, out var location) && (codecId is null || location.CodecId == codecId))
        {
            offset = location.Offset;
            return true;
        }

        offset = 0;
        return false;
    }

    public void Add(object node, long offset, string? codecId = null) =>
        _table.AddOrUpdate(node, new Location(offset, codecId));

    /// <summary>A table for a compacted file: every node whose record moved, at its new offset; the rest are dropped.</summary>
    public NodeTable Remap(IReadOnlyDictionary<long, long> moved)
    {
        var next = new NodeTable();
        foreach (var (node, location) in _table)
        {
            if (moved.TryGetValue(location.Offset, out long offset))
            {
                next.Add(node, offset, location.CodecId);
            }
        }

        return next;
    }

    public void AddRange(List<(object Node, long Offset, string? CodecId)> entries)
    {
        foreach (var (node, offset, codecId) in entries)
        {
            Add(node, offset, codecId);
        }
    }

    private sealed class Location(long offset, string? codecId)
    {
        public long Offset { get; } = offset;

        public string? CodecId { get; } = codecId;
    }
}
