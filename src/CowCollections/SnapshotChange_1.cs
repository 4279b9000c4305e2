using System.Diagnostics;

namespace CowCollections;

/// <summary>
/// One published change of a watchable container: the version it replaced, the version it published and
/// the container's <c>Version</c> number after it. Delivered to subscribers after publication.
/// </summary>
/// <remarks>
/// A small struct: creating and copying it does not allocate. Both snapshots are frozen values; comparing
/// them (for example with a dictionary's <c>Diff</c>) costs what the values make it cost, and is only paid
/// by a subscriber that asks.
/// </remarks>
/// <typeparam name="TSnapshot">The immutable value type the container publishes.</typeparam>
[DebuggerDisplay("Version = {Version}")]
public readonly struct SnapshotChange<TSnapshot>
{
    /// <summary>Creates a change record. O(1), no allocation.</summary>
    /// <param name="oldSnapshot">The value replaced by the change.</param>
    /// <param name="newSnapshot">The value the change published.</param>
    /// <param name="version">The container's version number after the change.</param>
    public SnapshotChange(TSnapshot oldSnapshot, TSnapshot newSnapshot, long version)
    {
        OldSnapshot = oldSnapshot;
        NewSnapshot = newSnapshot;
        Version = version;
    }

    /// <summary>The value that was current just before this change (version <c>Version - 1</c>).</summary>
    public TSnapshot OldSnapshot { get; }

    /// <summary>The value this change published.</summary>
    public TSnapshot NewSnapshot { get; }

    /// <summary>The container's version number after this change; a subscriber sees these strictly increasing by one.</summary>
    public long Version { get; }
}
