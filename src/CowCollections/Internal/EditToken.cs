namespace CowCollections.Internal;

/// <summary>
/// Ownership token of a builder (a transient). A node whose <c>Owner</c> is the builder's current token
/// was allocated by that builder and is reachable from nothing published, so the builder may mutate it in
/// place. Publishing (<c>ToImmutable</c>) retires the token in O(1) by replacing it with a fresh one: every
/// node stamped with the old token is then frozen forever. Persistent operations pass a <c>null</c> owner
/// and therefore always copy.
/// </summary>
internal sealed class EditToken
{
    /// <summary>True when <paramref name="owner"/> is a live token and it stamped <paramref name="nodeOwner"/>.</summary>
    public static bool Owns(EditToken? owner, EditToken? nodeOwner) =>
        owner is not null && ReferenceEquals(owner, nodeOwner);
}
