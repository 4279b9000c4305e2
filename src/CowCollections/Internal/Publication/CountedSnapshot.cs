using System;

namespace CowCollections.Internal.Publication;

/// <summary>
/// Pairs a container's <c>ICollection&lt;T&gt;.Count</c> with the <c>CopyTo</c> that follows it on the same
/// thread, so callers that presize from <c>Count</c> (LINQ <c>ToArray</c>/<c>ToList</c>, the
/// <c>List&lt;T&gt;</c> constructor and <c>AddRange</c>) copy exactly the snapshot whose size they read.
/// </summary>
/// <remarks>
/// One slot per thread and snapshot type: the last container whose interface <c>Count</c> this thread read
/// and the snapshot it read. <see cref="Take"/> empties it, so a remembered snapshot serves at most one copy.
/// The slot keeps that one snapshot alive until the thread's next copy or interface <c>Count</c> read.
/// A count of 0 is not remembered (and forgets what was): the presizing callers skip the copy when they read 0,
/// so remembering it would only let a later, unrelated <c>CopyTo</c> copy that old empty version.
/// </remarks>
/// <typeparam name="TSnapshot">The container's immutable value type.</typeparam>
internal static class CountedSnapshot<TSnapshot>
    where TSnapshot : class
{
    [ThreadStatic]
    private static object? t_owner;

    [ThreadStatic]
    private static TSnapshot? t_snapshot;

    /// <summary>Remembers that this thread read the count (<paramref name="count"/>) of <paramref name="snapshot"/> through <paramref name="owner"/>'s interface. O(1).</summary>
    public static void Remember(object owner, TSnapshot snapshot, int count)
    {
        if (count == 0)
        {
            Forget(owner);
            return;
        }

        t_owner = owner;
        t_snapshot = snapshot;
    }

    /// <summary>The snapshot this thread last counted through <paramref name="owner"/>, forgetting it; null when there is none. O(1).</summary>
    public static TSnapshot? Take(object owner)
    {
        if (!ReferenceEquals(t_owner, owner))
        {
            return null;
        }

        var snapshot = t_snapshot;
        t_owner = null;
        t_snapshot = null;
        return snapshot;
    }

    /// <summary>Forgets what this thread counted through <paramref name="owner"/> (an enumeration, not a copy, followed the count). O(1).</summary>
    public static void Forget(object owner)
    {
        if (ReferenceEquals(t_owner, owner))
        {
            t_owner = null;
            t_snapshot = null;
        }
    }
}
