using System;

namespace CowCollections.Etcd;

/// <summary>Timing of an <see cref="EtcdDictionary"/>: request deadlines, watch liveness and reconnection backoff.</summary>
public sealed class EtcdDictionaryOptions
{
    /// <summary>The deadline of each range read and transaction (default 5 s).</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How often the mirror asks the cluster for a progress notification on its watch stream (default 1 s); it bounds how stale <see cref="EtcdMirrorHealth.LastContact"/> gets on a quiet prefix.</summary>
    public TimeSpan ProgressInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How long a watch stream may stay silent (no event, no progress) before it is dropped and re-established on another member (default 5 s). It catches a member that stopped answering without closing its connections.</summary>
    public TimeSpan WatchTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>The first delay before reconnecting after a lost watch (default 50 ms); it doubles per failed attempt up to <see cref="MaxReconnectDelay"/>.</summary>
    public TimeSpan MinReconnectDelay { get; set; } = TimeSpan.FromMilliseconds(50);

    /// <summary>The largest delay between reconnection attempts (default 2 s).</summary>
    public TimeSpan MaxReconnectDelay { get; set; } = TimeSpan.FromSeconds(2);

    internal EtcdDictionaryOptions Validated(string paramName)
    {
        Check(RequestTimeout, nameof(RequestTimeout), paramName);
        Check(ProgressInterval, nameof(ProgressInterval), paramName);
        Check(WatchTimeout, nameof(WatchTimeout), paramName);
        Check(MinReconnectDelay, nameof(MinReconnectDelay), paramName);
        Check(MaxReconnectDelay, nameof(MaxReconnectDelay), paramName);
        if (WatchTimeout <= ProgressInterval)
        {
            throw new ArgumentException($"{nameof(WatchTimeout)} ({WatchTimeout}) must be longer than {nameof(ProgressInterval)} ({ProgressInterval}).", paramName);
        }

        if (MaxReconnectDelay < MinReconnectDelay)
        {
            throw new ArgumentException($"{nameof(MaxReconnectDelay)} ({MaxReconnectDelay}) must not be shorter than {nameof(MinReconnectDelay)} ({MinReconnectDelay}).", paramName);
        }

        return new EtcdDictionaryOptions
        {
            RequestTimeout = RequestTimeout,
            ProgressInterval = ProgressInterval,
            WatchTimeout = WatchTimeout,
            MinReconnectDelay = MinReconnectDelay,
            MaxReconnectDelay = MaxReconnectDelay,
        };
    }

    private static void Check(TimeSpan value, string name, string paramName)
    {
        if (value <= TimeSpan.Zero)
        {
            throw new ArgumentException($"{name} must be positive; it is {value}.", paramName);
        }
    }
}
