using System;
using System.Threading;

namespace CowCollections.Segments;

/// <summary>How a <see cref="SegmentWatcher"/> learns that the file changed.</summary>
public sealed class SegmentWatchOptions
{
    /// <summary>
    /// How often the file is checked whatever the notifications say: the fallback for file systems that send
    /// none (network file systems, some containers) and for notifications lost to an overflow. Default 1 second;
    /// <see cref="Timeout.InfiniteTimeSpan"/> turns polling off. A check that finds nothing new is O(1) in the file
    /// size: it reopens the file and reads its header slots and newest root table.
    /// </summary>
    public TimeSpan PollingInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// True (the default): listen for file-change notifications (<see cref="System.IO.FileSystemWatcher"/>, inotify
    /// on Linux), so a commit is usually delivered within milliseconds. False: rely on polling alone.
    /// </summary>
    public bool UseFileSystemEvents { get; init; } = true;
}
