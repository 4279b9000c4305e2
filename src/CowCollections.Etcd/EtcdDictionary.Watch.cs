using System;
using System.Diagnostics;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using CowCollections.Etcd.Internal;
using Etcdserverpb;
using Google.Protobuf.Collections;
using Grpc.Core;

namespace CowCollections.Etcd;

/// <content>
/// The watch task, the only writer of the mirror: consistent reads, the watch stream with its liveness
/// heartbeat, one publication per etcd revision, compaction recovery and reconnection.
/// </content>
public sealed partial class EtcdDictionary
{
    /// <summary>gRPC metadata that makes a member cancel the watch when it loses its leader (etcd's "require leader").</summary>
    private static readonly Metadata RequireLeader = new() { { "hasleader", "true" } };

    /// <summary>The last revision whose changes are in the published state (the watch resumes after it). Watch task only.</summary>
    private long _resumeRevision;

    /// <summary>Replaced (never mutated) by the watch task.</summary>
    private EtcdMirrorHealth _health;

    /// <summary>Completed and replaced each time a version is published.</summary>
    private TaskCompletionSource _publishedSignal = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>The highest revision a keys-only check found the mirror equal to the cluster at (Interlocked).</summary>
    private long _verifiedRevision;

    /// <summary>The current reconnection delay; reset once a watch is established.</summary>
    private TimeSpan _reconnectDelay;

    /// <summary>One linearizable read of the whole prefix: its content and mod revisions at the header's revision.</summary>
    private static async Task<EtcdSnapshot> ReadPrefixAsync(KV.KVClient kv, EtcdKeys keys, EtcdDictionaryOptions options, CancellationToken cancellationToken)
    {
        var request = new RangeRequest { Key = keys.PrefixBytes, RangeEnd = keys.RangeEnd };
        var response = await kv.RangeAsync(request, deadline: DateTime.UtcNow + options.RequestTimeout, cancellationToken: cancellationToken).ConfigureAwait(false);
        var items = PersistentDictionary.CreateBuilder<string, string>();
        var modRevisions = PersistentDictionary.CreateBuilder<string, long>();
        foreach (var kv2 in response.Kvs)
        {
            var key = keys.Relative(kv2.Key);
            items[key] = EtcdKeys.Value(kv2.Value);
            modRevisions[key] = kv2.ModRevision;
        }

        return new EtcdSnapshot(items.ToImmutable(), modRevisions.ToImmutable(), response.Header.Revision);
    }

