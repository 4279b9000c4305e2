using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Threading;
using System.Threading.Tasks;
using CowCollections.Etcd.Internal;
using dotnet_etcd;
using Etcdserverpb;
using Grpc.Core;

namespace CowCollections.Etcd;

/// <summary>
/// A key prefix of an etcd cluster mirrored into this process as a watchable
/// <see cref="PersistentDictionary{TKey, TValue}"/>: each etcd revision that touches the prefix becomes exactly
/// one published version, never torn. Writes go through etcd's own transactions.
/// </summary>
/// <remarks>
/// <para><b>Start-up.</b> <see cref="StartAsync"/> reads the prefix with one linearizable <c>Range</c> at some
/// revision R (version 0), then watches from R + 1, so no change is missed or applied twice.</para>
/// <para><b>Versions.</b> The events of one etcd revision (a put, a delete, or every operation of a
/// transaction) are applied together and published as one version whose <see cref="EtcdSnapshot.Revision"/>
/// is that revision; published revisions strictly increase. A put of an unchanged value is a revision too,
/// so it publishes a version with an empty Diff and a new mod revision. Keys are relative to
/// <see cref="Prefix"/>; values are decoded as UTF-8.</para>
/// <para><b>Recovery.</b> A watch cancelled by compaction (the revisions it needs are gone) is followed by a
/// fresh linearizable <c>Range</c>, published as one version when anything under the prefix changed. A lost
/// connection, a stopped or restarted member, a member without a leader (the watch asks for one) or a stream
/// silent for <see cref="EtcdDictionaryOptions.WatchTimeout"/> are followed by a new watch, after a backoff
/// that doubles from <see cref="EtcdDictionaryOptions.MinReconnectDelay"/> to
/// <see cref="EtcdDictionaryOptions.MaxReconnectDelay"/>, resuming from the last applied revision + 1 on
/// whichever member the client's channel picks. <see cref="Health"/> tells whether the mirror is connected
/// and how current it is.</para>
/// <para><b>Readers</b> take no lock: <see cref="Snapshot"/> and <see cref="Current"/> are one volatile read
/// each. Subscribers run on the mirror's watch task, one version at a time, with the contract of
/// <see cref="IWatchable{TSnapshot}"/>; what a subscriber without an error handler throws is recorded in
/// <see cref="EtcdMirrorHealth.LastError"/> and does not stop the mirror.</para>
/// <para><b>Writes</b> (<see cref="SetItemsAsync"/>, <see cref="UpdateAsync"/>) are single etcd transactions
/// (at most etcd's <c>--max-txn-ops</c>, 128 by default, keys per write) and return once this mirror shows
/// them (read-your-writes).</para>
/// </remarks>
[DebuggerDisplay("Prefix = {Prefix}, Revision = {Revision}, Version = {Version}")]
public sealed partial class EtcdDictionary : IWatchable<PersistentDictionary<string, string>>, IAsyncDisposable, IDisposable
{
    private readonly KV.KVClient _kv;
    private readonly Watch.WatchClient _watch;
    private readonly EtcdKeys _keys;
    private readonly EtcdDictionaryOptions _options;

    /// <summary>The one publication point: a one-element list whose versions are the mirror's versions (a single writer, the watch task).</summary>
    private readonly CopyOnWriteList<EtcdSnapshot> _published;
    private readonly WatchableProjection<PersistentList<EtcdSnapshot>, PersistentDictionary<string, string>> _items;
    private readonly CancellationTokenSource _stop = new();
    private Task _loop = Task.CompletedTask;
    private int _disposed;

    private EtcdDictionary(EtcdClient client, EtcdKeys keys, EtcdDictionaryOptions options, EtcdSnapshot initial)
    {
        var connection = client.GetConnection();
        _kv = connection.KVClient;
        _watch = connection.WatchClient;
        _keys = keys;
        _options = options;
        _published = new CopyOnWriteList<EtcdSnapshot>(PersistentList.Create(initial));
        _items = new WatchableProjection<PersistentList<EtcdSnapshot>, PersistentDictionary<string, string>>(_published, static list => list[0].Items);
        Snapshots = new WatchableProjection<PersistentList<EtcdSnapshot>, EtcdSnapshot>(_published, static list => list[0]);
        _resumeRevision = initial.Revision;
        _health = new EtcdMirrorHealth(false, initial.Revision, initial.Revision, DateTimeOffset.UtcNow, 0, 0, null);
    }

    /// <summary>The etcd key prefix this mirror follows; the dictionary's keys are relative to it.</summary>
    public string Prefix => _keys.Prefix;

    /// <summary>The current version's keys and values. O(1), one volatile read, no lock.</summary>
    public PersistentDictionary<string, string> Snapshot => Current.Items;

    /// <summary>The current version with its etcd revision and mod revisions, read together. O(1), one volatile read.</summary>
    public EtcdSnapshot Current => _published.Snapshot[0];

