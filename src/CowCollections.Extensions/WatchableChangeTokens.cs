using System;
using System.Diagnostics.CodeAnalysis;
using System.Threading;
using Microsoft.Extensions.Primitives;

namespace CowCollections;

/// <summary>
/// Bridges <see cref="IWatchable{TSnapshot}"/> containers to <see cref="IChangeToken"/>, so code written for
/// Microsoft.Extensions (configuration reload, <see cref="ChangeToken.OnChange(Func{IChangeToken}, Action)"/>,
/// options monitors, cache dependencies) can watch a copy-on-write container without glue.
/// </summary>
public static class WatchableChangeTokens
{
    /// <summary>
    /// Returns a token that fires once, on the first change published after this call. Like every
    /// <see cref="IChangeToken"/> it is single-use: take a new one after it fired (which
    /// <see cref="ChangeToken.OnChange(Func{IChangeToken}, Action)"/> does for you).
    /// </summary>
    /// <remarks>
    /// <para><see cref="IChangeToken.HasChanged"/> follows the contract of <see cref="CancellationChangeToken"/>:
    /// it turns true only when the token fires, that is when its registered callbacks are being invoked (never
    /// before), so a change published while a consumer of the previous token runs (a write the consumer makes
    /// itself, or another thread's) is always followed by one more callback that runs after it, and
    /// <see cref="ChangeToken.OnChange(Func{IChangeToken}, Action)"/> never drops its registration. The token
    /// fires on the delivery of the first change after its creation, or at once, in its constructor, when a
    /// change raced its creation. Registered callbacks run once, on the writer thread that delivers the change
    /// (see <see cref="IWatchable{TSnapshot}"/>), or immediately on the registering thread when the token has
    /// already fired. A callback that throws surfaces as the writer's
    /// <see cref="AggregateException"/>, after the change was published.</para>
    /// <para>Cost: one subscription per live token, released when the token fires. A token that never
    /// fires keeps its subscription (a few small objects) until the container changes.</para>
    /// </remarks>
    /// <typeparam name="TSnapshot">The container's value type.</typeparam>
    /// <param name="source">The container to watch.</param>
    /// <returns>A change token with <see cref="IChangeToken.ActiveChangeCallbacks"/> true.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="source"/> is null.</exception>
    public static IChangeToken GetChangeToken<TSnapshot>(this IWatchable<TSnapshot> source)
    {
        ArgumentNullException.ThrowIfNull(source);
        return new WatchableChangeToken<TSnapshot>(source);
    }

    /// <summary>
    /// Calls <paramref name="onChange"/> with the container's current value after each change, for as long
    /// as the result is not disposed; the <see cref="ChangeToken.OnChange(Func{IChangeToken}, Action)"/>
    /// loop over <see cref="GetChangeToken{TSnapshot}"/>.
    /// </summary>
    /// <remarks>
    /// Several changes published close together may be seen as one call with the newest value (change tokens
    /// coalesce); use <see cref="IWatchable{TSnapshot}.Subscribe(Action{SnapshotChange{TSnapshot}})"/> to see
    /// every version.
    /// </remarks>
    /// <typeparam name="TSnapshot">The container's value type.</typeparam>
    /// <param name="source">The container to watch.</param>
    /// <param name="onChange">Receives the current value after a change.</param>
    /// <returns>Disposing it stops the calls.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="source"/> or <paramref name="onChange"/> is null.</exception>
    public static IDisposable OnChange<TSnapshot>(this IWatchable<TSnapshot> source, Action<TSnapshot> onChange)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(onChange);
        return ChangeToken.OnChange(source.GetChangeToken, () => onChange(source.Snapshot));
    }

    /// <summary>
    /// A one-shot token: a subscription cancels a <see cref="CancellationTokenSource"/> on the first change
    /// after the token's start version, then unsubscribes itself.
    /// </summary>
    [SuppressMessage("Reliability", "CA1001:Types that own disposable fields should be disposable", Justification = "The source is never cancelled with a timer, so it holds no unmanaged resource; IChangeToken consumers never dispose tokens.")]
    private sealed class WatchableChangeToken<TSnapshot> : IChangeToken
    {
        private readonly IWatchable<TSnapshot> _source;
        private readonly long _startVersion;
        private readonly CancellationTokenSource _fired = new();
        private readonly CancellationChangeToken _inner;
        private IDisposable? _subscription;

        public WatchableChangeToken(IWatchable<TSnapshot> source)
        {
            _source = source;
            _inner = new CancellationChangeToken(_fired.Token);
            _startVersion = source.Version;
            var subscription = source.Subscribe(_ => Fire());
            Volatile.Write(ref _subscription, subscription);

            // A change between reading the version and subscribing was not delivered to us; the version shows it.
            if (source.Version != _startVersion || _fired.IsCancellationRequested)
            {
                Fire();
            }
        }

        /// <summary>
        /// True once <see cref="Fire"/> started invoking the callbacks: never merely because the version moved,
        /// or <see cref="ChangeToken.OnChange(Func{IChangeToken}, Action)"/> would take a change whose delivery
        /// is still queued (behind the delivery running its consumer) for one already handled and drop its
        /// registration.
        /// </summary>
        public bool HasChanged => _fired.IsCancellationRequested;

        public bool ActiveChangeCallbacks => true;

        public IDisposable RegisterChangeCallback(Action<object?> callback, object? state) =>
            _inner.RegisterChangeCallback(callback, state);

        private void Fire()
        {
            Interlocked.Exchange(ref _subscription, null)?.Dispose();

            // Thread-safe and idempotent; runs the registered callbacks on this thread the first time.
            _fired.Cancel();
        }
    }
}
