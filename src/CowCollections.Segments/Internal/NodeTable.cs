using System.Collections.Generic;
using System.Runtime.CompilerServices;

namespace CowCollections.Segments.Internal;

/// <summary>
/// "A node that is already in the file remembers where", without a field in the
/// engines: a weak map from node identity (a list node, a leaf array, a CHAMP node, a collection value)
/// to its record offset in one file, with the number of entries below it for CHAMP nodes (a parent record
/// stores its children's counts). Entries die with their nodes. Only durable offsets are added: a commit
/// registers its new nodes after its header is on disk, so a failed commit leaves no entry pointing at bytes
/// a later commit will overwrite.
/// <para>It also remembers, per root name, the last dictionary converted to the format's key comparer (see
/// <see cref="DictionaryRecords{TKey, TValue}"/>), so the next version is converted by its diff.</para>
/// </summary>
internal sealed class NodeTable
{
    private readonly ConditionalWeakTable<object, Location> _table = new();
    private readonly Dictionary<string, Conversion> _conversions = new(System.StringComparer.Ordinal);

    /// <summary>The record of <paramref name="node"/> written with the codec <paramref name="codecId"/> (the same node under another codec is another record).</summary>
    public bool TryGet(object node, out long offset, out long count, string codecId)
    {
        if (_table.TryGetValue(node, out var location) && location.CodecId == codecId)
        {
            offset = location.Offset;
            count = location.Count;
            return true;
        }

        offset = 0;
        count = 0;
        return false;
    }

    public void Add(object node, long offset, string codecId, long count = 0) =>
        _table.AddOrUpdate(node, new Location(offset, codecId, count));

    public bool TryGetConversion(string name, out Conversion conversion)
    {
        lock (_conversions)
        {
            return _conversions.TryGetValue(name, out conversion!);
        }
    }

    public void SetConversion(string name, Conversion conversion)
    {
        lock (_conversions)
        {
            _conversions[name] = conversion;
        }
    }

    /// <summary>A table for a compacted file: every node whose record moved, at its new offset; the rest are dropped.</summary>
    public NodeTable Remap(IReadOnlyDictionary<long, long> moved)
    {
        var next = new NodeTable();
        foreach (var (node, location) in _table)
        {
            if (moved.TryGetValue(location.Offset, out long offset))
            {
                next.Add(node, offset, location.CodecId, location.Count);
            }
        }

        lock (_conversions)
        {
            foreach (var (name, conversion) in _conversions)
            {
                next._conversions[name] = conversion;
            }
        }

        return next;
    }

    /// <summary>A dictionary (<see cref="Source"/>, with its own key comparer) and the same entries under the format's comparer.</summary>
    internal sealed record Conversion(object Source, object Converted);

    private sealed record Location(long Offset, string CodecId, long Count);
}
