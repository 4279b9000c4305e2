namespace CowCollections.Segments.Internal;

/// <summary>Which kind of collection a root record holds, read from its tag after the record's checks.</summary>
internal static class RootKinds
{
    /// <summary>The kind of the root record at <paramref name="offset"/>, held by the commit record at <paramref name="limit"/>.</summary>
    public static SegmentRootKind Read(MappedView view, long offset, long limit)
    {
        var tag = view.PeekTag(offset, limit);
        _ = view.Record(offset, tag, limit);
        return tag switch
        {
            RecordTag.ListRoot => SegmentRootKind.List,
            RecordTag.ArrayRoot => SegmentRootKind.Array,
            RecordTag.DictionaryRoot => SegmentRootKind.Dictionary,
            RecordTag.SetRoot => SegmentRootKind.Set,
            _ => throw new SegmentCorruptException(view.Path, offset, $"a root of the commit record at {limit} is a record of tag 0x{(byte)tag:x2}, not a list, array, dictionary or set root"),
        };
    }
}