    /// <summary>The etcd revision of the current version (<see cref="EtcdSnapshot.Revision"/>). O(1).</summary>
    public long Revision => Current.Revision;

    /// <summary>How many versions have been published since start-up: one per etcd revision that touched the prefix (plus one per compaction recovery that found changes). O(1).</summary>
    public long Version => _published.Version;

    /// <summary>The same versions as this dictionary, each with its etcd revision: subscribe here to learn the revision of every change.</summary>
    public IWatchable<EtcdSnapshot> Snapshots { get; }

    /// <summary>Connected or not, the last applied and observed revisions, and the last contact. O(1), one volatile read (two when a revision check raised the observed revision).</summary>
    public EtcdMirrorHealth Health
    {
        get
        {
            var health = Volatile.Read(ref _health);
            var verified = Interlocked.Read(ref _verifiedRevision);
            return verified > health.ObservedRevision ? health.WithObservedRevision(verified) : health;
        }
    }

    /// <summary>
    /// Reads <paramref name="prefix"/> from the cluster with one linearizable <c>Range</c> and starts watching it
    /// from the next revision.
    /// </summary>
    /// <remarks>One round trip (O(n) for n keys) before it returns; the watch then runs in the background until
    /// the mirror is disposed. The client stays the caller's: dispose it after the mirror.</remarks>
    /// <param name="client">The etcd client (its channel chooses members and reconnects).</param>
    /// <param name="prefix">The key prefix, not empty; for example <c>"config/my-service/"</c>.</param>
    /// <param name="options">Timing settings, or null for the defaults.</param>
    /// <param name="cancellationToken">Cancels the first read.</param>
    /// <returns>The running mirror, at version 0.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="client"/> or <paramref name="prefix"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="prefix"/> is empty, or <paramref name="options"/> holds a non-positive or inconsistent time.</exception>
    /// <exception cref="RpcException">The first read failed.</exception>
    public static async Task<EtcdDictionary> StartAsync(EtcdClient client, string prefix, EtcdDictionaryOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(prefix);
        if (prefix.Length == 0)
        {
            throw new ArgumentException("The prefix must not be empty.", nameof(prefix));
        }

        var settings = (options ?? new EtcdDictionaryOptions()).Validated(nameof(options));
        var keys = new EtcdKeys(prefix);
        var initial = await ReadPrefixAsync(client.GetConnection().KVClient, keys, settings, cancellationToken).ConfigureAwait(false);
        var mirror = new EtcdDictionary(client, keys, settings, initial);
        mirror._loop = Task.Run(mirror.RunAsync, CancellationToken.None);
        return mirror;
    }

    /// <summary>Delivers every version published after this call; see <see cref="IWatchable{TSnapshot}"/>. Runs on the watch task.</summary>
    /// <param name="onChange">Receives each change.</param>
    /// <returns>Disposing it (idempotent) stops the deliveries.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="onChange"/> is null.</exception>
    public IDisposable Subscribe(Action<SnapshotChange<PersistentDictionary<string, string>>> onChange) => _items.Subscribe(onChange);

    /// <summary>Delivers every version published after this call; what <paramref name="onChange"/> throws goes to <paramref name="onError"/>.</summary>
    /// <param name="onChange">Receives each change.</param>
    /// <param name="onError">Receives the exceptions of <paramref name="onChange"/>.</param>
    /// <returns>Disposing it (idempotent) stops the deliveries.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="onChange"/> or <paramref name="onError"/> is null.</exception>
    public IDisposable Subscribe(Action<SnapshotChange<PersistentDictionary<string, string>>> onChange, Action<Exception> onError) => _items.Subscribe(onChange, onError);

    /// <summary>Delivers every version published after this call to <paramref name="observer"/>'s <c>OnNext</c>.</summary>
    /// <param name="observer">The observer.</param>
    /// <returns>Disposing it (idempotent) stops the deliveries.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="observer"/> is null.</exception>
    public IDisposable Subscribe(IObserver<SnapshotChange<PersistentDictionary<string, string>>> observer) => _items.Subscribe(observer);

