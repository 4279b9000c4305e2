using System;

namespace CowCollections.Segments;

/// <summary>
/// A usage error, not damage: the caller asked for a root as one kind of collection (a dictionary, say) and the
/// commit holds another kind under that name (a list). The file is fine; ask for <see cref="ActualKind"/>
/// instead (<see cref="SegmentSnapshot.GetKind"/> tells it without opening the value).
/// </summary>
public sealed class SegmentRootKindException : InvalidOperationException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="filePath">The segment file.</param>
    /// <param name="rootName">The root that was asked for.</param>
    /// <param name="requestedKind">The kind the caller asked for.</param>
    /// <param name="actualKind">The kind the commit holds under that name.</param>
    public SegmentRootKindException(string filePath, string rootName, SegmentRootKind requestedKind, SegmentRootKind actualKind)
        : base($"Root '{rootName}' of segment file '{filePath}' is a {actualKind}, not a {requestedKind}.")
    {
        FilePath = filePath;
        RootName = rootName;
        RequestedKind = requestedKind;
        ActualKind = actualKind;
    }

    /// <summary>The path of the segment file.</summary>
    public string FilePath { get; }

    /// <summary>The root that was asked for.</summary>
    public string RootName { get; }

    /// <summary>The kind the caller asked for.</summary>
    public SegmentRootKind RequestedKind { get; }

    /// <summary>The kind the commit holds under <see cref="RootName"/>.</summary>
    public SegmentRootKind ActualKind { get; }
}
