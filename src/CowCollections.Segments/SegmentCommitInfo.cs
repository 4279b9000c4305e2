using System;
using System.Collections.Generic;

namespace CowCollections.Segments;

/// <summary>One retained commit of a segment file: its number, time, size and root names.</summary>
public sealed class SegmentCommitInfo
{
    internal SegmentCommitInfo(long number, DateTimeOffset timestamp, long committedLength, long bytesAppended, IReadOnlyList<string> rootNames)
    {
        Number = number;
        Timestamp = timestamp;
        CommittedLength = committedLength;
        BytesAppended = bytesAppended;
        RootNames = rootNames;
    }

    /// <summary>The commit number: 0 for a new file, one more per commit.</summary>
    public long Number { get; }

    /// <summary>When the commit was made (UTC, millisecond precision).</summary>
    public DateTimeOffset Timestamp { get; }

    /// <summary>The file length this commit made durable (for older commits: the end of its root table).</summary>
    public long CommittedLength { get; }

    /// <summary>Bytes this commit appended (known for a commit made by this writer; -1 otherwise).</summary>
    public long BytesAppended { get; }

    /// <summary>The names of the roots in this commit, in ordinal order.</summary>
    public IReadOnlyList<string> RootNames { get; }

    /// <inheritdoc/>
    public override string ToString() => $"commit {Number} at {Timestamp:O}: {RootNames.Count} roots";
}
