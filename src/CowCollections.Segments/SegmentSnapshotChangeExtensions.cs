namespace CowCollections.Segments;

/// <summary>Helpers for the changes a <see cref="SegmentWatcher"/> delivers.</summary>
public static class SegmentSnapshotChangeExtensions
{
    /// <summary>
    /// True when <paramref name="change"/> crosses a compaction (or any replacement of the file): its new snapshot
    /// comes from a new file, commits between the two snapshots may be gone, and its version may equal the previous
    /// one or jump (see <see cref="SegmentWatcher"/>). False for an ordinary commit, whose version is the previous + 1.
    /// O(1), no allocation.
    /// </summary>
    /// <param name="change">A change delivered by a <see cref="SegmentWatcher"/>.</param>
    /// <returns>Whether the file was replaced between the two snapshots.</returns>
    /// <exception cref="System.ArgumentNullException">A snapshot of <paramref name="change"/> is null (a default-constructed change).</exception>
    public static bool IsReset(this SnapshotChange<SegmentSnapshot> change)
    {
        System.ArgumentNullException.ThrowIfNull(change.OldSnapshot, nameof(change));
        System.ArgumentNullException.ThrowIfNull(change.NewSnapshot, nameof(change));
        return change.OldSnapshot.FileId != change.NewSnapshot.FileId;
    }
}
