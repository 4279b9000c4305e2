using System;
using System.Threading;

namespace CowCollections.Segments;

/// <summary>
/// Binds a container (<see cref="CopyOnWriteList{T}"/>, <see cref="CopyOnWriteDictionary{TKey, TValue}"/> or <see cref="CopyOnWriteSet{T}"/>) to a
/// root of a segment file: <see cref="Commit"/> writes the container's current snapshot when it changed since
/// the last commit, and the optional auto-commit does that on a timer. Create one with
/// <see cref="SegmentFile.BindList{T}(string, CopyOnWriteList{T}, ISegmentCodec{T}, SegmentBindingOptions)"/> or
/// <see cref="SegmentFile.BindDictionary{TKey, TValue}(string, CopyOnWriteDictionary{TKey, TValue}, ISegmentCodec{TKey}, ISegmentCodec{TValue}, SegmentBindingOptions)"/> or
/// <see cref="SegmentFile.BindSet{T}(string, CopyOnWriteSet{T}, ISegmentCodec{T}, SegmentBindingOptions)"/>.
/// </summary>
/// <remarks>
/// Each commit writes one frozen snapshot (the container's writes keep going meanwhile, lock-free), so
/// the file always holds a version the container really had. Only nodes not yet in the file are written.
/// Thread-safe; <see cref="Dispose"/> stops the timer and, when <see cref="SegmentBindingOptions.CommitOnDispose"/>
/// is set, commits one last time. It does not dispose the file.
/// </remarks>
public sealed class SegmentBinding : IDisposable
{
    private readonly object _gate = new();
    private readonly Func<long> _version;
    private readonly Func<SegmentCommitInfo> _commitSnapshot;
    private readonly SegmentBindingOptions _options;
    private readonly Timer? _timer;
    private long _committedVersion = -1;
    private Exception? _lastError;
    private bool _disposed;

    /// <param name="name">The root name.</param>
    /// <param name="version">The container's version (changes with every write).</param>
    /// <param name="commitSnapshot">Commits the container's current snapshot (read after <paramref name="version"/>).</param>
    /// <param name="options">Auto-commit options.</param>
    internal SegmentBinding(string name, Func<long> version, Func<SegmentCommitInfo> commitSnapshot, SegmentBindingOptions options)
    {
        Name = name;
        _version = version;
        _commitSnapshot = commitSnapshot;
        _options = options;
        if (options.AutoCommitInterval is { } interval)
        {
            _timer = new Timer(_ => AutoCommit(), null, interval, interval);
        }
    }

    /// <summary>The root name the container is committed under.</summary>
    public string Name { get; }

    /// <summary>The container's <see cref="CopyOnWriteList{T}.Version"/> that was last committed (-1: none yet).</summary>
    public long CommittedVersion => Interlocked.Read(ref _committedVersion);

    /// <summary>The exception of the last failed auto-commit (null when the last one succeeded). Auto-commit keeps trying.</summary>
    public Exception? LastAutoCommitError => Volatile.Read(ref _lastError);

    /// <summary>
    /// Commits the container's current snapshot if its version changed since the last commit. O(changed
    /// nodes x depth) plus two fsyncs.
    /// </summary>
    /// <returns>The new commit, or null when nothing changed.</returns>
    public SegmentCommitInfo? Commit()
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            return CommitLocked();
        }
    }

    /// <summary>Stops auto-commit and, if configured, commits once more.</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            _timer?.Dispose();
            if (_options.CommitOnDispose)
            {
                CommitLocked();
            }
        }
    }

    private SegmentCommitInfo? CommitLocked()
    {
        long version = _version();
        if (version == _committedVersion)
        {
            return null;
        }

        var info = _commitSnapshot();
        Interlocked.Exchange(ref _committedVersion, version);
        return info;
    }

    private void AutoCommit()
    {
        if (!Monitor.TryEnter(_gate))
        {
            return;
        }

        try
        {
            if (!_disposed)
            {
                CommitLocked();
                Volatile.Write(ref _lastError, null);
            }
        }
        catch (Exception e) when (e is SegmentException or System.IO.IOException or ObjectDisposedException or InvalidOperationException)
        {
            Volatile.Write(ref _lastError, e);
        }
        finally
        {
            Monitor.Exit(_gate);
        }
    }
}

/// <summary>Options of a container bound to a segment file.</summary>
public sealed class SegmentBindingOptions
{
    /// <summary>
    /// When set, the binding commits the container on this period whenever its version changed (the
    /// auto-commit option). Null (the default): commits happen only on <see cref="SegmentBinding.Commit"/>.
    /// </summary>
    public TimeSpan? AutoCommitInterval { get; init; }

    /// <summary>Commit once more when the binding is disposed (default true).</summary>
    public bool CommitOnDispose { get; init; } = true;
}
