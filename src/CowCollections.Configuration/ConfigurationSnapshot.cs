using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Primitives;

namespace CowCollections.Configuration;

/// <summary>
/// An <see cref="IConfiguration"/> (a root or a section) followed as watchable snapshots: every reload of
/// the configuration that changes its content publishes one new <see cref="PersistentDictionary{TKey, TValue}"/>
/// of its flattened keys, atomically. Create it with
/// <see cref="ConfigurationSnapshotExtensions.ToSnapshot(IConfiguration)"/>.
/// </summary>
/// <remarks>
/// <para><b>Content.</b> A snapshot holds exactly the pairs of
/// <c>configuration.AsEnumerable(makePathsRelative: true)</c>: every section path (with
/// <see cref="ConfigurationPath.KeyDelimiter"/>), relative to the section the snapshot was made from, with its
/// value (null for a section that only has children). Keys compare with
/// <see cref="StringComparer.OrdinalIgnoreCase"/>, as <see cref="IConfiguration"/> lookups do; values compare
/// ordinally.</para>
/// <para><b>Reloads.</b> The snapshot follows the configuration's own reload token
/// (<see cref="ChangeToken.OnChange(Func{IChangeToken}, Action)"/> over
/// <see cref="IConfiguration.GetReloadToken"/>). Each time it fires, the configuration is read again and a new
/// version is published only when the content differs (<see cref="PersistentDictionary{TKey, TValue}.DictionaryEquals"/>),
/// so a provider that fires twice for one edit (the file providers with <c>reloadOnChange</c>) yields one
/// version. A read during which the reload token fired again is discarded: the callback for that token reads
/// again, so a published version never mixes two reloads that the configuration announced.</para>
/// <para><b>Readers</b> take no lock: <see cref="Snapshot"/> is one volatile read. A reload of many keys is
/// published as one version. Subscribers get the old and new snapshot;
/// <see cref="SnapshotChangeExtensions.Diff{TKey, TValue}(SnapshotChange{PersistentDictionary{TKey, TValue}})"/>
/// lists the changed keys. Deliveries run on the thread that reloaded the configuration (for a file provider,
/// its change callback); a subscriber without an error handler that throws makes that reload throw, after
/// the version was published, as <see cref="IWatchable{TSnapshot}"/> describes.</para>
/// <para><b>Cost.</b> Each reload reads the whole configuration (O(n) for n keys, plus the providers' own
/// lookups) and compares it with the current version (O(n)); readers pay nothing.</para>
/// </remarks>
[DebuggerDisplay("Count = {Snapshot.Count}, Version = {Version}")]
public sealed class ConfigurationSnapshot : IWatchable<PersistentDictionary<string, string?>>, IDisposable
{
    /// <summary>Why binding is not trim-safe: the binder reflects over the options type.</summary>
    internal const string BindingRequiresUnreferencedCode = "Binding options uses Microsoft.Extensions.Configuration.Binder, which reflects over the members of the options type and its properties' types; they may be trimmed.";

    /// <summary>Why binding is not AOT-safe.</summary>
    internal const string BindingRequiresDynamicCode = "Binding options uses Microsoft.Extensions.Configuration.Binder, which may create generic collection types at run time.";

    private readonly IConfiguration _configuration;
    private readonly CopyOnWriteDictionary<string, string?> _items;

    /// <summary>Serializes reloads (never taken by readers), so versions are published in the order they were read.</summary>
    private readonly object _reloadGate = new();
    private readonly IDisposable _registration;
    private bool _disposed;

    internal ConfigurationSnapshot(IConfiguration configuration)
    {
        _configuration = configuration;
        lock (_reloadGate)
        {
            var before = configuration.GetReloadToken();
            _items = new CopyOnWriteDictionary<string, string?>(Read(configuration));
            _registration = ChangeToken.OnChange(configuration.GetReloadToken, Reload);

            // A reload between the first read and the registration fired a token the registration never saw.
            if (before.HasChanged)
            {
                Reload();
            }
        }
    }

    /// <summary>The current version: frozen, lock-free, one volatile read. O(1).</summary>
    public PersistentDictionary<string, string?> Snapshot => _items.Snapshot;

    /// <summary>How many versions have been published after the first read: one per reload that changed the content. O(1).</summary>
    public long Version => _items.Version;

    /// <summary>The value of <paramref name="key"/> (a path such as <c>Logging:LogLevel:Default</c>) in the current version, or null. O(log32 n), no lock.</summary>
    /// <param name="key">The flattened key, compared case-insensitively.</param>
    /// <exception cref="ArgumentNullException"><paramref name="key"/> is null.</exception>
    public string? this[string key] => Snapshot.GetValueOrDefault(key);

    /// <summary>Delivers every version published after this call; see <see cref="IWatchable{TSnapshot}"/>.</summary>
    /// <param name="onChange">Receives the old and new snapshot and the version number.</param>
    /// <returns>Disposing it (idempotent) stops the deliveries.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="onChange"/> is null.</exception>
    public IDisposable Subscribe(Action<SnapshotChange<PersistentDictionary<string, string?>>> onChange) => _items.Subscribe(onChange);

    /// <summary>Delivers every version published after this call; what <paramref name="onChange"/> throws goes to <paramref name="onError"/>.</summary>
    /// <param name="onChange">Receives each change.</param>
    /// <param name="onError">Receives the exceptions of <paramref name="onChange"/>.</param>
    /// <returns>Disposing it (idempotent) stops the deliveries.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="onChange"/> or <paramref name="onError"/> is null.</exception>
    public IDisposable Subscribe(Action<SnapshotChange<PersistentDictionary<string, string?>>> onChange, Action<Exception> onError) => _items.Subscribe(onChange, onError);

    /// <summary>Delivers every version published after this call to <paramref name="observer"/>'s <c>OnNext</c>.</summary>
    /// <param name="observer">The observer.</param>
    /// <returns>Disposing it (idempotent) stops the deliveries.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="observer"/> is null.</exception>
    public IDisposable Subscribe(IObserver<SnapshotChange<PersistentDictionary<string, string?>>> observer) => _items.Subscribe(observer);

    /// <summary>Stops following reloads; the last version stays readable and no further version is published. Idempotent.</summary>
    public void Dispose()
    {
        lock (_reloadGate)
        {
            _disposed = true;
        }

        _registration.Dispose();
    }

    /// <summary>The flattened pairs of <paramref name="configuration"/>, as <c>AsEnumerable(makePathsRelative: true)</c> yields them. O(n).</summary>
    internal static PersistentDictionary<string, string?> Read(IConfiguration configuration)
    {
        var builder = PersistentDictionary.CreateBuilder<string, string?>(StringComparer.OrdinalIgnoreCase);
        foreach (var pair in configuration.AsEnumerable(makePathsRelative: true))
        {
            builder[pair.Key] = pair.Value;
        }

        return builder.ToImmutable();
    }

    private void Reload()
    {
        lock (_reloadGate)
        {
            if (_disposed)
            {
                return;
            }

            var token = _configuration.GetReloadToken();
            var next = Read(_configuration);
            if (token.HasChanged)
            {
                // The configuration reloaded while it was being read; the registration's callback for that
                // reload reads it again, so this possibly mixed read is never published.
                return;
            }

            _items.Update(next, static (current, read) => current.DictionaryEquals(read) ? current : read);
        }
    }
}
