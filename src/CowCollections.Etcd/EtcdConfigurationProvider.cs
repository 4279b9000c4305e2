using System;
using System.Collections.Generic;
using System.Threading;
using Microsoft.Extensions.Configuration;

namespace CowCollections.Etcd;

/// <summary>
/// The configuration provider of an <see cref="EtcdConfigurationSource"/>: its data is the mirror's current
/// version, replaced in one reference assignment per published version, followed by the provider's reload
/// token.
/// </summary>
/// <remarks>
/// A configuration read sees whole etcd revisions only: each version's data is built completely before it
/// replaces the previous one. Several versions published in quick succession each trigger a reload; a
/// consumer of the reload token sees the newest data when it reads. Building one version's data is O(n)
/// for n keys.
/// </remarks>
public sealed class EtcdConfigurationProvider : ConfigurationProvider, IDisposable
{
    private readonly EtcdConfigurationSource _source;
    private readonly object _gate = new();
    private EtcdDictionary? _mirror;
    private bool _ownsMirror;
    private IDisposable? _subscription;
    private long _loadedVersion = -1;
    private int _disposed;

    /// <summary>Creates the provider; nothing is read before <see cref="Load"/>.</summary>
    /// <param name="source">The source.</param>
    /// <exception cref="ArgumentNullException"><paramref name="source"/> is null.</exception>
    public EtcdConfigurationProvider(EtcdConfigurationSource source)
    {
        ArgumentNullException.ThrowIfNull(source);
        _source = source;
    }

    /// <summary>The mirror behind this provider (null before the first <see cref="Load"/>).</summary>
    public EtcdDictionary? Mirror => Volatile.Read(ref _mirror);

    /// <summary>
    /// On the first call, starts the mirror (one linearizable read; blocks until it is done) unless the source
    /// supplied one, and subscribes to it; every call then loads the mirror's current version.
    /// </summary>
    /// <exception cref="Grpc.Core.RpcException">The first read of the prefix failed.</exception>
    /// <exception cref="ObjectDisposedException">The provider was disposed.</exception>
    public override void Load()
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        var mirror = Volatile.Read(ref _mirror);
        if (mirror is null)
        {
            lock (_gate)
            {
                if (_mirror is null)
                {
                    _ownsMirror = _source.Mirror is null;
                    var started = _source.Mirror ?? EtcdDictionary.StartAsync(_source.Client!, _source.Prefix!, _source.Options).GetAwaiter().GetResult();
                    _subscription = started.Subscribe(change => Replace(change.NewSnapshot, change.Version, reload: true));
                    Volatile.Write(ref _mirror, started);
                }

                mirror = _mirror;
            }
        }

        var current = mirror.Current;
        Replace(current.Items, mirror.Version, reload: false);
    }

    /// <summary>Unsubscribes and, if the provider started the mirror, disposes it. Idempotent.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        _subscription?.Dispose();
        if (_ownsMirror)
        {
            _mirror?.Dispose();
        }
    }

    /// <summary>Loads one version unless a newer one is loaded already (a subscriber and <c>Load</c> may race).</summary>
    private void Replace(PersistentDictionary<string, string> items, long version, bool reload)
    {
        lock (_gate)
        {
            if (version <= _loadedVersion)
            {
                return;
            }

            var data = new Dictionary<string, string?>(items.Count, StringComparer.OrdinalIgnoreCase);
            foreach (var (key, value) in items)
            {
                data[key.Replace(_source.KeyDelimiter, ConfigurationPath.KeyDelimiter, StringComparison.Ordinal)] = value;
            }

            Data = data;
            _loadedVersion = version;
        }

        if (reload)
        {
            OnReload();
        }
    }
}
