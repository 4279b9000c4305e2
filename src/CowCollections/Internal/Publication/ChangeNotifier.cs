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
/// <para><b>Backlog.</b> Queued changes wait in a ring indexed by version (<see cref="PendingRing"/>): queueing,
/// finding the next version and removing it are O(1) (amortized: the ring doubles when a version lands
/// beyond its capacity, and a large ring is dropped once it is empty again), however many changes wait, so
/// a deliverer never falls further behind because the backlog grew. The backlog holds the changes published but not yet delivered: those published while a
/// delivery round runs (writers are never throttled by subscribers), plus any published after a version
/// whose publisher has not queued it yet. Nothing bounds its length but the rate at which writers publish
/// beyond the rate at which subscribers consume; each entry keeps its old and new snapshot alive (they share
/// most of their structure with their neighbours). The writer that delivers returns when the ring holds no
/// next version, so while other writers keep outpacing the subscribers its call lasts as long as they do;
/// once they stop, it returns after delivering what is left, in time linear in that backlog.</para>
/// </summary>
internal sealed class ChangeNotifier<TValue>
    where TValue : class
{
    private readonly object _gate = new();

    /// <summary>Copy-on-write; written under the gate, read without it by publishers.</summary>
    private Subscription[] _subscribers = [];

    private readonly PendingRing _pending = new();

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

            _pending.Add(change, _delivered + 1);
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
                    if (!_pending.TryTakeNext(_delivered + 1, out next))
                    {
                        _draining = false;
                        finished = true;
                        break;
                    }

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

    /// <summary>
    /// The queued changes, each at slot <c>version mod capacity</c> (capacity a power of two). Every queued
    /// version lies in [next, next + capacity), where next is the version to deliver next: a change is only
    /// queued above the delivered version, and the ring doubles before a version would land outside the
    /// window. An empty slot holds <c>default</c> (version 0, never published). Guarded by the notifier's gate.
    /// </summary>
    private sealed class PendingRing
    {
        private const int InitialCapacity = 16;

        /// <summary>The largest ring kept once it is empty again.</summary>
        private const int RetainedCapacity = 1024;

        private SnapshotChange<TValue>[] _slots = new SnapshotChange<TValue>[InitialCapacity];
        private int _count;

        /// <summary>Queues <paramref name="change"/>; <paramref name="next"/> is the next version to deliver (at most the change's). Amortized O(1).</summary>
        public void Add(SnapshotChange<TValue> change, long next)
        {
            if (change.Version - next >= _slots.Length)
            {
                Grow(change.Version - next + 1, next);
            }

            _slots[Slot(change.Version)] = change;
            _count++;
        }

        /// <summary>Removes and returns version <paramref name="next"/> when it is queued. O(1).</summary>
        public bool TryTakeNext(long next, out SnapshotChange<TValue> change)
        {
            int slot = Slot(next);
            change = _slots[slot];
            if (_count == 0 || change.Version != next)
            {
                return false;
            }

            _slots[slot] = default;
            if (--_count == 0 && _slots.Length > RetainedCapacity)
            {
                // A large backlog was drained: do not keep its ring for the container's life.
                _slots = new SnapshotChange<TValue>[InitialCapacity];
            }

            return true;
        }

        /// <summary>Drops every queued change (the notifier restarts after a period without subscribers). O(capacity).</summary>
        public void Clear()
        {
            if (_slots.Length > RetainedCapacity)
            {
                _slots = new SnapshotChange<TValue>[InitialCapacity];
            }
            else if (_count != 0)
            {
                Array.Clear(_slots);
            }

            _count = 0;
        }

        private int Slot(long version) => (int)(version & (_slots.Length - 1));

        private void Grow(long needed, long next)
        {
            int capacity = _slots.Length;
            while (capacity < needed)
            {
                capacity = checked(capacity * 2);
            }

            var grown = new SnapshotChange<TValue>[capacity];
            for (long version = next; version < next + _slots.Length; version++)
            {
                var change = _slots[Slot(version)];
                if (change.Version == version)
                {
                    grown[(int)(version & (capacity - 1))] = change;
                }
            }

            _slots = grown;
        }
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
