using System.Diagnostics;

namespace CowCollections.Etcd;

/// <summary>
/// One published version of an <see cref="EtcdDictionary"/>: the keys under its prefix (relative to it) with
/// their values, exactly as etcd held them at <see cref="Revision"/>, and each key's mod revision.
/// </summary>
/// <remarks>Immutable. Reading <see cref="Items"/> or a mod revision is O(log32 n) and takes no lock.</remarks>
[DebuggerDisplay("Revision = {Revision}, Count = {Items.Count}")]
public sealed class EtcdSnapshot
{
    internal EtcdSnapshot(PersistentDictionary<string, string> items, PersistentDictionary<string, long> modRevisions, long revision)
    {
        Items = items;
        ModRevisions = modRevisions;
        Revision = revision;
    }

    /// <summary>The keys under the prefix, relative to it, and their values (UTF-8 decoded).</summary>
    public PersistentDictionary<string, string> Items { get; }

    /// <summary>
    /// The etcd revision this version shows: for a version published from the watch, the revision of the etcd
    /// transaction that touched the prefix; for the first version and for a version published after a
    /// compaction, the revision of the consistent read it was built from.
    /// </summary>
    public long Revision { get; }

    internal PersistentDictionary<string, long> ModRevisions { get; }

    /// <summary>The revision that last wrote <paramref name="key"/> (etcd's <c>mod_revision</c>). O(log32 n).</summary>
    /// <param name="key">A key relative to the prefix.</param>
    /// <param name="modRevision">Its mod revision, or 0.</param>
    /// <returns>True when the key is present.</returns>
    /// <exception cref="System.ArgumentNullException"><paramref name="key"/> is null.</exception>
    public bool TryGetModRevision(string key, out long modRevision) => ModRevisions.TryGetValue(key, out modRevision);
}
