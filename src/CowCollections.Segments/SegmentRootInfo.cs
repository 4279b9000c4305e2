namespace CowCollections.Segments;

/// <summary>
/// What one root of a commit holds, read from its root record without decoding the collection
/// (<see cref="SegmentSnapshot.GetRootInfo(string)"/>): its kind, its size and the codecs it was written with.
/// </summary>
public sealed class SegmentRootInfo
{
    internal SegmentRootInfo(string name, SegmentRootKind kind, long count, string valueCodecId, string? keyCodecId)
    {
        Name = name;
        Kind = kind;
        Count = count;
        ValueCodecId = valueCodecId;
        KeyCodecId = keyCodecId;
    }

    /// <summary>The root name.</summary>
    public string Name { get; }

    /// <summary>Whether the root is a list, an array, a dictionary or a set.</summary>
    public SegmentRootKind Kind { get; }

    /// <summary>The number of elements (list, array, set) or entries (dictionary).</summary>
    public long Count { get; }

    /// <summary>The id of the codec of the elements (list, array, set) or of the values (dictionary), as <see cref="ISegmentCodec{T}.Id"/> gave it.</summary>
    public string ValueCodecId { get; }

    /// <summary>The id of the key codec of a dictionary; null for a list, an array or a set.</summary>
    public string? KeyCodecId { get; }

    /// <inheritdoc/>
    public override string ToString() => Kind switch
    {
        SegmentRootKind.Dictionary => $"'{Name}': dictionary of {Count} entries, codecs '{KeyCodecId}' -> '{ValueCodecId}'",
        SegmentRootKind.Set => $"'{Name}': set of {Count} elements, codec '{ValueCodecId}'",
        SegmentRootKind.Array => $"'{Name}': array of {Count} elements, codec '{ValueCodecId}'",
        _ => $"'{Name}': list of {Count} elements, codec '{ValueCodecId}'",
    };
}
