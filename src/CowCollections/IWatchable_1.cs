using System;

namespace CowCollections;

/// <summary>
/// A container whose published changes can be watched: every copy-on-write container implements it.
/// </summary>
/// <remarks>
/// <para><b>Delivery.</b> A change is delivered after it has been published (readers can already see it), on
/// the thread of a writer of that container: normally the writer that published it; when writers race, one of
/// them delivers the changes of the others that are ready, so delivery never waits for a subscriber
/// on another thread. No lock that readers or the compare-and-swap need is held while a subscriber runs.</para>
/// <para><b>Order.</b> Per container, each subscriber receives changes one at a time, in version order,
/// strictly increasing by one and without gaps, starting with the first change published after
/// <c>Subscribe</c> read the version. Deliveries to different subscribers of the same change happen in
/// subscription order, and change <c>v + 1</c> is delivered to nobody before change <c>v</c> has been
/// delivered to everybody.</para>
/// <para><b>Re-entrancy.</b> A subscriber may read, write, subscribe and unsubscribe. A write from inside
/// a subscriber is published immediately and delivered after the current delivery returns (the write call
/// returns before its own notification runs).</para>
/// <para><b>Exceptions.</b> A subscriber that throws does not stop the others and does not affect the
/// container: the change is already published. Exceptions are passed to the subscription's error handler
/// when it has one; otherwise they are collected and, once every pending change has been delivered to
/// every subscriber, thrown to the delivering writer as one <see cref="AggregateException"/>. The write that
/// throws it has still been published.</para>
/// <para><b>Cost.</b> With no subscriber, a write pays one null or length check. With subscribers, a write
/// takes a short internal lock to queue its change, plus the subscribers' own time.</para>
/// <para><b>Backlog.</b> Changes published while a delivery runs are queued; delivering each costs O(1)
/// (amortized) however many wait. Writers are never throttled by subscribers, so the queue holds every change
/// published and not yet delivered: nothing bounds its length but how much faster writers publish than the
/// subscribers consume, and each queued change keeps its two snapshots alive (mostly shared with the
/// neighbouring versions). The writer that is delivering returns when no next change is queued: while other
/// writers keep outpacing slow subscribers its write lasts as long as they do; once they stop, it delivers
/// what is left, in time linear in it, and returns. Keep subscribers fast, or hand the work to a queue of
/// your own, when writers are many and busy.</para>
/// </remarks>
/// <typeparam name="TSnapshot">The immutable value the container publishes.</typeparam>
public interface IWatchable<TSnapshot> : IObservable<SnapshotChange<TSnapshot>>
{
    /// <summary>The current value (one volatile read).</summary>
    TSnapshot Snapshot { get; }

    /// <summary>How many changes have been published; grows by exactly one per published change.</summary>
    long Version { get; }

    /// <summary>Calls <paramref name="onChange"/> after every change published from now on, until the result is disposed.</summary>
    /// <param name="onChange">Receives each change; see the interface remarks for thread, order and exceptions.</param>
    /// <returns>Disposing it (idempotent) stops deliveries that have not started yet.</returns>
    IDisposable Subscribe(Action<SnapshotChange<TSnapshot>> onChange);

    /// <summary>
    /// Calls <paramref name="onChange"/> after every change published from now on; exceptions it throws go to
    /// <paramref name="onError"/> instead of the delivering writer.
    /// </summary>
    /// <param name="onChange">Receives each change.</param>
    /// <param name="onError">Receives what <paramref name="onChange"/> threw; if it throws too, that exception goes to the writer.</param>
    /// <returns>Disposing it (idempotent) stops deliveries that have not started yet.</returns>
    IDisposable Subscribe(Action<SnapshotChange<TSnapshot>> onChange, Action<Exception> onError);
}