    /// <summary>
    /// Completes once the mirror is known to show the cluster's state at <paramref name="revision"/> or later: its
    /// own revision reached it, or a linearizable read of the prefix's keys at a revision at least that high
    /// found exactly the mirror's keys and mod revisions.
    /// </summary>
    /// <remarks>Immediate when <see cref="Revision"/> is already high enough (always the case after this mirror's
    /// own writes). Otherwise each check is one keys-only read (O(n) keys, no values); between checks it waits
    /// for the next published version or <see cref="EtcdDictionaryOptions.ProgressInterval"/>. A successful check
    /// raises <see cref="EtcdMirrorHealth.ObservedRevision"/>.</remarks>
    /// <param name="revision">An etcd revision, for example the header revision of a direct read.</param>
    /// <param name="cancellationToken">Ends the wait.</param>
    /// <returns>A task that completes when the revision is observed.</returns>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled first.</exception>
    /// <exception cref="ObjectDisposedException">The mirror was disposed.</exception>
    public async Task WaitForRevisionAsync(long revision, CancellationToken cancellationToken = default)
    {
        while (true)
        {
            ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
            var published = Volatile.Read(ref _publishedSignal);
            if (Revision >= revision || Interlocked.Read(ref _verifiedRevision) >= revision)
            {
                return;
            }

            try
            {
                var check = await _kv.RangeAsync(new RangeRequest { Key = _keys.PrefixBytes, RangeEnd = _keys.RangeEnd, KeysOnly = true }, deadline: Deadline(), cancellationToken: cancellationToken).ConfigureAwait(false);
                if (check.Header.Revision >= revision && ShowsSameKeys(Current, check))
                {
                    RaiseVerified(check.Header.Revision);
                    return;
                }
            }
            catch (Exception unreachable) when (!cancellationToken.IsCancellationRequested && unreachable is RpcException or OperationCanceledException)
            {
                // The cluster is unreachable for now; check again after the next version or interval.
            }

            await Task.WhenAny(published.Task, Task.Delay(_options.ProgressInterval, cancellationToken)).ConfigureAwait(false);
            cancellationToken.ThrowIfCancellationRequested();
        }
    }

    /// <summary>
    /// Writes every entry of <paramref name="items"/> (keys relative to <see cref="Prefix"/>) as one etcd
    /// transaction, so every mirror publishes them as one version, then waits until this mirror shows it.
    /// </summary>
    /// <remarks>One round trip plus the watch delivery; the transaction is unconditional (last writer wins per key).
    /// A put is idempotent, so repeating a call whose outcome was lost is safe.</remarks>
    /// <param name="items">The entries (a later duplicate key wins); at most etcd's <c>--max-txn-ops</c>.</param>
    /// <param name="cancellationToken">Cancels the request or the wait for the mirror.</param>
    /// <returns>The etcd revision of the transaction (0 when <paramref name="items"/> is empty).</returns>
    /// <exception cref="ArgumentNullException"><paramref name="items"/>, a key or a value is null.</exception>
    /// <exception cref="RpcException">etcd refused or could not be reached (for example: too many operations).</exception>
    /// <exception cref="ObjectDisposedException">The mirror was disposed.</exception>
    public async Task<long> SetItemsAsync(IEnumerable<KeyValuePair<string, string>> items, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(items);
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        var puts = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in items)
        {
            ArgumentNullException.ThrowIfNull(key, nameof(items));
            ArgumentNullException.ThrowIfNull(value, nameof(items));
            puts[key] = value;
        }

        if (puts.Count == 0)
        {
            return 0;
        }

        var txn = new TxnRequest();
        foreach (var (key, value) in puts)
        {
            txn.Success.Add(new RequestOp { RequestPut = new PutRequest { Key = _keys.Full(key), Value = EtcdKeys.Value(value) } });
        }

        var response = await _kv.TxnAsync(txn, deadline: Deadline(), cancellationToken: cancellationToken).ConfigureAwait(false);
        await WaitForAppliedAsync(response.Header.Revision, cancellationToken).ConfigureAwait(false);
        return response.Header.Revision;
    }

    /// <summary>Blocking form of <see cref="SetItemsAsync"/> for synchronous callers.</summary>
    /// <param name="items">The entries.</param>
    /// <returns>The etcd revision of the transaction (0 when <paramref name="items"/> is empty).</returns>
    /// <exception cref="ArgumentNullException"><paramref name="items"/>, a key or a value is null.</exception>
    /// <exception cref="RpcException">etcd refused or could not be reached.</exception>
    public long SetItems(IEnumerable<KeyValuePair<string, string>> items) => SetItemsAsync(items).GetAwaiter().GetResult();

    /// <summary>Blocking form of <see cref="UpdateAsync"/> for synchronous callers.</summary>
    /// <param name="transform">Computes the next content from the current one; must be pure.</param>
    /// <returns>The etcd revision the mirror shows the result at.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="transform"/> is null.</exception>
    /// <exception cref="InvalidOperationException"><paramref name="transform"/> returned null.</exception>
    /// <exception cref="EtcdCommitUnknownException">The outcome of a commit could not be known.</exception>
    public long Update(Func<PersistentDictionary<string, string>, PersistentDictionary<string, string>> transform) => UpdateAsync(transform).GetAwaiter().GetResult();

    /// <summary>Stops the watch and waits for the watch task to end. Idempotent; the client is not disposed.</summary>
    /// <returns>A task that completes when the watch task has ended.</returns>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await _stop.CancelAsync().ConfigureAwait(false);
        try
        {
            await _loop.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }

        _stop.Dispose();
        Volatile.Read(ref _publishedSignal).TrySetResult();
    }

    /// <summary>Blocking form of <see cref="DisposeAsync"/>.</summary>
    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();

    private DateTime Deadline() => DateTime.UtcNow + _options.RequestTimeout;
}
