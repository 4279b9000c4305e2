using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using CowCollections.Segments;
using Microsoft.Extensions.Configuration;

namespace CowCollections.Configuration;

/// <summary>
/// The configuration provider of a <see cref="SegmentFileConfigurationSource"/>: its data is one commit's dictionary
/// root, replaced in one reference assignment per commit, followed by the provider's reload token.
/// </summary>
/// <remarks>
/// <para><b>Whole commits only.</b> A commit's data is built completely before it replaces the previous one, so a
/// configuration read never mixes two commits. Commits are loaded in commit order, each once; several commits in
/// quick succession each trigger a reload, and a consumer of the reload token reads the newest data.</para>
/// <para><b>How stale.</b> The provider learns of a commit through a <see cref="SegmentWatcher"/>: a file-change
/// notification, or at the latest one polling interval after the commit (one second by default).</para>
/// <para><b>Keys.</b> Configuration keys are case-insensitive. A commit whose root holds two keys that differ only
/// in case is refused: the provider keeps the data it has and reports the error in <see cref="LastError"/> (on the
/// first load, it throws). A commit without the root loads as empty configuration (the writer removed it).</para>
/// <para><b>Cost.</b> Loading a commit of n keys is O(n): the dictionary is read from the file's memory map (no
/// text is parsed) and copied into the case-insensitive table the configuration system reads.</para>
/// </remarks>
public sealed class SegmentFileConfigurationProvider : ConfigurationProvider, IDisposable
{
    private readonly SegmentFileConfigurationSource _source;
    private readonly object _gate = new();
    private SegmentWatcher? _watcher;
    private IDisposable? _subscription;
    private SegmentSnapshot? _loaded;
    private Exception? _lastError;
    private int _disposed;

    /// <summary>Creates the provider; nothing is read before <see cref="Load"/>.</summary>
    /// <param name="source">The source.</param>
    /// <exception cref="ArgumentNullException"><paramref name="source"/> is null.</exception>
    public SegmentFileConfigurationProvider(SegmentFileConfigurationSource source)
    {
        ArgumentNullException.ThrowIfNull(source);
        _source = source;
    }

    /// <summary>The watcher of the file (null before the first <see cref="Load"/>).</summary>
    public SegmentWatcher? Watcher => Volatile.Read(ref _watcher);

    /// <summary>The commit whose root is the current data (null before the first <see cref="Load"/>).</summary>
    public SegmentCommitInfo? Commit
    {
        get
        {
            lock (_gate)
            {
                return _loaded?.Commit;
            }
        }
    }

    /// <summary>Why the last commit found could not be loaded (see the remarks), or the watcher's last error; null when the newest commit found is loaded.</summary>
    public Exception? LastError => Volatile.Read(ref _lastError) ?? Volatile.Read(ref _watcher)?.LastError;

    /// <summary>
    /// On the first call, opens the file as a reader, starts watching it, and loads its newest commit; later calls
    /// load the newest commit the watcher has delivered, if it is not loaded yet.
    /// </summary>
    /// <exception cref="FileNotFoundException">There is no such file.</exception>
    /// <exception cref="SegmentException">The file is not a valid segment file.</exception>
    /// <exception cref="KeyNotFoundException">The first load found no root of that name.</exception>
    /// <exception cref="SegmentRootKindException">The root is not a dictionary.</exception>
    /// <exception cref="InvalidOperationException">The root holds keys that differ only in case.</exception>
    /// <exception cref="ObjectDisposedException">The provider was disposed.</exception>
    public override void Load()
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        var watcher = Volatile.Read(ref _watcher);
        if (watcher is null)
        {
            lock (_gate)
            {
                if (_watcher is null)
                {
                    var started = new SegmentWatcher(Path.GetFullPath(_source.Path!), _source.WatchOptions);
                    try
                    {
                        var first = started.Snapshot;
                        if (!first.Contains(_source.RootName!))
                        {
                            throw new KeyNotFoundException($"Commit {first.Commit.Number} of '{started.FilePath}' has no root named '{_source.RootName}'.");
                        }

                        Data = Read(first);
                        _loaded = first;
                        _subscription = started.Subscribe(change => Replace(change.NewSnapshot, reload: true), error => Volatile.Write(ref _lastError, error));
                    }
                    catch
                    {
                        started.Dispose();
                        throw;
                    }

                    Volatile.Write(ref _watcher, started);
                    return;
                }

                watcher = _watcher;
            }
        }

        Replace(watcher.Snapshot, reload: false);
    }

    /// <summary>Stops watching and closes the file. Idempotent.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        _subscription?.Dispose();
        _watcher?.Dispose();
    }

    /// <summary>Loads <paramref name="snapshot"/> unless a later commit is loaded already (a delivery and <c>Load</c> may race).</summary>
    private void Replace(SegmentSnapshot snapshot, bool reload)
    {
        lock (_gate)
        {
            if (_loaded is { } loaded && (ReferenceEquals(loaded, snapshot) || snapshot.Commit.Number < loaded.Commit.Number))
            {
                return;
            }

            Data = Read(snapshot);
            _loaded = snapshot;
            Volatile.Write(ref _lastError, null);
        }

        if (reload)
        {
            OnReload();
        }
    }

    /// <summary>The configuration table of one commit's root: O(n) for n keys.</summary>
    private Dictionary<string, string?> Read(SegmentSnapshot snapshot)
    {
        string root = _source.RootName!;
        if (!snapshot.TryGetDictionary(root, SegmentCodecs.String, SegmentCodecs.String, out var items))
        {
            return new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        }

        var data = new Dictionary<string, string?>(items.Count, StringComparer.OrdinalIgnoreCase);
        foreach (var (key, value) in items)
        {
            if (!data.TryAdd(key, value))
            {
                string other = data.Keys.First(k => StringComparer.OrdinalIgnoreCase.Equals(k, key));
                throw new InvalidOperationException($"Commit {snapshot.Commit.Number} of '{Volatile.Read(ref _watcher)?.FilePath ?? _source.Path}': root '{root}' holds the keys '{other}' and '{key}', which configuration keys (case-insensitive) cannot tell apart.");
            }
        }

        return data;
    }
}
