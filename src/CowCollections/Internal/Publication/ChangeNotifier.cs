using System;
using System.Collections.Generic;
using System.Threading;

namespace CowCollections.Internal.Publication;

/// <summary>
/// Delivers the changes an <see cref="AtomicRoot{TValue}"/> publishes to its subscribers. Owned by the root;
/// created by the first <c>Subscribe</c> and kept for the container's life.
/// Invariants (every field below is guarded by <see cref="_gate"/> unless it says otherwise):
/// <list type="bullet">
/// <item>Every version up to <see cref="_delivered"/> has been delivered or was published while there was
/// nobody to deliver it to; the next version delivered is exactly <c>_delivered + 1</c>.</item>
/// <item>At most one thread delivers at a time (<see cref="_draining"/>), so deliveries never overlap and
/// never reorder; the gate is never held while a subscriber runs.</item>
/// <item>A publisher that saw subscribers queues its change; the first publisher that finds nobody
/// delivering becomes the deliverer and delivers every queued change in version order until the next one
/// is missing (its publisher has not queued it yet, and will deliver it when it does).</item>
/// <item>A subscriber receives exactly the versions greater than the version read after it was added:
/// publishers fence (compare-and-swap) before reading <see cref="_subscribers"/>, and <c>Subscribe</c>
/// fences (Interlocked.Exchange) after writing it and before reading the version, so either the publisher
/// sees the subscriber or the subscriber's start version already includes the change.</item>
/// </list>
/// </summary>
internal sealed class ChangeNotifier<TValue>
    where TValue : class
{
    private readonly object _gate = new();

    /// <summary>Copy-on-write; written under the gate, read without it by publishers.</summary>
    private Subscription[] _subscribers = [];

    private readonly List<SnapshotChange<TValue>> _pending = [];

    private long _delivered;

    private bool _draining;

    /// <summary>True when some subscription is active: the publisher's only cost when it is not.</summary>
    public bool HasSubscribers => Volatile.Read(ref _subscribers).Length != 0;

    /// <summary>Adds a subscriber that receives every version above the one current after it was added.</summary>
    public IDisposable Subscribe(Action<SnapshotChange<TValue>> onChange, Action<Exception>? onError, ref AtomicRoot<TValue>.Published current)
    {
        var subscription = new Subscription(this, onChange, onError);
        lock (_gate)
        {
            var before = _subscribers;
            var after = new Subscription[before.Length + 1];
            before.CopyTo(after, 0);
            after[^1] = subscription;

            // Full fence between publishing the subscriber and reading the version (see the invariants).
            Interlocked.Exchange(ref _subscribers, after);
            long start = Volatile.Read(ref current).Version;
            subscription.StartVersion = start;
            if (before.Length == 0)
            {
                // Nobody was listening: publishers may have skipped versions up to `start`, and anything
                // still queued is at most `start` (it was queued before we took the gate).
                _delivered = Math.Max(_delivered, start);
                _pending.Clear();
            }
        }

        return subscription;
    }

    /// <summary>Called by the publisher after its compare-and-swap succeeded and it saw <see cref="HasSubscribers"/>.</summary>
    public void OnPublished(SnapshotChange<TValue> change)
    {
        lock (_gate)
        {
            if (change.Version <= _delivered)
            {
                // Published while nobody was subscribed; a later subscriber starts after it.
                return;
            }

            _pending.Add(change);
            if (_draining)
            {
                return;
            }

            _draining = true;
        }

        Drain();
    }

    private void Drain()
    {
        List<Exception>? errors = null;
        bool finished = false;
        try
        {
            while (true)
            {
                SnapshotChange<TValue> next;
                Subscription[] subscribers;
                lock (_gate)
                {
                    int index = IndexOfNext();
                    if (index < 0)
                    {
                        _draining = false;
                        finished = true;
                        break;
                    }

                    next = _pending[index];
                    _pending.RemoveAt(index);
                    _delivered = next.Version;
                    subscribers = _subscribers;
                }

                foreach (var subscription in subscribers)
                {
                    subscription.Deliver(next, ref errors);
                }
            }
        }
        finally
        {
            if (!finished)
            {
                lock (_gate)
                {
                    _draining = false;
                }
            }
        }

        if (errors is not null)
        {
            throw new AggregateException("A change was published, but one or more subscribers threw while it was delivered.", errors);
        }
    }

    private int IndexOfNext()
    {
        long wanted = _delivered + 1;
        for (int i = 0; i < _pending.Count; i++)
        {
            if (_pending[i].Version == wanted)
            {
                return i;
            }
        }

        return -1;
    }

    private void Remove(Subscription subscription)
    {
        lock (_gate)
        {
            int index = Array.IndexOf(_subscribers, subscription);
            if (index < 0)
            {
                return;
            }

            var before = _subscribers;
            var after = new Subscription[before.Length - 1];
            Array.Copy(before, 0, after, 0, index);
            Array.Copy(before, index + 1, after, index, before.Length - index - 1);
            Volatile.Write(ref _subscribers, after);
        }
    }

    /// <summary>One subscriber; disposing it removes it (idempotent).</summary>
    private sealed class Subscription(ChangeNotifier<TValue> owner, Action<SnapshotChange<TValue>> onChange, Action<Exception>? onError) : IDisposable
    {
        private int _disposed;

        /// <summary>The version current when the subscription started; it receives only later ones. Written under the gate before publication.</summary>
        public long StartVersion { get; set; }

        public void Deliver(SnapshotChange<TValue> change, ref List<Exception>? errors)
        {
            if (change.Version <= StartVersion || Volatile.Read(ref _disposed) != 0)
            {
                return;
            }

            try
            {
                onChange(change);
            }
            catch (Exception ex) when (onError is not null)
            {
                try
                {
                    onError(ex);
                }
                catch (Exception handlerError)
                {
                    (errors ??= []).Add(handlerError);
                }
            }
            catch (Exception ex)
            {
                (errors ??= []).Add(ex);
            }
        }

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                owner.Remove(this);
            }
        }
    }
}
