using System;
using System.Diagnostics;

namespace CowCollections.Etcd;

/// <summary>
/// What an <see cref="EtcdDictionary"/> knows about its own freshness, read in one piece from
/// <see cref="EtcdDictionary.Health"/>.
/// </summary>
/// <remarks>
/// The mirror's content is the cluster's content as of <see cref="ObservedRevision"/>, which it learned at
/// <see cref="LastContact"/>: a reader's snapshot is stale by at most the time since then (plus the cluster's
/// own commit latency). While <see cref="IsConnected"/> is true that time stays below the mirror's
/// <see cref="EtcdDictionaryOptions.ProgressInterval"/> plus one round trip; a silent stream is declared lost
/// after <see cref="EtcdDictionaryOptions.WatchTimeout"/>.
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

    /// <summary>The highest cluster revision up to which the mirror has seen every change of its prefix (at least <see cref="AppliedRevision"/>).</summary>
    public long ObservedRevision { get; }

    /// <summary>When the mirror last heard from the cluster (a watch response or a progress notification).</summary>
    public DateTimeOffset LastContact { get; }

    /// <summary>How many times the watch was lost and re-established since start.</summary>
    public int Reconnects { get; }

    /// <summary>How many times the mirror re-read its prefix because the revisions it needed were compacted.</summary>
    public int Resyncs { get; }

    /// <summary>The last error the watch met (a lost connection, a timeout, an exception of a subscriber), or null.</summary>
    public Exception? LastError { get; }

    /// <summary>How long ago <see cref="LastContact"/> was: an upper bound of the staleness of the current version. O(1).</summary>
    public TimeSpan SinceLastContact => DateTimeOffset.UtcNow - LastContact;
}
