using System;
using System.Diagnostics;

namespace CowCollections.Etcd;

/// <summary>
/// What an <see cref="EtcdDictionary"/> knows about its own freshness, read in one piece from
/// <see cref="EtcdDictionary.Health"/>.
/// </summary>
/// <remarks>
/// While <see cref="IsConnected"/> is true the watch stream answers at least every
/// <see cref="EtcdDictionaryOptions.ProgressInterval"/> (the mirror asks for progress notifications), and etcd
/// delivers a synced watch's events in revision order before later notifications, so the current version is
/// stale by about <see cref="SinceLastContact"/> plus the cluster's commit latency. Right after a reconnection
/// the watch first catches up on the revisions it missed; etcd releases older than 3.4.25 and 3.5.8 may answer
/// a progress request during that catch-up before the events, so the mirror never treats a progress
/// notification as proof of freshness: only <see cref="ObservedRevision"/> is. A stream silent for
/// <see cref="EtcdDictionaryOptions.WatchTimeout"/> is dropped and re-established.
/// </remarks>
[DebuggerDisplay("Connected = {IsConnected}, Applied = {AppliedRevision}, Observed = {ObservedRevision}")]
public sealed class EtcdMirrorHealth
{
    internal EtcdMirrorHealth(bool isConnected, long appliedRevision, long observedRevision, DateTimeOffset lastContact, int reconnects, int resyncs, Exception? lastError)
    {
        IsConnected = isConnected;
        AppliedRevision = appliedRevision;
        ObservedRevision = observedRevision;
        LastContact = lastContact;
        Reconnects = reconnects;
        Resyncs = resyncs;
        LastError = lastError;
    }

    /// <summary>True while a watch stream is established and answering.</summary>
    public bool IsConnected { get; }

    /// <summary>The revision of the published version (<see cref="EtcdSnapshot.Revision"/> of the current version).</summary>
    public long AppliedRevision { get; }

    /// <summary>
    /// The highest cluster revision at which the mirror is known to equal the cluster: <see cref="AppliedRevision"/>,
    /// or the revision of the last successful check of <see cref="EtcdDictionary.WaitForRevisionAsync"/> when higher.
    /// </summary>
    public long ObservedRevision { get; }

    /// <summary>When the mirror last heard from the cluster on its watch stream (an event or a progress notification).</summary>
    public DateTimeOffset LastContact { get; }

    /// <summary>How many times the watch was lost and re-established since start.</summary>
    public int Reconnects { get; }

    /// <summary>How many times the mirror re-read its prefix because the revisions it needed were compacted.</summary>
    public int Resyncs { get; }

    /// <summary>The last error the watch met (a lost connection, a timeout, an exception of a subscriber), or null.</summary>
    public Exception? LastError { get; }

    internal EtcdMirrorHealth WithObservedRevision(long observed) =>
        new(IsConnected, AppliedRevision, observed, LastContact, Reconnects, Resyncs, LastError);

    /// <summary>How long ago <see cref="LastContact"/> was: an upper bound of the staleness of the current version. O(1).</summary>
    public TimeSpan SinceLastContact => DateTimeOffset.UtcNow - LastContact;
}
