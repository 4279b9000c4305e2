namespace CowCollections.Segments.Internal;

/// <summary>
/// The steps of the commit protocol where tests inject a crash (an exception thrown by
/// <c>SegmentFile.FaultInjector</c>), as bbolt's tests do at each fsync.
/// </summary>
internal enum FaultPoint
{
    /// <summary>The nodes and the commit record are written, before the first fsync.</summary>
    AfterAppend,

    /// <summary>The first fsync is done, before any header byte is written.</summary>
    BeforeHeader,

    /// <summary>Half of the header slot is written (a torn header).</summary>
    MidHeader,

    /// <summary>The header slot is written, before the second fsync.</summary>
    AfterHeader,
}