    private async Task RunAsync()
    {
        var stop = _stop.Token;
        _reconnectDelay = _options.MinReconnectDelay;
        while (!stop.IsCancellationRequested)
        {
            try
            {
                if (await WatchAsync(stop).ConfigureAwait(false))
                {
                    await ResyncAsync(stop).ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                break;
            }
            catch (Exception error)
            {
                // Lost connection, stopped or restarted member, no leader, silent stream, failed re-read: back off, then resume.
                var health = Volatile.Read(ref _health);
                SetHealth(new EtcdMirrorHealth(false, health.AppliedRevision, health.ObservedRevision, health.LastContact, health.Reconnects + 1, health.Resyncs, error));
                try
                {
                    await Task.Delay(_reconnectDelay, stop).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    break;
                }

                _reconnectDelay = TimeSpan.FromTicks(Math.Min(_reconnectDelay.Ticks * 2, _options.MaxReconnectDelay.Ticks));
            }
        }

        var last = Volatile.Read(ref _health);
        SetHealth(new EtcdMirrorHealth(false, last.AppliedRevision, last.ObservedRevision, last.LastContact, last.Reconnects, last.Resyncs, last.LastError));
    }

    /// <summary>Watches from the resume revision + 1 until the stream fails (throws) or reports a compaction (returns true).</summary>
    private async Task<bool> WatchAsync(CancellationToken stop)
    {
        using var streamCancellation = CancellationTokenSource.CreateLinkedTokenSource(stop);
        using var call = _watch.Watch(new CallOptions(headers: RequireLeader, cancellationToken: streamCancellation.Token));
        var create = new WatchCreateRequest { Key = _keys.PrefixBytes, RangeEnd = _keys.RangeEnd, StartRevision = _resumeRevision + 1 };
        await call.RequestStream.WriteAsync(new WatchRequest { CreateRequest = create }, streamCancellation.Token).ConfigureAwait(false);

        var liveness = new Liveness();
        var heartbeat = HeartbeatAsync(call.RequestStream, liveness, streamCancellation);
        try
        {
            while (await call.ResponseStream.MoveNext(streamCancellation.Token).ConfigureAwait(false))
            {
                var response = call.ResponseStream.Current;
                liveness.Heard();
                if (response.CompactRevision != 0)
                {
                    return true;
                }

                if (response.Canceled)
                {
                    throw new IOException($"etcd cancelled the watch: {response.CancelReason}");
                }

                if (response.Created)
                {
                    _reconnectDelay = _options.MinReconnectDelay;
                }

                Apply(response.Events);
                Heard();
            }

            throw new IOException("The etcd member closed the watch stream.");
        }
        catch (Exception) when (liveness.TimedOut && !stop.IsCancellationRequested)
        {
            throw new TimeoutException($"The watch stream was silent for longer than {_options.WatchTimeout}; reconnecting.");
        }
        finally
        {
            await streamCancellation.CancelAsync().ConfigureAwait(false);
            await heartbeat.ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Asks for a progress notification every <see cref="EtcdDictionaryOptions.ProgressInterval"/> and drops the stream when nothing arrived for
    /// <see cref="EtcdDictionaryOptions.WatchTimeout"/>. Never throws.
    /// </summary>
    private async Task HeartbeatAsync(IClientStreamWriter<WatchRequest> requests, Liveness liveness, CancellationTokenSource stream)
    {
        var progress = new WatchRequest { ProgressRequest = new WatchProgressRequest() };
        try
        {
            while (!stream.IsCancellationRequested)
            {
                await Task.Delay(_options.ProgressInterval, stream.Token).ConfigureAwait(false);
                if (liveness.SilentFor > _options.WatchTimeout)
                {
                    liveness.TimedOut = true;
                    await stream.CancelAsync().ConfigureAwait(false);
                    return;
                }

                await requests.WriteAsync(progress, stream.Token).ConfigureAwait(false);
            }
        }
        catch (Exception error) when (error is OperationCanceledException or RpcException or InvalidOperationException or IOException)
        {
            // The stream ended; the reading side reports why.
        }
    }

    /// <summary>Applies the events of one watch response, one publication per revision (events arrive grouped and ordered by revision).</summary>
    private void Apply(RepeatedField<Mvccpb.Event> events)
    {
        var i = 0;
        while (i < events.Count)
        {
            var revision = events[i].Kv.ModRevision;
            var current = Current;
            var items = current.Items.ToBuilder();
            var modRevisions = current.ModRevisions.ToBuilder();
            for (; i < events.Count && events[i].Kv.ModRevision == revision; i++)
            {
                var kv = events[i].Kv;
                var key = _keys.Relative(kv.Key);
                if (events[i].Type == Mvccpb.Event.Types.EventType.Delete)
                {
                    items.Remove(key);
                    modRevisions.Remove(key);
                }
                else
                {
                    items[key] = EtcdKeys.Value(kv.Value);
                    modRevisions[key] = kv.ModRevision;
                }
            }

            // The watch starts after the resume revision, so this never skips; it guards "never applied twice".
            if (revision > _resumeRevision)
            {
                Publish(new EtcdSnapshot(items.ToImmutable(), modRevisions.ToImmutable(), revision));
                _resumeRevision = revision;
            }
        }
    }

    /// <summary>After a compaction: one linearizable read, published as one version when anything under the prefix changed meanwhile.</summary>
    private async Task ResyncAsync(CancellationToken stop)
    {
        var fresh = await ReadPrefixAsync(_kv, _keys, _options, stop).ConfigureAwait(false);
        var current = Current;
        if (fresh.Revision > current.Revision
            && !(fresh.Items.DictionaryEquals(current.Items) && fresh.ModRevisions.DictionaryEquals(current.ModRevisions)))
        {
            Publish(fresh);
        }

        _resumeRevision = Math.Max(_resumeRevision, fresh.Revision);
        var health = Volatile.Read(ref _health);
        SetHealth(new EtcdMirrorHealth(health.IsConnected, Revision, Math.Max(health.ObservedRevision, fresh.Revision), DateTimeOffset.UtcNow, health.Reconnects, health.Resyncs + 1, health.LastError));
        RaiseVerified(fresh.Revision);
    }

    private void Publish(EtcdSnapshot next)
    {
        try
        {
            _published.Update(next, static (list, snapshot) => list.SetItem(0, snapshot));
        }
        catch (AggregateException subscriberErrors)
        {
            // Published already; a subscriber threw and had no error handler. Record it, keep mirroring.
            var health = Volatile.Read(ref _health);
            SetHealth(new EtcdMirrorHealth(health.IsConnected, next.Revision, Math.Max(health.ObservedRevision, next.Revision), health.LastContact, health.Reconnects, health.Resyncs, subscriberErrors));
        }

        Interlocked.Exchange(ref _publishedSignal, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
    }

    /// <summary>Records that the watch stream answered: connected, applied revision, time of contact.</summary>
    private void Heard()
    {
        var health = Volatile.Read(ref _health);
        var applied = Revision;
        SetHealth(new EtcdMirrorHealth(true, applied, Math.Max(health.ObservedRevision, applied), DateTimeOffset.UtcNow, health.Reconnects, health.Resyncs, health.LastError));
    }

    /// <summary>Raises the revision at which the mirror is known to equal the cluster (any thread).</summary>
    private void RaiseVerified(long revision)
    {
        var seen = Interlocked.Read(ref _verifiedRevision);
        while (revision > seen)
        {
            var previous = Interlocked.CompareExchange(ref _verifiedRevision, revision, seen);
            if (previous == seen)
            {
                return;
            }

            seen = previous;
        }
    }

    /// <summary>True when <paramref name="check"/> (a keys-only read) lists exactly the keys of <paramref name="mirror"/> with the same mod revisions.</summary>
    private bool ShowsSameKeys(EtcdSnapshot mirror, RangeResponse check)
    {
        if (check.Kvs.Count != mirror.ModRevisions.Count)
        {
            return false;
        }

        foreach (var kv in check.Kvs)
        {
            if (!mirror.TryGetModRevision(_keys.Relative(kv.Key), out var modRevision) || modRevision != kv.ModRevision)
            {
                return false;
            }
        }

        return true;
    }

    private void SetHealth(EtcdMirrorHealth health) => Volatile.Write(ref _health, health);

    /// <summary>Completes once a version at <paramref name="revision"/> or later is published (for revisions known to touch the prefix).</summary>
    private async Task WaitForAppliedAsync(long revision, CancellationToken cancellationToken)
    {
        while (true)
        {
            ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
            var published = Volatile.Read(ref _publishedSignal);
            if (Revision >= revision)
            {
                return;
            }

            await published.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>When the stream last delivered anything, shared by the reader and the heartbeat.</summary>
    private sealed class Liveness
    {
        private long _lastHeard = Stopwatch.GetTimestamp();
        private volatile bool _timedOut;

        public bool TimedOut
        {
            get => _timedOut;
            set => _timedOut = value;
        }

        public TimeSpan SilentFor => Stopwatch.GetElapsedTime(Interlocked.Read(ref _lastHeard));

        public void Heard() => Interlocked.Exchange(ref _lastHeard, Stopwatch.GetTimestamp());
    }
}
