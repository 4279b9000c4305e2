namespace CowCollections.Segments;

/// <summary>Options of a segment writer.</summary>
public sealed class SegmentWriteOptions
{
    /// <summary>
    /// True (the default): every commit is durable: nodes are fsynced before the header slot is written and
    /// the header is fsynced before the commit returns. False: no fsync at all; commits are still atomic
    /// (a reader or a reopen never sees half a commit), but the last commits may be lost in a power failure
    /// or kernel crash. A process crash loses nothing either way.
    /// </summary>
    public bool FlushToDisk { get; init; } = true;
}
